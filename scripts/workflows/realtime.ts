/**
 * The real-time workflows: a Zoho CRM Trigger (notification channel) or an Exchange trigger in
 * streaming mode starts a changes-only sync of the records that changed, through the same Sync
 * node, writes and conflict Switch as the scheduled workflows. Each object (contacts, tasks,
 * events) is one lane of the workflow.
 *
 * Repeats are harmless by design: a delivery's records are deduplicated by id, and a record whose
 * content equals the baseline in its sync state is "unchanged" — so our own writes, and the
 * 2nd…50th notification of a burst, plan no write. The scheduled workflows stay the safety net
 * for deletes and for anything a channel missed.
 */
import type { N8nWorkflow } from '../n8n/instance';
import {
	addRecordWrites,
	assignments,
	connect,
	type Connections,
	DEFAULT_SETTINGS,
	exchangeCredentials,
	node,
	OBJECT_WORKFLOWS,
	type ObjectWorkflowSpec,
	PACKAGE,
	syncCrmFields,
	type WorkflowNode,
	zohoCredentials,
} from './definitions';

export const REALTIME_CRM_TO_EXCHANGE_ID = 'exzsRtCrmToExch';
export const REALTIME_EXCHANGE_TO_CRM_ID = 'exzsRtExchToCrm';

/**
 * What differs between the real-time workflows of two sets imported side by side (EWS and
 * Microsoft 365): ids, names and webhook ids (one webhook path can serve only one workflow).
 */
export interface RealtimeWorkflowSet {
	crmToExchangeId: string;
	exchangeToCrmId: string;
	/** Put before the workflow names ("Microsoft 365 "), empty for EWS. */
	namePrefix: string;
	zohoTriggerWebhookIds: Record<string, string>;
	/** The Exchange triggers' webhook ids, where they receive notifications (Microsoft 365). */
	exchangeTriggerWebhookIds?: Record<string, string>;
}

/** The record objects that have real-time lanes (mail reaches the CRM through the scheduled workflow). */
export const REALTIME_OBJECTS = OBJECT_WORKFLOWS.filter((spec) => spec.object !== 'mail');

/** The Exchange trigger's item type per object. */
const EXCHANGE_ITEM_TYPE: Record<string, string> = { contacts: 'contact', tasks: 'task', events: 'event' };

/** The EWS set. Fixed webhook ids, so the webhook URLs (and Zoho's channels) stay the same across imports. */
export const EWS_REALTIME_SET: RealtimeWorkflowSet = {
	crmToExchangeId: REALTIME_CRM_TO_EXCHANGE_ID,
	exchangeToCrmId: REALTIME_EXCHANGE_TO_CRM_ID,
	namePrefix: '',
	zohoTriggerWebhookIds: {
		contacts: '0d6f5a52-7f0e-4c1e-9a3b-5b2f1c0e7a11',
		tasks: '5a9e3c7d-2b41-4f8a-8d6e-1c3b7f9a2d22',
		events: '9c2b7e41-6d3a-4a5f-b8e1-7f4c2a9d3e33',
	},
};

export const triggerName = (direction: 'crm' | 'exchange', spec: ObjectWorkflowSpec) =>
	direction === 'crm' ? `Zoho CRM Trigger (${spec.title})` : `Exchange Trigger (${spec.title})`;
export const settingsName = (spec: ObjectWorkflowSpec) => `Settings (${spec.title})`;

interface LaneContext {
	spec: ObjectWorkflowSpec;
	add: (workflowNode: WorkflowNode) => void;
	connections: Connections;
	/** Vertical offset of the lane on the canvas. */
	top: number;
	set: RealtimeWorkflowSet;
}

