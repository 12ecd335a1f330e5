/**
 * The prebuilt workflows (workflows/*.json), written once as code so the four object workflows
 * share one shape instead of four hand-edited copies. `npm run workflows:generate` writes the
 * JSON files; a test checks they are up to date.
 */
import { EXCHANGE_CREDENTIAL, ZOHO_CREDENTIAL } from '../n8n/credentials';
import type { N8nWorkflow } from '../n8n/instance';

const PACKAGE = 'n8n-nodes-exchange-zoho-sync';
const exchangeCredentials = { microsoftExchangeEwsApi: EXCHANGE_CREDENTIAL };
const zohoCredentials = { zohoCrmOAuth2Api: ZOHO_CREDENTIAL };

export type SyncObject = 'contacts' | 'tasks' | 'events' | 'mail';

export interface ObjectWorkflowSpec {
	object: SyncObject;
	title: string;
	workflowId: string;
	/** The Exchange node's resource for this object. */
	exchangeResource: string;
	/** The Zoho module the object syncs with. */
	crmModule: string;
	/** The Sync Now setting that switches this object on. */
	syncNowSetting: string;
}

export const OBJECT_WORKFLOWS: ObjectWorkflowSpec[] = [
	{ object: 'contacts', title: 'Contacts', workflowId: 'exzsSyncContacts', exchangeResource: 'contact', crmModule: 'Contacts', syncNowSetting: 'syncContacts' },
	{ object: 'tasks', title: 'Tasks', workflowId: 'exzsSyncTasks', exchangeResource: 'task', crmModule: 'Tasks', syncNowSetting: 'syncTasks' },
	{ object: 'events', title: 'Events', workflowId: 'exzsSyncEvents', exchangeResource: 'event', crmModule: 'Events', syncNowSetting: 'syncEvents' },
	{ object: 'mail', title: 'Mail', workflowId: 'exzsSyncMail', exchangeResource: 'message', crmModule: 'Contacts', syncNowSetting: 'syncMails' },
];

export const SYNC_NOW_WORKFLOW_ID = 'exzsSyncNow';
export const REPORT_TABLE = 'Exchange CRM sync report';
/** Published, the Sync Now workflow also runs on POST <n8n>/webhook/<this path> and answers with the report. */
export const SYNC_NOW_WEBHOOK_PATH = 'exchange-crm-sync-now';

/** Defaults an admin edits in each object workflow's Settings node (used when run on its schedule). */
export const DEFAULT_SETTINGS = {
	mailbox: 'user@example.com',
	ownerId: '',
	syncType: 'twoWay',
	direction: 'exchangeToCrm',
	conflictBehaviour: 'crmWins',
} as const;

type Parameters = Record<string, unknown>;

interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Parameters;
	[key: string]: unknown;
}

type Connections = Record<string, { main: Array<Array<{ node: string; type: 'main'; index: number }>> }>;

function node(
	name: string,
	type: string,
	typeVersion: number,
	position: [number, number],
	parameters: Parameters,
	extra: Record<string, unknown> = {},
): WorkflowNode {
	const id = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
	return { id, name, type, typeVersion, position, parameters, ...extra };
}

/** Wires `from` output `output` to the first input (or `input`) of each target. */
function connect(connections: Connections, from: string, output: number, to: string, input = 0): void {
	const outputs = (connections[from] ??= { main: [] }).main;
	while (outputs.length <= output) outputs.push([]);
	outputs[output].push({ node: to, type: 'main', index: input });
}

function assignments(values: Array<[name: string, type: 'string' | 'number' | 'boolean' | 'array', value: unknown]>): Parameters {
	return {
		assignments: {
			assignments: values.map(([name, type, value]) => ({ id: name, name, type, value })),
		},
		options: {},
	};
}

function condition(id: string, expression: string) {
	return {
		id,
		leftValue: expression,
		rightValue: '',
		operator: { type: 'boolean', operation: 'true', singleValue: true },
	};
}

function conditions(list: ReturnType<typeof condition>[]) {
	return {
		options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
		conditions: list,
		combinator: 'and',
	};
}

