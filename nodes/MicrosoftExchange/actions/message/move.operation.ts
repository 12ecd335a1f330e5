import type { IExecuteFunctions } from 'n8n-workflow';
import { ItemId } from 'ews-javascript-api';
import { locatorFields } from '../../descriptions/common.description';
import { locateItems } from '../../transport/ews/itemOperations';
import { messageKind } from '../../transport/ews/messageMapping';
import { failed, groupBy, succeeded } from '../../helpers/results';
import type { ItemResult } from '../../helpers/results';
import type { ExchangeSession } from '../../transport/ews/session';
import { folderFields, folderFromParameters } from './fields';

export const description = [
	...locatorFields('message', ['move'], 'message', false),
	...folderFields('destination', 'Destination Folder', ['move']),
];

/** Moves messages, one MoveItem per mailbox and destination. A moved item gets a new ItemId. */
export async function execute(this: IExecuteFunctions, session: ExchangeSession, itemIndexes: number[]): Promise<ItemResult[]> {
	const results: ItemResult[] = [];
	const located = await locateItems(this, session, messageKind, itemIndexes, results);
	const destinations = new Map(
		located.map((entry) => [entry, folderFromParameters(this, session, 'destination', entry.itemIndex, entry.mailbox)]),
	);
	const groups = groupBy(located, (entry) => `${entry.mailbox ?? ''}\n${String(this.getNodeParameter('destination', entry.itemIndex))}\n${String(this.getNodeParameter('destinationId', entry.itemIndex, ''))}`);
	for (const entries of groups.values()) {
		const { mailbox } = entries[0];
		const destination = destinations.get(entries[0]);
		const outcomes = await session.callBatch(mailbox, entries, async (service, part) =>
			await service.MoveItems(part.map((entry) => new ItemId(entry.id as string)), destination as never, true),
		);
		outcomes.forEach((outcome, position) => {
			const entry = entries[position];
			if (outcome.failure) results.push(failed(entry.itemIndex, session.error(outcome.failure, mailbox, entry.itemIndex)));
			else {
				results.push(
					succeeded(entry.itemIndex, {
						id: outcome.response.Item?.Id.UniqueId ?? null,
						previousId: entry.id as string,
						mailbox: session.mailboxAddress(mailbox),
						moved: true,
					}),
				);
			}
		});
	}
	return results;
}
