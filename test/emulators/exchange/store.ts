/**
 * The mailboxes behind the emulator: folders, items and the change log that SyncFolderItems
 * and notifications read. An item keeps its EWS properties as XML nodes keyed by element name
 * (one name per property within an item type), so whatever a request set is stored and answered
 * exactly, and restrictions, updates and shapes work on any property the same way.
 */
import { cloneNode, element, type XNode } from './xml';

export type ItemKind = 'Item' | 'Message' | 'PostItem' | 'CalendarItem' | 'Contact' | 'DistributionList' | 'Task' | 'MeetingRequest' | 'MeetingResponse' | 'MeetingCancellation';

/** Schema type and default item class of each item element. */
export const ITEM_KINDS: Record<ItemKind, { schemaType: string; itemClass: string }> = {
	Item: { schemaType: 'ItemType', itemClass: 'IPM' },
	Message: { schemaType: 'MessageType', itemClass: 'IPM.Note' },
	PostItem: { schemaType: 'PostItemType', itemClass: 'IPM.Post' },
	CalendarItem: { schemaType: 'CalendarItemType', itemClass: 'IPM.Appointment' },
	Contact: { schemaType: 'ContactItemType', itemClass: 'IPM.Contact' },
	DistributionList: { schemaType: 'DistributionListType', itemClass: 'IPM.DistList' },
	Task: { schemaType: 'TaskType', itemClass: 'IPM.Task' },
	MeetingRequest: { schemaType: 'MeetingRequestMessageType', itemClass: 'IPM.Schedule.Meeting.Request' },
	MeetingResponse: { schemaType: 'MeetingResponseMessageType', itemClass: 'IPM.Schedule.Meeting.Resp.Pos' },
	MeetingCancellation: { schemaType: 'MeetingCancellationMessageType', itemClass: 'IPM.Schedule.Meeting.Canceled' },
};

/** Messages and the meeting messages built on them. */
export function isMessageKind(kind: ItemKind): boolean {
	return kind === 'Message' || kind.startsWith('Meeting');
}

export function isItemKind(name: string): name is ItemKind {
	return Object.prototype.hasOwnProperty.call(ITEM_KINDS, name);
}

export type FolderKind = 'Folder' | 'CalendarFolder' | 'ContactsFolder' | 'TasksFolder';

export interface Folder {
	id: string;
	mailbox: string;
	kind: FolderKind;
	displayName: string;
	/** Undefined for the system folders outside the message folder root, which have no class. */
	folderClass?: string;
	parentId?: string;
	distinguishedId?: string;
	changeKey: string;
	version: number;
	createdSeq: number;
	/** Last rename or move. */
	modifiedSeq: number;
}

/** A deleted folder, for SyncFolderHierarchy. */
export interface FolderTombstone {
	id: string;
	/** The folder it was in, so a hierarchy sync below another root does not report it. */
	parentId?: string;
	createdSeq: number;
	deletedSeq: number;
}

export interface ExtendedValue {
	/** Canonical key of the property (set, name or id, type), see extendedKey(). */
	key: string;
	/** The ExtendedProperty element as stored (ExtendedFieldURI + Value or Values). */
	node: XNode;
}

/**
 * A changed occurrence of a recurring series, kept on the series as Exchange keeps exceptions:
 * the properties it overrides (null where it removed the series' value), everything else read
 * from the series.
 */
export interface OccurrenceException {
	/** Start of the occurrence in the series as defined (UTC). */
	originalStart: string;
	props: Map<string, XNode | null>;
	/** Extended properties it overrides, by extendedKey(). */
	extended: Map<string, XNode | null>;
	version: number;
}

/** The exceptions of a series: changed occurrences and deleted ones, by instance index. */
export interface SeriesExceptions {
	modified: Map<number, OccurrenceException>;
	/** Original start (UTC) of each deleted occurrence. */
	deleted: Map<number, string>;
}

export interface StoredItem {
	id: string;
	/**
	 * Stays the same while the item moves between folders of its mailbox (Graph's ImmutableId);
	 * a copy, or a move to another mailbox, gets a new one.
	 */
	immutableId: string;
	changeKey: string;
	version: number;
	mailbox: string;
	folderId: string;
	kind: ItemKind;
	/** EWS properties by element name (Subject, GivenName, EmailAddresses …). */
	props: Map<string, XNode>;
	extended: ExtendedValue[];
	attachments: XNode[];
	/** Only on recurring calendar items that have exceptions. */
	exceptions?: SeriesExceptions;
	createdSeq: number;
	/** Last change other than the read flag. */
	contentSeq: number;
	/** Last change of any kind. */
	modifiedSeq: number;
}

