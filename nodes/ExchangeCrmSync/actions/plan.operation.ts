/**
 * "Plan Sync": the inputs are one mailbox's Exchange items and the CRM's records of its owner; the
 * outputs are the writes each side needs (To Exchange, To CRM), the conflicts, and the run's
 * Report — or, with Preview Only, the Report alone with the writes it would make.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, IPairedItemData } from 'n8n-workflow';
import { DateTime } from 'luxon';
import { NodeOperationError } from 'n8n-workflow';

import {
	CONFLICT_BEHAVIOURS,
	conflictRouteOf,
	DEFAULT_MATCH_RULES,
	planMailSync,
	planSync,
	previewRun,
	reviewDecisionsOf,
	reviewEntries,
	undoEntriesOf,
	VALUE_KINDS,
} from '../core';
import type { ConflictBehaviour, CrmField, CustomFieldMapping, SyncObject, SyncPlan, SyncSettings, ValueKind } from '../core';
import { addressList, isObject, jsonParameter, reviewItemsOf } from '../helpers/parameters';
import { toItems, withMessages } from '../helpers/outputs';

const showFor = (object: string[]) => ({ show: { object } });

/** The first-sync match rule of one object: its rule, or none. */
function matchRuleProperty(object: keyof typeof DEFAULT_MATCH_RULES, ruleName: string): INodeProperties {
	const rule = DEFAULT_MATCH_RULES[object];
	return {
		displayName: 'First-Sync Match Rule',
		name: 'matchRule',
		type: 'options',
		options: [
			{ name: ruleName, value: rule },
			{ name: 'None (Never Match)', value: 'none' },
		],
		default: rule,
		description: 'How records that exist on both sides before their first sync are recognised',
		displayOptions: showFor([object]),
	};
}

