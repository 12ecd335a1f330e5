import type { IDataObject } from 'n8n-workflow';
import {
	AffectedTaskOccurrence,
	BasePropertySet,
	ChangeType,
	ComparisonMode,
	ConflictResolutionMode,
	ContainmentMode,
	DateTime,
	DeleteMode,
	ItemId,
	ItemSchema,
	ItemView,
	LogicalOperator,
	MessageDisposition,
	OffsetBasePoint,
	PropertySet,
	SearchFilter,
	SendCancellationsMode,
	SortDirection,
	SyncFolderItemsScope,
} from 'ews-javascript-api';
import type {
	ExtendedPropertyDefinition,
	FolderId,
	GetItemResponse,
	Item,
	SendInvitationsMode,
	SendInvitationsOrCancellationsMode,
} from 'ews-javascript-api';
import { fieldsToWrite } from '../../helpers/itemTypes';
import type { AnyItemType } from '../../helpers/itemTypes';
import { failed, groupBy, inputError, orFailure, succeeded } from '../../helpers/results';
import type { ItemResult } from '../../helpers/results';
import type { ChangesPage, ChangesQuery, CreateRequest, DeleteRequest, FindQuery, ItemLocator, MoveRequest, UpdateRequest } from '../index';
import { invitationModes } from './eventMapping';
import { crmRecordIdProperty, fullPropertySet, syncIdOf, syncIdProperty } from './ewsValues';
import { folderId, mappingOf, shapeOf } from './itemMappings';
import type { EwsItemMapping } from './itemMappings';
import { MAX_BATCH_SIZE } from './session';
import type { ExchangeSession } from './session';
import type { EwsFailure } from './errors';
import { xmlText } from './xml';

/**
 * Create / get / find / update / delete / move / sync for every item type over EWS. Input items
 * are batched per mailbox into as few EWS requests as EWS allows, and each response is mapped back
 * to its input item.
 */

/**
 * The ItemIds of items addressed by ItemId or by sync id. Sync ids of one mailbox are looked up
 * together with one FindItem (an OR restriction on the sync-id property); a locator that finds
 * nothing fails its item.
 */
async function locate<L extends ItemLocator>(
	session: ExchangeSession,
	type: AnyItemType,
	locators: L[],
	results: ItemResult[],
): Promise<Array<L & { id: string }>> {
	const located = locators.filter((locator): locator is L & { id: string } => locator.id !== undefined);
	const bySyncId = locators.filter((locator) => locator.id === undefined);
	for (const [mailbox, entries] of groupBy(bySyncId, (entry) => entry.mailbox)) {
		let ids: Map<string, string>;
		try {
			ids = await findBySyncIds(session, type, mailbox, [...new Set(entries.map((entry) => entry.syncId as string))]);
		} catch (error) {
			for (const entry of entries) results.push(failed(entry.itemIndex, error as Error));
			continue;
		}
		for (const entry of entries) {
			const id = ids.get(entry.syncId as string);
			if (id) located.push({ ...entry, mailbox, id });
			else {
				results.push(
					failed(
						entry.itemIndex,
						session.error(
							{ code: 'ErrorItemNotFound', detail: `No ${type.noun} has the sync ID ${entry.syncId}`, values: {} },
							mailbox,
							entry.itemIndex,
						),
					),
				);
			}
		}
	}
	return located;
}

/** sync id → ItemId for the given sync ids, by one FindItem per ≤100 ids. */
async function findBySyncIds(
	session: ExchangeSession,
	type: AnyItemType,
	mailbox: string | undefined,
	syncIds: string[],
): Promise<Map<string, string>> {
	const found = new Map<string, string>();
	const definition = syncIdProperty();
	const folder = session.folder(mappingOf(type).folder, mailbox);
	for (let start = 0; start < syncIds.length; start += MAX_BATCH_SIZE) {
		const part = syncIds.slice(start, start + MAX_BATCH_SIZE);
		const filters = part.map((syncId) => new SearchFilter.IsEqualTo(definition, xmlText(syncId)));
		const filter = filters.length === 1 ? filters[0] : new SearchFilter.SearchFilterCollection(LogicalOperator.Or, filters);
		const view = new ItemView(part.length * 2);
		view.PropertySet = new PropertySet(BasePropertySet.IdOnly, [definition]);
		const response = await session.call(mailbox, async (service) => await service.FindItems(folder, filter, view));
		for (const item of response.Items) {
			const syncId = syncIdOf(item);
			if (syncId) found.set(syncId, item.Id.UniqueId);
		}
	}
	return found;
}

