/**
 * Mail the emulator "sends": messages delivered to internal mailboxes, meeting requests and
 * cancellations dropped into attendees' inboxes (with their calendar copies kept in step), and
 * counts per meeting so tests can assert that an unchanged meeting was not re-sent.
 */
import type { OperationContext } from './context';
import { attendeesOf, deriveProperties, mailboxNode, newMessageId, type ParsedItem } from './items';
import { deleteOccurrence, dropExceptionsIfRedefined, occurrenceItem, saveException, seriesSignature } from './occurrences';
import type { Occurrence } from './recurrence';
import type { Mailbox, StoredItem } from './store';

export type MeetingMessageKind = 'MeetingRequest' | 'MeetingCancellation' | 'MeetingResponse';
import { child, cloneNode, element, type XNode } from './xml';

const MEETING_PROPERTIES = [
	'Subject', 'Body', 'Start', 'End', 'IsAllDayEvent', 'LegacyFreeBusyStatus', 'Location', 'UID', 'Organizer',
	'RequiredAttendees', 'OptionalAttendees', 'Resources', 'Recurrence', 'MeetingTimeZone', 'StartTimeZone', 'EndTimeZone',
];

function recipients(props: Map<string, XNode>, ...lists: string[]): string[] {
	return lists.flatMap((list) =>
		(props.get(list)?.children ?? []).map((m) => child(m, 'EmailAddress')?.text?.toLowerCase() ?? '').filter(Boolean),
	);
}

function copyProperties(from: Map<string, XNode>, names: string[]): Map<string, XNode> {
	return new Map(names.filter((n) => from.has(n)).map((n) => [n, cloneNode(from.get(n)!)]));
}

function inbox(context: OperationContext, mailbox: Mailbox) {
	return context.store.distinguished(mailbox, 'inbox')!;
}

/**
 * Delivers a sent message to every internal recipient's inbox. Like Exchange, it leaves as
 * the sending mailbox's (From and Sender, unless From names someone else) with one
 * Message-ID for every copy.
 */
export function deliverMessage(context: OperationContext, message: ParsedItem, savedCopy?: StoredItem): void {
	const sender = context.mailbox;
	const now = context.store.timestamp();
	const stamp = (props: Map<string, XNode>) => {
		if (!props.has('From')) props.set('From', mailboxNode('From', sender.displayName, sender.smtp));
		props.set('Sender', mailboxNode('Sender', sender.displayName, sender.smtp));
		props.set('DateTimeSent', element('DateTimeSent', {}, now));
		if (!props.has('InternetMessageId')) props.set('InternetMessageId', element('InternetMessageId', {}, newMessageId(sender.smtp, context.store.currentSeq)));
	};
	stamp(message.props);
	if (savedCopy && savedCopy.props !== message.props) stamp(savedCopy.props);
	for (const address of recipients(message.props, 'ToRecipients', 'CcRecipients', 'BccRecipients')) {
		const target = context.store.mailbox(address);
		if (!target) continue;
		const props = copyProperties(message.props, ['Subject', 'Body', 'Importance', 'Sensitivity', 'Categories', 'From', 'Sender', 'ToRecipients', 'CcRecipients', 'DateTimeSent', 'InternetMessageId', 'InReplyTo', 'References']);
		props.set('IsRead', element('IsRead', {}, 'false'));
		const delivered = context.store.createItem(target, inbox(context, target), 'Message', props, message.extended.map((e) => ({ ...e })), message.attachments.map(cloneNode));
		deriveProperties(delivered, target);
	}
	context.counters.increment('messagesSent');
}

/** The internal mailboxes among `attendees` (by default the meeting's). */
function internalAttendees(context: OperationContext, meeting: StoredItem, attendees = attendeesOf(meeting)): Mailbox[] {
	return attendees
		.map((email) => context.store.mailbox(email))
		.filter((m): m is Mailbox => !!m && m.smtp !== meeting.mailbox);
}

