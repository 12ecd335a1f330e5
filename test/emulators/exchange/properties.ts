/**
 * EWS property paths (FieldURI, IndexedFieldURI, ExtendedFieldURI) over stored items: reading
 * them for restrictions and sorting, writing them for UpdateItem, and picking them for shapes.
 */
import { isBooleanElement } from './schemaOrder';
import { child, cloneNode, isTrue, type XNode } from './xml';
import { EwsError } from './soap';
import type { ExtendedValue, StoredItem } from './store';

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
/** Date-valued properties typed as xs:dateTime: their calendar date is kept as written. */
const DATE_PROPERTIES = new Set(['Birthday', 'WeddingAnniversary', 'StartDate', 'DueDate', 'CompleteDate']);

/** A date-time in UTC to the second (`…Z`), the form Exchange answers date-times in. */
export function toUtc(value: string): string {
	const time = Date.parse(value);
	if (Number.isNaN(time)) throw new EwsError('ErrorInvalidValueForProperty', `"${value}" is not a valid date-time`);
	return new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * A property as Exchange keeps and answers it: booleans as `true`/`false` whatever lexical form
 * the request used (`1`, `0`), date-times in UTC (`…Z`) to the second; dates keep their
 * calendar day.
 */
export function normaliseProperty(property: XNode): XNode {
	for (const part of property.children) normaliseProperty(part);
	if (property.children.length > 0) return property;
	if (isBooleanElement(property.name)) property.text = String(isTrue(property.text));
	else if (DATE_TIME.test(property.text)) property.text = DATE_PROPERTIES.has(property.name) ? `${property.text.slice(0, 10)}T00:00:00Z` : toUtc(property.text);
	return property;
}

/** An extended property as stored: a Boolean one's values as `true`/`false`. */
export function normaliseExtended(property: XNode): XNode {
	if (child(property, 'ExtendedFieldURI')?.attrs.PropertyType?.startsWith('Boolean')) {
		for (const value of [child(property, 'Value'), ...(child(property, 'Values')?.children ?? [])]) if (value) value.text = String(isTrue(value.text));
	}
	return property;
}

/** Indexed FieldURIs name one entry of a dictionary property. */
const INDEXED_CONTAINERS: Record<string, string> = {
	'contacts:EmailAddress': 'EmailAddresses',
	'contacts:PhoneNumber': 'PhoneNumbers',
	'contacts:ImAddress': 'ImAddresses',
};
const PHYSICAL_ADDRESS_PARTS = ['Street', 'City', 'State', 'CountryOrRegion', 'PostalCode'];

/** The element name a FieldURI (`item:Subject`, `contacts:GivenName` …) is stored under. */
export function elementNameOf(fieldUri: string): string {
	return fieldUri.slice(fieldUri.indexOf(':') + 1);
}

function normaliseGuid(guid: string): string {
	return guid.replace(/[{}]/g, '').toLowerCase();
}

function normaliseNumber(value: string): string {
	return String(value.toLowerCase().startsWith('0x') ? parseInt(value, 16) : Number(value));
}

/**
 * The GUIDs of the property sets EWS names (DistinguishedPropertySetId), so a property named by
 * its set's name and the same property named by the set's GUID (as Graph always names it) are one.
 */
export const DISTINGUISHED_PROPERTY_SETS: Record<string, string> = {
	Meeting: '6ed8da90-450b-101b-98da-00aa003f1305',
	Appointment: '00062002-0000-0000-c000-000000000046',
	Common: '00062008-0000-0000-c000-000000000046',
	PublicStrings: '00020329-0000-0000-c000-000000000046',
	Address: '00062004-0000-0000-c000-000000000046',
	InternetHeaders: '00020386-0000-0000-c000-000000000046',
	CalendarAssistant: '11000e07-b51b-40d6-af21-caa85edab1d0',
	UnifiedMessaging: '4442858e-a9e3-4e80-b900-317a210cc15b',
	Task: '00062003-0000-0000-c000-000000000046',
	Sharing: '00062040-0000-0000-c000-000000000046',
};

/** Identity of an extended property, independent of how the request spelled it. */
export function extendedKey(uri: Record<string, string>): string {
	const distinguished = uri.DistinguishedPropertySetId;
	const set = uri.PropertySetId
		? normaliseGuid(uri.PropertySetId)
		: distinguished !== undefined
			? (DISTINGUISHED_PROPERTY_SETS[distinguished] ?? distinguished)
			: uri.PropertyTag !== undefined ? 'tag' : 'none';
	const identity = uri.PropertyName ?? (uri.PropertyId !== undefined ? `#${normaliseNumber(uri.PropertyId)}` : `@${normaliseNumber(uri.PropertyTag ?? '0')}`);
	return `${set}|${identity}|${uri.PropertyType}`;
}

/**
 * Values of a property for comparisons: its text; the addresses of recipient and attendee
 * lists; each entry of a list (categories, email addresses, phone numbers); else all its text.
 */
function valuesOf(node: XNode): string[] {
	if (node.children.length === 0) return [node.text];
	const leaves: XNode[] = [];
	const stack = [...node.children];
	while (stack.length > 0) {
		const next = stack.shift()!;
		if (next.children.length === 0) leaves.push(next);
		else stack.push(...next.children);
	}
	const addresses = leaves.filter((leaf) => leaf.name === 'EmailAddress');
	if (addresses.length > 0) return addresses.map((a) => a.text);
	if (node.children.every((c) => c.children.length === 0)) return node.children.map((c) => c.text);
	return [leaves.map((leaf) => leaf.text).join(' ')];
}

function indexedEntry(item: StoredItem, path: XNode): { container?: XNode; entry?: XNode; part?: string } {
	const uri = path.attrs.FieldURI;
	const key = path.attrs.FieldIndex;
	if (uri.startsWith('contacts:PhysicalAddress:')) {
		const container = item.props.get('PhysicalAddresses');
		return { container, entry: container?.children.find((e) => e.attrs.Key === key), part: uri.split(':')[2] };
	}
	const container = item.props.get(INDEXED_CONTAINERS[uri] ?? elementNameOf(uri));
	return { container, entry: container?.children.find((e) => e.attrs.Key === key) };
}

export function findExtended(item: StoredItem, uri: Record<string, string>): ExtendedValue | undefined {
	const key = extendedKey(uri);
	return item.extended.find((e) => e.key === key);
}

/** The values a property path has on an item (empty when it is not set). */
export function readPath(item: StoredItem, path: XNode): string[] {
	if (path.name === 'ExtendedFieldURI') {
		const found = findExtended(item, path.attrs);
		if (!found) return [];
		const value = found.node.children.find((c) => c.name === 'Value' || c.name === 'Values');
		return value ? valuesOf(value) : [];
	}
	if (path.name === 'IndexedFieldURI') {
		const { entry, part } = indexedEntry(item, path);
		if (!entry) return [];
		if (part) {
			const found = entry.children.find((c) => c.name === part);
			return found ? [found.text] : [];
		}
		return [entry.text];
	}
	const uri = path.attrs.FieldURI;
	if (uri === 'item:ItemId') return [item.id];
	if (uri === 'item:ParentFolderId') return [item.folderId];
	if (uri === 'item:HasAttachments') return [String(item.attachments.length > 0)];
	const node = item.props.get(elementNameOf(uri));
	return node ? valuesOf(node) : [];
}

/** The item's single property element inside an update wrapper (`<t:Contact><t:GivenName>…`). */
function updatedProperty(wrapper: XNode | undefined): XNode {
	const property = wrapper?.children[0];
	if (!property) throw new Error('the update has no property value');
	return property;
}

function sortedPhysicalEntry(entry: XNode): void {
	entry.children.sort((a, b) => PHYSICAL_ADDRESS_PARTS.indexOf(a.name) - PHYSICAL_ADDRESS_PARTS.indexOf(b.name));
}

export function setPath(item: StoredItem, path: XNode, wrapper: XNode | undefined): void {
	const property = updatedProperty(wrapper);
	if (path.name === 'ExtendedFieldURI') {
		const key = extendedKey(path.attrs);
		item.extended = item.extended.filter((e) => e.key !== key);
		item.extended.push({ key, node: normaliseExtended(cloneNode(property)) });
		return;
	}
	if (path.name === 'IndexedFieldURI') {
		const newEntry = property.children[0];
		let container = item.props.get(property.name);
		if (!container) {
			container = { name: property.name, attrs: {}, children: [], text: '' };
			item.props.set(property.name, container);
		}
		const existing = container.children.find((e) => e.attrs.Key === newEntry.attrs.Key);
		if (!existing) container.children.push(cloneNode(newEntry));
		else if (property.name === 'PhysicalAddresses') {
			for (const part of newEntry.children) {
				existing.children = existing.children.filter((c) => c.name !== part.name);
				existing.children.push(cloneNode(part));
			}
			sortedPhysicalEntry(existing);
		} else existing.text = newEntry.text;
		return;
	}
	item.props.set(property.name, normaliseProperty(cloneNode(property)));
}

export function appendPath(item: StoredItem, path: XNode, wrapper: XNode | undefined): void {
	const property = updatedProperty(wrapper);
	const existing = item.props.get(property.name);
	if (!existing || path.name !== 'FieldURI') return setPath(item, path, wrapper);
	if (property.children.length > 0) existing.children.push(...property.children.map(cloneNode));
	else existing.text += property.text;
}

export function deletePath(item: StoredItem, path: XNode): void {
	if (path.name === 'ExtendedFieldURI') {
		const key = extendedKey(path.attrs);
		item.extended = item.extended.filter((e) => e.key !== key);
		return;
	}
	if (path.name === 'IndexedFieldURI') {
		const { container, entry, part } = indexedEntry(item, path);
		if (!container || !entry) return;
		if (part) entry.children = entry.children.filter((c) => c.name !== part);
		if (!part || entry.children.length === 0) container.children = container.children.filter((e) => e !== entry);
		if (container.children.length === 0) item.props.delete(container.name);
		return;
	}
	item.props.delete(elementNameOf(path.attrs.FieldURI));
}

/**
 * Copies of the dictionary properties (EmailAddresses, PhoneNumbers, PhysicalAddresses …)
 * reduced to the entries, and address parts, the IndexedFieldURIs of one shape name: every
 * entry asked for is answered, in one element per dictionary, as Exchange answers them.
 */
export function pickIndexed(item: StoredItem, paths: XNode[]): XNode[] {
	const wanted = new Map<XNode, Map<XNode, Set<string> | 'whole'>>();
	for (const path of paths) {
		const { container, entry, part } = indexedEntry(item, path);
		if (!container || !entry) continue;
		const entries = wanted.get(container) ?? new Map<XNode, Set<string> | 'whole'>();
		wanted.set(container, entries);
		const parts = entries.get(entry);
		if (!part) entries.set(entry, 'whole');
		else if (parts !== 'whole') entries.set(entry, new Set([...(parts ?? []), part]));
	}
	return [...wanted].flatMap(([container, entries]) => {
		const picked = container.children
			.filter((entry) => entries.has(entry))
			.map((entry) => {
				const parts = entries.get(entry)!;
				const copy = cloneNode(entry);
				if (parts !== 'whole') copy.children = copy.children.filter((c) => parts.has(c.name));
				return copy;
			})
			.filter((entry) => entry.children.length > 0 || entry.text !== '' || container.name !== 'PhysicalAddresses');
		return picked.length > 0 ? [{ name: container.name, attrs: {}, children: picked, text: '' }] : [];
	});
}
