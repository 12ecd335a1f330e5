/**
 * Default field map for events: Exchange appointment/meeting ⇄ Zoho Events (Meetings). Times
 * are instants (timed) or dates (all-day); attendees are compared as a set of e-mail addresses;
 * recurrence is an RRULE plus the dates of excluded occurrences (Zoho: Recurring_Activity EXDATE):
 * on Exchange the deleted and the modified ones, since a modified occurrence (an exception) syncs
 * as an event of its own.
 */
import {
	getPath,
	isJsonObject,
	pathAccess,
	setPath,
	simpleField,
	type FieldAccess,
	type FieldSpec,
	type JsonObject,
} from '../fieldMap';
import type { MatchKey, SeriesModel } from '../objects';
import {
	instantInZone,
	midnightInZone,
	onWallClock,
	toInstant,
	toLocalDate,
	untilDate,
	zohoAllDayEnd,
	zohoAllDayEndFromExclusive,
	zohoDateTime,
} from '../time';
import type { CanonicalRecord, CanonicalValue } from '../values';

const isAllDay = (content: CanonicalRecord) => content.isAllDay === true;
const exchangeZone = (existing: JsonObject | undefined, fallback: string) =>
	typeof existing?.timeZone === 'string' && existing.timeZone !== '' ? existing.timeZone : fallback;

function exchangeTime(which: 'start' | 'end'): FieldAccess {
	return {
		keys: [which],
		read: (item) => (item.isAllDay === true ? toLocalDate(item[which]) : toInstant(item[which])),
		write: (target, value, context, existing, content) => {
			const zone = exchangeZone(existing, context.exchangeTimeZone);
			if (typeof value !== 'string') return;
			target[which] = isAllDay(content) ? midnightInZone(value, zone) : instantInZone(value, zone);
			target.timeZone = zone;
			target.isAllDay = isAllDay(content);
		},
	};
}

/**
 * Zoho answers date-times in the zone of the user the API call is made as, not of the event's
 * owner: an all-day event's first and last day are read on the owner's wall clock (the CRM time
 * zone), where Zoho keeps them from 00:00 to 23:59.
 */
function zohoTime(which: 'start' | 'end'): FieldAccess {
	const field = which === 'start' ? 'Start_DateTime' : 'End_DateTime';
	return {
		keys: [field],
		read: (item, context) => {
			if (item.All_day !== true) return toInstant(item[field]);
			const ownersClock = onWallClock(item[field], context.crmTimeZone);
			return which === 'start' ? toLocalDate(ownersClock) : zohoAllDayEnd(ownersClock);
		},
		write: (target, value, context, _existing, content) => {
			if (typeof value !== 'string') return;
			const zone = context.crmTimeZone;
			const time = !isAllDay(content)
				? instantInZone(value, zone)
				: which === 'start'
					? midnightInZone(value, zone)
					: zohoAllDayEndFromExclusive(value, zone);
			target[field] = zohoDateTime(time);
			target.All_day = isAllDay(content);
		},
	};
}

const emails = (value: unknown): string[] =>
	Array.isArray(value)
		? value
				.map((entry) => (isJsonObject(entry) ? (entry.email ?? entry.Email) : undefined))
				.filter((entry): entry is string => typeof entry === 'string')
		: [];

/** Attendees other than the organizer and the synced mailbox itself, which both sides imply. */
const others = (list: string[], ...implied: Array<string | undefined>) =>
	list.filter((email) => !implied.includes(email.toLowerCase()));

const exchangeAttendees: FieldAccess = {
	keys: ['requiredAttendees', 'optionalAttendees'],
	read: (item, context) => {
		const organizer = isJsonObject(item.organizer) && typeof item.organizer.email === 'string' ? item.organizer.email.toLowerCase() : undefined;
		return others([...emails(item.requiredAttendees), ...emails(item.optionalAttendees)], organizer, context.mailbox.toLowerCase());
	},
	write: (target, value, _context, existing) => {
		const wanted = new Set(Array.isArray(value) ? value : []);
		// Attendees keep their required/optional role; new ones are required.
		const keep = (list: unknown) => (Array.isArray(list) ? list : []).filter((entry) => wanted.has(emails([entry])[0]?.toLowerCase()));
		const optional = keep(existing?.optionalAttendees);
		const known = new Set(emails(optional).map((email) => email.toLowerCase()));
		const required = keep(existing?.requiredAttendees);
		for (const email of emails(required)) known.add(email.toLowerCase());
		for (const email of wanted) if (!known.has(email)) required.push({ email });
		target.requiredAttendees = required;
		target.optionalAttendees = optional;
	},
};

