import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPairedItemData,
	NodeConnectionType,
} from 'n8n-workflow';
import { DateTime } from 'luxon';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import {
	CONFLICT_BEHAVIOURS,
	conflictRouteOf,
	decideReviews,
	DEFAULT_MATCH_RULES,
	linkCreated,
	planMailSync,
	planSync,
	previewPage,
	previewRun,
	recordForReview,
	reviewDecisionsOf,
	reviewEntries,
	reviewPage,
	SIDES,
	summariseRun,
	undoEntriesOf,
	VALUE_KINDS,
	WRITE_KINDS,
} from './core';
import type {
	ConflictBehaviour,
	CrmField,
	CustomFieldMapping,
	InputError,
	PlannedItem,
	PreviewPageEntry,
	RunPreview,
	RunSummary,
	Side,
	SyncObject,
	SyncPlan,
	SyncReport,
	SyncSettings,
	ValueKind,
	WriteKind,
	WriteResults,
} from './core';
import * as groupChanges from './actions/groupChanges.operation';
import * as journalRun from './actions/journalRun.operation';
import { outputsOf } from './actions/nodeOutputs';
import { syncProperties } from './description';

/** Two inputs (Exchange, CRM) and four outputs, like n8n's Merge node has two inputs. */
const SYNC_INPUTS: NodeConnectionType[] = [NodeConnectionTypes.Main, NodeConnectionTypes.Main];
const SYNC_OUTPUTS: NodeConnectionType[] = [...SYNC_INPUTS, ...SYNC_INPUTS];

const CRM_MODULE: Record<SyncObject, string | undefined> = { contacts: undefined, mail: undefined, tasks: 'Tasks', events: 'Events' };

