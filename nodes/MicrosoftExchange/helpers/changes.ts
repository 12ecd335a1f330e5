import type { IDataObject } from 'n8n-workflow';

/**
 * Joins the changes of consecutive SyncFolderItems pages into one change per item, as Exchange
 * collapses them within a page. An item can show on two pages when it changes while they are
 * read (created on the first, updated on the next): it is output once, with its latest content,
 * and still as created when the first change was its creation; created then deleted is nothing.
 * Items keep the position of their first change.
 */
export function collapseChanges(changes: IDataObject[]): IDataObject[] {
	const byId = new Map<unknown, IDataObject | null>();
	for (const change of changes) {
		const before = byId.get(change.id);
		if (!before) {
			byId.set(change.id, change);
			continue;
		}
		if (change.changeType === 'deleted') byId.set(change.id, before.changeType === 'created' ? null : change);
		else if (change.changeType === 'readFlagChanged' && before.changeType !== 'readFlagChanged') byId.set(change.id, { ...before, isRead: change.isRead });
		else byId.set(change.id, { ...change, changeType: before.changeType === 'created' ? 'created' : change.changeType });
	}
	return [...byId.values()].filter((change): change is IDataObject => change !== null);
}
