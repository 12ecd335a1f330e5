/**
 * The prebuilt workflows (workflows/*.json), written once as code so the four object workflows
 * share one shape instead of four hand-edited copies. `npm run workflows:generate` writes the
 * JSON files; a test checks they are up to date.
 */
import type { N8nWorkflow } from '../n8n/instance';
import { crmFieldsToRead, JOURNAL_COLUMNS, JOURNAL_TABLE, REVIEW_COLUMNS, type SyncSettings } from '../../nodes/ExchangeCrmSync/core';
import { addCrmSentMailReads, addMailWrites } from './mail';
import {
	assignments,
	condition,
	conditions,
	connect,
	continueOnError,
	exchangeCredentials,
	LAST_SYNC,
	node,
	noteAround,
	PACKAGE,
	rl,
	settingsOf,
	switchOn,
	zohoCredentials,
	type AddNode,
	type Connections,
	type Parameters,
	type WorkflowNode,
} from './nodes';

export * from './nodes';

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

/** A set of prebuilt sync workflows: Sync Now and the object workflows it runs. */
export interface SyncWorkflowSet {
	/** The start of every workflow name ("Exchange ⇄ CRM"). */
	title: string;
	syncNowId: string;
	/** Published, Sync Now also runs on POST <n8n>/webhook/<this path>. */
	syncNowWebhookPath: string;
	syncNowWebhookId: string;
	previewId: string;
	/** Published, Preview Sync Now serves its page at GET <n8n>/webhook/<this path>. */
	previewWebhookPath: string;
	previewWebhookId: string;
	/** Sync Job: runs one job (a user's object workflow) per call, on POST <n8n>/webhook/<this path>; Sync Now fans out to it in queue mode. */
	syncJobId: string;
	syncJobWebhookPath: string;
	syncJobWebhookId: string;
	undoId: string;
	/** Published, Undo a run serves its form at <n8n>/form/<this path>. */
	undoFormPath: string;
	undoWebhookId: string;
	objects: ObjectWorkflowSpec[];
}

/** Sync Now and the object workflows it calls: what a set needs imported to sync. */
export function syncWorkflowIds(set: SyncWorkflowSet): string[] {
	return [set.syncNowId, set.syncJobId, ...set.objects.map((spec) => spec.workflowId)];
}

/**
 * The CRM fields an object's reads ask for: what the Sync node's default map reads, with the owner,
 * the modification time and the link (comma-separated). Few enough for one Zoho call per page; a
 * field an admin maps in the Sync node goes here too (the Sync node's report names a mapped field
 * the read did not return).
 */
export function syncCrmFields(spec: ObjectWorkflowSpec): string {
	const settings: SyncSettings = {
		object: spec.object as Exclude<SyncObject, 'mail'>,
		crmModule: spec.crmModule,
		syncType: 'twoWay',
		direction: 'exchangeToCrm',
		conflictBehaviour: 'crmWins',
		deleteBehaviour: 'propagate',
		massDeleteLimit: 0,
		massDeletePercent: 0,
		matchRule: 'none',
		mailbox: '',
		inputCompleteness: 'complete',
		exchangeTimeZone: 'UTC',
		crmTimeZone: 'UTC',
		customFieldMappings: [],
		excludedFields: [],
	};
	return crmFieldsToRead(settings).join(',');
}
export const REPORT_TABLE = 'Exchange CRM sync report';
/** Published, the Sync Now workflow also runs on POST <n8n>/webhook/<this path> and answers with the report. */
export const SYNC_NOW_WEBHOOK_PATH = 'exchange-crm-sync-now';

/** The workflows over EWS (Exchange Server), in workflows/. */
export const EXCHANGE_WORKFLOW_SET: SyncWorkflowSet = {
	title: 'Exchange ⇄ CRM',
	syncNowId: SYNC_NOW_WORKFLOW_ID,
	syncNowWebhookPath: SYNC_NOW_WEBHOOK_PATH,
	syncNowWebhookId: '6c1f0d7e-2b8a-4f43-9a51-3e0d5c7b9f21',
	previewId: 'exzsPreviewSyncNow',
	previewWebhookPath: 'exchange-crm-preview',
	previewWebhookId: '3d9b7c2e-5a14-4f6b-8e0d-7c1a2b9f4e63',
	syncJobId: 'exzsSyncJob',
	syncJobWebhookPath: 'exchange-crm-sync-job',
	syncJobWebhookId: '8e4a1f6c-3d2b-4c7e-a9f0-5b6d2e8c1a74',
	undoId: 'exzsUndoRun',
	undoFormPath: 'exchange-crm-undo',
	undoWebhookId: '7a2e4c1d-9b3f-4e8a-a6d5-2c1b0f9e8d74',
	objects: OBJECT_WORKFLOWS,
};

/** One row of Sync Now's report: per user and object, stored in the report Data Table. */
export interface SyncReportRow {
	/** The Data Table row id. */
	id?: number;
	user: string;
	mailbox: string;
	object: string;
	/** skipped: another run held the mailbox's and object's lease (the message says until when). */
	status: 'success' | 'completed with errors' | 'error' | 'skipped';
	created: number;
	updated: number;
	deleted: number;
	conflicts: number;
	errors: number;
	durationMs: number;
	lastSyncAt: string;
	message: string;
}

/** Defaults an admin edits in each object workflow's Settings node (used when run on its schedule). */
export const DEFAULT_SETTINGS = {
	mailbox: 'user@example.com',
	ownerId: '',
	syncType: 'twoWay',
	direction: 'exchangeToCrm',
	conflictBehaviour: 'crmWins',
	meetingUpdates: 'visibleChanges',
} as const;


/**
 * The Exchange node's invitation parameter per event write, following the Sync node's
 * `invitationMode`: a write that only refreshes the link tells no attendee (DESIGN §4.7).
 */
const INVITATIONS: Record<'create' | 'update' | 'delete', [parameter: string, notify: string]> = {
	create: ['sendInvitations', 'sendToAllAndSaveCopy'],
	update: ['sendUpdates', 'sendOnlyToChangedAndSaveCopy'],
	delete: ['sendCancellations', 'sendToAllAndSaveCopy'],
};

export function exchangeWrite(spec: ObjectWorkflowSpec, operation: 'create' | 'update' | 'delete'): Parameters {
	const locate = operation === 'create' ? {} : { findBy: 'id', itemId: rl('={{ $json.id }}') };
	const body = operation === 'delete' ? { deleteMode: 'moveToDeletedItems' } : { inputMode: 'json', itemJson: '={{ $json.fields }}' };
	const concurrency = operation === 'update' ? { changeKey: '={{ $json.changeKey }}' } : {};
	const [invitationParameter, notify] = INVITATIONS[operation];
	const invitations =
		spec.exchangeResource === 'event'
			? { [invitationParameter]: `={{ $json.invitationMode === 'SendToNone' ? 'sendToNone' : '${notify}' }}` }
			: {};
	return { resource: spec.exchangeResource, operation, ...locate, ...concurrency, ...body, ...invitations, mailbox: '={{ $json.mailbox }}' };
}

export function crmWrite(operation: 'create' | 'update' | 'delete', unmodifiedSince?: string): Parameters {
	const locate = operation === 'create' ? {} : { addressBy: 'id', recordId: '={{ $json.id }}' };
	const body = operation === 'delete' ? {} : { inputMode: 'json', recordJson: '={{ $json.record }}' };
	// Sync writes do not run Zoho's workflow rules (`trigger: []`), so automations do not echo them.
	const options = { triggerWorkflows: false, ...(unmodifiedSince ? { ifUnmodifiedSince: unmodifiedSince } : {}) };
	return { resource: 'record', operation, module: rl('={{ $json.module }}', 'name'), ...locate, ...body, options };
}

const EXCHANGE_WRITES = ['Create in Exchange', 'Update in Exchange', 'Delete in Exchange'];
const CRM_WRITES = ['Create in CRM', 'Update in CRM', 'Delete in CRM'];

/**
 * The nodes that write for a Sync node, per side and kind of write (link: the saves after Link
 * Created Records): what Summarise Run counts. `failuresOnly` are nodes whose failed items are lost
 * writes (a lookup before a write), but whose other items are not writes.
 */
export interface WriteNodes {
	exchange: Partial<Record<'create' | 'update' | 'delete' | 'link', string[]>>;
	crm: Partial<Record<'create' | 'update' | 'delete' | 'link', string[]>>;
	failuresOnly?: { side: 'exchange' | 'crm'; kind: 'create' | 'update'; node: string };
}

/** Summarise Run's Write Nodes parameter (the node reads every run of each: a write node runs once for the Sync node's writes and once more for each conflict decision). */
export function writeNodesParameter(nodes: WriteNodes): string {
	const { failuresOnly, ...bySide } = nodes;
	return JSON.stringify({ ...bySide, ...(failuresOnly ? { failuresOnly: [failuresOnly] } : {}) });
}

/**
 * Where a Sync node's writes hang: the Sync node, the node holding `conflictBehaviour`, and a
 * suffix that keeps node names unique when one workflow holds several lanes.
 */
