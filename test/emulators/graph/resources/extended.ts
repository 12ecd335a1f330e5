/**
 * Extended (MAPI) properties as Graph names them (`String {GUID} Name name`, `Integer {GUID} Id
 * 0x8005`, `Integer 0x0E07`) over the store's extended properties, which EWS names by
 * ExtendedFieldURI: the same property either way, so a link written through EWS is read through
 * Graph. Values are strings in Graph (collections of strings for multi-value properties).
 */
import { DISTINGUISHED_PROPERTY_SETS, extendedKey, normaliseExtended } from '../../exchange/properties';
import type { ExtendedValue } from '../../exchange/store';
import { child, element, type XNode } from '../../exchange/xml';
import { badRequest } from '../errors';
import type { FilterNode } from '../odata/filter';

const FORMATS =
	"PropertyId values may only be in one of the following formats: 'MapiPropertyType namespaceGuid Name propertyName', 'MapiPropertyType namespaceGuid Id propertyId' or 'MapiPropertyType propertyTag'.";

const MAPI_TYPES = new Set([
	'ApplicationTime', 'Binary', 'Boolean', 'CLSID', 'Currency', 'Double', 'Error', 'Float', 'Integer', 'Long', 'Null', 'Object', 'Short', 'SystemTime', 'String',
]);

type FieldUri = Record<string, string>;

const hex = (value: number) => `0x${value.toString(16).toUpperCase().padStart(4, '0')}`;
const number = (text: string) => (text.toLowerCase().startsWith('0x') ? parseInt(text, 16) : Number(text));

/** A Graph property id as the ExtendedFieldURI attributes EWS uses; throws Graph's error when malformed. */
export function parsePropertyId(id: string, multiValue = false): FieldUri {
	const match =
		/^(\w+)\s+\{([0-9a-fA-F-]{36})\}\s+Name\s+(.+)$/.exec(id.trim()) ??
		/^(\w+)\s+\{([0-9a-fA-F-]{36})\}\s+Id\s+(0x[0-9a-fA-F]+|\d+)$/.exec(id.trim()) ??
		/^(\w+)\s+(0x[0-9a-fA-F]+|\d+)$/.exec(id.trim());
	if (!match) throw badRequest(FORMATS, 'ErrorInvalidProperty');
	const type = match[1];
	const base = multiValue ? type.replace(/Array$/, '') : type;
	if (!MAPI_TYPES.has(base) || (multiValue !== type.endsWith('Array'))) throw badRequest(`The property type '${type}' is not valid for a ${multiValue ? 'multi' : 'single'}-value extended property.`, 'ErrorInvalidProperty');
	if (match.length === 3) return { PropertyTag: hex(number(match[2])), PropertyType: type };
	const isName = / Name /.test(id);
	return isName
		? { PropertySetId: match[2].toLowerCase(), PropertyName: match[3], PropertyType: type }
		: { PropertySetId: match[2].toLowerCase(), PropertyId: String(number(match[3])), PropertyType: type };
}

/** The Graph id of a stored property (GUIDs in lower case, tags and ids as 0x hex). */
export function formatPropertyId(uri: FieldUri): string {
	const type = uri.PropertyType;
	if (uri.PropertyTag !== undefined) return `${type} ${hex(number(uri.PropertyTag))}`;
	const set = (uri.PropertySetId ?? DISTINGUISHED_PROPERTY_SETS[uri.DistinguishedPropertySetId] ?? uri.DistinguishedPropertySetId ?? '').replace(/[{}]/g, '').toLowerCase();
	return uri.PropertyName !== undefined ? `${type} {${set}} Name ${uri.PropertyName}` : `${type} {${set}} Id ${hex(number(uri.PropertyId ?? '0'))}`;
}

/** Property ids inside a filter's string literals, rewritten to the form formatPropertyId answers. */
export function canonicalPropertyIds(node: FilterNode): FilterNode {
	switch (node.kind) {
		case 'literal':
			if (typeof node.value !== 'string' || node.unquoted) return node;
			try {
				return { ...node, value: formatPropertyId(parsePropertyId(node.value, /^\w+Array\s/.test(node.value))) };
			} catch {
				return node;
			}
		case 'binary':
			return { ...node, left: canonicalPropertyIds(node.left), right: canonicalPropertyIds(node.right) };
		case 'not':
			return { ...node, operand: canonicalPropertyIds(node.operand) };
		case 'call':
			return { ...node, args: node.args.map(canonicalPropertyIds) };
		case 'lambda':
			return { ...node, body: canonicalPropertyIds(node.body) };
		default:
			return node;
	}
}

function uriOf(value: ExtendedValue): FieldUri {
	return child(value.node, 'ExtendedFieldURI')!.attrs;
}

/** The item's single-value extended properties as Graph lists them. */
export function singleValueProperties(extended: ExtendedValue[]): Array<{ id: string; value: string | null }> {
	return extended
		.filter((entry) => !uriOf(entry).PropertyType.endsWith('Array'))
		.map((entry) => ({ id: formatPropertyId(uriOf(entry)), value: child(entry.node, 'Value')?.text ?? null }));
}

export function multiValueProperties(extended: ExtendedValue[]): Array<{ id: string; value: string[] }> {
	return extended
		.filter((entry) => uriOf(entry).PropertyType.endsWith('Array'))
		.map((entry) => ({ id: formatPropertyId(uriOf(entry)), value: (child(entry.node, 'Values')?.children ?? []).map((v) => v.text) }));
}

/**
 * Writes the extended properties a Graph body sets (`singleValueExtendedProperties`,
 * `multiValueExtendedProperties`); a null value removes one. Returns the stored nodes by key
 * (null where removed), for occurrences that keep them as overrides.
 */
export function writeExtended(target: { extended: ExtendedValue[] }, json: Record<string, unknown>): Map<string, XNode | null> {
	const written = new Map<string, XNode | null>();
	const entries = (name: string) => {
		const value = json[name];
		if (value === undefined || value === null) return [];
		if (!Array.isArray(value)) throw badRequest(`${name} must be a collection.`);
		return value as Array<{ id?: unknown; value?: unknown }>;
	};
	for (const [name, multi] of [['singleValueExtendedProperties', false], ['multiValueExtendedProperties', true]] as const) {
		for (const entry of entries(name)) {
			if (typeof entry.id !== 'string') throw badRequest(FORMATS, 'ErrorInvalidProperty');
			const uri = parsePropertyId(entry.id, multi);
			const key = extendedKey(uri);
			target.extended = target.extended.filter((e) => e.key !== key);
			if (entry.value === null || entry.value === undefined) {
				written.set(key, null);
				continue;
			}
			const value = multi
				? element('Values', {}, ...(Array.isArray(entry.value) ? entry.value : [entry.value]).map((v) => element('Value', {}, String(v))))
				: element('Value', {}, String(entry.value));
			const node = normaliseExtended(element('ExtendedProperty', {}, element('ExtendedFieldURI', uri), value));
			target.extended.push({ key, node });
			written.set(key, node);
		}
	}
	return written;
}
