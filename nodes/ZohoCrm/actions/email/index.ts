import type { INodeProperties } from 'n8n-workflow';

import * as associate from './associate.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';

export { associate, get, getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['email'] } },
		options: [
			{
				name: 'Associate',
				value: 'associate',
				description: 'Add an email (e.g. from Exchange) to a record, once per Message-ID',
				action: 'Associate an email with a record',
			},
			{ name: 'Get', value: 'get', description: 'Get an email of a record with its content', action: 'Get an email' },
			{ name: 'Get Many', value: 'getAll', description: 'Get many emails of a record', action: 'Get many emails' },
		],
		default: 'associate',
	},
	...associate.description,
	...get.description,
	...getAll.description,
];