export interface WriteLane {
	syncNode: string;
	settingsNode: string;
	suffix: string;
	/** Top-left of the write nodes on the canvas. */
	origin: [number, number];
	/**
	 * Expression: when this run read the CRM. Updates then carry If-Unmodified-Since, so a record
	 * edited after the read is refused and synced next run instead of being overwritten.
	 */
	readAt?: string;
	/**
	 * Events: the Match Participants parameters of "Find attendees in CRM" (expressions). By
	 * default the users the settings node carries (`crmUsers`, from Sync Now) are known, and
	 * Contacts and Leads are looked up; without them the users are read too.
	 */
	attendees?: { knownPeople: string; lookUp: string };
	/** The workflow records its conflicts sent for review in the review inbox (after its run summary), not on a "Conflicts to review" end. */
	reviewInbox?: boolean;
}

const SINGLE_LANE: WriteLane = { syncNode: 'Exchange ⇄ CRM Sync', settingsNode: 'Settings', suffix: '', origin: [1240, -320] };

/**
 * Contacts, tasks, events: writes to Exchange (Sync output 0) and to the CRM (output 1), split
 * by action; conflicts (output 2) through a Switch on the chosen behaviour. Returns the write nodes.
 */
export function addRecordWrites(spec: ObjectWorkflowSpec, add: AddNode, connections: Connections, lane: WriteLane = SINGLE_LANE): WriteNodes {
	const named = (name: string) => (lane.suffix ? `${name} (${lane.suffix})` : name);
	const at = (dx: number, dy: number): [number, number] => [lane.origin[0] + dx, lane.origin[1] + dy];
	const exchangeSwitch = named('Exchange write');
	const crmSwitch = named('CRM write');
	add(node(exchangeSwitch, 'n8n-nodes-base.switch', 3.2, at(0, 120), switchOn('$json.action', ['create', 'update', 'delete'])));
	add(node(crmSwitch, 'n8n-nodes-base.switch', 3.2, at(0, 480), switchOn('$json.action', ['create', 'update', 'delete'])));
	connect(connections, lane.syncNode, 0, exchangeSwitch);
	// Events: attendees who are CRM users, contacts or leads become participants of that type, so the
	// meeting shows on their timelines; the lookup costs calls only for the meetings being written.
	const findAttendees = named('Find attendees in CRM');
	const crmInput = spec.object === 'events' ? findAttendees : crmSwitch;
	if (spec.object === 'events') {
		const users = `($('${lane.settingsNode}').first().json.crmUsers ?? [])`;
		const attendees = lane.attendees ?? {
			knownPeople: `={{ ${users} }}`,
			lookUp: `={{ ${users}.length ? ['contacts', 'leads'] : ['users', 'contacts', 'leads'] }}`,
		};
		add(
			node(findAttendees, `${PACKAGE}.zohoCrm`, 1, at(-120, 620), { resource: 'event', operation: 'matchParticipants', recordField: 'record', ...attendees }, {
				credentials: zohoCredentials,
				...continueOnError,
			}),
		);
		connect(connections, findAttendees, 0, crmSwitch);
	}
	connect(connections, lane.syncNode, 1, crmInput);
	const exchangeWrites = EXCHANGE_WRITES.map(named);
	const crmWriteNodes = CRM_WRITES.map(named);
	const operations = ['create', 'update', 'delete'] as const;
	operations.forEach((operation, index) => {
		add(node(exchangeWrites[index], `${PACKAGE}.microsoftExchange`, 1, at(260, index * 120), exchangeWrite(spec, operation), { credentials: exchangeCredentials, ...continueOnError }));
		connect(connections, exchangeSwitch, index, exchangeWrites[index]);
		add(node(crmWriteNodes[index], `${PACKAGE}.zohoCrm`, 1, at(260, 360 + index * 120), crmWrite(operation, operation === 'update' ? lane.readAt : undefined), { credentials: zohoCredentials, ...continueOnError }));
		connect(connections, crmSwitch, index, crmWriteNodes[index]);
	});

	// A created record's id is known only after its create: each create node's output goes through
	// "Link Created Records", which writes the new record's link and its partner's, naming both.
	const linkWrites = (['exchange', 'crm'] as const).map((createdIn, index) => {
		const label = createdIn === 'exchange' ? 'created items' : 'created records';
		const linker = named(`Link ${label}`);
		const saveInExchange = named(`Save links in Exchange (${label})`);
		const saveInCrm = named(`Save links in CRM (${label})`);
		const plannedBy = createdIn === 'exchange' ? exchangeSwitch : crmSwitch;
		const top = index * 360;
		add(node(linker, `${PACKAGE}.exchangeCrmSync`, 1, at(520, top), { operation: 'linkCreated', createdIn, plannedWrite: `={{ $('${plannedBy}').item.json }}` }));
		add(node(saveInExchange, `${PACKAGE}.microsoftExchange`, 1, at(780, top - 60), exchangeWrite(spec, 'update'), { credentials: exchangeCredentials, ...continueOnError }));
		add(node(saveInCrm, `${PACKAGE}.zohoCrm`, 1, at(780, top + 60), crmWrite('update'), { credentials: zohoCredentials, ...continueOnError }));
		connect(connections, createdIn === 'exchange' ? exchangeWrites[0] : crmWriteNodes[0], 0, linker);
		connect(connections, linker, 0, saveInExchange);
		connect(connections, linker, 1, saveInCrm);
		return [saveInExchange, saveInCrm] as const;
	});

	// Each choice writes the losing side and, when it needs its link or first-sync fills, the
	// winning one; a choice with nothing for a side yields an empty item, which no write takes.
	const conflictSwitch = named('Conflict behaviour');
	const review = named('Conflicts to review');
	const behaviour = `$('${lane.settingsNode}').first().json.conflictBehaviour`;
	add(node(conflictSwitch, 'n8n-nodes-base.switch', 3.2, at(0, 800), switchOn(behaviour, ['crmWins', 'exchangeWins'], 'Review')));
	connect(connections, lane.syncNode, 2, conflictSwitch);
	// Review: the fields only one side changed are written now; the conflicting fields wait.
	const choices = [
		{ choice: 'crmWins', label: 'CRM wins', output: 0 },
		{ choice: 'exchangeWins', label: 'Exchange wins', output: 1 },
		{ choice: 'hold', label: 'Review', output: 2 },
	];
	choices.forEach(({ choice, label, output }, index) => {
		for (const [side, target, dy] of [['toExchange', exchangeSwitch, 0], ['toCrm', crmInput, 60]] as const) {
			const apply = named(`${label}: ${side === 'toExchange' ? 'Exchange' : 'CRM'} write`);
			add(node(apply, 'n8n-nodes-base.set', 3.4, at(260, 680 + index * 140 + dy), { mode: 'raw', jsonOutput: `={{ $json.suggested.${choice}.${side} ?? {} }}`, options: {} }));
			connect(connections, conflictSwitch, output, apply);
			connect(connections, apply, 0, target);
		}
	});
	if (!lane.reviewInbox) {
		add(node(review, 'n8n-nodes-base.noOp', 1, at(260, 1160), {}));
		connect(connections, conflictSwitch, 2, review);
	}
	return {
		exchange: { create: [exchangeWrites[0]], update: [exchangeWrites[1]], delete: [exchangeWrites[2]], link: linkWrites.map(([saveInExchange]) => saveInExchange) },
		crm: { create: [crmWriteNodes[0]], update: [crmWriteNodes[1]], delete: [crmWriteNodes[2]], link: linkWrites.map(([, saveInCrm]) => saveInCrm) },
		// An event write whose attendee lookup failed never reaches the CRM: it counts as failed.
		...(spec.object === 'events' ? { failuresOnly: { side: 'crm' as const, kind: 'update' as const, node: findAttendees } } : {}),
	};
}

/**
 * Where each object workflow keeps, per mailbox, where its next run reads from, how many records were
 * linked after it (the delete brake's base for the next incremental run) and when it last read both
 * sides in full (DESIGN §4.2: only an optimisation; losing it costs one full read).
 */
export const CURSOR_TABLE = 'Exchange CRM sync state';
export const CURSOR_COLUMNS = ['key', 'exchangeCursor', 'since', 'linked', 'completeReadAt'] as const;
/** Every object workflow reads both sides in full at least this often, whatever its cursor. */
export const COMPLETE_READ_EVERY_HOURS = 24;

/** The CRM side reads what changed since two seconds before this run started: a record saved while it read is read again next time. */
const NEXT_SINCE = `DateTime.fromMillis(${settingsOf('startedAt')} - 2000).toUTC().toISO()`;
const cursorKey = (spec: ObjectWorkflowSpec) => `${settingsOf('mailbox')}.toLowerCase() + '|${spec.object}'`;

const cursorTable = () => rl(CURSOR_TABLE, 'name');
/** The Data Table condition "key equals `keyValue`". */
const keyFilter = (keyValue: string) => ({
	matchType: 'allConditions',
	filters: { conditions: [{ keyName: 'key', condition: 'eq', keyValue }] },
});

/** A Data Table upsert of the input items, one row per `key` (the cursor rows, the review inbox's rows). */
export function upsertByKey(table: ReturnType<typeof rl>): Parameters {
	return {
		resource: 'row',
		operation: 'upsert',
		dataTableId: table,
		...keyFilter('={{ $json.key }}'),
		columns: { mappingMode: 'autoMapInputData', value: {}, matchingColumns: [], schema: [], attemptToConvertTypes: false, convertFieldsToString: false },
		options: {},
	};
}

