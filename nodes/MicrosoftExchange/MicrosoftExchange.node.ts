import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import * as availability from './actions/availability';
import * as contact from './actions/contact';
import * as event from './actions/event';
import * as mailbox from './actions/mailbox';
import * as message from './actions/message';
import * as task from './actions/task';
import { router } from './actions/router';
import { mailboxField, serverField } from './descriptions/common.description';
import { microsoftExchangeEwsApiTest, microsoft365GraphApiTest } from './methods/credentialTest';
import { getFolders } from './methods/loadOptions';

export class MicrosoftExchange implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Microsoft Exchange (EWS)',
		name: 'microsoftExchange',
		icon: { light: 'file:microsoftExchange.svg', dark: 'file:microsoftExchange.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Contacts, tasks, calendar, mail and free/busy in Microsoft Exchange Server through EWS, and contacts, tasks and mail in Microsoft 365 through Microsoft Graph',
		defaults: { name: 'Microsoft Exchange (EWS)' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
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
		properties: [
			serverField,
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Availability', value: 'availability', description: 'Free/busy and meeting suggestions' },
					{ name: 'Contact', value: 'contact' },
					{ name: 'Event', value: 'event', description: 'Appointment or meeting' },
					{ name: 'Mailbox', value: 'mailbox', description: 'Names and folders' },
					{ name: 'Message', value: 'message' },
					{ name: 'Task', value: 'task' },
				],
				default: 'contact',
			},
			...availability.description,
			...contact.description,
			...event.description,
			...mailbox.description,
			...message.description,
			...task.description,
			mailboxField,
		],
	};

	methods = {
		credentialTest: { microsoftExchangeEwsApiTest, microsoft365GraphApiTest },
		loadOptions: { getFolders },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