/** The mailbox a meeting is in (its organizer's, for the organizer's copy). */
function organizerOf(context: OperationContext, meeting: StoredItem): Mailbox {
	return context.store.mailbox(meeting.mailbox)!;
}

/** A mailbox's copy of the meeting with this UID. */
export function attendeeCopy(context: OperationContext, attendee: Mailbox, uid: string): StoredItem | undefined {
	const calendar = context.store.distinguished(attendee, 'calendar')!;
	return context.store.itemsIn(attendee, calendar.id).find((item) => item.props.get('UID')?.text === uid);
}

/** Counts one message per attendee (by default the meeting's) for the meeting; returns its UID, or undefined without attendees. */
function countMeetingMail(context: OperationContext, meeting: StoredItem, kind: 'invitations' | 'cancellations', attendees = attendeesOf(meeting)): string | undefined {
	if (attendees.length === 0) return undefined;
	const uid = meeting.props.get('UID')!.text;
	const log = context.meetingMail[kind];
	log.set(uid, (log.get(uid) ?? 0) + attendees.length);
	context.counters.increment(`${kind}Sent`, attendees.length);
	return uid;
}

/**
 * Puts a meeting message (request, cancellation, response) into a mailbox's Inbox, as sent by
 * `from`, with what Exchange's calendar assistant sets on it: the calendar item it concerns
 * there (AssociatedCalendarItemId), HasBeenProcessed, and whether the reader is the organizer.
 */
export function deliverMeetingMessage(context: OperationContext, to: Mailbox, from: Mailbox, kind: MeetingMessageKind, props: Map<string, XNode>, associated?: StoredItem): StoredItem {
	props.set('From', mailboxNode('From', from.displayName, from.smtp));
	props.set('Sender', mailboxNode('Sender', from.displayName, from.smtp));
	if (!props.has('ToRecipients')) props.set('ToRecipients', element('ToRecipients', {}, child(mailboxNode('To', to.displayName, to.smtp), 'Mailbox')!));
	props.set('DateTimeSent', element('DateTimeSent', {}, context.store.timestamp()));
	props.set('IsRead', element('IsRead', {}, 'false'));
	if (associated) props.set('AssociatedCalendarItemId', element('AssociatedCalendarItemId', { Id: associated.id, ChangeKey: associated.changeKey }));
	props.set('HasBeenProcessed', element('HasBeenProcessed', {}, 'true'));
	props.set('IsOrganizer', element('IsOrganizer', {}, String(kind === 'MeetingResponse')));
	const message = context.store.createItem(to, inbox(context, to), kind, props, []);
	deriveProperties(message, to);
	return message;
}

/**
 * Sends (or re-sends) a meeting's invitations: one per attendee (or per attendee in `to`, when
 * only they are told), counted per meeting UID.
 */
export function sendMeetingInvitations(context: OperationContext, meeting: StoredItem, to?: string[]): void {
	const uid = countMeetingMail(context, meeting, 'invitations', to);
	if (!uid) return;
	for (const attendee of internalAttendees(context, meeting, to)) {
		const existing = attendeeCopy(context, attendee, uid);
		let copy = existing;
		if (existing) {
			const signature = seriesSignature(existing);
			for (const [name, node] of copyProperties(meeting.props, MEETING_PROPERTIES)) existing.props.set(name, node);
			deriveProperties(existing, attendee);
			dropExceptionsIfRedefined(existing, signature);
			context.store.updated(existing);
		} else {
			const props = copyProperties(meeting.props, MEETING_PROPERTIES);
			props.set('MyResponseType', element('MyResponseType', {}, 'NoResponseReceived'));
			props.set('LegacyFreeBusyStatus', element('LegacyFreeBusyStatus', {}, 'Tentative'));
			const calendar = context.store.distinguished(attendee, 'calendar')!;
			copy = context.store.createItem(attendee, calendar, 'CalendarItem', props, []);
			deriveProperties(copy, attendee);
		}
		const request = copyProperties(meeting.props, MEETING_PROPERTIES);
		request.set('MeetingRequestType', element('MeetingRequestType', {}, existing ? 'FullUpdate' : 'NewMeetingRequest'));
		request.set('IntendedFreeBusyStatus', element('IntendedFreeBusyStatus', {}, meeting.props.get('LegacyFreeBusyStatus')?.text ?? 'Busy'));
		request.set('ResponseType', element('ResponseType', {}, copy!.props.get('MyResponseType')?.text ?? 'NoResponseReceived'));
		deliverMeetingMessage(context, attendee, organizerOf(context, meeting), 'MeetingRequest', request, copy);
	}
}

