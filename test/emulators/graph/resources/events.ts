/**
 * Events as Graph shows them (microsoft.graph.event) over the store's EWS calendar items:
 * Start/End (UTC instants) with StartTimeZone/EndTimeZone (Windows ids) ⇄ start/end
 * dateTimeTimeZone, the attendee lists ⇄ attendees, LegacyFreeBusyStatus ⇄ showAs, Recurrence ⇄
 * patternedRecurrence, CalendarItemType ⇄ type, and so on. Occurrences (as occurrenceItem makes
 * them) answer their seriesMasterId and originalStart.
 */
import { DateTime } from 'luxon';
import { deletedStarts, exceptionItems } from '../../exchange/occurrences';
import { decodeItemId, type StoredItem } from '../../exchange/store';
import { ianaZone } from '../../exchange/timezones';
import { child, element, textOf, type XNode } from '../../exchange/xml';
import { badRequest } from '../errors';
import type { Representation } from './listing';
import {
	bodyPreview, dateTimeOffset, graphOnly, importanceOf, itemBody, mailboxElement, outlookItemFields, PropertyWriter, recipient, sensitivityOf, setBody, setCategories, setEnum, setGraphOnly, setText, type Json, type View,
} from './common';
import { graphItemId } from './ids';
import { attachmentToGraph } from './messages';
import { ewsRecurrence, graphRecurrence } from './recurrence';
import { dateTimeTimeZone, readDateTimeTimeZone } from './times';

export const EVENT_TYPE = 'microsoft.graph.event';

const NEVER = '0001-01-01T00:00:00Z';
const TYPES: Record<string, string> = { Single: 'singleInstance', Occurrence: 'occurrence', Exception: 'exception', RecurringMaster: 'seriesMaster' };
const SHOW_AS: Record<string, string> = { Free: 'free', Tentative: 'tentative', Busy: 'busy', OOF: 'oof', WorkingElsewhere: 'workingElsewhere', NoData: 'unknown' };
const SHOW_AS_EWS: Record<string, string> = Object.fromEntries(Object.entries(SHOW_AS).map(([ews, graph]) => [graph, ews]));
/** An EWS free/busy status as Graph's freeBusyStatus. */
export const showAs = (status: string | undefined): string => SHOW_AS[status ?? 'Busy'] ?? 'busy';
/** An attendee's response as the organizer's copy records it. */
const ATTENDEE_RESPONSE: Record<string, string> = { Unknown: 'none', Organizer: 'organizer', Tentative: 'tentativelyAccepted', Accept: 'accepted', Decline: 'declined', NoResponseReceived: 'none' };
/** The mailbox's own response to the meeting. */
const OWN_RESPONSE: Record<string, string> = { ...ATTENDEE_RESPONSE, NoResponseReceived: 'notResponded' };
const ATTENDEE_LISTS: Record<string, string> = { required: 'RequiredAttendees', optional: 'OptionalAttendees', resource: 'Resources' };

/** Properties a PATCH may write that attendees never see: writing only these sends no meeting update. */
export const ORGANIZER_PRIVATE = new Set(['categories', 'reminderMinutesBeforeStart', 'isReminderOn', 'singleValueExtendedProperties', 'multiValueExtendedProperties', 'transactionId']);

const zoneOf = (item: StoredItem, name = 'StartTimeZone') => item.props.get(name)?.attrs.Id ?? 'UTC';

/** An event's start or end: in the answer's zone; all-day events as their dates at midnight. */
function when(item: StoredItem, name: 'Start' | 'End', view: View): { dateTime: string; timeZone: string } {
	const instant = DateTime.fromISO(item.props.get(name)?.text ?? '', { zone: 'utc' });
	if (item.props.get('IsAllDayEvent')?.text === 'true') {
		const date = instant.setZone(ianaZone(zoneOf(item))).toISODate();
		return { dateTime: `${date}T00:00:00.0000000`, timeZone: view.timeZone.label };
	}
	return dateTimeTimeZone(instant, view.timeZone);
}

function attendees(item: StoredItem): Json[] {
	return Object.entries(ATTENDEE_LISTS).flatMap(([type, list]) =>
		(item.props.get(list)?.children ?? []).map((attendee) => ({
			type,
			status: { response: ATTENDEE_RESPONSE[textOf(attendee, 'ResponseType') ?? 'Unknown'] ?? 'none', time: dateTimeOffset(textOf(attendee, 'LastResponseTime')) ?? NEVER },
			emailAddress: recipient(attendee)!.emailAddress,
		})),
	);
}

function location(item: StoredItem): { location: Json; locations: Json[] } {
	const name = item.props.get('Location')?.text;
	if (!name) return { location: { displayName: '', locationType: 'default', uniqueIdType: 'unknown', address: {}, coordinates: {} }, locations: [] };
	const entry = { displayName: name, locationType: 'default', uniqueId: name, uniqueIdType: 'private', address: {}, coordinates: {} };
	return { location: entry, locations: [entry] };
}

