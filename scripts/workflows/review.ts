/**
 * "Review sync": the review inbox's form. It lists the open items of the "Sync review" Data Table
 * (conflicts sent for review, deletes the brake held back, records the other side rejected) and
 * asks per item what to do; the decisions are saved on the rows, and the next Sync Now applies them
 * and closes the rows.
 */
import type { N8nWorkflow } from '../n8n/instance';
import { assignments, condition, conditions, connect, FORM_VERSION, formEnding, node, OPEN_REVIEWS, PACKAGE, REVIEW_TABLE, reviewTable, reviewTableCreate, stickyNote, upsertByKey, type Connections, type WorkflowNode } from './definitions';

export const REVIEW_WORKFLOW_ID = 'exzsReviewSync';
/** Published, the form is served at <n8n>/form/<this path>. */
export const REVIEW_FORM_PATH = 'exchange-crm-review';

export function reviewSyncWorkflow(): N8nWorkflow {
	const nodes: WorkflowNode[] = [];
	const connections: Connections = {};
	const add = (workflowNode: WorkflowNode) => nodes.push(workflowNode);
	const user = "$('Review settings').first().json.user";

	add(
		stickyNote('About this workflow', [-60, -300], [1080, 640], [
			'## Review sync',
			`Open **<n8n>/form/${REVIEW_FORM_PATH}** (publish the workflow first). It lists what the sync left to you, from the *${REVIEW_TABLE}* Data Table:`,
			'- a **conflict**: a field both sides changed to different values (conflict behaviour *Send to Conflicts*). Choose per field the Exchange value, the CRM value or a value you type;',
			'- a **held delete**: the delete brake held it back. *Release* deletes it on the other side too; *Discard* keeps the record and makes it again where it was deleted;',
			'- a **rejected** record: the CRM or Exchange refused it (the item says why). Fix the record, then choose *Retry*.',
			'',
			'**Nothing is written here.** The decisions are saved on the items; the next Sync Now (or object workflow run) applies them to both systems, reading both sides in full once, and closes the items. Items you leave to *Decide later* stay open.',
		].join('\n')),
	);
	add(
		node('Review sync', 'n8n-nodes-base.formTrigger', FORM_VERSION, [0, 100], {
			formTitle: 'Review sync',
			formDescription: 'Decide the conflicts, held deletes and rejected records the Exchange ⇄ CRM sync left to you.',
			formFields: { values: [{ fieldName: 'user', fieldLabel: 'User (e-mail; empty: everyone)', fieldType: 'email' }] },
			options: { path: REVIEW_FORM_PATH, buttonLabel: 'Show open items' },
		}, { webhookId: '3f7c2a9e-5b1d-4c6e-8a2f-9d4b7e1c0a55' }),
	);
	add(node('Review settings', 'n8n-nodes-base.set', 3.4, [220, 100], assignments([['user', 'string', "={{ ($json.user ?? '').trim().toLowerCase() }}"]])));
	add(reviewTableCreate([440, 100]));
	add(
		node(OPEN_REVIEWS, 'n8n-nodes-base.dataTable', 1.1, [660, 100], {
			resource: 'row',
			operation: 'get',
			dataTableId: reviewTable(),
			matchType: 'allConditions',
			filters: { conditions: [{ keyName: 'status', condition: 'eq', keyValue: 'open' }] },
			returnAll: true,
		}, { alwaysOutputData: true }),
	);
	add(node('Review page', `${PACKAGE}.exchangeCrmSync`, 1, [880, 100], { operation: 'reviewPage', reviewUser: `={{ ${user} }}` }));
	add(node('Anything to review?', 'n8n-nodes-base.if', 2.2, [1100, 100], { conditions: conditions([condition('open-items', '={{ $json.count > 0 }}')]), options: {} }));
	add(formEnding('Nothing to review', [1320, 300], 'Nothing to review', 'No open item: the sync decided everything by itself.'));
	add(
		node('Decide', 'n8n-nodes-base.form', FORM_VERSION, [1320, 100], {
			operation: 'page',
			defineForm: 'json',
			jsonOutput: '={{ JSON.stringify($json.fields) }}',
			options: { formTitle: 'Review sync', formDescription: '={{ $json.description }}', buttonLabel: 'Save decisions' },
		}),
	);
	add(
		stickyNote('What the answers do', [1060, -300], [860, 740], [
			'## Decisions',
			'**Review page** (*Exchange ⇄ CRM Sync → Review Page*) turns the open items (oldest first, 20 per page) into the questions of **Decide**. **Decisions** (*Save Review Decisions*) reads the answers: a conflict counts as decided when each of its fields is; **Save decisions** marks those items *decided* with the choice. Open the form again for the next 20.',
			'',
			'The form has no authentication of its own and shows CRM data: set *Authentication* on *Review sync* if n8n is reachable beyond your admins.',
		].join('\n')),
	);
	add(node('Decisions', `${PACKAGE}.exchangeCrmSync`, 1, [1540, 0], { operation: 'decideReviews', reviewItemsNode: OPEN_REVIEWS, reviewUser: `={{ ${user} }}` }));
	add(node('Save decisions', 'n8n-nodes-base.dataTable', 1.1, [1760, 0], upsertByKey(reviewTable())));
	// Below Decisions: n8n runs the save first, then answers.
	add(
		formEnding(
			'Saved',
			[1540, 200],
			'Decisions saved',
			"={{ $('Decisions').all(3).length }} item(s) decided. The next Sync Now applies them to Exchange and the CRM and closes them; the others stay open.",
		),
	);
	connect(connections, 'Review sync', 0, 'Review settings');
	connect(connections, 'Review settings', 0, 'Review table');
	connect(connections, 'Review table', 0, OPEN_REVIEWS);
	connect(connections, OPEN_REVIEWS, 0, 'Review page');
	connect(connections, 'Review page', 3, 'Anything to review?');
	connect(connections, 'Anything to review?', 0, 'Decide');
	connect(connections, 'Anything to review?', 1, 'Nothing to review');
	connect(connections, 'Decide', 0, 'Decisions');
	connect(connections, 'Decide', 0, 'Saved');
	connect(connections, 'Decisions', 3, 'Save decisions');

	return { id: REVIEW_WORKFLOW_ID, name: 'Exchange ⇄ CRM: Review sync', active: false, settings: { executionOrder: 'v1' }, nodes, connections, pinData: {}, tags: [] };
}

export function reviewWorkflows(): Record<string, N8nWorkflow> {
	return { 'review-sync.json': reviewSyncWorkflow() };
}
