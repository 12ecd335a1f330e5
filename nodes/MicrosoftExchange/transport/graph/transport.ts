import { DateTime } from 'luxon';
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';
import type { AnyItemType } from '../../helpers/itemTypes';
import { fieldsToWrite } from '../../helpers/itemTypes';
import type { ExchangeEvent } from '../../helpers/itemShapes';
import type { ItemResult } from '../../helpers/results';
import { failed, groupBy, succeeded } from '../../helpers/results';
import type {
	Attachment,
	AvailabilityRequest,
	ChangesPage,
	ChangesQuery,
	CreateRequest,
	CursorExpired,
	DeleteRequest,
	ExchangeTransport,
	FindQuery,
	FolderInfo,
	FolderRef,
	ItemLocator,
	MoveRequest,
	OutgoingMessage,
	OccurrenceDeletion,
	SuggestionRequest,
	UpdateRequest,
	Watch,
} from '../index';
import { freeBusy, scheduleBody, suggestions } from './availability';
import { GraphClient } from './client';
import type { GraphContext, GraphRequest, GraphResponse } from './client';
import { readGraphCredentials } from './credentials';
import { EVENT_PREFER, eventMapping } from './eventMapping';
import { graphMappingOf } from './itemMappings';
import type { GraphItemMapping } from './itemMappings';
import { fileAttachments, listFolders, literal, outgoingMessage, resolveNames } from './mailbox';
import type { ReadPages } from './mailbox';
import { messageMapping } from './messageMapping';
import { withExtendedWrites } from './values';
import { parseSyncState } from '../../../ExchangeCrmSync/core/syncState';

/** Sync ids looked up in one filtered query (each is one clause of the filter). */
const SYNC_IDS_PER_QUERY = 15;
const FIND_PAGE_SIZE = 100;
const DEFAULT_DELTA_PAGE_SIZE = 200;
const MAX_DELTA_PAGE_SIZE = 1000;
/** Ids translateExchangeIds takes in one call. */
const IDS_PER_TRANSLATION = 1000;
/** The largest file attachment Graph takes inline in a message; a larger one needs an upload session. */
const INLINE_ATTACHMENT_BYTES = 3 * 1024 * 1024;
/** Bytes a base64 text holds. */
const base64Bytes = (base64: string) => Math.floor((base64.length * 3) / 4) - (base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0);
/** A time before any item: the lower bound of a filter that must name lastModifiedDateTime. */
const EVER = '1900-01-01T00:00:00Z';


const hasProperty = (propertyId: string, value: string) =>
	`singleValueExtendedProperties/Any(ep: ep/id eq ${literal(propertyId)} and ep/value eq ${literal(value)})`;

const anyOf = (clauses: string[]) => (clauses.length === 1 ? clauses[0] : `(${clauses.join(' or ')})`);

function commaList(value: unknown): string[] {
	return String(value ?? '')
		.split(',')
		.map((entry) => entry.trim())
		.filter(Boolean);
}

/**
 * The delta cursor: Graph's deltaLink (or nextLink, mid-round) and the time the changes it
 * reports start from, so that an item created after it is reported as `created` (delta itself
 * does not tell created from updated).
 */
interface DeltaCursor {
	link: string;
	since: string;
	/** Delta through a view (mapping.delta): the series seen in it, whose deletion shows only as their occurrences' removal. */
	masters?: string[];
	/** … and, in the round without a cursor, where the full listing of the collection goes on ('' to start). */
	listing?: string;
}

/**
 * Whether an item in a delta page was created after `since`. Graph answers whole seconds, so in
 * the second of `since` itself an item counts as created only if it was not changed after its
 * creation (one created just before `since` was reported then, and is here for a later change).
 */
function createdSince(entry: IDataObject, since: string): boolean {
	const createdAt = Date.parse(String(entry.createdDateTime ?? ''));
	const sinceSecond = Math.floor(Date.parse(since) / 1000) * 1000;
	if (createdAt >= sinceSecond + 1000) return true;
	return createdAt >= sinceSecond && Date.parse(String(entry.lastModifiedDateTime ?? '')) === createdAt;
}

function readCursor(cursor: string): DeltaCursor | undefined {
	if (!cursor) return undefined;
	try {
		const parsed = JSON.parse(cursor) as DeltaCursor;
		return typeof parsed.link === 'string' ? parsed : undefined;
	} catch {
		return undefined;
	}
}

/**
 * The Exchange transport for Microsoft 365 over Microsoft Graph (app-only). Every item type with a
 * mapping (itemMappings.ts) gets create, get, update, delete (batched with $batch), find, changes
 * through delta and lookup by sync id through a filter on the link property. Types and operations
 * without one answer a NodeOperationError saying they are not available over Microsoft 365 yet.
 */
export class GraphTransport implements ExchangeTransport {
	/** Collections looked up this run (`mailbox|noun` → path): To Do's default list. */
	private readonly defaultCollections = new Map<string, string>();

	constructor(readonly client: GraphClient) {}

	static async fromContext(context: GraphContext): Promise<GraphTransport> {
		const credentials = readGraphCredentials(await context.getCredentials('microsoft365GraphApi'));
		return new GraphTransport(new GraphClient(context, credentials));
	}

	mailboxAddress(mailbox?: string): string {
		return this.client.mailboxAddress(mailbox);
	}

	private unavailable(what: string, itemIndex?: number): NodeOperationError {
		return new NodeOperationError(this.client.node, `${what} is not available over Microsoft 365 yet`, {
			itemIndex,
			description: 'Choose Server: Exchange Server (EWS) for it, or use a later version of this package.',
		});
	}

	/** The type's mapping; throws when the type is not carried over Graph. */
	private mapping(type: AnyItemType, itemIndex?: number): GraphItemMapping {
		const mapping = graphMappingOf(type);
		if (!mapping) throw this.unavailable(`Working with ${type.noun}s`, itemIndex);
		return mapping;
	}

	/** Per-item failures for a type not carried over Graph, so the rest of a run proceeds. */
	private unsupportedResults(type: AnyItemType, requests: Array<{ itemIndex: number }>): ItemResult[] | undefined {
		if (graphMappingOf(type)) return undefined;
		return requests.map((request) => failed(request.itemIndex, this.unavailable(`Working with ${type.noun}s`, request.itemIndex)));
	}

	private userPath(mailbox: string): string {
		// An app has no mailbox of its own: one must be named, in the node or in the credential.
		if (!mailbox) throw new NodeOperationError(this.client.node, "No mailbox: set the node's Mailbox or the credential's Default Mailbox");
		return `/users/${encodeURIComponent(mailbox)}`;
	}

