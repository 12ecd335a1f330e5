/** What the item routes share: finding an item of the mailbox, creating and changing items, If-Match. */
import { deriveProperties } from '../../exchange/items';
import type { ExtendedValue, Folder, ItemKind, Mailbox, StoredItem } from '../../exchange/store';
import type { XNode } from '../../exchange/xml';
import { GraphError, notFound } from '../errors';
import { etag } from '../resources/common';
import { writeExtended } from '../resources/extended';
import { resolveFolderId, resolveItemId } from '../resources/ids';
import type { GraphFront } from '../front';
import type { RouteContext } from '../router';

/** Whether a folder is in Recoverable Items (the dumpster), whose items Graph cannot reach. */
export function inDumpster(mailbox: Mailbox, folderId: string): boolean {
	for (let folder = mailbox.folders.get(folderId); folder; folder = folder.parentId ? mailbox.folders.get(folder.parentId) : undefined) {
		if (folder.distinguishedId === 'recoverableitemsroot') return true;
	}
	return false;
}

/** The item (or occurrence) an id in the URL names, in the URL's mailbox and of one of the kinds; 404 otherwise. */
export function findItem(context: RouteContext, id: string, kinds: ItemKind[]): { item: StoredItem; occurrence?: number } {
	const found = resolveItemId(context.view.store, id);
	if (!found || found.item.mailbox !== context.mailbox.smtp || !kinds.includes(found.item.kind) || inDumpster(context.mailbox, found.item.folderId)) throw notFound();
	return found;
}

/** A stored item (not an occurrence). */
export function findStored(context: RouteContext, id: string, kinds: ItemKind[]): StoredItem {
	const found = findItem(context, id, kinds);
	if (found.occurrence !== undefined) throw notFound();
	return found.item;
}

export function findFolder(context: RouteContext, id: string, wellKnown: Record<string, string> = {}): Folder {
	const distinguished = wellKnown[id.toLowerCase()];
	const folder = distinguished ? context.view.store.distinguished(context.mailbox, distinguished) : resolveFolderId(context.mailbox, id);
	if (!folder) throw new GraphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
	return folder;
}

/** If-Match (the item's @odata.etag or changeKey): a stale one is refused, as Exchange refuses a stale change key. */
export function checkIfMatch(context: RouteContext, item: StoredItem): void {
	const ifMatch = context.call.headers['if-match'];
	if (!ifMatch || ifMatch === '*') return;
	if (ifMatch !== etag(item) && ifMatch.replace(/^W\//, '').replace(/"/g, '') !== item.changeKey) {
		throw new GraphError(412, 'ErrorIrresolvableConflict', 'The send or update operation could not be performed because the change key passed in the request does not match the current change key for the item.');
	}
}

/** Creates an item from properties the route built, with the extended properties of the body. */
export function createItem(front: GraphFront, context: RouteContext, folder: Folder, kind: ItemKind, props: Map<string, XNode>): StoredItem {
	const holder: { extended: ExtendedValue[] } = { extended: [] };
	writeExtended(holder, context.body);
	const item = front.store.createItem(context.mailbox, folder, kind, props, holder.extended);
	deriveProperties(item, context.mailbox);
	return item;
}

/**
 * Changes a stored item: `apply` edits its properties; the body's extended properties are
 * written; Exchange's derived properties follow; the change is recorded (a read-flag-only change
 * as such).
 */
export function updateItem(front: GraphFront, context: RouteContext, item: StoredItem, apply: (props: Map<string, XNode>) => string[] | void, readFlagOnly = false): void {
	checkIfMatch(context, item);
	const changed = apply(item.props) ?? [];
	writeExtended(item, context.body);
	deriveProperties(item, context.mailbox, changed);
	front.store.updated(item, readFlagOnly);
}

/** DELETE: into Deleted Items (from there, into Recoverable Items), as Graph deletes Outlook items. */
export function deleteItem(front: GraphFront, context: RouteContext, item: StoredItem, permanently = false): void {
	checkIfMatch(context, item);
	// permanentDelete puts the item in Recoverable Items\Purges, out of every client's reach: here it is gone.
	front.store.discardItem(item, permanently ? 'HardDelete' : 'MoveToDeletedItems');
}
