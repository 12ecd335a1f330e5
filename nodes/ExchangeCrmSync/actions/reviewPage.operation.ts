/** "Review Page": the input items are the open rows of the Sync review Data Table; the output is one form page. */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { reviewPage } from '../core';
import { reportOutput } from '../helpers/outputs';

export function execute(this: IExecuteFunctions, items: INodeExecutionData[]): INodeExecutionData[][] {
	const page = reviewPage(items.map((item) => item.json), String(this.getNodeParameter('reviewUser', 0, '')));
	return reportOutput([page], items);
}