	/** The collection to read (or, `forCreate`, the one new items go to) for the folder. */
	private async collectionPath(mapping: GraphItemMapping, mailbox: string, folder?: FolderRef, itemIndex?: number, forCreate = false): Promise<string> {
		const userPath = this.userPath(mailbox);
		const path =
			forCreate && mapping.createPath
				? mapping.createPath(userPath, folder)
				: !folder && mapping.defaultCollection
					? await this.defaultCollection(mapping, mailbox, itemIndex)
					: mapping.collectionPath(userPath, folder);
		if (path !== undefined) return path;
		const name = folder && 'wellKnown' in folder ? folder.wellKnown : folder?.id;
		throw new NodeOperationError(this.client.node, `The folder "${name}" holds no ${mapping.noun}s`, { itemIndex });
	}

	/** The type's default collection where it must be looked up (To Do's default list), once per run and mailbox. */
	private async defaultCollection(mapping: GraphItemMapping, mailbox: string, itemIndex?: number): Promise<string> {
		const key = `${mailbox}|${mapping.noun}`;
		const known = this.defaultCollections.get(key);
		if (known) return known;
		const lookup = mapping.defaultCollection!;
		const userPath = this.userPath(mailbox);
		const lists = await this.allPages(mailbox, { method: 'GET', path: lookup.listsPath(userPath) }, itemIndex);
		const list = lookup.pick(lists);
		if (!list) throw new NodeOperationError(this.client.node, `Mailbox ${mailbox} has no default list of ${mapping.noun}s`, { itemIndex });
		const path = lookup.path(userPath, list);
		this.defaultCollections.set(key, path);
		return path;
	}

	private itemPath(mapping: GraphItemMapping, mailbox: string, id: string): string {
		return mapping.itemPath(this.userPath(mailbox), id);
	}

	/** The item's shape from its Graph entity, read at `path`. */
	private shapeOf(mapping: GraphItemMapping, entity: IDataObject, mailbox: string, path: string): IDataObject {
		const shape = mapping.fromGraph(entity, mailbox);
		return mapping.scopedId ? { ...shape, id: mapping.scopedId(String(entity.id), path) } : shape;
	}

	/** The id an entry of a collection, delta or create answer read at `path` goes by. */
	private idAt(mapping: GraphItemMapping, graphId: unknown, path: string): string {
		return mapping.scopedId ? mapping.scopedId(String(graphId), path) : String(graphId);
	}

	/** Every entry of a collection, following @odata.nextLink. */
	private async allPages(mailbox: string, first: GraphRequest, itemIndex?: number): Promise<IDataObject[]> {
		const entries: IDataObject[] = [];
		let request: GraphRequest | undefined = first;
		while (request) {
			const page = await this.client.call(mailbox, request, itemIndex);
			entries.push(...((page.value ?? []) as IDataObject[]));
			const next = page['@odata.nextLink'];
			request = typeof next === 'string' ? { method: 'GET', path: next } : undefined;
		}
		return entries;
	}

	/** sync id → item id, by one filtered query per 15 sync ids. */
	private async findBySyncIds(mapping: GraphItemMapping, mailbox: string, syncIds: string[], itemIndex?: number): Promise<Map<string, string>> {
		const found = new Map<string, string>();
		const path = await this.collectionPath(mapping, mailbox, undefined, itemIndex);
		const { syncIdProperty } = mapping;
		if (!syncIdProperty) {
			// The link cannot be filtered on: the whole collection, matched here.
			const wanted = new Set(syncIds);
			for (const item of await this.allPages(mailbox, { method: 'GET', path, query: { $expand: mapping.expand, $top: String(FIND_PAGE_SIZE) } }, itemIndex)) {
				const syncId = mapping.fromGraph(item, mailbox).syncId;
				if (syncId && wanted.has(String(syncId))) found.set(String(syncId), this.idAt(mapping, item.id, path));
			}
			return found;
		}
		for (let start = 0; start < syncIds.length; start += SYNC_IDS_PER_QUERY) {
			const part = syncIds.slice(start, start + SYNC_IDS_PER_QUERY);
			const items = await this.allPages(
				mailbox,
				{
					method: 'GET',
					path,
					query: {
						$filter: anyOf(part.map((syncId) => hasProperty(syncIdProperty, syncId))),
						$select: 'id',
						$expand: `singleValueExtendedProperties($filter=id eq ${literal(syncIdProperty)})`,
						$top: String(part.length * 2),
					},
				},
				itemIndex,
			);
			for (const item of items) {
				const syncId = mapping.fromGraph(item, mailbox).syncId;
				if (syncId) found.set(String(syncId), this.idAt(mapping, item.id, path));
			}
		}
		return found;
	}

	/** Ids of the items addressed by id or by sync id; a sync id that finds nothing fails its item. */
	private async locate<L extends ItemLocator>(
		mapping: GraphItemMapping,
		locators: L[],
		results: ItemResult[],
	): Promise<Array<L & { id: string; mailbox: string }>> {
		const located: Array<L & { id: string; mailbox: string }> = [];
		for (const locator of locators) {
			if (locator.id === undefined) continue;
			const mailbox = this.mailboxAddress(locator.mailbox);
			try {
				// An id the type cannot address (a To Do task id without its list) fails its item alone.
				this.itemPath(mapping, mailbox, locator.id);
			} catch (error) {
				results.push(failed(locator.itemIndex, new NodeOperationError(this.client.node, (error as Error).message, { itemIndex: locator.itemIndex })));
				continue;
			}
			located.push({ ...locator, id: locator.id, mailbox });
		}
		const bySyncId = locators.filter((locator) => locator.id === undefined);
		for (const [mailbox, entries] of groupBy(bySyncId, (entry) => this.mailboxAddress(entry.mailbox))) {
			let ids: Map<string, string>;
			try {
				ids = await this.findBySyncIds(mapping, mailbox, [...new Set(entries.map((entry) => String(entry.syncId)))], entries[0].itemIndex);
			} catch (error) {
				for (const entry of entries) results.push(failed(entry.itemIndex, error as Error));
				continue;
			}
			for (const entry of entries) {
				const id = ids.get(String(entry.syncId));
				if (id) located.push({ ...entry, mailbox, id });
				else {
					results.push(
						failed(
							entry.itemIndex,
							new NodeOperationError(this.client.node, `No ${mapping.noun} has the sync ID ${entry.syncId} in mailbox ${mailbox}`, {
								itemIndex: entry.itemIndex,
							}),
						),
					);
				}
			}
		}
		return located;
	}

	/** The query options and headers of every read of whole items of the type. */
	private readOptions(mapping: GraphItemMapping): Pick<GraphRequest, 'query' | 'headers'> {
		return {
			query: { $expand: mapping.expand, ...(mapping.select ? { $select: mapping.select } : {}) },
			...(mapping.prefer ? { headers: { Prefer: mapping.prefer } } : {}),
		};
	}

