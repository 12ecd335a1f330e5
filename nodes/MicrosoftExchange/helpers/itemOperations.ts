import { jsonParse, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { CreateRequest, ExchangeTransport, FolderRef, ItemLocator } from '../transport';
import { collapseChanges } from './changes';
import type { AnyItemType, ItemType } from './itemTypes';
import { failed, groupBy, orFailure, perItem, succeeded } from './results';
import type { ItemResult } from './results';

/**
 * The create / get / get many / update / delete / get changes / get by CRM record id operations
 * every item type shares, above the transport: each reads its input items' parameters into plain
 * requests (bad input fails its own item), hands all of them to the transport at once so it can
 * batch, and answers one result per input item.
 */

/** The mailbox parameter of an item, trimmed; empty means the credential's own mailbox. */
export function mailboxOf(context: IExecuteFunctions, itemIndex: number): string | undefined {
	const mailbox = String(context.getNodeParameter('mailbox', itemIndex, '') ?? '').trim();
	return mailbox || undefined;
}

export function writableFields<TFields extends IDataObject>(
	context: IExecuteFunctions,
	type: ItemType<TFields>,
	itemIndex: number,
): TFields {
	const inputMode = context.getNodeParameter('inputMode', itemIndex, 'fields') as string;
	if (inputMode !== 'json') return type.fieldsFromParameters(context, itemIndex);
	const raw = context.getNodeParameter('itemJson', itemIndex, {}) as unknown;
	const json = typeof raw === 'string' ? jsonParse<unknown>(raw, { errorMessage: 'Item JSON is not valid JSON' }) : raw;
	if (typeof json !== 'object' || json === null || Array.isArray(json)) {
		throw new NodeOperationError(context.getNode(), `Item JSON must be an object in the ${type.noun} shape`, {
			itemIndex,
		});
	}
	return type.fieldsFromJson(json as IDataObject);
}

/** The item each input item addresses ("Find By": item ID or sync ID); an empty one fails its item. */
export function readLocators(context: IExecuteFunctions, itemIndexes: number[], results: ItemResult[]): ItemLocator[] {
	const locators: ItemLocator[] = [];
	for (const itemIndex of itemIndexes) {
		const mailbox = mailboxOf(context, itemIndex);
		const changeKey = String(context.getNodeParameter('changeKey', itemIndex, '') ?? '').trim() || undefined;
		const findBy = context.getNodeParameter('findBy', itemIndex, 'id') as string;
		if (findBy === 'syncId') {
			const syncId = String(context.getNodeParameter('syncId', itemIndex, '') ?? '').trim();
			if (syncId) locators.push({ itemIndex, mailbox, syncId, changeKey });
			else results.push(failed(itemIndex, new NodeOperationError(context.getNode(), 'Sync ID is empty', { itemIndex })));
			continue;
		}
		const id = String(context.getNodeParameter('itemId', itemIndex, '', { extractValue: true }) ?? '').trim();
		if (id) locators.push({ itemIndex, mailbox, id, changeKey });
		else results.push(failed(itemIndex, new NodeOperationError(context.getNode(), 'Item ID is empty', { itemIndex })));
	}
	return locators;
}

/** Where create puts an input item's new item; by default the type's own folder. */
export type CreateFolderFor = (itemIndex: number) => FolderRef | undefined;

export async function createItems(
	this: IExecuteFunctions,
	transport: ExchangeTransport,
	itemIndexes: number[],
	type: AnyItemType,
	folderFor: CreateFolderFor = () => undefined,
): Promise<ItemResult[]> {
	const results: ItemResult[] = [];
	const requests: CreateRequest[] = [];
	for (const itemIndex of itemIndexes) {
		const fields = orFailure(this.getNode(), itemIndex, () => writableFields(this, type, itemIndex), results);
		if (!fields) continue;
		const read = orFailure(this.getNode(), itemIndex, () => ({ folder: folderFor(itemIndex) }), results);
		if (!read) continue;
		const mailbox = mailboxOf(this, itemIndex);
		requests.push({ itemIndex, mailbox, folder: read.folder, fields, sendInvitations: type.invitations?.create(this, itemIndex) });
	}
	return [...results, ...(await transport.createItems(type, requests))];
}

export async function getItems(this: IExecuteFunctions, transport: ExchangeTransport, itemIndexes: number[], type: AnyItemType): Promise<ItemResult[]> {
	const results: ItemResult[] = [];
	const locators = readLocators(this, itemIndexes, results);
	return [...results, ...(await transport.getItems(type, locators))];
}

export async function getManyItems(
	this: IExecuteFunctions,
	transport: ExchangeTransport,
	itemIndexes: number[],
	type: AnyItemType,
	folderFor: (itemIndex: number) => FolderRef | undefined = () => undefined,
	extraFilters: (itemIndex: number) => IDataObject = () => ({}),
): Promise<ItemResult[]> {
	return await perItem(itemIndexes, async (itemIndex) => {
		const mailbox = mailboxOf(this, itemIndex);
		const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
		const limit = returnAll ? Infinity : (this.getNodeParameter('limit', itemIndex, 50) as number);
		const filters = { ...(this.getNodeParameter('filters', itemIndex, {}) as IDataObject), ...extraFilters(itemIndex) };
		const shapes = await transport.findItems(type, { mailbox, folder: folderFor(itemIndex), filters, limit }, itemIndex);
		return succeeded(itemIndex, shapes);
	});
}

/** CRM ids per search: a deletion batch costs one search per this many. */
export const MAX_CRM_IDS_PER_FIND = 50;

/**
 * The items linked to given CRM records (one CRM record id per input item), found by the partner
 * property every link write sets (`crmRecordId`): per mailbox one search per 50 ids. An item's
 * output is every item naming its id, none when there is none.
 */
export async function getItemsByCrmRecordIds(
	this: IExecuteFunctions,
	transport: ExchangeTransport,
	itemIndexes: number[],
	type: AnyItemType,
	folderFor: (itemIndex: number) => FolderRef | undefined = () => undefined,
): Promise<ItemResult[]> {
	const results: ItemResult[] = [];
	const wanted: Array<{ itemIndex: number; mailbox?: string; crmRecordId: string }> = [];
	for (const itemIndex of itemIndexes) {
		const crmRecordId = String(this.getNodeParameter('crmRecordId', itemIndex, '') ?? '').trim();
		if (crmRecordId) wanted.push({ itemIndex, mailbox: mailboxOf(this, itemIndex), crmRecordId });
		else results.push(failed(itemIndex, new NodeOperationError(this.getNode(), 'CRM Record ID is empty', { itemIndex })));
	}
	for (const [mailbox, entries] of groupBy(wanted, (entry) => entry.mailbox)) {
		const first = entries[0].itemIndex;
		const ids = [...new Set(entries.map((entry) => entry.crmRecordId))];
		const linked = new Map<string, IDataObject[]>();
		try {
			for (let start = 0; start < ids.length; start += MAX_CRM_IDS_PER_FIND) {
				const filters = { crmRecordIds: ids.slice(start, start + MAX_CRM_IDS_PER_FIND).join(',') };
				for (const shape of await transport.findItems(type, { mailbox, folder: folderFor(first), filters, limit: Infinity }, first)) {
					const crmRecordId = String(shape.crmRecordId);
					linked.set(crmRecordId, [...(linked.get(crmRecordId) ?? []), shape]);
				}
			}
		} catch (error) {
			results.push(...entries.map((entry) => failed(entry.itemIndex, error as Error)));
			continue;
		}
		results.push(...entries.map((entry) => succeeded(entry.itemIndex, linked.get(entry.crmRecordId) ?? [])));
	}
	return results;
}

/** `before`, when given, receives each found item as it was before the update, by input item. */
export async function updateItems(
	this: IExecuteFunctions,
	transport: ExchangeTransport,
	itemIndexes: number[],
	type: AnyItemType,
	before?: Map<number, IDataObject>,
): Promise<ItemResult[]> {
	const results: ItemResult[] = [];
	const fieldsByItem = new Map<number, IDataObject>();
	for (const itemIndex of itemIndexes) {
		const fields = orFailure(this.getNode(), itemIndex, () => writableFields(this, type, itemIndex), results);
		if (fields) fieldsByItem.set(itemIndex, fields);
	}
	const locators = readLocators(this, [...fieldsByItem.keys()], results);
	const requests = locators.map((locator) => ({
		...locator,
		fields: fieldsByItem.get(locator.itemIndex) as IDataObject,
		sendUpdates: type.invitations?.update(this, locator.itemIndex),
	}));
	return [...results, ...(await transport.updateItems(type, requests, before))];
}

export async function deleteItems(this: IExecuteFunctions, transport: ExchangeTransport, itemIndexes: number[], type: AnyItemType): Promise<ItemResult[]> {
	const results: ItemResult[] = [];
	const requests = readLocators(this, itemIndexes, results).map((locator) => ({
		...locator,
		deleteMode: this.getNodeParameter('deleteMode', locator.itemIndex, 'moveToDeletedItems') as string,
		sendCancellations: type.invitations?.cancel(this, locator.itemIndex),
	}));
	return [...results, ...(await transport.deleteItems(type, requests))];
}

/** The most changes one page may hold (EWS SyncFolderItems' limit). */
export const MAX_CHANGES_PER_PAGE = 512;

export async function getChanges(
	this: IExecuteFunctions,
	transport: ExchangeTransport,
	itemIndexes: number[],
	type: AnyItemType,
	folderFor: (itemIndex: number) => FolderRef | undefined = () => undefined,
): Promise<ItemResult[]> {
	return await perItem(itemIndexes, async (itemIndex) => {
		const mailbox = mailboxOf(this, itemIndex);
		let cursor = String(this.getNodeParameter('cursor', itemIndex, '') ?? '').trim();
		const returnAll = this.getNodeParameter('fetchAllPages', itemIndex, true) as boolean;
		const maxChanges = returnAll ? MAX_CHANGES_PER_PAGE : (this.getNodeParameter('maxChanges', itemIndex, MAX_CHANGES_PER_PAGE) as number);
		const folder = folderFor(itemIndex);
		let changes: IDataObject[] = [];
		let moreChangesAvailable = true;
		let cursorReset = false;
		while (moreChangesAvailable) {
			const page = await transport.getChanges(type, { mailbox, folder, cursor, maxChanges }, itemIndex);
			if ('cursorExpired' in page) {
				// The server no longer knows the cursor: start again, so the output lists every item,
				// and say so, since "changes" are now a complete listing.
				cursor = '';
				cursorReset = true;
				changes = [];
				continue;
			}
			changes.push(...page.changes);
			cursor = page.cursor;
			moreChangesAvailable = page.moreChangesAvailable;
			if (!returnAll) break;
		}
		changes = collapseChanges(changes);
		const count = (changeType: string) => changes.filter((change) => change.changeType === changeType).length;
		const summary: IDataObject = {
			summary: true,
			mailbox: transport.mailboxAddress(mailbox),
			cursor,
			cursorReset,
			moreChangesAvailable,
			created: count('created'),
			updated: count('updated'),
			deleted: count('deleted'),
			readFlagChanged: count('readFlagChanged'),
		};
		return succeeded(itemIndex, [...changes, summary]);
	});
}
