import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription, NodeConnectionType } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { properties } from './actions/node.description';
import { router } from './actions/router';

/** Two inputs (Exchange, CRM) and four outputs, like n8n's Merge node has two inputs. */
const SYNC_INPUTS: NodeConnectionType[] = [NodeConnectionTypes.Main, NodeConnectionTypes.Main];
const SYNC_OUTPUTS: NodeConnectionType[] = [...SYNC_INPUTS, ...SYNC_INPUTS];

export class ExchangeCrmSync implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Exchange ⇄ CRM Sync',
		name: 'exchangeCrmSync',
		icon: { light: 'file:exchangeCrmSync.svg', dark: 'file:exchangeCrmSync.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ ({ linkCreated: "link created records", previewPage: "preview page", summariseRun: "summarise run", groupChanges: "group changes by mailbox", checkLease: "check lease", runJobs: "run jobs on workers", journalRun: "journal run", recordForReview: "record for review", reviewPage: "review page", decideReviews: "save review decisions", checkMeetingRequest: "check meeting request", meetingTimes: "meeting times", chosenMeetingTime: "chosen meeting time", meetingConfirmation: "meeting confirmation" })[$parameter["operation"]] ?? $parameter["object"] + " · " + $parameter["mailbox"] }}',
		description: 'Decide what Exchange and Zoho CRM must each do to be in sync',
		defaults: { name: 'Exchange ⇄ CRM Sync' },
		usableAsTool: true,
		inputs: SYNC_INPUTS,
		inputNames: ['Exchange', 'CRM'],
		outputs: SYNC_OUTPUTS,
		outputNames: ['To Exchange', 'To CRM', 'Conflicts', 'Report'],
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router.call(this);
	}
}