	/** Full items by id, one $batch per 20; each answer in order. */
	private async readItems(mapping: GraphItemMapping, mailbox: string, ids: string[]): Promise<GraphResponse[]> {
		return await this.client.batch(
			mailbox,
			ids.map((id) => ({ method: 'GET', path: this.itemPath(mapping, mailbox, id), ...this.readOptions(mapping) })),
		);
	}

	/** The node's notification value refused for a write Graph would mail people for, as the item's failure. */
	private mailRefused(
		mapping: GraphItemMapping,
		kind: 'create' | 'update' | 'delete',
		mode: string | undefined,
		body: IDataObject,
		current: IDataObject | undefined,
		itemIndex: number,
	): NodeOperationError | undefined {
		const refusal = mapping.mailRefusal?.(kind, mode, body, current);
		return refusal
			? new NodeOperationError(this.client.node, refusal, {
					itemIndex,
					description: 'Graph has no way to save a meeting change without telling its attendees. Choose a sending option, or Server: Exchange Server (EWS).',
				})
			: undefined;
	}

	/** Records each failed answer as its target's failure; answers the targets that succeeded, with their answers. */
	private succeeded<T extends { itemIndex: number }>(
		mapping: GraphItemMapping,
		mailbox: string,
		targets: T[],
		answers: GraphResponse[],
		results: ItemResult[],
	): Array<{ target: T; answer: GraphResponse }> {
		const done: Array<{ target: T; answer: GraphResponse }> = [];
		answers.forEach((answer, position) => {
			const target = targets[position];
			if (answer.status < 300) done.push({ target, answer });
			else results.push(failed(target.itemIndex, this.client.error(answer, mailbox, target.itemIndex, mapping.noun)));
		});
		return done;
	}

	/** Reads items by id and records each as its input item's output or failure. */
	private async readIntoResults(
		mapping: GraphItemMapping,
		mailbox: string,
		targets: Array<{ itemIndex: number; id: string }>,
		results: ItemResult[],
	): Promise<void> {
		const answers = await this.readItems(mapping, mailbox, targets.map((target) => target.id));
		const read = this.succeeded(mapping, mailbox, targets, answers, results).map(({ target, answer }) => ({ ...target, entity: answer.body }));
		await this.entitiesIntoResults(mapping, mailbox, read, results);
	}

	/** Records each entity as its input item's output, in the type's shape. */
	private async entitiesIntoResults(
		mapping: GraphItemMapping,
		mailbox: string,
		read: Array<{ itemIndex: number; id: string; entity: IDataObject }>,
		results: ItemResult[],
	): Promise<void> {
		const shapes = read.map(({ id, entity }) => this.shapeOf(mapping, entity, mailbox, this.itemPath(mapping, mailbox, id)));
		await this.markLinkedIds(mailbox, shapes, read[0]?.itemIndex);
		read.forEach(({ itemIndex }, position) => results.push(succeeded(itemIndex, shapes[position])));
	}

	/**
	 * Marks the items whose sync state names them by another id, the EWS ItemId their link was made
	 * with before the mailbox moved to Microsoft 365: where translateExchangeIds finds that id is the
	 * item, `linkedId` says so, and the Sync node keeps the link as it is instead of rewriting it or
	 * taking the item for a copy. One call per 1,000 such items; none when every link names its item.
	 */
	private async markLinkedIds(mailbox: string, shapes: IDataObject[], itemIndex?: number, deleted = false): Promise<void> {
		const named = shapes.flatMap((shape) => {
			const linked = parseSyncState(shape.syncState)?.ex;
			return linked !== undefined && linked !== shape.id ? [{ shape, linked }] : [];
		});
		for (let start = 0; start < named.length; start += IDS_PER_TRANSLATION) {
			const part = named.slice(start, start + IDS_PER_TRANSLATION);
			const answer = await this.client.send(
				mailbox,
				{
					method: 'POST',
					path: `${this.userPath(mailbox)}/translateExchangeIds`,
					body: { inputIds: [...new Set(part.map((entry) => entry.linked))], sourceIdType: 'ewsId', targetIdType: 'restImmutableEntryId' },
				},
				itemIndex,
			);
			// Refused to the app (Microsoft's reference doubts app-only support): the items stay unmarked,
			// and the first complete run after the move writes each link once instead.
			if (answer.status === 403) return;
			if (answer.status >= 300) throw this.client.error(answer, mailbox, itemIndex);
			const translated = new Map(((answer.body.value ?? []) as IDataObject[]).map((result) => [String(result.sourceId), result.targetId]));
			for (const { shape, linked } of part) {
				const named = translated.get(linked);
				// A deleted item has left its folder, so its EWS id names nothing any more; one that still
				// names another item (a copy's original) never stands for that item's link.
				if (named === shape.id || (deleted && named === undefined)) shape.linkedId = linked;
			}
		}
	}

	/**
	 * A deletion names only the item's Graph id; the CRM record of a link made over EWS knows the
	 * item by its EWS id. An item deleted to Deleted Items can still be read: where its link names
	 * it by an EWS id that names no other item, the deletion carries that id as `linkedId`, so the
	 * CRM partner is found. A purged item tells nothing: a complete run finds its pair.
	 */
	private async markDeletedLinkedIds(mapping: GraphItemMapping, mailbox: string, changes: IDataObject[], itemIndex?: number): Promise<void> {
		const deletions = changes.filter((change) => change.changeType === 'deleted');
		if (deletions.length === 0 || !mapping.syncIdProperty) return;
		const answers = await this.readItems(mapping, mailbox, deletions.map((deletion) => String(deletion.id)));
		const readable = answers.flatMap((answer, position) => (answer.status < 300 ? [{ deletion: deletions[position], shape: mapping.fromGraph(answer.body, mailbox) }] : []));
		await this.markLinkedIds(mailbox, readable.map(({ shape }) => shape), itemIndex, true);
		for (const { deletion, shape } of readable) if (shape.linkedId) deletion.linkedId = shape.linkedId;
	}

