import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import * as email from './actions/email';
import * as field from './actions/field';
import * as note from './actions/note';
import * as notification from './actions/notification';
import * as record from './actions/record';
import * as user from './actions/user';
import { router } from './actions/router';
import { listSearch, loadOptions, resourceMapping } from './methods';

export class ZohoCrm implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Zoho CRM (v8)',
		name: 'zohoCrm',
		icon: { light: 'file:zohoCrm.svg', dark: 'file:zohoCrm.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Records, meetings, notes, emails, users, fields and notifications in Zoho CRM (API v8)',
		defaults: { name: 'Zoho CRM (v8)' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'zohoCrmOAuth2Api', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Account', value: 'account' },
					{ name: 'Contact', value: 'contact' },
					{ name: 'Deal', value: 'deal' },
					{ name: 'Email', value: 'email' },
					{ name: 'Event (Meeting)', value: 'event' },
					{ name: 'Field', value: 'field' },
					{ name: 'Lead', value: 'lead' },
					{ name: 'Note', value: 'note' },
					{ name: 'Notification', value: 'notification' },
					{ name: 'Record (Any Module)', value: 'record' },
					{ name: 'Task', value: 'task' },
					{ name: 'User', value: 'user' },
				],
				default: 'contact',
			},
			...record.description,
			...note.description,
			...email.description,
			...user.description,
			...field.description,
			...notification.description,
		],
	};

	methods = { listSearch, loadOptions, resourceMapping };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
