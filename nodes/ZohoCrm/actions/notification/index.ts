import type { INodeProperties } from 'n8n-workflow';

import * as disable from './disable.operation';
import * as enable from './enable.operation';
import * as getAll from './getAll.operation';
import * as renew from './renew.operation';

export { disable, enable, getAll, renew };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['notification'] } },
		options: [
			{ name: 'Disable', value: 'disable', description: 'Disable notification channels', action: 'Disable notification channels' },
			{ name: 'Enable', value: 'enable', description: 'Enable a notification channel', action: 'Enable a notification channel' },
			{ name: 'Get Many', value: 'getAll', description: 'List the notification channels', action: 'Get many notification channels' },
			{ name: 'Renew', value: 'renew', description: 'Move a channel\'s expiry ahead', action: 'Renew a notification channel' },
		],
		default: 'getAll',
	},
	...enable.description,
	...renew.description,
	...disable.description,
	...getAll.description,
];