/**
 * The lease of each mailbox and object (nodes/ExchangeCrmSync/core/lease.ts): a run takes it
 * before it reads and releases it when done, so two runs for one mailbox and object never overlap
 * on any worker; a run killed on the way leaves it to expire after Settings' leaseMinutes.
 */
export const LEASE_TABLE = 'Exchange CRM sync leases';
const leaseTable = () => rl(LEASE_TABLE, 'name');
/** Data Table filter conditions, all of which must hold. */
const allOf = (...conditions: Array<{ keyName: string; condition: string; keyValue: string }>) => ({ matchType: 'allConditions', filters: { conditions } });
const definedColumns = (value: Record<string, string>) => ({
	mappingMode: 'defineBelow',
	value,
	matchingColumns: [],
	schema: [],
	attemptToConvertTypes: false,
	convertFieldsToString: false,
});

/** The Data Table create of the lease table (Sync Now and each object workflow make sure it exists). */
export const leaseTableCreate = (position: [number, number]) =>
	tableCreate('Lease table', LEASE_TABLE, [['key', 'string'], ['holder', 'string'], ['expiresAt', 'number']], position);

/** Sets this run's rows of the lease to expired: the next run takes them. */
function leaseRelease(name: string, spec: ObjectWorkflowSpec, position: [number, number]): WorkflowNode {
	return node(name, 'n8n-nodes-base.dataTable', 1.1, position, {
		resource: 'row',
		operation: 'update',
		dataTableId: leaseTable(),
		...allOf({ keyName: 'key', condition: 'eq', keyValue: `={{ ${cursorKey(spec)} }}` }, { keyName: 'holder', condition: 'eq', keyValue: `={{ ${settingsOf('leaseHolder')} }}` }),
		columns: definedColumns({ expiresAt: '={{ 0 }}' }),
		options: {},
	}, { alwaysOutputData: true, executeOnce: true, ...continueOnError });
}

/**
 * Settings → Lease table → Take lease → Lease rows → Check lease → "Lease held?": sync, or (the
 * key's first run) Add lease row and read the rows again, or skip. A run that skips releases any
 * row it added and answers with a "skipped" report. Returns the node whose first output carries on
 * with the sync.
 */
function addLease(spec: ObjectWorkflowSpec, add: AddNode, connections: Connections): string {
	// Without a lease (Settings' lease off) the key matches no row: nothing is taken, and Check lease lets the run sync.
	const key = `={{ ${settingsOf('lease')} ? ${cursorKey(spec)} : '' }}`;
	// Sync Now makes the table before its jobs run side by side; a run alone makes it here.
	add({ ...leaseTableCreate([240, -400]), executeOnce: true, ...continueOnError });
	const ours = definedColumns({
		key,
		holder: `={{ ${settingsOf('leaseHolder')} }}`,
		expiresAt: `={{ ${settingsOf('startedAt')} + ${settingsOf('leaseMinutes')} * 60000 }}`,
	});
	// One UPDATE of the key's expired rows: of two runs racing for them, one updates.
	add(
		node('Take lease', 'n8n-nodes-base.dataTable', 1.1, [480, -400], {
			resource: 'row',
			operation: 'update',
			dataTableId: leaseTable(),
			...allOf({ keyName: 'key', condition: 'eq', keyValue: key }, { keyName: 'expiresAt', condition: 'lt', keyValue: `={{ ${settingsOf('startedAt')} }}` }),
			columns: ours,
			options: {},
		}, { alwaysOutputData: true, executeOnce: true }),
	);
	add(
		node('Lease rows', 'n8n-nodes-base.dataTable', 1.1, [720, -400], { resource: 'row', operation: 'get', dataTableId: leaseTable(), ...keyFilter(key), returnAll: true }, {
			alwaysOutputData: true,
			executeOnce: true,
		}),
	);
	add(
		node('Check lease', `${PACKAGE}.exchangeCrmSync`, 1, [960, -400], {
			operation: 'checkLease',
			leaseMailbox: `={{ ${settingsOf('mailbox')} }}`,
			leaseObject: spec.object,
			leaseHolder: `={{ ${settingsOf('leaseHolder')} }}`,
			leaseWanted: `={{ ${settingsOf('lease')} }}`,
		}),
	);
	add(node('Lease held?', 'n8n-nodes-base.switch', 3.2, [1200, -400], switchOn('$json.next', ['sync', 'addRow'], 'skip')));
	// The key's first run: its row, then the rows read again.
	add(
		node('Add lease row', 'n8n-nodes-base.dataTable', 1.1, [1440, -560], { resource: 'row', operation: 'insert', dataTableId: leaseTable(), columns: ours, options: {} }, {
			executeOnce: true,
		}),
	);
	add(leaseRelease('Release unused lease row', spec, [1440, -300]));
	add(
		node('Skipped run report', 'n8n-nodes-base.set', 3.4, [1680, -300], assignments([
			['object', 'string', spec.object],
			['mailbox', 'string', `={{ ${settingsOf('mailbox')} }}`],
			['status', 'string', 'skipped'],
			['message', 'string', "={{ $('Check lease').first(3).json.message }}"],
		]), { executeOnce: true }),
	);
	connect(connections, 'Settings', 0, 'Lease table');
	connect(connections, 'Lease table', 0, 'Take lease');
	connect(connections, 'Take lease', 0, 'Lease rows');
	connect(connections, 'Lease rows', 0, 'Check lease');
	connect(connections, 'Check lease', 3, 'Lease held?');
	connect(connections, 'Lease held?', 1, 'Add lease row');
	connect(connections, 'Add lease row', 0, 'Lease rows');
	connect(connections, 'Lease held?', 2, 'Release unused lease row');
	connect(connections, 'Release unused lease row', 0, 'Skipped run report');
	return 'Lease held?';
}

/**
 * "Last sync": the cursor row of this mailbox and object; none (first run, or no table) means read
 * everything. It reads once, whatever number of items its input node passes.
 */
function addLastSync(spec: ObjectWorkflowSpec, add: AddNode, connections: Connections, from: string): void {
	add(
		node('Last sync', 'n8n-nodes-base.dataTable', 1.1, [480, 100], { resource: 'row', operation: 'get', dataTableId: cursorTable(), ...keyFilter(`={{ ${cursorKey(spec)} }}`), returnAll: false, limit: 1 }, {
			alwaysOutputData: true,
			executeOnce: true,
			...continueOnError,
		}),
	);
	connect(connections, from, 0, 'Last sync');
}

/**
 * The review inbox (docs/workflows.md, "Review sync"): where each object workflow records what it
 * leaves to an admin, and reads back what the admin decided.
 */
export const REVIEW_TABLE = 'Sync review';
export const reviewTable = () => rl(REVIEW_TABLE, 'name');
/** The node that reads the rows of the review inbox this mailbox and object left open or an admin decided (none, or no table yet: nothing to apply). */
export const OPEN_REVIEWS = 'Open reviews';

/** "Open reviews": this mailbox's and object's rows of the review inbox that are not closed. */
function addOpenReviews(spec: ObjectWorkflowSpec, add: AddNode, connections: Connections, from: string): void {
	const condition = (keyName: string, comparison: 'eq' | 'neq', keyValue: string) => ({ keyName, condition: comparison, keyValue });
	add(
		node(OPEN_REVIEWS, 'n8n-nodes-base.dataTable', 1.1, [360, 100], {
			resource: 'row',
			operation: 'get',
			dataTableId: reviewTable(),
			matchType: 'allConditions',
			filters: {
				conditions: [
					condition('user', 'eq', `={{ ${settingsOf('mailbox')}.toLowerCase() }}`),
					condition('object', 'eq', spec.object),
					condition('status', 'neq', 'closed'),
				],
			},
			returnAll: true,
			// Decided rows first (decided < open): whether to read in full looks at the first row alone.
			orderBy: true,
			orderByColumn: 'status',
			orderByDirection: 'ASC',
		}, { alwaysOutputData: true, ...continueOnError }),
	);
	connect(connections, from, 0, OPEN_REVIEWS);
}

/** A Data Table → Create of a table with these columns, reusing the table when it exists. */
function tableCreate(name: string, tableName: string, columns: ReadonlyArray<readonly [string, string]>, position: [number, number]): WorkflowNode {
	return node(name, 'n8n-nodes-base.dataTable', 1.1, position, {
		resource: 'table',
		operation: 'create',
		tableName,
		columns: { column: columns.map(([column, type]) => ({ name: column, type })) },
		options: { createIfNotExists: true },
	});
}

/** A Data Table → Create of a table of text columns. */
const textTableCreate = (name: string, tableName: string, columns: readonly string[], position: [number, number]) =>
	tableCreate(name, tableName, columns.map((column) => [column, 'string'] as const), position);

/** The Data Table create of the review inbox (Sync Now and the review form make sure it exists). */
export const reviewTableCreate = (position: [number, number]) => textTableCreate('Review table', REVIEW_TABLE, REVIEW_COLUMNS, position);

/**
 * The run journal (docs/workflows.md, "Sync journal"): every write of every run, kept for
 * `journalDays` days (Sync Now's setting).
 */
export const journalTable = () => rl(JOURNAL_TABLE, 'name');
export const DEFAULT_JOURNAL_DAYS = 30;

