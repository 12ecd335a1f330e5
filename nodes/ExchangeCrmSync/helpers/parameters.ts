/** Reading the Sync node's parameters and other nodes' outputs, with errors that say what to fix. */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { SyncReport } from '../core';

export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Addresses (or names) given as a list or as comma-separated text. */
export const addressList = (value: unknown): string[] =>
	(Array.isArray(value) ? value : String(value ?? '').split(','))
		.map((address) => String(address).trim())
		.filter((address) => address !== '');

/** A JSON parameter given as an object or as JSON text; `notJson` says what to fix when it is neither. */
export function jsonParameter(this: IExecuteFunctions, name: string, notJson: string, itemIndex: number): unknown {
	const value = this.getNodeParameter(name, itemIndex, '');
	if (typeof value !== 'string') return value;
	try {
		return JSON.parse(value);
	} catch {
		throw new NodeOperationError(this.getNode(), notJson, { itemIndex });
	}
}

/** The Review Items parameter: rows of the Sync review Data Table (a list, or its JSON). */
export function reviewItemsOf(this: IExecuteFunctions, itemIndex: number): unknown[] {
	if (this.getNodeParameter('reviewItems', itemIndex, '') === '') return [];
	const rows = jsonParameter.call(this, 'reviewItems', 'Review Items is not JSON: map the rows of the Sync review Data Table', itemIndex) ?? [];
	if (!Array.isArray(rows)) throw new NodeOperationError(this.getNode(), 'Review Items must be a list of the Sync review Data Table\'s rows', { itemIndex });
	return rows;
}

/**
 * Every output item of every run of a node (none when it did not run), read here rather than in
 * an expression: n8n evaluates expressions in an isolate with a memory limit, which the writes of
 * a large first sync exceed. `parameter` is the setting that named the node, for the error.
 */
export function outputsOf(this: IExecuteFunctions, name: string, output = 0, parameter = 'Write Nodes'): unknown[] {
	const proxy = this.getWorkflowDataProxy(0);
	let node;
	try {
		node = proxy.$(name);
	} catch {
		throw new NodeOperationError(this.getNode(), `${parameter} names "${name}", which is not a node of this workflow`, {
			description: 'Name the nodes exactly as they are called on the canvas',
		});
	}
	if (!node.isExecuted) return [];
	const runs = Number(proxy.$node[name].runIndex) + 1;
	const outputs: unknown[] = [];
	for (let run = 0; run < runs; run++) for (const item of node.all(output, run) as INodeExecutionData[]) outputs.push(item.json);
	return outputs;
}

/**
 * Plan Sync's Report of this run, from the node Plan Node names (Record for Review, Journal Run):
 * read here, not through an expression, as a first sync's report lists every pair, more than n8n's
 * expression sandbox holds.
 */
export function planReportOf(this: IExecuteFunctions): SyncReport {
	const planNode = String(this.getNodeParameter('planNode', 0, 'Exchange ⇄ CRM Sync'));
	const report = outputsOf.call(this, planNode, 3, 'Plan Node').at(-1) as SyncReport | undefined;
	if (!isObject(report) || !Array.isArray(report.pairs)) throw new NodeOperationError(this.getNode(), `"${planNode}" gave no Plan Sync Report in this run: name the Plan Sync node in Plan Node`);
	return report;
}