/** Loads full items by id in one batched GetItem per mailbox; per-item failures stay per item. */
export async function bindItems(
	session: ExchangeSession,
	mailbox: string | undefined,
	ids: string[],
	propertySet: PropertySet = fullPropertySet(),
): Promise<Array<{ item?: Item; failure?: EwsFailure }>> {
	const outcomes = await session.callBatch<string, GetItemResponse>(mailbox, ids, async (service, part) =>
		await service.BindToItems(part.map((id) => new ItemId(id)), propertySet),
	);
	return outcomes.map((outcome) => (outcome.response ? { item: outcome.response.Item } : { failure: outcome.failure }));
}

/** Loads items by id (one batched GetItem) and records each as its input item's output or failure. */
async function loadIntoResults(
	session: ExchangeSession,
	mapping: EwsItemMapping,
	mailbox: string | undefined,
	targets: Array<{ itemIndex: number; id: string }>,
	results: ItemResult[],
): Promise<void> {
	const loaded = await bindItems(session, mailbox, targets.map((target) => target.id), fullPropertySet(mapping.bodyType));
	loaded.forEach((outcome, position) => {
		const { itemIndex } = targets[position];
		if (outcome.item) results.push(succeeded(itemIndex, shapeOf(mapping, outcome.item, session.mailboxAddress(mailbox))));
		else results.push(failed(itemIndex, session.error(outcome.failure as EwsFailure, mailbox, itemIndex)));
	});
}

export async function createItems(session: ExchangeSession, type: AnyItemType, requests: CreateRequest[]): Promise<ItemResult[]> {
	const mapping = mappingOf(type);
	const results: ItemResult[] = [];
	const prepared: Array<CreateRequest & { folderId: FolderId; invitations?: SendInvitationsMode }> = [];
	for (const request of requests) {
		const target = orFailure(
			session.node,
			request.itemIndex,
			() => folderId(session, request.folder, mapping.createFolder ?? mapping.folder, request.mailbox),
			results,
		);
		if (target) prepared.push({ ...request, folderId: target, invitations: invitationModes.create(request.sendInvitations) });
	}
	const batchKey = (entry: (typeof prepared)[number]) =>
		[entry.mailbox ?? '', entry.folderId.UniqueId ?? String(entry.folderId.FolderName), entry.invitations ?? ''].join('\n');
	for (const entries of groupBy(prepared, batchKey).values()) {
		const { mailbox, folderId: folder, invitations } = entries[0];
		const created = new Map<(typeof entries)[number], Item>();
		const usable: typeof entries = [];
		for (const entry of entries) {
			// Build each item once up front so bad input fails its own item before any request.
			const item = orFailure(
				session.node,
				entry.itemIndex,
				() => {
					const draft = mapping.newItem(session.service(mailbox));
					mapping.applyFields(draft, entry.fields);
					return draft;
				},
				results,
			);
			if (item) {
				created.set(entry, item);
				usable.push(entry);
			}
		}
		const outcomes = await session.callBatch(mailbox, usable, async (service, part) =>
			await service.CreateItems(
				part.map((entry) => created.get(entry) as Item),
				folder,
				mapping.createDisposition ?? (null as unknown as MessageDisposition),
				invitations ?? (null as unknown as SendInvitationsMode),
			),
		);
		const createdIds: Array<{ itemIndex: number; id: string }> = [];
		outcomes.forEach((outcome, position) => {
			const entry = usable[position];
			if (outcome.failure) results.push(failed(entry.itemIndex, session.error(outcome.failure, mailbox, entry.itemIndex)));
			else createdIds.push({ itemIndex: entry.itemIndex, id: (created.get(entry) as Item).Id.UniqueId });
		});
		// Read the new items back, so the output carries server values (ids, change keys, times).
		await loadIntoResults(session, mapping, mailbox, createdIds, results);
	}
	return results;
}

export async function getItems(session: ExchangeSession, type: AnyItemType, locators: ItemLocator[]): Promise<ItemResult[]> {
	const results: ItemResult[] = [];
	const located = await locate(session, type, locators, results);
	for (const [mailbox, entries] of groupBy(located, (entry) => entry.mailbox)) {
		await loadIntoResults(session, mappingOf(type), mailbox, entries, results);
	}
	return results;
}