/** The Data Table create of the journal (Sync Now makes sure it exists). */
export const journalTableCreate = (position: [number, number]) => textTableCreate('Journal table', JOURNAL_TABLE, JOURNAL_COLUMNS, position);

/** Data Table → Insert of the input items as they are. */
export function insertRows(table: ReturnType<typeof rl>): Parameters {
	return {
		resource: 'row',
		operation: 'insert',
		dataTableId: table,
		columns: { mappingMode: 'autoMapInputData', value: {}, matchingColumns: [], schema: [], attemptToConvertTypes: false, convertFieldsToString: false },
		options: {},
	};
}

/**
 * After the run summary: the run's writes become journal rows (Journal Run reads the plan and the
 * link writes itself), and journal rows older than `journalDays` days go. Above the review's branch,
 * so n8n runs them before the cursor's branch and Run report stays the workflow's answer.
 */
function addJournal(add: AddNode, connections: Connections): void {
	add(
		node('Forget old journal rows', 'n8n-nodes-base.dataTable', 1.1, [1480, 280], {
			resource: 'row',
			operation: 'deleteRows',
			dataTableId: journalTable(),
			matchType: 'allConditions',
			// The rows of this run (Sync Now's other users and objects too) stay, whatever journalDays says.
			filters: {
				conditions: [
					{ keyName: 'createdAt', condition: 'lt', keyValue: `={{ $now.minus({ days: ${settingsOf('journalDays')} }).toISO() }}` },
					{ keyName: 'runId', condition: 'neq', keyValue: `={{ ${settingsOf('runId')} }}` },
				],
			},
			options: {},
		}, { executeOnce: true, ...continueOnError }),
	);
	add(
		node('Journal run', `${PACKAGE}.exchangeCrmSync`, 1, [1480, 460], {
			operation: 'journalRun',
			planNode: 'Exchange ⇄ CRM Sync',
			runId: `={{ ${settingsOf('runId')} }}`,
			linkNodes: 'Link created items, Link created records',
		}),
	);
	add(node('Save to journal', 'n8n-nodes-base.dataTable', 1.1, [1720, 460], insertRows(journalTable()), continueOnError));
	connect(connections, 'Run summary', 3, 'Forget old journal rows');
	connect(connections, 'Run summary', 3, 'Journal run');
	connect(connections, 'Journal run', 3, 'Save to journal');
}

/** Mail: the CRM records of the Settings owner (all of them when no owner is set) get the user's mail. */
function addOwnedByTheUser(add: AddNode, position: [number, number]): void {
	add(
		node('Owned by the user', 'n8n-nodes-base.filter', 2.2, position, {
			conditions: conditions([condition('owner', `={{ !${settingsOf('ownerId')} || $json.Owner?.id === ${settingsOf('ownerId')} }}`)]),
			options: {},
		}),
	);
}

/** Expression: the last full read of this mailbox and object is recent enough to read changes only. */
const FULL_READ_IS_RECENT = `(Date.now() - Date.parse(${LAST_SYNC}.completeReadAt ?? '') < ${COMPLETE_READ_EVERY_HOURS} * 3600000)`;
/**
 * Expression: an admin decided review items this run must apply: it reads both sides in full, so it
 * sees their records. Open reviews lists decided rows first, so the first row tells, whatever the
 * inbox's size.
 */
const REVIEWS_DECIDED = `($('${OPEN_REVIEWS}').first().json.status === 'decided')`;

interface Reads {
	/** The nodes whose output is the Sync node's Exchange and CRM input. */
	exchange: string;
	crm: string;
	/**
	 * Expression: this run reads changes only (a cursor exists, Exchange accepted it, and the last
	 * full read is less than a day old).
	 */
	incremental: string;
	/** Expression: the Exchange cursor the next run starts from. */
	nextExchangeCursor: string;
}

/**
 * Contacts, tasks, events: Exchange Get Changes from the last cursor (everything when there is
 * none, or when Exchange no longer accepts it), and the CRM records modified since the last run
 * plus those deleted since, both only when the Exchange side reads changes too: either both
 * inputs are changes or both are complete.
 */
function addRecordReads(spec: ObjectWorkflowSpec, add: AddNode, connections: Connections, from: string): Reads {
	addOpenReviews(spec, add, connections, from);
	addLastSync(spec, add, connections, OPEN_REVIEWS);
	const exchange = `Read Exchange ${spec.object}`;
	const readChanges = `(${FULL_READ_IS_RECENT} && !${REVIEWS_DECIDED} && !${settingsOf('undoRows')}.length)`;
	const incremental = `(!!${LAST_SYNC}.exchangeCursor && !!${LAST_SYNC}.since && ${readChanges} && !$('${exchange}').last().json.cursorReset)`;
	add(
		node(exchange, `${PACKAGE}.microsoftExchange`, 1, [600, 0], {
			resource: spec.exchangeResource,
			operation: 'getChanges',
			cursor: `={{ ${readChanges} ? ($json.exchangeCursor ?? '') : '' }}`,
			fetchAllPages: true,
			...(spec.object === 'events' ? { includeExceptions: true } : {}),
			mailbox: `={{ ${settingsOf('mailbox')} }}`,
		}, { credentials: exchangeCredentials }),
	);
	const readCrm = `Read CRM ${spec.crmModule}`;
	const readDeleted = `Read CRM deletions`;
	add(
		node(readCrm, `${PACKAGE}.zohoCrm`, 1, [840, 160], {
			resource: 'record',
			operation: 'getAll',
			module: rl(spec.crmModule, 'name'),
			returnAll: true,
			options: { modifiedSince: `={{ ${incremental} ? ${LAST_SYNC}.since : '' }}`, fields: syncCrmFields(spec) },
		}, { credentials: zohoCredentials, executeOnce: true }),
	);
	// Deleted since the last run; on a complete read none are asked for (deleted "since now").
	add(
		node(readDeleted, `${PACKAGE}.zohoCrm`, 1, [840, 340], {
			resource: 'record',
			operation: 'getDeleted',
			module: rl(spec.crmModule, 'name'),
			deletedType: 'all',
			returnAll: true,
			options: { modifiedSince: `={{ ${incremental} ? ${LAST_SYNC}.since : $now.toUTC().toISO() }}` },
		}, { credentials: zohoCredentials, executeOnce: true }),
	);
	add(node('Deletions as tombstones', 'n8n-nodes-base.set', 3.4, [1080, 340], { mode: 'raw', jsonOutput: '={{ { deleted: true, id: $json.id } }}', options: {} }));
	add(node('CRM input', 'n8n-nodes-base.merge', 3, [1320, 240], spec.object === 'events' ? { numberInputs: 3 } : {}));
	if (spec.object === 'events') connect(connections, addSeriesExceptionReads(spec, add, connections, exchange, incremental), 0, 'CRM input', 2);
	connect(connections, 'Last sync', 0, exchange);
	connect(connections, exchange, 0, readCrm);
	connect(connections, exchange, 0, readDeleted);
	// The CRM's changes and deletions in one list (a node fed by two nodes would run once for each).
	add(node('CRM changes', 'n8n-nodes-base.merge', 3, [1080, 240], {}));
	connect(connections, readCrm, 0, 'CRM changes', 0);
	connect(connections, readDeleted, 0, 'Deletions as tombstones');
	connect(connections, 'Deletions as tombstones', 0, 'CRM changes', 1);
	connect(connections, 'CRM changes', 0, 'CRM input', 0);
	addPartnerReads(spec, exchange, incremental, add, connections);
	return { exchange: 'Exchange input', crm: 'CRM input', incremental, nextExchangeCursor: `$('${exchange}').last().json.cursor` };
}

/**
 * The partner of a changed record has seldom changed, and a deletion names only the deleted
 * record's id: on an incremental run each side's partners of the other side's changes and
 * deletions are read by the ids the links keep (one call per 50 changes, none without any) and
 * join that side's input, so the Sync node decides every pair in the input as a full read would:
 * a deletion is paired in this run, and a side a failed write left behind is caught up.
 */
function addPartnerReads(spec: ObjectWorkflowSpec, readExchange: string, incremental: string, add: AddNode, connections: Connections): void {
	const crmPartners = 'CRM partners of Exchange changes';
	const exchangePartners = 'Exchange partners of CRM changes';
	add(node('Exchange changes', 'n8n-nodes-base.filter', 2.2, [840, -160], { conditions: conditions([condition('changed', `={{ ${incremental} && !!$json.id }}`)]), options: {} }));
	add(
		node(crmPartners, `${PACKAGE}.zohoCrm`, 1, [1080, -160], {
			resource: 'record',
			operation: 'getByExchangeItemId',
			module: rl(spec.crmModule, 'name'),
			// A link made over EWS before the mailbox moved to Microsoft 365 keeps the item's EWS id.
			exchangeItemId: '={{ $json.linkedId ?? $json.id }}',
			options: { fields: syncCrmFields(spec) },
		}, { credentials: zohoCredentials }),
	);
	add(node('CRM changes to look up', 'n8n-nodes-base.filter', 2.2, [1320, 400], { conditions: conditions([condition('changed', `={{ ${incremental} && !!$json.id }}`)]), options: {} }));
	add(
		node(exchangePartners, `${PACKAGE}.microsoftExchange`, 1, [1320, 520], {
			resource: spec.exchangeResource,
			operation: 'getByCrmRecordId',
			crmRecordId: '={{ $json.id }}',
			mailbox: `={{ ${settingsOf('mailbox')} }}`,
		}, { credentials: exchangeCredentials }),
	);
	add(node('Exchange input', 'n8n-nodes-base.merge', 3, [840, 0], {}));
	connect(connections, readExchange, 0, 'Exchange changes');
	connect(connections, 'Exchange changes', 0, crmPartners);
	// Partners join the changes, as a complete read would see them.
	connect(connections, crmPartners, 0, 'CRM input', 1);
	connect(connections, 'CRM changes', 0, 'CRM changes to look up');
	connect(connections, 'CRM changes to look up', 0, exchangePartners);
	connect(connections, readExchange, 0, 'Exchange input', 0);
	connect(connections, exchangePartners, 0, 'Exchange input', 1);
}