	async createItems(type: AnyItemType, requests: CreateRequest[]): Promise<ItemResult[]> {
		const unsupported = this.unsupportedResults(type, requests);
		if (unsupported) return unsupported;
		const mapping = this.mapping(type);
		const results: ItemResult[] = [];
		const prepared: Array<{ itemIndex: number; mailbox: string; path: string; body: IDataObject }> = [];
		for (const request of requests) {
			const mailbox = this.mailboxAddress(request.mailbox);
			try {
				const body = mapping.toGraph(request.fields);
				const refused = this.mailRefused(mapping, 'create', request.sendInvitations, body, undefined, request.itemIndex);
				if (refused) throw refused;
				prepared.push({ itemIndex: request.itemIndex, mailbox, path: await this.collectionPath(mapping, mailbox, request.folder, request.itemIndex, true), body });
			} catch (error) {
				results.push(failed(request.itemIndex, error instanceof NodeOperationError ? error : new NodeOperationError(this.client.node, error as Error, { itemIndex: request.itemIndex })));
			}
		}
		for (const [mailbox, entries] of groupBy(prepared, (entry) => entry.mailbox)) {
			const answers = await this.client.batch(
				mailbox,
				entries.map((entry) => ({ method: 'POST', path: entry.path, body: entry.body })),
			);
			const created = this.succeeded(mapping, mailbox, entries, answers, results).map(({ target, answer }) => ({
				itemIndex: target.itemIndex,
				id: this.idAt(mapping, answer.body.id, target.path),
				entity: { ...answer.body, singleValueExtendedProperties: withExtendedWrites([], target.body.singleValueExtendedProperties) },
			}));
			// A create's answer leaves out the extended properties: read the new items back, unless they are the ones written.
			if (mapping.wholeWriteAnswers) await this.entitiesIntoResults(mapping, mailbox, created, results);
			else await this.readIntoResults(mapping, mailbox, created, results);
		}
		return results;
	}

	async getItems(type: AnyItemType, locators: ItemLocator[]): Promise<ItemResult[]> {
		const unsupported = this.unsupportedResults(type, locators);
		if (unsupported) return unsupported;
		const mapping = this.mapping(type);
		const results: ItemResult[] = [];
		const located = await this.locate(mapping, locators, results);
		for (const [mailbox, entries] of groupBy(located, (entry) => entry.mailbox)) {
			await this.readIntoResults(mapping, mailbox, entries, results);
		}
		return results;
	}

	async updateItems(type: AnyItemType, requests: UpdateRequest[], before?: Map<number, IDataObject>): Promise<ItemResult[]> {
		const unsupported = this.unsupportedResults(type, requests);
		if (unsupported) return unsupported;
		const mapping = this.mapping(type);
		const results: ItemResult[] = [];
		const located = await this.locate(mapping, requests, results);
		for (const [mailbox, entries] of groupBy(located, (entry) => entry.mailbox)) {
			const currents = await this.readItems(mapping, mailbox, entries.map((entry) => entry.id));
			const patches: Array<{ itemIndex: number; id: string; held: unknown; request?: GraphRequest; linkWrite?: GraphRequest }> = [];
			currents.forEach((answer, position) => {
				const entry = entries[position];
				const { itemIndex } = entry;
				if (answer.status >= 300) {
					results.push(failed(itemIndex, this.client.error(answer, mailbox, itemIndex, mapping.noun)));
					return;
				}
				const path = this.itemPath(mapping, mailbox, entry.id);
				const current = this.shapeOf(mapping, answer.body, mailbox, path);
				// The caller read the item at this change key; anything newer means someone else changed it.
				if (entry.changeKey && entry.changeKey !== current.changeKey) {
					results.push(failed(itemIndex, this.client.error({ status: 412, headers: {}, body: {} }, mailbox, itemIndex, mapping.noun)));
					return;
				}
				before?.set(itemIndex, current);
				const changed = fieldsToWrite(type, current, entry.fields);
				if (Object.keys(changed).length === 0) {
					results.push(succeeded(itemIndex, current));
					return;
				}
				let body: IDataObject;
				try {
					body = mapping.toGraph(changed, current);
				} catch (error) {
					results.push(failed(itemIndex, new NodeOperationError(this.client.node, error as Error, { itemIndex })));
					return;
				}
				const refused = this.mailRefused(mapping, 'update', entry.sendUpdates, body, current, itemIndex);
				if (refused) {
					results.push(failed(itemIndex, refused));
					return;
				}
				const linkWrite = mapping.linkWrite?.(changed, answer.body, path);
				// Only fields the server cannot hold changed: nothing to send.
				if (Object.keys(body).length === 0 && !linkWrite) {
					results.push(succeeded(itemIndex, current));
					return;
				}
				patches.push({
					itemIndex,
					id: entry.id,
					held: answer.body.singleValueExtendedProperties,
					// Only the link changed: the link's own request is the whole update.
					request: Object.keys(body).length > 0 ? { method: 'PATCH', path, body, headers: entry.changeKey ? { 'If-Match': `W/"${entry.changeKey}"` } : undefined } : undefined,
					linkWrite,
				});
			});
			const sent = patches.filter((patch) => patch.request !== undefined);
			const answers = await this.client.batch(mailbox, sent.map((patch) => patch.request!));
			const written = this.succeeded(mapping, mailbox, sent, answers, results);
			if (mapping.wholeWriteAnswers) {
				// A PATCH answers the item as it is now, but for its extended properties: those held, with those written.
				const entities = written.map(({ target, answer }) => ({
					...target,
					entity: { ...answer.body, singleValueExtendedProperties: withExtendedWrites(target.held, target.request!.body!.singleValueExtendedProperties) },
				}));
				await this.entitiesIntoResults(mapping, mailbox, entities, results);
				continue;
			}
			const patched = [...written.map(({ target }) => target), ...patches.filter((patch) => !patch.request)];
			const updated = await this.writeLinks(mapping, mailbox, patched, results);
			await this.readIntoResults(mapping, mailbox, updated, results);
		}
		return results;
	}

	/** Sends the link writes of a type that keeps its link apart from the item (To Do tasks); answers the targets that are now fully written. */
	private async writeLinks<T extends { itemIndex: number; linkWrite?: GraphRequest }>(mapping: GraphItemMapping, mailbox: string, targets: T[], results: ItemResult[]): Promise<T[]> {
		const linking = targets.filter((target) => target.linkWrite !== undefined);
		if (linking.length === 0) return targets;
		const answers = await this.client.batch(mailbox, linking.map((target) => target.linkWrite!));
		const linked = this.succeeded(mapping, mailbox, linking, answers, results).map(({ target }) => target);
		return [...targets.filter((target) => target.linkWrite === undefined), ...linked];
	}

