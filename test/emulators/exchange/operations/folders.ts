/**
 * Folder operations: GetFolder, FindFolder, CreateFolder, UpdateFolder, MoveFolder,
 * DeleteFolder, EmptyFolder and SyncFolderHierarchy.
 */
import { folderIn, perElement, resolveFolder, type OperationContext } from '../context';
import { elementSequence } from '../schemaOrder';
import { EwsError, responseMessages } from '../soap';
import type { DeleteType, ExchangeStore, Folder } from '../store';
import { decodeSyncState, encodeSyncState, nextPage, type SyncChange } from '../syncState';
import { child, children, isTrue, textOf, xml, type RawXml, type XNode } from '../xml';

const FOLDER_SCHEMA_TYPE: Record<string, string> = {
	Folder: 'FolderType',
	CalendarFolder: 'CalendarFolderType',
	ContactsFolder: 'ContactsFolderType',
	TasksFolder: 'TasksFolderType',
};

interface FolderShape {
	base: string;
	extra: Set<string>;
}

function folderShape(operation: XNode): FolderShape {
	const shape = child(operation, 'FolderShape');
	return {
		base: textOf(shape, 'BaseShape') ?? 'Default',
		extra: new Set(children(child(shape, 'AdditionalProperties')).map((p) => (p.attrs.FieldURI ?? '').replace(/^folder:/, ''))),
	};
}

const DEFAULT_PROPERTIES = ['DisplayName', 'TotalCount', 'ChildFolderCount', 'UnreadCount'];
/** What Exchange answers for AllProperties (how-to-synchronize-folders-by-using-ews-in-exchange). */
const ALL_PROPERTIES = [...DEFAULT_PROPERTIES, 'ParentFolderId', 'FolderClass', 'EffectiveRights'];

export function folderXml(store: ExchangeStore, folder: Folder, shape: FolderShape): RawXml {
	const mailbox = store.mailbox(folder.mailbox)!;
	const contents = store.itemsIn(mailbox, folder.id);
	const parent = folder.parentId ? mailbox.folders.get(folder.parentId) : undefined;
	// The mailbox owner has every right on every folder of the mailbox.
	const rights = ['CreateAssociated', 'CreateContents', 'CreateHierarchy', 'Delete', 'Modify', 'Read', 'ViewPrivateItems'];
	const values: Record<string, () => RawXml | undefined> = {
		FolderId: () => xml('t:FolderId', { Id: folder.id, ChangeKey: folder.changeKey }),
		ParentFolderId: () => (parent ? xml('t:ParentFolderId', { Id: parent.id, ChangeKey: parent.changeKey }) : undefined),
		FolderClass: () => (folder.folderClass === undefined ? undefined : xml('t:FolderClass', {}, folder.folderClass)),
		DisplayName: () => xml('t:DisplayName', {}, folder.displayName),
		TotalCount: () => xml('t:TotalCount', {}, contents.length),
		ChildFolderCount: () => xml('t:ChildFolderCount', {}, store.subfolders(folder, false).length),
		EffectiveRights: () => xml('t:EffectiveRights', {}, rights.map((right) => xml(`t:${right}`, {}, true))),
		DistinguishedFolderId: () => (folder.distinguishedId ? xml('t:DistinguishedFolderId', {}, folder.distinguishedId) : undefined),
		UnreadCount: () => xml('t:UnreadCount', {}, contents.filter((i) => i.props.get('IsRead')?.text === 'false').length),
	};
	const wanted = new Set(['FolderId', ...(shape.base === 'AllProperties' ? ALL_PROPERTIES : shape.base === 'Default' ? DEFAULT_PROPERTIES : []), ...shape.extra]);
	const order = elementSequence(FOLDER_SCHEMA_TYPE[folder.kind]);
	return xml(`t:${folder.kind}`, {}, order.filter((name) => wanted.has(name) && values[name]).map((name) => values[name]()));
}

export function getFolder(context: OperationContext, operation: XNode): RawXml {
	const shape = folderShape(operation);
	const outcomes = children(child(operation, 'FolderIds')).map((id) =>
		perElement(() => [xml('m:Folders', {}, folderXml(context.store, resolveFolder(context, id), shape))]),
	);
	return responseMessages('GetFolder', outcomes);
}

export function findFolder(context: OperationContext, operation: XNode): RawXml {
	const shape = folderShape(operation);
	const deep = operation.attrs.Traversal === 'Deep';
	const outcomes = children(child(operation, 'ParentFolderIds')).map((id) =>
		perElement(() => {
			const all = context.store.subfolders(resolveFolder(context, id), deep);
			const view = child(operation, 'IndexedPageFolderView');
			const offset = Number(view?.attrs.Offset ?? 0);
			const page = all.slice(offset, offset + Number(view?.attrs.MaxEntriesReturned ?? all.length));
			return [
				xml(
					'm:RootFolder',
					{ IndexedPagingOffset: offset + page.length, TotalItemsInView: all.length, IncludesLastItemInRange: offset + page.length >= all.length },
					xml('t:Folders', {}, page.map((f) => folderXml(context.store, f, shape))),
				),
			];
		}),
	);
	return responseMessages('FindFolder', outcomes);
}