/** Zoho search criteria take at most 10 conditions. */
const SEARCH_CONDITIONS = 10;

/**
 * Events, on an incremental run: the CRM events of the exceptions of every Exchange series read as
 * changed (their sync ids start with the series' sync id and a slash). Exchange reports a deleted
 * exception only as a change of its series, so the Sync node needs them to see it gone. One search
 * per 10 changed series; none when no series changed, and none on a complete read.
 */
function addSeriesExceptionReads(spec: ObjectWorkflowSpec, add: AddNode, connections: Connections, exchange: string, incremental: string): string {
	const escaped = "event.syncId.replace(/[(),\\\\]/g, '\\\\$&')";
	const conditionsOf = `$('${exchange}').all().map((item) => item.json).filter((event) => event.recurrence && event.syncId && !event.seriesMasterId).map((event) => '(Exchange_Sync_Id:starts_with:' + ${escaped} + '/)')`;
	const criteria = `${conditionsOf}.reduce((groups, condition, index) => (index % ${SEARCH_CONDITIONS} ? groups[groups.length - 1].push(condition) : groups.push([condition]), groups), []).map((group) => (group.length === 1 ? group[0] : '(' + group.join('or') + ')'))`;
	add(node('Changed series', 'n8n-nodes-base.set', 3.4, [840, 520], assignments([['criteria', 'array', `={{ ${incremental} ? ${criteria} : [] }}`]]), { executeOnce: true }));
	add(node('One search per 10 series', 'n8n-nodes-base.splitOut', 1, [1080, 520], { fieldToSplitOut: 'criteria', options: { destinationFieldName: 'criteria' } }));
	const search = 'Read CRM exceptions of changed series';
	add(
		node(search, `${PACKAGE}.zohoCrm`, 1, [1080, 700], {
			resource: 'record',
			operation: 'search',
			module: rl(spec.crmModule, 'name'),
			searchBy: 'criteria',
			criteria: '={{ $json.criteria }}',
			returnAll: true,
		}, { credentials: zohoCredentials }),
	);
	connect(connections, exchange, 0, 'Changed series');
	connect(connections, 'Changed series', 0, 'One search per 10 series');
	connect(connections, 'One search per 10 series', 0, search);
	return search;
}

/**
 * Mail: the messages of each folder in Settings modified since the last run (all of them on the
 * first run), and, only when there are any, the CRM records to attach them to.
 */
function addMailReads(spec: ObjectWorkflowSpec, add: AddNode, connections: Connections, from: string): Reads {
	addLastSync(spec, add, connections, from);
	const exchange = `Read Exchange ${spec.object}`;
	add(node('Mail folders', 'n8n-nodes-base.set', 3.4, [600, -160], assignments([['folders', 'array', `={{ ${settingsOf('mailFolders')} }}`]])));
	add(node('One item per mail folder', 'n8n-nodes-base.splitOut', 1, [840, -160], { fieldToSplitOut: 'folders', options: { destinationFieldName: 'folder' } }));
	add(
		node(exchange, `${PACKAGE}.microsoftExchange`, 1, [1080, -160], {
			resource: spec.exchangeResource,
			operation: 'getAll',
			returnAll: true,
			folder: '={{ $json.folder }}',
			filters: { modifiedSince: `={{ ${LAST_SYNC}.since ?? '' }}` },
			mailbox: `={{ ${settingsOf('mailbox')} }}`,
		}, { credentials: exchangeCredentials }),
	);
	// Mail reaches every Contact and every Lead with an address of the message.
	const readCrm = `Read CRM ${spec.crmModule}`;
	add(node(readCrm, `${PACKAGE}.zohoCrm`, 1, [1080, 160], { resource: 'record', operation: 'getAll', module: rl(spec.crmModule, 'name'), returnAll: true }, {
		credentials: zohoCredentials,
		executeOnce: true,
	}));
	add(node('Read CRM Leads', `${PACKAGE}.zohoCrm`, 1, [1080, 320], { resource: 'record', operation: 'getAll', module: rl('Leads', 'name'), returnAll: true }, {
		credentials: zohoCredentials,
		executeOnce: true,
	}));
	add(node('Leads', 'n8n-nodes-base.set', 3.4, [1320, 320], { ...assignments([['$module', 'string', 'Leads']]), includeOtherFields: true, options: {} }));
	add(node('CRM people', 'n8n-nodes-base.merge', 3, [1560, 160], {}));
	addOwnedByTheUser(add, [1800, 160]);
	connect(connections, 'Last sync', 0, 'Mail folders');
	connect(connections, 'Mail folders', 0, 'One item per mail folder');
	connect(connections, 'One item per mail folder', 0, exchange);
	connect(connections, exchange, 0, readCrm);
	connect(connections, exchange, 0, 'Read CRM Leads');
	connect(connections, 'Read CRM Leads', 0, 'Leads');
	connect(connections, readCrm, 0, 'CRM people', 0);
	connect(connections, 'Leads', 0, 'CRM people', 1);
	connect(connections, 'CRM people', 0, 'Owned by the user');
	add(node('CRM input', 'n8n-nodes-base.merge', 3, [2040, 240], {}));
	connect(connections, 'Owned by the user', 0, 'CRM input', 0);
	connect(connections, addCrmSentMailReads(add, connections), 0, 'CRM input', 1);
	return { exchange, crm: 'CRM input', incremental: `!!${LAST_SYNC}.since`, nextExchangeCursor: "''" };
}

/**
 * One object's sync for one mailbox: Settings → read both sides → Sync → writes through the
 * batched node operations, conflicts through a visible Switch, and a one-item run report last.
 */