	async deleteItems(type: AnyItemType, requests: DeleteRequest[]): Promise<ItemResult[]> {
		const unsupported = this.unsupportedResults(type, requests);
		if (unsupported) return unsupported;
		const mapping = this.mapping(type);
		const results: ItemResult[] = [];
		// Graph's DELETE moves the item to Deleted Items; the other modes are the type's actions, where it has them.
		const possible = requests.filter((request) => {
			if (request.deleteMode === 'moveToDeletedItems' || this.deleteAction(mapping, request.deleteMode)) return true;
			results.push(failed(request.itemIndex, this.deleteModeRefused(mapping, request.deleteMode, request.itemIndex)));
			return false;
		});
		const located = await this.locate(mapping, possible, results);
		for (const [mailbox, found] of groupBy(located, (entry) => entry.mailbox)) {
			const entries = await this.withoutRefusedDeletes(mapping, mailbox, found, results);
			const answers = await this.client.batch(
				mailbox,
				entries.map((entry): GraphRequest => {
					const path = this.itemPath(mapping, mailbox, entry.id);
					const headers = entry.changeKey ? { 'If-Match': `W/"${entry.changeKey}"` } : undefined;
					const action = this.deleteAction(mapping, entry.deleteMode);
					return action ? { method: 'POST', path: `${path}/${action.action}`, body: action.body, headers } : { method: 'DELETE', path, headers };
				}),
			);
			for (const { target } of this.succeeded(mapping, mailbox, entries, answers, results)) {
				results.push(succeeded(target.itemIndex, { id: target.id, mailbox, deleted: true, deleteMode: target.deleteMode }));
			}
		}
		return results;
	}

	private deleteAction(mapping: GraphItemMapping, mode: string): { action: string; body?: IDataObject } | undefined {
		return mode === 'softDelete' || mode === 'hardDelete' ? mapping.deleteActions?.[mode] : undefined;
	}

	/** A delete mode Graph has no call for with this type, with the modes that it has. */
	private deleteModeRefused(mapping: GraphItemMapping, mode: string, itemIndex: number): NodeOperationError {
		const names: Record<string, string> = { moveToDeletedItems: 'Move to Deleted Items', softDelete: 'Soft Delete', hardDelete: 'Hard Delete' };
		const offered = Object.keys(names).filter((name) => name === 'moveToDeletedItems' || this.deleteAction(mapping, name));
		const choices = offered.map((name) => names[name]).join(' or ');
		return new NodeOperationError(this.client.node, `Delete mode "${names[mode] ?? mode}" is not available for ${mapping.noun}s over Microsoft 365`, {
			itemIndex,
			description: `Microsoft Graph has no way to ${mode === 'softDelete' ? `move a ${mapping.noun} to Recoverable Items` : `purge a ${mapping.noun}`}. Choose ${choices}, or Server: Exchange Server (EWS).`,
		});
	}

	/** The deletes Graph may make as asked: one that would mail attendees against Send Cancellations fails its item. */
	private async withoutRefusedDeletes<T extends DeleteRequest & { id: string }>(
		mapping: GraphItemMapping,
		mailbox: string,
		entries: T[],
		results: ItemResult[],
	): Promise<T[]> {
		// Only a delete that must not mail anyone needs the item read first.
		const asked = mapping.mailRefusal ? entries.filter((entry) => entry.sendCancellations === 'sendToNone') : [];
		if (asked.length === 0) return entries;
		const refused = new Set<T>();
		const currents = await this.readItems(mapping, mailbox, asked.map((entry) => entry.id));
		currents.forEach((answer, position) => {
			const entry = asked[position];
			if (answer.status >= 300) return;
			const failure = this.mailRefused(mapping, 'delete', entry.sendCancellations, {}, mapping.fromGraph(answer.body, mailbox), entry.itemIndex);
			if (failure) {
				results.push(failed(entry.itemIndex, failure));
				refused.add(entry);
			}
		});
		return entries.filter((entry) => !refused.has(entry));
	}

	/** Moves items with `POST …/move`, batched; the answer is the item in its new folder. */
	async moveItems(type: AnyItemType, requests: MoveRequest[]): Promise<ItemResult[]> {
		const mapping = graphMappingOf(type);
		if (!mapping?.movable) return requests.map((request) => failed(request.itemIndex, this.unavailable(`Moving ${type.noun}s`, request.itemIndex)));
		const results: ItemResult[] = [];
		const located = await this.locate(mapping, requests, results);
		for (const [mailbox, entries] of groupBy(located, (entry) => entry.mailbox)) {
			const answers = await this.client.batch(
				mailbox,
				entries.map((entry) => ({
					method: 'POST',
					path: `${this.itemPath(mapping, mailbox, entry.id)}/move`,
					body: { destinationId: 'wellKnown' in entry.destination ? entry.destination.wellKnown : entry.destination.id },
				})),
			);
			for (const { target, answer } of this.succeeded(mapping, mailbox, entries, answers, results)) {
				results.push(succeeded(target.itemIndex, { id: String(answer.body.id), previousId: target.id, mailbox, moved: true }));
			}
		}
		return results;
	}

	/** Items matching the filters, most recently changed first. */
	async findItems(type: AnyItemType, query: FindQuery, itemIndex?: number): Promise<IDataObject[]> {
		const mapping = this.mapping(type, itemIndex);
		const mailbox = this.mailboxAddress(query.mailbox);
		const { filters, limit } = query;
		const clauses: string[] = [];
		if (filters.modifiedSince) {
			const since = new Date(String(filters.modifiedSince));
			if (Number.isNaN(since.getTime())) {
				throw new NodeOperationError(this.client.node, `"${String(filters.modifiedSince)}" is not an ISO 8601 date-time`, { itemIndex });
			}
			// Graph's times are whole seconds: an item changed later in the same second must not be missed.
			clauses.push(`lastModifiedDateTime ge ${new Date(Math.floor(since.getTime() / 1000) * 1000).toISOString()}`);
		}
		const search = String(filters.search ?? '').trim();
		if (search) {
			clauses.push(anyOf(mapping.searchProperties.map((field) => `startswith(${field},${literal(search)})`)));
		}
		// A link Graph cannot filter on is matched here, on every page.
		const linkMatches: Array<(shape: IDataObject) => boolean> = [];
		for (const [field, property, values] of [
			['syncId', mapping.syncIdProperty, commaList(filters.syncIds)],
			['crmRecordId', mapping.crmRecordIdProperty, commaList(filters.crmRecordIds)],
		] as const) {
			if (!values.length) continue;
			if (property) clauses.push(anyOf(values.map((value) => hasProperty(property, value))));
			else linkMatches.push((shape) => values.includes(String(shape[field] ?? '')));
		}
		try {
			clauses.push(...(mapping.findClauses?.(filters) ?? []));
		} catch (error) {
			throw new NodeOperationError(this.client.node, error as Error, { itemIndex });
		}
		// Outlook sorts a filtered list only when the sort property is filtered on first.
		if (clauses.length && !filters.modifiedSince) clauses.unshift(`lastModifiedDateTime ge ${EVER}`);
		const wanted = (shape: IDataObject) => (filters.hasSyncId !== true || Boolean(shape.syncId)) && linkMatches.every((matches) => matches(shape));
		const shapes: IDataObject[] = [];
		const read = this.readOptions(mapping);
		let request: GraphRequest | undefined = {
			method: 'GET',
			path: await this.collectionPath(mapping, mailbox, query.folder, itemIndex),
			query: {
				...(clauses.length ? { $filter: clauses.join(' and ') } : {}),
				$orderby: 'lastModifiedDateTime desc',
				// Matching links here, a page holds fewer hits than it has items: full pages.
				$top: String(linkMatches.length ? FIND_PAGE_SIZE : Math.min(FIND_PAGE_SIZE, Math.max(1, limit))),
				...read.query,
			},
			headers: read.headers,
		};
		while (request && shapes.length < limit) {
			const page = await this.client.call(mailbox, request, itemIndex);
			for (const item of (page.value ?? []) as IDataObject[]) {
				const shape = this.shapeOf(mapping, item, mailbox, request.path);
				if (wanted(shape) && shapes.length < limit) shapes.push(shape);
			}
			const next = page['@odata.nextLink'];
			request = typeof next === 'string' ? { method: 'GET', path: next, headers: read.headers } : undefined;
		}
		await this.markLinkedIds(mailbox, shapes, itemIndex);
		return shapes;
	}

