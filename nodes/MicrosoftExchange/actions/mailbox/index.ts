import type { INodeProperties } from 'n8n-workflow';
import * as getFolders from './getFolders.operation';
import * as resolveNames from './resolveNames.operation';

export { getFolders, resolveNames };

const operation: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['mailbox'] } },
	options: [
		{ name: 'Get Folders', value: 'getFolders', action: 'Get the folders of a mailbox' },
		{ name: 'Resolve Names', value: 'resolveNames', action: 'Resolve a name to mailboxes and contacts' },
	],
	default: 'resolveNames',
};

export const description = [operation, ...getFolders.description, ...resolveNames.description];
