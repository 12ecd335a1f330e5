import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeApiError, updateDisplayOptions } from 'n8n-workflow';

import type { ZohoApiUsage } from '../../transport';
import { zohoApiRequest } from '../../transport';
import { fieldsOption, recordAddress } from '../common/descriptions';
import { MODULE_RESOURCES, moduleFor } from '../common/module';
import { recordAddressFor, requiredRecordId, splitList, toItems } from '../common/utils';

const properties: INodeProperties[] = [
	...recordAddress,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [{ ...fieldsOption, description: 'Comma-separated API names of the fields to return. Empty: all fields.' }],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: MODULE_RESOURCES, operation: ['get'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number, usage: ZohoApiUsage): Promise<INodeExecutionData[]> {
	const module = moduleFor.call(this, itemIndex);
	const address = recordAddressFor.call(this, itemIndex, module);
	const id = requiredRecordId.call(this, itemIndex, address);
	const fields = splitList(this.getNodeParameter('options.fields', itemIndex, ''));
	const { body } = await zohoApiRequest.call(this, {
		method: 'GET',
		path: `/${module}/${encodeURIComponent(id)}`,
		qs: { fields },
		headers: address.headers,
		itemIndex,
		usage,
	});
	const records = (body.data as INodeExecutionData['json'][] | undefined) ?? [];
	if (records.length === 0) {
		throw new NodeApiError(this.getNode(), { message: 'record not found' }, {
			message: `No ${module} record with ${address.externalField ?? 'ID'} ${id}`,
			httpCode: '404',
			itemIndex,
		});
	}
	return toItems.call(this, itemIndex, records);
}
