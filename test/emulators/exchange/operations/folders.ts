/** GetFolder, FindFolder, CreateFolder and SyncFolderHierarchy. */
import { perElement, resolveFolder, type OperationContext } from '../context';
import { elementSequence } from '../schemaOrder';
import { EwsError, responseMessages } from '../soap';
import type { ExchangeStore, Folder } from '../store';
import { child, children, textOf, xml, type RawXml, type XNode } from '../xml';

const FOLDER_SCHEMA_TYPE: Record<string, string> = {
	Folder: 'FolderType',
	CalendarFolder: 'CalendarFolderType',
	ContactsFolder: 'ContactsFolderType',
	TasksFolder: 'TasksFolderType',
};

function folderShape(operation: XNode): { base: string; extra: Set<string> } {
	const shape = child(operation, 'FolderShape');
	return {
		base: textOf(shape, 'BaseShape') ?? 'Default',
		extra: new Set(children(child(shape, 'AdditionalProperties')).map((p) => (p.attrs.FieldURI ?? '').replace(/^folder:/, ''))),
	};
}

export function folderXml(store: ExchangeStore, folder: Folder, shape: { base: string; extra: Set<string> }): RawXml {
	const mailbox = store.mailbox(folder.mailbox)!;
	const contents = store.itemsIn(mailbox, folder.id);
	const values: Record<string, () => RawXml> = {
		FolderId: () => xml('t:FolderId', { Id: folder.id, ChangeKey: folder.changeKey }),
		ParentFolderId: () => xml('t:ParentFolderId', { Id: folder.parentId, ChangeKey: folder.parentId ? mailbox.folders.get(folder.parentId)?.changeKey : undefined }),
		FolderClass: () => xml('t:FolderClass', {}, folder.folderClass),
		DisplayName: () => xml('t:DisplayName', {}, folder.displayName),
		TotalCount: () => xml('t:TotalCount', {}, contents.length),
		ChildFolderCount: () => xml('t:ChildFolderCount', {}, [...mailbox.folders.values()].filter((f) => f.parentId === folder.id).length),
		UnreadCount: () => xml('t:UnreadCount', {}, contents.filter((i) => i.props.get('IsRead')?.text === 'false').length),
	};
	const wanted = new Set(['FolderId', ...shape.extra]);
	if (shape.base !== 'IdOnly') ['DisplayName', 'TotalCount', 'ChildFolderCount', 'UnreadCount'].forEach((n) => wanted.add(n));
	if (shape.base === 'AllProperties') ['ParentFolderId', 'FolderClass'].forEach((n) => wanted.add(n));
	if (!folder.parentId) wanted.delete('ParentFolderId');
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

function descendants(folders: Folder[], parent: Folder, deep: boolean): Folder[] {
	const direct = folders.filter((f) => f.parentId === parent.id);
	return deep ? direct.flatMap((f) => [f, ...descendants(folders, f, true)]) : direct;
}

export function findFolder(context: OperationContext, operation: XNode): RawXml {
	const shape = folderShape(operation);
	const deep = operation.attrs.Traversal === 'Deep';
	const outcomes = children(child(operation, 'ParentFolderIds')).map((id) =>
		perElement(() => {
			const parent = resolveFolder(context, id);
			const all = descendants([...context.store.mailbox(parent.mailbox)!.folders.values()], parent, deep);
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

export function createFolder(context: OperationContext, operation: XNode): RawXml {
	const parent = perElement(() => resolveFolder(context, child(operation, 'ParentFolderId')?.children[0]));
	const outcomes = children(child(operation, 'Folders')).map((spec) =>
		perElement(() => {
			if (parent instanceof EwsError) throw parent;
			const mailbox = context.store.mailbox(parent.mailbox)!;
			const displayName = textOf(spec, 'DisplayName') ?? 'New Folder';
			const siblings = [...mailbox.folders.values()].filter((f) => f.parentId === parent.id);
			if (siblings.some((f) => f.displayName.toLowerCase() === displayName.toLowerCase())) {
				throw new EwsError('ErrorFolderExists', 'A folder with the specified name already exists.');
			}
			const type = FOLDER_KINDS[spec.name] ?? FOLDER_KINDS.Folder;
			const folder = context.store.addFolder(mailbox, {
				displayName,
				kind: type.kind,
				folderClass: textOf(spec, 'FolderClass') ?? type.folderClass,
				parentId: parent.id,
			});
			return [xml('m:Folders', {}, xml(`t:${folder.kind}`, {}, xml('t:FolderId', { Id: folder.id, ChangeKey: folder.changeKey })))];
		}),
	);
	return responseMessages('CreateFolder', outcomes);
}

const encodeState = (folderId: string, seq: number) => Buffer.from(`hs:${folderId}:${seq}`).toString('base64');

export function syncFolderHierarchy(context: OperationContext, operation: XNode): RawXml {
	const shape = folderShape(operation);
	const outcome = perElement(() => {
		const rootNode = child(operation, 'SyncFolderId')?.children[0];
		const root = rootNode ? resolveFolder(context, rootNode) : context.store.distinguished(context.mailbox, 'msgfolderroot')!;
		const state = textOf(operation, 'SyncState');
		let watermark = 0;
		if (state) {
			const match = /^hs:(.+):(\d+)$/.exec(Buffer.from(state, 'base64').toString('utf8'));
			if (!match || match[1] !== root.id || Number(match[2]) > context.store.currentSeq) {
				throw new EwsError('ErrorInvalidSyncStateData', 'Synchronization state data is corrupt or otherwise invalid.');
			}
			watermark = Number(match[2]);
		}
		const created = descendants([...context.store.mailbox(root.mailbox)!.folders.values()], root, true).filter((f) => f.createdSeq > watermark);
		return [
			xml('m:SyncState', {}, encodeState(root.id, context.store.currentSeq)),
			xml('m:IncludesLastFolderInRange', {}, true),
			xml('m:Changes', {}, created.map((f) => xml('t:Create', {}, folderXml(context.store, f, shape)))),
		];
	});
	return responseMessages('SyncFolderHierarchy', [outcome]);
}
