/** What every operation handler gets: the store, the caller, the mailbox it acts on, and helpers. */
import type { Account, Authenticator } from './auth';
import type { RequestCounters } from '../common/counters';
import type { Notifications } from './notifications';
import type { Folder, Mailbox, StoredItem, ExchangeStore } from './store';
import { decodeItemId } from './store';
import { liveOccurrence } from './occurrences';
import type { Occurrence } from './recurrence';
import { EwsError } from './soap';
import { child, textOf, type XNode } from './xml';

export interface OperationContext {
	store: ExchangeStore;
	auth: Authenticator;
	counters: RequestCounters;
	caller: Account;
	/** The mailbox the request acts on (the impersonated one, or the caller's own). */
	mailbox: Mailbox;
	/** Windows time zone id from the TimeZoneContext header (UTC when absent). */
	timeZoneId: string;
	/** Invitations and cancellations "sent", per meeting UID. */
	meetingMail: MeetingMailLog;
	notifications: Notifications;
	/** Set by the `partialPage` fault: FindItem returns at most this many items per page. */
	pageLimit?: number;
}

export interface MeetingMailLog {
	invitations: Map<string, number>;
	cancellations: Map<string, number>;
}

export function mayOpen(caller: Account, smtp: string): boolean {
	return caller.impersonation || caller.smtp.toLowerCase() === smtp.toLowerCase();
}

/** Opens a mailbox named in a request (`<t:Mailbox>`), checking the caller's rights. */
export function openMailbox(context: OperationContext, smtp: string): Mailbox {
	const mailbox = context.store.mailbox(smtp);
	if (!mailbox) throw new EwsError('ErrorNonExistentMailbox', 'The SMTP address has no mailbox associated with it.', { SmtpAddress: smtp });
	if (!mayOpen(context.caller, smtp)) {
		throw new EwsError('ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
	}
	return mailbox;
}

/** Resolves a DistinguishedFolderId or FolderId element. */
export function resolveFolder(context: OperationContext, node: XNode | undefined): Folder {
	if (!node) throw new EwsError('ErrorInvalidRequest', 'A folder id is required.');
	if (node.name === 'DistinguishedFolderId') {
		const smtp = textOf(node, 'Mailbox', 'EmailAddress');
		const mailbox = smtp ? openMailbox(context, smtp) : context.mailbox;
		const folder = context.store.distinguished(mailbox, node.attrs.Id);
		if (!folder) throw new EwsError('ErrorFolderNotFound', `The distinguished folder ${node.attrs.Id} is not available in this emulator.`);
		return folder;
	}
	const decoded = /^AAMk:folder:([^:]+):/.exec(Buffer.from(node.attrs.Id ?? '', 'base64').toString('utf8'));
	if (!decoded) throw new EwsError('ErrorInvalidIdMalformed', 'Id is malformed.');
	const mailbox = openMailbox(context, decoded[1]);
	const folder = mailbox.folders.get(node.attrs.Id);
	if (!folder) throw new EwsError('ErrorFolderNotFound', 'The specified folder could not be found in the store.');
	return folder;
}

/** The one folder id inside a wrapper such as ParentFolderIds or SavedItemFolderId. */
export function folderIn(context: OperationContext, wrapper: XNode | undefined): Folder | undefined {
	const node = child(wrapper, 'DistinguishedFolderId') ?? child(wrapper, 'FolderId');
	return node ? resolveFolder(context, node) : undefined;
}

/** A stored item and, when the id names one of its occurrences, that occurrence's instance index. */
function storedItem(context: OperationContext, id: string): { item: StoredItem; index?: number } {
	const decoded = decodeItemId(id);
	if (!decoded) throw new EwsError('ErrorInvalidIdMalformed', 'Id is malformed.');
	const mailbox = context.store.mailbox(decoded.mailbox);
	const item = mailbox?.items.get(decoded.masterId);
	if (!item) throw new EwsError('ErrorItemNotFound', 'The specified object was not found in the store.');
	if (!mayOpen(context.caller, decoded.mailbox)) throw new EwsError('ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
	return { item, index: decoded.occurrence };
}

/** What an item id names: a stored item, or an occurrence of a stored series. */
export interface ItemTarget {
	item: StoredItem;
	occurrence?: Occurrence;
}

/**
 * Resolves an ItemId (an occurrence's own id included), an OccurrenceItemId (series id and
 * instance index) or a RecurringMasterItemId (an occurrence's id, naming its series).
 */
export function resolveTarget(context: OperationContext, node: XNode): ItemTarget {
	if (node.name === 'OccurrenceItemId') {
		const { item, index } = storedItem(context, node.attrs.RecurringMasterId ?? '');
		if (index !== undefined || !item.props.has('Recurrence')) {
			throw new EwsError('ErrorCalendarCannotUseIdForOccurrenceId', 'The RecurringMasterId does not name a recurring series.');
		}
		return { item, occurrence: liveOccurrence(item, Number(node.attrs.InstanceIndex)) };
	}
	if (node.name === 'RecurringMasterItemId') {
		const { item, index } = storedItem(context, node.attrs.OccurrenceId ?? '');
		if (index === undefined) throw new EwsError('ErrorCalendarCannotUseIdForRecurringMasterId', 'The OccurrenceId does not name an occurrence of a recurring series.');
		return { item };
	}
	if (node.name !== 'ItemId' && node.name !== 'ParentItemId' && node.name !== 'ReferenceItemId') throw new EwsError('ErrorInvalidIdMalformed', `${node.name} is not supported by this emulator.`);
	const { item, index } = storedItem(context, node.attrs.Id ?? '');
	return index === undefined ? { item } : { item, occurrence: liveOccurrence(item, index) };
}

/** Resolves an item id for an operation that takes stored items only, not occurrences. */
export function resolveItem(context: OperationContext, node: XNode, occurrenceError = 'ErrorInvalidOperation'): StoredItem {
	const target = resolveTarget(context, node);
	if (target.occurrence) throw new EwsError(occurrenceError, 'This operation is not supported on an occurrence of a recurring series.');
	return target.item;
}

/** Runs a per-element step, turning EwsErrors into that element's error response. */
export function perElement<T>(step: () => T): T | EwsError {
	try {
		return step();
	} catch (error) {
		if (error instanceof EwsError) return error;
		throw error;
	}
}
