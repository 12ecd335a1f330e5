import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ZohoApiUsage } from '../../transport';
import { zohoApiRequest } from '../../transport';
import { parentRecordFor, parentRecordProperties } from '../common/parentRecord';
import { toItems } from '../common/utils';

const properties: INodeProperties[] = [
	...parentRecordProperties,
	{
		displayName: 'Message ID',
		name: 'messageId',
		type: 'string',
		default: '',
		required: true,
		description: 'Zoho\'s message_id of the email (from Get Many), not the RFC Message-ID',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['email'], operation: ['get'] } }, properties);

/** One email with its content (lists carry no body). */
export async function execute(this: IExecuteFunctions, itemIndex: number, usage: ZohoApiUsage): Promise<INodeExecutionData[]> {
	const parent = parentRecordFor.call(this, itemIndex);
	const messageId = String(this.getNodeParameter('messageId', itemIndex)).trim();
	const { body } = await zohoApiRequest.call(this, {
		method: 'GET',
		path: `/${parent.module}/${encodeURIComponent(parent.id)}/Emails/${encodeURIComponent(messageId)}`,
		itemIndex,
		usage,
	});
	return toItems.call(this, itemIndex, (body.Emails as IDataObject[] | undefined) ?? []);
}