export interface Tombstone {
	id: string;
	folderId: string;
	createdSeq: number;
	deletedSeq: number;
}

export interface Mailbox {
	smtp: string;
	displayName: string;
	folders: Map<string, Folder>;
	items: Map<string, StoredItem>;
	tombstones: Tombstone[];
	folderTombstones: FolderTombstone[];
	/** Numbers the folders users create (their ids never repeat, even after deletions). */
	userFolders: number;
	/** The current item id of each immutable id. */
	immutableIds: Map<string, string>;
}

export type DeleteType = 'HardDelete' | 'SoftDelete' | 'MoveToDeletedItems';

export type StoreEventKind = 'CreatedEvent' | 'ModifiedEvent' | 'DeletedEvent' | 'MovedEvent' | 'CopiedEvent' | 'NewMailEvent';

export interface StoreEvent {
	kind: StoreEventKind;
	mailbox: string;
	seq: number;
	timeStamp: string;
	/** The item's id, or the folder's for a folder event. */
	itemId: string;
	/** The folder the item (or folder) is in. */
	folderId: string;
	oldItemId?: string;
	oldFolderId?: string;
	/** The event is about a folder, not an item. */
	isFolder?: boolean;
	/** A folder's ModifiedEvent for a change to its contents (notified with its UnreadCount). */
	contentsChanged?: boolean;
	/** The folder's unread items after that change, counted when a subscription is told. */
	unreadCount?: number;
}

interface FolderSpec {
	/** The distinguished folder id, or a stable key for the system folders that have none. */
	key: string;
	name: string;
	kind?: FolderKind;
	folderClass?: string;
	distinguished?: boolean;
	children?: FolderSpec[];
}

const mailFolder = (key: string, name: string, children?: FolderSpec[]): FolderSpec => ({ key, name, folderClass: 'IPF.Note', distinguished: true, children });

/**
 * The folders of a new Exchange 2016/2019 mailbox (English names): the root with the system
 * folders outside the message folder root, and the default folders under "Top of Information
 * Store" (msgfolderroot). Search folders (Finder's contents) are not modelled.
 */
const MAILBOX_FOLDERS: FolderSpec = {
	key: 'root',
	name: '',
	distinguished: true,
	children: [
		{ key: 'common-views', name: 'Common Views' },
		{ key: 'deferred-action', name: 'Deferred Action' },
		{ key: 'exchange-sync-data', name: 'ExchangeSyncData' },
		{ key: 'searchfolders', name: 'Finder', distinguished: true },
		{ key: 'freebusy-data', name: 'Freebusy Data' },
		{ key: 'location', name: 'Location' },
		{ key: 'mailbox-associations', name: 'MailboxAssociations' },
		{
			key: 'recoverableitemsroot',
			name: 'Recoverable Items',
			distinguished: true,
			children: [
				{ key: 'recoverableitemsdeletions', name: 'Deletions', distinguished: true },
				{ key: 'recoverableitemspurges', name: 'Purges', distinguished: true },
				{ key: 'recoverableitemsversions', name: 'Versions', distinguished: true },
			],
		},
		{ key: 'schedule', name: 'Schedule' },
		{ key: 'spooler-queue', name: 'Spooler Queue' },
		{ key: 'system', name: 'System' },
		{
			key: 'msgfolderroot',
			name: 'Top of Information Store',
			distinguished: true,
			children: [
				{ key: 'calendar', name: 'Calendar', kind: 'CalendarFolder', folderClass: 'IPF.Appointment', distinguished: true },
				{ key: 'contacts', name: 'Contacts', kind: 'ContactsFolder', folderClass: 'IPF.Contact', distinguished: true },
				mailFolder('deleteditems', 'Deleted Items'),
				mailFolder('drafts', 'Drafts'),
				mailFolder('inbox', 'Inbox'),
				{ key: 'journal', name: 'Journal', folderClass: 'IPF.Journal', distinguished: true },
				mailFolder('junkemail', 'Junk Email'),
				{ key: 'notes', name: 'Notes', folderClass: 'IPF.StickyNote', distinguished: true },
				mailFolder('outbox', 'Outbox'),
				{ key: 'rss-feeds', name: 'RSS Feeds', folderClass: 'IPF.Note.OutlookHomepage' },
				mailFolder('sentitems', 'Sent Items'),
				mailFolder('syncissues', 'Sync Issues', [
					mailFolder('conflicts', 'Conflicts'),
					mailFolder('localfailures', 'Local Failures'),
					mailFolder('serverfailures', 'Server Failures'),
				]),
				{ key: 'tasks', name: 'Tasks', kind: 'TasksFolder', folderClass: 'IPF.Task', distinguished: true },
			],
		},
		{ key: 'views', name: 'Views' },
	],
};

