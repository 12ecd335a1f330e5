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

import { CONFLICT_BEHAVIOURS, DEFAULT_MATCH_RULES, linkCreated, planMailSync, planSync, VALUE_KINDS } from './core';
import type { ConflictBehaviour, CustomFieldMapping, InputError, PlannedItem, Side, SyncObject, SyncPlan, SyncSettings, ValueKind } from './core';
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
	};
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

/** The planned write parameter, given as an object or as JSON text. */
function plannedWriteOf(this: IExecuteFunctions, itemIndex: number): unknown {
	const value = this.getNodeParameter('plannedWrite', itemIndex, '');
	if (typeof value !== 'string') return value;
	try {
		return JSON.parse(value);
	} catch {
		throw new NodeOperationError(this.getNode(), 'Planned Write is not JSON: map the create write of Plan Sync\'s output', { itemIndex });
	}
}

/**
 * "Link Created Records": one input, the output of one side's create operation; each item is
 * paired with the write Plan Sync planned for it, and the links of both records are completed.
 */
function linkCreatedRecords(this: IExecuteFunctions, items: INodeExecutionData[]): INodeExecutionData[][] {
	const createdIn = this.getNodeParameter('createdIn', 0, 'exchange') as Side;
	const created = items.map((item, itemIndex) => ({ planned: plannedWriteOf.call(this, itemIndex), created: item.json }));
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

export class ExchangeCrmSync implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Exchange ⇄ CRM Sync',
		name: 'exchangeCrmSync',
		icon: { light: 'file:exchangeCrmSync.svg', dark: 'file:exchangeCrmSync.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] === "linkCreated" ? "link created records" : $parameter["object"] + " · " + $parameter["mailbox"]}}',
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
		const report: INodeExecutionData = {
			json: { ...plan.report, errors: withMessages.call(this, plan.report.errors) } as unknown as IDataObject,
			pairedItem: allInputs,
		};
		return [toItems(plan.toExchange), toItems(plan.toCrm), toItems(plan.conflicts), [report]];
	}
}
