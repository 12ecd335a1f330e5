import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { listChannels } from '../../helpers/channels';
import type { ZohoApiUsage } from '../../transport';
import { toItems } from '../common/utils';

const properties: INodeProperties[] = [];

export const description = updateDisplayOptions({ show: { resource: ['notification'], operation: ['getAll'] } }, properties);

/** The org's notification channels, with their events, URL and expiry. */
export async function execute(this: IExecuteFunctions, itemIndex: number, usage: ZohoApiUsage): Promise<INodeExecutionData[]> {
	return toItems.call(this, itemIndex, await listChannels.call(this, undefined, usage));
}
