/**
 * "Schedule a meeting": the form's request checked, the attendees recognised and the times to
 * offer, the time picked, and the confirmation. Pure: the Sync node's meeting operations feed it
 * the form answers and the outputs of the CRM searches and Exchange's free/busy and suggestions.
 */
import { DateTime } from 'luxon';

import { escapeHtml } from './previewPage';

/** The format the form asks start and end in. */
export const MEETING_TIME_FORMAT = 'yyyy-MM-dd HH:mm';
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const CLOCK = /^([01]?\d|2[0-3]):([0-5]\d)$/;

/** What a refused request tells the person who filled the form: a page title and each problem. */
export interface MeetingCheck {
	ok: boolean;
	/** The title of the page that refuses; empty when ok. */
	refusal: string;
	problems: string[];
}

export interface MeetingRequest extends MeetingCheck {
	organiser: string;
	subject: string;
	location: string;
	attendees: string[];
	timeZone: string;
	start: string | null;
	end: string | null;
	reminder: number;
	/** The working day of the start, where Exchange looks for suggested times. */
	dayStart: string | null;
	dayEnd: string | null;
	durationMinutes: number;
	/** Organiser and attendees, comma-separated: who free/busy is asked for. */
	everyone: string;
	/** The Zoho search criteria that find the attendees among contacts or leads. */
	emailCriteria: string;
}

/** The working day's hours, 'HH:mm' in the meeting's zone. */
export interface WorkingDay {
	start: string;
	end: string;
}

const refusal = (title: string, problems: string[]): MeetingCheck => ({ ok: problems.length === 0, refusal: problems.length ? title : '', problems });

const clockOf = (text: string, name: string): { hour: number; minute: number } => {
	const match = CLOCK.exec(text.trim());
	if (!match) throw new Error(`${name} "${text}" is not a time of day: use HH:mm, e.g. 08:00`);
	return { hour: Number(match[1]), minute: Number(match[2]) };
};

/** The form's answers → the request, or the reasons it cannot be scheduled (one message per problem). */
export function checkMeetingRequest(form: Record<string, unknown>, workingDay: WorkingDay, now: DateTime = DateTime.now()): MeetingRequest {
	const dayFrom = clockOf(workingDay.start, 'Working Day Starts');
	const dayTo = clockOf(workingDay.end, 'Working Day Ends');
	const text = (value: unknown) => String(value ?? '').trim();
	const zone = text(form.timeZone) || 'UTC';
	const parse = (value: unknown) => DateTime.fromFormat(text(value).replace('T', ' '), MEETING_TIME_FORMAT, { zone });
	const organiser = text(form.organiser).toLowerCase();
	const attendees = [...new Set(text(form.attendees).split(/[\s,;]+/).map((address) => address.trim().toLowerCase()).filter(Boolean))].filter(
		(address) => address !== organiser,
	);
	const problems: string[] = [];
	const start = parse(form.start);
	const end = parse(form.end);
	if (!now.setZone(zone).isValid) problems.push(`"${zone}" is not a time zone: use an IANA name such as Europe/Berlin.`);
	else {
		if (!start.isValid) problems.push(`The start is not a date and time in the form ${MEETING_TIME_FORMAT}.`);
		if (!end.isValid) problems.push(`The end is not a date and time in the form ${MEETING_TIME_FORMAT}.`);
		if (start.isValid && end.isValid && end <= start) problems.push('The end is before the start: a meeting must end after it starts.');
		if (start.isValid && start < now) problems.push('The start is in the past: pick a time from now on.');
	}
	for (const address of attendees) if (!EMAIL.test(address)) problems.push(`"${address}" is not an e-mail address.`);
	const reminder = form.reminder === '' || form.reminder === undefined || form.reminder === null ? 15 : Number(form.reminder);
	if (!Number.isInteger(reminder) || reminder < 0) problems.push('The reminder must be a whole number of minutes, 0 or more.');
	const everyone = [organiser, ...attendees];
	return {
		...refusal('Cannot schedule this meeting', problems),
		organiser,
		subject: text(form.subject),
		location: text(form.location),
		attendees,
		timeZone: zone,
		start: start.isValid ? start.toISO() : null,
		end: end.isValid ? end.toISO() : null,
		reminder,
		dayStart: start.isValid ? start.set({ ...dayFrom, second: 0, millisecond: 0 }).toISO() : null,
		dayEnd: start.isValid ? start.set({ ...dayTo, second: 0, millisecond: 0 }).toISO() : null,
		durationMinutes: start.isValid && end.isValid ? Math.max(5, Math.round(end.diff(start, 'minutes').minutes)) : 30,
		everyone: everyone.join(','),
		emailCriteria: `(Email:in:${everyone.join(',')})`,
	};
}

export type AttendeeKind = 'contact' | 'lead' | 'colleague' | 'unknown';

export interface BusyBlock {
	start: string;
	end: string;
	status: string;
}

