import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';

/**
 * What an operation produced for one input item: output items, or the error that failed it. The
 * router turns these into n8n output (pairedItem, continue-on-fail) in input order.
 */
export interface ItemResult {
	itemIndex: number;
	items?: INodeExecutionData[];
	error?: Error;
}

export function succeeded(itemIndex: number, json: IDataObject | IDataObject[]): ItemResult {
	return { itemIndex, items: (Array.isArray(json) ? json : [json]).map((entry) => ({ json: entry })) };
}

export function failed(itemIndex: number, error: Error): ItemResult {
	return { itemIndex, error };
}

/** Runs `work` for each item on its own, turning a thrown error into that item's failure. */
export async function perItem(
	itemIndexes: number[],
	work: (itemIndex: number) => Promise<ItemResult>,
): Promise<ItemResult[]> {
	const results: ItemResult[] = [];
	for (const itemIndex of itemIndexes) {
		try {
			results.push(await work(itemIndex));
		} catch (error) {
			results.push(failed(itemIndex, error as Error));
		}
	}
	return results;
}

/** Groups values by a key (e.g. the mailbox), keeping their order within each group. */
export function groupBy<T, K>(values: T[], key: (value: T) => K): Map<K, T[]> {
	const groups = new Map<K, T[]>();
	for (const value of values) {
		const groupKey = key(value);
		const group = groups.get(groupKey);
		if (group) group.push(value);
		else groups.set(groupKey, [value]);
	}
	return groups;
}

/** Wraps bad input (unparseable dates, unknown zones …) as NodeOperationError on its item. */
export function inputError(node: INode, error: unknown, itemIndex: number): Error {
	if (error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, (error as Error).message, { itemIndex });
}

/** Runs `run` for one input item; a failure (bad input) becomes that item's result. */
export function orFailure<T>(node: INode, itemIndex: number, run: () => T, results: ItemResult[]): T | undefined {
	try {
		return run();
	} catch (error) {
		results.push(failed(itemIndex, inputError(node, error, itemIndex)));
		return undefined;
	}
}
