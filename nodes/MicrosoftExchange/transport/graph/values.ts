/**
 * What every Graph item mapping reads and writes the same way: the sync link's named properties
 * (the very properties the EWS transport writes, so a mailbox keeps its links across transports),
 * extended property values, and Graph's text and date-time values in the EWS item JSON's form.
 */
import type { IDataObject } from 'n8n-workflow';
import { CRM_RECORD_ID_PROPERTY_NAME, SYNC_ID_PROPERTY_NAME, SYNC_PROPERTY_SET_GUID, SYNC_STATE_PROPERTY_NAME } from '../../helpers/itemShapes';

/** Graph's id of one of our named properties: `String {GUID} Name <name>`. */
export const linkPropertyId = (name: string) => `String {${SYNC_PROPERTY_SET_GUID}} Name ${name}`;

/** The sync link's extended properties, on every item type that has extended properties. */
export const LINK_PROPERTIES = {
	syncId: linkPropertyId(SYNC_ID_PROPERTY_NAME),
	syncState: linkPropertyId(SYNC_STATE_PROPERTY_NAME),
	crmRecordId: linkPropertyId(CRM_RECORD_ID_PROPERTY_NAME),
} as const;

/** Hard Delete over Graph: `permanentDelete` (contacts, events, messages) puts the item in Recoverable Items\Purges. */
export const PERMANENT_DELETE = { hardDelete: { action: 'permanentDelete' } } as const;

export const SYNC_ID_PROPERTY = LINK_PROPERTIES.syncId;
export const CRM_RECORD_ID_PROPERTY = LINK_PROPERTIES.crmRecordId;

export const orNull = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/**
 * A Graph date-time in the form the EWS transport gives (UTC, milliseconds): the same instant reads
 * the same. Graph's "no time" (0001-01-01) and absent values read as null.
 */
export function isoDateTime(value: unknown): string | null {
	const time = typeof value === 'string' ? Date.parse(value) : NaN;
	return Number.isNaN(time) || time < Date.UTC(1601, 0, 2) ? null : new Date(time).toISOString();
}

/** Extended property ids compare without regard to case or zero-padding, as Graph answers them in its own form. */
const extendedKey = (id: string) => id.toLowerCase().replace(/0x0*([0-9a-f]+)$/, '0x$1');

/** An item's expanded extended properties: the value of one by its id, null when absent or empty. */
export function extendedReader(item: IDataObject): (id: string) => string | null {
	const values = new Map<string, string>();
	for (const entry of (item.singleValueExtendedProperties ?? []) as IDataObject[]) {
		values.set(extendedKey(String(entry.id)), String(entry.value ?? ''));
	}
	return (id) => orNull(values.get(extendedKey(id)));
}

/** The extended properties an item holds once `written` are written onto the `held` ones (a property written replaces the one held). */
export function withExtendedWrites(held: unknown, written: unknown): IDataObject[] {
	const merged = new Map<string, IDataObject>();
	for (const entry of [...((held ?? []) as IDataObject[]), ...((written ?? []) as IDataObject[])]) merged.set(extendedKey(String(entry.id)), entry);
	return [...merged.values()];
}

/** The singleValueExtendedProperties writing the given fields to their properties (field → property id). */
export function extendedWrites(fields: IDataObject, properties: Record<string, string>): IDataObject[] {
	return (
		Object.entries(properties)
			.filter(([field]) => fields[field] !== undefined)
			// Graph has no way to remove an extended property in a PATCH; an empty value reads as none.
			.map(([field, id]) => ({ id, value: orNull(fields[field]) ?? '' }))
	);
}
