import type { INodeProperties } from 'n8n-workflow';

import * as getAll from './getAll.operation';
import * as getCurrent from './getCurrent.operation';

export { getAll, getCurrent };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['user'] } },
		options: [
			{ name: 'Get Current', value: 'getCurrent', description: 'Get the user the credential acts as', action: 'Get the current user' },
			{ name: 'Get Many', value: 'getAll', description: 'Get many users', action: 'Get many users' },
		],
		default: 'getAll',
	},
	...getAll.description,
	...getCurrent.description,
];