/** The series an occurrence belongs to, as its id shows it. */
function seriesMasterId(item: StoredItem, view: View): string | null {
	const decoded = decodeItemId(item.id);
	if (decoded?.occurrence === undefined) return null;
	return graphItemId({ ...item, id: decoded.masterId }, view.immutable);
}

export function eventToGraph(item: StoredItem, view: View): Json {
	const props = item.props;
	const organizer = recipient(props.get('Organizer'));
	const type = TYPES[props.get('CalendarItemType')?.text ?? 'Single'] ?? 'singleInstance';
	const isOrganizer = organizer?.emailAddress.address.toLowerCase() === item.mailbox;
	const recurrence = props.get('Recurrence');
	const extra = graphOnly(props);
	const json: Json = {
		...outlookItemFields(item, view),
		transactionId: (extra.transactionId as string | undefined) ?? null,
		originalStartTimeZone: zoneOf(item),
		originalEndTimeZone: zoneOf(item, props.has('EndTimeZone') ? 'EndTimeZone' : 'StartTimeZone'),
		iCalUId: props.get('UID')?.text ?? null,
		reminderMinutesBeforeStart: Number(props.get('ReminderMinutesBeforeStart')?.text ?? 15),
		isReminderOn: props.get('ReminderIsSet')?.text === 'true',
		hasAttachments: item.attachments.length > 0,
		subject: props.get('Subject')?.text ?? '',
		bodyPreview: bodyPreview(props.get('Body')),
		importance: importanceOf(props),
		sensitivity: sensitivityOf(props),
		isAllDay: props.get('IsAllDayEvent')?.text === 'true',
		isCancelled: props.get('IsCancelled')?.text === 'true',
		isOrganizer,
		responseRequested: props.get('IsResponseRequested')?.text !== 'false',
		seriesMasterId: seriesMasterId(item, view),
		showAs: showAs(props.get('LegacyFreeBusyStatus')?.text),
		type,
		webLink: `${view.origin}/owa/?itemid=${encodeURIComponent(graphItemId(item, view.immutable))}&exvsurl=1&path=/calendar/item`,
		onlineMeetingUrl: null,
		isOnlineMeeting: false,
		onlineMeetingProvider: 'unknown',
		allowNewTimeProposals: props.get('AllowNewTimeProposal')?.text !== 'false',
		isDraft: false,
		hideAttendees: extra.hideAttendees === true,
		recurrence: recurrence ? graphRecurrence(recurrence, zoneOf(item)) : null,
		onlineMeeting: null,
		responseStatus: {
			response: isOrganizer ? 'organizer' : (OWN_RESPONSE[props.get('MyResponseType')?.text ?? 'Unknown'] ?? 'none'),
			time: dateTimeOffset(props.get('AppointmentReplyTime')?.text) ?? NEVER,
		},
		body: itemBody(props.get('Body'), view),
		start: when(item, 'Start', view),
		end: when(item, 'End', view),
		...location(item),
		attendees: attendees(item),
		organizer,
		cancelledOccurrences: recurrence ? deletedStarts(item).map((start) => `OID.${graphItemId(item, view.immutable)}.${DateTime.fromISO(start, { zone: 'utc' }).setZone(ianaZone(zoneOf(item))).toISODate()}`) : [],
	};
	if (type === 'occurrence' || type === 'exception') json.originalStart = dateTimeOffset(props.get('OriginalStart')?.text);
	return json;
}

export const eventRepresentation: Representation = {
	type: EVENT_TYPE,
	toGraph: eventToGraph,
	selectOnly: ['cancelledOccurrences'],
	expand(name, item, _option, context) {
		if (name === 'exceptionOccurrences') return item.props.has('Recurrence') ? exceptionItems(item).map((occurrence) => eventToGraph(occurrence, context.view)) : [];
		if (name === 'attachments') return item.attachments.map((attachment) => attachmentToGraph(item, attachment));
		return undefined;
	},
};

function attendeeNodes(value: unknown, previous: Map<string, XNode>): Map<string, XNode[]> {
	const lists = new Map<string, XNode[]>(Object.values(ATTENDEE_LISTS).map((list) => [list, []]));
	for (const attendee of Array.isArray(value) ? (value as Json[]) : []) {
		const type = String(attendee.type ?? 'required');
		const list = ATTENDEE_LISTS[type];
		if (!list) throw badRequest(`'${type}' is not an attendee type (required, optional, resource).`, 'RequestBodyRead');
		const mailbox = mailboxElement(attendee);
		const known = previous.get(textOf(mailbox, 'EmailAddress')!.toLowerCase());
		// What the organizer's copy recorded of an attendee's response stays while the attendee does.
		const kept = (known?.children ?? []).filter((c) => c.name === 'ResponseType' || c.name === 'LastResponseTime');
		lists.get(list)!.push(element('Attendee', {}, mailbox, ...kept));
	}
	return lists;
}

/** The attendees' addresses of a stored event (lower case). */
export function attendeeAddresses(props: Map<string, XNode>): string[] {
	return Object.values(ATTENDEE_LISTS).flatMap((list) => (props.get(list)?.children ?? []).map((a) => textOf(child(a, 'Mailbox'), 'EmailAddress')?.toLowerCase() ?? '')).filter(Boolean);
}

