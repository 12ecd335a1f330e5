/** Reading the Sync node's parameters and other nodes' outputs, with errors that say what to fix. */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
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

/**
 * The Sync review rows the node Review Items Node names returned (none when it is empty), read here
 * rather than through an expression: a large inbox exceeds n8n's expression memory limit.
 */
export function reviewItemsOf(this: IExecuteFunctions, required: boolean): unknown[] {
	const name = String(this.getNodeParameter('reviewItemsNode', 0, '')).trim();
	if (name !== '') return outputsOf.call(this, name, 0, 'Review Items Node');
	if (!required) return [];
	throw new NodeOperationError(this.getNode(), 'Review Items Node is empty: name the Data Table node that read the Sync review rows (e.g. "Open reviews")');
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
			description: 'Name the node exactly as it is called on the canvas',
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

/** The output items of the node a parameter names (see outputsOf), the parameter's value being that node's name. */
export function outputsOfNamed(this: IExecuteFunctions, parameter: string, displayName: string, output = 0): Array<Record<string, unknown>> {
	const name = String(this.getNodeParameter(parameter, 0, ''));
	return outputsOf.call(this, name, output, displayName).filter(isObject);
}

/** A parameter of `operation` that names another node of the workflow, read with outputsOfNamed. */
export const nodeNameParameter = (operation: string, displayName: string, name: string, defaultName: string, description: string): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	default: defaultName,
	required: true,
	description,
	displayOptions: { show: { operation: [operation] } },
});
