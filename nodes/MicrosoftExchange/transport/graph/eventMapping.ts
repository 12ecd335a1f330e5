import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';
import { eventTimes, TIME_FIELDS } from '../../helpers/itemTypes/event';
import type { EventFields } from '../../helpers/itemTypes/event';
import type { Attendee, ExchangeEvent, Recurrence } from '../../helpers/itemShapes';
import { CRM_RECORD_ID_PROPERTY, extendedReader, extendedWrites, isoDateTime, LINK_PROPERTIES, orNull, PERMANENT_DELETE, SYNC_ID_PROPERTY } from './values';
import type { GraphItemMapping } from './itemMappings';
import { graphToRrule, rruleToGraph } from './recurrence';
import { WINDOWS_TO_IANA } from './windowsZones';

/**
 * Events between our item shape (helpers/itemShapes.ts, the JSON the EWS transport gives) and
 * Graph's microsoft.graph.event. Reads ask for times in UTC and bodies as text; the event's own
 * zone is its originalStartTimeZone (a Windows id, read as the IANA zone the EWS transport reads
 * for it; a custom zone Outlook made, `tzone://Microsoft/Custom`, reads as UTC). Writes name the
 * zone by its Windows id where there is one. The sync link is the same named extended properties
 * the EWS transport writes.
 */

const LINK_FILTER = Object.values(LINK_PROPERTIES)
	.map((id) => `id eq '${id}'`)
	.join(' or ');

/** The link properties, and a series' modified occurrences (read whole by withExceptions). */
export const EVENT_EXPAND = `singleValueExtendedProperties($filter=${LINK_FILTER}),exceptionOccurrences`;

/** Everything the shape reads; cancelledOccurrences comes only when selected. */
export const EVENT_SELECT = [
	'id',
	'changeKey',
	'createdDateTime',
	'lastModifiedDateTime',
	'categories',
	'subject',
	'body',
	'location',
	'start',
	'end',
	'originalStartTimeZone',
	'isAllDay',
	'organizer',
	'isOrganizer',
	'attendees',
	'isReminderOn',
	'reminderMinutesBeforeStart',
	'showAs',
	'recurrence',
	'iCalUId',
	'isCancelled',
	'type',
	'seriesMasterId',
	'originalStart',
	'cancelledOccurrences',
].join(',');

/** Times in UTC (the zone is read from originalStartTimeZone), bodies as plain text, as the EWS transport reads them. */
export const EVENT_PREFER = 'outlook.timezone="UTC", outlook.body-content-type="text"';

/** Graph's freeBusyStatus as the EWS transport names it (LegacyFreeBusyStatus). */
export const SHOW_AS: Record<string, NonNullable<ExchangeEvent['showAs']>> = {
	free: 'Free',
	tentative: 'Tentative',
	busy: 'Busy',
	oof: 'OOF',
	workingElsewhere: 'WorkingElsewhere',
	unknown: 'NoData',
};
const SHOW_AS_GRAPH = Object.fromEntries(Object.entries(SHOW_AS).map(([graph, ews]) => [ews, graph]));

/**
 * An attendee's response on the organizer's copy, in the EWS transport's words (MeetingResponseType);
 * Graph's `none` is an attendee Exchange recorded no response for, which EWS reads as none (null).
 */
const RESPONSES: Record<string, string> = {
	organizer: 'Organizer',
	tentativelyAccepted: 'Tentative',
	accepted: 'Accept',
	declined: 'Decline',
	notResponded: 'NoResponseReceived',
};

/** The IANA zone for a zone name Graph answers: a Windows id, or an IANA name an app wrote. */
export function ianaZoneOf(name: unknown): string {
	const zone = String(name ?? '').trim();
	if (!zone) return 'UTC';
	if (WINDOWS_TO_IANA[zone]) return WINDOWS_TO_IANA[zone];
	return DateTime.now().setZone(zone).isValid ? zone : 'UTC';
}

