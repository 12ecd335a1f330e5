import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { listFolders } from '../../transport/ews/folders';
import { mailboxOf } from '../../transport/ews/itemOperations';
import { perItem, succeeded } from '../../helpers/results';
import type { ItemResult } from '../../helpers/results';
import type { ExchangeSession } from '../../transport/ews/session';

export const description: INodeProperties[] = [];

/** Every folder of the mailbox with its path, item counts and class. */
export async function execute(this: IExecuteFunctions, session: ExchangeSession, itemIndexes: number[]): Promise<ItemResult[]> {
	return await perItem(itemIndexes, async (itemIndex) =>
		succeeded(itemIndex, await listFolders(session, mailboxOf(this, itemIndex))),
	);
}