const planProperties: INodeProperties[] = [
	{
		displayName: 'Object',
		name: 'object',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Contacts', value: 'contacts' },
			{ name: 'Events', value: 'events' },
			{
				name: 'Mail',
				value: 'mail',
				description: 'Attach Exchange messages to the CRM records of their senders and recipients; copy mail sent from the CRM to Sent Items',
			},
			{ name: 'Tasks', value: 'tasks' },
		],
		default: 'contacts',
	},
	{
		displayName: 'CRM Module',
		name: 'crmModule',
		type: 'options',
		options: [
			{ name: 'Contacts', value: 'Contacts' },
			{ name: 'Leads', value: 'Leads' },
		],
		default: 'Contacts',
		description: 'The Zoho module Exchange contacts sync with; for mail, the module of records that carry no $module',
		displayOptions: showFor(['contacts', 'mail']),
	},
	{
		displayName: 'Sync Type',
		name: 'syncType',
		type: 'options',
		options: [
			{ name: 'Two-Way', value: 'twoWay' },
			{ name: 'One-Way', value: 'oneWay' },
		],
		default: 'twoWay',
		displayOptions: showFor(['contacts', 'tasks', 'events', 'mail']),
	},
	{
		displayName: 'Direction',
		name: 'direction',
		type: 'options',
		options: [
			{ name: 'Exchange to CRM', value: 'exchangeToCrm' },
			{ name: 'CRM to Exchange', value: 'crmToExchange' },
		],
		default: 'exchangeToCrm',
		description: 'The side that is read; the other side is the only one written',
		displayOptions: { show: { syncType: ['oneWay'], object: ['contacts', 'tasks', 'events', 'mail'] } },
	},
	{
		displayName: 'Conflict Behaviour',
		name: 'conflictBehaviour',
		type: 'options',
		options: [
			{ name: 'CRM Always Wins', value: 'crmWins', description: 'A field both sides changed takes the CRM value' },
			{ name: 'Exchange Always Wins', value: 'exchangeWins', description: 'A field both sides changed takes the Exchange value' },
			{ name: 'Newest Wins', value: 'newestWins', description: 'A field both sides changed takes the value of the side modified last' },
			{
				name: 'Send to Conflicts Output',
				value: 'sendToConflicts',
				description: 'A record with fields both sides changed goes to the Conflicts output, with ready writes for each decision',
			},
		],
		default: 'crmWins',
		description:
			'Who takes a field that both sides changed to different values since the last sync. Fields only one side changed always go to the other side, whatever is chosen here.',
		displayOptions: { show: { syncType: ['twoWay'], object: ['contacts', 'tasks', 'events'] } },
	},
	{
		displayName: 'Delete Behaviour',
		name: 'deleteBehaviour',
		type: 'options',
		options: [
			{ name: 'Propagate Both Ways', value: 'propagate' },
			{ name: 'Only Exchange Deletes Reach the CRM', value: 'propagateToCrm' },
			{ name: 'Only CRM Deletes Reach Exchange', value: 'propagateToExchange' },
			{ name: 'Ignore Deletes', value: 'ignore' },
		],
		default: 'propagate',
		description: 'Deletes go to Deleted Items or the Zoho recycle bin, never purged',
		displayOptions: showFor(['contacts', 'tasks', 'events']),
	},
	{
		displayName: 'Mass-Delete Limit',
		name: 'massDeleteLimit',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 25,
		description: 'A run that would delete more records than this deletes none and reports why',
		displayOptions: showFor(['contacts', 'tasks', 'events']),
	},
	{
		displayName: 'Mass-Delete Share (%)',
		name: 'massDeletePercent',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 100 },
		default: 50,
		description:
			'A run that would delete more than this share of the linked records (and more than one), or every one of them, deletes none. In a Changes Only run the share is of Linked Records Before This Run.',
		displayOptions: showFor(['contacts', 'tasks', 'events']),
	},
	{
		displayName: 'Synced Mailboxes',
		name: 'syncedMailboxes',
		type: 'string',
		default: '',
		placeholder: 'e.g. alice@example.com, bob@example.com',
		description:
			'Every mailbox the sync covers (comma-separated, or a list by expression). A meeting has one CRM event: it syncs from its organiser\'s mailbox when that is covered, else from the first covered attendee\'s, so other copies are left out. Empty: every meeting in this mailbox syncs here.',
		displayOptions: showFor(['events']),
	},
	{
		displayName: 'Meeting Updates',
		name: 'meetingUpdates',
		type: 'options',
		options: [
			{
				name: 'Only for Changes Attendees See',
				value: 'visibleChanges',
				description:
					'Invitations and cancellations go out; an update only when subject, time, recurrence, location, body or attendees change, to the attendees it concerns',
			},
			{ name: 'Never', value: 'never', description: 'Sync writes to meetings mail no attendee; the organiser tells them' },
		],
		default: 'visibleChanges',
		description: 'When a write to a meeting with attendees mails them',
		displayOptions: showFor(['events']),
	},
	{
		displayName: 'Release Held Deletes',
		name: 'releaseHeldDeletes',
		type: 'boolean',
		default: false,
		description:
			'Whether this run deletes what the mass-delete brake would hold back. Turn it on for one run after checking that the records the report lists as held were really deleted.',
		displayOptions: showFor(['contacts', 'tasks', 'events']),
	},
	{
		displayName: 'Preview Only',
		name: 'preview',
		type: 'boolean',
		default: false,
		description:
			'Whether to plan as usual and write nothing: To Exchange, To CRM and Conflicts stay empty, and the Report carries the preview (every create, field change old → new, delete, held delete and conflict this run would make). A workflow that saves its cursor after the writes must not save it for a preview.',
	},
	{
		displayName: 'Conflicts Go To',
		name: 'conflictRoute',
		type: 'options',
		options: [
			{ name: 'CRM Wins', value: 'crmWins', description: 'The workflow writes each conflict\'s CRM-wins suggestion' },
			{ name: 'Exchange Wins', value: 'exchangeWins', description: 'The workflow writes each conflict\'s Exchange-wins suggestion' },
			{ name: 'Review', value: 'review', description: 'The workflow writes the hold suggestion: only what one side changed' },
		],
		default: 'review',
		description:
			'The route the workflow\'s Conflict behaviour Switch sends conflicts on: the preview lists the writes it then makes, and only conflicts sent to Review go to the review inbox. Any other value (e.g. the Conflict Behaviour setting newestWins or sendToConflicts) means Review.',
		displayOptions: { show: { object: ['contacts', 'tasks', 'events'] } },
	},
	matchRuleProperty('contacts', 'Email Address'),
	matchRuleProperty('tasks', 'Subject and Due Date'),
	matchRuleProperty('events', 'Organizer, Start and Subject'),
	{
		displayName: 'Mailbox',
		name: 'mailbox',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. alice@example.com',
		description: 'SMTP address of the Exchange mailbox this run is for',
	},
	{
		displayName: 'Owner',
		name: 'owner',
		type: 'string',
		default: '',
		description: 'Zoho user ID new CRM records are assigned to (empty: the connected user)',
		displayOptions: showFor(['contacts', 'tasks', 'events']),
	},
	{
		displayName: 'Input Completeness',
		name: 'inputCompleteness',
		type: 'options',
		options: [
			{
				name: 'Complete',
				value: 'complete',
				description: 'The inputs are the full sets: a linked record missing from one side was deleted there',
			},
			{
				name: 'Changes Only',
				value: 'changes',
				description: 'The inputs hold only what changed since the last run; deletions arrive as {deleted: true, ID or syncId}',
			},
		],
		default: 'complete',
	},
	{
		displayName: 'Partners Included',
		name: 'partnersIncluded',
		type: 'boolean',
		default: false,
		description:
			'Whether a Changes Only input also holds, for every changed or deleted record, the record the other side links to it (the Exchange node\'s Get by CRM Record ID, the Zoho CRM node\'s Get by Exchange Item ID, given the IDs of the other side\'s changes and deletions). Every pair in the input is then decided as a complete read would decide it, so a write that failed in an earlier run is caught up and a deletion is settled in the same run.',
		displayOptions: { show: { object: ['contacts', 'tasks', 'events'], inputCompleteness: ['changes'] } },
	},
	{
		displayName: 'Linked Records Before This Run',
		name: 'linkedBefore',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description:
			'The number of linked records the last run reported (its Report\'s linked), for the share a Changes Only run may delete. 0 means unknown: such a run then deletes at most one record.',
		displayOptions: { show: { object: ['contacts', 'tasks', 'events'], inputCompleteness: ['changes'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: showFor(['contacts', 'tasks', 'events']),
		options: [
			{
				displayName: 'CRM Fields',
				name: 'crmFields',
				type: 'json',
				default: '[]',
				description:
					'The CRM module\'s fields, as the Zoho CRM node\'s Field → Get Many answers them (API name, length, read-only). With them, a mapped field the module lacks is not synced, a read-only one flows from the CRM only, and a value longer than its field holds is refused for that record.',
			},
			{
				displayName: 'CRM Time Zone',
				name: 'crmTimeZone',
				type: 'string',
				default: '',
				placeholder: 'e.g. Europe/Berlin',
				description: "IANA time zone of the Zoho user; Zoho date-times are written with its offset (empty: the workflow's time zone)",
			},
			{
				displayName: 'Exchange Time Zone',
				name: 'exchangeTimeZone',
				type: 'string',
				default: '',
				placeholder: 'e.g. Europe/Berlin',
				description: "IANA time zone new Exchange events are created in (empty: the workflow's time zone)",
			},
			{
				displayName: 'Excluded Fields',
				name: 'excludedFields',
				type: 'string',
				default: '',
				placeholder: 'e.g. notes, birthday',
				description: 'Comma-separated default fields (by their Exchange name) not to sync',
			},
			{
				displayName: 'Truncate Long Values',
				name: 'truncateLongValues',
				type: 'boolean',
				default: false,
				description:
					'Whether a value longer than its CRM field holds (from CRM Fields) is cut to that length on both sides, and reported, instead of refusing the record',
			},
		],
	},
	{
		displayName: 'Field Mapping',
		name: 'fieldMapping',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Field Pair',
		default: {},
		description: 'Pairs added to the default map; a pair naming a mapped field replaces its default',
		displayOptions: showFor(['contacts', 'tasks', 'events']),
		options: [
			{
				displayName: 'Pair',
				name: 'pairs',
				values: [
					{
						displayName: 'Exchange Field',
						name: 'exchangeField',
						type: 'string',
						default: '',
						placeholder: 'e.g. department or businessAddress.city',
					},
					{
						displayName: 'CRM Field',
						name: 'crmField',
						type: 'string',
						default: '',
						placeholder: 'e.g. Department or a custom field like Region__c',
						description: 'API name of the Zoho field',
					},
					{
						displayName: 'Value Type',
						name: 'valueType',
						type: 'options',
						options: [
							{ name: 'Boolean', value: 'boolean' },
							{ name: 'Date', value: 'date' },
							{ name: 'Date-Time', value: 'instant' },
							{ name: 'Email', value: 'email' },
							{ name: 'Multiline Text', value: 'multiline' },
							{ name: 'Number', value: 'number' },
							{ name: 'Phone', value: 'phone' },
							{ name: 'Text', value: 'text' },
						],
						default: 'text',
						description: 'How values are compared: e.g. phones by digits, emails without case',
					},
				],
			},
		],
	},
];

/** Undo a run: the rows of the Sync journal of the run to undo. */
const undoRowsProperty: INodeProperties = {
	displayName: 'Undo Rows',
	name: 'undoRows',
	type: 'json',
	default: '',
	description:
		"Undo a run: the rows of the Sync journal Data Table of the run to undo (this mailbox's and object's). The fields it updated go back to their old values on both sides, unless changed again since (reported); records it deleted whose pair is gone are made again. Empty: a normal run.",
};

/** Settings of "Plan Sync" show only for that operation. */
const forPlanning = (property: INodeProperties): INodeProperties => ({
	...property,
	displayOptions: { ...property.displayOptions, show: { ...property.displayOptions?.show, operation: ['plan'] } },
});

export const description: INodeProperties[] = [...planProperties, undoRowsProperty].map(forPlanning);

const CRM_MODULE: Record<SyncObject, string | undefined> = { contacts: undefined, mail: undefined, tasks: 'Tasks', events: 'Events' };

function conflictBehaviourOf(this: IExecuteFunctions, value: string): ConflictBehaviour {
	if ((CONFLICT_BEHAVIOURS as readonly string[]).includes(value)) return value as ConflictBehaviour;
	const merged = value === 'fieldMerge' ? ' Every behaviour now merges per field: "fieldMerge" is no longer needed.' : '';
	throw new NodeOperationError(
		this.getNode(),
		`Conflict Behaviour "${value}" is not one of ${CONFLICT_BEHAVIOURS.join(', ')}: choose who takes a field both sides changed.${merged}`,
	);
}

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
		reviewDecisions: reviewDecisionsOf(reviewItemsOf.call(this, false), mailbox, object),
		...undoOf.call(this, mailbox, object),
	};
}

/** The Undo Rows parameter: the journal rows of the run to undo (a list, or its JSON); none: a normal run. */
function undoOf(this: IExecuteFunctions, mailbox: string, object: string): Pick<SyncSettings, 'undo'> {
	if (this.getNodeParameter('undoRows', 0, '') === '') return {};
	const rows = jsonParameter.call(this, 'undoRows', 'Undo Rows is not JSON: map the Sync journal rows of the run to undo', 0) ?? [];
	if (!Array.isArray(rows)) throw new NodeOperationError(this.getNode(), "Undo Rows must be a list of the Sync journal's rows");
	const entries = undoEntriesOf(rows, mailbox, object);
	return entries.size > 0 ? { undo: Object.fromEntries(entries) } : {};
}

export function execute(this: IExecuteFunctions, exchangeItems: INodeExecutionData[]): INodeExecutionData[][] {
	const crmItems = this.getInputData(1);
	const allInputs: IPairedItemData[] = [
		...exchangeItems.map((_item, item) => ({ item, input: 0 })),
		...crmItems.map((_item, item) => ({ item, input: 1 })),
	];
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