const zohoParticipants: FieldAccess = {
	keys: ['Participants'],
	read: (item, context) => others(emails(item.Participants), context.mailbox.toLowerCase()),
	write: (target, value, _context, existing) => {
		const wanted = Array.isArray(value) ? value : [];
		// A participant that is a CRM contact, lead or user stays one; others are e-mail participants.
		const current = new Map(
			(Array.isArray(existing?.Participants) ? existing.Participants : [])
				.filter(isJsonObject)
				.map((entry) => [String(entry.Email ?? '').toLowerCase(), entry] as const),
		);
		target.Participants = wanted.map((email) => {
			const known = current.get(email);
			return known && known.type !== 'email' ? { type: known.type, participant: known.participant } : { type: 'email', Email: email };
		});
	},
};

/** Exchange's answer of an attendee, as the organiser's copy records it, and Zoho's participant status for it. */
const RESPONSE_STATUS: Record<string, string> = { Accept: 'accepted', Tentative: 'tentative', Decline: 'declined' };

/** `email=status` entries, one per attendee who answered: the canonical form of the responses. */
const responseEntries = (list: unknown, statusOf: (entry: JsonObject) => string | undefined): string[] =>
	(Array.isArray(list) ? list : [])
		.filter(isJsonObject)
		.map((entry) => [emails([entry])[0]?.toLowerCase(), statusOf(entry)] as const)
		.filter((entry): entry is readonly [string, string] => entry[0] !== undefined && entry[1] !== undefined)
		.map(([email, status]) => `${email}=${status}`);

/**
 * Attendees' responses reach the organiser's copy in Exchange; the CRM shows them as each
 * participant's status. They flow from Exchange only (the organiser cannot set an attendee's answer).
 */
const exchangeResponses: FieldAccess = {
	keys: ['requiredAttendees', 'optionalAttendees'],
	read: (item) =>
		[...responseEntries(item.requiredAttendees, (entry) => RESPONSE_STATUS[String(entry.response)]), ...responseEntries(item.optionalAttendees, (entry) => RESPONSE_STATUS[String(entry.response)])],
	write: () => undefined,
};

const ANSWERED = new Set(Object.values(RESPONSE_STATUS));

const zohoResponses: FieldAccess = {
	keys: ['Participants'],
	read: (item) => responseEntries(item.Participants, (entry) => (ANSWERED.has(String(entry.status)) ? String(entry.status) : undefined)),
	// The participants as this write leaves them (or as they are), each with its attendee's status.
	write: (target, value, _context, existing) => {
		const statuses = new Map((Array.isArray(value) ? value : []).map((entry) => String(entry).split('=') as [string, string]));
		const current = (Array.isArray(existing?.Participants) ? existing.Participants : []).filter(isJsonObject);
		// A contact, lead or user participant is written by its id: its e-mail is the one Zoho answered with.
		const emailOfParticipant = new Map(current.map((entry) => [entry.participant, entry.Email]));
		const participants = Array.isArray(target.Participants)
			? (target.Participants as JsonObject[])
			: current.map((entry) => (entry.type !== 'email' ? { type: entry.type, participant: entry.participant } : { type: 'email', Email: entry.Email }));
		target.Participants = participants.map((entry) => {
			const status = statuses.get(String(entry.Email ?? emailOfParticipant.get(entry.participant) ?? '').toLowerCase());
			return status ? { ...entry, status } : entry;
		});
	},
};