/** FindItem restriction from the filters of a find query. */
function searchFilterFor(mapping: EwsItemMapping, filters: IDataObject): SearchFilter | undefined {
	const parts: SearchFilter[] = [];
	if (mapping.itemClass) parts.push(new SearchFilter.IsEqualTo(ItemSchema.ItemClass, xmlText(mapping.itemClass)));
	if (filters.modifiedSince) {
		// Exchange keeps change times in whole seconds: an item changed later in the same second must not be missed.
		parts.push(
			new SearchFilter.IsGreaterThanOrEqualTo(
				ItemSchema.LastModifiedTime,
				new DateTime(Math.floor(Date.parse(String(filters.modifiedSince)) / 1000) * 1000),
			),
		);
	}
	const search = String(filters.search ?? '').trim();
	if (search) {
		const contains = mapping.searchProperties.map(
			(definition) =>
				new SearchFilter.ContainsSubstring(definition, xmlText(search), ContainmentMode.Substring, ComparisonMode.IgnoreCase),
		);
		parts.push(contains.length === 1 ? contains[0] : new SearchFilter.SearchFilterCollection(LogicalOperator.Or, contains));
	}
	const anyOf = (definition: ExtendedPropertyDefinition, list: unknown) => {
		const values = String(list ?? '')
			.split(',')
			.map((value) => value.trim())
			.filter(Boolean);
		if (!values.length) return;
		const equal = values.map((value) => new SearchFilter.IsEqualTo(definition, xmlText(value)));
		parts.push(equal.length === 1 ? equal[0] : new SearchFilter.SearchFilterCollection(LogicalOperator.Or, equal));
	};
	anyOf(syncIdProperty(), filters.syncIds);
	anyOf(crmRecordIdProperty(), filters.crmRecordIds);
	if (filters.hasSyncId === true) parts.push(new SearchFilter.Exists(syncIdProperty()));
	parts.push(...(mapping.extraRestrictions?.(filters) ?? []));
	if (parts.length === 0) return undefined;
	return parts.length === 1 ? parts[0] : new SearchFilter.SearchFilterCollection(LogicalOperator.And, parts);
}

const PAGE_SIZE = 100;

/**
 * Items of a folder matching the query, newest change first, as shapes: FindItem pages of ids,
 * each page loaded with one batched GetItem (FindItem cannot return bodies).
 */
export async function findItems(session: ExchangeSession, type: AnyItemType, query: FindQuery, itemIndex?: number): Promise<IDataObject[]> {
	const mapping = mappingOf(type);
	const { mailbox, limit } = query;
	let filter: SearchFilter | undefined;
	try {
		filter = searchFilterFor(mapping, query.filters);
	} catch (error) {
		throw inputError(session.node, error, itemIndex ?? 0);
	}
	const folder = folderId(session, query.folder, mapping.folder, mailbox);
	const shapes: IDataObject[] = [];
	let offset = 0;
	while (shapes.length < limit) {
		const view = new ItemView(Math.min(PAGE_SIZE, limit - shapes.length), offset, OffsetBasePoint.Beginning);
		view.PropertySet = new PropertySet(BasePropertySet.IdOnly);
		view.OrderBy.Add(ItemSchema.LastModifiedTime, SortDirection.Descending);
		const page = await session.call(
			mailbox,
			async (service) => (filter ? await service.FindItems(folder, filter, view) : await service.FindItems(folder, view)),
			itemIndex,
		);
		const loaded = await bindItems(session, mailbox, page.Items.map((item) => item.Id.UniqueId), fullPropertySet(mapping.bodyType));
		for (const outcome of loaded) {
			// An item deleted between FindItem and GetItem is simply no longer there.
			if (outcome.item) shapes.push(shapeOf(mapping, outcome.item, session.mailboxAddress(mailbox)));
			else if (outcome.failure?.code !== 'ErrorItemNotFound') throw session.error(outcome.failure as EwsFailure, mailbox, itemIndex);
		}
		// Exchange may return a partial page; advance by what it actually returned.
		offset += page.Items.length;
		if (!page.MoreAvailable || page.Items.length === 0) break;
	}
	return shapes;
}

function conflictFailure(given: string): EwsFailure {
	return {
		code: 'ErrorIrresolvableConflict',
		detail: `The ChangeKey ${given} is no longer current`,
		values: {},
	};
}