const FOLDER_KINDS: Record<string, { kind: Folder['kind']; folderClass: string }> = {
	Folder: { kind: 'Folder', folderClass: 'IPF.Note' },
	CalendarFolder: { kind: 'CalendarFolder', folderClass: 'IPF.Appointment' },
	ContactsFolder: { kind: 'ContactsFolder', folderClass: 'IPF.Contact' },
	TasksFolder: { kind: 'TasksFolder', folderClass: 'IPF.Task' },
};

function assertNameFree(store: ExchangeStore, parent: Folder, displayName: string, except?: Folder): void {
	if (store.subfolders(parent, false).some((f) => f !== except && f.displayName.toLowerCase() === displayName.toLowerCase())) {
		throw new EwsError('ErrorFolderExists', 'A folder with the specified name already exists.');
	}
}

const folderIdAnswer = (folder: Folder) => [xml('m:Folders', {}, xml(`t:${folder.kind}`, {}, xml('t:FolderId', { Id: folder.id, ChangeKey: folder.changeKey })))];

export function createFolder(context: OperationContext, operation: XNode): RawXml {
	const parent = perElement(() => resolveFolder(context, child(operation, 'ParentFolderId')?.children[0]));
	const outcomes = children(child(operation, 'Folders')).map((spec) =>
		perElement(() => {
			if (parent instanceof EwsError) throw parent;
			const displayName = textOf(spec, 'DisplayName') ?? 'New Folder';
			assertNameFree(context.store, parent, displayName);
			const type = FOLDER_KINDS[spec.name] ?? FOLDER_KINDS.Folder;
			const folder = context.store.addFolder(context.store.mailbox(parent.mailbox)!, {
				displayName,
				kind: type.kind,
				folderClass: textOf(spec, 'FolderClass') ?? type.folderClass,
				parentId: parent.id,
			});
			return folderIdAnswer(folder);
		}),
	);
	return responseMessages('CreateFolder', outcomes);
}

/** The folder properties UpdateFolder can set or delete. */
const UPDATABLE: Record<string, (folder: Folder, value: string | undefined, store: ExchangeStore) => void> = {
	'folder:DisplayName': (folder, value, store) => {
		if (!value) throw new EwsError('ErrorInvalidPropertySet', 'A folder must have a display name.');
		const parent = folder.parentId ? store.mailbox(folder.mailbox)!.folders.get(folder.parentId) : undefined;
		if (parent) assertNameFree(store, parent, value, folder);
		folder.displayName = value;
	},
	'folder:FolderClass': (folder, value) => {
		folder.folderClass = value;
	},
};

export function updateFolder(context: OperationContext, operation: XNode): RawXml {
	const outcomes = children(child(operation, 'FolderChanges'), 'FolderChange').map((change) =>
		perElement(() => {
			const folder = resolveFolder(context, change.children[0]);
			for (const update of children(child(change, 'Updates'))) {
				const uri = child(update, 'FieldURI')?.attrs.FieldURI ?? '';
				const apply = UPDATABLE[uri];
				if (!apply) throw new EwsError('ErrorInvalidPropertyUpdateSentMessage', `${uri || 'This property'} cannot be updated by this emulator.`);
				const property = update.children.find((c) => c.name !== 'FieldURI')?.children[0];
				apply(folder, update.name === 'DeleteFolderField' ? undefined : property?.text, context.store);
			}
			context.store.folderChanged(folder);
			return folderIdAnswer(folder);
		}),
	);
	return responseMessages('UpdateFolder', outcomes);
}

/** Whether `folder` is `ancestor` or below it. */
function isWithin(context: OperationContext, folder: Folder | undefined, ancestor: Folder): boolean {
	const folders = context.store.mailbox(ancestor.mailbox)!.folders;
	for (let current = folder; current; current = current.parentId ? folders.get(current.parentId) : undefined) {
		if (current.id === ancestor.id) return true;
	}
	return false;
}

export function moveFolder(context: OperationContext, operation: XNode): RawXml {
	const target = perElement(() => folderIn(context, child(operation, 'ToFolderId')));
	const outcomes = children(child(operation, 'FolderIds')).map((id) =>
		perElement(() => {
			if (target instanceof EwsError) throw target;
			if (!target) throw new EwsError('ErrorInvalidRequest', 'ToFolderId is required.');
			const folder = resolveFolder(context, id);
			if (folder.distinguishedId) throw new EwsError('ErrorMoveDistinguishedFolder', 'Distinguished folders cannot be moved.');
			if (folder.mailbox !== target.mailbox || isWithin(context, target, folder)) throw new EwsError('ErrorMoveCopyFailed', 'The folder cannot be moved below itself or to another mailbox.');
			assertNameFree(context.store, target, folder.displayName, folder);
			context.store.folderChanged(folder, target.id);
			// Folder ids do not change when a folder moves (ews-identifiers-in-exchange).
			return folderIdAnswer(folder);
		}),
	);
	return responseMessages('MoveFolder', outcomes);
}

