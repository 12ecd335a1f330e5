import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { mailboxOf } from '../../helpers/itemOperations';
import { perItem, succeeded } from '../../helpers/results';
import type { ItemResult } from '../../helpers/results';
import type { ExchangeTransport } from '../../transport';

export const description: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'Alice',
		description: 'A name or email address (or part of one) to look up in the directory and contacts',
		displayOptions: { show: { resource: ['mailbox'], operation: ['resolveNames'] } },
	},
];

/** Names and addresses matching the text: the directory first, then the mailbox's contacts. */
export async function execute(this: IExecuteFunctions, transport: ExchangeTransport, itemIndexes: number[]): Promise<ItemResult[]> {
	return await perItem(itemIndexes, async (itemIndex) => {
		const name = String(this.getNodeParameter('name', itemIndex, '')).trim();
		return succeeded(itemIndex, await transport.resolveNames(mailboxOf(this, itemIndex), name, itemIndex));
	});
}
