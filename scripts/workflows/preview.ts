/**
 * "Preview Sync Now": a page an admin opens in the browser. It runs Sync Now's jobs (the same
 * users, objects and object workflows) with preview on: every object workflow reads both sides as
 * Sync Now would, plans with the Sync node, writes nothing, saves no cursor, and answers with its
 * plan; the Sync node's Preview Page turns the answers into one HTML page.
 */
import type { N8nWorkflow } from '../n8n/instance';
import {
	addJobsPerUser,
	assignments,
	connect,
	eachJobField,
	EXCHANGE_WORKFLOW_SET,
	node,
	noteAround,
	PACKAGE,
	type Connections,
	type SyncWorkflowSet,
	type WorkflowNode,
	WRITE_SETTINGS,
} from './definitions';

export const PREVIEW_WORKFLOW_ID = EXCHANGE_WORKFLOW_SET.previewId;
/** Published, the page is served at GET <n8n>/webhook/<this path> (query: users, objects). */
export const PREVIEW_WEBHOOK_PATH = EXCHANGE_WORKFLOW_SET.previewWebhookPath;

export function previewSyncNowWorkflow(set: SyncWorkflowSet = EXCHANGE_WORKFLOW_SET): N8nWorkflow {
	const allObjects = set.objects.map((spec) => spec.object);
	const nodes: WorkflowNode[] = [];
	const connections: Connections = {};
	const add = (workflowNode: WorkflowNode) => nodes.push(workflowNode);
	const setting = (field: string) => `$('Preview settings').first().json.${field}`;

	add(
		node('Preview page', 'n8n-nodes-base.webhook', 2, [0, 100], {
			httpMethod: 'GET',
			path: set.previewWebhookPath,
			responseMode: 'responseNode',
			options: {},
		}, { webhookId: set.previewWebhookId }),
	);
	add(
		node(
		'Preview settings',
		'n8n-nodes-base.set',
			3.4,
			[240, 100],
			assignments([
				// From the page's form: comma-separated emails (empty: every active CRM user), and the ticked objects (none: all).
				['users', 'string', "={{ String($json.query?.users ?? '') }}"],
				['objects', 'array', `={{ $json.query?.objects ? [].concat($json.query.objects) : ${JSON.stringify(allObjects).replace(/"/g, "'")} }}`],
				...WRITE_SETTINGS,
		]),
		),
	);
	connect(connections, 'Preview page', 0, 'Preview settings');
	connect(connections, 'Preview settings', 0, 'Active CRM users');

	addJobsPerUser(add, connections, {
		settingsNode: 'Preview settings',
		objects: set.objects,
		enabled: (spec) => `${setting('objects')}.includes('${spec.object}')`,
		preview: true,
		origin: [480, 100],
	});
	add(
		node(
		'Preview row',
		'n8n-nodes-base.set',
			3.4,
			[1920, 200],
			assignments([
				['user', 'string', `={{ ${eachJobField('user')} }}`],
				['mailbox', 'string', `={{ ${eachJobField('mailbox')} }}`],
				['object', 'string', `={{ ${eachJobField('object')} }}`],
				['since', 'string', "={{ $json.since ?? '' }}"],
				['preview', 'object', '={{ $json.preview ?? {} }}'],
				// A job skipped because another run holds its lease shows why, as an error does.
				['error', 'string', "={{ $json.error ? String($json.error.message ?? $json.error) : $json.status === 'skipped' ? $json.message : '' }}"],
		]),
		),
	);
	connect(connections, 'Run object workflow', 0, 'Preview row');
	connect(connections, 'Preview row', 0, 'Each job');

	add(
		node('Render the page', `${PACKAGE}.exchangeCrmSync`, 1, [1680, -440], {
			operation: 'previewPage',
			previewUsers: `={{ ${setting('users')} }}`,
			previewObjects: `={{ ${setting('objects')}.join(',') }}`,
		}),
	);
	add(
		node('Answer with the page', 'n8n-nodes-base.respondToWebhook', 1.4, [1920, -440], {
			respondWith: 'text',
			responseBody: '={{ $json.html }}',
			options: { responseHeaders: { entries: [{ name: 'Content-Type', value: 'text/html; charset=utf-8' }] } },
		}),
	);
	connect(connections, 'Each job', 0, 'Render the page');
	connect(connections, 'Render the page', 3, 'Answer with the page');

	// Behind each part, what it does and what to change there.
	add(noteAround(nodes, 'About this workflow', ['Preview page', 'Preview settings'], [
		'## Preview Sync Now',
		`Open **GET <n8n>/webhook/${set.previewWebhookPath}** in a browser (publish the workflow first). Pick users and objects on the page; it shows what the next Sync Now would create, change (old → new), delete, hold back and find in conflict. **Nothing is written**: no record, no sync link, no cursor, no report row.`,
		'',
		'**Preview settings**: keep sync type, direction, conflict behaviour, meeting updates and release held deletes equal to Sync Now\'s *Sync settings*, so the preview shows what Sync Now does. Users and objects come from the page.',
	], 420));
	add(noteAround(nodes, 'Same jobs as Sync Now', ['Active CRM users', 'Selected users', 'Jobs per user', 'One item per job', 'Each job', 'Run object workflow', 'Preview row'], [
		'## Sync Now\'s jobs, with preview on',
		'One job per selected, active CRM user and ticked object, exactly as Sync Now makes them. **Run object workflow** calls the object workflows Sync Now calls (import the same version of them) with `preview: true`: each reads both sides as Sync Now would, plans with the *Exchange ⇄ CRM Sync* node (*Preview Only*), writes nothing, saves no cursor, and answers with its plan. A job that fails (a rejected password) shows its error on the page.',
	], 300));
	add(noteAround(nodes, 'The page', ['Render the page', 'Answer with the page'], [
		'## The page',
		'**Render the page** (*Exchange ⇄ CRM Sync → Preview Page*) lists totals and, per user and object, every write with its fields (old → new), conflicts with both values, held deletes and records that cannot be written. Values are HTML-escaped and long text is cut. **Answer with the page** sends it to the browser.',
		'',
		'The webhook has no authentication of its own and the page shows CRM data: add Header or Basic Auth to *Preview page* if n8n is reachable beyond your admins.',
	], 300));

	return { id: set.previewId, name: `${set.title}: Preview Sync Now`, active: false, settings: { executionOrder: 'v1' }, nodes, connections, pinData: {}, tags: [] };
}

export function previewWorkflows(set: SyncWorkflowSet = EXCHANGE_WORKFLOW_SET): Record<string, N8nWorkflow> {
	return { 'preview-sync-now.json': previewSyncNowWorkflow(set) };
}