	/** One delta page; created and updated items loaded whole (delta cannot expand extended properties). */
	async getChanges(type: AnyItemType, query: ChangesQuery, itemIndex?: number): Promise<ChangesPage | CursorExpired> {
		const mapping = this.mapping(type, itemIndex);
		const mailbox = this.mailboxAddress(query.mailbox);
		const previous = readCursor(query.cursor);
		if (query.cursor && !previous) return { cursorExpired: true };
		// A view's delta covers a window: its first round lists the whole collection instead.
		if (mapping.delta && (!previous || previous.listing !== undefined)) return await this.listingPage(mapping, mailbox, query, previous, itemIndex);
		const since = previous?.since ?? '';
		const pageSize = Math.min(Math.max(1, query.maxChanges ?? DEFAULT_DELTA_PAGE_SIZE), MAX_DELTA_PAGE_SIZE);
		const request: GraphRequest = previous
			? { method: 'GET', path: previous.link }
			: { method: 'GET', path: `${await this.collectionPath(mapping, mailbox, query.folder, itemIndex)}/delta`, query: { $select: 'id,createdDateTime,lastModifiedDateTime' } };
		request.headers = { Prefer: `odata.maxpagesize=${pageSize}` };
		// A finished round's link reports what changed after this moment: later creations are `created`.
		const askedAt = new Date().toISOString();
		const response = await this.client.send(mailbox, request, itemIndex);
		if (response.status === 410 && previous) return { cursorExpired: true };
		if (response.status >= 300) throw this.client.error(response, mailbox, itemIndex, mapping.noun);
		const page = response.body;
		const nextLink = page['@odata.nextLink'];
		const deltaLink = page['@odata.deltaLink'];
		const moreChangesAvailable = typeof nextLink === 'string';
		const cursor: DeltaCursor = {
			link: String(moreChangesAvailable ? nextLink : deltaLink),
			// Pages of one round keep its time; the first round's ('') makes every item `created`.
			since: moreChangesAvailable ? since : askedAt,
			...(previous?.masters ? { masters: previous.masters } : {}),
		};
		const changes: IDataObject[] = [];
		const toLoad: Array<{ position: number; id: string; changeType: string }> = [];
		const entries = (page.value ?? []) as IDataObject[];
		const listed = new Set<string>();
		for (const entry of mapping.delta ? await this.viewEntries(mapping, mailbox, query.folder, entries, cursor, itemIndex) : entries) {
			const id = this.idAt(mapping, entry.id, request.path);
			if (entry['@removed']) {
				changes.push({ changeType: 'deleted', id, mailbox });
				continue;
			}
			if (listed.has(id)) continue;
			listed.add(id);
			const created = !since || createdSince(entry, since);
			toLoad.push({ position: changes.length, id, changeType: created ? 'created' : 'updated' });
			changes.push({ changeType: created ? 'created' : 'updated', id, mailbox });
		}
		const goneSinceDelta = new Set<number>();
		if (query.loadItems !== false && toLoad.length) {
			const answers = await this.readItems(mapping, mailbox, toLoad.map((entry) => entry.id));
			answers.forEach((answer, index) => {
				const entry = toLoad[index];
				// A view's entry may be an occurrence, whose times are not its series': the series' own tell.
				const changeType = mapping.delta && since && !createdSince(answer.body, since) ? 'updated' : entry.changeType;
				if (answer.status < 300) changes[entry.position] = { changeType, ...this.shapeOf(mapping, answer.body, mailbox, this.itemPath(mapping, mailbox, entry.id)) };
				// Deleted between the delta page and the read: the next round reports the deletion.
				else if (answer.status === 404) goneSinceDelta.add(entry.position);
				else throw this.client.error(answer, mailbox, itemIndex, mapping.noun);
			});
		}
		await this.markLinkedIds(mailbox, changes, itemIndex);
		await this.markDeletedLinkedIds(mapping, mailbox, changes, itemIndex);
		return {
			changes: changes.filter((_, position) => !goneSinceDelta.has(position)),
			cursor: JSON.stringify(cursor),
			moreChangesAvailable,
		};
	}

	/**
	 * A view's delta entries as the items they stand for (an occurrence: its series), with `@removed`
	 * only for what left the collection: an entry leaves a view also when its item moves out of the
	 * window or one occurrence of a series is deleted, and a deleted series shows only as its
	 * occurrences' removal (the series seen are kept in the cursor and looked for again). An item
	 * still addressable by id may be in Deleted Items: it counts as there only when the collection
	 * lists it (found by its iCalendar UID).
	 */
	private async viewEntries(
		mapping: GraphItemMapping,
		mailbox: string,
		folder: FolderRef | undefined,
		entries: IDataObject[],
		cursor: DeltaCursor,
		itemIndex?: number,
	): Promise<IDataObject[]> {
		const view = mapping.delta as NonNullable<GraphItemMapping['delta']>;
		const masters = new Set(cursor.masters ?? []);
		const result: IDataObject[] = [];
		const removed = new Set<string>();
		for (const entry of entries) {
			if (entry['@removed']) {
				removed.add(String(entry.id));
				continue;
			}
			const id = view.itemIdOf(entry);
			if (id !== String(entry.id)) masters.add(id);
			result.push({ ...entry, id });
		}
		if (removed.size) {
			const gone = (id: string) => {
				masters.delete(id);
				result.push({ id, '@removed': { reason: 'deleted' } });
			};
			const ids = [...new Set([...removed, ...masters])];
			const answers = await this.client.batch(
				mailbox,
				ids.map((id) => ({ method: 'GET', path: this.itemPath(mapping, mailbox, id), query: { $select: 'id,type,seriesMasterId,iCalUId' } })),
			);
			const found = new Map<string, { uid: string; removed: boolean }>();
			answers.forEach((answer, position) => {
				const id = ids[position];
				if (answer.status === 404) gone(id);
				else if (answer.status >= 300) throw this.client.error(answer, mailbox, itemIndex, mapping.noun);
				else {
					const target = view.itemIdOf(answer.body);
					const known = found.get(target);
					found.set(target, { uid: String(answer.body.iCalUId ?? ''), removed: removed.has(id) || !!known?.removed });
				}
			});
			for (const [id, { uid, removed: wasRemoved }] of found) {
				// Without a UID to look it up by, an item still addressable stays: never a delete on a guess.
				const listed =
					!uid ||
					(
						await this.allPages(
							mailbox,
							{ method: 'GET', path: await this.collectionPath(mapping, mailbox, folder, itemIndex), query: { $filter: `iCalUId eq ${literal(uid)}`, $select: 'id' } },
							itemIndex,
						)
					).some((item) => String(item.id) === id);
				// Still in the collection (moved out of the window, or a series that lost an occurrence): changed, not deleted.
				if (!listed) gone(id);
				else if (wasRemoved) result.push({ id });
			}
		}
		cursor.masters = [...masters];
		return result;
	}

