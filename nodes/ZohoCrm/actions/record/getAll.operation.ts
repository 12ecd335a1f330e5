import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ZohoApiUsage } from '../../transport';
import { fieldSetsToRead, readInFieldSets } from '../../transport/fields';
import { getAllByPageToken } from '../../transport/paging';
import { fieldsOption, modifiedSinceOption, returnAllAndLimit } from '../common/descriptions';
import { MODULE_RESOURCES, moduleFor } from '../common/module';
import { limitFor, modifiedSinceHeader, splitList, toItems } from '../common/utils';

const properties: INodeProperties[] = [
	...returnAllAndLimit(),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Custom View ID',
				name: 'cvid',
				type: 'string',
				default: '',
				description: 'Only the records of this custom view (cannot be combined with sorting)',
			},
			fieldsOption,
			modifiedSinceOption,
			{
				displayName: 'Sort By',
				name: 'sortBy',
				type: 'options',
				options: [
					{ name: 'Created Time', value: 'Created_Time' },
					{ name: 'ID', value: 'id' },
					{ name: 'Modified Time', value: 'Modified_Time' },
				],
				default: 'id',
			},
			{
				displayName: 'Sort Order',
				name: 'sortOrder',
				type: 'options',
				options: [
					{ name: 'Ascending', value: 'asc' },
					{ name: 'Descending', value: 'desc' },
				],
				default: 'desc',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: MODULE_RESOURCES, operation: ['getAll'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number, usage: ZohoApiUsage): Promise<INodeExecutionData[]> {
	const module = moduleFor.call(this, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as {
		cvid?: string;
		fields?: string;
		modifiedSince?: string;
		sortBy?: string;
		sortOrder?: string;
	};
	const sets = await fieldSetsToRead.call(this, module, splitList(options.fields), usage);
	// Each field set is the same list read again: 1 call per 200 records and set.
	const readList = async (fields: string[]) =>
		await getAllByPageToken.call(
			this,
			{
				method: 'GET',
				path: `/${module}`,
				qs: { fields: fields.join(','), cvid: options.cvid, sort_by: options.sortBy, sort_order: options.sortOrder },
				headers: modifiedSinceHeader(options.modifiedSince),
				itemIndex,
				usage,
			},
			limitFor.call(this, itemIndex),
		);
	return toItems.call(this, itemIndex, await readInFieldSets.call(this, module, sets, readList, { itemIndex, usage }));
}
