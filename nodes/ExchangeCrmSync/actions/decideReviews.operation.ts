/** "Save Review Decisions": the input item is the review page's answers; the output is the decided rows. */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { decideReviews } from '../core';
import { nowIso, reportOutput } from '../helpers/outputs';
import { reviewItemsOf } from '../helpers/parameters';

export function execute(this: IExecuteFunctions, items: INodeExecutionData[]): INodeExecutionData[][] {
	const answers = items[0]?.json ?? {};
	const rows = decideReviews(reviewItemsOf.call(this, true), answers, String(this.getNodeParameter('reviewUser', 0, '')), nowIso());
	return reportOutput(rows, items);
}