	/**
	 * The first round of a view's delta: the delta followed to its end for the cursor, then the
	 * whole collection listed (every item `created`), page by page, as the collection's own delta
	 * would list it.
	 */
	private async listingPage(
		mapping: GraphItemMapping,
		mailbox: string,
		query: ChangesQuery,
		previous: DeltaCursor | undefined,
		itemIndex?: number,
	): Promise<ChangesPage> {
		const start = previous ?? { ...(await this.followView(mapping, mailbox, query.folder, itemIndex)), listing: '' };
		const read = this.readOptions(mapping);
		const pageSize = Math.min(Math.max(1, query.maxChanges ?? DEFAULT_DELTA_PAGE_SIZE), FIND_PAGE_SIZE);
		const request: GraphRequest = start.listing
			? { method: 'GET', path: start.listing, headers: read.headers }
			: {
					method: 'GET',
					path: await this.collectionPath(mapping, mailbox, query.folder, itemIndex),
					query: query.loadItems === false ? { $select: 'id', $top: String(pageSize) } : { ...read.query, $top: String(pageSize) },
					headers: read.headers,
				};
		const page = await this.client.call(mailbox, request, itemIndex);
		const changes = ((page.value ?? []) as IDataObject[]).map((item) =>
			query.loadItems === false ? { changeType: 'created', id: String(item.id), mailbox } : { changeType: 'created', ...mapping.fromGraph(item, mailbox) },
		);
		await this.markLinkedIds(mailbox, changes, itemIndex);
		const next = page['@odata.nextLink'];
		const { listing: _listing, ...delta } = start;
		const cursor: DeltaCursor = typeof next === 'string' ? { ...delta, listing: next } : delta;
		return { changes, cursor: JSON.stringify(cursor), moreChangesAvailable: typeof next === 'string' };
	}

	/** A view's delta over its window, followed to its end without loading items: its link, and the series seen. */
	private async followView(mapping: GraphItemMapping, mailbox: string, folder: FolderRef | undefined, itemIndex?: number): Promise<DeltaCursor> {
		const view = mapping.delta as NonNullable<GraphItemMapping['delta']>;
		// A folder without the view holds no items of the type: the collection's path says so.
		const path = view.viewPath(this.userPath(mailbox), folder) ?? (await this.collectionPath(mapping, mailbox, folder, itemIndex));
		const now = Date.now();
		const day = 86_400_000;
		const since = new Date(now).toISOString();
		const masters = new Set<string>();
		let request: GraphRequest | undefined = {
			method: 'GET',
			path,
			query: {
				startDateTime: new Date(now - view.window.pastDays * day).toISOString(),
				endDateTime: new Date(now + view.window.futureDays * day).toISOString(),
			},
			headers: { Prefer: `odata.maxpagesize=${MAX_DELTA_PAGE_SIZE}` },
		};
		for (;;) {
			const page = await this.client.call(mailbox, request, itemIndex);
			for (const entry of (page.value ?? []) as IDataObject[]) {
				const id = entry['@removed'] ? undefined : view.itemIdOf(entry);
				if (id && id !== String(entry.id)) masters.add(id);
			}
			const next = page['@odata.nextLink'];
			if (typeof next !== 'string') return { link: String(page['@odata.deltaLink']), since, masters: [...masters] };
			request = { method: 'GET', path: next, headers: { Prefer: `odata.maxpagesize=${MAX_DELTA_PAGE_SIZE}` } };
		}
	}

	/** Follows the folder's delta to its end without loading items. */
	async currentCursor(type: AnyItemType, mailbox?: string, folder?: FolderRef): Promise<string> {
		const mapping = this.mapping(type);
		if (mapping.delta) {
			const followed = await this.followView(mapping, this.mailboxAddress(mailbox), folder);
			return JSON.stringify(followed);
		}
		let cursor = '';
		for (let more = true; more; ) {
			const page = await this.getChanges(type, { mailbox, folder, cursor, loadItems: false, maxChanges: MAX_DELTA_PAGE_SIZE });
			if ('cursorExpired' in page) return await this.currentCursor(type, mailbox, folder);
			cursor = page.cursor;
			more = page.moreChangesAvailable;
		}
		return cursor;
	}

	/** The events, each series followed by its modified occurrences (one $batch per 20 of them). */
	async withExceptions(mailbox: string | undefined, events: IDataObject[], itemIndex: number): Promise<IDataObject[]> {
		const address = this.mailboxAddress(mailbox);
		const modified = (event: IDataObject) => ((event.recurrence as ExchangeEvent['recurrence'])?.modifiedOccurrences ?? []).filter((occurrence) => !!occurrence.id);
		const wanted = events.flatMap((event) => modified(event).map((occurrence) => ({ event, occurrence })));
		if (wanted.length === 0) return events;
		const answers = await this.readItems(eventMapping, address, wanted.map(({ occurrence }) => occurrence.id));
		const exceptions = new Map<IDataObject, IDataObject[]>();
		answers.forEach((answer, position) => {
			const { event, occurrence } = wanted[position];
			// An occurrence deleted since the series was read is simply no longer there.
			if (answer.status === 404) return;
			if (answer.status >= 300) throw this.client.error(answer, address, itemIndex, 'event');
			const exception: IDataObject = {
				...(event.changeType ? { changeType: event.changeType } : {}),
				...eventMapping.fromGraph(answer.body, address),
				seriesMasterId: String(event.id),
				originalStart: occurrence.originalStart,
			};
			exceptions.set(event, [...(exceptions.get(event) ?? []), exception]);
		});
		await this.markLinkedIds(address, [...exceptions.values()].flat(), itemIndex);
		return events.flatMap((event) => [event, ...(exceptions.get(event) ?? [])]);
	}