export interface Attendee {
	email: string;
	kind: AttendeeKind;
	/** The CRM record's id, for contacts and leads. */
	id?: string;
	name: string;
	/** The attendee's busy blocks from free/busy; null when Exchange has no calendar for them. */
	calendar: BusyBlock[] | null;
}

export interface MeetingSlot {
	start: string;
	end: string;
	requested?: boolean;
	/** Who is busy in it. */
	busy: string[];
	/** How the availability page offers it. */
	label: string;
}

/** What the availability page needs: the CRM searches, Exchange's free/busy and its suggestions. */
export interface MeetingLookups {
	crmContacts: Array<Record<string, unknown>>;
	crmLeads: Array<Record<string, unknown>>;
	freeBusy: Array<Record<string, unknown>>;
	suggestions: Array<Record<string, unknown>>;
}

export interface MeetingTimes extends Omit<MeetingRequest, keyof MeetingCheck>, MeetingCheck {
	people: Attendee[];
	unknown: string[];
	/** The requested time first, then the suggested times at which everyone is free. */
	slots: MeetingSlot[];
	/** The attendees found in the CRM, as Zoho CRM → Event → Match Participants takes known people. */
	crmAttendees: Array<{ email: string; type: 'contact' | 'lead'; id: string }>;
	/** The fields of the availability page (n8n Form → Page, defined by JSON). */
	page: Array<Record<string, unknown>>;
}

const lower = (value: unknown) => String(value ?? '').toLowerCase();

/** The request's attendees, each as CRM contact, CRM lead, colleague (Exchange has a calendar) or unknown; the times to offer; the page. */
export function meetingTimes(request: MeetingRequest, lookups: MeetingLookups): MeetingTimes {
	if (!request.start || !request.end) throw new Error('The meeting request has no valid start and end: connect Meeting Times after the request is checked as valid');
	const zone = request.timeZone;
	const byEmail = (records: Array<Record<string, unknown>>) =>
		new Map(records.filter((record) => record.id && record.Email).map((record) => [lower(record.Email), record]));
	const contacts = byEmail(lookups.crmContacts);
	const leads = byEmail(lookups.crmLeads);
	const freeBusy = new Map(lookups.freeBusy.map((mailbox) => [lower(mailbox.email), mailbox]));
	const calendarOf = (email: string) => {
		const mailbox = freeBusy.get(email);
		return mailbox && !mailbox.error && Array.isArray(mailbox.busy) ? (mailbox.busy as BusyBlock[]) : null;
	};
	const nameOf = (record: Record<string, unknown>) => [record.First_Name, record.Last_Name].filter(Boolean).join(' ');
	const people: Attendee[] = request.attendees.map((email) => {
		const calendar = calendarOf(email);
		const contact = contacts.get(email);
		if (contact) return { email, kind: 'contact', id: String(contact.id), name: nameOf(contact), calendar };
		const lead = leads.get(email);
		if (lead) return { email, kind: 'lead', id: String(lead.id), name: nameOf(lead), calendar };
		if (calendar) return { email, kind: 'colleague', name: '', calendar };
		return { email, kind: 'unknown', name: '', calendar: null };
	});
	const unknown = people.filter((person) => person.kind === 'unknown').map((person) => person.email);
	const organiserCalendar = calendarOf(request.organiser) ?? [];
	const calendars = [{ email: request.organiser, calendar: organiserCalendar }, ...people.filter((person) => person.calendar)];
	const busyIn = (start: string, end: string) =>
		calendars
			.filter(({ calendar }) =>
				(calendar ?? []).some(
					(block) => block.status !== 'Free' && DateTime.fromISO(block.start) < DateTime.fromISO(end) && DateTime.fromISO(block.end) > DateTime.fromISO(start),
				),
			)
			.map(({ email }) => email);
	const label = (start: string, end: string) =>
		`${DateTime.fromISO(start).setZone(zone).toFormat('ccc d LLL yyyy, HH:mm')}–${DateTime.fromISO(end).setZone(zone).toFormat('HH:mm')} (${zone})`;
	const requestedStart = DateTime.fromISO(request.start).setZone(zone).toISO();
	const suggested = lookups.suggestions
		.filter((time) => time.start && time.end)
		.map((time) => ({
			start: DateTime.fromISO(String(time.start)).setZone(zone).toISO()!,
			end: DateTime.fromISO(String(time.start)).plus({ minutes: request.durationMinutes }).setZone(zone).toISO()!,
		}))
		.filter((time) => time.start !== requestedStart);
	const slots: MeetingSlot[] = [{ start: request.start, end: request.end, requested: true }, ...suggested]
		.map((slot) => {
			const busy = busyIn(slot.start, slot.end);
			const state = busy.length ? `busy: ${busy.join(', ')}` : 'everyone free';
			return { ...slot, busy, label: `${label(slot.start, slot.end)}${'requested' in slot ? ' — requested' : ''} — ${state}` };
		})
		.filter((slot, index) => index === 0 || !slot.busy.length);
	const blocks = (calendar: BusyBlock[]) =>
		calendar
			.filter((block) => block.status !== 'Free')
			.map((block) => `${label(block.start, block.end)} ${block.status}`)
			.join('; ') || 'free';
	const rows = [{ email: request.organiser, kind: 'organiser', name: '', calendar: organiserCalendar }, ...people].map(
		(person) =>
			`<li><strong>${escapeHtml(person.name || person.email)}</strong> (${person.kind}${person.name ? ', ' + escapeHtml(person.email) : ''}): ${
				person.calendar ? escapeHtml(blocks(person.calendar)) : 'no calendar to check (outside the organisation)'
			}</li>`,
	);
	const [requestedSlot] = slots;
	const html = [
		`<h3>Availability for ${escapeHtml(label(request.start, request.end))}</h3>`,
		`<ul id="availability">${rows.join('')}</ul>`,
		requestedSlot.busy.length
			? `<p id="slot-status"><strong>The requested time is busy for ${escapeHtml(requestedSlot.busy.join(', '))}.</strong> Pick a suggested free time below.</p>`
			: '<p id="slot-status">Everyone is free at the requested time.</p>',
		`<p>Suggested free times: ${escapeHtml(slots.slice(1).map((slot) => label(slot.start, slot.end)).join('; ') || 'none on that day')}</p>`,
	].join('');
	const page = [
		{ fieldType: 'html', html },
		{ fieldName: 'slot', fieldLabel: 'Time', fieldType: 'dropdown', requiredField: true, fieldOptions: { values: slots.map((slot) => ({ option: slot.label })) } },
	];
	const crmAttendees = people.flatMap((person) =>
		(person.kind === 'contact' || person.kind === 'lead') && person.id ? [{ email: person.email, type: person.kind, id: person.id }] : [],
	);
	const problems = unknown.length
		? [`Not a CRM contact, lead or colleague: ${unknown.join(', ')}. Add them to the CRM or check the addresses, then start again.`]
		: [];
	return { ...request, ...refusal('Unknown attendees', problems), people, unknown, slots, crmAttendees, page };
}

