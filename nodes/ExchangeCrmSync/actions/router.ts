/**
 * Runs the operation the node is set to. Every operation reads the first input (Plan Sync reads
 * the CRM input too) and answers on the node's four outputs: To Exchange, To CRM, Conflicts, Report.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import * as checkLease from './checkLease.operation';
import * as checkMeetingRequest from './checkMeetingRequest.operation';
import * as chosenMeetingTime from './chosenMeetingTime.operation';
import * as decideReviews from './decideReviews.operation';
import * as groupChanges from './groupChanges.operation';
import * as journalRun from './journalRun.operation';
import * as linkCreated from './linkCreated.operation';
import * as meetingConfirmation from './meetingConfirmation.operation';
import * as meetingTimes from './meetingTimes.operation';
import * as plan from './plan.operation';
import * as previewPage from './previewPage.operation';
import * as recordForReview from './recordForReview.operation';
import * as reviewPage from './reviewPage.operation';
import * as runJobs from './runJobs.operation';
import * as summariseRun from './summariseRun.operation';

/** Run Jobs on Workers waits for the jobs' answers; the others answer at once. */
type Operation = (this: IExecuteFunctions, items: INodeExecutionData[]) => INodeExecutionData[][] | Promise<INodeExecutionData[][]>;

const operations: Record<string, Operation> = {
	checkLease: checkLease.execute,
	checkMeetingRequest: checkMeetingRequest.execute,
	chosenMeetingTime: chosenMeetingTime.execute,
	decideReviews: decideReviews.execute,
	groupChanges: groupChanges.execute,
	journalRun: journalRun.execute,
	linkCreated: linkCreated.execute,
	meetingConfirmation: meetingConfirmation.execute,
	meetingTimes: meetingTimes.execute,
	plan: plan.execute,
	previewPage: previewPage.execute,
	recordForReview: recordForReview.execute,
	reviewPage: reviewPage.execute,
	runJobs: runJobs.execute,
	summariseRun: summariseRun.execute,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation = this.getNodeParameter('operation', 0, 'plan') as string;
	const execute = operations[operation];
	if (!execute) throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported`);
	return await execute.call(this, this.getInputData(0));
}
