import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeApiError, updateDisplayOptions } from 'n8n-workflow';

import { channelExpiry, listChannels, renewChannel } from '../../helpers/channels';
import type { ZohoApiUsage } from '../../transport';
import { toItems } from '../common/utils';
import { channelIdProperty, expiryHoursProperty } from './common';

const properties: INodeProperties[] = [
	{ ...channelIdProperty, description: 'The channel to renew' },
	expiryHoursProperty,
];

export const description = updateDisplayOptions({ show: { resource: ['notification'], operation: ['renew'] } }, properties);

/** Moves the channel's expiry ahead, keeping its events (read from Zoho first). */
export async function execute(this: IExecuteFunctions, itemIndex: number, usage: ZohoApiUsage): Promise<INodeExecutionData[]> {
	const channelId = String(this.getNodeParameter('channelId', itemIndex)).trim();
	const [channel] = await listChannels.call(this, channelId, usage);
	if (!channel) {
		throw new NodeApiError(this.getNode(), { message: 'channel not found' }, {
			message: `Zoho CRM has no notification channel ${channelId} (it may have expired)`,
			httpCode: '404',
			itemIndex,
		});
	}
	const result = await renewChannel.call(
		this,
		{
			channelId,
			events: (channel.events as string[] | undefined) ?? [],
			expiry: channelExpiry(new Date(), (this.getNodeParameter('expiryHours', itemIndex) as number) * 3_600_000),
		},
		usage,
		itemIndex,
	);
	return toItems.call(this, itemIndex, result);
}