/** The Exchange event to create for the time picked, or why not. */
export interface ChosenMeetingTime extends MeetingCheck {
	mailbox: string;
	/** With attendees it is a meeting (invitations sent); without, an appointment. */
	meeting: boolean;
	event: {
		subject: string;
		location: string | null;
		start: string;
		end: string;
		timeZone: string;
		isAllDay: false;
		reminderMinutesBeforeStart: number;
		requiredAttendees: Array<{ email: string }>;
	};
}

/** The time picked on the availability page (its label; another text means the requested time) → the event, refused when someone is busy then. */
export function chosenMeetingTime(times: MeetingTimes, picked: string): ChosenMeetingTime {
	const slot = times.slots.find((candidate) => candidate.label === picked) ?? times.slots[0];
	if (!slot) throw new Error('Meeting Times offered no time: connect it before the availability page');
	const problems = slot.busy.length
		? [`${slot.busy.join(', ')} ${slot.busy.length > 1 ? 'are' : 'is'} busy at that time. Start again and pick one of the suggested free times.`]
		: [];
	return {
		...refusal('That time is busy', problems),
		mailbox: times.organiser,
		meeting: times.attendees.length > 0,
		event: {
			subject: times.subject,
			location: times.location || null,
			start: slot.start,
			end: slot.end,
			timeZone: times.timeZone,
			isAllDay: false,
			reminderMinutesBeforeStart: times.reminder,
			requiredAttendees: times.attendees.map((email) => ({ email })),
		},
	};
}

/** The last page: what was created in Exchange (`created`) and in the CRM (`crm`, undefined when no CRM create ran). */
export function meetingConfirmation(created: Record<string, unknown>, crm: Record<string, unknown> | undefined): { title: string; message: string } {
	const zone = String(created.timeZone ?? 'UTC');
	const from = DateTime.fromISO(String(created.start)).setZone(zone);
	const to = DateTime.fromISO(String(created.end)).setZone(zone);
	const attendees = ((created.requiredAttendees as Array<{ email: string }> | undefined) ?? []).map((attendee) => attendee.email);
	const what = attendees.length
		? `Meeting "${String(created.subject)}" scheduled; invitations sent to ${attendees.join(', ')}.`
		: `Appointment "${String(created.subject)}" saved.`;
	const reminder =
		created.reminderMinutesBeforeStart === null || created.reminderMinutesBeforeStart === undefined
			? 'No reminder.'
			: `Reminder ${String(created.reminderMinutesBeforeStart)} minutes before.`;
	const crmError = crm === undefined ? 'no Zoho event was planned' : crm.error;
	const zoho = crmError
		? `The Zoho CRM event could not be created (${typeof crmError === 'string' ? crmError : JSON.stringify(crmError)}); the next events sync creates it.`
		: 'The Zoho CRM event with its participants is created and linked.';
	return {
		title: attendees.length ? 'Meeting scheduled' : 'Appointment saved',
		message: `${what} ${from.toFormat('ccc d LLL yyyy, HH:mm')}–${to.toFormat('HH:mm')} (${zone}). ${reminder} ${zoho}`,
	};
}
