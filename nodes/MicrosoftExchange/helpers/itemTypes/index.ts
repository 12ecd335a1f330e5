import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

/**
 * What an item type (contact, task, event, message) is, independent of the server: its noun, how
 * its writable fields are read from the node's parameters or from JSON in its item shape
 * (helpers/itemShapes.ts), and how two values of a field compare. Every transport reads and writes
 * the same shapes; only the transport knows how a shape maps to its wire objects.
 */
export interface ItemType<TFields extends IDataObject = IDataObject> {
	/** The type's key, also the key of its wire mapping in each transport. */
	name: ItemTypeName;
	/** Lower-case noun used in messages, e.g. "contact". */
	noun: string;
	/** The writable fields from the node's UI parameters. */
	fieldsFromParameters(context: IExecuteFunctions, itemIndex: number): TFields;
	/** The writable fields of a JSON object in the item's shape ("Input Mode: JSON"). */
	fieldsFromJson(json: IDataObject): TFields;
	/** Whether two values of a field are the same, for update's "only send what changed". */
	sameValue?(field: string, current: unknown, wanted: unknown): boolean;
	/** Adds fields that must be written together with a changed one (an event's times). */
	completeChange?(current: IDataObject, changed: IDataObject): IDataObject;
	/** Meeting notification modes, as the node's option values; only events have them. */
	invitations?: {
		create(context: IExecuteFunctions, itemIndex: number): string;
		update(context: IExecuteFunctions, itemIndex: number): string;
		cancel(context: IExecuteFunctions, itemIndex: number): string;
	};
}

/** `sentMessage`: a copy of mail sent elsewhere, saved as sent (Message → Save as Sent). */
export type ItemTypeName = 'contact' | 'task' | 'event' | 'message' | 'sentMessage';

export type AnyItemType = ItemType<any>;

function isEmpty(value: unknown): boolean {
	return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

/** Exchange stores text with CRLF line ends and may add a trailing line end; neither is a change. */
function normalizedText(value: string): string {
	return value.replace(/\r\n?/g, '\n').trimEnd();
}

export function defaultSame(current: unknown, wanted: unknown): boolean {
	if (isEmpty(current) && isEmpty(wanted)) return true;
	if (typeof current === 'string' && typeof wanted === 'string') return normalizedText(current) === normalizedText(wanted);
	if (typeof current === 'object' && typeof wanted === 'object' && current && wanted && !Array.isArray(current)) {
		// A part missing from the wanted object (e.g. an address without a street) is left alone.
		return Object.entries(wanted).every(
			([key, value]) => value === undefined || defaultSame((current as IDataObject)[key], value),
		);
	}
	return JSON.stringify(current) === JSON.stringify(wanted);
}

/** The subset of `fields` whose value differs from the item's current shape. */
export function changedFields(type: AnyItemType, current: IDataObject, fields: IDataObject): IDataObject {
	const changed: IDataObject = {};
	for (const [field, wanted] of Object.entries(fields)) {
		if (wanted === undefined) continue;
		const same = type.sameValue ? type.sameValue(field, current[field], wanted) : defaultSame(current[field], wanted);
		if (!same) changed[field] = wanted;
	}
	return changed;
}

/** The fields an update writes: those that differ, plus those that must go with them. */
export function fieldsToWrite(type: AnyItemType, current: IDataObject, fields: IDataObject): IDataObject {
	const differing = changedFields(type, current, fields);
	return type.completeChange ? type.completeChange(current, differing) : differing;
}