export function objectWorkflow(spec: ObjectWorkflowSpec, set: SyncWorkflowSet = EXCHANGE_WORKFLOW_SET): N8nWorkflow {
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
				// On for one run after checking the deletes the brake held back (the report lists them).
				['releaseHeldDeletes', 'boolean', '={{ $json.releaseHeldDeletes === true }}'],
				// On when Preview Sync Now calls: plan as usual, write nothing, save no cursor, answer with the preview.
				['preview', 'boolean', '={{ $json.preview === true }}'],
				['startedAt', 'number', '={{ $now.toMillis() }}'],
				// This run's token in the lease, and how long the lease lasts if the run is killed before it releases it.
				['leaseHolder', 'string', "={{ $execution.id + '/' + $now.toMillis() }}"],
				// Sync Now's jobs on queue workers take the lease; a run alone takes it when this is on.
				['lease', 'boolean', '={{ $json.lease === true }}'],
				['leaseMinutes', 'number', '={{ Number($json.leaseMinutes) || 60 }}'],
				// The journal's run id: Sync Now's execution, or this one when the workflow runs alone.
				['runId', 'string', '={{ $json.runId || $execution.id }}'],
				// Undo a run passes the run's journal rows: this run sets back what that run wrote.
				['undoRows', 'array', '={{ $json.undoRows ?? [] }}'],
				// How many days the journal keeps a run (0: only the last run's rows).
				['journalDays', 'number', `={{ Number($json.journalDays ?? ${DEFAULT_JOURNAL_DAYS}) }}`],
				// Sync Now passes every mailbox it syncs: a meeting one of them organises syncs from that mailbox.
				['syncedMailboxes', 'array', '={{ $json.syncedMailboxes ?? [] }}'],
				// The CRM user's zone (Sync Now passes it): Zoho date-times carry its offset, all-day dates stay on their day.
				['timeZone', 'string', "={{ $json.timeZone || '' }}"],
				...(spec.object === 'events'
					? ([
							['crmUsers', 'array', '={{ $json.crmUsers ?? [] }}'],
							// visibleChanges: meeting writes mail attendees only for what they see; never: no sync write mails them.
							['meetingUpdates', 'string', `={{ $json.meetingUpdates || '${DEFAULT_SETTINGS.meetingUpdates}' }}`],
						] as Array<[string, 'array' | 'string', string]>)
					: []),
				...(spec.object === 'mail'
					? ([
							['mailFolders', 'array', "={{ $json.mailFolders ?? ['inbox', 'sentitems'] }}"],
							// The modules whose records mail is sent from in the CRM.
							['crmMailModules', 'array', "={{ $json.crmMailModules ?? ['Contacts', 'Leads', 'Accounts', 'Deals'] }}"],
						] as Array<[string, 'array', string]>)
					: []),
			]),
		),
	);
	connect(connections, 'When called by Sync Now', 0, 'Settings');
	connect(connections, 'Every 15 minutes', 0, 'Settings');

	const isMail = spec.object === 'mail';
	const leaseHeld = addLease(spec, add, connections);
	const reads = isMail ? addMailReads(spec, add, connections, leaseHeld) : addRecordReads(spec, add, connections, leaseHeld);
	add(
		node('Exchange ⇄ CRM Sync', `${PACKAGE}.exchangeCrmSync`, 1, [960, 100], {
			object: spec.object,
			crmModule: spec.crmModule,
			syncType: `={{ ${settingsOf('syncType')} }}`,
			direction: `={{ ${settingsOf('direction')} }}`,
			...(isMail
				? {}
				: {
						// "CRM wins" and "Exchange wins" are decided by the visible Conflict behaviour Switch.
						conflictBehaviour: `={{ ['crmWins', 'exchangeWins'].includes(${settingsOf('conflictBehaviour')}) ? 'sendToConflicts' : ${settingsOf('conflictBehaviour')} }}`,
					}),
			owner: `={{ ${settingsOf('ownerId')} }}`,
			...(isMail
				? {}
				: {
						inputCompleteness: `={{ ${reads.incremental} ? 'changes' : 'complete' }}`,
						partnersIncluded: true,
						linkedBefore: `={{ Number(${LAST_SYNC}.linked) || 0 }}`,
						releaseHeldDeletes: `={{ ${settingsOf('releaseHeldDeletes')} === true }}`,
						// What an admin decided on the review form: applied by this run.
						reviewItemsNode: OPEN_REVIEWS,
						// Undo a run: the journal rows of the run to undo.
						undoRows: `={{ ${settingsOf('undoRows')} }}`,
						...(spec.object === 'events'
							? {
									meetingUpdates: `={{ ${settingsOf('meetingUpdates')} || 'visibleChanges' }}`,
									// A meeting several synced mailboxes hold syncs from its organiser's, or the first attendee's.
									syncedMailboxes: `={{ ${settingsOf('syncedMailboxes')} }}`,
								}
							: {}),
					}),
			mailbox: `={{ ${settingsOf('mailbox')} }}`,
			preview: `={{ ${settingsOf('preview')} }}`,
			// The preview lists the writes of the route the Conflict behaviour Switch below takes.
			...(isMail ? {} : { conflictRoute: `={{ ${settingsOf('conflictBehaviour')} }}` }),
			options: { crmTimeZone: `={{ ${settingsOf('timeZone')} }}`, exchangeTimeZone: `={{ ${settingsOf('timeZone')} }}` },
		}),
	);
	connect(connections, reads.exchange, 0, 'Exchange ⇄ CRM Sync', 0);
	connect(connections, reads.crm, 0, 'Exchange ⇄ CRM Sync', 1);
	const readAt = `={{ DateTime.fromMillis(${settingsOf('startedAt')}).toUTC().toISO() }}`;
	const writeNodes = isMail ? addMailWrites(add, connections) : addRecordWrites(spec, add, connections, { ...SINGLE_LANE, readAt, reviewInbox: true });

	// After every write branch (output 3 runs last): the run's report from what was written, where
	// the next run reads from, and the report row.
	add(node('Run summary', `${PACKAGE}.exchangeCrmSync`, 1, [1240, 820], { operation: 'summariseRun', writeNodes: writeNodesParameter(writeNodes) }));
	const summary = `$('Run summary').first().json`;
	// Only a run whose every write landed moves the cursor; otherwise the next run reads its changes
	// again and retries what was refused. An unpaired deletion or a held delete clears it: the next
	// run reads in full and decides those again.
	const report = `$('Exchange ⇄ CRM Sync').first(3).json`;
	const nextCursor = (field: string, next: string) =>
		`={{ ${report}.unpairedDeletions > 0 || ${report}.massDelete.blocked ? '' : ${summary}.cursorMayAdvance ? ${next} : (${LAST_SYNC}.${field} ?? '') }}`;
	add(
		node(
			'Next sync cursor',
			'n8n-nodes-base.set',
			3.4,
			[1480, 820],
			assignments([
				['key', 'string', `={{ ${cursorKey(spec)} }}`],
				['exchangeCursor', 'string', nextCursor('exchangeCursor', `(${reads.nextExchangeCursor})`)],
				['since', 'string', nextCursor('since', NEXT_SINCE)],
				...(isMail
					? []
					: ([
							['linked', 'string', `={{ String(${summary}.linked ?? '') }}`],
							[
								'completeReadAt',
								'string',
								`={{ ${report}.inputCompleteness === 'complete' && ${summary}.cursorMayAdvance ? DateTime.fromMillis(${settingsOf('startedAt')}).toUTC().toISO() : (${LAST_SYNC}.completeReadAt ?? '') }}`,
							],
						] as Array<[string, 'string', string]>)),
			]),
		),
	);
	add(node('Save sync cursor', 'n8n-nodes-base.dataTable', 1.1, [1720, 820], upsertByKey(cursorTable()), continueOnError));
	const written = (count: string) => `${summary}.written.exchange.${count} + ${summary}.written.crm.${count}`;
	add(
		node(
			'Run report',
			'n8n-nodes-base.set',
			3.4,
			[2200, 820],
			assignments([
				['object', 'string', `={{ ${summary}.object }}`],
				['mailbox', 'string', `={{ ${summary}.mailbox }}`],
				['status', 'string', `={{ ${summary}.status }}`],
				['created', 'number', `={{ ${written('created')} }}`],
				['updated', 'number', `={{ ${written('updated')} }}`],
				['deleted', 'number', `={{ ${written('deleted')} }}`],
				['conflicts', 'number', `={{ ${summary}.conflicts }}`],
				['errors', 'number', `={{ ${summary}.failed.length + ${summary}.refused.length }}`],
				// The whole run: reads, planning and every write (the Sync node's own durationMs is its planning).
				['durationMs', 'number', `={{ $now.toMillis() - ${settingsOf('startedAt')} }}`],
				['heldDeletes', 'number', `={{ ${summary}.held.count }}`],
				['incremental', 'boolean', `={{ ${summary}.inputCompleteness === 'changes' }}`],
				['lastSyncAt', 'string', '={{ $now.toISO() }}'],
				['message', 'string', `={{ ${summary}.message }}`],
			]),
			// Once, whatever number of lease rows Release lease passes on.
			{ executeOnce: true },
		),
	);
	// A preview writes nothing and saves no cursor: its plan is this workflow's answer.
	add(node('Preview only?', 'n8n-nodes-base.if', 2.2, [1240, 1000], { conditions: conditions([condition('preview', `={{ ${settingsOf('preview')} }}`)]), options: {} }));
	add(
		node(
			'Preview of this run',
			'n8n-nodes-base.set',
			3.4,
			[1720, 1000],
			assignments([
				['object', 'string', `={{ ${report}.object }}`],
				['mailbox', 'string', `={{ ${report}.mailbox }}`],
				// Empty: this run reads both sides in full.
				['since', 'string', `={{ ${reads.incremental} ? (${LAST_SYNC}.since ?? '') : '' }}`],
				['preview', 'object', `={{ ${report}.preview }}`],
			]),
			{ executeOnce: true },
		),
	);
	add(leaseRelease('Release lease (preview)', spec, [1480, 1000]));
	connect(connections, 'Exchange ⇄ CRM Sync', 3, 'Preview only?');
	connect(connections, 'Preview only?', 0, 'Release lease (preview)');
	connect(connections, 'Release lease (preview)', 0, 'Preview of this run');
	connect(connections, 'Preview only?', 1, 'Run summary');
	if (!isMail) {
		// Above the cursor's branch, so n8n runs it first and the run report stays the workflow's answer.
		add(
			node('Record for review', `${PACKAGE}.exchangeCrmSync`, 1, [1480, 640], {
				operation: 'recordForReview',
				planNode: 'Exchange ⇄ CRM Sync',
				reviewItemsNode: OPEN_REVIEWS,
				reviewCrmModule: spec.crmModule,
				crmWebAddress: 'https://crm.zoho.com',
				exchangeWebAddress: '',
			}),
		);
		add(
			node('Save for review', 'n8n-nodes-base.dataTable', 1.1, [1720, 640], upsertByKey(reviewTable()), continueOnError),
		);
		connect(connections, 'Run summary', 3, 'Record for review');
		connect(connections, 'Record for review', 3, 'Save for review');
		addJournal(add, connections);
	}
	connect(connections, 'Run summary', 3, 'Next sync cursor');
	connect(connections, 'Next sync cursor', 0, 'Save sync cursor');
	add(leaseRelease('Release lease', spec, [1960, 820]));
	connect(connections, 'Save sync cursor', 0, 'Release lease');
	connect(connections, 'Release lease', 0, 'Run report');

	return {
		id: spec.workflowId,
		name: `${set.title}: ${spec.title}`,
		active: false,
		settings: { executionOrder: 'v1', callerPolicy: 'workflowsFromSameOwner' },
		nodes,
		connections,
		pinData: {},
		tags: [],
	};
}

