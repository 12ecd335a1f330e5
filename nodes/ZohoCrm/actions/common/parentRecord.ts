/** The record that notes and emails belong to: its module and ID. */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { assertModuleName } from './module';

export const parentRecordProperties: INodeProperties[] = [
	{
		displayName: 'Parent Module',
		name: 'parentModule',
		type: 'string',
		default: 'Contacts',
		required: true,
		description: 'API name of the module of the record, e.g. Contacts, Leads, Accounts or Deals',
	},
	{
		displayName: 'Parent Record ID',
		name: 'parentId',
		type: 'string',
		default: '',
		required: true,
	},
];

export function parentRecordFor(this: IExecuteFunctions, itemIndex: number): { module: string; id: string } {
	const module = assertModuleName.call(this, String(this.getNodeParameter('parentModule', itemIndex)).trim(), itemIndex);
	const id = String(this.getNodeParameter('parentId', itemIndex)).trim();
	if (!id) throw new NodeOperationError(this.getNode(), 'Parent Record ID is empty', { itemIndex });
	return { module, id };
}
