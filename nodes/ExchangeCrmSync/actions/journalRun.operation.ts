/**
 * "Journal Run": the input item is Summarise Run's output; Plan Node names the Plan Sync node (its
 * Report has each write's old and new values) and Link Nodes the Link Created Records nodes (the ids
 * of what the run created). The output is the run's rows for the "Sync journal" Data Table.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { journalRun, SIDES, type RunSummary, type Side, type SyncReport } from '../core';
import { outputsOf } from './nodeOutputs';

const showFor = { show: { operation: ['journalRun'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Run ID',
		name: 'runId',
		type: 'string',
		default: '={{ $execution.id }}',
		required: true,
		description: 'What the journal rows of this run are found by: the n8n execution ID of the run (Sync Now passes its own to the object workflows)',
		displayOptions: showFor,
	},
	{
		displayName: 'Link Nodes',
		name: 'linkNodes',
		type: 'string',
		default: 'Link created items, Link created records',
		description: 'The names of the Link Created Records nodes (comma-separated): the IDs of the records this run created are read there',
		displayOptions: showFor,
	},
];

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function execute(this: IExecuteFunctions, items: INodeExecutionData[]): INodeExecutionData[][] {
	const summary = items[0]?.json as unknown as RunSummary | undefined;
	if (!summary || !Array.isArray(summary.failed)) throw new NodeOperationError(this.getNode(), 'The input is not a run summary: connect Summarise Run\'s output');
	const planNode = String(this.getNodeParameter('planNode', 0, 'Exchange ⇄ CRM Sync'));
	const report = outputsOf.call(this, planNode, 3, 'Plan Node').at(-1) as SyncReport | undefined;
	if (!isObject(report) || !Array.isArray(report.pairs)) throw new NodeOperationError(this.getNode(), `"${planNode}" gave no Plan Sync Report in this run: name the Plan Sync node in Plan Node`);
	const runId = String(this.getNodeParameter('runId', 0, '')).trim();
	if (runId === '') throw new NodeOperationError(this.getNode(), 'Run ID is empty: map the execution ID, e.g. {{ $execution.id }}');
	const linkNodes = String(this.getNodeParameter('linkNodes', 0, ''))
		.split(',')
		.map((name) => name.trim())
		.filter((name) => name !== '');
	// Link Created Records writes the Exchange links on its first output, the CRM links on its second.
	const links = { exchange: [], crm: [] } as Record<Side, unknown[]>;
	for (const name of linkNodes) SIDES.forEach((side, output) => links[side].push(...outputsOf.call(this, name, output, 'Link Nodes')));
	const rows = journalRun({ runId, report, summary, links, now: new Date().toISOString() });
	return [[], [], [], rows.map((row) => ({ json: row as unknown as IDataObject, pairedItem: items.map((_item, item) => ({ item })) }))];
}