/** A dateTimeTimeZone read as an instant (answers are in UTC, as EVENT_PREFER asks). */
function instant(value: unknown): DateTime {
	const given = (value ?? {}) as IDataObject;
	const zone = ianaZoneOf(given.timeZone);
	return DateTime.fromISO(String(given.dateTime ?? ''), { zone });
}

/** An event's start or end in its zone; all-day events at midnight of their dates (Graph keeps them floating). */
function whenIn(value: unknown, zone: string, allDay: boolean): string {
	if (allDay) {
		const date = String(((value ?? {}) as IDataObject).dateTime ?? '').slice(0, 10);
		return DateTime.fromISO(date, { zone }).toISO() ?? '';
	}
	return instant(value).setZone(zone).toISO() ?? '';
}

function attendeesOf(event: IDataObject, type: string): Attendee[] {
	return ((event.attendees ?? []) as IDataObject[])
		.filter((attendee) => attendee.type === type)
		.map((attendee) => {
			const address = (attendee.emailAddress ?? {}) as IDataObject;
			const status = (attendee.status ?? {}) as IDataObject;
			const email = String(address.address ?? '');
			return {
				email,
				// Graph names an attendee who has no name by the address.
				name: address.name === email ? null : orNull(address.name),
				response: RESPONSES[String(status.response ?? 'none')] ?? null,
				lastResponseTime: isoDateTime(status.time),
			};
		});
}

function recurrenceOf(event: IDataObject, zone: string): Recurrence | null {
	if (!event.recurrence) return null;
	const exceptions = (event.exceptionOccurrences ?? []) as IDataObject[];
	return {
		rrule: graphToRrule(event.recurrence as IDataObject),
		// "OID.<series id>.<yyyy-MM-dd>": the local date of each cancelled occurrence.
		deletedOccurrences: ((event.cancelledOccurrences ?? []) as string[]).map((entry) => String(entry).slice(-10)).sort(),
		modifiedOccurrences: exceptions.map((exception) => ({
			id: String(exception.id),
			originalStart: DateTime.fromISO(String(exception.originalStart), { zone }).toISO() ?? '',
			start: whenIn(exception.start, zone, exception.isAllDay === true),
			end: whenIn(exception.end, zone, exception.isAllDay === true),
		})),
	};
}

export function eventFromGraph(event: IDataObject, mailbox: string): ExchangeEvent {
	const ext = extendedReader(event);
	const categories = (event.categories ?? []) as string[];
	const timeZone = ianaZoneOf(event.originalStartTimeZone);
	const isAllDay = event.isAllDay === true;
	const organizer = ((event.organizer ?? {}) as IDataObject).emailAddress as IDataObject | undefined;
	const requiredAttendees = attendeesOf(event, 'required');
	const optionalAttendees = attendeesOf(event, 'optional');
	const body = ((event.body ?? {}) as IDataObject).content;
	const createdAt = isoDateTime(event.createdDateTime);
	return {
		id: String(event.id),
		changeKey: String(event.changeKey ?? ''),
		mailbox,
		lastModified: isoDateTime(event.lastModifiedDateTime) ?? '',
		...(createdAt ? { createdAt } : {}),
		...(categories.length ? { categories } : {}),
		syncId: ext(LINK_PROPERTIES.syncId),
		syncState: ext(LINK_PROPERTIES.syncState),
		...(ext(LINK_PROPERTIES.crmRecordId) ? { crmRecordId: ext(LINK_PROPERTIES.crmRecordId) } : {}),
		subject: String(event.subject ?? ''),
		body: orNull(body),
		location: orNull(((event.location ?? {}) as IDataObject).displayName),
		start: whenIn(event.start, timeZone, isAllDay),
		end: whenIn(event.end, timeZone, isAllDay),
		timeZone,
		isAllDay,
		isMeeting: requiredAttendees.length + optionalAttendees.length > 0,
		organizer: organizer?.address ? { email: String(organizer.address), name: orNull(organizer.name) } : null,
		requiredAttendees,
		optionalAttendees,
		reminderMinutesBeforeStart: event.isReminderOn === true ? Number(event.reminderMinutesBeforeStart ?? 0) : null,
		showAs: SHOW_AS[String(event.showAs)] ?? undefined,
		recurrence: recurrenceOf(event, timeZone),
		iCalUid: orNull(event.iCalUId),
		isCancelled: event.isCancelled === true,
	};
}

