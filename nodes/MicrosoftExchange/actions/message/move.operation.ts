import type { IExecuteFunctions } from 'n8n-workflow';
import { locatorFields } from '../../descriptions/common.description';
import { readLocators } from '../../helpers/itemOperations';
import { messageType } from '../../helpers/itemTypes/message';
import { failed } from '../../helpers/results';
import type { ItemResult } from '../../helpers/results';
import type { ExchangeTransport, MoveRequest } from '../../transport';
import { folderFields, folderFromParameters } from './fields';

export const description = [
	...locatorFields('message', ['move'], 'message', false),
	...folderFields('destination', 'Destination Folder', ['move']),
];

/** Moves messages, batched per mailbox and destination. A moved message may get a new id. */
export async function execute(this: IExecuteFunctions, transport: ExchangeTransport, itemIndexes: number[]): Promise<ItemResult[]> {
	const results: ItemResult[] = [];
	const requests: MoveRequest[] = [];
	for (const locator of readLocators(this, itemIndexes, results)) {
		try {
			requests.push({ ...locator, destination: folderFromParameters(this, 'destination', locator.itemIndex) });
		} catch (error) {
			results.push(failed(locator.itemIndex, error as Error));
		}
	}
	return [...results, ...(await transport.moveItems(messageType, requests))];
}
