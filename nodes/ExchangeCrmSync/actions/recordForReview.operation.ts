/**
 * "Record for Review": the input is Summarise Run's output; the output is the rows of the Sync
 * review Data Table this run adds, updates or closes (save them with an upsert on `key`).
 */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { recordForReview } from '../core';
import type { RunSummary } from '../core';
import { nowIso, reportOutput } from '../helpers/outputs';
import { planReportOf, reviewItemsOf } from '../helpers/parameters';

export const description: INodeProperties[] = [
	{
		displayName: 'Plan Node',
		name: 'planNode',
		type: 'string',
		default: 'Exchange ⇄ CRM Sync',
		required: true,
		description: 'The name of the Plan Sync node of this run: its Report is read from there. The input item is Summarise Run\'s output.',
		displayOptions: { show: { operation: ['recordForReview', 'journalRun'] } },
	},
	{
		displayName: 'CRM Module',
		name: 'reviewCrmModule',
		type: 'string',
		default: 'Contacts',
		description: 'The Zoho module the records are in, for their links',
		displayOptions: { show: { operation: ['recordForReview'] } },
	},
	{
		displayName: 'CRM Web Address',
		name: 'crmWebAddress',
		type: 'string',
		default: 'https://crm.zoho.com',
		description: 'Where your users open Zoho CRM (e.g. https://crm.zoho.eu): the rows link to the records there',
		displayOptions: { show: { operation: ['recordForReview'] } },
	},
	{
		displayName: 'Outlook on the Web Address',
		name: 'exchangeWebAddress',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://mail.example.com',
		description: 'Where your users open Outlook on the web: the rows link to the Exchange items there. Empty: no Exchange link.',
		displayOptions: { show: { operation: ['recordForReview'] } },
	},
];

export function execute(this: IExecuteFunctions, items: INodeExecutionData[]): INodeExecutionData[][] {
	const summary = items[0]?.json as unknown as RunSummary | undefined;
	if (!summary || !Array.isArray(summary.failed)) throw new NodeOperationError(this.getNode(), 'The input is not a run summary: connect Summarise Run\'s output');
	const report = planReportOf.call(this);
	const text = (name: string, fallback: string) => String(this.getNodeParameter(name, 0, fallback));
	const rows = recordForReview({
		report,
		summary,
		rows: reviewItemsOf.call(this, true),
		now: nowIso(),
		links: { crm: text('crmWebAddress', 'https://crm.zoho.com'), crmModule: text('reviewCrmModule', 'Contacts'), exchange: text('exchangeWebAddress', '') },
	});
	return reportOutput(rows, items);
}