/** A Switch with one named output per value of an expression. */
function switchOn(expression: string, outputs: string[], fallback?: string): Parameters {
	return {
		rules: {
			values: outputs.map((value) => ({
				conditions: conditions([condition(value, `={{ ${expression} === '${value}' }}`)]),
				renameOutput: true,
				outputKey: value,
			})),
		},
		options: fallback ? { fallbackOutput: 'extra', renameFallbackOutput: fallback } : {},
	};
}

const settingsOf = (field: string) => `$('Settings').first().json.${field}`;

const rl = (value: string, mode = 'id') => ({ __rl: true, value, mode });

function exchangeWrite(spec: ObjectWorkflowSpec, operation: 'create' | 'update' | 'delete'): Parameters {
	const locate = operation === 'create' ? {} : { findBy: 'id', itemId: rl('={{ $json.id }}') };
	const body = operation === 'delete' ? { deleteMode: 'moveToDeletedItems' } : { inputMode: 'json', itemJson: '={{ $json.fields }}' };
	const concurrency = operation === 'update' ? { changeKey: '={{ $json.changeKey }}' } : {};
	return { resource: spec.exchangeResource, operation, ...locate, ...concurrency, ...body, mailbox: '={{ $json.mailbox }}' };
}

function crmWrite(operation: 'create' | 'update' | 'delete'): Parameters {
	const locate = operation === 'create' ? {} : { addressBy: 'id', recordId: '={{ $json.id }}' };
	const body = operation === 'delete' ? {} : { inputMode: 'json', recordJson: '={{ $json.record }}' };
	return { resource: 'record', operation, module: rl('={{ $json.module }}', 'name'), ...locate, ...body };
}

const EXCHANGE_WRITES = ['Create in Exchange', 'Update in Exchange', 'Delete in Exchange'];
const CRM_WRITES = ['Create in CRM', 'Update in CRM', 'Delete in CRM'];

/** Counts the items the write nodes failed on (they continue on error, with an `error` field). */
function failedWrites(writeNodes: string[]): string {
	const names = JSON.stringify(writeNodes);
	return `${names}.reduce((sum, name) => sum + ($(name).isExecuted ? $(name).all().filter((item) => item.json.error).length : 0), 0)`;
}

type AddNode = (workflowNode: WorkflowNode) => void;
const continueOnError = { onError: 'continueRegularOutput' };

/**
 * Contacts, tasks, events: writes to Exchange (Sync output 0) and to the CRM (output 1), split
 * by action; conflicts (output 2) through a Switch on the chosen behaviour. Returns the write nodes.
 */
function addRecordWrites(spec: ObjectWorkflowSpec, add: AddNode, connections: Connections): string[] {
	add(node('Exchange write', 'n8n-nodes-base.switch', 3.2, [1240, -200], switchOn('$json.action', ['create', 'update', 'delete'])));
	add(node('CRM write', 'n8n-nodes-base.switch', 3.2, [1240, 160], switchOn('$json.action', ['create', 'update', 'delete'])));
	connect(connections, 'Exchange ⇄ CRM Sync', 0, 'Exchange write');
	connect(connections, 'Exchange ⇄ CRM Sync', 1, 'CRM write');
	const operations = ['create', 'update', 'delete'] as const;
	operations.forEach((operation, index) => {
		add(node(EXCHANGE_WRITES[index], `${PACKAGE}.microsoftExchange`, 1, [1500, -320 + index * 120], exchangeWrite(spec, operation), { credentials: exchangeCredentials, ...continueOnError }));
		connect(connections, 'Exchange write', index, EXCHANGE_WRITES[index]);
		add(node(CRM_WRITES[index], `${PACKAGE}.zohoCrm`, 1, [1500, 40 + index * 120], crmWrite(operation), { credentials: zohoCredentials, ...continueOnError }));
		connect(connections, 'CRM write', index, CRM_WRITES[index]);
	});

	add(node('Conflict behaviour', 'n8n-nodes-base.switch', 3.2, [1240, 480], switchOn(settingsOf('conflictBehaviour'), ['crmWins', 'exchangeWins'], 'Review')));
	add(node('Apply CRM values', 'n8n-nodes-base.set', 3.4, [1500, 420], { mode: 'raw', jsonOutput: '={{ $json.suggested.toExchange }}', options: {} }));
	add(node('Apply Exchange values', 'n8n-nodes-base.set', 3.4, [1500, 540], { mode: 'raw', jsonOutput: '={{ $json.suggested.toCrm }}', options: {} }));
	add(node('Conflicts to review', 'n8n-nodes-base.noOp', 1, [1500, 660], {}));
	connect(connections, 'Exchange ⇄ CRM Sync', 2, 'Conflict behaviour');
	connect(connections, 'Conflict behaviour', 0, 'Apply CRM values');
	connect(connections, 'Conflict behaviour', 1, 'Apply Exchange values');
	connect(connections, 'Conflict behaviour', 2, 'Conflicts to review');
	connect(connections, 'Apply CRM values', 0, 'Exchange write');
	connect(connections, 'Apply Exchange values', 0, 'CRM write');
	return [...EXCHANGE_WRITES, ...CRM_WRITES];
}

