/**
 * The prebuilt sync workflows for Microsoft 365 (workflows/microsoft-365/): the same workflows as
 * over EWS, with every Exchange node set to Server "Microsoft 365 (Graph)" and the Microsoft 365
 * credential, under their own ids, names and Sync Now webhook, so both sets can be imported side
 * by side. Only the objects the Graph transport carries are in the set; the "Schedule a meeting"
 * form is in it too, at its own form path.
 */
import { GRAPH_CREDENTIAL } from '../n8n/credentials';
import type { N8nWorkflow } from '../n8n/instance';
import { allWorkflows, OBJECT_WORKFLOWS, PACKAGE, type SyncObject, type SyncWorkflowSet } from './definitions';
import { meetingWorkflows, type MeetingWorkflowSet } from './meeting';
import { previewWorkflows } from './preview';
import { undoWorkflows } from './undo';
import { realtimeWorkflows } from './realtime';
import type { RealtimeWorkflowSet } from './realtime';

export const MICROSOFT_365_FOLDER = 'microsoft-365';

/** The objects whose every Exchange operation works over Microsoft Graph. */
export const MICROSOFT_365_OBJECTS: SyncObject[] = ['contacts', 'tasks', 'events', 'mail'];

/** Ids of the Microsoft 365 workflows start with this instead of `exzs`. */
const ID_PREFIX = 'm365';

export const MICROSOFT_365_WORKFLOW_SET: SyncWorkflowSet = {
	title: 'Microsoft 365 ⇄ CRM',
	syncNowId: `${ID_PREFIX}SyncNow`,
	syncNowWebhookPath: 'microsoft-365-crm-sync-now',
	syncNowWebhookId: '0365d7e1-5c2b-4a8e-b1f6-9d3c7a2e4b10',
	previewId: `${ID_PREFIX}PreviewSyncNow`,
	previewWebhookPath: 'microsoft-365-crm-preview',
	previewWebhookId: '0365b7c2-5a14-4f6b-8e0d-7c1a2b9f4e63',
	syncJobId: `${ID_PREFIX}SyncJob`,
	syncJobWebhookPath: 'microsoft-365-crm-sync-job',
	syncJobWebhookId: '0365e4a1-3d2b-4c7e-a9f0-5b6d2e8c1a74',
	undoId: `${ID_PREFIX}UndoRun`,
	undoFormPath: 'microsoft-365-crm-undo',
	undoWebhookId: '0365a2e4-9b3f-4e8a-a6d5-2c1b0f9e8d74',
	objects: OBJECT_WORKFLOWS.filter((spec) => MICROSOFT_365_OBJECTS.includes(spec.object)).map((spec) => ({
		...spec,
		workflowId: spec.workflowId.replace(/^exzs/, ID_PREFIX),
	})),
};

/**
 * The real-time workflows for Microsoft 365: the Exchange triggers receive Graph change
 * notifications at their own webhook URLs (tasks, which have none, are polled by the trigger).
 */
export const MICROSOFT_365_REALTIME_SET: RealtimeWorkflowSet = {
	crmToExchangeId: `${ID_PREFIX}RtCrmToExch`,
	exchangeToCrmId: `${ID_PREFIX}RtExchToCrm`,
	namePrefix: 'Microsoft 365 ',
	zohoTriggerWebhookIds: {
		contacts: '0365a1c4-7e2d-4b9f-8a31-5c6d7e8f9a01',
		tasks: '0365a1c4-7e2d-4b9f-8a31-5c6d7e8f9a02',
		events: '0365a1c4-7e2d-4b9f-8a31-5c6d7e8f9a03',
	},
	exchangeTriggerWebhookIds: {
		contacts: '0365e2d5-8f3e-4ca0-9b42-6d7e8f9a0b11',
		tasks: '0365e2d5-8f3e-4ca0-9b42-6d7e8f9a0b12',
		events: '0365e2d5-8f3e-4ca0-9b42-6d7e8f9a0b13',
	},
};

/** "Schedule a meeting" for Microsoft 365: free/busy, suggested times and the event over Graph. */
export const MICROSOFT_365_MEETING_SET: MeetingWorkflowSet = {
	id: `${ID_PREFIX}ScheduleMeeting`,
	name: `${MICROSOFT_365_WORKFLOW_SET.title}: Schedule a meeting`,
	formPath: 'microsoft-365-schedule-meeting',
	formWebhookId: '0365f4a9-2c7e-4d1b-a8e6-3b5c9d0e7f21',
};

const EXCHANGE_NODE_TYPES = new Set([`${PACKAGE}.microsoftExchange`, `${PACKAGE}.microsoftExchangeTrigger`]);

/** The workflow with its Exchange nodes on Microsoft Graph. */
function overGraph(workflow: N8nWorkflow): N8nWorkflow {
	return {
		...workflow,
		nodes: workflow.nodes.map((node) =>
			EXCHANGE_NODE_TYPES.has(node.type)
				? { ...node, parameters: { server: 'graph', ...node.parameters }, credentials: { microsoft365GraphApi: GRAPH_CREDENTIAL } }
				: node,
		),
	};
}

/** Sync Now, its preview, the object workflows, the real-time workflows and "Schedule a meeting" for Microsoft 365, keyed by their file names. */
export function microsoft365Workflows(): Record<string, N8nWorkflow> {
	const workflows = {
		...allWorkflows(MICROSOFT_365_WORKFLOW_SET),
		...previewWorkflows(MICROSOFT_365_WORKFLOW_SET),
		...undoWorkflows(MICROSOFT_365_WORKFLOW_SET),
		...realtimeWorkflows(MICROSOFT_365_REALTIME_SET),
		...meetingWorkflows(MICROSOFT_365_MEETING_SET),
	};
	return Object.fromEntries(Object.entries(workflows).map(([file, workflow]) => [file, overGraph(workflow)]));
}
