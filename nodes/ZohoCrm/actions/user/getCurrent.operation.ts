import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ZohoApiUsage } from '../../transport';
import { zohoApiRequest } from '../../transport';
import { toItems } from '../common/utils';

const properties: INodeProperties[] = [];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['getCurrent'] } }, properties);

/** The user the credential acts as. */
export async function execute(this: IExecuteFunctions, itemIndex: number, usage: ZohoApiUsage): Promise<INodeExecutionData[]> {
	const { body } = await zohoApiRequest.call(this, { method: 'GET', path: '/users', qs: { type: 'CurrentUser' }, itemIndex, usage });
	return toItems.call(this, itemIndex, (body.users as IDataObject[] | undefined) ?? []);
}
