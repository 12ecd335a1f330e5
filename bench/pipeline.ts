/**
 * One object's sync for one mailbox, run the way the prebuilt object workflow runs it (see
 * scripts/workflows/definitions.ts): read Exchange → read CRM (only the user's records) → the
 * Sync node → writes split by action through the Exchange and Zoho nodes (continue on error),
 * conflicts resolved by the chosen behaviour the way the workflow's Switch applies the Sync
 * node's suggestions. Every call goes through the nodes' real `execute()`.
 *
 * Two read modes: `complete` (Get Many on both sides, what the prebuilt workflows do) and
 * `changes` (Exchange Get Changes from a cursor, CRM records modified since the last run plus
 * deleted ones: the incremental path the Sync node's "Changes Only" input supports). The
 * `naive` style executes every write as its own node run (one record per call), as a
 * loop-per-record workflow with n8n's built-in nodes does.
 */
import type { IDataObject, INodeExecutionData, INodeType } from 'n8n-workflow';
import { ExchangeCrmSync } from '../nodes/ExchangeCrmSync/ExchangeCrmSync.node';
import { MicrosoftExchange } from '../nodes/MicrosoftExchange/MicrosoftExchange.node';
import { ZohoCrm } from '../nodes/ZohoCrm/ZohoCrm.node';
import { nodeContext } from '../test/support/nodeContext';
import type { BenchServers } from './servers';
import { GENERATORS, type BenchObject } from './world';

export type ReadMode = 'complete' | 'changes';
export type WriteStyle = 'batched' | 'naive';
export type Behaviour = 'crmWins' | 'exchangeWins' | 'newestWins';

/** Where the last run of one object in one mailbox left off (kept between runs, like static data). */
export interface SyncCursor {
	exchange?: string;
	crmSince?: string;
	/** The linked pairs the last run reported: what a changes-only run's delete brake takes its share of. */
	linked?: number;
}

export interface SyncRunOptions {
	object: BenchObject;
	mailbox: string;
	mode: ReadMode;
	style?: WriteStyle;
	conflictBehaviour?: Behaviour;
	cursor?: SyncCursor;
	massDeleteLimit?: number;
	/** Stop after this many writes (a crash mid-run). */
	abortAfterWrites?: number;
	/** A side whose read answers an empty list (an outage that looks like "no records"). */
	emptySide?: 'exchange' | 'crm';
}

export interface WriteFailure {
	side: 'exchange' | 'crm';
	action: string;
	message: string;
}

export interface SyncRunResult {
	report: IDataObject;
	writes: { exchange: number; crm: number };
	failures: WriteFailure[];
	cursor: SyncCursor;
	aborted: boolean;
	/** Every item the nodes output, for scanning (secrets must not appear in them). */
	outputs: INodeExecutionData[];
}

/** The crash of an aborted run, thrown after the given number of writes. */
export class SimulatedCrash extends Error {}

/**
 * The CRM user's zone. Not UTC: with UTC the Sync node writes Zoho datetimes ending in `Z`,
 * which Zoho rejects (reported as a product bug).
 */
const CRM_TIME_ZONE = 'Europe/Berlin';

const EXCHANGE_RESOURCE: Record<BenchObject, string> = { contacts: 'contact', tasks: 'task', events: 'event' };
const crmModuleOf = (object: BenchObject) => ({ __rl: true, value: GENERATORS[object].crmModule, mode: 'name' });

type Parameters = Record<string, unknown>;

async function runNode(
	node: INodeType,
	credentials: Record<string, IDataObject>,
	parameters: Parameters | ((itemIndex: number) => Parameters),
	items: INodeExecutionData[],
	helpers: Record<string, unknown> = {},
	inputs?: INodeExecutionData[][],
): Promise<INodeExecutionData[][]> {
	const context = nodeContext({ parameters, items, inputs, credentials: credentials as never, continueOnFail: true, helpers });
	return (await node.execute!.call(context)) as INodeExecutionData[][];
}