/** Zoho event reminders: `[{unit, period}]`, or an ALARM with `TRIGGER=-PT15M`. */
const zohoReminder: FieldAccess = {
	keys: ['Remind_At'],
	read: (item) => {
		const remind = item.Remind_At;
		const first = Array.isArray(remind) ? remind[0] : remind;
		if (!isJsonObject(first)) return null;
		if (typeof first.ALARM === 'string') {
			const match = /TRIGGER=-P(?:(\d+)D)?T?(?:(\d+)H)?(?:(\d+)M)?/.exec(first.ALARM);
			return match ? Number(match[1] ?? 0) * 1440 + Number(match[2] ?? 0) * 60 + Number(match[3] ?? 0) : null;
		}
		const factor: Record<string, number> = { minutes: 1, hours: 60, days: 1440, weeks: 10080 };
		return typeof first.unit === 'number' ? first.unit * (factor[String(first.period)] ?? 1) : null;
	},
	write: (target, value) => {
		target.Remind_At = typeof value === 'number' ? [{ unit: value, period: 'minutes' }] : null;
	},
};

const rruleParts = (value: CanonicalValue): string[] =>
	typeof value === 'string'
		? value.split(';').map((part) => (part.startsWith('UNTIL=') ? `UNTIL=${untilDate(part.slice(6))}` : part))
		: [];

const dateList = (value: CanonicalValue): string[] => (Array.isArray(value) ? value : []);

const modifiedOccurrences = (item: JsonObject): JsonObject[] => {
	const list = getPath(item, 'recurrence.modifiedOccurrences');
	return Array.isArray(list) ? list.filter(isJsonObject) : [];
};

/** Exchange's excluded dates: deleted occurrences and the original dates of modified ones. */
function exchangeExcludedDates(item: JsonObject): string[] {
	const deleted = getPath(item, 'recurrence.deletedOccurrences');
	const modified = modifiedOccurrences(item).map((occurrence) => toLocalDate(occurrence.originalStart));
	return [...new Set([...(Array.isArray(deleted) ? deleted : []), ...modified].filter((date): date is string => typeof date === 'string'))];
}

const exchangeRecurrence = (part: 'rrule' | 'deletedOccurrences'): FieldAccess => ({
	keys: ['recurrence'],
	read: (item) => {
		if (part === 'deletedOccurrences') return item.recurrence ? exchangeExcludedDates(item) : null;
		const value = getPath(item, 'recurrence.rrule');
		return rruleParts(typeof value === 'string' ? value.toUpperCase() : null).join(';');
	},
	write: (target, _value, _context, _existing, content) => {
		const rrule = content.recurrence;
		target.recurrence =
			typeof rrule === 'string'
				? {
						rrule: rruleParts(rrule)
							.map((entry) => (entry.startsWith('UNTIL=') ? entry.replace(/-/g, '') : entry))
							.join(';'),
						deletedOccurrences: dateList(content['recurrence.deletedOccurrences']),
					}
				: null;
	},
});

const zohoRecurrence = (part: 'rrule' | 'deletedOccurrences'): FieldAccess => ({
	keys: ['Recurring_Activity'],
	read: (item) => {
		const value = getPath(item, part === 'rrule' ? 'Recurring_Activity.RRULE' : 'Recurring_Activity.EXDATE');
		return part === 'rrule' ? rruleParts(typeof value === 'string' ? value.toUpperCase() : null).join(';') : value;
	},
	write: (target, _value, context, existing, content) => {
		const rrule = content.recurrence;
		if (typeof rrule !== 'string') {
			setPath(target, 'Recurring_Activity', null, existing);
			return;
		}
		const start = typeof content.start === 'string' ? content.start : '';
		const firstDay = isAllDay(content) ? start : (toLocalDate(instantInZone(start, context.crmTimeZone)) ?? start);
		const exdates = dateList(content['recurrence.deletedOccurrences']);
		const parts = rruleParts(rrule);
		// Zoho's documented rules always state the interval.
		if (!parts.some((entry) => entry.startsWith('INTERVAL='))) parts.push('INTERVAL=1');
		target.Recurring_Activity = {
			RRULE: [...parts.sort(), `DTSTART=${firstDay}`].join(';'),
			...(exdates.length > 0 ? { EXDATE: exdates.join(',') } : {}),
		};
	},
});

