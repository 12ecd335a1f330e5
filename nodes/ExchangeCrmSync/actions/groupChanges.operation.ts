/**
 * "Group Changes by Mailbox": the input items are the active CRM users (Zoho CRM → User → Get
 * Many), Changes the real-time trigger's items; the output is one item per mailbox with changes:
 * its records (or items) each once, its owner and time zone, and the lookups that read their
 * counterparts on the other side.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { groupChangesByMailbox, type ActiveCrmUser, type ChangesFrom, type JsonObject, type RecordObject } from '../core';

const showFor = { show: { operation: ['groupChanges'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Changes From',
		name: 'changesFrom',
		type: 'options',
		options: [
			{ name: 'Zoho CRM Trigger', value: 'crm', description: 'Records the CRM notified, grouped by their owner' },
			{ name: 'Exchange Trigger', value: 'exchange', description: 'Items Exchange notified, grouped by mailbox; mailboxes of no active CRM user are left out' },
		],
		default: 'crm',
		displayOptions: showFor,
	},
	{
		displayName: 'Object',
		name: 'changedObject',
		type: 'options',
		options: [
			{ name: 'Contacts', value: 'contacts' },
			{ name: 'Events', value: 'events' },
			{ name: 'Tasks', value: 'tasks' },
		],
		default: 'contacts',
		description: 'What changed: decides how a record not linked yet is looked up on the other side',
		displayOptions: showFor,
	},
	{
		displayName: 'Changes',
		name: 'changes',
		type: 'json',
		default: '[]',
		required: true,
		placeholder: "e.g. {{ $('Zoho CRM Trigger').all().map((item) => item.json) }}",
		description: "The trigger's items. The input items are the active CRM users (Zoho CRM → User → Get Many).",
		displayOptions: showFor,
	},
];

export function execute(this: IExecuteFunctions, items: INodeExecutionData[]): INodeExecutionData[][] {
	// Each group comes from its user's item; a CRM owner who is no active user comes from all of them.
	const everyUser = items.map((_item, item) => ({ item }));
	try {
		return [[], [], [], groupItems.call(this, items, everyUser)];
	} catch (error) {
		if (!this.continueOnFail()) throw error instanceof NodeOperationError ? error : new NodeOperationError(this.getNode(), error as Error);
		return [[], [], [], [{ json: { error: (error as Error).message }, pairedItem: everyUser }]];
	}
}

function groupItems(this: IExecuteFunctions, items: INodeExecutionData[], everyUser: Array<{ item: number }>): INodeExecutionData[] {
	let changes = this.getNodeParameter('changes', 0, '[]');
	if (typeof changes === 'string') {
		try {
			changes = JSON.parse(changes);
		} catch {
			throw new NodeOperationError(this.getNode(), "Changes is not JSON: map the trigger's items, e.g. {{ $('Zoho CRM Trigger').all().map((item) => item.json) }}");
		}
	}
	if (!Array.isArray(changes)) throw new NodeOperationError(this.getNode(), "Changes must be a list of the trigger's items");
	const from = this.getNodeParameter('changesFrom', 0, 'crm') as ChangesFrom;
	const object = this.getNodeParameter('changedObject', 0, 'contacts') as RecordObject;
	const users = items.map((item) => item.json as unknown as ActiveCrmUser);
	const byMailbox = new Map(users.map((user, index) => [String(user.email ?? '').toLowerCase(), index]));
	return groupChangesByMailbox(changes as JsonObject[], users, from, object).map((group) => {
		const userIndex = byMailbox.get(group.mailbox);
		return { json: group as unknown as IDataObject, pairedItem: userIndex === undefined ? everyUser : [{ item: userIndex }] };
	});
}