/** How the Exchange nodes reach the mailboxes: the node's Server parameter, its credential, and the helpers that credential needs. */
export interface ExchangeAccess {
	/** Parameters every Exchange node gets (`{ server: 'graph' }` for Microsoft 365). */
	parameters: Parameters;
	credentials: Record<string, IDataObject>;
	helpers?: Record<string, unknown>;
}

export class SyncRunner {
	private readonly exchangeNode = new MicrosoftExchange();
	private readonly zohoNode = new ZohoCrm();
	private readonly syncNode = new ExchangeCrmSync();

	/** Over the servers' own front (Microsoft Graph when they have it, EWS otherwise) unless told otherwise. */
	constructor(
		private readonly servers: BenchServers,
		private readonly access: ExchangeAccess = servers.graph?.access ?? { parameters: {}, credentials: { microsoftExchangeEwsApi: servers.exchangeCredentials } },
	) {}

	/** Runs the Exchange node on its credential; returns its first output. */
	async exchange(parameters: Parameters | ((itemIndex: number) => Parameters), items: INodeExecutionData[] = [{ json: {} }]) {
		const common = this.access.parameters;
		const withAccess = typeof parameters === 'function' ? (itemIndex: number) => ({ ...common, ...parameters(itemIndex) }) : { ...common, ...parameters };
		const [output] = await runNode(this.exchangeNode, this.access.credentials, withAccess, items, this.access.helpers);
		return output;
	}

	/** Runs the Zoho CRM node on the session's credential (the token refresh carries over). */
	async zoho(parameters: Parameters | ((itemIndex: number) => Parameters), items: INodeExecutionData[] = [{ json: {} }]) {
		const context = this.servers.zoho.context({ parameters, items, continueOnFail: true });
		const [output] = (await this.zohoNode.execute.call(context)) as INodeExecutionData[][];
		return output;
	}

	/** Creates the CRM's sync-link fields in the modules the benchmark syncs (once per org). */
	async prepareCrm(modules: string[]): Promise<void> {
		for (const module of modules) {
			await this.zoho({ resource: 'field', operation: 'createSyncFields', module: { __rl: true, value: module, mode: 'name' } });
		}
	}

	/**
	 * Complete: Get Many. Changes: Get Changes from the cursor; without a cursor that lists every
	 * item (a complete set) and returns the first cursor.
	 */
	private async readExchange(options: SyncRunOptions, cursor: SyncCursor): Promise<{ items: INodeExecutionData[]; cursor?: string }> {
		const base = { resource: EXCHANGE_RESOURCE[options.object], mailbox: options.mailbox };
		if (options.mode === 'complete') {
			const items = await this.exchange({ ...base, operation: 'getAll', returnAll: true });
			failOn(items, 'Exchange Get Many');
			return { items };
		}
		const output = await this.exchange({ ...base, operation: 'getChanges', cursor: cursor.exchange ?? '', fetchAllPages: true });
		failOn(output, 'Exchange Get Changes');
		const summary = output.find((item) => item.json.summary === true);
		if (summary?.json.cursorReset === true) {
			// Exchange refused the cursor and listed everything: read the CRM in full too (the link fields make it safe).
			cursor.exchange = undefined;
			cursor.crmSince = undefined;
		}
		// The Sync node takes Get Changes output as it is (summary, read flags and deletions included).
		return { items: output, cursor: summary?.json.cursor as string | undefined };
	}

