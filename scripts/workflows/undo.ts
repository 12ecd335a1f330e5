/**
 * "Undo a run": a form that takes a run id (Sync Now's execution id, as the Sync journal has it)
 * and runs, for each user and object that run wrote, the object workflow with the run's journal
 * rows: the fields it updated go back to their old values on both sides, unless changed again
 * since, and records it deleted are made again. A second, normal run of the same job then makes the
 * partners of the records made again, so the pairs are linked and the next Sync Now writes nothing.
 * Both runs are journaled under the undo's own execution id.
 */
import type { N8nWorkflow } from '../n8n/instance';
import {
	addJobsPerUser,
	assignments,
	connect,
	eachJobField,
	EXCHANGE_WORKFLOW_SET,
	FORM_VERSION,
	formEnding,
	journalTable,
	node,
	noteAround,
	objectWorkflowRun,
	type Connections,
	type SyncWorkflowSet,
	type WorkflowNode,
	WRITE_SETTINGS,
} from './definitions';

const JOURNAL_ROWS = "$('Journal of the run').all().map((row) => row.json)";

export function undoRunWorkflow(set: SyncWorkflowSet = EXCHANGE_WORKFLOW_SET): N8nWorkflow {
	const nodes: WorkflowNode[] = [];
	const connections: Connections = {};
	const add = (workflowNode: WorkflowNode) => nodes.push(workflowNode);
	const setting = (field: string) => `$('Undo settings').first().json.${field}`;

	add(
		node('Undo a run', 'n8n-nodes-base.formTrigger', FORM_VERSION, [0, 100], {
			formTitle: 'Undo a run',
			formDescription: 'Set back what one sync run wrote, on Exchange and in the CRM. The run ID is the runId column of the Sync journal Data Table (Sync Now\'s execution ID).',
			formFields: { values: [{ fieldName: 'runId', fieldLabel: 'Run ID', fieldType: 'text', requiredField: true }] },
			options: { path: set.undoFormPath, buttonLabel: 'Undo this run' },
		}, { webhookId: set.undoWebhookId }),
	);
	add(
		node(
			'Undo settings',
			'n8n-nodes-base.set',
			3.4,
			[240, 100],
			assignments([
				['runId', 'string', "={{ String($json.runId ?? '').trim() }}"],
				// Keep these equal to Sync Now's Sync settings: the undo runs write as Sync Now would.
				...WRITE_SETTINGS,
				// Empty: every user the run wrote for.
				['users', 'string', ''],
			]),
		),
	);
	add(
		node('Journal of the run', 'n8n-nodes-base.dataTable', 1.1, [480, 100], {
			resource: 'row',
			operation: 'get',
			dataTableId: journalTable(),
			matchType: 'allConditions',
			filters: { conditions: [{ keyName: 'runId', condition: 'eq', keyValue: `={{ ${setting('runId')} }}` }] },
			returnAll: true,
		// A run id the journal does not have still reaches the last page, which says so.
		}, { executeOnce: true, alwaysOutputData: true }),
	);
	connect(connections, 'Undo a run', 0, 'Undo settings');
	connect(connections, 'Undo settings', 0, 'Journal of the run');
	connect(connections, 'Journal of the run', 0, 'Active CRM users');

	// A user gets a job for an object only when the run wrote something of theirs in it; the job carries those rows.
	const rowsOf = (object: string, user: string) => `${JOURNAL_ROWS}.filter((row) => row.user === String(${user}).toLowerCase() && row.object === ${object})`;
	addJobsPerUser(add, connections, {
		settingsNode: 'Undo settings',
		objects: set.objects.filter((spec) => spec.object !== 'mail'),
		enabled: (spec) => `${rowsOf(`'${spec.object}'`, '$json.email')}.length > 0`,
		jobFields: `undoRows: ${rowsOf('object', '$json.email')}`,
		origin: [720, 100],
	});
	add(node('Same job, to settle', 'n8n-nodes-base.set', 3.4, [2160, 200], { mode: 'raw', jsonOutput: "={{ { ...$('Each job').first().json, undoRows: [] } }}", options: {} }));
	add(objectWorkflowRun('Settle the job', [2400, 200]));
	add(
		node(
			'Undo row',
			'n8n-nodes-base.set',
			3.4,
			[2640, 200],
			assignments([
				['mailbox', 'string', `={{ ${eachJobField('mailbox')} }}`],
				['object', 'string', `={{ ${eachJobField('object')} }}`],
				['undo', 'string', `={{ (r => r.error ? 'error: ' + (r.error.message ?? r.error) : r.status + ', ' + r.updated + ' updated, ' + r.created + ' made again' + (r.message ? ': ' + r.message : ''))($('Run object workflow').first().json) }}`],
				['settle', 'string', "={{ $json.error ? 'error: ' + ($json.error.message ?? $json.error) : $json.status + ', ' + $json.created + ' partners made' }}"],
			]),
		),
	);
	connect(connections, 'Run object workflow', 0, 'Same job, to settle');
	connect(connections, 'Same job, to settle', 0, 'Settle the job');
	connect(connections, 'Settle the job', 0, 'Undo row');
	connect(connections, 'Undo row', 0, 'Each job');
	add(
		formEnding(
			'Undone',
			[1920, -160],
			'Run undone',
			`={{ $('Undo row').isExecuted ? $('Undo row').all().map((row) => row.json.mailbox + ' · ' + row.json.object + ': ' + row.json.undo).join('\\n') : 'The journal has no write of run ' + ${setting('runId')} + ' (or its rows are older than Journal Days).' }}`,
		),
	);
	connect(connections, 'Each job', 0, 'Undone');

	add(noteAround(nodes, 'About this workflow', ['Undo a run', 'Undo settings', 'Journal of the run'], [
		'## Undo a run',
		`Open **<n8n>/form/${set.undoFormPath}** (publish the workflow first) and enter a run ID from the *Sync journal* Data Table (column *runId*: Sync Now's execution ID).`,
		'',
		'For each user and object the run wrote, the fields it updated go back to their old values **on both sides**; a field changed again since is kept and reported; records it deleted are made again on both sides, linked. Records it created stay. The undo is journaled too (under its own execution ID), so an undo can be undone.',
		'',
		'**Undo settings**: keep sync type, direction, conflict behaviour and meeting updates equal to Sync Now\'s *Sync settings*.',
	], 480));
	add(noteAround(nodes, 'One undo per user and object', ['Active CRM users', 'Selected users', 'Jobs per user', 'One item per job', 'Each job', 'Run object workflow', 'Same job, to settle', 'Settle the job', 'Undo row'], [
		'## One undo per user and object',
		'**Run object workflow** runs the object workflow (*Contacts*, *Tasks*, *Events*) with the run\'s journal rows (`undoRows`): it reads both sides in full and sets back what the run wrote. **Settle the job** runs it once more, normally: it makes the partners of the records made again and links them, so the next Sync Now has nothing to write.',
	], 300));
	add(noteAround(nodes, 'Result', ['Undone'], [
		'## Result',
		'Per user and object: what was set back, and what was not (changed again since, a record the run created).',
		'',
		'The form has no authentication of its own: set *Authentication* on *Undo a run* if n8n is reachable beyond your admins.',
	], 300));

	return { id: set.undoId, name: `${set.title}: Undo a run`, active: false, settings: { executionOrder: 'v1' }, nodes, connections, pinData: {}, tags: [] };
}

export function undoWorkflows(set: SyncWorkflowSet = EXCHANGE_WORKFLOW_SET): Record<string, N8nWorkflow> {
	return { 'undo-run.json': undoRunWorkflow(set) };
}
