/** Parameters several operations share. */
import type { INodeProperties } from 'n8n-workflow';

import { ZOHO_SYNC_ID_FIELD } from '../../helpers/syncFields';

export const moduleLocator: INodeProperties = {
	displayName: 'Module',
	name: 'module',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The Zoho CRM module, standard or custom',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchModules', searchable: true },
		},
		{
			displayName: 'By API Name',
			name: 'name',
			type: 'string',
			placeholder: 'e.g. Contacts',
			validation: [
				{
					type: 'regex',
					properties: { regex: '^[A-Za-z][A-Za-z0-9_]*$', errorMessage: 'Not a module API name' },
				},
			],
		},
	],
};

/** How update, delete and get find the record: by Zoho id, or by an external-ID field. */
export const recordAddress: INodeProperties[] = [
	{
		displayName: 'Find Record By',
		name: 'addressBy',
		type: 'options',
		options: [
			{ name: 'ID', value: 'id', description: 'The Zoho record ID' },
			{
				name: 'External ID Field',
				value: 'externalId',
				description: 'The value of an external-ID field, such as the sync field',
			},
		],
		default: 'id',
	},
	{
		displayName: 'External ID Field',
		name: 'externalIdField',
		type: 'string',
		default: ZOHO_SYNC_ID_FIELD,
		description: 'API name of the external-ID field',
		displayOptions: { show: { addressBy: ['externalId'] } },
	},
	{
		displayName: 'Record ID',
		name: 'recordId',
		type: 'string',
		default: '',
		description:
			'The record ID, or the external ID value. For update in JSON input mode, leave empty to use the ID (or external ID field) inside the record.',
	},
];

export const triggerWorkflowsOption: INodeProperties = {
	displayName: 'Trigger Zoho Workflows',
	name: 'triggerWorkflows',
	type: 'boolean',
	default: true,
	description:
		'Whether Zoho runs its workflow rules, approvals and blueprints for this write. Turn off for sync writes so Zoho automations (and notifications) do not echo them back.',
};

/** The Options of a write: whether Zoho automations run. */
export const writeOptions: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [triggerWorkflowsOption],
};

export function returnAllAndLimit(maxLimit?: number): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1, ...(maxLimit ? { maxValue: maxLimit } : {}) },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { returnAll: [false] } },
		},
	];
}

export const modifiedSinceOption: INodeProperties = {
	displayName: 'Modified Since',
	name: 'modifiedSince',
	type: 'dateTime',
	default: '',
	description: 'Only records modified after this time (sent as If-Modified-Since)',
};

export const fieldsOption: INodeProperties = {
	displayName: 'Fields',
	name: 'fields',
	type: 'string',
	default: '',
	placeholder: 'e.g. Last_Name,Email,Modified_Time',
	description:
		'Comma-separated API names of the fields to return. Empty: every field of the module. Zoho names at most 50 fields per request; beyond 50, the others are read in further calls (by the IDs read) and merged.',
};
