import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
	ITriggerFunctions,
	ITriggerResponse,
} from 'n8n-workflow';
import { microsoftExchangeEwsApiTest, microsoft365GraphApiTest } from './methods/credentialTest';
import { triggerProperties } from './trigger/common';
import { poll } from './trigger/polling';
import { trigger } from './trigger/realtime';

/**
 * Starts workflows on new, changed or deleted Exchange items. n8n runs `poll` for polling nodes
 * and `trigger` for trigger nodes, and this node is both: each does its work only in its own mode.
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

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		if (this.getNodeParameter('mode', 'polling') !== 'polling' && this.getMode() !== 'manual') return null;
		return await poll.call(this);
	}

	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		if (this.getNodeParameter('mode', 'polling') !== 'streaming' && this.getMode() !== 'manual') return {};
		return await trigger.call(this);
	}
}
