import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { channelExpiry, enableChannel } from '../../helpers/channels';
import type { ZohoApiUsage } from '../../transport';
import { splitList, toItems } from '../common/utils';
import { channelIdProperty, expiryHoursProperty } from './common';

const properties: INodeProperties[] = [
	channelIdProperty,
	{
		displayName: 'Events',
		name: 'events',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Contacts.all,Tasks.create,Events.edit',
		description: 'Comma-separated &lt;Module&gt;.&lt;create|edit|delete|all&gt; events',
	},
	{ displayName: 'Notify URL', name: 'notifyUrl', type: 'string', default: '', required: true },
	{
		displayName: 'Token',
		name: 'token',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		description: 'Up to 50 characters, sent back with every notification so the receiver can check it',
	},
	expiryHoursProperty,
	{
		displayName: 'Return Affected Field Values',
		name: 'returnAffectedFieldValues',
		type: 'boolean',
		default: false,
		description: 'Whether notifications of edits carry the changed values',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['notification'], operation: ['enable'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number, usage: ZohoApiUsage): Promise<INodeExecutionData[]> {
	const token = String(this.getNodeParameter('token', itemIndex, ''));
	if (token.length > 50) throw new NodeOperationError(this.getNode(), 'Token is longer than 50 characters', { itemIndex });
	const result = await enableChannel.call(
		this,
		{
			channelId: String(this.getNodeParameter('channelId', itemIndex)).trim(),
			events: splitList(this.getNodeParameter('events', itemIndex)),
			notifyUrl: String(this.getNodeParameter('notifyUrl', itemIndex)).trim(),
			token,
			expiry: channelExpiry(new Date(), (this.getNodeParameter('expiryHours', itemIndex) as number) * 3_600_000),
			returnAffectedFieldValues: this.getNodeParameter('returnAffectedFieldValues', itemIndex, false) as boolean,
		},
		usage,
		itemIndex,
	);
	return toItems.call(this, itemIndex, result);
}
