import { jsonParse, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import {
	AffectedTaskOccurrence,
	BodyType,
	BasePropertySet,
	ConflictResolutionMode,
	ContainmentMode,
	ComparisonMode,
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
	SendInvitationsMode,
	SendInvitationsOrCancellationsMode,
	SortDirection,
	SyncFolderItemsScope,
	ChangeType,
} from 'ews-javascript-api';
import type {
	ExchangeService,
	ExtendedPropertyDefinition,
	FolderId,
	GetItemResponse,
	Item,
	PropertyDefinitionBase,
	WellKnownFolderName,
} from 'ews-javascript-api';
import { crmRecordIdProperty, fullPropertySet, syncIdOf, syncIdProperty } from './ewsValues';
import type { ExchangeItemBase } from '../../helpers/itemShapes';
import { failed, groupBy, perItem, succeeded } from '../../helpers/results';
import type { ItemResult } from '../../helpers/results';
import { MAX_BATCH_SIZE } from './session';
import type { ExchangeSession } from './session';
import type { EwsFailure } from './errors';
import { xmlText } from './xml';

/**
 * The create / get / get many / update / delete / get changes logic shared by every item type.
 * An ItemKind says how one type (contact, task, event, message) maps to and from the client's
 * objects; the operations here batch input items per mailbox into as few EWS requests as EWS
 * allows and map each response back to its input item.
 */
export interface ItemKind<TItem extends Item, TShape extends ExchangeItemBase, TFields extends IDataObject> {
	/** Lower-case noun used in messages, e.g. "contact". */
	noun: string;
	folder: WellKnownFolderName;
	newItem(service: ExchangeService): TItem;
	toShape(item: TItem, mailbox: string): TShape;
	/** Writes fields onto an item; `undefined` leaves a field alone, `null` clears it. */
	applyFields(item: TItem, fields: TFields): void;
	/** The writable fields from the node's UI parameters. */
	fieldsFromParameters(context: IExecuteFunctions, itemIndex: number): TFields;
	/** The writable fields of a JSON object in the item's shape ("Input Mode: JSON"). */
	fieldsFromJson(json: IDataObject): TFields;
	/** Properties "search text" looks in. */
	searchProperties: PropertyDefinitionBase[];
	/** Restricts FindItem to this kind in folders that hold others too (contacts vs. groups). */
	itemClass?: string;
	/** Whether two values of a field are the same, for update's "only send what changed". */
	sameValue?(field: string, current: unknown, wanted: unknown): boolean;
	/** Adds fields that must be written together with a changed one (an event's times). */
	completeChange?(current: IDataObject, changed: IDataObject): IDataObject;
	/** Restrictions for kind-specific get-many filters (an event's date window). */
	extraRestrictions?(filters: IDataObject): SearchFilter[];
	/** Meeting-related modes; only events use them. */
	invitations?: {
		create(context: IExecuteFunctions, itemIndex: number): SendInvitationsMode;
		update(context: IExecuteFunctions, itemIndex: number): SendInvitationsOrCancellationsMode;
		cancel(context: IExecuteFunctions, itemIndex: number): SendCancellationsMode;
	};
	/** How CreateItem stores the item (messages: SaveOnly into Drafts). */
	createDisposition?: MessageDisposition;
	/** Where create puts new items, when not `folder` (messages: Drafts). */
	createFolder?: WellKnownFolderName;
	/** Body format to read (default plain text; messages keep HTML). */
	bodyType?: BodyType;
}

export type AnyItemKind = ItemKind<any, any, any>;

/** The mailbox parameter of an item, trimmed; empty means the credential's own mailbox. */
export function mailboxOf(context: IExecuteFunctions, itemIndex: number): string | undefined {
	const mailbox = String(context.getNodeParameter('mailbox', itemIndex, '') ?? '').trim();
	return mailbox || undefined;
}

export function writableFields<TFields extends IDataObject>(
	context: IExecuteFunctions,
	kind: ItemKind<Item, ExchangeItemBase, TFields>,
	itemIndex: number,
): TFields {
	const inputMode = context.getNodeParameter('inputMode', itemIndex, 'fields') as string;
	if (inputMode !== 'json') return kind.fieldsFromParameters(context, itemIndex);
	const raw = context.getNodeParameter('itemJson', itemIndex, {}) as unknown;
	const json = typeof raw === 'string' ? jsonParse<unknown>(raw, { errorMessage: 'Item JSON is not valid JSON' }) : raw;
	if (typeof json !== 'object' || json === null || Array.isArray(json)) {
		throw new NodeOperationError(context.getNode(), `Item JSON must be an object in the ${kind.noun} shape`, {
			itemIndex,
		});
	}
	return kind.fieldsFromJson(json as IDataObject);
}

/** Wraps bad input (unparseable dates, unknown zones …) as NodeOperationError on its item. */
function inputError(context: IExecuteFunctions, error: unknown, itemIndex: number): Error {
	if (error instanceof NodeOperationError) return error;
	return new NodeOperationError(context.getNode(), (error as Error).message, { itemIndex });
}

export interface Located {
	itemIndex: number;
	mailbox?: string;
	id?: string;
	changeKey?: string;
}

/**
 * Finds the ItemIds of items addressed by ItemId or by sync id. Sync ids of one mailbox are looked
 * up together with one FindItem (an OR restriction on the sync-id property).
 */
export async function locateItems(
	context: IExecuteFunctions,
	session: ExchangeSession,
	kind: AnyItemKind,
	itemIndexes: number[],
	results: ItemResult[],
): Promise<Located[]> {
	const located: Located[] = [];
	const bySyncId: Array<{ itemIndex: number; mailbox?: string; syncId: string; changeKey?: string }> = [];
	for (const itemIndex of itemIndexes) {
		const mailbox = mailboxOf(context, itemIndex);
		const changeKey = String(context.getNodeParameter('changeKey', itemIndex, '') ?? '').trim() || undefined;
		const findBy = context.getNodeParameter('findBy', itemIndex, 'id') as string;
		if (findBy === 'syncId') {
			const syncId = String(context.getNodeParameter('syncId', itemIndex, '') ?? '').trim();
			if (!syncId) {
				results.push(failed(itemIndex, new NodeOperationError(context.getNode(), 'Sync ID is empty', { itemIndex })));
				continue;
			}
			bySyncId.push({ itemIndex, mailbox, syncId, changeKey });
			continue;
		}
		const id = String(context.getNodeParameter('itemId', itemIndex, '', { extractValue: true }) ?? '').trim();
		if (!id) {
			results.push(failed(itemIndex, new NodeOperationError(context.getNode(), 'Item ID is empty', { itemIndex })));
			continue;
		}
		located.push({ itemIndex, mailbox, id, changeKey });
	}
	for (const [mailbox, entries] of groupBy(bySyncId, (entry) => entry.mailbox)) {
		let ids: Map<string, string>;
		try {
			ids = await findBySyncIds(session, kind, mailbox, [...new Set(entries.map((entry) => entry.syncId))]);
		} catch (error) {
			for (const entry of entries) results.push(failed(entry.itemIndex, error as Error));
			continue;
		}
		for (const entry of entries) {
			const id = ids.get(entry.syncId);
			if (id) located.push({ itemIndex: entry.itemIndex, mailbox, id, changeKey: entry.changeKey });
			else {
				results.push(
					failed(
						entry.itemIndex,
						session.error(
							{ code: 'ErrorItemNotFound', detail: `No ${kind.noun} has the sync ID ${entry.syncId}`, values: {} },
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
export async function findBySyncIds(
	session: ExchangeSession,
	kind: AnyItemKind,
	mailbox: string | undefined,
	syncIds: string[],
): Promise<Map<string, string>> {
	const found = new Map<string, string>();
	const definition = syncIdProperty();
	for (let start = 0; start < syncIds.length; start += MAX_BATCH_SIZE) {
		const part = syncIds.slice(start, start + MAX_BATCH_SIZE);
		const filters = part.map((syncId) => new SearchFilter.IsEqualTo(definition, xmlText(syncId)));
		const filter = filters.length === 1 ? filters[0] : new SearchFilter.SearchFilterCollection(LogicalOperator.Or, filters);
		const view = new ItemView(part.length * 2);
		view.PropertySet = new PropertySet(BasePropertySet.IdOnly, [definition]);
		const response = await session.call(mailbox, async (service) =>
			await service.FindItems(session.folder(kind.folder, mailbox), filter, view),
		);
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
	kind: AnyItemKind,
	mailbox: string | undefined,
	targets: Array<{ itemIndex: number; id: string }>,
	results: ItemResult[],
): Promise<void> {
	const loaded = await bindItems(session, mailbox, targets.map((target) => target.id), fullPropertySet(kind.bodyType));
	loaded.forEach((outcome, position) => {
		const { itemIndex } = targets[position];
		if (outcome.item) results.push(succeeded(itemIndex, kind.toShape(outcome.item, session.mailboxAddress(mailbox))));
		else results.push(failed(itemIndex, session.error(outcome.failure as EwsFailure, mailbox, itemIndex)));
	});
}

function fieldsOrFailure<T>(
	context: IExecuteFunctions,
	itemIndex: number,
	read: () => T,
	results: ItemResult[],
): T | undefined {
	try {
		return read();
	} catch (error) {
		results.push(failed(itemIndex, inputError(context, error, itemIndex)));
		return undefined;
	}
}

/** Where create puts an input item's new item; by default the kind's create folder. */
export type CreateFolderFor = (itemIndex: number, mailbox?: string) => FolderId;

export async function createItems(
	this: IExecuteFunctions,
	session: ExchangeSession,
	itemIndexes: number[],
	kind: AnyItemKind,
	folderFor: CreateFolderFor = (_itemIndex, mailbox) => session.folder(kind.createFolder ?? kind.folder, mailbox),
): Promise<ItemResult[]> {
	const results: ItemResult[] = [];
	const prepared: Array<{ itemIndex: number; mailbox?: string; folder: FolderId; fields: IDataObject; invitations?: SendInvitationsMode }> = [];
	for (const itemIndex of itemIndexes) {
		const fields = fieldsOrFailure(this, itemIndex, () => writableFields(this, kind, itemIndex), results);
		if (!fields) continue;
		const mailbox = mailboxOf(this, itemIndex);
		const folder = fieldsOrFailure(this, itemIndex, () => folderFor(itemIndex, mailbox), results);
		if (!folder) continue;
		const invitations = kind.invitations?.create(this, itemIndex);
		prepared.push({ itemIndex, mailbox, folder, fields, invitations });
	}
	const batchKey = (entry: (typeof prepared)[number]) =>
		[entry.mailbox ?? '', entry.folder.UniqueId ?? String(entry.folder.FolderName), entry.invitations ?? ''].join('\n');
	for (const entries of groupBy(prepared, batchKey).values()) {
		const { mailbox, folder, invitations } = entries[0];
		const created = new Map<(typeof entries)[number], Item>();
		const usable: typeof entries = [];
		for (const entry of entries) {
			// Build each item once up front so bad input fails its own item before any request.
			const item = fieldsOrFailure(
				this,
				entry.itemIndex,
				() => {
					const draft = kind.newItem(session.service(mailbox));
					kind.applyFields(draft, entry.fields);
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
				kind.createDisposition ?? (null as unknown as MessageDisposition),
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
		await loadIntoResults(session, kind, mailbox, createdIds, results);
	}
	return results;
}

export async function getItems(
	this: IExecuteFunctions,
	session: ExchangeSession,
	itemIndexes: number[],
	kind: AnyItemKind,
): Promise<ItemResult[]> {
	const results: ItemResult[] = [];
	const located = await locateItems(this, session, kind, itemIndexes, results);
	for (const [mailbox, entries] of groupBy(located, (entry) => entry.mailbox)) {
		await loadIntoResults(session, kind, mailbox, entries as Array<{ itemIndex: number; id: string }>, results);
	}
	return results;
}

/** FindItem restriction from the "Filters" parameter. */
export function searchFilterFor(kind: AnyItemKind, filters: IDataObject): SearchFilter | undefined {
	const parts: SearchFilter[] = [];
	if (kind.itemClass) parts.push(new SearchFilter.IsEqualTo(ItemSchema.ItemClass, xmlText(kind.itemClass)));
	if (filters.modifiedSince) {
		parts.push(
			new SearchFilter.IsGreaterThanOrEqualTo(
				ItemSchema.LastModifiedTime,
				new DateTime(Date.parse(String(filters.modifiedSince))),
			),
		);
	}
	const search = String(filters.search ?? '').trim();
	if (search) {
		const contains = kind.searchProperties.map(
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
	parts.push(...(kind.extraRestrictions?.(filters) ?? []));
	if (parts.length === 0) return undefined;
	return parts.length === 1 ? parts[0] : new SearchFilter.SearchFilterCollection(LogicalOperator.And, parts);
}

const PAGE_SIZE = 100;
/** CRM ids per FindItem restriction (an Or of IsEqualTo): a deletion batch costs one call per this many. */
export const MAX_CRM_IDS_PER_FIND = 50;

/**
 * The items linked to given CRM records (one CRM record id per input item), found by the partner
 * property every link write sets (`crmRecordId`): per mailbox one FindItem (and one GetItem) per
 * 50 ids. An item's output is every item naming its id, none when there is none.
 */
export async function getItemsByCrmRecordIds(
	this: IExecuteFunctions,
	session: ExchangeSession,
	itemIndexes: number[],
	kind: AnyItemKind,
	folderFor: (itemIndex: number, mailbox?: string) => FolderId,
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
				const filter = searchFilterFor(kind, { crmRecordIds: ids.slice(start, start + MAX_CRM_IDS_PER_FIND).join(',') });
				for (const shape of await findItems(session, kind, mailbox, folderFor(first, mailbox), filter, Infinity, first)) {
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

export async function getManyItems(
	this: IExecuteFunctions,
	session: ExchangeSession,
	itemIndexes: number[],
	kind: AnyItemKind,
	folderFor: (itemIndex: number, mailbox?: string) => FolderId = (_, mailbox) => session.folder(kind.folder, mailbox),
	extraFilters: (itemIndex: number) => IDataObject = () => ({}),
): Promise<ItemResult[]> {
	return await perItem(itemIndexes, async (itemIndex) => {
		const mailbox = mailboxOf(this, itemIndex);
		const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
		const limit = returnAll ? Infinity : (this.getNodeParameter('limit', itemIndex, 50) as number);
		const filters = { ...(this.getNodeParameter('filters', itemIndex, {}) as IDataObject), ...extraFilters(itemIndex) };
		let filter: SearchFilter | undefined;
		try {
			filter = searchFilterFor(kind, filters);
		} catch (error) {
			throw inputError(this, error, itemIndex);
		}
		const shapes = await findItems(session, kind, mailbox, folderFor(itemIndex, mailbox), filter, limit, itemIndex);
		return succeeded(itemIndex, shapes);
	});
}

/**
 * Items of a folder matching `filter`, newest change first, as shapes: FindItem pages of ids, each
 * page loaded with one batched GetItem (FindItem cannot return bodies).
 */
export async function findItems(
	session: ExchangeSession,
	kind: AnyItemKind,
	mailbox: string | undefined,
	folder: FolderId,
	filter: SearchFilter | undefined,
	limit: number,
	itemIndex?: number,
): Promise<IDataObject[]> {
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
		const loaded = await bindItems(session, mailbox, page.Items.map((item) => item.Id.UniqueId), fullPropertySet(kind.bodyType));
		for (const outcome of loaded) {
			// An item deleted between FindItem and GetItem is simply no longer there.
			if (outcome.item) shapes.push(kind.toShape(outcome.item, session.mailboxAddress(mailbox)));
			else if (outcome.failure?.code !== 'ErrorItemNotFound') throw session.error(outcome.failure as EwsFailure, mailbox, itemIndex);
		}
		// Exchange may return a partial page; advance by what it actually returned.
		offset += page.Items.length;
		if (!page.MoreAvailable || page.Items.length === 0) break;
	}
	return shapes;
}

function isEmpty(value: unknown): boolean {
	return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

/** Exchange stores text with CRLF line ends and may add a trailing line end; neither is a change. */
function normalizedText(value: string): string {
	return value.replace(/\r\n?/g, '\n').trimEnd();
}

export function defaultSame(current: unknown, wanted: unknown): boolean {
	if (isEmpty(current) && isEmpty(wanted)) return true;
	if (typeof current === 'string' && typeof wanted === 'string') return normalizedText(current) === normalizedText(wanted);
	if (typeof current === 'object' && typeof wanted === 'object' && current && wanted && !Array.isArray(current)) {
		// A part missing from the wanted object (e.g. an address without a street) is left alone.
		return Object.entries(wanted).every(
			([key, value]) => value === undefined || defaultSame((current as IDataObject)[key], value),
		);
	}
	return JSON.stringify(current) === JSON.stringify(wanted);
}

/** The subset of `fields` whose value differs from the item's current shape. */
export function changedFields(kind: AnyItemKind, current: IDataObject, fields: IDataObject): IDataObject {
	const changed: IDataObject = {};
	for (const [field, wanted] of Object.entries(fields)) {
		if (wanted === undefined) continue;
		const same = kind.sameValue ? kind.sameValue(field, current[field], wanted) : defaultSame(current[field], wanted);
		if (!same) changed[field] = wanted;
	}
	return changed;
}

function conflictFailure(given: string): EwsFailure {
	return {
		code: 'ErrorIrresolvableConflict',
		detail: `The ChangeKey ${given} is no longer current`,
		values: {},
	};
}

/** `before`, when given, receives each found item as it was before the update, by input item. */
export async function updateItems(
	this: IExecuteFunctions,
	session: ExchangeSession,
	itemIndexes: number[],
	kind: AnyItemKind,
	before?: Map<number, IDataObject>,
): Promise<ItemResult[]> {
	const results: ItemResult[] = [];
	const fieldsByItem = new Map<number, IDataObject>();
	const valid: number[] = [];
	for (const itemIndex of itemIndexes) {
		const fields = fieldsOrFailure(this, itemIndex, () => writableFields(this, kind, itemIndex), results);
		if (fields) {
			fieldsByItem.set(itemIndex, fields);
			valid.push(itemIndex);
		}
	}
	const located = await locateItems(this, session, kind, valid, results);
	for (const [mailbox, entries] of groupBy(located, (entry) => entry.mailbox)) {
		const address = session.mailboxAddress(mailbox);
		const loaded = await bindItems(session, mailbox, entries.map((entry) => entry.id as string), fullPropertySet(kind.bodyType));
		const toUpdate: Array<{ entry: Located; item: Item; mode: ConflictResolutionMode; send?: SendInvitationsOrCancellationsMode }> = [];
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
			const current = kind.toShape(item, address) as IDataObject;
			before?.set(itemIndex, current);
			const differing = changedFields(kind, current, fieldsByItem.get(itemIndex) as IDataObject);
			const changed = kind.completeChange ? kind.completeChange(current, differing) : differing;
			if (Object.keys(changed).length === 0) {
				// Nothing differs: no request, and no meeting update is sent to attendees.
				results.push(succeeded(itemIndex, current));
				return;
			}
			const applied = fieldsOrFailure(this, itemIndex, () => (kind.applyFields(item, changed), true), results);
			if (!applied) return;
			toUpdate.push({
				entry,
				item,
				mode: entry.changeKey ? ConflictResolutionMode.NeverOverwrite : ConflictResolutionMode.AutoResolve,
				send: kind.invitations?.update(this, itemIndex),
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
		await loadIntoResults(session, kind, mailbox, updatedIds, results);
	}
	return results;
}

const DELETE_MODES: Record<string, DeleteMode> = {
	moveToDeletedItems: DeleteMode.MoveToDeletedItems,
	softDelete: DeleteMode.SoftDelete,
	hardDelete: DeleteMode.HardDelete,
};

export async function deleteItems(
	this: IExecuteFunctions,
	session: ExchangeSession,
	itemIndexes: number[],
	kind: AnyItemKind,
): Promise<ItemResult[]> {
	const results: ItemResult[] = [];
	const located = await locateItems(this, session, kind, itemIndexes, results);
	const modeOf = (entry: Located) => this.getNodeParameter('deleteMode', entry.itemIndex, 'moveToDeletedItems') as string;
	const cancelOf = (entry: Located) => kind.invitations?.cancel(this, entry.itemIndex) ?? SendCancellationsMode.SendToNone;
	for (const entries of groupBy(located, (entry) => `${entry.mailbox ?? ''}\n${modeOf(entry)}\n${cancelOf(entry)}`).values()) {
		const { mailbox } = entries[0];
		let deletable = entries;
		const guarded = entries.filter((entry) => entry.changeKey);
		if (guarded.length) {
			// DeleteItem ignores ChangeKeys, so check them first: a changed item is not deleted.
			const current = await bindItems(session, mailbox, guarded.map((entry) => entry.id as string), new PropertySet(BasePropertySet.IdOnly));
			const refused = new Set<Located>();
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
		const mode = modeOf(entries[0]);
		const outcomes = await session.callBatch(mailbox, deletable, async (service, part) =>
			await service.DeleteItems(
				part.map((entry) => new ItemId(entry.id as string)),
				DELETE_MODES[mode] ?? DeleteMode.MoveToDeletedItems,
				cancelOf(entries[0]),
				AffectedTaskOccurrence.AllOccurrences,
			),
		);
		outcomes.forEach((outcome, position) => {
			const entry = deletable[position];
			if (outcome.failure) results.push(failed(entry.itemIndex, session.error(outcome.failure, mailbox, entry.itemIndex)));
			else results.push(succeeded(entry.itemIndex, { id: entry.id as string, mailbox: session.mailboxAddress(mailbox), deleted: true, deleteMode: mode }));
		});
	}
	return results;
}

const MAX_SYNC_CHANGES = 512;

export interface ChangesPage {
	/** Created and updated items in the kind's shape, deleted ids, read-flag changes. */
	changes: IDataObject[];
	cursor: string;
	moreChangesAvailable: boolean;
}

/**
 * One SyncFolderItems page from `cursor` (empty: from the beginning), with full items for
 * creates and updates (loaded by one batched GetItem).
 */
export async function syncPage(
	session: ExchangeSession,
	kind: AnyItemKind,
	mailbox: string | undefined,
	folder: FolderId,
	cursor: string,
	maxChanges: number = MAX_SYNC_CHANGES,
	itemIndex?: number,
	loadItems = true,
): Promise<ChangesPage> {
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
	const loaded = loadItems ? await bindItems(session, mailbox, toLoad.map((entry) => entry.id), fullPropertySet(kind.bodyType)) : [];
	const deletedSinceSync = new Set<number>();
	loaded.forEach((outcome, position) => {
		const entry = toLoad[position];
		if (outcome.item) changes[entry.position] = { changeType: entry.changeType, ...kind.toShape(outcome.item, address) };
		else if (outcome.failure?.code === 'ErrorItemNotFound') deletedSinceSync.add(entry.position);
		else throw session.error(outcome.failure as EwsFailure, mailbox, itemIndex);
	});
	return {
		changes: changes.filter((_, position) => !deletedSinceSync.has(position)),
		cursor: page.SyncState,
		moreChangesAvailable: page.MoreChangesAvailable,
	};
}

/** Follows a folder's changes to the end without loading items: the cursor for "now". */
export async function currentCursor(
	session: ExchangeSession,
	kind: AnyItemKind,
	mailbox: string | undefined,
	folder: FolderId,
): Promise<string> {
	let cursor = '';
	for (let more = true; more; ) {
		const page = await syncPage(session, kind, mailbox, folder, cursor, MAX_SYNC_CHANGES, undefined, false);
		cursor = page.cursor;
		more = page.moreChangesAvailable;
	}
	return cursor;
}

export async function getChanges(
	this: IExecuteFunctions,
	session: ExchangeSession,
	itemIndexes: number[],
	kind: AnyItemKind,
	folderFor: (itemIndex: number, mailbox?: string) => FolderId = (_, mailbox) => session.folder(kind.folder, mailbox),
): Promise<ItemResult[]> {
	return await perItem(itemIndexes, async (itemIndex) => {
		const mailbox = mailboxOf(this, itemIndex);
		let cursor = String(this.getNodeParameter('cursor', itemIndex, '') ?? '').trim();
		const returnAll = this.getNodeParameter('fetchAllPages', itemIndex, true) as boolean;
		const maxChanges = returnAll ? MAX_SYNC_CHANGES : (this.getNodeParameter('maxChanges', itemIndex, MAX_SYNC_CHANGES) as number);
		const folder = folderFor(itemIndex, mailbox);
		let changes: IDataObject[] = [];
		let moreChangesAvailable = true;
		let cursorReset = false;
		while (moreChangesAvailable) {
			let page: ChangesPage;
			try {
				page = await syncPage(session, kind, mailbox, folder, cursor, maxChanges, itemIndex);
			} catch (error) {
				// Exchange no longer knows the cursor (expired or from another folder): start again, so
				// the output lists every item, and say so, since "changes" are now a complete listing.
				if (cursor === '' || (error as { context?: IDataObject }).context?.responseCode !== 'ErrorInvalidSyncStateData') throw error;
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
		const count = (type: string) => changes.filter((change) => change.changeType === type).length;
		const summary: IDataObject = {
			summary: true,
			mailbox: session.mailboxAddress(mailbox),
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