const encode = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/**
 * Decodes an ItemId this server issued; undefined when it is not one. An occurrence of a series
 * carries the series' id plus `:occN`, N its 1-based instance index in the series as defined.
 */
export function decodeItemId(id: string): { mailbox: string; serial: number; masterId: string; occurrence?: number } | undefined {
	if (!/^[A-Za-z0-9+/]+={0,2}$/.test(id)) return undefined;
	const match = /^AAMk:item:([^:]+):(\d+)(?::occ(\d+))?$/.exec(Buffer.from(id, 'base64').toString('utf8'));
	if (!match) return undefined;
	const decoded = { mailbox: match[1], serial: Number(match[2]), masterId: encode(`AAMk:item:${match[1]}:${match[2]}`) };
	return match[3] === undefined ? decoded : { ...decoded, occurrence: Number(match[3]) };
}

/** Decodes an immutable id this server issued; undefined when it is not one. Occurrences carry `:occN` as item ids do. */
export function decodeImmutableId(id: string): { mailbox: string; immutableId: string; occurrence?: number } | undefined {
	if (!/^[A-Za-z0-9+/]+={0,2}$/.test(id)) return undefined;
	const match = /^AAkA:imm:([^:]+):(\d+)(?::occ(\d+))?$/.exec(Buffer.from(id, 'base64').toString('utf8'));
	if (!match) return undefined;
	const decoded = { mailbox: match[1], immutableId: encode(`AAkA:imm:${match[1]}:${match[2]}`) };
	return match[3] === undefined ? decoded : { ...decoded, occurrence: Number(match[3]) };
}

/** The id of a series' occurrence `index`. */
export function occurrenceId(masterId: string, index: number): string {
	return encode(`${Buffer.from(masterId, 'base64').toString('utf8')}:occ${index}`);
}

function cloneExceptions(exceptions: SeriesExceptions | undefined): SeriesExceptions | undefined {
	if (!exceptions) return undefined;
	const cloneOverrides = (map: Map<string, XNode | null>) => new Map([...map].map(([key, node]) => [key, node && cloneNode(node)]));
	const modified = [...exceptions.modified].map(([index, e]) => [index, { ...e, props: cloneOverrides(e.props), extended: cloneOverrides(e.extended) }] as const);
	return { modified: new Map(modified), deleted: new Map(exceptions.deleted) };
}

export class ExchangeStore {
	readonly mailboxes = new Map<string, Mailbox>();
	private seq = 0;
	private serial = 0;
	private listeners: Array<(event: StoreEvent) => void> = [];
	/**
	 * The last listing FindItem filtered and sorted, reused by its next pages while the store is
	 * unchanged: paging 100,000 items 100 at a time must not sort them a thousand times.
	 */
	private lastListing?: { key: string; seq: number; items: StoredItem[] };
	/** The clock behind every timestamp the store writes (replaceable to pin time). */
	now: () => Date = () => new Date();

	onEvent(listener: (event: StoreEvent) => void): void {
		this.listeners.push(listener);
	}

	private nextSeq(): number {
		return ++this.seq;
	}

	get currentSeq(): number {
		return this.seq;
	}

	clear(): void {
		this.lastListing = undefined;
		this.mailboxes.clear();
		this.seq = 0;
		this.serial = 0;
	}

