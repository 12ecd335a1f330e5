import {
	BasePropertySet,
	FolderSchema,
	FolderTraversal,
	FolderView,
	PropertySet,
	WellKnownFolderName,
} from 'ews-javascript-api';
import type { Folder, FolderId } from 'ews-javascript-api';
import type { FolderInfo } from '../index';
import type { ExchangeSession } from './session';

const FOLDER_PAGE = 500;

function read<T>(folder: Folder, definition: Parameters<Folder['TryGetProperty']>[0]): T | null {
	const out = { outValue: null } as unknown as { outValue: T };
	return folder.TryGetProperty<T>(definition, out) ? out.outValue : null;
}

/** Every folder below the mailbox's root (deep FindFolder, paged), with its path. */
export async function listFolders(session: ExchangeSession, mailbox?: string): Promise<FolderInfo[]> {
	const root = session.folder(WellKnownFolderName.MsgFolderRoot, mailbox);
	const folders: FolderInfo[] = [];
	for (let offset = 0; ; ) {
		const view = new FolderView(FOLDER_PAGE, offset);
		view.Traversal = FolderTraversal.Deep;
		view.PropertySet = new PropertySet(BasePropertySet.IdOnly, [
			FolderSchema.DisplayName,
			FolderSchema.ParentFolderId,
			FolderSchema.FolderClass,
			FolderSchema.TotalCount,
			FolderSchema.ChildFolderCount,
		]);
		const page = await session.call(mailbox, async (service) => await service.FindFolders(root, view));
		for (const folder of page.Folders) {
			const parent = read<FolderId>(folder, FolderSchema.ParentFolderId);
			folders.push({
				id: folder.Id.UniqueId,
				displayName: read<string>(folder, FolderSchema.DisplayName) ?? '',
				path: '',
				folderClass: read<string>(folder, FolderSchema.FolderClass),
				totalCount: read<number>(folder, FolderSchema.TotalCount),
				childFolderCount: read<number>(folder, FolderSchema.ChildFolderCount),
				parentId: parent?.UniqueId ?? null,
			});
		}
		offset += page.Folders.length;
		if (!page.MoreAvailable || page.Folders.length === 0) break;
	}
	const byId = new Map(folders.map((folder) => [folder.id, folder]));
	const pathOf = (folder: FolderInfo, seen = new Set<string>()): string => {
		const parent = folder.parentId ? byId.get(folder.parentId) : undefined;
		if (!parent || seen.has(parent.id)) return folder.displayName;
		seen.add(folder.id);
		return `${pathOf(parent, seen)}/${folder.displayName}`;
	};
	for (const folder of folders) folder.path = pathOf(folder);
	return folders;
}
