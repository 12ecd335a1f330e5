import type { IExecuteFunctions } from 'n8n-workflow';
import { perItem, succeeded } from '../../helpers/results';
import type { ItemResult } from '../../helpers/results';
import type { ExchangeTransport } from '../../transport';
import { readRequest, windowFields } from './common';

export const description = windowFields('getFreeBusy');

/** Free/busy of several attendees over a window: one request per input item. */
export async function execute(this: IExecuteFunctions, transport: ExchangeTransport, itemIndexes: number[]): Promise<ItemResult[]> {
	return await perItem(itemIndexes, async (itemIndex) =>
		succeeded(itemIndex, await transport.getFreeBusy(readRequest(this, itemIndex), itemIndex)),
	);
}
