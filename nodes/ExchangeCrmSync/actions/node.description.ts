/** The Sync node's settings: the operation, then each operation's own (names as the docs use them). */
import type { INodeProperties } from 'n8n-workflow';

import * as checkLease from './checkLease.operation';
import * as checkMeetingRequest from './checkMeetingRequest.operation';
import * as chosenMeetingTime from './chosenMeetingTime.operation';
import * as groupChanges from './groupChanges.operation';
import * as journalRun from './journalRun.operation';
import * as linkCreated from './linkCreated.operation';
import * as meetingConfirmation from './meetingConfirmation.operation';
import * as meetingTimes from './meetingTimes.operation';
import * as plan from './plan.operation';
import * as previewPage from './previewPage.operation';
import * as recordForReview from './recordForReview.operation';
import * as review from './review.description';
import * as runJobs from './runJobs.operation';
import * as summariseRun from './summariseRun.operation';

export const properties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Check Lease',
				value: 'checkLease',
				description: 'Decide from the lease rows read after a take whether this run may sync its mailbox and object, or skips because another run is syncing them',
				action: 'Check the lease of a mailbox and object',
			},
			{
				name: 'Check Meeting Request',
				value: 'checkMeetingRequest',
				description: 'Check the answers of the "Schedule a meeting" form (the input item): times, time zone, addresses and reminder, one message per problem',
				action: 'Check a meeting request',
			},
			{
				name: 'Chosen Meeting Time',
				value: 'chosenMeetingTime',
				description: 'Turn the time picked on the availability page (the input item) into the Exchange event to create, or refuse it when someone is busy then',
				action: 'Turn the chosen time into a meeting',
			},
			{
				name: 'Group Changes by Mailbox',
				value: 'groupChanges',
				description: "Turn a real-time trigger's changes into one item per user's mailbox: each record once, the user's time zone, and the lookups of the records' counterparts on the other side",
				action: 'Group changes by mailbox',
			},
			{
				name: 'Journal Run',
				value: 'journalRun',
				description: 'Turn what a run wrote into rows of the Sync journal Data Table: per record created, field updated (old and new value) and record deleted (its content), on either side',
				action: 'Journal a sync run',
			},
			{
				name: 'Link Created Records',
				value: 'linkCreated',
				description: 'Complete the links of the records a run created, once their IDs are known',
				action: 'Link created records',
			},
			{
				name: 'Meeting Confirmation',
				value: 'meetingConfirmation',
				description: 'Say what scheduling created: the Exchange meeting or appointment and whether the Zoho CRM event was created and linked',
				action: 'Confirm a scheduled meeting',
			},
			{
				name: 'Meeting Times',
				value: 'meetingTimes',
				description: 'Tell each attendee apart as CRM contact, CRM lead, colleague or unknown, and offer the requested time and the suggested times at which everyone is free, as the availability page',
				action: 'Offer meeting times',
			},
			{
				name: 'Plan Sync',
				value: 'plan',
				description: 'Decide what Exchange and the CRM must each do to be in sync',
				action: 'Plan a sync',
			},
			{
				name: 'Preview Page',
				value: 'previewPage',
				description: 'Turn the previews of Plan Sync runs (Preview Only) into one HTML page an admin reads: totals, and per user and object every create, field change, delete, held delete and conflict',
				action: 'Render a sync preview page',
			},
			{
				name: 'Record for Review',
				value: 'recordForReview',
				description: 'Turn a run\'s conflicts sent for review, held deletes and rejected records into rows of the Sync review Data Table (seen again: last seen updated), and close the rows whose record the run wrote',
				action: 'Record a run for review',
			},
			{
				name: 'Review Page',
				value: 'reviewPage',
				description: 'Turn the open rows of the Sync review Data Table (the input items) into a form page that asks, per item, what to do',
				action: 'Build the review page',
			},
			{
				name: 'Run Jobs on Workers',
				value: 'runJobs',
				description: "POST each job to the Sync Job workflow's webhook, so queue mode runs every user on any worker, and output each job's report",
				action: 'Run jobs on workers',
			},
			{
				name: 'Save Review Decisions',
				value: 'decideReviews',
				description: 'Turn the answers of the review page (the input item) into the decided rows of the Sync review Data Table, which the next run applies',
				action: 'Save review decisions',
			},
			{
				name: 'Summarise Run',
				value: 'summariseRun',
				description: 'Turn Plan Sync\'s report and what the writes returned into the run\'s report: what was written, what was refused and why, and whether the next run may start from here',
				action: 'Summarise a sync run',
			},
		],
		default: 'plan',
	},
	...summariseRun.description,
	...previewPage.description,
	...linkCreated.description,
	...recordForReview.description,
	...review.description,
	...groupChanges.description,
	...checkLease.description,
	...runJobs.description,
	...journalRun.description,
	...checkMeetingRequest.description,
	...meetingTimes.description,
	...chosenMeetingTime.description,
	...meetingConfirmation.description,
	...plan.description,
];