	private async readCrm(options: SyncRunOptions, cursor: SyncCursor): Promise<INodeExecutionData[]> {
		const module = crmModuleOf(options.object);
		const modifiedSince = options.mode === 'changes' ? cursor.crmSince : undefined;
		const records = await this.zoho({
			resource: 'record',
			operation: 'getAll',
			module,
			returnAll: true,
			options: modifiedSince ? { modifiedSince } : {},
		});
		failOn(records, 'CRM Get Many');
		// Every user's records: the Sync node syncs the owner's and moves those that changed owner.
		if (!modifiedSince) return records;
		const deleted = await this.zoho({ resource: 'record', operation: 'getDeleted', module, deletedType: 'all', returnAll: true, options: { modifiedSince } });
		failOn(deleted, 'CRM Get Deleted');
		return [...records, ...deleted.map((item) => ({ json: { deleted: true, id: item.json.id } }))];
	}

	/**
	 * The workflow's reads of the partners of the changes: the CRM records linked to the Exchange
	 * changes and deletions, and the Exchange items linked to the CRM changes and deletions. No
	 * changes, no calls.
	 */
	private async readPartners(options: SyncRunOptions, exchangeItems: INodeExecutionData[], crmItems: INodeExecutionData[]) {
		const exchangeChanges = exchangeItems.filter((item) => typeof item.json.id === 'string');
		const crmChanges = crmItems.filter((item) => typeof item.json.id === 'string');
		const crm = exchangeChanges.length
			? await this.zoho((itemIndex) => ({ resource: 'record', operation: 'getByExchangeItemId', module: crmModuleOf(options.object), exchangeItemId: exchangeChanges[itemIndex].json.linkedId ?? exchangeChanges[itemIndex].json.id, options: {} }), exchangeChanges)
			: [];
		failOn(crm, 'CRM Get by Exchange Item ID');
		const exchange = crmChanges.length
			? await this.exchange((itemIndex) => ({ resource: EXCHANGE_RESOURCE[options.object], operation: 'getByCrmRecordId', crmRecordId: crmChanges[itemIndex].json.id, mailbox: options.mailbox }), crmChanges)
			: [];
		failOn(exchange, 'Exchange Get by CRM Record ID');
		return { exchange, crm };
	}

	/** The naive read: one GET per record on each side, as a loop over n8n's built-in nodes does. */
	private async readEachRecord(options: SyncRunOptions, exchangeItems: INodeExecutionData[], crmItems: INodeExecutionData[]): Promise<void> {
		const module = crmModuleOf(options.object);
		for (const item of exchangeItems) {
			const itemId = { __rl: true, value: item.json.id, mode: 'id' };
			failOn(await this.exchange({ resource: EXCHANGE_RESOURCE[options.object], operation: 'get', findBy: 'id', itemId, mailbox: options.mailbox }), 'Exchange Get');
		}
		for (const item of crmItems) {
			failOn(await this.zoho({ resource: 'record', operation: 'get', module, addressBy: 'id', recordId: item.json.id }), 'CRM Get');
		}
	}

