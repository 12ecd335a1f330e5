import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { fieldsOption } from './actions/common/descriptions';
import { loadOptions } from './methods';
import type { ChannelState, TriggerOperation, ZohoNotification } from './trigger/notifications';
import {
	checkChannel,
	createChannel,
	deleteChannel,
	eventNames,
	notificationItems,
	renewIfDue,
	tokenMatches,
} from './trigger/notifications';

function chosenEvents(this: IHookFunctions): string[] {
	return eventNames(this.getNodeParameter('modules') as string[], this.getNodeParameter('events') as TriggerOperation[]);
}

export class ZohoCrmTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Zoho CRM Trigger',
		name: 'zohoCrmTrigger',
		icon: { light: 'file:zohoCrm.svg', dark: 'file:zohoCrm.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["modules"].join(", ") }}',
		description: 'Starts the workflow when Zoho CRM records are created, edited or deleted',
		defaults: { name: 'Zoho CRM Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'zohoCrmOAuth2Api', required: true }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties: [
			{
				displayName: 'Module Names or IDs',
				name: 'modules',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getModules' },
				default: [],
				required: true,
				description:
					'The modules to watch. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: [
					{ name: 'Create', value: 'create' },
					{ name: 'Delete', value: 'delete' },
					{ name: 'Edit', value: 'edit' },
				],
				default: ['create', 'edit', 'delete'],
				required: true,
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						...fieldsOption,
						description:
							'Comma-separated API names of the fields to fetch for changed records. Empty: every field of the module (beyond 50, in further calls merged by ID).',
					},
				],
			},
		],
	};

	methods = { loadOptions };

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const state = this.getWorkflowStaticData('node') as ChannelState;
				return await checkChannel.call(this, state, this.getNodeWebhookUrl('default') as string, chosenEvents.call(this));
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const state = this.getWorkflowStaticData('node') as ChannelState;
				await createChannel.call(this, state, this.getNodeWebhookUrl('default') as string, chosenEvents.call(this));
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				await deleteChannel.call(this, this.getWorkflowStaticData('node') as ChannelState);
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const state = this.getWorkflowStaticData('node') as ChannelState;
		const notification = this.getBodyData() as unknown as ZohoNotification;
		if (!tokenMatches(notification.token, state.token) || String(notification.channel_id) !== state.channelId) {
			this.getResponseObject().status(401).json({ status: 'error', message: 'unknown channel or wrong token' });
			return { noWebhookResponse: true };
		}
		try {
			await renewIfDue.call(this, state);
		} catch (error) {
			// The notification is still good; the next one (or re-activation) renews again.
			this.logger.warn(`Zoho CRM Trigger: renewing channel ${state.channelId} failed: ${(error as Error).message}`);
		}
		const fields = this.getNodeParameter('options.fields', '') as string;
		const items = await notificationItems.call(this, notification, fields);
		return { workflowData: [this.helpers.returnJsonArray(items as IDataObject[])] };
	}
}
