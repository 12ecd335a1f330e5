import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { messageType } from '../../helpers/itemTypes/message';
import type { FolderRef, WellKnownFolder } from '../../transport';
import type { ResourceSpec } from '../itemOperation';

/** A folder picker: a well-known folder, or any folder by id (listed from the mailbox). */
export function folderFields(name: string, displayName: string, operations: string[], defaultFolder = 'inbox'): INodeProperties[] {
	return [
		{
			displayName,
			name,
			type: 'options',
			options: [
				{ name: 'Deleted Items', value: 'deleteditems' },
				{ name: 'Drafts', value: 'drafts' },
				{ name: 'Inbox', value: 'inbox' },
				{ name: 'Junk Email', value: 'junkemail' },
				{ name: 'Other Folder', value: 'other' },
				{ name: 'Sent Items', value: 'sentitems' },
			],
			default: defaultFolder,
			displayOptions: { show: { resource: ['message'], operation: operations } },
		},
		{
			displayName: `${displayName} Name or ID`,
			name: `${name}Id`,
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getFolders', loadOptionsDependsOn: ['mailbox'] },
			default: '',
			description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
			displayOptions: { show: { resource: ['message'], operation: operations, [name]: ['other'] } },
		},
	];
}

export function folderFromParameters(context: IExecuteFunctions, name: string, itemIndex: number): FolderRef {
	const choice = context.getNodeParameter(name, itemIndex, 'inbox') as string;
	if (choice !== 'other') return { wellKnown: choice as WellKnownFolder };
	const id = String(context.getNodeParameter(`${name}Id`, itemIndex, '') ?? '').trim();
	if (!id) throw new NodeOperationError(context.getNode(), 'Choose the folder', { itemIndex });
	return { id };
}

export const messageFields: INodeProperties = {
	displayName: 'Fields',
	name: 'messageFields',
	type: 'collection',
	placeholder: 'Add Field',
	default: {},
	options: [
		{ displayName: 'BCC', name: 'bcc', type: 'string', default: '', description: 'Comma-separated email addresses' },
		{ displayName: 'Body', name: 'body', type: 'string', typeOptions: { rows: 5 }, default: '' },
		{
			displayName: 'Body Type',
			name: 'bodyType',
			type: 'options',
			options: [
				{ name: 'HTML', value: 'HTML' },
				{ name: 'Text', value: 'Text' },
			],
			default: 'HTML',
		},
		{ displayName: 'Categories', name: 'categories', type: 'string', default: '', description: 'Comma-separated category names' },
		{ displayName: 'CC', name: 'cc', type: 'string', default: '', description: 'Comma-separated email addresses' },
		{ displayName: 'Subject', name: 'subject', type: 'string', default: '' },
		{ displayName: 'To', name: 'to', type: 'string', default: '', description: 'Comma-separated email addresses' },
	],
};

export const messageSpec: ResourceSpec = {
	resource: 'message',
	type: messageType,
	fields: messageFields,
	extra: { getAll: folderFields('folder', 'Folder', ['getAll']), getChanges: folderFields('folder', 'Folder', ['getChanges']) },
	folderFor: (context, itemIndex) => folderFromParameters(context, 'folder', itemIndex),
	filters: [{ displayName: 'Unread Only', name: 'unreadOnly', type: 'boolean', default: false, description: 'Whether to return only unread messages' }],
};