	addMailbox(smtp: string, displayName: string): Mailbox {
		const mailbox: Mailbox = { smtp: smtp.toLowerCase(), displayName, folders: new Map(), items: new Map(), tombstones: [], folderTombstones: [], userFolders: 0, immutableIds: new Map() };
		this.mailboxes.set(mailbox.smtp, mailbox);
		const add = (spec: FolderSpec, parentId?: string) => {
			const folder = this.addFolder(mailbox, {
				displayName: spec.name,
				kind: spec.kind ?? 'Folder',
				folderClass: spec.folderClass,
				parentId,
				key: spec.key,
				distinguishedId: spec.distinguished ? spec.key : undefined,
			});
			for (const child of spec.children ?? []) add(child, folder.id);
		};
		add(MAILBOX_FOLDERS);
		return mailbox;
	}

	mailbox(smtp: string): Mailbox | undefined {
		return this.mailboxes.get(smtp.toLowerCase());
	}

	addFolder(
		mailbox: Mailbox,
		spec: { displayName: string; kind: FolderKind; folderClass?: string; parentId?: string; distinguishedId?: string; key?: string },
	): Folder {
		const { key = `user-${++mailbox.userFolders}`, ...properties } = spec;
		const seq = this.nextSeq();
		const folder: Folder = {
			id: encode(`AAMk:folder:${mailbox.smtp}:${key}`),
			mailbox: mailbox.smtp,
			changeKey: '',
			version: 0,
			createdSeq: seq,
			modifiedSeq: seq,
			...properties,
		};
		this.touchFolder(folder, seq);
		mailbox.folders.set(folder.id, folder);
		if (folder.parentId) this.emit({ kind: 'CreatedEvent', mailbox: mailbox.smtp, itemId: folder.id, folderId: folder.parentId, isFolder: true }, seq);
		return folder;
	}

	private touchFolder(folder: Folder, seq: number): void {
		folder.version++;
		folder.modifiedSeq = seq;
		folder.changeKey = encode(`fck:${folder.id}:${folder.version}`);
	}

	/** Records a rename (the caller changed the folder) or a move to `newParentId`. */
	folderChanged(folder: Folder, newParentId?: string): void {
		const seq = this.nextSeq();
		const oldParentId = folder.parentId;
		if (newParentId) folder.parentId = newParentId;
		this.touchFolder(folder, seq);
		const moved = newParentId !== undefined && newParentId !== oldParentId;
		this.emit(
			{ kind: moved ? 'MovedEvent' : 'ModifiedEvent', mailbox: folder.mailbox, itemId: folder.id, folderId: folder.parentId!, oldItemId: moved ? folder.id : undefined, oldFolderId: moved ? oldParentId : undefined, isFolder: true },
			seq,
		);
	}

	/** The folders below `parent`, by name as FindFolder lists them (baseshape), each followed by its own when `deep`. */
	subfolders(parent: Folder, deep: boolean): Folder[] {
		const all = [...this.mailbox(parent.mailbox)!.folders.values()];
		const below = (folder: Folder): Folder[] => {
			const direct = all.filter((f) => f.parentId === folder.id).sort((a, b) => a.displayName.localeCompare(b.displayName, 'en', { sensitivity: 'base' }));
			return deep ? direct.flatMap((f) => [f, ...below(f)]) : direct;
		};
		return below(parent);
	}

	/** Deletes a folder with everything in it (items and subfolders, deepest first). */
	deleteFolder(folder: Folder): void {
		const mailbox = this.mailbox(folder.mailbox)!;
		for (const child of this.subfolders(folder, false)) this.deleteFolder(child);
		for (const item of this.itemsIn(mailbox, folder.id)) this.deleteItem(item);
		const seq = this.nextSeq();
		mailbox.folders.delete(folder.id);
		mailbox.folderTombstones.push({ id: folder.id, parentId: folder.parentId, createdSeq: folder.createdSeq, deletedSeq: seq });
		this.emit({ kind: 'DeletedEvent', mailbox: mailbox.smtp, itemId: folder.id, folderId: folder.parentId!, isFolder: true }, seq);
	}

	distinguished(mailbox: Mailbox, distinguishedId: string): Folder | undefined {
		return [...mailbox.folders.values()].find((f) => f.distinguishedId === distinguishedId);
	}

	folderByNameOrId(mailbox: Mailbox, nameOrId: string): Folder | undefined {
		return mailbox.folders.get(nameOrId) ?? this.distinguished(mailbox, nameOrId) ??
			[...mailbox.folders.values()].find((f) => f.displayName.toLowerCase() === nameOrId.toLowerCase());
	}