/** The settings that decide what Sync Now writes: Preview Sync Now and Undo a run keep them equal to Sync Now's. */
export const WRITE_SETTINGS: Array<[string, 'string' | 'boolean', unknown]> = [
	['syncType', 'string', DEFAULT_SETTINGS.syncType],
	['direction', 'string', DEFAULT_SETTINGS.direction],
	['conflictBehaviour', 'string', DEFAULT_SETTINGS.conflictBehaviour],
	['meetingUpdates', 'string', DEFAULT_SETTINGS.meetingUpdates],
	['releaseHeldDeletes', 'boolean', false],
];

/** Where Sync Now and Preview Sync Now take their settings from, and which objects each user's jobs cover. */
export interface JobsSpec {
	settingsNode: string;
	/** The object workflows the jobs run. */
	objects: ObjectWorkflowSpec[];
	/** Expression per object: whether each user gets a job for it. */
	enabled: (spec: ObjectWorkflowSpec) => string;
	/** Passed to every object workflow: a preview plans and writes nothing. */
	preview?: boolean;
	/** More fields of each job: text of an object literal's entries (`object` is the job's object, `$json` the user). */
	jobFields?: string;
	/** Where "Active CRM users" sits; the other nodes follow it to the right. */
	origin: [number, number];
	/**
	 * Sync Now: when this setting is on, all jobs go at once to "Run jobs on workers", which POSTs
	 * each to the Sync Job workflow's webhook (queue mode runs each on any worker), instead of one
	 * after the other through Run object workflow in this execution.
	 */
	onWorkers?: { setting: string; webhookUrl: string };
}

/**
 * Execute Workflow of the object workflow a job (the input item) names, waiting for its report; a
 * failing job (a rejected password) answers with its error and the other jobs continue.
 */
export function objectWorkflowRun(name: string, position: [number, number]): WorkflowNode {
	return node(name, 'n8n-nodes-base.executeWorkflow', 1.2, position, {
		source: 'database',
		workflowId: rl('={{ $json.workflowId }}'),
		workflowInputs: { mappingMode: 'defineBelow', value: {}, matchingColumns: [], schema: [], attemptToConvertTypes: false, convertFieldsToString: true },
		mode: 'once',
		options: { waitForSubWorkflow: true },
	}, { ...continueOnError, alwaysOutputData: true });
}

/** An expression reading a field of the job the loop addJobsPerUser builds is at. */
export const eachJobField = (field: string) => `$('Each job').first().json.${field}`;

/**
 * The jobs of Sync Now and of its preview, one per selected active CRM user and enabled object, and
 * their loop: Active CRM users → Selected users → Jobs per user → One item per job → Each job (output
 * 1) → Run object workflow. The caller wires what Run object workflow answers back to Each job, and
 * Each job's done output (0).
 */
export function addJobsPerUser(add: AddNode, connections: Connections, jobsSpec: JobsSpec): void {
	const setting = (field: string) => `$('${jobsSpec.settingsNode}').first().json.${field}`;
	const at = (dx: number, dy = 0): [number, number] => [jobsSpec.origin[0] + dx, jobsSpec.origin[1] + dy];
	add(
		node('Active CRM users', `${PACKAGE}.zohoCrm`, 1, at(0), { resource: 'user', operation: 'getAll', userType: 'ActiveUsers', returnAll: true }, {
			credentials: zohoCredentials,
			executeOnce: true,
		}),
	);
	add(
		node('Selected users', 'n8n-nodes-base.filter', 2.2, at(240), {
			conditions: conditions([
				condition(
					'selected',
					`={{ !${setting('users')}.trim() || ${setting('users')}.split(',').map((email) => email.trim().toLowerCase()).includes(String($json.email).toLowerCase()) }}`,
				),
			]),
			options: {},
		}),
	);
	const jobs = jobsSpec.objects.map((spec) => `[${jobsSpec.enabled(spec)}, '${spec.object}', '${spec.workflowId}']`).join(', ');
	const preview = `${jobsSpec.preview ? ', preview: true' : ''}${jobsSpec.jobFields ? `, ${jobsSpec.jobFields}` : ''}`;
	// Jobs that run side by side on workers take the lease of their mailbox and object.
	const lease = jobsSpec.onWorkers ? `, lease: ${jobsSpec.onWorkers.setting}` : '';
	add(
		node('Jobs per user', 'n8n-nodes-base.set', 3.4, at(480), {
			...assignments([
				[
					'jobs',
					'array',
					`={{ [${jobs}].filter(([enabled]) => enabled).map(([, object, workflowId]) => ({ object, workflowId, user: $json.full_name, mailbox: $json.email, ownerId: $json.id, timeZone: $json.time_zone, syncedMailboxes: $('Selected users').all().map((user) => user.json.email), crmUsers: $('Active CRM users').all().map((user) => ({ email: user.json.email, type: 'user', id: user.json.id })), syncType: ${setting('syncType')}, direction: ${setting('direction')}, conflictBehaviour: ${setting('conflictBehaviour')}, meetingUpdates: ${setting('meetingUpdates')}, releaseHeldDeletes: ${setting('releaseHeldDeletes')}, runId: $execution.id, journalDays: ${setting('journalDays')}${preview}${lease} })) }}`,
				],
			]),
		}),
	);
	add(node('One item per job', 'n8n-nodes-base.splitOut', 1, at(720), { fieldToSplitOut: 'jobs', options: {} }));
	const { onWorkers } = jobsSpec;
	// On workers: one batch of every job, run side by side; otherwise one job per batch.
	const batchSize = onWorkers ? { batchSize: `={{ ${onWorkers.setting} ? Math.max(1, $('One item per job').all().length) : 1 }}` } : {};
	add(node('Each job', 'n8n-nodes-base.splitInBatches', 3, at(960), { ...batchSize, options: {} }));
	if (onWorkers) {
		add(node('Jobs on workers?', 'n8n-nodes-base.if', 2.2, at(1200, 100), { conditions: conditions([condition('onWorkers', `={{ ${onWorkers.setting} }}`)]), options: {} }));
		add(node('Run jobs on workers', `${PACKAGE}.exchangeCrmSync`, 1, at(1440, -20), { operation: 'runJobs', jobWebhookUrl: onWorkers.webhookUrl, jobsAtOnce: 10, jobTimeoutMinutes: 120 }));
		connect(connections, 'Each job', 1, 'Jobs on workers?');
		connect(connections, 'Jobs on workers?', 0, 'Run jobs on workers');
		connect(connections, 'Jobs on workers?', 1, 'Run object workflow');
	} else {
		connect(connections, 'Each job', 1, 'Run object workflow');
	}
	add(objectWorkflowRun('Run object workflow', at(onWorkers ? 1440 : 1200, onWorkers ? 220 : 100)));
	connect(connections, 'Active CRM users', 0, 'Selected users');
	connect(connections, 'Selected users', 0, 'Jobs per user');
	connect(connections, 'Jobs per user', 0, 'One item per job');
	connect(connections, 'One item per job', 0, 'Each job');
}

/**
 * "Sync Now": the settings of Zoho's MS Exchange Sync tab (Yes/No per object, sync type,
 * direction, conflict behaviour, selected users), run for every selected active CRM user's
 * mailbox, with a report row per user and object in a Data Table. Started by hand, every hour,
 * or (published) by a webhook that answers with the report.
 */