/** What an attendee's copy of a meeting shows: the reminder is the organiser's own. */
export const EVENT_FIELDS_ATTENDEES_SEE = ['subject', 'body', 'location', 'isAllDay', 'start', 'end', 'attendees', 'recurrence', 'recurrence.deletedOccurrences'];

export function eventFieldMap(): FieldSpec[] {
	return [
		simpleField('subject', 'text', 'subject', 'Event_Title'),
		simpleField('body', 'multiline', 'body', 'Description'),
		simpleField('location', 'text', 'location', 'Venue'),
		simpleField('isAllDay', 'boolean', 'isAllDay', 'All_day'),
		{ field: 'start', kind: 'text', exchange: exchangeTime('start'), crm: zohoTime('start') },
		{ field: 'end', kind: 'text', exchange: exchangeTime('end'), crm: zohoTime('end') },
		{ field: 'reminderMinutesBeforeStart', kind: 'number', exchange: pathAccess('reminderMinutesBeforeStart'), crm: zohoReminder },
		{ field: 'attendees', kind: 'emailList', exchange: exchangeAttendees, crm: zohoParticipants },
		{ field: 'attendeeResponses', kind: 'emailList', exchange: exchangeResponses, crm: zohoResponses, dependsOn: ['attendees'], from: 'exchange' },
		// Either recurrence field writes the whole recurrence object; Zoho's RRULE carries the start date.
		{ field: 'recurrence', kind: 'rrule', exchange: exchangeRecurrence('rrule'), crm: zohoRecurrence('rrule'), dependsOn: ['start'] },
		{
			field: 'recurrence.deletedOccurrences',
			kind: 'dateList',
			exchange: exchangeRecurrence('deletedOccurrences'),
			crm: zohoRecurrence('deletedOccurrences'),
		},
	];
}

export const exchangeSeries: SeriesModel = {
	occurrenceOf: (raw) => {
		const originalStart = toInstant(raw.originalStart);
		return typeof raw.seriesMasterId === 'string' && raw.seriesMasterId !== '' && originalStart
			? { seriesId: raw.seriesMasterId, originalStart }
			: undefined;
	},
	exceptionStarts: (raw) =>
		modifiedOccurrences(raw)
			.map((occurrence) => toInstant(occurrence.originalStart))
			.filter((start): start is string => start !== null),
};

const organizerOf = (raw: JsonObject, side: 'exchange' | 'crm', mailbox: string): string => {
	const holder = side === 'exchange' ? raw.organizer : raw.Owner;
	const email = isJsonObject(holder) ? holder.email : undefined;
	return (typeof email === 'string' ? email : mailbox).toLowerCase();
};

export const eventMatchRules: Record<string, MatchKey> = {
	organizerStartSubject: (content, raw, side, settings) =>
		typeof content.subject === 'string' && typeof content.start === 'string'
			? `${organizerOf(raw, side, settings.mailbox)}|${content.start}|${content.subject.toLowerCase()}`
			: null,
};

/**
 * A meeting has one CRM event, owned by its organiser: it syncs from the organiser's mailbox when
 * the sync covers it; otherwise from the first synced mailbox (by address) among its attendees, so
 * that two synced attendees of an outside meeting do not both make it. An appointment, a meeting
 * this mailbox organises, or one no synced mailbox is listed on, syncs here.
 */
export function meetingSyncsHere(raw: JsonObject, mailbox: string, syncedMailboxes: string[]): boolean {
	const here = mailbox.toLowerCase();
	const organizer = isJsonObject(raw.organizer) && typeof raw.organizer.email === 'string' ? raw.organizer.email.toLowerCase() : '';
	if (raw.isMeeting !== true || organizer === '' || organizer === here) return true;
	const synced = syncedMailboxes.map((address) => address.toLowerCase());
	if (synced.includes(organizer)) return false;
	const attendees = new Set([...emails(raw.requiredAttendees), ...emails(raw.optionalAttendees)].map((email) => email.toLowerCase()));
	const first = synced.filter((address) => attendees.has(address)).sort()[0];
	return first === undefined || first === here;
}