/** Mail: each To CRM item attaches one message to one CRM record (Zoho keeps one copy per Message-ID). */
function addMailWrites(add: AddNode, connections: Connections): string[] {
	const email = (field: string) => `={{ $json.record.email.${field} }}`;
	add(
		node('Attach to CRM record', `${PACKAGE}.zohoCrm`, 1, [1240, 160], {
			resource: 'email',
			operation: 'associate',
			parentModule: '={{ $json.module }}',
			parentId: '={{ $json.id }}',
			originalMessageId: email('originalMessageId'),
			from: email('from'),
			to: email('to'),
			subject: email('subject'),
			content: email('content'),
			dateTime: `={{ $json.record.email.dateTime ?? '' }}`,
			options: { cc: email('cc'), bcc: email('bcc'), mailFormat: email('mailFormat'), sent: email('sent') },
		}, { credentials: zohoCredentials, ...continueOnError }),
	);
	connect(connections, 'Exchange ⇄ CRM Sync', 1, 'Attach to CRM record');
	return ['Attach to CRM record'];
}

/**
 * One object's sync for one mailbox: Settings → read both sides → Sync → writes through the
 * batched node operations, conflicts through a visible Switch, and a one-item run report last.
 */
export function objectWorkflow(spec: ObjectWorkflowSpec): N8nWorkflow {
	const nodes: WorkflowNode[] = [];
	const connections: Connections = {};
	const add: AddNode = (workflowNode) => nodes.push(workflowNode);

	add(node('When called by Sync Now', 'n8n-nodes-base.executeWorkflowTrigger', 1.1, [0, 0], { inputSource: 'passthrough' }));
	// Sync Now schedules every user; this trigger is for running the workflow alone for the Settings mailbox.
	add(node('Every 15 minutes', 'n8n-nodes-base.scheduleTrigger', 1.2, [0, 200], { rule: { interval: [{ field: 'minutes', minutesInterval: 15 }] } }, { disabled: true }));
	add(
		node(
			'Settings',
			'n8n-nodes-base.set',
			3.4,
			[240, 100],
			assignments([
				['mailbox', 'string', `={{ $json.mailbox || '${DEFAULT_SETTINGS.mailbox}' }}`],
				['ownerId', 'string', `={{ $json.ownerId || '${DEFAULT_SETTINGS.ownerId}' }}`],
				['syncType', 'string', `={{ $json.syncType || '${DEFAULT_SETTINGS.syncType}' }}`],
				['direction', 'string', `={{ $json.direction || '${DEFAULT_SETTINGS.direction}' }}`],
				['conflictBehaviour', 'string', `={{ $json.conflictBehaviour || '${DEFAULT_SETTINGS.conflictBehaviour}' }}`],
			]),
		),
	);
	connect(connections, 'When called by Sync Now', 0, 'Settings');
	connect(connections, 'Every 15 minutes', 0, 'Settings');

	add(
		node(`Read Exchange ${spec.object}`, `${PACKAGE}.microsoftExchange`, 1, [480, 0], {
			resource: spec.exchangeResource,
			operation: 'getAll',
			returnAll: true,
			mailbox: `={{ ${settingsOf('mailbox')} }}`,
		}, { credentials: exchangeCredentials }),
	);
	add(
		node(`Read CRM ${spec.crmModule}`, `${PACKAGE}.zohoCrm`, 1, [480, 200], {
			resource: 'record',
			operation: 'getAll',
			module: rl(spec.crmModule, 'name'),
			returnAll: true,
		}, { credentials: zohoCredentials }),
	);
	add(
		node('Owned by the user', 'n8n-nodes-base.filter', 2.2, [720, 200], {
			conditions: conditions([
				condition('owner', `={{ !${settingsOf('ownerId')} || $json.Owner?.id === ${settingsOf('ownerId')} }}`),
			]),
			options: {},
		}),
	);
	connect(connections, 'Settings', 0, `Read Exchange ${spec.object}`);
	connect(connections, 'Settings', 0, `Read CRM ${spec.crmModule}`);
	connect(connections, `Read CRM ${spec.crmModule}`, 0, 'Owned by the user');

	const isMail = spec.object === 'mail';
	add(
		node('Exchange ⇄ CRM Sync', `${PACKAGE}.exchangeCrmSync`, 1, [960, 100], {
			object: spec.object,
			crmModule: spec.crmModule,
			...(isMail
				? {}
				: {
						syncType: `={{ ${settingsOf('syncType')} }}`,
						direction: `={{ ${settingsOf('direction')} }}`,
						// "CRM wins" and "Exchange wins" are decided by the visible Conflict behaviour Switch.
						conflictBehaviour: `={{ ['crmWins', 'exchangeWins'].includes(${settingsOf('conflictBehaviour')}) ? 'sendToConflicts' : ${settingsOf('conflictBehaviour')} }}`,
						owner: `={{ ${settingsOf('ownerId')} }}`,
					}),
			mailbox: `={{ ${settingsOf('mailbox')} }}`,
		}),
	);
	connect(connections, `Read Exchange ${spec.object}`, 0, 'Exchange ⇄ CRM Sync', 0);
	connect(connections, 'Owned by the user', 0, 'Exchange ⇄ CRM Sync', 1);
	const writeNodes = isMail ? addMailWrites(add, connections) : addRecordWrites(spec, add, connections);

	// Report (output 3), placed lowest so it runs after every write branch and is the workflow's result.
	add(
		node(
			'Run report',
			'n8n-nodes-base.set',
			3.4,
			[1240, 820],
			assignments([
				['object', 'string', `={{ $json.object }}`],
				['mailbox', 'string', `={{ $json.mailbox }}`],
				['created', 'number', '={{ $json.counts.exchange.created + $json.counts.crm.created }}'],
				['updated', 'number', '={{ $json.counts.exchange.updated + $json.counts.crm.updated }}'],
				['deleted', 'number', '={{ $json.counts.exchange.deleted + $json.counts.crm.deleted }}'],
				['conflicts', 'number', '={{ $json.counts.exchange.conflicts + $json.counts.crm.conflicts }}'],
				['errors', 'number', `={{ $json.counts.exchange.errors + $json.counts.crm.errors + $json.errors.length + ${failedWrites(writeNodes)} }}`],
				['durationMs', 'number', '={{ $json.durationMs }}'],
				['massDeleteBlocked', 'boolean', '={{ $json.massDelete.blocked }}'],
				['lastSyncAt', 'string', '={{ $now.toISO() }}'],
			]),
		),
	);
	connect(connections, 'Exchange ⇄ CRM Sync', 3, 'Run report');

	return {
		id: spec.workflowId,
		name: `Exchange ⇄ CRM: ${spec.title}`,
		active: false,
		settings: { executionOrder: 'v1', callerPolicy: 'workflowsFromSameOwner' },
		nodes,
		connections,
		pinData: {},
		tags: [],
	};
}

