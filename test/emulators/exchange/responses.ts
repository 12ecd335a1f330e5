/**
 * Response objects, created with CreateItem (createitem-operation): an attendee's AcceptItem,
 * TentativelyAcceptItem and DeclineItem, the organizer's CancelCalendarItem, an attendee's
 * RemoveItem for a cancellation, and ReplyToItem, ReplyAllToItem and ForwardItem for mail.
 *
 * A meeting response does what Exchange and its calendar assistant do: the attendee's copy of
 * the meeting takes the response (MyResponseType; declined meetings leave the calendar), the
 * meeting's requests leave the attendee's Inbox for Deleted Items (whether the response was made
 * on a request or on the meeting), and unless it is only saved the response reaches the
 * organizer as a MeetingResponse in their Inbox, and their calendar item records the attendee's
 * ResponseType and LastResponseTime.
 */
import { resolveItem, type OperationContext } from './context';
import { attendeesOf, deriveProperties, mailboxNode } from './items';
import { attendeeCopy, deliverMeetingMessage, deliverMessage, sendMeetingCancellations, type MeetingMessageKind } from './mail';
import { normaliseProperty } from './properties';
import { EwsError } from './soap';
import type { Mailbox, StoredItem } from './store';
import { child, cloneNode, element, type XNode } from './xml';

/** The meeting responses, with the response type, subject prefix and item class each one makes. */
const MEETING_RESPONSES: Record<string, { response: string; prefix: string; itemClass: string; wrongItem: string }> = {
	AcceptItem: { response: 'Accept', prefix: 'Accepted', itemClass: 'IPM.Schedule.Meeting.Resp.Pos', wrongItem: 'ErrorInvalidItemForOperationAcceptItem' },
	TentativelyAcceptItem: { response: 'Tentative', prefix: 'Tentative', itemClass: 'IPM.Schedule.Meeting.Resp.Tent', wrongItem: 'ErrorInvalidItemForOperationTentative' },
	DeclineItem: { response: 'Decline', prefix: 'Declined', itemClass: 'IPM.Schedule.Meeting.Resp.Neg', wrongItem: 'ErrorInvalidItemForOperationDeclineItem' },
};

const MAIL_RESPONSES = new Set(['ReplyToItem', 'ReplyAllToItem', 'ForwardItem']);

export const RESPONSE_OBJECTS = new Set([...Object.keys(MEETING_RESPONSES), ...MAIL_RESPONSES, 'CancelCalendarItem', 'RemoveItem']);

type Disposition = 'SaveOnly' | 'SendOnly' | 'SendAndSaveCopy';

const text = (name: string, value: string) => element(name, {}, value);

function mailboxOf(context: OperationContext, item: StoredItem): Mailbox {
	return context.store.mailbox(item.mailbox)!;
}

/** The address of a `<t:Mailbox>`. */
function addressOf(mailbox: XNode | undefined): string | undefined {
	return child(mailbox, 'EmailAddress')?.text.toLowerCase();
}

/** The address of an element holding a Mailbox (Organizer, From, an Attendee). */
function emailOf(node: XNode | undefined): string | undefined {
	return addressOf(child(node, 'Mailbox'));
}

/** Saves a copy of what a response sent into the mailbox's Sent Items, or the unsent response into its Drafts. */
function keepCopy(context: OperationContext, mailbox: Mailbox, kind: MeetingMessageKind, props: Map<string, XNode>, folder: 'sentitems' | 'drafts'): StoredItem {
	const saved = new Map([...props].map(([name, node]) => [name, cloneNode(node)]));
	saved.set('IsRead', text('IsRead', 'true'));
	saved.set('IsDraft', text('IsDraft', String(folder === 'drafts')));
	const item = context.store.createItem(mailbox, context.store.distinguished(mailbox, folder)!, kind, saved, []);
	deriveProperties(item, mailbox);
	return item;
}

/** The organizer's calendar item records an attendee's response, as the calendar assistant does when the response arrives. */
function recordResponse(context: OperationContext, organizerItem: StoredItem, attendee: string, response: string, proposed: XNode[]): void {
	for (const list of ['RequiredAttendees', 'OptionalAttendees', 'Resources']) {
		for (const entry of organizerItem.props.get(list)?.children ?? []) {
			if (emailOf(entry) !== attendee) continue;
			entry.children = [
				...entry.children.filter((c) => c.name === 'Mailbox'),
				text('ResponseType', response),
				text('LastResponseTime', context.store.timestamp()),
				...proposed.map(cloneNode),
			];
		}
	}
	context.store.updated(organizerItem);
}

