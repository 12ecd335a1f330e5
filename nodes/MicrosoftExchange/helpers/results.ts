import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

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
