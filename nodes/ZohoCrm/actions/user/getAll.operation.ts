import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ZohoApiUsage } from '../../transport';
import { getAllByPageNumber } from '../../transport/paging';
import { returnAllAndLimit } from '../common/descriptions';
import { limitFor, toItems } from '../common/utils';

const properties: INodeProperties[] = [
	{
		displayName: 'Status',
		name: 'userType',
		type: 'options',
		options: [
			{ name: 'Active', value: 'ActiveUsers' },
			{ name: 'All', value: 'AllUsers' },
			{ name: 'Inactive', value: 'DeactiveUsers' },
		],
		default: 'ActiveUsers',
	},
	...returnAllAndLimit(),
];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['getAll'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number, usage: ZohoApiUsage): Promise<INodeExecutionData[]> {
	const users = await getAllByPageNumber.call(
		this,
		{ method: 'GET', path: '/users', qs: { type: this.getNodeParameter('userType', itemIndex) as string }, itemIndex, usage },
		'users',
		limitFor.call(this, itemIndex),
	);
	return toItems.call(this, itemIndex, users);
}
