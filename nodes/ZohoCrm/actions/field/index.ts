import type { INodeProperties } from 'n8n-workflow';

import { moduleLocator } from '../common/descriptions';
import * as createSyncFields from './createSyncFields.operation';
import * as getAll from './getAll.operation';

export { createSyncFields, getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['field'] } },
		options: [
			{
				name: 'Create Sync Fields',
				value: 'createSyncFields',
				description: 'Create the Exchange sync link fields in a module, if missing',
				action: 'Create the sync fields',
			},
			{ name: 'Get Many', value: 'getAll', description: 'Get the fields of a module', action: 'Get many fields' },
		],
		default: 'getAll',
	},
	{ ...moduleLocator, displayOptions: { show: { resource: ['field'] } } },
	...createSyncFields.description,
	...getAll.description,
];