	/** Deletes the series' unmodified occurrences on the given dates (a date without one is left alone) and reads the series again. */
	async deleteOccurrences(request: OccurrenceDeletion): Promise<IDataObject> {
		const { series, itemIndex } = request;
		const mailbox = this.mailboxAddress(request.mailbox);
		const zone = series.timeZone || 'UTC';
		const ids: string[] = [];
		for (const date of request.dates) {
			const day = DateTime.fromISO(date, { zone });
			if (!day.isValid) continue;
			const instances = await this.allPages(
				mailbox,
				{
					method: 'GET',
					path: `${this.itemPath(eventMapping, mailbox, series.id)}/instances`,
					query: { startDateTime: day.toUTC().toISO() ?? '', endDateTime: day.plus({ days: 1 }).toUTC().toISO() ?? '', $select: 'id,type,start' },
					headers: { Prefer: EVENT_PREFER },
				},
				itemIndex,
			);
			const occurrence = instances.find(
				(instance) =>
					instance.type === 'occurrence' &&
					DateTime.fromISO(String((instance.start as IDataObject).dateTime), { zone: 'utc' }).setZone(zone).toISODate() === date,
			);
			if (occurrence) ids.push(String(occurrence.id));
		}
		if (ids.length) {
			const refused = this.mailRefused(eventMapping, 'delete', request.notify ? undefined : 'sendToNone', {}, series as unknown as IDataObject, itemIndex);
			if (refused) throw refused;
			const answers = await this.client.batch(mailbox, ids.map((id) => ({ method: 'DELETE', path: this.itemPath(eventMapping, mailbox, id) })));
			const failure = answers.find((answer) => answer.status >= 300 && answer.status !== 404);
			if (failure) throw this.client.error(failure, mailbox, itemIndex, 'event');
		}
		const [reread] = await this.readItems(eventMapping, mailbox, [series.id]);
		if (reread.status >= 300) throw this.client.error(reread, mailbox, itemIndex, 'event');
		return eventMapping.fromGraph(reread.body, mailbox);
	}

	/**
	 * Sends with `/sendMail` (a copy in Sent Items), or saves a draft in Drafts and answers it.
	 * Attachments over 3 MB, which no request takes inline, go to a draft through upload sessions,
	 * and the draft is then sent (it too leaves a copy in Sent Items).
	 */
	async composeMessage(message: OutgoingMessage, itemIndex: number): Promise<IDataObject | undefined> {
		const mailbox = this.mailboxAddress(message.mailbox);
		const userPath = this.userPath(mailbox);
		const large = message.attachments.filter((attachment) => base64Bytes(attachment.base64) > INLINE_ATTACHMENT_BYTES);
		const body = outgoingMessage({ ...message, attachments: message.attachments.filter((attachment) => !large.includes(attachment)) });
		if (message.send && large.length === 0) {
			await this.client.call(mailbox, { method: 'POST', path: `${userPath}/sendMail`, body: { message: body, saveToSentItems: true } }, itemIndex);
			return undefined;
		}
		const draft = await this.client.call(mailbox, { method: 'POST', path: `${userPath}/mailFolders/drafts/messages`, body }, itemIndex);
		const draftPath = this.itemPath(messageMapping, mailbox, String(draft.id));
		for (const attachment of large) {
			const bytes = Buffer.from(attachment.base64, 'base64');
			const item = { attachmentType: 'file', name: attachment.fileName, size: bytes.length, ...(attachment.contentType ? { contentType: attachment.contentType } : {}) };
			const session = await this.client.call(mailbox, { method: 'POST', path: `${draftPath}/attachments/createUploadSession`, body: { AttachmentItem: item } }, itemIndex);
			await this.client.upload(mailbox, String(session.uploadUrl), bytes, itemIndex);
		}
		if (message.send) {
			await this.client.call(mailbox, { method: 'POST', path: `${draftPath}/send` }, itemIndex);
			return undefined;
		}
		const [answer] = await this.readItems(messageMapping, mailbox, [String(draft.id)]);
		if (answer.status >= 300) throw this.client.error(answer, mailbox, itemIndex, messageMapping.noun);
		return messageMapping.fromGraph(answer.body, mailbox);
	}

	async getAttachments(mailbox: string | undefined, id: string, itemIndex: number): Promise<Attachment[]> {
		const address = this.mailboxAddress(mailbox);
		return await fileAttachments(this.pagesOf(address, itemIndex), this.itemPath(messageMapping, address, id));
	}

	/** Reads every page of a collection for the mailbox. */
	private pagesOf(mailbox: string, itemIndex?: number): ReadPages {
		return async (request) => await this.allPages(mailbox, request, itemIndex);
	}

	/** The attendees' schedules in the window, from the mailbox's getSchedule. */
	private async schedules(request: AvailabilityRequest, itemIndex: number, withOrganizer = false): Promise<IDataObject[]> {
		const mailbox = this.mailboxAddress(request.mailbox);
		const body = scheduleBody(request, withOrganizer ? mailbox : undefined);
		const answer = await this.client.call(
			mailbox,
			{ method: 'POST', path: `${this.userPath(mailbox)}/calendar/getSchedule`, body, headers: { Prefer: 'outlook.timezone="UTC"' } },
			itemIndex,
		);
		return (answer.value ?? []) as IDataObject[];
	}

	async getFreeBusy(request: AvailabilityRequest, itemIndex: number): Promise<IDataObject[]> {
		return freeBusy(request, await this.schedules(request, itemIndex));
	}

	async getSuggestions(request: SuggestionRequest, itemIndex: number): Promise<IDataObject[]> {
		return suggestions(request, await this.schedules(request, itemIndex, true), this.mailboxAddress(request.mailbox));
	}

	async resolveNames(mailbox: string | undefined, name: string, itemIndex: number): Promise<IDataObject[]> {
		const address = this.mailboxAddress(mailbox);
		return await resolveNames(this.pagesOf(address, itemIndex), this.userPath(address), name);
	}

	async listFolders(mailbox?: string): Promise<FolderInfo[]> {
		const address = this.mailboxAddress(mailbox);
		return await listFolders(this.pagesOf(address), this.userPath(address));
	}

	async watch(type: AnyItemType): Promise<Watch> {
		throw this.unavailable(`Real-time changes of ${type.noun}s`);
	}
}
