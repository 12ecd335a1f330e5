import type { INodeProperties } from 'n8n-workflow';

/**
 * Parameters shared by the item resources (contact, task, event, message). Each function takes
 * the resource and operations they apply to, so every operation file declares exactly its own.
 */

function show(resource: string, operation: string[]) {
	return { show: { resource: [resource], operation } };
}

/** Which server the node talks to; absent (nodes made before it) means EWS, so they work unchanged. */
export const serverField: INodeProperties = {
	displayName: 'Server',
	name: 'server',
	type: 'options',
	noDataExpression: true,
	options: [
		{ name: 'Exchange Server (EWS)', value: 'ews', description: 'Exchange 2007 SP1 to 2019 and SE on premises, through EWS' },
		{
			name: 'Microsoft 365 (Graph)',
			value: 'graph',
			description: 'Exchange Online through Microsoft Graph; contacts, tasks (To Do), events, availability, mail and the mailbox so far',
		},
	],
	default: 'ews',
};

export const mailboxField: INodeProperties = {
	displayName: 'Mailbox',
	name: 'mailbox',
	type: 'string',
	default: '',
	placeholder: 'alice@example.com',
	description:
		"SMTP address of the mailbox to act for: impersonated when the EWS credential has impersonation on, else opened with the account's delegate access; on Microsoft 365, any mailbox in the app's scope. Empty: the credential's own (EWS) or default (Microsoft 365) mailbox.",
};

export function inputModeFields(resource: string, operation: string, noun: string, uiFields: INodeProperties): INodeProperties[] {
	return [
		{
			displayName: 'Input Mode',
			name: 'inputMode',
			type: 'options',
			options: [
				{ name: 'Fields', value: 'fields', description: 'Set fields one by one' },
				{
					name: 'JSON',
					value: 'json',
					description: `An object in the ${noun} shape the node outputs (e.g. the Sync node's "To Exchange" fields)`,
				},
			],
			default: 'fields',
			displayOptions: show(resource, [operation]),
		},
		{
			displayName: 'Item JSON',
			name: 'itemJson',
			type: 'json',
			default: '{}',
			description: `The ${noun} as JSON; unknown keys are ignored, null clears a field`,
			displayOptions: { show: { resource: [resource], operation: [operation], inputMode: ['json'] } },
		},
		{
			...uiFields,
			displayOptions: { show: { resource: [resource], operation: [operation], inputMode: ['fields'] } },
		},
	];
}

export function locatorFields(resource: string, operations: string[], noun: string, withChangeKey: boolean): INodeProperties[] {
	const fields: INodeProperties[] = [
		{
			displayName: 'Find By',
			name: 'findBy',
			type: 'options',
			options: [
				{ name: 'Item ID', value: 'id' },
				{ name: 'Sync ID', value: 'syncId', description: 'The sync link stored on the item by the Sync node' },
			],
			default: 'id',
			displayOptions: show(resource, operations),
		},
		{
			displayName: `${noun[0].toUpperCase()}${noun.slice(1)}`,
			name: 'itemId',
			type: 'resourceLocator',
			default: { mode: 'id', value: '' },
			required: true,
			modes: [
				{
					displayName: 'By ID',
					name: 'id',
					type: 'string',
					placeholder: 'AAMkAGI2…',
				},
			],
			description: `The EWS ItemId of the ${noun}`,
			displayOptions: { show: { resource: [resource], operation: operations, findBy: ['id'] } },
		},
		{
			displayName: 'Sync ID',
			name: 'syncId',
			type: 'string',
			default: '',
			required: true,
			displayOptions: { show: { resource: [resource], operation: operations, findBy: ['syncId'] } },
		},
	];
	if (withChangeKey) {
		fields.push({
			displayName: 'Change Key',
			name: 'changeKey',
			type: 'string',
			default: '',
			description: `The ChangeKey the ${noun} had when it was read. When given, the operation fails if the ${noun} changed in Exchange since then instead of overwriting that change.`,
			displayOptions: show(resource, operations),
		});
	}
	return fields;
}

export function returnAllFields(resource: string, operations: string[]): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions: show(resource, operations),
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { resource: [resource], operation: operations, returnAll: [false] } },
		},
	];
}

export function getManyFilters(resource: string, extra: INodeProperties[] = []): INodeProperties {
	return {
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: show(resource, ['getAll']),
		options: [
			{
				displayName: 'Has Sync ID',
				name: 'hasSyncId',
				type: 'boolean',
				default: false,
				description: 'Whether to return only items linked by the sync',
			},
			{
				displayName: 'Modified Since',
				name: 'modifiedSince',
				type: 'dateTime',
				default: '',
				description: 'Only items changed at or after this time',
			},
			{
				displayName: 'Search Text',
				name: 'search',
				type: 'string',
				default: '',
				description: 'Only items whose main text fields contain this text (case-insensitive)',
			},
			{
				displayName: 'Sync IDs',
				name: 'syncIds',
				type: 'string',
				default: '',
				description: 'Comma-separated sync IDs; only items carrying one of them',
			},
			...extra,
		],
	};
}

export function crmRecordIdFields(resource: string, noun: string): INodeProperties[] {
	return [
		{
			displayName: 'CRM Record ID',
			name: 'crmRecordId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 3652397000000649013',
			description: `Zoho ID of a CRM record; the output is the ${noun} the sync linked to it, if any. Items are batched per mailbox.`,
			displayOptions: show(resource, ['getByCrmRecordId']),
		},
	];
}

export function deleteFields(resource: string, noun: string): INodeProperties[] {
	return [
		{
			displayName: 'Delete Mode',
			name: 'deleteMode',
			type: 'options',
			options: [
				{
					name: 'Move to Deleted Items',
					value: 'moveToDeletedItems',
					description: 'Recoverable from the Deleted Items folder',
				},
				{
					name: 'Soft Delete',
					value: 'softDelete',
					description: 'Recoverable from Recoverable Items for the retention period',
				},
				{
					name: 'Hard Delete',
					value: 'hardDelete',
					description: `Purges the ${noun}; it cannot be recovered`,
				},
			],
			default: 'moveToDeletedItems',
			displayOptions: show(resource, ['delete']),
		},
	];
}

export function getChangesFields(resource: string, noun: string): INodeProperties[] {
	return [
		{
			displayName: 'Cursor',
			name: 'cursor',
			type: 'string',
			default: '',
			description: `The cursor the previous run returned (its summary item's "cursor"). Empty: start from the beginning, returning every ${noun} as created. A cursor Exchange no longer accepts starts from the beginning too; the summary then says "cursorReset": true.`,
			displayOptions: show(resource, ['getChanges']),
		},
		{
			displayName: 'Fetch All Pages',
			name: 'fetchAllPages',
			type: 'boolean',
			default: true,
			description: 'Whether to follow the changes to the end, or return one page',
			displayOptions: show(resource, ['getChanges']),
		},
		{
			displayName: 'Max Changes',
			name: 'maxChanges',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 512,
			description: 'Max number of changes in the page (Exchange returns at most 512)',
			displayOptions: { show: { resource: [resource], operation: ['getChanges'], fetchAllPages: [false] } },
		},
	];
}