const IANA_TO_WINDOWS = Object.fromEntries(Object.entries(WINDOWS_TO_IANA).map(([windows, iana]) => [iana, windows]));

/**
 * A local time of the event's zone, as Graph's dateTimeTimeZone takes it: the zone by its Windows
 * id where the EWS transport would read that id back as this zone (Exchange keeps zones as Windows
 * ids), otherwise by its IANA name, which Graph also takes.
 */
const localTime = (time: DateTime, zone: string) => ({ dateTime: time.toFormat("yyyy-MM-dd'T'HH:mm:ss"), timeZone: IANA_TO_WINDOWS[zone] ?? zone });

/** Start, end, zone, all-day and recurrence, written together (as over EWS: all-day events on whole local days). */
function timesToGraph(fields: EventFields, body: IDataObject): void {
	if (fields.timeZone && !DateTime.now().setZone(fields.timeZone).isValid) throw new Error(`"${fields.timeZone}" is not an IANA time zone`);
	const { zone, start, end } = eventTimes(fields);
	body.start = localTime(start, zone);
	body.end = localTime(end, zone);
	body.isAllDay = fields.isAllDay === true;
	if (fields.recurrence !== undefined) body.recurrence = fields.recurrence?.rrule ? rruleToGraph(fields.recurrence.rrule, start, localTime(start, zone).timeZone) : null;
}

function attendeeList(list: Array<Attendee | string> | null | undefined, type: string): IDataObject[] {
	return (list ?? [])
		.map((entry) => (typeof entry === 'string' ? { email: entry } : entry))
		.filter((attendee) => attendee.email)
		.map((attendee) => ({ type, emailAddress: { address: attendee.email, ...(attendee.name ? { name: attendee.name } : {}) } }));
}

/**
 * The Graph body that writes `fields` onto an event whose current shape is `current` (absent: a
 * new event). Graph keeps one attendee list, so a change to either list writes both (the current
 * values fill the other). The iCalendar UID is Graph's to choose and is not written.
 */
export function eventToGraph(input: IDataObject, current: IDataObject = {}): IDataObject {
	const fields = input as EventFields;
	const body: IDataObject = {};
	const has = (field: string) => fields[field] !== undefined;
	if (has('subject')) body.subject = fields.subject ?? '';
	if (has('body')) body.body = { contentType: 'text', content: fields.body ?? '' };
	if (has('location')) body.location = { displayName: fields.location ?? '' };
	if (TIME_FIELDS.some(has)) timesToGraph(fields, body);
	if (has('requiredAttendees') || has('optionalAttendees')) {
		const list = (field: 'requiredAttendees' | 'optionalAttendees') => (has(field) ? fields[field] : (current[field] as Attendee[] | undefined));
		body.attendees = [...attendeeList(list('requiredAttendees'), 'required'), ...attendeeList(list('optionalAttendees'), 'optional')];
	}
	if (has('reminderMinutesBeforeStart')) {
		body.isReminderOn = fields.reminderMinutesBeforeStart !== null;
		if (fields.reminderMinutesBeforeStart !== null) body.reminderMinutesBeforeStart = fields.reminderMinutesBeforeStart;
	}
	if (fields.showAs) {
		const showAs = SHOW_AS_GRAPH[fields.showAs];
		if (!showAs) throw new Error(`Show As must be one of ${Object.keys(SHOW_AS_GRAPH).join(', ')}`);
		body.showAs = showAs;
	}
	if (has('categories')) body.categories = fields.categories ?? [];
	const extended = extendedWrites(fields, LINK_PROPERTIES);
	if (extended.length) body.singleValueExtendedProperties = extended;
	return body;
}

/** What attendees never see: a PATCH of only these mails no one (the link included). */
const ORGANIZER_PRIVATE = new Set(['categories', 'isReminderOn', 'reminderMinutesBeforeStart', 'singleValueExtendedProperties']);

