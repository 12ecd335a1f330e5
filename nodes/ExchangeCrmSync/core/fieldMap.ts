/**
 * Field maps: how each canonical field is read from and written to the Exchange item shape and
 * the Zoho record. A map is a list of field specs; the defaults per object live in `maps/`, and
 * users add or replace pairs with custom mappings.
 */
import { canonicalise, type CanonicalRecord, type CanonicalValue, type ValueKind } from './values';

export type Side = 'exchange' | 'crm';
export const SIDES: readonly Side[] = ['exchange', 'crm'];
export const otherSide = (side: Side): Side => (side === 'exchange' ? 'crm' : 'exchange');

export type JsonObject = Record<string, unknown>;

export interface MapContext {
	/** IANA zone new Exchange events are created in (an existing event keeps its own zone). */
	exchangeTimeZone: string;
	/** The CRM user's IANA zone: Zoho date-times are written with its offset. */
	crmTimeZone: string;
	/** SMTP address of the synced mailbox (not an attendee of its own meetings). */
	mailbox: string;
}

export interface FieldAccess {
	/**
	 * The item's top-level properties the field is read from. An item that has none of them does
	 * not hold the field (its module lacks it, or the read did not ask for it): the field is then
	 * left untouched on both sides. A property that is there with null holds an empty value.
	 */
	keys: string[];
	read(item: JsonObject, context: MapContext): unknown;
	/**
	 * Writes a canonical value into `target`. `existing` is the record being updated (absent on
	 * create), `content` the whole resolved record, for fields whose form depends on others.
	 */
	write(
		target: JsonObject,
		value: CanonicalValue,
		context: MapContext,
		existing: JsonObject | undefined,
		content: CanonicalRecord,
	): void;
}

export interface FieldSpec {
	/** Canonical field name, used in reports, conflicts and fingerprints. */
	field: string;
	kind: ValueKind;
	exchange: FieldAccess;
	crm: FieldAccess;
	/**
	 * Fields this one is written relative to on some side (a Zoho task alarm is relative to the
	 * due date, a Zoho RRULE carries the start date): when one of them is written, so is this one.
	 */
	dependsOn?: string[];
	/** A field only one side sets (attendees' responses reach the organiser in Exchange): it flows from that side only. */
	from?: Side;
}

export function isJsonObject(value: unknown): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function getPath(item: JsonObject, path: string): unknown {
	return path.split('.').reduce<unknown>((value, key) => (isJsonObject(value) ? value[key] : undefined), item);
}

/** Sets a dotted path; a nested object is first copied from the existing record so siblings survive a partial update. */
export function setPath(target: JsonObject, path: string, value: unknown, existing: JsonObject | undefined): void {
	const keys = path.split('.');
	let cursor = target;
	let source: unknown = existing;
	for (const key of keys.slice(0, -1)) {
		source = isJsonObject(source) ? source[key] : undefined;
		if (!isJsonObject(cursor[key])) cursor[key] = isJsonObject(source) ? { ...source } : {};
		cursor = cursor[key] as JsonObject;
	}
	cursor[keys[keys.length - 1]] = value;
}

/**
 * Whether the item holds the field an access reads (see `FieldAccess.keys`). A property the item
 * lists in `unsupportedFields` is there (null) only because its server cannot hold it (a To Do
 * task's percent complete over Microsoft 365): not held, so never read as cleared.
 */
export const holds = (access: FieldAccess, item: JsonObject): boolean => {
	const unsupported = Array.isArray(item.unsupportedFields) ? item.unsupportedFields : [];
	return access.keys.some((key) => key in item && !unsupported.includes(key));
};

/** A plain property (dotted path for nested objects such as `businessAddress.city`, held when the object's key is there). */
export function pathAccess(path: string): FieldAccess {
	return {
		keys: [path.split('.')[0]],
		read: (item) => getPath(item, path),
		write: (target, value, _context, existing) => setPath(target, path, value, existing),
	};
}

/** A picklist with different words on each side; `table` maps canonical value → side value. */
export function enumAccess(path: string, table: Record<string, string>, readAliases: Record<string, string> = {}): FieldAccess {
	const reverse = new Map<string, string>();
	for (const [canonical, sideValue] of Object.entries(table)) reverse.set(sideValue.toLowerCase(), canonical);
	for (const [sideValue, canonical] of Object.entries(readAliases)) reverse.set(sideValue.toLowerCase(), canonical);
	return {
		keys: [path.split('.')[0]],
		read: (item) => {
			const value = getPath(item, path);
			if (typeof value !== 'string') return null;
			return reverse.get(value.trim().toLowerCase()) ?? value;
		},
		write: (target, value, _context, existing) =>
			setPath(target, path, typeof value === 'string' ? (table[value] ?? value) : null, existing),
	};
}

export function simpleField(field: string, kind: ValueKind, exchangePath: string, crmPath: string): FieldSpec {
	return { field, kind, exchange: pathAccess(exchangePath), crm: pathAccess(crmPath) };
}

/** The canonical content of the fields the item holds; a field it does not hold has no entry. */
export function readContent(side: Side, fields: FieldSpec[], item: JsonObject, context: MapContext): CanonicalRecord {
	const content: CanonicalRecord = {};
	for (const spec of fields) {
		if (holds(spec[side], item)) content[spec.field] = canonicalise(spec.kind, spec[side].read(item, context));
	}
	return content;
}

export function writeContent(
	side: Side,
	fields: FieldSpec[],
	content: CanonicalRecord,
	context: MapContext,
	existing: JsonObject | undefined,
): JsonObject {
	const target: JsonObject = {};
	for (const spec of fields) spec[side].write(target, content[spec.field] ?? null, context, existing, content);
	return target;
}

/** A user's extra or replacing pair, from the node's Field Mapping setting. */
export interface CustomFieldMapping {
	exchangeField: string;
	crmField: string;
	valueType: ValueKind;
}

/**
 * Applies custom pairs to a default map: a pair whose Exchange field (the canonical field name of
 * the defaults) or CRM field is already mapped replaces that default; `excluded` fields are dropped.
 */
export function customiseFieldMap(defaults: FieldSpec[], custom: CustomFieldMapping[], excluded: string[]): FieldSpec[] {
	const customSpecs = custom.map((pair) => simpleField(pair.exchangeField, pair.valueType, pair.exchangeField, pair.crmField));
	const writesTo = (spec: FieldSpec, side: Side): string[] => {
		const target: JsonObject = {};
		spec[side].write(target, 'x', { exchangeTimeZone: 'UTC', crmTimeZone: 'UTC', mailbox: '' }, undefined, { [spec.field]: 'x' });
		return Object.keys(target);
	};
	const replaced = (spec: FieldSpec) =>
		custom.some((pair) => pair.exchangeField === spec.field || writesTo(spec, 'crm').includes(pair.crmField));
	return [...defaults.filter((spec) => !excluded.includes(spec.field) && !replaced(spec)), ...customSpecs];
}
