import type { DateTime } from 'luxon';
import type { IDataObject, IExecuteFunctions, ILoadOptionsFunctions, IPollFunctions, ITriggerFunctions } from 'n8n-workflow';
import type { AnyItemType } from '../helpers/itemTypes';
import type { MessageFields } from '../helpers/itemTypes/message';
import type { ExchangeEvent } from '../helpers/itemShapes';
import type { ItemResult } from '../helpers/results';
import { EwsTransport } from './ews/transport';
import { GraphTransport } from './graph/transport';

/**
 * The seam between the Exchange node's operations and the server. Operations, triggers and the
 * credential test read the node's parameters, validate them and shape the output; a transport
 * only moves plain item JSON (helpers/itemShapes.ts) to and from one kind of server: EWS for
 * Exchange on premises (transport/ews/) and Microsoft Graph for Microsoft 365 (transport/graph/,
 * item types with a Graph mapping, transport/graph/itemMappings.ts). Everything
 * a transport takes and returns is plain data; errors come back as NodeApiError (with the input
 * item's index) either thrown or, for batched calls, per input item in an ItemResult.
 *
 * Batched calls take one request per input item and answer one ItemResult per request, in any
 * order (the router sorts them); a transport batches them as its server allows (EWS: 100 items
 * per call; Graph: $batch of 20).
 */
export interface ExchangeTransport {
	/** The SMTP address items of `mailbox` are reported under (the credential's own when empty). */
	mailboxAddress(mailbox?: string): string;

	createItems(type: AnyItemType, requests: CreateRequest[]): Promise<ItemResult[]>;
	getItems(type: AnyItemType, locators: ItemLocator[]): Promise<ItemResult[]>;
	/**
	 * Writes only the fields that differ from the item's current content (helpers/itemTypes
	 * `fieldsToWrite`), so an unchanged meeting sends no update; `before` receives each found item
	 * as it was before the update.
	 */
	updateItems(type: AnyItemType, requests: UpdateRequest[], before?: Map<number, IDataObject>): Promise<ItemResult[]>;
	deleteItems(type: AnyItemType, requests: DeleteRequest[]): Promise<ItemResult[]>;
	/** Moves messages; a moved item may get a new id (`{ id, previousId, mailbox, moved }`). */
	moveItems(type: AnyItemType, requests: MoveRequest[]): Promise<ItemResult[]>;
	/** Items of a folder matching the filters, most recently changed first. */
	findItems(type: AnyItemType, query: FindQuery, itemIndex?: number): Promise<IDataObject[]>;

	/**
	 * One page of changes after an opaque cursor (empty: from the beginning), or `cursorExpired`
	 * when the server no longer accepts a non-empty cursor (expired, or from another folder).
	 */
	getChanges(type: AnyItemType, query: ChangesQuery, itemIndex?: number): Promise<ChangesPage | CursorExpired>;
	/** The cursor for "now": following it later yields only changes made after this call. */
	currentCursor(type: AnyItemType, mailbox?: string, folder?: FolderRef): Promise<string>;

	/** The events, each series followed by its modified occurrences (with seriesMasterId, originalStart). */
	withExceptions(mailbox: string | undefined, events: IDataObject[], itemIndex: number): Promise<IDataObject[]>;
	/** Deletes a series' unmodified occurrences on the given dates; answers the series read again. */
	deleteOccurrences(request: OccurrenceDeletion): Promise<IDataObject>;

	/** Sends a message (answers nothing) or saves it as a draft (answers the draft). */
	composeMessage(message: OutgoingMessage, itemIndex: number): Promise<IDataObject | undefined>;
	/** A message's file attachments. */
	getAttachments(mailbox: string | undefined, id: string, itemIndex: number): Promise<Attachment[]>;

	/** One item per attendee: `{ email, free, busy: [{ start, end, status }] }` or `{ email, error, code }`. */
	getFreeBusy(request: AvailabilityRequest, itemIndex: number): Promise<IDataObject[]>;
	/** Suggested meeting times within the window, best first within each day. */
	getSuggestions(request: SuggestionRequest, itemIndex: number): Promise<IDataObject[]>;
	resolveNames(mailbox: string | undefined, name: string, itemIndex: number): Promise<IDataObject[]>;
	listFolders(mailbox?: string): Promise<FolderInfo[]>;

	/** Real-time changes of one item type in some mailboxes, until the returned watch is closed. */
	watch(type: AnyItemType, request: WatchRequest): Promise<Watch>;
}