/** AcceptItem, TentativelyAcceptItem, DeclineItem from an attendee's mailbox. */
function respondToMeeting(context: OperationContext, node: XNode, disposition: Disposition): StoredItem[] {
	const kind = MEETING_RESPONSES[node.name];
	const reference = resolveItem(context, child(node, 'ReferenceItemId')!);
	if (reference.kind !== 'MeetingRequest' && reference.kind !== 'CalendarItem') throw new EwsError(kind.wrongItem, `${node.name} is valid only for a meeting request or a meeting.`);
	const uid = reference.props.get('UID')?.text ?? '';
	const attendee = mailboxOf(context, reference);
	const calendarItem = reference.kind === 'CalendarItem' ? reference : attendeeCopy(context, attendee, uid);
	const organizerEmail = emailOf((calendarItem ?? reference).props.get('Organizer'));
	if (!calendarItem || !organizerEmail || organizerEmail === attendee.smtp || !attendeesOf(calendarItem).includes(attendee.smtp)) {
		throw new EwsError(kind.wrongItem, 'Only an attendee can respond to a meeting.');
	}
	const answered: StoredItem[] = [];
	const now = context.store.timestamp();
	if (disposition !== 'SaveOnly') {
		calendarItem.props.set('MyResponseType', text('MyResponseType', kind.response));
		calendarItem.props.set('AppointmentReplyTime', text('AppointmentReplyTime', now));
		const organizerStatus = reference.props.get('IntendedFreeBusyStatus')?.text ?? 'Busy';
		calendarItem.props.set('LegacyFreeBusyStatus', text('LegacyFreeBusyStatus', kind.response === 'Tentative' ? 'Tentative' : organizerStatus));
		context.store.updated(calendarItem);
		const kept = kind.response === 'Decline' ? context.store.discardItem(calendarItem, 'MoveToDeletedItems') : calendarItem;
		if (kept) answered.push(kept);
		// The meeting's requests leave the Inbox, whichever item the response was made on.
		const inbox = context.store.distinguished(attendee, 'inbox')!;
		for (const request of context.store.itemsIn(attendee, inbox.id).filter((item) => item.kind === 'MeetingRequest' && item.props.get('UID')?.text === uid)) {
			const moved = context.store.discardItem(request, 'MoveToDeletedItems');
			if (moved) answered.push(moved);
		}
	}
	const organizer = context.store.mailbox(organizerEmail);
	const proposed = ['ProposedStart', 'ProposedEnd'].flatMap((name) => (child(node, name) ? [normaliseProperty(cloneNode(child(node, name)!))] : []));
	const props = new Map<string, XNode>([
		['ItemClass', text('ItemClass', kind.itemClass)],
		['Subject', text('Subject', `${kind.prefix}: ${calendarItem.props.get('Subject')?.text ?? ''}`)],
		['ToRecipients', element('ToRecipients', {}, child(cloneNode(calendarItem.props.get('Organizer')!), 'Mailbox')!)],
		['ResponseType', text('ResponseType', kind.response)],
		...['Start', 'End', 'Location', 'UID', 'Recurrence'].filter((name) => calendarItem.props.has(name)).map((name) => [name, cloneNode(calendarItem.props.get(name)!)] as [string, XNode]),
		...proposed.map((p) => [p.name, p] as [string, XNode]),
	]);
	const body = child(node, 'Body');
	if (body) props.set('Body', cloneNode(body));
	if (disposition === 'SaveOnly') return [keepCopy(context, attendee, 'MeetingResponse', props, 'drafts')];
	props.set('From', mailboxNode('From', attendee.displayName, attendee.smtp));
	// The answer names the attendee's meeting, the request moved to Deleted Items and the copy of the response kept (CalendarActionResults).
	if (disposition === 'SendAndSaveCopy') answered.push(keepCopy(context, attendee, 'MeetingResponse', props, 'sentitems'));
	const organizerItem = organizer && attendeeCopy(context, organizer, uid);
	if (organizer && organizerItem) {
		recordResponse(context, organizerItem, attendee.smtp, kind.response, proposed);
		deliverMeetingMessage(context, organizer, attendee, 'MeetingResponse', props, organizerItem);
	}
	context.counters.increment('meetingResponsesSent');
	return answered;
}

/** CancelCalendarItem: the organizer cancels a meeting; attendees get the cancellation and the meeting leaves the organizer's calendar. */
function cancelMeeting(context: OperationContext, node: XNode, disposition: Disposition): StoredItem[] {
	const meeting = resolveItem(context, child(node, 'ReferenceItemId')!);
	const organizer = mailboxOf(context, meeting);
	if (meeting.kind !== 'CalendarItem' || emailOf(meeting.props.get('Organizer')) !== organizer.smtp || attendeesOf(meeting).length === 0) {
		throw new EwsError('ErrorInvalidItemForOperationCancelItem', 'Only the organizer can cancel a meeting.');
	}
	if (disposition === 'SaveOnly') {
		const draft = new Map([['Subject', text('Subject', `Canceled: ${meeting.props.get('Subject')?.text ?? ''}`)]]);
		return [keepCopy(context, organizer, 'MeetingCancellation', draft, 'drafts')];
	}
	const newBody = child(node, 'NewBodyContent') ?? child(node, 'Body');
	sendMeetingCancellations(context, meeting, newBody ? { ...cloneNode(newBody), name: 'Body' } : undefined);
	meeting.props.set('IsCancelled', text('IsCancelled', 'true'));
	context.store.updated(meeting);
	const moved = context.store.discardItem(meeting, 'MoveToDeletedItems');
	return moved ? [moved] : [];
}