function conflictBehaviourOf(this: IExecuteFunctions, value: string): ConflictBehaviour {
	if ((CONFLICT_BEHAVIOURS as readonly string[]).includes(value)) return value as ConflictBehaviour;
	const merged = value === 'fieldMerge' ? ' Every behaviour now merges per field: "fieldMerge" is no longer needed.' : '';
	throw new NodeOperationError(
		this.getNode(),
		`Conflict Behaviour "${value}" is not one of ${CONFLICT_BEHAVIOURS.join(', ')}: choose who takes a field both sides changed.${merged}`,
	);
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Addresses given as a list or as comma-separated text. */
const addressList = (value: unknown): string[] =>
	(Array.isArray(value) ? value : String(value ?? '').split(','))
		.map((address) => String(address).trim())
		.filter((address) => address !== '');

/** The CRM Fields option: the Zoho CRM node's Field → Get Many items (or their JSON), as the core reads them. */
function crmFieldsOf(this: IExecuteFunctions, value: unknown): CrmField[] {
	let list = value ?? [];
	if (typeof list === 'string') {
		try {
			list = JSON.parse(list.trim() === '' ? '[]' : list);
		} catch {
			throw new NodeOperationError(this.getNode(), 'CRM Fields is not JSON: map the output of the Zoho CRM node\'s Field → Get Many');
		}
	}
	if (!Array.isArray(list)) throw new NodeOperationError(this.getNode(), 'CRM Fields must be a list of the module\'s fields');
	return list.flatMap((entry, index) => {
		const field = isObject(entry) && isObject(entry.json) ? entry.json : entry;
		if (!isObject(field) || typeof field.api_name !== 'string') {
			throw new NodeOperationError(this.getNode(), `CRM Fields entry ${index + 1} has no api_name: map the output of Field → Get Many`);
		}
		const length = Number(field.length);
		return [{ apiName: field.api_name, ...(length > 0 ? { length } : {}), readOnly: field.read_only === true || field.field_read_only === true }];
	});
}

function readSettings(this: IExecuteFunctions): SyncSettings {
	const object = this.getNodeParameter('object', 0) as SyncObject;
	const parameter = <T>(name: string, fallback: T) => this.getNodeParameter(name, 0, fallback) as T;
	const options = parameter<IDataObject>('options', {});
	const zone = (value: unknown, setting: string) => {
		const name = typeof value === 'string' && value.trim() !== '' ? value.trim() : this.getTimezone();
		if (!DateTime.now().setZone(name).isValid) {
			throw new NodeOperationError(this.getNode(), `${setting} "${name}" is not an IANA time zone (e.g. Europe/Berlin)`);
		}
		return name;
	};
	const pairs = parameter<{ pairs?: IDataObject[] }>('fieldMapping', {}).pairs ?? [];
	const customFieldMappings: CustomFieldMapping[] = pairs.map((pair, index) => {
		const exchangeField = String(pair.exchangeField ?? '').trim();
		const crmField = String(pair.crmField ?? '').trim();
		const valueType = String(pair.valueType ?? 'text') as ValueKind;
		if (exchangeField === '' || crmField === '' || !VALUE_KINDS.includes(valueType)) {
			throw new NodeOperationError(this.getNode(), `Field pair ${index + 1} needs an Exchange field, a CRM field and a value type`);
		}
		return { exchangeField, crmField, valueType };
	});
	const mailbox = parameter('mailbox', '').trim();
	if (mailbox === '') throw new NodeOperationError(this.getNode(), 'Mailbox is required: the Exchange mailbox this run is for');
	const owner = parameter('owner', '').trim();
	// 0 (or an expression that found no count) is unknown: a changes-only run then deletes at most one record.
	const linkedBefore = Number(parameter<unknown>('linkedBefore', 0)) || 0;
	return {
		object,
		crmModule: CRM_MODULE[object] ?? parameter('crmModule', 'Contacts'),
		syncType: parameter('syncType', 'twoWay'),
		direction: parameter('direction', 'exchangeToCrm'),
		conflictBehaviour: conflictBehaviourOf.call(this, parameter('conflictBehaviour', 'crmWins')),
		deleteBehaviour: parameter('deleteBehaviour', 'propagate'),
		massDeleteLimit: parameter('massDeleteLimit', 25),
		massDeletePercent: parameter('massDeletePercent', 50),
		...(linkedBefore > 0 ? { linkedBefore } : {}),
		releaseHeldDeletes: parameter('releaseHeldDeletes', false),
		meetingUpdates: parameter('meetingUpdates', 'visibleChanges'),
		syncedMailboxes: addressList(parameter<unknown>('syncedMailboxes', '')),
		matchRule: parameter('matchRule', object === 'mail' ? 'none' : DEFAULT_MATCH_RULES[object]),
		mailbox,
		...(owner !== '' ? { owner } : {}),
		inputCompleteness: parameter('inputCompleteness', 'complete'),
		partnersIncluded: parameter('partnersIncluded', false),
		exchangeTimeZone: zone(options.exchangeTimeZone, 'Exchange Time Zone'),
		crmTimeZone: zone(options.crmTimeZone, 'CRM Time Zone'),
		customFieldMappings,
		excludedFields: String(options.excludedFields ?? '')
			.split(',')
			.map((field) => field.trim())
			.filter((field) => field !== ''),
		crmFields: crmFieldsOf.call(this, options.crmFields),
		truncateLongValues: options.truncateLongValues === true,
		reviewDecisions: reviewDecisionsOf(reviewItemsOf.call(this, 0), mailbox, object),
		...undoOf.call(this, mailbox, object),
	};
}

/** The Undo Rows parameter: the journal rows of the run to undo (a list, or its JSON); none: a normal run. */
function undoOf(this: IExecuteFunctions, mailbox: string, object: string): Pick<SyncSettings, 'undo'> {
	if (this.getNodeParameter('undoRows', 0, '') === '') return {};
	const rows = jsonParameter.call(this, 'undoRows', 'Undo Rows is not JSON: map the Sync journal rows of the run to undo', 0) ?? [];
	if (!Array.isArray(rows)) throw new NodeOperationError(this.getNode(), 'Undo Rows must be a list of the Sync journal\'s rows');
	const entries = undoEntriesOf(rows, mailbox, object);
	return entries.size > 0 ? { undo: Object.fromEntries(entries) } : {};
}

/** The Review Items parameter: rows of the Sync review Data Table (a list, or its JSON). */
function reviewItemsOf(this: IExecuteFunctions, itemIndex: number): unknown[] {
	if (this.getNodeParameter('reviewItems', itemIndex, '') === '') return [];
	const rows = jsonParameter.call(this, 'reviewItems', 'Review Items is not JSON: map the rows of the Sync review Data Table', itemIndex) ?? [];
	if (!Array.isArray(rows)) throw new NodeOperationError(this.getNode(), 'Review Items must be a list of the Sync review Data Table\'s rows', { itemIndex });
	return rows;
}

const pairedItems = (sources: PlannedItem<unknown>['sources']): IPairedItemData[] => [
	...sources.exchange.map((item) => ({ item, input: 0 })),
	...sources.crm.map((item) => ({ item, input: 1 })),
];

const toItems = <T>(planned: Array<PlannedItem<T>>): INodeExecutionData[] =>
	planned.map(({ json, sources }) => ({ json: json as unknown as IDataObject, pairedItem: pairedItems(sources) }));

/** A malformed item blocks only itself: it is reported with its input and index, the rest proceed. */
function withMessages(this: IExecuteFunctions, errors: InputError[]) {
	return errors.map((entry) => ({
		...entry,
		message: new NodeOperationError(this.getNode(), `${entry.side === 'exchange' ? 'Exchange' : 'CRM'} item ${entry.itemIndex}: ${entry.reason}`, {
			itemIndex: entry.itemIndex,
		}).message,
	}));
}

/** A JSON parameter given as an object or as JSON text; `notJson` says what to fix when it is neither. */
function jsonParameter(this: IExecuteFunctions, name: string, notJson: string, itemIndex: number): unknown {
	const value = this.getNodeParameter(name, itemIndex, '');
	if (typeof value !== 'string') return value;
	try {
		return JSON.parse(value);
	} catch {
		throw new NodeOperationError(this.getNode(), notJson, { itemIndex });
	}
}

/**
 * "Link Created Records": one input, the output of one side's create operation; each item is
 * paired with the write Plan Sync planned for it, and the links of both records are completed.
 */
function linkCreatedRecords(this: IExecuteFunctions, items: INodeExecutionData[]): INodeExecutionData[][] {
	const createdIn = this.getNodeParameter('createdIn', 0, 'exchange') as Side;
	const created = items.map((item, itemIndex) => ({ planned: jsonParameter.call(this, 'plannedWrite', "Planned Write is not JSON: map the create write of Plan Sync's output", itemIndex), created: item.json }));
	const links = linkCreated({ exchange: createdIn === 'exchange' ? created : [], crm: createdIn === 'crm' ? created : [] });
	const fromInput = <T>(planned: Array<PlannedItem<T>>): INodeExecutionData[] =>
		planned.map(({ json, sources }) => ({
			json: json as unknown as IDataObject,
			pairedItem: sources[createdIn].map((item) => ({ item })),
		}));
	const errors = withMessages.call(this, links.report.errors);
	const report: INodeExecutionData = {
		json: { operation: 'linkCreated', createdIn, ...links.report, errors } as unknown as IDataObject,
		pairedItem: items.map((_item, item) => ({ item })),
	};
	return [fromInput(links.toExchange), fromInput(links.toCrm), [], [report]];
}



/** Summarise Run's Write Nodes: per side and kind of write, the nodes that made them. */
interface WriteNodes {
	exchange?: Partial<Record<WriteKind, string[]>>;
	crm?: Partial<Record<WriteKind, string[]>>;
	/** Nodes whose failed items are lost writes of that side and kind (a lookup before a write); their other items are not writes. */
	failuresOnly?: Array<{ side: Side; kind: WriteKind; node: string }>;
}

function writeNodesParameter(this: IExecuteFunctions): WriteNodes {
	const given = jsonParameter.call(this, 'writeNodes', 'Write Nodes is not JSON: name the write nodes per side and kind', 0);
	const shape = 'Write Nodes must be { "exchange": { "create": ["node name", …], … }, "crm": { … } }';
	if (!isObject(given)) throw new NodeOperationError(this.getNode(), shape);
	for (const side of SIDES) {
		const bySide = given[side] ?? {};
		if (!isObject(bySide)) throw new NodeOperationError(this.getNode(), shape);
		for (const kind of WRITE_KINDS) {
			const names = bySide[kind] ?? [];
			if (!Array.isArray(names) || names.some((name) => typeof name !== 'string')) {
				throw new NodeOperationError(this.getNode(), `Write Nodes.${side}.${kind} must be a list of node names`);
			}
		}
	}
	const failuresOnly = given.failuresOnly ?? [];
	const valid = (entry: unknown) =>
		isObject(entry) && SIDES.includes(entry.side as Side) && WRITE_KINDS.includes(entry.kind as WriteKind) && typeof entry.node === 'string';
	if (!Array.isArray(failuresOnly) || !failuresOnly.every(valid)) {
		throw new NodeOperationError(this.getNode(), 'Write Nodes.failuresOnly must be a list of { "side", "kind", "node" }');
	}
	return given as WriteNodes;
}

/**
 * "Summarise Run": the input is Plan Sync's Report; Write Nodes name the nodes that wrote, whose
 * outputs are read here. The output is the run's report, counted from the writes that landed.
 */
function summariseRunReport(this: IExecuteFunctions, items: INodeExecutionData[]): INodeExecutionData[][] {
	const report = items[0]?.json as unknown as SyncReport | undefined;
	if (!report || !isObject(report.counts) || !Array.isArray(report.pairs)) {
		throw new NodeOperationError(this.getNode(), 'The input is not a Plan Sync Report: connect Plan Sync\'s Report output');
	}
	const writeNodes = writeNodesParameter.call(this);
	const results: WriteResults = { exchange: {}, crm: {} };
	for (const side of SIDES) {
		for (const kind of WRITE_KINDS) results[side][kind] = (writeNodes[side]?.[kind] ?? []).flatMap((name) => outputsOf.call(this, name));
	}
	for (const { side, kind, node } of writeNodes.failuresOnly ?? []) {
		results[side][kind]!.push(...outputsOf.call(this, node).filter((json) => isObject(json) && json.error !== undefined));
	}
	const summary = summariseRun(report, results);
	return [[], [], [], [{ json: summary as unknown as IDataObject, pairedItem: items.map((_item, item) => ({ item })) }]];
}

const nowIso = () => DateTime.now().toUTC().toISO();
const reportOutput = (rows: unknown[], items: INodeExecutionData[]): INodeExecutionData[][] => [
	[],
	[],
	[],
	rows.map((row) => ({ json: row as IDataObject, pairedItem: items.map((_item, item) => ({ item })) })),
];

/**
 * "Record for Review": the input is Summarise Run's output; the output is the rows of the Sync
 * review Data Table this run adds, updates or closes (save them with an upsert on `key`).
 */
function recordForReviewRows(this: IExecuteFunctions, items: INodeExecutionData[]): INodeExecutionData[][] {
	const summary = items[0]?.json as unknown as RunSummary | undefined;
	if (!summary || !Array.isArray(summary.failed)) throw new NodeOperationError(this.getNode(), 'The input is not a run summary: connect Summarise Run\'s output');
	// Read here, not through an expression: a first sync's report lists every pair, more than n8n's expression sandbox holds.
	const planNode = String(this.getNodeParameter('planNode', 0, 'Exchange ⇄ CRM Sync'));
	const report = outputsOf.call(this, planNode, 3, 'Plan Node').at(-1) as SyncReport | undefined;
	if (!isObject(report) || !Array.isArray(report.pairs)) throw new NodeOperationError(this.getNode(), `"${planNode}" gave no Plan Sync Report in this run: name the Plan Sync node in Plan Node`);
	const text = (name: string, fallback: string) => String(this.getNodeParameter(name, 0, fallback));
	const rows = recordForReview({
		report,
		summary,
		rows: reviewItemsOf.call(this, 0),
		now: nowIso(),
		links: { crm: text('crmWebAddress', 'https://crm.zoho.com'), crmModule: text('reviewCrmModule', 'Contacts'), exchange: text('exchangeWebAddress', '') },
	});
	return reportOutput(rows, items);
}

/** "Review Page": the input items are the open rows of the Sync review Data Table; the output is one form page. */
function reviewPageOutput(this: IExecuteFunctions, items: INodeExecutionData[]): INodeExecutionData[][] {
	const page = reviewPage(items.map((item) => item.json), String(this.getNodeParameter('reviewUser', 0, '')));
	return reportOutput([page], items);
}

/** "Save Review Decisions": the input item is the review page's answers; the output is the decided rows. */
function reviewDecisionsOutput(this: IExecuteFunctions, items: INodeExecutionData[]): INodeExecutionData[][] {
	const answers = items[0]?.json ?? {};
	const rows = decideReviews(reviewItemsOf.call(this, 0), answers, String(this.getNodeParameter('reviewUser', 0, '')), nowIso());
	return reportOutput(rows, items);
}

const SYNC_OBJECTS: SyncObject[] = ['contacts', 'tasks', 'events', 'mail'];

/**
 * "Preview Page": each input item is one user's and object's preview (the object workflow's answer
 * to a Preview Only run) or the error that run ended with; the output is one page.
 */
function previewPageOutput(this: IExecuteFunctions, items: INodeExecutionData[]): INodeExecutionData[][] {
	const entries: PreviewPageEntry[] = items.map((item, itemIndex) => {
		const json = item.json;
		const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
		const error = isObject(json.error) ? text(json.error.message) : text(json.error);
		const preview = isObject(json.preview) && isObject(json.preview.counts) && Array.isArray(json.preview.writes) ? (json.preview as unknown as RunPreview) : undefined;
		if (error === undefined && preview === undefined) {
			throw new NodeOperationError(this.getNode(), `Item ${itemIndex} is neither a preview nor an error: connect the answers of Plan Sync runs with Preview Only on`, { itemIndex });
		}
		return {
			...(text(json.user) ? { user: text(json.user) } : {}),
			mailbox: text(json.mailbox) ?? text(preview?.mailbox) ?? '',
			object: text(json.object) ?? text(preview?.object) ?? '',
			...(text(json.since) ? { since: text(json.since) } : {}),
			...(preview ? { preview } : {}),
			...(error !== undefined ? { error } : {}),
		};
	});
	const objects = addressList(this.getNodeParameter('previewObjects', 0, '')).filter((object) => (SYNC_OBJECTS as string[]).includes(object));
	const page = previewPage(entries, { users: String(this.getNodeParameter('previewUsers', 0, '')), objects, allObjects: SYNC_OBJECTS });
	return [[], [], [], [{ json: page as unknown as IDataObject, pairedItem: items.map((_item, item) => ({ item })) }]];
}

export class ExchangeCrmSync implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Exchange ⇄ CRM Sync',
		name: 'exchangeCrmSync',
		icon: { light: 'file:exchangeCrmSync.svg', dark: 'file:exchangeCrmSync.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ ({ linkCreated: "link created records", previewPage: "preview page", summariseRun: "summarise run", groupChanges: "group changes by mailbox", journalRun: "journal run", recordForReview: "record for review", reviewPage: "review page", decideReviews: "save review decisions" })[$parameter["operation"]] ?? $parameter["object"] + " · " + $parameter["mailbox"] }}',
		description: 'Decide what Exchange and Zoho CRM must each do to be in sync',
		defaults: { name: 'Exchange ⇄ CRM Sync' },
		usableAsTool: true,
		inputs: SYNC_INPUTS,
		inputNames: ['Exchange', 'CRM'],
		outputs: SYNC_OUTPUTS,
		outputNames: ['To Exchange', 'To CRM', 'Conflicts', 'Report'],
		properties: syncProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const exchangeItems = this.getInputData(0);
		const crmItems = this.getInputData(1);
		const allInputs: IPairedItemData[] = [
			...exchangeItems.map((_item, item) => ({ item, input: 0 })),
			...crmItems.map((_item, item) => ({ item, input: 1 })),
		];
		const operation = this.getNodeParameter('operation', 0, 'plan') as string;
		if (operation === 'linkCreated') return linkCreatedRecords.call(this, exchangeItems);
		if (operation === 'summariseRun') return summariseRunReport.call(this, exchangeItems);
		if (operation === 'previewPage') return previewPageOutput.call(this, exchangeItems);
		if (operation === 'groupChanges') return groupChanges.execute.call(this, exchangeItems);
		if (operation === 'journalRun') return journalRun.execute.call(this, exchangeItems);
		if (operation === 'recordForReview') return recordForReviewRows.call(this, exchangeItems);
		if (operation === 'reviewPage') return reviewPageOutput.call(this, exchangeItems);
		if (operation === 'decideReviews') return reviewDecisionsOutput.call(this, exchangeItems);
		const settings = readSettings.call(this);
		let plan: SyncPlan;
		try {
			const input = { exchange: exchangeItems.map((item) => item.json), crm: crmItems.map((item) => item.json), settings };
			plan = settings.object === 'mail' ? planMailSync(input) : planSync(input);
		} catch (error) {
			if (this.continueOnFail()) {
				return [[], [], [], [{ json: { error: (error as Error).message }, pairedItem: allInputs }]];
			}
			throw new NodeOperationError(this.getNode(), error as Error);
		}
		const inputs = { exchange: exchangeItems.map((item) => item.json), crm: crmItems.map((item) => item.json) };
		const conflictRoute = conflictRouteOf(String(this.getNodeParameter('conflictRoute', 0, 'review')));
		// Conflicts the workflow decides on its CRM wins or Exchange wins route are nobody's to review.
		const review = settings.object === 'mail' ? [] : reviewEntries({ plan, ...inputs, settings, conflictsToReview: conflictRoute === 'review' });
		const reportJson = { ...plan.report, errors: withMessages.call(this, plan.report.errors), review };
		if (this.getNodeParameter('preview', 0, false) === true) {
			// The same plan, written nowhere: the writes and conflicts become the Report's preview.
			const preview = previewRun({ plan, ...inputs, settings, conflictRoute });
			return [[], [], [], [{ json: { ...reportJson, preview } as unknown as IDataObject, pairedItem: allInputs }]];
		}
		const report: INodeExecutionData = { json: reportJson as unknown as IDataObject, pairedItem: allInputs };
		return [toItems(plan.toExchange), toItems(plan.toCrm), toItems(plan.conflicts), [report]];
	}
}