/** A folder: one of the well-known mail folders, or any folder by its id. Absent: the item type's own folder. */
export type FolderRef = { wellKnown: WellKnownFolder } | { id: string };
export type WellKnownFolder = 'inbox' | 'sentitems' | 'drafts' | 'deleteditems' | 'junkemail';

/** The item an input item points at: by its server id or by the sync id the Sync node stored. */
export interface ItemLocator {
	itemIndex: number;
	mailbox?: string;
	id?: string;
	syncId?: string;
	/** The version the caller read; a newer item is not changed (optimistic concurrency). */
	changeKey?: string;
}

export interface CreateRequest {
	itemIndex: number;
	mailbox?: string;
	folder?: FolderRef;
	/** Writable fields in the item type's shape. */
	fields: IDataObject;
	/** Events: the node's Send Invitations value. */
	sendInvitations?: string;
}

export interface UpdateRequest extends ItemLocator {
	fields: IDataObject;
	/** Events: the node's Send Updates value. */
	sendUpdates?: string;
}

export interface DeleteRequest extends ItemLocator {
	/** moveToDeletedItems, softDelete or hardDelete. */
	deleteMode: string;
	/** Events: the node's Send Cancellations value. */
	sendCancellations?: string;
}

export interface MoveRequest extends ItemLocator {
	destination: FolderRef;
}

export interface FindQuery {
	mailbox?: string;
	folder?: FolderRef;
	/**
	 * modifiedSince (ISO), search (text), syncIds and crmRecordIds (comma-separated), hasSyncId;
	 * events: endsAfter, startsBefore (ISO), recurringOnly; messages: unreadOnly.
	 */
	filters: IDataObject;
	limit: number;
}

export interface ChangesQuery {
	mailbox?: string;
	folder?: FolderRef;
	cursor: string;
	/** At most this many changes in the page (the server may cap it lower). */
	maxChanges?: number;
	/** false: created and updated items come as `{ changeType, id, mailbox }` only. */
	loadItems?: boolean;
}

export interface ChangesPage {
	/** Created and updated items in the type's shape with `changeType`, deleted ids, read-flag changes. */
	changes: IDataObject[];
	cursor: string;
	moreChangesAvailable: boolean;
}

/** The answer to a cursor the server no longer accepts: a full resync is due. */
export interface CursorExpired {
	cursorExpired: true;
}

export interface OccurrenceDeletion {
	itemIndex: number;
	mailbox?: string;
	series: ExchangeEvent;
	/** yyyy-MM-dd in the series' zone. */
	dates: string[];
	/** Whether attendees get cancellations. */
	notify: boolean;
}

export interface Attachment {
	fileName: string;
	contentType?: string;
	base64: string;
}

export interface OutgoingMessage {
	mailbox?: string;
	fields: MessageFields;
	attachments: Attachment[];
	send: boolean;
}

export interface AvailabilityRequest {
	mailbox?: string;
	attendees: string[];
	start: DateTime;
	end: DateTime;
}

export interface SuggestionRequest extends AvailabilityRequest {
	durationMinutes: number;
	maxPerDay: number;
}

export interface FolderInfo extends IDataObject {
	id: string;
	displayName: string;
	/** Display names from the mailbox root, e.g. `Inbox/Projects`. */
	path: string;
	folderClass: string | null;
	totalCount: number | null;
	childFolderCount: number | null;
	parentId: string | null;
}

export interface WatchRequest {
	/** undefined stands for the credential's own mailbox. */
	mailboxes: Array<string | undefined>;
	/** created, updated, deleted */
	events: Set<string>;
	/** Changes as getChanges reports them (deleted: `{ changeType, id, mailbox }`). */
	onChanges(changes: IDataObject[]): void;
	onError(error: Error): void;
	warn(message: string): void;
}

export interface Watch {
	close(): Promise<void>;
}

type TransportContext = IExecuteFunctions | IPollFunctions | ITriggerFunctions | ILoadOptionsFunctions;

/** Which server the node talks to: its Server parameter (absent in nodes and workflows made before it: EWS). */
export type ExchangeServer = 'ews' | 'graph';

export function exchangeServer(context: TransportContext): ExchangeServer {
	const server =
		'getInputData' in context
			? context.getNodeParameter('server', 0, 'ews')
			: (context as IPollFunctions | ITriggerFunctions | ILoadOptionsFunctions).getNodeParameter('server', 'ews');
	return server === 'graph' ? 'graph' : 'ews';
}

/** The transport for the node's Server and credential. */
export async function exchangeTransport(context: TransportContext): Promise<ExchangeTransport> {
	return exchangeServer(context) === 'graph' ? await GraphTransport.fromContext(context) : await EwsTransport.fromContext(context);
}