/**
 * RemoveItem: an attendee takes a cancelled meeting off their calendar (removeitem: valid only
 * for a MeetingCancellation); the meeting and the cancellation go to Deleted Items, and the
 * answer names the meeting there.
 */
function removeCancelledMeeting(context: OperationContext, node: XNode): StoredItem[] {
	const cancellation = resolveItem(context, child(node, 'ReferenceItemId')!);
	if (cancellation.kind !== 'MeetingCancellation') throw new EwsError('ErrorInvalidItemForOperationRemoveItem', 'RemoveItem is valid only for a meeting cancellation.');
	const copy = attendeeCopy(context, mailboxOf(context, cancellation), cancellation.props.get('UID')?.text ?? '');
	const removed = copy && context.store.discardItem(copy, 'MoveToDeletedItems');
	context.store.discardItem(cancellation, 'MoveToDeletedItems');
	return removed ? [removed] : [];
}

const REPLY_PREFIX: Record<string, string> = { ReplyToItem: 'RE', ReplyAllToItem: 'RE', ForwardItem: 'FW' };

/** ReplyToItem, ReplyAllToItem, ForwardItem: a new message quoting the original, sent or saved as a draft. */
function respondToMail(context: OperationContext, node: XNode, disposition: Disposition): StoredItem[] {
	const original = resolveItem(context, child(node, 'ReferenceItemId')!);
	if (!original.kind.startsWith('Meeting') && original.kind !== 'Message') throw new EwsError('ErrorInvalidItemForOperationCreateItem', `${node.name} is valid only for a message.`);
	const me = context.mailbox.smtp;
	const props = new Map<string, XNode>();
	const subject = child(node, 'Subject')?.text ?? `${REPLY_PREFIX[node.name]}: ${original.props.get('Subject')?.text ?? ''}`;
	props.set('Subject', text('Subject', subject));
	const quoted = original.props.get('Body')?.text ?? '';
	const newBody = child(node, 'NewBodyContent') ?? child(node, 'Body');
	props.set('Body', element('Body', { BodyType: newBody?.attrs.BodyType ?? 'Text' }, `${newBody?.text ?? ''}\n\n${quoted}`));
	const mailboxes = (name: string) => (original.props.get(name)?.children ?? []).map(cloneNode);
	const from = original.props.get('From') ? [child(cloneNode(original.props.get('From')!), 'Mailbox')!] : [];
	const given = (name: string) => (child(node, name)?.children ?? []).map(cloneNode);
	const to = node.name === 'ForwardItem' ? given('ToRecipients') : [...given('ToRecipients'), ...from, ...(node.name === 'ReplyAllToItem' ? mailboxes('ToRecipients') : [])];
	const cc = [...given('CcRecipients'), ...(node.name === 'ReplyAllToItem' ? mailboxes('CcRecipients') : [])];
	// Each address once, and never the replying mailbox itself.
	const unique = (list: XNode[]) => list.filter((m, index) => addressOf(m) !== me && list.findIndex((other) => addressOf(other) === addressOf(m)) === index);
	if (unique(to).length > 0) props.set('ToRecipients', element('ToRecipients', {}, ...unique(to)));
	if (unique(cc).length > 0) props.set('CcRecipients', element('CcRecipients', {}, ...unique(cc)));
	if (given('BccRecipients').length > 0) props.set('BccRecipients', element('BccRecipients', {}, ...given('BccRecipients')));
	const messageId = original.props.get('InternetMessageId')?.text;
	if (messageId && node.name !== 'ForwardItem') {
		props.set('InReplyTo', text('InReplyTo', messageId));
		props.set('References', text('References', [original.props.get('References')?.text, messageId].filter(Boolean).join(' ')));
	}
	const attachments = node.name === 'ForwardItem' ? original.attachments.map(cloneNode) : [];
	const folder = disposition === 'SendAndSaveCopy' ? 'sentitems' : 'drafts';
	if (disposition === 'SendOnly') {
		deliverMessage(context, { kind: 'Message', props, extended: [], attachments });
		return [];
	}
	props.set('IsDraft', text('IsDraft', String(disposition === 'SaveOnly')));
	props.set('IsRead', text('IsRead', 'true'));
	const saved = context.store.createItem(context.mailbox, context.store.distinguished(context.mailbox, folder)!, 'Message', props, [], attachments);
	deriveProperties(saved, context.mailbox);
	if (disposition === 'SaveOnly') return [saved];
	deliverMessage(context, { kind: 'Message', props: saved.props, extended: [], attachments }, saved);
	return [];
}

/** Creates one response object; returns the items CreateItem reports for it. */
export function createResponseObject(context: OperationContext, node: XNode, disposition: string | undefined): StoredItem[] {
	const send = (disposition ?? 'SendAndSaveCopy') as Disposition;
	if (MEETING_RESPONSES[node.name]) return respondToMeeting(context, node, send);
	if (node.name === 'CancelCalendarItem') return cancelMeeting(context, node, send);
	if (node.name === 'RemoveItem') return removeCancelledMeeting(context, node);
	return respondToMail(context, node, send);
}