export function syncNowWorkflow(set: SyncWorkflowSet = EXCHANGE_WORKFLOW_SET): N8nWorkflow {
	const nodes: WorkflowNode[] = [];
	const connections: Connections = {};
	const add = (workflowNode: WorkflowNode) => nodes.push(workflowNode);
	const setting = (field: string) => `$('Sync settings').first().json.${field}`;

	add(node('Sync Now', 'n8n-nodes-base.manualTrigger', 1, [0, 0], {}));
	add(node('Every hour', 'n8n-nodes-base.scheduleTrigger', 1.2, [0, 200], { rule: { interval: [{ field: 'hours', hoursInterval: 1 }] } }));
	add(
		node('Sync Now (webhook)', 'n8n-nodes-base.webhook', 2, [0, 400], {
			httpMethod: 'POST',
			path: set.syncNowWebhookPath,
			responseMode: 'lastNode',
			responseData: 'allEntries',
			options: {},
		}, { webhookId: set.syncNowWebhookId }),
	);
	add(
		node(
			'Sync settings',
			'n8n-nodes-base.set',
			3.4,
			[240, 200],
			assignments([
				...set.objects.map((spec): [string, 'boolean', unknown] => [spec.syncNowSetting, 'boolean', true]),
				...WRITE_SETTINGS,
				['users', 'string', ''],
				['reportTable', 'string', REPORT_TABLE],
				// Queue mode: on runs every job as its own execution, on any worker, through Sync Job's webhook.
				['jobsOnWorkers', 'boolean', false],
				// Where the workers reach Sync Job's production webhook: by default the instance's webhook URL (WEBHOOK_URL).
				['jobWebhookUrl', 'string', `={{ $execution.resumeUrl.replace(/webhook-waiting\\/[^/]*$/, 'webhook/${set.syncJobWebhookPath}') }}`],
				['journalDays', 'number', DEFAULT_JOURNAL_DAYS],
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
	add(tableCreate('Report table', `={{ ${setting('reportTable')} }}`, reportColumns, [480, 200]));
	add(textTableCreate('Cursor table', CURSOR_TABLE, CURSOR_COLUMNS, [720, 200]));
	add(reviewTableCreate([840, 200]));
	add(leaseTableCreate([960, 200]));
	add(journalTableCreate([1080, 200]));
	// The links live in two custom fields Zoho only keeps once they exist: every run makes sure
	// they do (one field-list read per module), so no first sync can run without them.
	const syncedModules = [...new Set(set.objects.filter((spec) => spec.object !== 'mail').map((spec) => spec.crmModule))];
	add(node('Synced modules', 'n8n-nodes-base.set', 3.4, [1200, 200], assignments([['modules', 'array', `={{ ${JSON.stringify(syncedModules).replace(/"/g, "'")} }}`]])));
	add(node('One item per module', 'n8n-nodes-base.splitOut', 1, [1440, 200], { fieldToSplitOut: 'modules', options: { destinationFieldName: 'module' } }));
	add(
		node('Create sync fields', `${PACKAGE}.zohoCrm`, 1, [1680, 200], { resource: 'field', operation: 'createSyncFields', module: rl('={{ $json.module }}', 'name') }, {
			credentials: zohoCredentials,
		}),
	);
	addJobsPerUser(add, connections, {
		settingsNode: 'Sync settings',
		objects: set.objects,
		enabled: (spec) => setting(spec.syncNowSetting),
		origin: [1920, 200],
		onWorkers: { setting: setting('jobsOnWorkers'), webhookUrl: `={{ ${setting('jobWebhookUrl')} }}` },
	});
	// Each result carries its job when Run jobs on workers made it; otherwise the job is the loop's.
	const jobField = (field: string) => `($json.job ?? $('Each job').first().json).${field}`;
	add(
		node(
			'Report row',
			'n8n-nodes-base.set',
			3.4,
			[3600, 300],
			assignments([
				['user', 'string', `={{ ${jobField('user')} }}`],
				['mailbox', 'string', `={{ ${jobField('mailbox')} }}`],
				['object', 'string', `={{ ${jobField('object')} }}`],
				['status', 'string', `={{ $json.error ? 'error' : ($json.status ?? 'success') }}`],
				['created', 'number', '={{ $json.created ?? 0 }}'],
				['updated', 'number', '={{ $json.updated ?? 0 }}'],
				['deleted', 'number', '={{ $json.deleted ?? 0 }}'],
				['conflicts', 'number', '={{ $json.conflicts ?? 0 }}'],
				['errors', 'number', '={{ $json.error ? 1 : ($json.errors ?? 0) }}'],
				['durationMs', 'number', '={{ $json.durationMs ?? 0 }}'],
				['lastSyncAt', 'string', '={{ $now.toISO() }}'],
				['message', 'string', `={{ $json.error ? ($json.error.message ?? String($json.error)) : ($json.message ?? '') }}`],
			]),
		),
	);
	add(
		node('Save report row', 'n8n-nodes-base.dataTable', 1.1, [3840, 300], insertRows(rl(`={{ ${setting('reportTable')} }}`, 'name'))),
	);
	add(node('Sync report', 'n8n-nodes-base.noOp', 1, [3600, 40], {}));
	connect(connections, 'Sync settings', 0, 'Report table');
	connect(connections, 'Report table', 0, 'Cursor table');
	connect(connections, 'Cursor table', 0, 'Review table');
	connect(connections, 'Review table', 0, 'Lease table');
	connect(connections, 'Lease table', 0, 'Journal table');
	connect(connections, 'Journal table', 0, 'Synced modules');
	connect(connections, 'Synced modules', 0, 'One item per module');
	connect(connections, 'One item per module', 0, 'Create sync fields');
	connect(connections, 'Create sync fields', 0, 'Active CRM users');
	connect(connections, 'Each job', 0, 'Sync report');
	connect(connections, 'Run object workflow', 0, 'Report row');
	connect(connections, 'Run jobs on workers', 3, 'Report row');
	connect(connections, 'Report row', 0, 'Save report row');
	connect(connections, 'Save report row', 0, 'Each job');

	// Behind each part, what it does and what to change there.
	add(noteAround(nodes, 'Start and settings', ['Sync Now', 'Every hour', 'Sync Now (webhook)', 'Sync settings'], [
		`## ${set.title}: Sync Now`,
		'Syncs every selected, active CRM user\'s mailbox with the CRM, like Zoho\'s MS Exchange Sync tab. Runs by hand, **Every hour** (change the interval there), or on POST to the webhook (publish the workflow), which answers with the report.',
		'',
		'**Sync settings** is the one place to change: per object Yes/No, sync type, direction, conflict behaviour (crmWins, exchangeWins, review), meeting updates, release held deletes (one run), users (comma-separated e-mails; empty: every active user), the report table and how many days the journal keeps each run (journalDays).',
	], 440));
	add(noteAround(nodes, 'Tables and CRM fields', ['Report table', 'Cursor table', 'Review table', 'Lease table', 'Journal table', 'Synced modules', 'One item per module', 'Create sync fields'], [
		'## Tables and link fields',
		`Makes sure the Data Tables *${REPORT_TABLE}* (one row per user and object and run) and *${CURSOR_TABLE}* (where each object's next run reads from) and *${REVIEW_TABLE}* (the review inbox: open *Review sync* to decide it) and *${LEASE_TABLE}* (one run per mailbox and object when the jobs run on workers) and *${JOURNAL_TABLE}* (every write of every run, kept *journalDays* days) exist, and that every synced CRM module has the two link fields. Nothing to change here.`,
	]));
	add(noteAround(nodes, 'One job per user and object', ['Active CRM users', 'Selected users', 'Jobs per user', 'One item per job', 'Each job', 'Jobs on workers?', 'Run jobs on workers', 'Run object workflow'], [
		'## One job per user and object',
		'For each selected active CRM user and each object switched on, **Run object workflow** runs that object\'s workflow (*Contacts*, *Tasks*, *Events*, *Mail*) for the user\'s mailbox, one job after the other. To change how an object syncs (fields, writes, conflicts), edit its object workflow, not this one.',
		'',
		'Queue mode: with **jobsOnWorkers** on in *Sync settings*, **Run jobs on workers** sends every job at once to the *Sync Job* workflow\'s webhook (publish it), so each runs as its own execution on any worker; their reports come back here.',
	], 280));
	add(noteAround(nodes, 'Report', ['Sync report', 'Report row', 'Save report row'], [
		'## Report',
		`Each job's result becomes a row of *${REPORT_TABLE}*: created, updated, deleted, conflicts, errors and the message. **Sync report** is reached when every job is done.`,
	], 300));

	return workflowOf(set.syncNowId, `${set.title}: Sync Now`, nodes, connections);
}

/**
 * "Sync Job": one job of Sync Now (a user's mailbox and object) per POST to its production
 * webhook, answered with the object workflow's run report. Sync Now in queue mode calls it once
 * per job, so each job is its own execution that any worker can take.
 */
export function syncJobWorkflow(set: SyncWorkflowSet = EXCHANGE_WORKFLOW_SET): N8nWorkflow {
	const nodes: WorkflowNode[] = [];
	const connections: Connections = {};
	const add = (workflowNode: WorkflowNode) => nodes.push(workflowNode);
	add(
		node('Sync job (webhook)', 'n8n-nodes-base.webhook', 2, [0, 0], {
			httpMethod: 'POST',
			path: set.syncJobWebhookPath,
			responseMode: 'lastNode',
			responseData: 'firstEntryJson',
			options: {},
		}, { webhookId: set.syncJobWebhookId }),
	);
	// The job Sync Now built is the request's body: the object workflow takes it as its settings.
	add(node('Job settings', 'n8n-nodes-base.set', 3.4, [240, 0], { mode: 'raw', jsonOutput: '={{ $json.body }}', options: {} }));
	add(objectWorkflowRun('Run object workflow', [480, 0]));
	connect(connections, 'Sync job (webhook)', 0, 'Job settings');
	connect(connections, 'Job settings', 0, 'Run object workflow');
	add(noteAround(nodes, 'Start', ['Sync job (webhook)', 'Job settings'], [
		`## ${set.title}: Sync Job`,
		'Runs one job of *Sync Now* — one user\'s mailbox and one object — when Sync Now, in queue mode (*jobsOnWorkers* on), POSTs it here. Publish this workflow; nothing to change.',
	], 300));
	add(noteAround(nodes, 'Run', ['Run object workflow'], [
		'## Run the object workflow',
		'Runs the job\'s object workflow (*Contacts*, *Tasks*, *Events*, *Mail*) and answers with its run report. Each call is its own execution, so the workers share the jobs.',
	], 300));
	return workflowOf(set.syncJobId, `${set.title}: Sync Job`, nodes, connections);
}

/** A workflow as n8n imports it: inactive until published, nodes run in v1 order. */
function workflowOf(id: string, name: string, nodes: WorkflowNode[], connections: Connections): N8nWorkflow {
	return { id, name, active: false, settings: { executionOrder: 'v1' }, nodes, connections, pinData: {}, tags: [] };
}

/** Sync Now and the object workflows of a set, keyed by their file names. */
export function allWorkflows(set: SyncWorkflowSet = EXCHANGE_WORKFLOW_SET): Record<string, N8nWorkflow> {
	return {
		'sync-now.json': syncNowWorkflow(set),
		'sync-job.json': syncJobWorkflow(set),
		...Object.fromEntries(set.objects.map((spec) => [`sync-${spec.object}.json`, objectWorkflow(spec, set)])),
	};
}
