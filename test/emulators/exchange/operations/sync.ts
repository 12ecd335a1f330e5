/**
 * SyncFolderItems. The SyncState is an opaque base64 token holding the folder and a change
 * sequence watermark; each page returns the oldest changes after the watermark, collapsed per
 * item (created-then-changed is one Create, created-then-deleted is nothing).
 */
import { perElement, resolveFolder, type OperationContext } from '../context';
import { itemIdXml, itemXml, parseShape } from '../items';
import { EwsError, responseMessages } from '../soap';
import type { StoredItem } from '../store';
import { child, children, textOf, xml, type RawXml, type XNode } from '../xml';

export const MAX_SYNC_CHANGES = 512;

export function encodeSyncState(folderId: string, seq: number): string {
	return Buffer.from(`ss:${folderId}:${seq}`).toString('base64');
}

function decodeSyncState(state: string, folderId: string, currentSeq: number): number {
	const match = /^ss:(.+):(\d+)$/.exec(Buffer.from(state, 'base64').toString('utf8'));
	if (!match || match[1] !== folderId || Number(match[2]) > currentSeq) {
		throw new EwsError('ErrorInvalidSyncStateData', 'Synchronization state data is corrupt or otherwise invalid.');
	}
	return Number(match[2]);
}

type Change =
	| { type: 'Create' | 'Update' | 'ReadFlagChange'; seq: number; item: StoredItem }
	| { type: 'Delete'; seq: number; id: string };

export function syncFolderItems(context: OperationContext, operation: XNode): RawXml {
	const outcome = perElement(() => {
		const folder = resolveFolder(context, child(operation, 'SyncFolderId')?.children[0]);
		const mailbox = context.store.mailbox(folder.mailbox)!;
		const state = textOf(operation, 'SyncState');
		const watermark = state ? decodeSyncState(state, folder.id, context.store.currentSeq) : 0;
		const max = Number(textOf(operation, 'MaxChangesReturned') ?? MAX_SYNC_CHANGES);
		if (!(max >= 1 && max <= MAX_SYNC_CHANGES)) throw new EwsError('ErrorInvalidArgument', 'MaxChangesReturned must be between 1 and 512.');
		const ignored = new Set(children(child(operation, 'Ignore')).map((id) => id.attrs.Id));
		const changes: Change[] = [];
		for (const item of context.store.itemsIn(mailbox, folder.id)) {
			if (item.modifiedSeq <= watermark || ignored.has(item.id)) continue;
			const type = item.createdSeq > watermark ? 'Create' : item.contentSeq > watermark ? 'Update' : 'ReadFlagChange';
			changes.push({ type, seq: item.modifiedSeq, item });
		}
		for (const tombstone of mailbox.tombstones) {
			if (tombstone.folderId !== folder.id || tombstone.deletedSeq <= watermark || tombstone.createdSeq > watermark) continue;
			changes.push({ type: 'Delete', seq: tombstone.deletedSeq, id: tombstone.id });
		}
		changes.sort((a, b) => a.seq - b.seq);
		const page = changes.slice(0, max);
		const includesLast = page.length === changes.length;
		const nextWatermark = includesLast ? context.store.currentSeq : page[page.length - 1].seq;
		const shape = parseShape(child(operation, 'ItemShape'));
		return [
			xml('m:SyncState', {}, encodeSyncState(folder.id, nextWatermark)),
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