/**
 * "Sync Now": the settings of Zoho's MS Exchange Sync tab (Yes/No per object, sync type,
 * direction, conflict behaviour, selected users), run for every selected active CRM user's
 * mailbox, with a report row per user and object in a Data Table. Started by hand, every hour,
 * or (published) by a webhook that answers with the report.
 */
export function syncNowWorkflow(): N8nWorkflow {
	const nodes: WorkflowNode[] = [];
	const connections: Connections = {};
	const add = (workflowNode: WorkflowNode) => nodes.push(workflowNode);
	const setting = (field: string) => `$('Sync settings').first().json.${field}`;

	add(node('Sync Now', 'n8n-nodes-base.manualTrigger', 1, [0, 0], {}));
	add(node('Every hour', 'n8n-nodes-base.scheduleTrigger', 1.2, [0, 200], { rule: { interval: [{ field: 'hours', hoursInterval: 1 }] } }));
	add(
		node('Sync Now (webhook)', 'n8n-nodes-base.webhook', 2, [0, 400], {
			httpMethod: 'POST',
			path: SYNC_NOW_WEBHOOK_PATH,
			responseMode: 'lastNode',
			responseData: 'allEntries',
			options: {},
		}, { webhookId: '6c1f0d7e-2b8a-4f43-9a51-3e0d5c7b9f21' }),
	);
	add(
		node(
			'Sync settings',
			'n8n-nodes-base.set',
			3.4,
			[240, 100],
			assignments([
				...OBJECT_WORKFLOWS.map((spec): [string, 'boolean', unknown] => [spec.syncNowSetting, 'boolean', true]),
				['syncType', 'string', DEFAULT_SETTINGS.syncType],
				['direction', 'string', DEFAULT_SETTINGS.direction],
				['conflictBehaviour', 'string', DEFAULT_SETTINGS.conflictBehaviour],
				['users', 'string', ''],
				['reportTable', 'string', REPORT_TABLE],
			]),
		),
	);
	connect(connections, 'Sync Now', 0, 'Sync settings');
	connect(connections, 'Every hour', 0, 'Sync settings');
	connect(connections, 'Sync Now (webhook)', 0, 'Sync settings');

	const reportColumns: Array<[string, string]> = [
		['user', 'string'],
		['mailbox', 'string'],
		['object', 'string'],
		['status', 'string'],
		['created', 'number'],
		['updated', 'number'],
		['deleted', 'number'],
		['conflicts', 'number'],
		['errors', 'number'],
		['durationMs', 'number'],
		['lastSyncAt', 'string'],
		['message', 'string'],
	];
	add(
		node('Report table', 'n8n-nodes-base.dataTable', 1.1, [480, 100], {
			resource: 'table',
			operation: 'create',
			tableName: `={{ ${setting('reportTable')} }}`,
			columns: { column: reportColumns.map(([name, type]) => ({ name, type })) },
			options: { createIfNotExists: true },
		}),
	);
	add(
		node('Active CRM users', `${PACKAGE}.zohoCrm`, 1, [720, 100], { resource: 'user', operation: 'getAll', userType: 'ActiveUsers', returnAll: true }, {
			credentials: zohoCredentials,
			executeOnce: true,
		}),
	);
	add(
		node('Selected users', 'n8n-nodes-base.filter', 2.2, [960, 100], {
			conditions: conditions([
				condition(
					'selected',
					`={{ !${setting('users')}.trim() || ${setting('users')}.split(',').map((email) => email.trim().toLowerCase()).includes(String($json.email).toLowerCase()) }}`,
				),
			]),
			options: {},
		}),
	);
	const jobs = OBJECT_WORKFLOWS.map((spec) => `[${setting(spec.syncNowSetting)}, '${spec.object}', '${spec.workflowId}']`).join(', ');
	add(
		node('Jobs per user', 'n8n-nodes-base.set', 3.4, [1200, 100], {
			...assignments([
				[
					'jobs',
					'array',
					`={{ [${jobs}].filter(([enabled]) => enabled).map(([, object, workflowId]) => ({ object, workflowId, user: $json.full_name, mailbox: $json.email, ownerId: $json.id, syncType: ${setting('syncType')}, direction: ${setting('direction')}, conflictBehaviour: ${setting('conflictBehaviour')} })) }}`,
				],
			]),
		}),
	);
	add(node('One item per job', 'n8n-nodes-base.splitOut', 1, [1440, 100], { fieldToSplitOut: 'jobs', options: {} }));
	add(node('Each job', 'n8n-nodes-base.splitInBatches', 3, [1680, 100], { options: {} }));
	add(
		node('Run object workflow', 'n8n-nodes-base.executeWorkflow', 1.2, [1920, 200], {
			source: 'database',
			workflowId: rl('={{ $json.workflowId }}'),
			workflowInputs: { mappingMode: 'defineBelow', value: {}, matchingColumns: [], schema: [], attemptToConvertTypes: false, convertFieldsToString: true },
			mode: 'once',
			options: { waitForSubWorkflow: true },
		}, { onError: 'continueRegularOutput', alwaysOutputData: true }),
	);
	const job = (field: string) => `$('Each job').first().json.${field}`;
	add(
		node(
			'Report row',
			'n8n-nodes-base.set',
			3.4,
			[2160, 200],
			assignments([
				['user', 'string', `={{ ${job('user')} }}`],
				['mailbox', 'string', `={{ ${job('mailbox')} }}`],
				['object', 'string', `={{ ${job('object')} }}`],
				['status', 'string', `={{ $json.error ? 'error' : ($json.errors ? 'completed with errors' : 'success') }}`],
				['created', 'number', '={{ $json.created ?? 0 }}'],
				['updated', 'number', '={{ $json.updated ?? 0 }}'],
				['deleted', 'number', '={{ $json.deleted ?? 0 }}'],
				['conflicts', 'number', '={{ $json.conflicts ?? 0 }}'],
				['errors', 'number', '={{ $json.error ? 1 : ($json.errors ?? 0) }}'],
				['durationMs', 'number', '={{ $json.durationMs ?? 0 }}'],
				['lastSyncAt', 'string', '={{ $now.toISO() }}'],
				['message', 'string', `={{ $json.error ? ($json.error.message ?? String($json.error)) : ($json.massDeleteBlocked ? 'mass delete blocked' : '') }}`],
			]),
		),
	);
	add(
		node('Save report row', 'n8n-nodes-base.dataTable', 1.1, [2400, 200], {
			resource: 'row',
			operation: 'insert',
			dataTableId: rl(`={{ ${setting('reportTable')} }}`, 'name'),
			columns: { mappingMode: 'autoMapInputData', value: {}, matchingColumns: [], schema: [], attemptToConvertTypes: false, convertFieldsToString: false },
			options: {},
		}),
	);
	add(node('Sync report', 'n8n-nodes-base.noOp', 1, [1920, -40], {}));
	connect(connections, 'Sync settings', 0, 'Report table');
	connect(connections, 'Report table', 0, 'Active CRM users');
	connect(connections, 'Active CRM users', 0, 'Selected users');
	connect(connections, 'Selected users', 0, 'Jobs per user');
	connect(connections, 'Jobs per user', 0, 'One item per job');
	connect(connections, 'One item per job', 0, 'Each job');
	connect(connections, 'Each job', 0, 'Sync report');
	connect(connections, 'Each job', 1, 'Run object workflow');
	connect(connections, 'Run object workflow', 0, 'Report row');
	connect(connections, 'Report row', 0, 'Save report row');
	connect(connections, 'Save report row', 0, 'Each job');

	return {
		id: SYNC_NOW_WORKFLOW_ID,
		name: 'Exchange ⇄ CRM: Sync Now',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes,
		connections,
		pinData: {},
		tags: [],
	};
}

/** Every prebuilt workflow, keyed by its file name in workflows/. */
export function allWorkflows(): Record<string, N8nWorkflow> {
	return {
		'sync-now.json': syncNowWorkflow(),
		...Object.fromEntries(OBJECT_WORKFLOWS.map((spec) => [`sync-${spec.object}.json`, objectWorkflow(spec)])),
	};
}
