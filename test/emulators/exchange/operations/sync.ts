/**
 * SyncFolderItems. Each page returns the oldest changes the state has not seen, collapsed per
 * item: an item the client was never sent is a Create (whatever happened to it since), one it
 * holds is an Update (content changed) or a ReadFlagChange (only the read flag changed), and a
 * deleted item is a Delete only when the client holds it (see syncState.ts).
 */
import { perElement, resolveFolder, type OperationContext } from '../context';
import { itemIdXml, itemXml, parseShape } from '../items';
import { EwsError, responseMessages } from '../soap';
import type { StoredItem } from '../store';
import { decodeSyncState, encodeSyncState, nextPage, type SyncChange } from '../syncState';
import { child, children, textOf, xml, type RawXml, type XNode } from '../xml';

const MAX_SYNC_CHANGES = 512;

type Change = { type: 'Create' | 'Update' | 'ReadFlagChange'; item: StoredItem } | { type: 'Delete'; id: string };

export function syncFolderItems(context: OperationContext, operation: XNode): RawXml {
	const outcome = perElement(() => {
		const folder = resolveFolder(context, child(operation, 'SyncFolderId')?.children[0]);
		const mailbox = context.store.mailbox(folder.mailbox)!;
		const state = decodeSyncState(textOf(operation, 'SyncState'), 'items', folder.id, context.store.currentSeq);
		const max = Number(textOf(operation, 'MaxChangesReturned') ?? MAX_SYNC_CHANGES);
		if (!(max >= 1 && max <= MAX_SYNC_CHANGES)) throw new EwsError('ErrorInvalidArgument', 'MaxChangesReturned must be between 1 and 512.');
		const ignored = new Set(children(child(operation, 'Ignore')).map((id) => id.attrs.Id));
		const given = new Set(state.given);
		const changes: Array<SyncChange<Change>> = [];
		for (const item of context.store.itemsIn(mailbox, folder.id)) {
			if (item.modifiedSeq <= state.seen || ignored.has(item.id)) continue;
			if (!given.has(item.createdSeq)) changes.push({ seq: item.modifiedSeq, change: { type: 'Create', item }, gains: item.createdSeq });
			else changes.push({ seq: item.modifiedSeq, change: { type: item.contentSeq > state.seen ? 'Update' : 'ReadFlagChange', item } });
		}
		for (const tombstone of mailbox.tombstones) {
			if (tombstone.folderId !== folder.id || tombstone.deletedSeq <= state.seen || !given.has(tombstone.createdSeq)) continue;
			changes.push({ seq: tombstone.deletedSeq, change: { type: 'Delete', id: tombstone.id }, loses: tombstone.createdSeq });
		}
		const { page, includesLast, next } = nextPage(state, changes, max, context.store.currentSeq);
		const shape = parseShape(child(operation, 'ItemShape'));
		return [
			xml('m:SyncState', {}, encodeSyncState(next)),
			xml('m:IncludesLastItemInRange', {}, includesLast),
			xml(
				'm:Changes',
				{},
				page.map((change) => {
					if (change.type === 'Delete') return xml('t:Delete', {}, xml('t:ItemId', { Id: change.id }));
					if (change.type === 'ReadFlagChange') {
						return xml('t:ReadFlagChange', {}, itemIdXml(change.item), xml('t:IsRead', {}, change.item.props.get('IsRead')?.text ?? 'false'));
					}
					return xml(`t:${change.type}`, {}, itemXml(change.item, shape, context.store));
				}),
			),
		];
	});
	return responseMessages('SyncFolderItems', [outcome]);
}
