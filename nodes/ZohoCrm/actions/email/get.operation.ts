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
	{
		displayName: 'Owner ID',
		name: 'ownerId',
		type: 'string',
		default: '',
		description: 'ID of the CRM user who sent the email (its owner.ID in Get Many); Zoho needs it for an email sent by another user',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['email'], operation: ['get'] } }, properties);

/** One email with its content (lists carry no body). */
export async function execute(this: IExecuteFunctions, itemIndex: number, usage: ZohoApiUsage): Promise<INodeExecutionData[]> {
	const parent = parentRecordFor.call(this, itemIndex);
	const messageId = String(this.getNodeParameter('messageId', itemIndex)).trim();
	const ownerId = String(this.getNodeParameter('ownerId', itemIndex, '') ?? '').trim();
	const { body } = await zohoApiRequest.call(this, {
		method: 'GET',
		path: `/${parent.module}/${encodeURIComponent(parent.id)}/Emails/${encodeURIComponent(messageId)}`,
		...(ownerId ? { qs: { owner_id: ownerId } } : {}),
		itemIndex,
		usage,
	});
	return toItems.call(this, itemIndex, (body.Emails as IDataObject[] | undefined) ?? []);
}