/**
 * Sends cancellations (with `body`, when given) and marks the attendees' copies cancelled: to
 * every attendee, or to those in `to` (attendees taken off the meeting).
 */
export function sendMeetingCancellations(context: OperationContext, meeting: StoredItem, body?: XNode, to?: string[]): void {
	const uid = countMeetingMail(context, meeting, 'cancellations', to);
	if (!uid) return;
	for (const attendee of internalAttendees(context, meeting, to)) {
		const existing = attendeeCopy(context, attendee, uid);
		if (existing) {
			existing.props.set('IsCancelled', element('IsCancelled', {}, 'true'));
			context.store.updated(existing);
		}
		const cancellation = copyProperties(meeting.props, ['Start', 'End', 'Location', 'UID', 'Recurrence']);
		cancellation.set('Subject', element('Subject', {}, `Canceled: ${meeting.props.get('Subject')?.text ?? ''}`));
		if (body) cancellation.set('Body', body);
		deliverMeetingMessage(context, attendee, organizerOf(context, meeting), 'MeetingCancellation', cancellation, existing);
	}
}

/**
 * Sends an update of one occurrence: the attendees' copies of the series get the same exception
 * (the organizer's extended properties stay the organizer's), and a meeting request for that
 * occurrence arrives.
 */
export function sendOccurrenceUpdate(context: OperationContext, series: StoredItem, occurrence: Occurrence): void {
	const uid = countMeetingMail(context, series, 'invitations');
	if (!uid) return;
	const exception = series.exceptions!.modified.get(occurrence.index)!;
	const props = new Map([...exception.props].filter(([name]) => name !== 'LastModifiedTime').map(([name, node]) => [name, node && cloneNode(node)]));
	const updated = occurrenceItem(series, occurrence);
	for (const attendee of internalAttendees(context, series)) {
		const copy = attendeeCopy(context, attendee, uid);
		if (copy?.props.has('Recurrence')) saveException(context.store, copy, occurrence, { props, extended: new Map() });
		const request = copyProperties(updated.props, [...MEETING_PROPERTIES, 'RecurrenceId']);
		request.set('MeetingRequestType', element('MeetingRequestType', {}, 'FullUpdate'));
		deliverMeetingMessage(context, attendee, organizerOf(context, series), 'MeetingRequest', request, copy);
	}
}

/** Cancels one occurrence: it is deleted from the attendees' copies of the series, and a cancellation arrives. */
export function sendOccurrenceCancellations(context: OperationContext, series: StoredItem, occurrence: Occurrence): void {
	const uid = countMeetingMail(context, series, 'cancellations');
	if (!uid) return;
	for (const attendee of internalAttendees(context, series)) {
		const copy = attendeeCopy(context, attendee, uid);
		if (copy?.props.has('Recurrence') && !copy.exceptions?.deleted.has(occurrence.index)) deleteOccurrence(context.store, copy, occurrence);
		const cancellation = copyProperties(occurrenceItem(series, occurrence).props, ['Start', 'End', 'Location', 'UID', 'RecurrenceId']);
		cancellation.set('Subject', element('Subject', {}, `Canceled: ${series.props.get('Subject')?.text ?? ''}`));
		deliverMeetingMessage(context, attendee, organizerOf(context, series), 'MeetingCancellation', cancellation, copy);
	}
}