/** Whether Graph mails the attendees for this write of the mailbox's meeting (it always does when it can). */
function mailsAttendees(kind: 'create' | 'update' | 'delete', body: IDataObject, current?: IDataObject): boolean {
	if (kind === 'create') return Array.isArray(body.attendees) && body.attendees.length > 0;
	const event = current as ExchangeEvent | undefined;
	const isOrganizersMeeting =
		!!event && event.isMeeting && (!event.organizer || event.organizer.email.toLowerCase() === event.mailbox.toLowerCase());
	if (kind === 'delete') return isOrganizersMeeting;
	return (isOrganizersMeeting || Array.isArray(body.attendees)) && Object.keys(body).some((key) => !ORGANIZER_PRIVATE.has(key));
}

/**
 * The window of the events' delta (calendarView/delta takes one and lists the occurrences in it):
 * a year back and three ahead of the round's start. EWS's SyncFolderItems lists every single event
 * and series of the calendar, so a round without a cursor lists the calendar in full too (not the
 * window); later rounds see changes to events and series with an occurrence in the window. The
 * window stays as it was when the round without a cursor ran, until the cursor is refused.
 */
const DELTA_WINDOW = { pastDays: 365, futureDays: 3 * 365 };

export const eventMapping: GraphItemMapping = {
	noun: 'event',
	changeNotifications: true,
	collectionPath(userPath, folder) {
		if (!folder) return `${userPath}/events`;
		// Events live in calendars, never in the well-known mail folders.
		return 'id' in folder ? `${userPath}/calendars/${encodeURIComponent(folder.id)}/events` : undefined;
	},
	itemPath: (userPath, id) => `${userPath}/events/${encodeURIComponent(id)}`,
	expand: EVENT_EXPAND,
	select: EVENT_SELECT,
	prefer: EVENT_PREFER,
	fromGraph: (entity, mailbox) => eventFromGraph(entity, mailbox) as unknown as IDataObject,
	toGraph: eventToGraph,
	searchProperties: ['subject'],
	// Graph cannot move an event to Recoverable Items: no Soft Delete.
	deleteActions: PERMANENT_DELETE,
	syncIdProperty: SYNC_ID_PROPERTY,
	crmRecordIdProperty: CRM_RECORD_ID_PROPERTY,
	findClauses(filters) {
		const clauses: string[] = [];
		const utc = (value: unknown, name: string) => {
			const time = new Date(String(value));
			if (Number.isNaN(time.getTime())) throw new Error(`${name} "${String(value)}" is not an ISO 8601 date-time`);
			return `'${time.toISOString().slice(0, 19)}'`;
		};
		if (filters.endsAfter) clauses.push(`end/dateTime gt ${utc(filters.endsAfter, 'Ends After')}`);
		if (filters.startsBefore) clauses.push(`start/dateTime lt ${utc(filters.startsBefore, 'Starts Before')}`);
		if (filters.recurringOnly === true) clauses.push(`type eq 'seriesMaster'`);
		return clauses;
	},
	delta: {
		viewPath(userPath, folder) {
			if (!folder) return `${userPath}/calendarView/delta`;
			return 'id' in folder ? `${userPath}/calendars/${encodeURIComponent(folder.id)}/calendarView/delta` : undefined;
		},
		window: DELTA_WINDOW,
		// Occurrences and exceptions stand for their series, as EWS lists series, not occurrences.
		itemIdOf: (entry) => String(entry.type === 'occurrence' || entry.type === 'exception' ? entry.seriesMasterId : entry.id),
	},
	mailRefusal(kind, mode, body, current) {
		if (mode !== 'sendToNone' || !mailsAttendees(kind, body, current)) return undefined;
		const what = { create: 'saves a meeting with attendees', update: 'changes what attendees see of a meeting', delete: 'deletes a meeting' }[kind];
		return `Microsoft 365 mails the attendees whenever it ${what}: it cannot do so without sending (${kind === 'delete' ? 'Send Cancellations' : kind === 'create' ? 'Send Invitations' : 'Send Updates'}: Send to None)`;
	},
};