	/** The listing `key` names, built by `build` unless the store is unchanged since the last one. */
	listing(key: string, build: () => StoredItem[]): StoredItem[] {
		if (this.lastListing?.key !== key || this.lastListing.seq !== this.seq) this.lastListing = { key, seq: this.seq, items: build() };
		return this.lastListing.items;
	}

	itemsIn(mailbox: Mailbox, folderId: string): StoredItem[] {
		return [...mailbox.items.values()].filter((item) => item.folderId === folderId);
	}

	findItem(id: string): StoredItem | undefined {
		const decoded = decodeItemId(id);
		return decoded ? this.mailbox(decoded.mailbox)?.items.get(decoded.masterId) : undefined;
	}

	/** The item an immutable id names, wherever it moved in its mailbox. */
	findByImmutableId(immutableId: string): StoredItem | undefined {
		const decoded = decodeImmutableId(immutableId);
		const mailbox = decoded && this.mailbox(decoded.mailbox);
		const id = mailbox?.immutableIds.get(decoded!.immutableId);
		return id ? mailbox!.items.get(id) : undefined;
	}

	private newImmutableId(mailbox: Mailbox, serial: number): string {
		return encode(`AAkA:imm:${mailbox.smtp}:${serial}`);
	}

	/**
	 * Tells the listeners (notifications) about a change. A change to an item also modifies its
	 * folder (and a move the folder it left): each gets a ModifiedEvent, answered with its unread
	 * count, as Exchange sends one for the folder with every item event (modifiedevent).
	 */
	private emit(event: Omit<StoreEvent, 'timeStamp' | 'seq'>, seq: number): void {
		const full: StoreEvent = { ...event, seq, timeStamp: this.timestamp() };
		for (const listener of this.listeners) listener(full);
		if (event.isFolder || event.kind === 'NewMailEvent') return;
		const mailbox = this.mailbox(event.mailbox)!;
		for (const folderId of new Set([event.folderId, event.kind === 'MovedEvent' ? event.oldFolderId : undefined])) {
			const folder = folderId ? mailbox.folders.get(folderId) : undefined;
			if (!folder?.parentId) continue;
			const folderEvent: StoreEvent = { kind: 'ModifiedEvent', mailbox: mailbox.smtp, itemId: folder.id, folderId: folder.parentId, isFolder: true, contentsChanged: true, seq, timeStamp: full.timeStamp };
			for (const listener of this.listeners) listener(folderEvent);
		}
	}

	private touch(item: StoredItem, seq: number, contentChanged: boolean): void {
		item.version++;
		item.changeKey = encode(`CK:${decodeItemId(item.id)?.serial}:${item.version}`);
		item.modifiedSeq = seq;
		if (contentChanged) item.contentSeq = seq;
		item.props.set('LastModifiedTime', element('LastModifiedTime', {}, this.timestamp()));
	}

	timestamp(): string {
		return this.now().toISOString().replace(/\.\d{3}Z$/, 'Z');
	}

	createItem(
		mailbox: Mailbox,
		folder: Folder,
		kind: ItemKind,
		props: Map<string, XNode>,
		extended: ExtendedValue[],
		attachments: XNode[] = [],
	): StoredItem {
		const seq = this.nextSeq();
		const serial = ++this.serial;
		const item: StoredItem = {
			id: encode(`AAMk:item:${mailbox.smtp}:${serial}`),
			immutableId: this.newImmutableId(mailbox, serial),
			changeKey: '',
			version: 0,
			mailbox: mailbox.smtp,
			folderId: folder.id,
			kind,
			props,
			extended,
			attachments,
			createdSeq: seq,
			contentSeq: seq,
			modifiedSeq: seq,
		};
		const now = this.timestamp();
		if (!props.has('ItemClass')) props.set('ItemClass', element('ItemClass', {}, ITEM_KINDS[kind].itemClass));
		if (!props.has('DateTimeCreated')) props.set('DateTimeCreated', element('DateTimeCreated', {}, now));
		if (!props.has('DateTimeReceived')) props.set('DateTimeReceived', element('DateTimeReceived', {}, now));
		this.touch(item, seq, true);
		mailbox.items.set(item.id, item);
		mailbox.immutableIds.set(item.immutableId, item.id);
		this.emit({ kind: 'CreatedEvent', mailbox: mailbox.smtp, itemId: item.id, folderId: folder.id }, seq);
		if (isMessageKind(kind)) {
			if (folder.distinguishedId === 'inbox') this.emit({ kind: 'NewMailEvent', mailbox: mailbox.smtp, itemId: item.id, folderId: folder.id }, seq);
		}
		return item;
	}

