import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { disableChannels } from '../../helpers/channels';
import type { ZohoApiUsage } from '../../transport';
import { splitList, toItems } from '../common/utils';
import { channelIdProperty } from './common';

const properties: INodeProperties[] = [
	{ ...channelIdProperty, displayName: 'Channel IDs', name: 'channelIds', description: 'Comma-separated channel IDs' },
];

export const description = updateDisplayOptions({ show: { resource: ['notification'], operation: ['disable'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number, usage: ZohoApiUsage): Promise<INodeExecutionData[]> {
	const results = await disableChannels.call(this, splitList(this.getNodeParameter('channelIds', itemIndex)), usage, itemIndex);
	return toItems.call(this, itemIndex, results);
}