	/** One sync of one object in one mailbox; throws SimulatedCrash when aborted. */
	async run(options: SyncRunOptions): Promise<SyncRunResult> {
		const cursor: SyncCursor = { ...options.cursor };
		// Records changed while this run reads are picked up next time, not lost.
		const crmSince = new Date(Date.now() - 2_000).toISOString().replace(/\.\d{3}Z$/, '+00:00');
		const exchangeRead = await this.readExchange(options, cursor);
		const crmRead = await this.readCrm(options, cursor);
		if (options.emptySide === 'exchange') exchangeRead.items = [];
		const crmItems = options.emptySide === 'crm' ? [] : crmRead;
		// The first incremental run reads everything: its inputs are complete sets.
		const completeness = options.mode === 'changes' && cursor.exchange && cursor.crmSince ? 'changes' : 'complete';
		if (completeness === 'changes') {
			const partners = await this.readPartners(options, exchangeRead.items, crmItems);
			exchangeRead.items.push(...partners.exchange);
			crmItems.push(...partners.crm);
		}
		if (options.style === 'naive') await this.readEachRecord(options, exchangeRead.items, crmItems);
		const behaviour = options.conflictBehaviour ?? 'crmWins';
		const [toExchange, toCrm, conflicts, [report]] = await runNode(
			this.syncNode,
			{},
			{
				object: options.object,
				crmModule: GENERATORS[options.object].crmModule,
				syncType: 'twoWay',
				conflictBehaviour: behaviour === 'crmWins' || behaviour === 'exchangeWins' ? 'sendToConflicts' : behaviour,
				mailbox: options.mailbox,
				owner: this.servers.owners.get(options.mailbox) ?? '',
				inputCompleteness: completeness,
				partnersIncluded: completeness === 'changes',
				massDeleteLimit: options.massDeleteLimit ?? 25,
				linkedBefore: cursor.linked ?? 0,
				options: { crmTimeZone: CRM_TIME_ZONE, exchangeTimeZone: CRM_TIME_ZONE },
			},
			[],
			{},
			[exchangeRead.items, crmItems],
		);
		const exchangeWrites = [...toExchange];
		const crmWrites = [...toCrm];
		// The workflow's "Conflict behaviour" Switch: apply the winner's suggested write.
		for (const conflict of conflicts) {
			if (behaviour !== 'crmWins' && behaviour !== 'exchangeWins') continue;
			const suggested = (conflict.json.suggested as Record<string, IDataObject>)[behaviour];
			if (suggested.toExchange) exchangeWrites.push({ json: suggested.toExchange as IDataObject });
			if (suggested.toCrm) crmWrites.push({ json: suggested.toCrm as IDataObject });
		}
		const writer = new WriteBudget(options.abortAfterWrites);
		const failures: WriteFailure[] = [];
		const outputs: INodeExecutionData[] = [...exchangeRead.items, ...crmItems, ...conflicts, report];
		const style = options.style ?? 'batched';
		const linkWrites = { exchange: 0, crm: 0 };
		let aborted = false;
		try {
			for (const action of ['create', 'update', 'delete']) {
				const exchangeBatch = exchangeWrites.filter((item) => item.json.action === action);
				const exchangeResults = await this.write('exchange', action, exchangeBatch, style, writer, failures);
				const crmBatch = crmWrites.filter((item) => item.json.action === action);
				const crmResults = await this.write('crm', action, crmBatch, style, writer, failures);
				outputs.push(...exchangeResults.map(({ output }) => output), ...crmResults.map(({ output }) => output));
				if (action !== 'create') continue;
				// The workflow's "Link Created Records" after each create node: the new records' links.
				for (const [createdIn, created] of [['exchange', exchangeResults], ['crm', crmResults]] as const) {
					if (created.length === 0) continue;
					const [toExchange, toCrm] = await runNode(
						this.syncNode,
						{},
						(itemIndex) => ({ operation: 'linkCreated', createdIn, plannedWrite: created[itemIndex].planned.json }),
						created.map(({ output }) => output),
					);
					linkWrites.exchange += toExchange.length;
					linkWrites.crm += toCrm.length;
					outputs.push(...(await this.write('exchange', 'update', toExchange, style, writer, failures)).map(({ output }) => output));
					outputs.push(...(await this.write('crm', 'update', toCrm, style, writer, failures)).map(({ output }) => output));
				}
			}
		} catch (error) {
			if (!(error instanceof SimulatedCrash)) throw error;
			aborted = true;
		}
		return {
			report: report.json,
			writes: { exchange: exchangeWrites.length + linkWrites.exchange, crm: crmWrites.length + linkWrites.crm },
			failures,
			cursor: nextCursor(cursor, { exchange: exchangeRead.cursor, crmSince }, failures.length > 0 || aborted, report.json),
			aborted,
			outputs,
		};
	}

