/**
 * Graph ids over the shared store. A Graph (REST) id is the EWS id in URL-safe base64, as
 * Exchange Online's are (translateExchangeIds: ewsId ⇄ restId); with `Prefer:
 * IdType="ImmutableId"` items answer their immutable id instead, which survives moves within the
 * mailbox. Requests may name an item by either. Users are named by UPN (their address) or by
 * their object id, a GUID derived from the address.
 */
import { stableGuid } from '../identity/apps';
import { decodeImmutableId, decodeItemId, type ExchangeStore, type Folder, type Mailbox, type StoredItem } from '../../exchange/store';

/** EWS id → REST id. */
export const restId = (ewsId: string) => ewsId.replace(/\+/g, '-').replace(/\//g, '_');
/** REST id → EWS id (an EWS id passes through unchanged). */
export const ewsId = (graphId: string) => graphId.replace(/-/g, '+').replace(/_/g, '/');

const encode = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** The id Graph shows for an item (or an occurrence made by occurrenceItem): REST or immutable. */
export function graphItemId(item: StoredItem, immutable: boolean): string {
	if (!immutable) return restId(item.id);
	const occurrence = decodeItemId(item.id)?.occurrence;
	if (occurrence === undefined) return restId(item.immutableId);
	return restId(encode(`${Buffer.from(item.immutableId, 'base64').toString('utf8')}:occ${occurrence}`));
}

/** What a Graph item id names: a stored item and, for an occurrence's id, its instance index. */
export function resolveItemId(store: ExchangeStore, id: string): { item: StoredItem; occurrence?: number } | undefined {
	const raw = ewsId(id);
	const decoded = decodeItemId(raw);
	if (decoded) {
		const item = store.mailbox(decoded.mailbox)?.items.get(decoded.masterId);
		return item ? { item, occurrence: decoded.occurrence } : undefined;
	}
	const immutable = decodeImmutableId(raw);
	if (!immutable) return undefined;
	const item = store.findByImmutableId(immutable.immutableId);
	return item ? { item, occurrence: immutable.occurrence } : undefined;
}

export const graphFolderId = (folder: Folder) => restId(folder.id);

export function resolveFolderId(mailbox: Mailbox, id: string): Folder | undefined {
	return mailbox.folders.get(ewsId(id));
}

/** A user's object id (stable for an address). */
export const userObjectId = (smtp: string) => stableGuid(`user:${smtp.toLowerCase()}`);

/** The mailbox a `users/{id}` segment names: its address (UPN) or object id. */
export function resolveUser(store: ExchangeStore, idOrUpn: string): Mailbox | undefined {
	const byAddress = store.mailbox(idOrUpn);
	if (byAddress) return byAddress;
	const lower = idOrUpn.toLowerCase();
	return [...store.mailboxes.values()].find((mailbox) => userObjectId(mailbox.smtp) === lower);
}