/** Settings → "Each mailbox" loop → Sync (changes only) → writes; returns the loop node's name. */
function addSyncLoop(lane: LaneContext, groupNode: string): { loop: string; sync: string } {
	const { spec, add, connections, top } = lane;
	const settings = settingsName(spec);
	const loop = `Each mailbox (${spec.title})`;
	const sync = `Exchange ⇄ CRM Sync (${spec.title})`;
	const next = `Next mailbox (${spec.title})`;
	const setting = (field: string) => `$('${settings}').first().json.${field}`;
	const current = (field: string) => `$('${loop}').first().json.${field}`;
	add(
		node(settings, 'n8n-nodes-base.set', 3.4, [480, top], {
			...assignments([
				['syncType', 'string', DEFAULT_SETTINGS.syncType],
				['direction', 'string', DEFAULT_SETTINGS.direction],
				['conflictBehaviour', 'string', DEFAULT_SETTINGS.conflictBehaviour],
			]),
			includeOtherFields: true,
		}),
	);
	add(node(loop, 'n8n-nodes-base.splitInBatches', 3, [720, top], { options: {} }));
	add(
		node(sync, `${PACKAGE}.exchangeCrmSync`, 1, [1200, top], {
			object: spec.object,
			crmModule: spec.crmModule,
			syncType: `={{ ${setting('syncType')} }}`,
			direction: `={{ ${setting('direction')} }}`,
			conflictBehaviour: `={{ ['crmWins', 'exchangeWins'].includes(${setting('conflictBehaviour')}) ? 'sendToConflicts' : ${setting('conflictBehaviour')} }}`,
			owner: `={{ ${current('ownerId')} }}`,
			mailbox: `={{ ${current('mailbox')} }}`,
			inputCompleteness: 'changes',
			options: { crmTimeZone: `={{ ${current('timeZone')} }}`, exchangeTimeZone: `={{ ${current('timeZone')} }}` },
		}),
	);
	// Below every write branch, so the next mailbox starts after this one's writes.
	add(node(next, 'n8n-nodes-base.noOp', 1, [1460, top + 1100], {}));
	connect(connections, groupNode, 3, settings);
	connect(connections, settings, 0, loop);
	connect(connections, sync, 3, next);
	connect(connections, next, 0, loop);
	addRecordWrites(spec, add, connections, { syncNode: sync, settingsNode: settings, suffix: spec.title, origin: [1460, top - 320] });
	return { loop, sync };
}

interface CounterpartPath {
	/** The side the counterparts are read from. */
	side: 'exchange' | 'crm';
	/** Split Out of the mailbox's lookups (Group Changes by Mailbox made them). */
	lookups: string;
	/** The node that reads the counterparts, one call per lookup (placed here). */
	fetch: WorkflowNode;
	/** Remove Duplicates by id: each counterpart once. */
	unique: string;
	/** Split Out of the changed records into the Sync node's other input. */
	changed: [name: string, field: 'records' | 'items'];
}

/**
 * Per mailbox: the changed records go to their Sync input, and the lookups read the
 * counterparts on the other side into the other input, each record once.
 */
function addCounterpartPath(lane: LaneContext, loop: string, sync: string, path: CounterpartPath): void {
	const { add, connections, top } = lane;
	// The counterparts' row is drawn on the side of their Sync input: Exchange above, CRM below.
	const direction = path.side === 'exchange' ? -1 : 1;
	const lookups = path.lookups;
	const [changed, field] = path.changed;
	add(node(lookups, 'n8n-nodes-base.splitOut', 1, [960, top + direction * 200], { fieldToSplitOut: 'lookups', options: {} }));
	add({ ...path.fetch, position: [1200, top + direction * 400] });
	add(node(path.unique, 'n8n-nodes-base.removeDuplicates', 2, [960, top + direction * 400], { operation: 'removeDuplicateInputItems', compare: 'selectedFields', fieldsToCompare: 'id', options: {} }));
	add(node(changed, 'n8n-nodes-base.splitOut', 1, [960, top - direction * 200], { fieldToSplitOut: field, options: {} }));
	connect(connections, loop, 1, lookups);
	connect(connections, loop, 1, changed);
	connect(connections, lookups, 0, path.fetch.name);
	connect(connections, path.fetch.name, 0, path.unique);
	const [exchangeInput, crmInput] = path.side === 'exchange' ? [path.unique, changed] : [changed, path.unique];
	connect(connections, exchangeInput, 0, sync, 0);
	connect(connections, crmInput, 0, sync, 1);
}

/** Trigger → "Active CRM users" (one call per delivery) → the changes grouped per user's mailbox (Group Changes by Mailbox). */
function addGroupedChanges(lane: LaneContext, trigger: WorkflowNode, group: string, changesFrom: 'crm' | 'exchange'): void {
	const { spec, add, connections, top } = lane;
	const users = `Active CRM users (${spec.title})`;
	add(trigger);
	add(
		node(users, `${PACKAGE}.zohoCrm`, 1, [120, top + 200], { resource: 'user', operation: 'getAll', userType: 'ActiveUsers', returnAll: true }, {
			credentials: zohoCredentials,
			executeOnce: true,
		}),
	);
	add(
		node(group, `${PACKAGE}.exchangeCrmSync`, 1, [240, top], {
			operation: 'groupChanges',
			changesFrom,
			changedObject: spec.object,
			changes: `={{ $('${trigger.name}').all().map((item) => item.json) }}`,
		}),
	);
	connect(connections, trigger.name, 0, users);
	connect(connections, users, 0, group);
}

