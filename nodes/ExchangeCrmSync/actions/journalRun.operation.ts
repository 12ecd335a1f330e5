/**
 * "Journal Run": the input item is Summarise Run's output; Plan Node names the Plan Sync node (its
 * Report has each write's old and new values) and Link Nodes the Link Created Records nodes (the ids
 * of what the run created). The output is the run's rows for the "Sync journal" Data Table.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { journalRun, SIDES, type RunSummary, type Side } from '../core';
import { reportOutput } from '../helpers/outputs';
import { addressList, outputsOf, planReportOf } from '../helpers/parameters';

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

export function execute(this: IExecuteFunctions, items: INodeExecutionData[]): INodeExecutionData[][] {
	const summary = items[0]?.json as unknown as RunSummary | undefined;
	if (!summary || !Array.isArray(summary.failed)) throw new NodeOperationError(this.getNode(), 'The input is not a run summary: connect Summarise Run\'s output');
	const report = planReportOf.call(this);
	const runId = String(this.getNodeParameter('runId', 0, '')).trim();
	if (runId === '') throw new NodeOperationError(this.getNode(), 'Run ID is empty: map the execution ID, e.g. {{ $execution.id }}');
	const linkNodes = addressList(this.getNodeParameter('linkNodes', 0, ''));
	// Link Created Records writes the Exchange links on its first output, the CRM links on its second.
	const links = { exchange: [], crm: [] } as Record<Side, unknown[]>;
	for (const name of linkNodes) SIDES.forEach((side, output) => links[side].push(...outputsOf.call(this, name, output, 'Link Nodes')));
	return reportOutput(journalRun({ runId, report, summary, links, now: new Date().toISOString() }), items);
}
