import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { perItem, succeeded } from '../../helpers/results';
import type { ItemResult } from '../../helpers/results';
import type { ExchangeTransport } from '../../transport';
import { readRequest, windowFields } from './common';

export const description: INodeProperties[] = [
	...windowFields('getSuggestions'),
	{
		displayName: 'Meeting Duration (Minutes)',
		name: 'duration',
		type: 'number',
		typeOptions: { minValue: 5 },
		default: 30,
		displayOptions: { show: { resource: ['availability'], operation: ['getSuggestions'] } },
	},
	{
		displayName: 'Max Suggestions per Day',
		name: 'maxPerDay',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 5,
		displayOptions: { show: { resource: ['availability'], operation: ['getSuggestions'] } },
	},
];

/** Meeting times the server suggests for the attendees, best first within each day. */
export async function execute(this: IExecuteFunctions, transport: ExchangeTransport, itemIndexes: number[]): Promise<ItemResult[]> {
	return await perItem(itemIndexes, async (itemIndex) => {
		const request = {
			...readRequest(this, itemIndex),
			durationMinutes: this.getNodeParameter('duration', itemIndex, 30) as number,
			maxPerDay: this.getNodeParameter('maxPerDay', itemIndex, 5) as number,
		};
		return succeeded(itemIndex, await transport.getSuggestions(request, itemIndex));
	});
}
