import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
	ITriggerFunctions,
	ITriggerResponse,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { microsoftExchangeEwsApiTest, microsoft365GraphApiTest } from './methods/credentialTest';
import { triggerProperties } from './trigger/common';
import { exchangeServer } from './transport';
import { graphRealtimePoll, graphWebhook, graphWebhookMethods } from './trigger/graphNotifications';
import { poll } from './trigger/polling';
import { trigger } from './trigger/realtime';

/**
 * Starts workflows on new, changed or deleted Exchange items. n8n runs `poll` for polling nodes,
 * `trigger` for trigger nodes and the webhook methods for webhook nodes, and this node is all
 * three, each doing its work only in its own mode: polling (`poll`), real time over EWS (`trigger`:
 * streaming subscriptions), real time over Microsoft 365 (webhook: Graph change notifications;
 * `poll` renews the subscriptions and polls To Do tasks).
 */
export class MicrosoftExchangeTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Microsoft Exchange (EWS) Trigger',
		name: 'microsoftExchangeTrigger',
		icon: { light: 'file:microsoftExchange.svg', dark: 'file:microsoftExchange.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ") + ": " + $parameter["itemType"]}}',
		description: 'Starts the workflow when contacts, tasks, calendar items or messages change in Exchange mailboxes',
		defaults: { name: 'Microsoft Exchange (EWS) Trigger' },
		polling: true,
		// Only in real-time mode over Microsoft 365, for notified types: an empty method registers no webhook.
		webhooks: [
			{
				name: 'default',
				httpMethod: '={{ $parameter["server"] === "graph" && $parameter["mode"] === "streaming" && $parameter["itemType"] !== "task" ? "POST" : "" }}',
				responseMode: 'onReceived',
				path: 'webhook',
			},
		],
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		// Written out in each node: n8n's lint finds a credential's test only in literal entries here.
		credentials: [
			{
				name: 'microsoftExchangeEwsApi',
				required: true,
				testedBy: 'microsoftExchangeEwsApiTest',
				displayOptions: { show: { server: ['ews'] } },
			},
			{
				name: 'microsoft365GraphApi',
				required: true,
				testedBy: 'microsoft365GraphApiTest',
				displayOptions: { show: { server: ['graph'] } },
			},
		],
		properties: triggerProperties,
	};

	methods = { credentialTest: { microsoftExchangeEwsApiTest, microsoft365GraphApiTest } };

	webhookMethods = { default: graphWebhookMethods };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const streaming = this.getNodeParameter('mode', 'polling') === 'streaming';
		if (streaming && this.getMode() !== 'manual') return exchangeServer(this) === 'graph' ? await graphRealtimePoll.call(this) : null;
		return await poll.call(this);
	}

	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		const streaming = this.getNodeParameter('mode', 'polling') === 'streaming';
		if ((!streaming || exchangeServer(this) === 'graph') && this.getMode() !== 'manual') return {};
		return await trigger.call(this);
	}

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await graphWebhook.call(this);
	}
}