export async function updateItems(
	session: ExchangeSession,
	type: AnyItemType,
	requests: UpdateRequest[],
	before?: Map<number, IDataObject>,
): Promise<ItemResult[]> {
	const mapping = mappingOf(type);
	const results: ItemResult[] = [];
	const located = await locate(session, type, requests, results);
	for (const [mailbox, entries] of groupBy(located, (entry) => entry.mailbox)) {
		const address = session.mailboxAddress(mailbox);
		const loaded = await bindItems(session, mailbox, entries.map((entry) => entry.id), fullPropertySet(mapping.bodyType));
		const toUpdate: Array<{ entry: (typeof entries)[number]; item: Item; mode: ConflictResolutionMode; send?: SendInvitationsOrCancellationsMode }> = [];
		loaded.forEach((outcome, position) => {
			const entry = entries[position];
			const { itemIndex } = entry;
			if (!outcome.item) {
				results.push(failed(itemIndex, session.error(outcome.failure as EwsFailure, mailbox, itemIndex)));
				return;
			}
			const item = outcome.item;
			// The caller read the item at this ChangeKey; anything newer means someone else changed it.
			if (entry.changeKey && entry.changeKey !== item.Id.ChangeKey) {
				results.push(failed(itemIndex, session.error(conflictFailure(entry.changeKey), mailbox, itemIndex)));
				return;
			}
			const current = shapeOf(mapping, item, address);
			before?.set(itemIndex, current);
			const changed = fieldsToWrite(type, current, entry.fields);
			if (Object.keys(changed).length === 0) {
				// Nothing differs: no request, and no meeting update is sent to attendees.
				results.push(succeeded(itemIndex, current));
				return;
			}
			const applied = orFailure(session.node, itemIndex, () => (mapping.applyFields(item, changed), true), results);
			if (!applied) return;
			toUpdate.push({
				entry,
				item,
				mode: entry.changeKey ? ConflictResolutionMode.NeverOverwrite : ConflictResolutionMode.AutoResolve,
				send: invitationModes.update(entry.sendUpdates),
			});
		});
		const updatedIds: Array<{ itemIndex: number; id: string }> = [];
		for (const group of groupBy(toUpdate, (entry) => `${entry.mode}\n${entry.send ?? ''}`).values()) {
			const outcomes = await session.callBatch(mailbox, group, async (service, part) =>
				await service.UpdateItems(
					part.map((entry) => entry.item),
					null as unknown as FolderId,
					group[0].mode,
					MessageDisposition.SaveOnly,
					group[0].send ?? (null as unknown as SendInvitationsOrCancellationsMode),
				),
			);
			outcomes.forEach((outcome, position) => {
				const { entry, item } = group[position];
				if (outcome.failure) results.push(failed(entry.itemIndex, session.error(outcome.failure, mailbox, entry.itemIndex)));
				else updatedIds.push({ itemIndex: entry.itemIndex, id: item.Id.UniqueId });
			});
		}
		await loadIntoResults(session, mapping, mailbox, updatedIds, results);
	}
	return results;
}

const DELETE_MODES: Record<string, DeleteMode> = {
	moveToDeletedItems: DeleteMode.MoveToDeletedItems,
	softDelete: DeleteMode.SoftDelete,
	hardDelete: DeleteMode.HardDelete,
};

export async function deleteItems(session: ExchangeSession, type: AnyItemType, requests: DeleteRequest[]): Promise<ItemResult[]> {
	const results: ItemResult[] = [];
	const located = await locate(session, type, requests, results);
	const cancelOf = (entry: DeleteRequest) => invitationModes.cancel(entry.sendCancellations) ?? SendCancellationsMode.SendToNone;
	for (const entries of groupBy(located, (entry) => `${entry.mailbox ?? ''}\n${entry.deleteMode}\n${cancelOf(entry)}`).values()) {
		const { mailbox } = entries[0];
		let deletable = entries;
		const guarded = entries.filter((entry) => entry.changeKey);
		if (guarded.length) {
			// DeleteItem ignores ChangeKeys, so check them first: a changed item is not deleted.
			const current = await bindItems(session, mailbox, guarded.map((entry) => entry.id), new PropertySet(BasePropertySet.IdOnly));
			const refused = new Set<(typeof entries)[number]>();
			current.forEach((outcome, position) => {
				const entry = guarded[position];
				if (outcome.failure) {
					results.push(failed(entry.itemIndex, session.error(outcome.failure, mailbox, entry.itemIndex)));
					refused.add(entry);
				} else if (outcome.item?.Id.ChangeKey !== entry.changeKey) {
					results.push(failed(entry.itemIndex, session.error(conflictFailure(entry.changeKey as string), mailbox, entry.itemIndex)));
					refused.add(entry);
				}
			});
			deletable = entries.filter((entry) => !refused.has(entry));
		}
		const mode = entries[0].deleteMode;
		const outcomes = await session.callBatch(mailbox, deletable, async (service, part) =>
			await service.DeleteItems(
				part.map((entry) => new ItemId(entry.id)),
				DELETE_MODES[mode] ?? DeleteMode.MoveToDeletedItems,
				cancelOf(entries[0]),
				AffectedTaskOccurrence.AllOccurrences,
			),
		);
		outcomes.forEach((outcome, position) => {
			const entry = deletable[position];
			if (outcome.failure) results.push(failed(entry.itemIndex, session.error(outcome.failure, mailbox, entry.itemIndex)));
			else results.push(succeeded(entry.itemIndex, { id: entry.id, mailbox: session.mailboxAddress(mailbox), deleted: true, deleteMode: mode }));
		});
	}
	return results;
}

