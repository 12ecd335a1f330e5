import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import * as availability from './availability';
import * as contact from './contact';
import * as event from './event';
import * as mailbox from './mailbox';
import * as message from './message';
import * as task from './task';
import type { ExchangeResource, NodeMap } from './node.type';
import type { Operation } from './itemOperation';
import { groupBy } from '../helpers/results';
import type { ItemResult } from '../helpers/results';
import { exchangeTransport } from '../transport';
import { writeReference } from '../../ExchangeCrmSync/core/summary';

type ResourceModule<R extends ExchangeResource> = Record<NodeMap[R], Operation>;

const resources: { [R in ExchangeResource]: ResourceModule<R> } = {
	contact,
	task,
	event,
	message,
	availability,
	mailbox,
};

function errorWithItemIndex(error: Error, itemIndex: number): Error {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context.itemIndex = itemIndex;
	}
	return error;
}

/**
 * Runs the node: items are grouped by resource and operation (normally all alike), each group is
 * handed to its operation at once so it can batch per mailbox, and the per-item results are put
 * back in input order with pairedItem set. Under continue-on-fail a failed item becomes an error
 * item; otherwise the first failure (in input order) stops the node with its item index.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const transport = await exchangeTransport(this);
	const indexes = items.map((_, itemIndex) => itemIndex);
	const groups = groupBy(indexes, (itemIndex) => {
		const resource = this.getNodeParameter('resource', itemIndex) as string;
		const operation = this.getNodeParameter('operation', itemIndex) as string;
		return `${resource}.${operation}`;
	});
	const results: ItemResult[] = [];
	for (const [key, itemIndexes] of groups) {
		const [resource, operation] = key.split('.');
		const implementation = (resources[resource as ExchangeResource] as Record<string, Operation> | undefined)?.[operation];
		if (!implementation) {
			throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`, {
				itemIndex: itemIndexes[0],
			});
		}
		results.push(...(await implementation.execute.call(this, transport, itemIndexes)));
	}
	results.sort((a, b) => a.itemIndex - b.itemIndex);

	const output: INodeExecutionData[] = [];
	for (const result of results) {
		if (result.error) {
			if (!this.continueOnFail()) throw errorWithItemIndex(result.error, result.itemIndex);
			const context = (result.error as Error & { context?: { responseCode?: unknown } }).context;
			output.push(
				...this.helpers.constructExecutionMetaData(
					this.helpers.returnJsonArray({
						error: result.error.message,
						...(context?.responseCode ? { code: context.responseCode as string } : {}),
						...writeReference(items[result.itemIndex]?.json),
					}),
					{ itemData: { item: result.itemIndex } },
				),
			);
			continue;
		}
		for (const item of result.items ?? []) {
			output.push(...this.helpers.constructExecutionMetaData([item], { itemData: { item: result.itemIndex } }));
		}
	}
	return [output];
}