/** Deletes a folder the way DeleteType says: into Deleted Items, or for good (soft deletion keeps nothing recoverable here). */
function discardFolder(context: OperationContext, folder: Folder, deleteType: DeleteType): void {
	if (folder.distinguishedId) throw new EwsError('ErrorDeleteDistinguishedFolder', 'Distinguished folders cannot be deleted.');
	const deletedItems = context.store.distinguished(context.store.mailbox(folder.mailbox)!, 'deleteditems')!;
	if (deleteType === 'MoveToDeletedItems' && !isWithin(context, folder, deletedItems)) {
		let name = folder.displayName;
		for (let n = 1; context.store.subfolders(deletedItems, false).some((f) => f.displayName.toLowerCase() === name.toLowerCase()); n++) name = `${folder.displayName} (${n})`;
		folder.displayName = name;
		context.store.folderChanged(folder, deletedItems.id);
	} else context.store.deleteFolder(folder);
}

export function deleteFolder(context: OperationContext, operation: XNode): RawXml {
	const deleteType = (operation.attrs.DeleteType ?? 'MoveToDeletedItems') as DeleteType;
	const outcomes = children(child(operation, 'FolderIds')).map((id) =>
		perElement(() => {
			discardFolder(context, resolveFolder(context, id), deleteType);
			return [];
		}),
	);
	return responseMessages('DeleteFolder', outcomes);
}

export function emptyFolder(context: OperationContext, operation: XNode): RawXml {
	const deleteType = (operation.attrs.DeleteType ?? 'HardDelete') as DeleteType;
	const deleteSubFolders = isTrue(operation.attrs.DeleteSubFolders);
	const outcomes = children(child(operation, 'FolderIds')).map((id) =>
		perElement(() => {
			const folder = resolveFolder(context, id);
			const mailbox = context.store.mailbox(folder.mailbox)!;
			for (const item of context.store.itemsIn(mailbox, folder.id)) context.store.discardItem(item, deleteType);
			if (deleteSubFolders) for (const subfolder of context.store.subfolders(folder, false)) discardFolder(context, subfolder, deleteType);
			return [];
		}),
	);
	return responseMessages('EmptyFolder', outcomes);
}

type HierarchyChange = { type: 'Create' | 'Update'; folder: Folder } | { type: 'Delete'; id: string };

/**
 * SyncFolderHierarchy below a root (msgfolderroot when the request names none; a state made
 * without a root is refused with one and back, as Exchange does): folders the client does not
 * hold are Creates (parents first), renamed or moved ones Updates, deleted ones (or moved out
 * from below the root) Deletes.
 */
export function syncFolderHierarchy(context: OperationContext, operation: XNode): RawXml {
	const shape = folderShape(operation);
	const outcome = perElement(() => {
		const rootNode = child(operation, 'SyncFolderId')?.children[0];
		const root = rootNode ? resolveFolder(context, rootNode) : context.store.distinguished(context.mailbox, 'msgfolderroot')!;
		const mailbox = context.store.mailbox(root.mailbox)!;
		const state = decodeSyncState(textOf(operation, 'SyncState'), 'folders', rootNode ? root.id : '', context.store.currentSeq);
		const given = new Set(state.given);
		const below = context.store.subfolders(root, true);
		const present = new Set(below.map((f) => f.createdSeq));
		const changes: Array<SyncChange<HierarchyChange>> = [];
		for (const folder of below) {
			if (folder.modifiedSeq <= state.seen && given.has(folder.createdSeq)) continue;
			if (!given.has(folder.createdSeq)) changes.push({ seq: folder.createdSeq, change: { type: 'Create', folder }, gains: folder.createdSeq });
			else changes.push({ seq: folder.modifiedSeq, change: { type: 'Update', folder } });
		}
		const gone = [
			...mailbox.folderTombstones.map((t) => ({ id: t.id, createdSeq: t.createdSeq, seq: t.deletedSeq })),
			...[...mailbox.folders.values()].filter((f) => !present.has(f.createdSeq)).map((f) => ({ id: f.id, createdSeq: f.createdSeq, seq: f.modifiedSeq })),
		];
		for (const folder of gone) {
			if (given.has(folder.createdSeq) && folder.seq > state.seen) changes.push({ seq: folder.seq, change: { type: 'Delete', id: folder.id }, loses: folder.createdSeq });
		}
		const { page, next } = nextPage(state, changes, Infinity, context.store.currentSeq);
		return [
			xml('m:SyncState', {}, encodeSyncState(next)),
			xml('m:IncludesLastFolderInRange', {}, true),
			xml(
				'm:Changes',
				{},
				page.map((change) => (change.type === 'Delete' ? xml('t:Delete', {}, xml('t:FolderId', { Id: change.id })) : xml(`t:${change.type}`, {}, folderXml(context.store, change.folder, shape)))),
			),
		];
	});
	return responseMessages('SyncFolderHierarchy', [outcome]);
}