	private async write(
		side: 'exchange' | 'crm',
		action: string,
		items: INodeExecutionData[],
		style: WriteStyle,
		budget: WriteBudget,
		failures: WriteFailure[],
	): Promise<Array<{ planned: INodeExecutionData; output: INodeExecutionData }>> {
		if (items.length === 0) return [];
		const groups = style === 'naive' ? items.map((item) => [item]) : [items];
		const results: Array<{ planned: INodeExecutionData; output: INodeExecutionData }> = [];
		for (const group of budget.take(groups)) {
			const output = side === 'exchange' ? await this.exchange((index) => exchangeWrite(action, group[index].json), group) : await this.zoho((index) => crmWrite(action, group[index].json), group);
			for (const item of output) {
				if (item.json.error !== undefined) failures.push({ side, action, message: errorText(item.json.error) });
				const paired = Array.isArray(item.pairedItem) ? item.pairedItem[0] : item.pairedItem;
				const index = typeof paired === 'number' ? paired : (paired?.item ?? 0);
				results.push({ planned: group[index], output: item });
			}
		}
		budget.check();
		return results;
	}
}

/** The Exchange write node's parameters for one Sync output item (the workflow's expressions). */
function exchangeWrite(action: string, json: IDataObject): Parameters {
	const locate = action === 'create' ? {} : { findBy: 'id', itemId: { __rl: true, value: json.id, mode: 'id' } };
	const body = action === 'delete' ? { deleteMode: 'moveToDeletedItems' } : { inputMode: 'json', itemJson: json.fields };
	const concurrency = action === 'update' ? { changeKey: json.changeKey ?? '' } : {};
	const resource = EXCHANGE_RESOURCE[json.object as BenchObject];
	return { resource, operation: action, ...locate, ...concurrency, ...body, mailbox: json.mailbox };
}

/** The Zoho write node's parameters for one Sync output item. */
function crmWrite(action: string, json: IDataObject): Parameters {
	const locate = action === 'create' ? {} : { addressBy: 'id', recordId: json.id };
	const body = action === 'delete' ? {} : { inputMode: 'json', recordJson: json.record };
	return { resource: 'record', operation: action, module: { __rl: true, value: json.module, mode: 'name' }, ...locate, ...body };
}

/** Counts writes and stops the run once a crash point is reached. */
class WriteBudget {
	private written = 0;

	constructor(private readonly limit?: number) {}

	/** The groups to send, cut short at the crash point (a group may be cut into its prefix). */
	take(groups: INodeExecutionData[][]): INodeExecutionData[][] {
		if (this.limit === undefined) return groups;
		const allowed: INodeExecutionData[][] = [];
		for (const group of groups) {
			const room = this.limit - this.written;
			if (room <= 0) break;
			allowed.push(group.slice(0, room));
			this.written += Math.min(room, group.length);
		}
		return allowed;
	}

	check(): void {
		if (this.limit !== undefined && this.written >= this.limit) throw new SimulatedCrash(`crashed after ${this.written} writes`);
	}
}

/**
 * The cursor the next run starts from. A run with failed writes keeps its old cursor, so the next
 * run sees those changes again. A deletion the Sync node could not pair clears the cursor: the
 * next run reads everything, and a complete read propagates the delete. (With the partners of the
 * deletions read, as here and in the workflows, none is left unpaired.)
 */
function nextCursor(previous: SyncCursor, reached: SyncCursor, failed: boolean, report: IDataObject): SyncCursor {
	if (Number(report.unpairedDeletions ?? 0) > 0) return {};
	const linked = typeof report.linked === 'number' ? report.linked : previous.linked;
	return { ...(failed ? previous : reached), ...(linked !== undefined ? { linked } : {}) };
}

function errorText(error: unknown): string {
	if (typeof error === 'string') return error;
	if (error && typeof error === 'object' && 'message' in error) return String((error as { message: unknown }).message);
	return JSON.stringify(error);
}

function failOn(output: INodeExecutionData[], what: string): void {
	const failed = output.find((item) => item.json.error !== undefined);
	if (failed) throw new Error(`${what} failed: ${errorText(failed.json.error)}`);
}
