/**
 * Runs the chosen operation over the input items. Item operations run per item; batch
 * operations (create, update, upsert, delete) run once for all items and return one outcome
 * per item. Either way every output item is paired to its input item, and a failed item
 * either becomes an error item (continue on fail) or stops the node with the item named.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { writeReference } from '../../ExchangeCrmSync/core/summary';
import { errorItemJson } from '../transport/errors';
import type { ZohoApiUsage } from '../transport';
import * as email from './email';
import * as field from './field';
import { MODULE_RESOURCES } from './common/module';
import type { BatchOperation, ZohoCrmOperation } from './node.type';
import * as note from './note';
import * as notification from './notification';
import * as record from './record';
import * as user from './user';

const OPERATIONS_BY_RESOURCE: Record<string, Record<string, ZohoCrmOperation>> = {
	...Object.fromEntries(MODULE_RESOURCES.map((resource) => [resource, record as unknown as Record<string, ZohoCrmOperation>])),
	note: note as unknown as Record<string, ZohoCrmOperation>,
	email: email as unknown as Record<string, ZohoCrmOperation>,
	user: user as unknown as Record<string, ZohoCrmOperation>,
	field: field as unknown as Record<string, ZohoCrmOperation>,
	notification: notification as unknown as Record<string, ZohoCrmOperation>,
};

function isBatchOperation(operation: ZohoCrmOperation): operation is BatchOperation {
	return 'batched' in operation && operation.batched;
}

function withItemIndex(this: IExecuteFunctions, error: Error, itemIndex: number): Error {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (error.context.itemIndex === undefined) error.context.itemIndex = itemIndex;
		return error;
	}
	return new NodeOperationError(this.getNode(), error, { itemIndex });
}

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = OPERATIONS_BY_RESOURCE[resource]?.[operationName];
	if (!operation || typeof operation.execute !== 'function') {
		throw new NodeOperationError(this.getNode(), `The operation "${operationName}" is not supported for "${resource}"`);
	}
	const usage: ZohoApiUsage = { requests: 0 };
	const returnData: INodeExecutionData[] = [];
	const pairedError = (error: Error, itemIndex: number) =>
		this.helpers.constructExecutionMetaData(this.helpers.returnJsonArray({ ...errorItemJson(error), ...writeReference(items[itemIndex]?.json) }), {
			itemData: { item: itemIndex },
		});

	if (isBatchOperation(operation)) {
		const outcomes = await operation.execute.call(this, items.map((_, index) => index), usage);
		for (const outcome of outcomes) {
			if (outcome.error) {
				if (!this.continueOnFail()) throw outcome.error;
				returnData.push(...pairedError(outcome.error, outcome.itemIndex));
			} else {
				returnData.push(
					...this.helpers.constructExecutionMetaData(this.helpers.returnJsonArray(outcome.json ?? {}), {
						itemData: { item: outcome.itemIndex },
					}),
				);
			}
		}
	} else {
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			try {
				returnData.push(...(await operation.execute.call(this, itemIndex, usage)));
			} catch (error) {
				if (!this.continueOnFail()) throw withItemIndex.call(this, error as Error, itemIndex);
				returnData.push(...pairedError(error as Error, itemIndex));
			}
		}
	}
	// Zoho sends the credit count once half of the 24-hour allowance is used.
	if (usage.creditsRemaining !== undefined && typeof this.addExecutionHints === 'function') {
		this.addExecutionHints({
			message: `Zoho CRM: ${usage.requests} API calls; ${usage.creditsRemaining} API credits left in the 24-hour window`,
			location: 'outputPane',
		});
	}
	return [returnData];
}
