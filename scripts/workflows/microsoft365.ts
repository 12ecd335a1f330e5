/**
 * The prebuilt sync workflows for Microsoft 365 (workflows/microsoft-365/): the same workflows as
 * over EWS, with every Exchange node set to Server "Microsoft 365 (Graph)" and the Microsoft 365
 * credential, under their own ids, names and Sync Now webhook, so both sets can be imported side
 * by side. Only the objects the Graph transport carries are in the set.
 */
import { GRAPH_CREDENTIAL } from '../n8n/credentials';
import type { N8nWorkflow } from '../n8n/instance';
import { allWorkflows, OBJECT_WORKFLOWS, PACKAGE, type SyncObject, type SyncWorkflowSet } from './definitions';

export const MICROSOFT_365_FOLDER = 'microsoft-365';

/** The objects whose every Exchange operation works over Microsoft Graph. */
export const MICROSOFT_365_OBJECTS: SyncObject[] = ['contacts'];

/** Ids of the Microsoft 365 workflows start with this instead of `exzs`. */
const ID_PREFIX = 'm365';

export const MICROSOFT_365_WORKFLOW_SET: SyncWorkflowSet = {
	title: 'Microsoft 365 ⇄ CRM',
	syncNowId: `${ID_PREFIX}SyncNow`,
	syncNowWebhookPath: 'microsoft-365-crm-sync-now',
	syncNowWebhookId: '0365d7e1-5c2b-4a8e-b1f6-9d3c7a2e4b10',
	objects: OBJECT_WORKFLOWS.filter((spec) => MICROSOFT_365_OBJECTS.includes(spec.object)).map((spec) => ({
		...spec,
		workflowId: spec.workflowId.replace(/^exzs/, ID_PREFIX),
	})),
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

/** Sync Now and the object workflows for Microsoft 365, keyed by their file names. */
export function microsoft365Workflows(): Record<string, N8nWorkflow> {
	return Object.fromEntries(Object.entries(allWorkflows(MICROSOFT_365_WORKFLOW_SET)).map(([file, workflow]) => [file, overGraph(workflow)]));
}