function crmToExchangeLane(lane: LaneContext): void {
	const { spec, top, set } = lane;
	const trigger = triggerName('crm', spec);
	const group = `Changes by owner (${spec.title})`;
	addGroupedChanges(
		lane,
		node(trigger, `${PACKAGE}.zohoCrmTrigger`, 1, [0, top], { modules: [spec.crmModule], events: ['create', 'edit'], options: { fields: syncCrmFields(spec) } }, {
			credentials: zohoCredentials,
			webhookId: set.zohoTriggerWebhookIds[spec.object],
		}),
		group,
		'crm',
	);
	const { loop, sync } = addSyncLoop(lane, group);

	addCounterpartPath(lane, loop, sync, {
		side: 'exchange',
		lookups: `Exchange lookups (${spec.title})`,
		fetch: node(`Exchange counterparts (${spec.title})`, `${PACKAGE}.microsoftExchange`, 1, [0, 0], {
			resource: spec.exchangeResource,
			operation: 'getAll',
			returnAll: true,
			mailbox: `={{ $('${loop}').first().json.mailbox }}`,
			filters: { syncIds: '={{ $json.syncIds }}', search: '={{ $json.search }}' },
		}, { credentials: exchangeCredentials }),
		unique: `Each Exchange item once (${spec.title})`,
		changed: [`Changed CRM records (${spec.title})`, 'records'],
	});
}

function exchangeToCrmLane(lane: LaneContext): void {
	const { spec, top, set } = lane;
	const webhookId = set.exchangeTriggerWebhookIds?.[spec.object];
	const trigger = triggerName('exchange', spec);
	const group = `Changes by mailbox (${spec.title})`;
	addGroupedChanges(
		lane,
		node(trigger, `${PACKAGE}.microsoftExchangeTrigger`, 1, [0, top], {
			mode: 'streaming',
			itemType: EXCHANGE_ITEM_TYPE[spec.object],
			events: ['created', 'updated'],
			mailboxes: DEFAULT_SETTINGS.mailbox,
		}, { credentials: exchangeCredentials, ...(webhookId ? { webhookId } : {}) }),
		group,
		'exchange',
	);
	const { loop, sync } = addSyncLoop(lane, group);

	const rl = { __rl: true, value: spec.crmModule, mode: 'name' };
	addCounterpartPath(lane, loop, sync, {
		side: 'crm',
		lookups: `CRM lookups (${spec.title})`,
		fetch: node(`CRM counterparts (${spec.title})`, `${PACKAGE}.zohoCrm`, 1, [0, 0], spec.object === 'contacts'
			? {
					resource: 'record',
					operation: 'search',
					module: rl,
					searchBy: 'criteria',
					criteria: `={{ $json.syncId ? '(Exchange_Sync_Id:equals:' + $json.syncId + ')' : '(Email:equals:' + $json.email + ')' }}`,
					returnAll: true,
				}
			: { resource: 'record', operation: 'get', module: rl, addressBy: 'externalId', recordId: '={{ $json.syncId }}' }, {
				credentials: zohoCredentials,
				// A sync id Zoho does not know is "no counterpart", not a failure: its error goes to the unused error output.
				onError: 'continueErrorOutput',
			}),
		unique: `Each CRM record once (${spec.title})`,
		changed: [`Changed Exchange items (${spec.title})`, 'items'],
	});
}

function realtimeWorkflow(id: string, name: string, set: RealtimeWorkflowSet, addLane: (lane: LaneContext) => void): N8nWorkflow {
	const nodes: WorkflowNode[] = [];
	const connections: Connections = {};
	const add = (workflowNode: WorkflowNode) => nodes.push(workflowNode);
	REALTIME_OBJECTS.forEach((spec, index) => addLane({ spec, add, connections, top: index * 1800, set }));
	return { id, name: `${set.namePrefix}${name}`, active: false, settings: { executionOrder: 'v1' }, nodes, connections, pinData: {}, tags: [] };
}

export function realtimeCrmToExchangeWorkflow(set: RealtimeWorkflowSet = EWS_REALTIME_SET): N8nWorkflow {
	return realtimeWorkflow(set.crmToExchangeId, 'Real-time: CRM → Exchange', set, crmToExchangeLane);
}

export function realtimeExchangeToCrmWorkflow(set: RealtimeWorkflowSet = EWS_REALTIME_SET): N8nWorkflow {
	return realtimeWorkflow(set.exchangeToCrmId, 'Real-time: Exchange → CRM', set, exchangeToCrmLane);
}

export function realtimeWorkflows(set: RealtimeWorkflowSet = EWS_REALTIME_SET): Record<string, N8nWorkflow> {
	return {
		'realtime-crm-to-exchange.json': realtimeCrmToExchangeWorkflow(set),
		'realtime-exchange-to-crm.json': realtimeExchangeToCrmWorkflow(set),
	};
}
