import { DateTime } from 'luxon';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { addressList, pickFields } from '../fieldValues';
import type { FieldType } from '../fieldValues';
import type { Attendee, ExchangeEvent, Recurrence } from '../itemShapes';
import { defaultSame } from './index';
import type { ItemType } from './index';

export type EventFields = Partial<Omit<ExchangeEvent, 'id' | 'changeKey' | 'mailbox' | 'lastModified'>> & IDataObject;

/** Start, end, zone, all-day and recurrence depend on each other, so they are always written together. */
export const TIME_FIELDS = ['start', 'end', 'timeZone', 'isAllDay', 'recurrence'] as const;

const EVENT_FIELD_TYPES: Record<string, FieldType> = {
	subject: 'string',
	body: 'string',
	location: 'string',
	start: 'string',
	end: 'string',
	timeZone: 'string',
	isAllDay: 'boolean',
	requiredAttendees: 'any',
	optionalAttendees: 'any',
	reminderMinutesBeforeStart: 'number',
	showAs: 'string',
	recurrence: 'any',
	iCalUid: 'string',
	categories: 'stringArray',
	syncId: 'string',
	syncState: 'string',
	crmRecordId: 'string',
};

function parseInstant(value: string, zone: string, field: string): DateTime {
	const parsed = DateTime.fromISO(value, { zone, setZone: false }).setZone(zone);
	if (!parsed.isValid) throw new Error(`${field} "${value}" is not an ISO 8601 date-time`);
	return parsed;
}

/**
 * The start and end an event's fields describe, in its zone (default UTC), as every transport
 * writes them: both required, not ending before the start, all-day events on whole local days.
 */
export function eventTimes(fields: EventFields): { zone: string; start: DateTime; end: DateTime } {
	const zone = fields.timeZone || 'UTC';
	let start = fields.start ? parseInstant(fields.start, zone, 'Start') : undefined;
	let end = fields.end ? parseInstant(fields.end, zone, 'End') : undefined;
	if (!start || !end) throw new Error('An event needs both a start and an end');
	if (fields.isAllDay) {
		start = start.startOf('day');
		end = end.equals(end.startOf('day')) ? end : end.plus({ days: 1 }).startOf('day');
		if (end <= start) end = start.plus({ days: 1 });
	}
	if (end < start) throw new Error('The event ends before it starts');
	return { zone, start, end };
}

function normalizeEventFields(fields: IDataObject): EventFields {
	const event = { ...fields } as EventFields;
	for (const key of ['requiredAttendees', 'optionalAttendees'] as const) {
		if (key in fields) event[key] = addressList<Attendee>(fields[key], 'Attendees') as Attendee[];
	}
	if (typeof fields.recurrence === 'string') event.recurrence = fields.recurrence ? { rrule: fields.recurrence } : null;
	return event;
}

function eventFieldsFromParameters(context: IExecuteFunctions, itemIndex: number): EventFields {
	const ui = context.getNodeParameter('eventFields', itemIndex, {}) as IDataObject;
	const fields = normalizeEventFields(pickFields(ui, EVENT_FIELD_TYPES));
	if ('reminderMinutesBeforeStart' in ui && ui.reminderMinutesBeforeStart === -1) fields.reminderMinutesBeforeStart = null;
	return fields;
}

function sameInstant(current: unknown, wanted: unknown): boolean {
	return typeof current === 'string' && typeof wanted === 'string' && Date.parse(current) === Date.parse(wanted);
}

function emails(list: unknown): string {
	return ((list as Attendee[] | null) ?? [])
		.map((attendee) => attendee.email.toLowerCase())
		.sort()
		.join(',');
}

export const eventType: ItemType<EventFields> = {
	name: 'event',
	noun: 'event',
	fieldsFromParameters: eventFieldsFromParameters,
	fieldsFromJson: (json) => normalizeEventFields(pickFields(json, EVENT_FIELD_TYPES)),
	sameValue(field, current, wanted) {
		if (field === 'start' || field === 'end') return sameInstant(current, wanted);
		if (field === 'requiredAttendees' || field === 'optionalAttendees') return emails(current) === emails(wanted);
		if (field === 'recurrence') {
			return ((current as Recurrence | null)?.rrule ?? '') === ((wanted as Recurrence | null)?.rrule ?? '');
		}
		// Read-only or create-only values never count as a change.
		if (field === 'iCalUid' || field === 'isMeeting' || field === 'organizer' || field === 'isCancelled') return true;
		return defaultSame(current, wanted);
	},
	completeChange(current, changed) {
		if (!TIME_FIELDS.some((field) => field in changed)) return changed;
		const wanted = { ...current, ...changed };
		return { ...changed, ...Object.fromEntries(TIME_FIELDS.filter((field) => field !== 'recurrence').map((field) => [field, wanted[field]])) };
	},
	invitations: {
		create: (context, itemIndex) => context.getNodeParameter('sendInvitations', itemIndex, 'sendToAllAndSaveCopy') as string,
		update: (context, itemIndex) => context.getNodeParameter('sendUpdates', itemIndex, 'sendOnlyToChangedAndSaveCopy') as string,
		cancel: (context, itemIndex) => context.getNodeParameter('sendCancellations', itemIndex, 'sendToAllAndSaveCopy') as string,
	},
};