	/** Records a change made to `item` (its props already mutated by the caller). */
	updated(item: StoredItem, readFlagOnly = false): void {
		const seq = this.nextSeq();
		this.touch(item, seq, !readFlagOnly);
		this.emit({ kind: 'ModifiedEvent', mailbox: item.mailbox, itemId: item.id, folderId: item.folderId }, seq);
	}

	deleteItem(item: StoredItem): void {
		const mailbox = this.mailbox(item.mailbox)!;
		const seq = this.nextSeq();
		mailbox.items.delete(item.id);
		mailbox.immutableIds.delete(item.immutableId);
		mailbox.tombstones.push({ id: item.id, folderId: item.folderId, createdSeq: item.createdSeq, deletedSeq: seq });
		this.emit({ kind: 'DeletedEvent', mailbox: mailbox.smtp, itemId: item.id, folderId: item.folderId }, seq);
	}

	/**
	 * Deletes an item as DeleteItem's DeleteType says: MoveToDeletedItems moves it to Deleted
	 * Items (from there, or from a folder below it, it is soft-deleted), SoftDelete moves it to
	 * the dumpster (Recoverable Items, Deletions), HardDelete removes it. Returns where it went.
	 */
	discardItem(item: StoredItem, deleteType: DeleteType): StoredItem | undefined {
		const mailbox = this.mailbox(item.mailbox)!;
		const deletedItems = this.distinguished(mailbox, 'deleteditems')!;
		const inDeletedItems = (folderId: string | undefined): boolean => !!folderId && (folderId === deletedItems.id || inDeletedItems(mailbox.folders.get(folderId)?.parentId));
		if (deleteType === 'MoveToDeletedItems' && !inDeletedItems(item.folderId)) return this.copyItem(item, deletedItems, true);
		const dumpster = this.distinguished(mailbox, 'recoverableitemsdeletions')!;
		if (deleteType !== 'HardDelete' && item.folderId !== dumpster.id) return this.copyItem(item, dumpster, true);
		this.deleteItem(item);
		return undefined;
	}

	/** Copies an item into a folder (a new id); with `move`, the original is removed. */
	copyItem(item: StoredItem, target: Folder, move: boolean): StoredItem {
		const mailbox = this.mailbox(target.mailbox)!;
		const props = new Map([...item.props.entries()].map(([key, node]) => [key, cloneNode(node)]));
		const extended = item.extended.map((e) => ({ key: e.key, node: cloneNode(e.node) }));
		const seq = this.nextSeq();
		const serial = ++this.serial;
		const keepsIdentity = move && item.mailbox === mailbox.smtp;
		const copy: StoredItem = {
			...item,
			id: encode(`AAMk:item:${mailbox.smtp}:${serial}`),
			immutableId: keepsIdentity ? item.immutableId : this.newImmutableId(mailbox, serial),
			version: 0,
			mailbox: mailbox.smtp,
			folderId: target.id,
			props,
			extended,
			attachments: item.attachments.map(cloneNode),
			exceptions: cloneExceptions(item.exceptions),
			createdSeq: seq,
		};
		this.touch(copy, seq, true);
		mailbox.items.set(copy.id, copy);
		mailbox.immutableIds.set(copy.immutableId, copy.id);
		if (move) {
			const source = this.mailbox(item.mailbox)!;
			source.items.delete(item.id);
			if (!keepsIdentity) source.immutableIds.delete(item.immutableId);
			source.tombstones.push({ id: item.id, folderId: item.folderId, createdSeq: item.createdSeq, deletedSeq: seq });
		}
		this.emit(
			{ kind: move ? 'MovedEvent' : 'CopiedEvent', mailbox: mailbox.smtp, itemId: copy.id, folderId: target.id, oldItemId: item.id, oldFolderId: item.folderId },
			seq,
		);
		return copy;
	}
}