/** Moves items, one MoveItem per mailbox and destination. A moved item gets a new ItemId. */
export async function moveItems(session: ExchangeSession, type: AnyItemType, requests: MoveRequest[]): Promise<ItemResult[]> {
	const results: ItemResult[] = [];
	const located = await locate(session, type, requests, results);
	const destinationKey = (entry: MoveRequest) => ('id' in entry.destination ? `id:${entry.destination.id}` : entry.destination.wellKnown);
	for (const entries of groupBy(located, (entry) => `${entry.mailbox ?? ''}\n${destinationKey(entry)}`).values()) {
		const { mailbox } = entries[0];
		const destination = folderId(session, entries[0].destination, mappingOf(type).folder, mailbox);
		const outcomes = await session.callBatch(mailbox, entries, async (service, part) =>
			await service.MoveItems(part.map((entry) => new ItemId(entry.id)), destination, true),
		);
		outcomes.forEach((outcome, position) => {
			const entry = entries[position];
			if (outcome.failure) results.push(failed(entry.itemIndex, session.error(outcome.failure, mailbox, entry.itemIndex)));
			else {
				results.push(
					succeeded(entry.itemIndex, {
						id: outcome.response.Item?.Id.UniqueId ?? null,
						previousId: entry.id,
						mailbox: session.mailboxAddress(mailbox),
						moved: true,
					}),
				);
			}
		});
	}
	return results;
}

const MAX_SYNC_CHANGES = 512;

/**
 * One SyncFolderItems page from the cursor (empty: from the beginning), with full items for
 * creates and updates (loaded by one batched GetItem) unless `loadItems` is false.
 */
export async function syncPage(session: ExchangeSession, type: AnyItemType, query: ChangesQuery, itemIndex?: number): Promise<ChangesPage> {
	const mapping = mappingOf(type);
	const { mailbox, cursor, maxChanges = MAX_SYNC_CHANGES, loadItems = true } = query;
	const folder = folderId(session, query.folder, mapping.folder, mailbox);
	const page = await session.call(
		mailbox,
		async (service) =>
			await service.SyncFolderItems(
				folder,
				PropertySet.IdOnly,
				null as unknown as ItemId[],
				Math.min(Math.max(1, maxChanges), MAX_SYNC_CHANGES),
				SyncFolderItemsScope.NormalItems,
				cursor || (null as unknown as string),
			),
		itemIndex,
	);
	const address = session.mailboxAddress(mailbox);
	const changes: IDataObject[] = [];
	const toLoad: Array<{ position: number; id: string; changeType: string }> = [];
	for (const change of page.GetEnumerator()) {
		const id = change.ItemId?.UniqueId ?? change.Item?.Id.UniqueId;
		if (change.ChangeType === ChangeType.Delete) {
			changes.push({ changeType: 'deleted', id, mailbox: address });
		} else if (change.ChangeType === ChangeType.ReadFlagChange) {
			changes.push({ changeType: 'readFlagChanged', id, mailbox: address, isRead: change.IsRead });
		} else {
			toLoad.push({ position: changes.length, id, changeType: change.ChangeType === ChangeType.Create ? 'created' : 'updated' });
			changes.push({});
		}
	}
	if (!loadItems) {
		for (const entry of toLoad) changes[entry.position] = { changeType: entry.changeType, id: entry.id, mailbox: address };
	}
	const loaded = loadItems ? await bindItems(session, mailbox, toLoad.map((entry) => entry.id), fullPropertySet(mapping.bodyType)) : [];
	const deletedSinceSync = new Set<number>();
	loaded.forEach((outcome, position) => {
		const entry = toLoad[position];
		if (outcome.item) changes[entry.position] = { changeType: entry.changeType, ...shapeOf(mapping, outcome.item, address) };
		else if (outcome.failure?.code === 'ErrorItemNotFound') deletedSinceSync.add(entry.position);
		else throw session.error(outcome.failure as EwsFailure, mailbox, itemIndex);
	});
	return {
		changes: changes.filter((_, position) => !deletedSinceSync.has(position)),
		cursor: page.SyncState,
		moreChangesAvailable: page.MoreChangesAvailable,
	};
}
