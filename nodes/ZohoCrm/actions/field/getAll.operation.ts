import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ZohoApiUsage } from '../../transport';
import { zohoApiRequest } from '../../transport';
import { moduleFor } from '../common/module';
import { toItems } from '../common/utils';

const properties: INodeProperties[] = [];

export const description = updateDisplayOptions({ show: { resource: ['field'], operation: ['getAll'] } }, properties);

/** The module's fields metadata: API names, labels, data types, picklist values. */
export async function execute(this: IExecuteFunctions, itemIndex: number, usage: ZohoApiUsage): Promise<INodeExecutionData[]> {
	const module = moduleFor.call(this, itemIndex);
	const { body } = await zohoApiRequest.call(this, { method: 'GET', path: '/settings/fields', qs: { module }, itemIndex, usage });
	return toItems.call(this, itemIndex, (body.fields as IDataObject[] | undefined) ?? []);
}