/**
 * Applies a Graph event body (create or PATCH) to the item's properties; returns the EWS
 * properties it wrote (for an occurrence's exception).
 */
export function applyEvent(props: Map<string, XNode>, json: Json): string[] {
	const w = new PropertyWriter(props, json);
	w.on('subject', 'Subject', (value) => setText(props, 'Subject', value));
	w.on('body', 'Body', (value) => setBody(props, 'Body', value));
	for (const [key, name, zoneName] of [['start', 'Start', 'StartTimeZone'], ['end', 'End', 'EndTimeZone']] as const) {
		w.on(key, [name, zoneName], (value) => {
			const { time, zone } = readDateTimeTimeZone(value, key);
			w.set(name, element(name, {}, time.toUTC().toISO({ suppressMilliseconds: true })!.replace(/\.\d+Z$/, 'Z')));
			w.set(zoneName, element(zoneName, { Id: zone.windows, Name: zone.windows }));
		});
	}
	w.on('isAllDay', 'IsAllDayEvent', (value) => w.flag('IsAllDayEvent', value === true));
	w.on(['location', 'locations'], 'Location', () => {
		const given = (json.location as Json | null | undefined) ?? (Array.isArray(json.locations) ? (json.locations as Json[])[0] : undefined);
		w.set('Location', given?.displayName ? element('Location', {}, String(given.displayName)) : null);
	});
	w.on('attendees', Object.values(ATTENDEE_LISTS), (value) => {
		const previous = new Map<string, XNode>();
		for (const list of Object.values(ATTENDEE_LISTS)) for (const a of props.get(list)?.children ?? []) previous.set(textOf(child(a, 'Mailbox'), 'EmailAddress')?.toLowerCase() ?? '', a);
		for (const [list, nodes] of attendeeNodes(value, previous)) w.set(list, nodes.length ? element(list, {}, ...nodes) : null);
	});
	w.on('showAs', 'LegacyFreeBusyStatus', (value) => {
		if (value === null) return;
		const status = SHOW_AS_EWS[String(value)];
		if (!status) throw badRequest(`'${String(value)}' is not a freeBusyStatus.`, 'RequestBodyRead');
		w.set('LegacyFreeBusyStatus', element('LegacyFreeBusyStatus', {}, status));
	});
	w.on('reminderMinutesBeforeStart', 'ReminderMinutesBeforeStart', (value) => w.set('ReminderMinutesBeforeStart', value === null ? null : element('ReminderMinutesBeforeStart', {}, String(value))));
	w.on('isReminderOn', 'ReminderIsSet', (value) => w.flag('ReminderIsSet', value === true));
	w.on('importance', 'Importance', (value) => setEnum(props, 'Importance', value));
	w.on('sensitivity', 'Sensitivity', (value) => setEnum(props, 'Sensitivity', value));
	w.on('categories', 'Categories', (value) => setCategories(props, value));
	w.on('responseRequested', 'IsResponseRequested', (value) => w.flag('IsResponseRequested', value !== false));
	w.on('allowNewTimeProposals', 'AllowNewTimeProposal', (value) => w.flag('AllowNewTimeProposal', value !== false));
	w.on('recurrence', 'Recurrence', (value) => {
		if (value === null) return w.set('Recurrence', null);
		const startZone = ianaZone(props.get('StartTimeZone')?.attrs.Id);
		const startDate = DateTime.fromISO(props.get('Start')?.text ?? '', { zone: 'utc' }).setZone(startZone).toISODate()!;
		w.set('Recurrence', ewsRecurrence(value, startDate));
	});
	for (const key of ['transactionId', 'hideAttendees']) setGraphOnly(props, key, json[key]);
	return w.written;
}

/** Checks what a create or PATCH left: an end after the start, all-day events on whole days. */
export function checkEventTimes(props: Map<string, XNode>): void {
	const start = DateTime.fromISO(props.get('Start')?.text ?? '', { zone: 'utc' });
	const end = DateTime.fromISO(props.get('End')?.text ?? '', { zone: 'utc' });
	if (!start.isValid || !end.isValid) throw badRequest('An event needs a start and an end.', 'ErrorInvalidRequest');
	if (end < start) throw badRequest('The end of the event is before its start.', 'ErrorInvalidRequest');
	if (props.get('IsAllDayEvent')?.text === 'true') {
		const local = (time: DateTime, zoneName: string) => time.setZone(ianaZone(props.get(zoneName)?.attrs.Id ?? props.get('StartTimeZone')?.attrs.Id));
		const midnight = (time: DateTime) => time.hour === 0 && time.minute === 0 && time.second === 0;
		if (!midnight(local(start, 'StartTimeZone')) || !midnight(local(end, 'EndTimeZone')) || +end === +start) {
			throw badRequest('At least one property failed validation: an all-day event starts and ends at midnight.', 'ErrorPropertyValidationFailure');
		}
	}
}
