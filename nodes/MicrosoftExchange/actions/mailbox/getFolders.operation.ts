import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { mailboxOf } from '../../helpers/itemOperations';
import { perItem, succeeded } from '../../helpers/results';
import type { ItemResult } from '../../helpers/results';
import type { ExchangeTransport } from '../../transport';

export const description: INodeProperties[] = [];

/** Every folder of the mailbox with its path, item counts and class. */
export async function execute(this: IExecuteFunctions, transport: ExchangeTransport, itemIndexes: number[]): Promise<ItemResult[]> {
	return await perItem(itemIndexes, async (itemIndex) =>
		succeeded(itemIndex, await transport.listFolders(mailboxOf(this, itemIndex))),
	);
}
