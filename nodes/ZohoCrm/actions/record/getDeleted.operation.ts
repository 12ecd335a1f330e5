import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ZohoApiUsage } from '../../transport';
import { getAllByPageNumber } from '../../transport/paging';
import { modifiedSinceOption, returnAllAndLimit } from '../common/descriptions';
import { MODULE_RESOURCES, moduleFor } from '../common/module';
import { limitFor, modifiedSinceHeader, toItems } from '../common/utils';

const properties: INodeProperties[] = [
	{
		displayName: 'Type',
		name: 'deletedType',
		type: 'options',
		options: [
			{ name: 'All', value: 'all' },
			{ name: 'In Recycle Bin', value: 'recycle', description: 'Recoverable for 60 days' },
			{ name: 'Permanently Deleted', value: 'permanent' },
		],
		default: 'all',
	},
	...returnAllAndLimit(),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [{ ...modifiedSinceOption, description: 'Only records deleted after this time' }],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: MODULE_RESOURCES, operation: ['getDeleted'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number, usage: ZohoApiUsage): Promise<INodeExecutionData[]> {
	const module = moduleFor.call(this, itemIndex);
	const modifiedSince = this.getNodeParameter('options.modifiedSince', itemIndex, '');
	const records = await getAllByPageNumber.call(
		this,
		{
			method: 'GET',
			path: `/${module}/deleted`,
			qs: { type: this.getNodeParameter('deletedType', itemIndex, 'all') as string },
			headers: modifiedSinceHeader(modifiedSince),
			itemIndex,
			usage,
		},
		'data',
		limitFor.call(this, itemIndex),
	);
	return toItems.call(this, itemIndex, records);
}
