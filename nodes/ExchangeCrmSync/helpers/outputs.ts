/**
 * The Sync node's four outputs (To Exchange, To CRM, Conflicts, Report) and their pairing: every
 * operation answers in this shape, most of them on Report only.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, IPairedItemData } from 'n8n-workflow';
import { DateTime } from 'luxon';
import { NodeOperationError } from 'n8n-workflow';

import type { InputError, PlannedItem } from '../core';

const pairedItems = (sources: PlannedItem<unknown>['sources']): IPairedItemData[] => [
	...sources.exchange.map((item) => ({ item, input: 0 })),
	...sources.crm.map((item) => ({ item, input: 1 })),
];

/** Planned items, each paired with the input items of both sides it came from. */
export const toItems = <T>(planned: Array<PlannedItem<T>>): INodeExecutionData[] =>
	planned.map(({ json, sources }) => ({ json: json as unknown as IDataObject, pairedItem: pairedItems(sources) }));

/** Pairing with every input item: for an answer made from all of them. */
export const fromEveryItem = (items: INodeExecutionData[]): IPairedItemData[] => items.map((_item, item) => ({ item }));

/** Rows on the Report output, each made from every input item. */
export const reportOutput = (rows: unknown[], items: INodeExecutionData[]): INodeExecutionData[][] => [
	[],
	[],
	[],
	rows.map((row) => ({ json: row as IDataObject, pairedItem: fromEveryItem(items) })),
];

/** A malformed item blocks only itself: it is reported with its input and index, the rest proceed. */
export function withMessages(this: IExecuteFunctions, errors: InputError[]) {
	return errors.map((entry) => ({
		...entry,
		message: new NodeOperationError(this.getNode(), `${entry.side === 'exchange' ? 'Exchange' : 'CRM'} item ${entry.itemIndex}: ${entry.reason}`, {
			itemIndex: entry.itemIndex,
		}).message,
	}));
}

/** Now, as the review rows and journal store times. */
export const nowIso = () => DateTime.now().toUTC().toISO();

/** Runs a step of the pure core; what it rejects becomes the node's error. */
export function asNodeError<T>(this: IExecuteFunctions, step: () => T): T {
	try {
		return step();
	} catch (error) {
		throw error instanceof NodeOperationError ? error : new NodeOperationError(this.getNode(), error as Error);
	}
}
