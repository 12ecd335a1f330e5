import * as createDraft from './createDraft.operation';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getChanges from './getChanges.operation';
import * as markRead from './markRead.operation';
import * as markUnread from './markUnread.operation';
import * as move from './move.operation';
import * as saveSent from './saveSent.operation';
import * as send from './send.operation';
import type { INodeProperties } from 'n8n-workflow';

export { createDraft, del as delete, get, getAll, getChanges, markRead, markUnread, move, saveSent, send };

const operation: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['message'] } },
	options: [
		{ name: 'Create Draft', value: 'createDraft', action: 'Create a draft message' },
		{ name: 'Delete', value: 'delete', action: 'Delete a message' },
		{ name: 'Get', value: 'get', action: 'Get a message' },
		{ name: 'Get Changes', value: 'getChanges', action: 'Get changes to messages', description: 'New, changed and deleted messages in a folder since a cursor' },
		{ name: 'Get Many', value: 'getAll', action: 'Get many messages' },
		{ name: 'Mark as Read', value: 'markRead', action: 'Mark a message as read' },
		{ name: 'Mark as Unread', value: 'markUnread', action: 'Mark a message as unread' },
		{ name: 'Move', value: 'move', action: 'Move a message' },
		{
			name: 'Save as Sent',
			value: 'saveSent',
			action: 'Save a copy of a sent message',
			description: 'Files a copy of mail sent elsewhere (e.g. from the CRM) as a sent message, by default in Sent Items, without sending it',
		},
		{ name: 'Send', value: 'send', action: 'Send a message' },
	],
	default: 'send',
};

export const description = [
	operation,
	...[createDraft, del, get, getAll, getChanges, markRead, markUnread, move, saveSent, send].flatMap((entry) => entry.description),
];
