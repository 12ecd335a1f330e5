import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ZohoErrorBody } from '../../transport/errors';
import { zohoRecordError, zohoRequestError } from '../../transport/errors';
import type { ZohoApiUsage } from '../../transport';
import { zohoApiCall } from '../../transport';
import { moduleIdFor } from '../common/module';
import { parentRecordFor, parentRecordProperties } from '../common/parentRecord';
import { splitList, toItems } from '../common/utils';

const properties: INodeProperties[] = [
	...parentRecordProperties,
	{
		displayName: 'Message-ID',
		name: 'originalMessageId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. <CAF1234@mail.example.com>',
		description: 'The email\'s RFC Message-ID. Zoho keeps one copy per Message-ID, so repeating the call is harmless.',
	},
	{ displayName: 'From', name: 'from', type: 'string', default: '', required: true, placeholder: 'e.g. nathan@example.com' },
	{ displayName: 'To', name: 'to', type: 'string', default: '', required: true, description: 'Comma-separated email addresses' },
	{ displayName: 'Subject', name: 'subject', type: 'string', default: '' },
	{ displayName: 'Content', name: 'content', type: 'string', typeOptions: { rows: 4 }, default: '' },
	{
		displayName: 'Sent At',
		name: 'dateTime',
		type: 'dateTime',
		default: '',
		description: 'When the email was sent or received',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{ displayName: 'BCC', name: 'bcc', type: 'string', default: '', description: 'Comma-separated email addresses' },
			{ displayName: 'CC', name: 'cc', type: 'string', default: '', description: 'Comma-separated email addresses' },
			{
				displayName: 'Format',
				name: 'mailFormat',
				type: 'options',
				options: [
					{ name: 'HTML', value: 'html' },
					{ name: 'Text', value: 'text' },
				],
				default: 'html',
			},
			{
				displayName: 'Sent by the User',
				name: 'sent',
				type: 'boolean',
				default: true,
				description: 'Whether the CRM user sent the email (false: the user received it)',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['email'], operation: ['associate'] } }, properties);

// Zoho wants a display name with each address; the address stands in for it.
const addresses = (value: unknown) => splitList(value).map((email) => ({ user_name: email, email }));

function emailBody(
	this: IExecuteFunctions,
	itemIndex: number,
	parent: { module: string; id: string; moduleId: string },
): IDataObject {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const dateTime = String(this.getNodeParameter('dateTime', itemIndex, ''));
	return {
		from: addresses(this.getNodeParameter('from', itemIndex))[0],
		to: addresses(this.getNodeParameter('to', itemIndex)),
		...(options.cc ? { cc: addresses(options.cc) } : {}),
		...(options.bcc ? { bcc: addresses(options.bcc) } : {}),
		subject: String(this.getNodeParameter('subject', itemIndex, '')),
		content: String(this.getNodeParameter('content', itemIndex, '')),
		mail_format: (options.mailFormat as string | undefined) ?? 'html',
		date_time: (dateTime ? new Date(dateTime) : new Date()).toISOString().replace(/\.\d{3}Z$/, '+00:00'),
		sent: options.sent ?? true,
		original_message_id: String(this.getNodeParameter('originalMessageId', itemIndex)).trim(),
		linked_record: { module: { api_name: parent.module, id: parent.moduleId }, id: parent.id },
	};
}

/** Associates the email; the same Message-ID again (DUPLICATE_DATA) counts as done. */
export async function execute(this: IExecuteFunctions, itemIndex: number, usage: ZohoApiUsage): Promise<INodeExecutionData[]> {
	const parent = parentRecordFor.call(this, itemIndex);
	const moduleId = await moduleIdFor.call(this, parent.module, itemIndex, usage);
	const email = emailBody.call(this, itemIndex, { ...parent, moduleId });
	const response = await zohoApiCall.call(this, {
		method: 'POST',
		path: `/${parent.module}/${encodeURIComponent(parent.id)}/actions/associate_email`,
		body: { Emails: [email] },
		itemIndex,
		usage,
	});
	const result = (response.body.Emails as ZohoErrorBody[] | undefined)?.[0];
	const base = { module: parent.module, recordId: parent.id, original_message_id: email.original_message_id };
	if (result?.status === 'success') {
		return toItems.call(this, itemIndex, { ...base, status: 'associated', message_id: result.details?.message_id });
	}
	if (result?.code === 'DUPLICATE_DATA') {
		return toItems.call(this, itemIndex, { ...base, status: 'already associated', message_id: result.details?.message_id });
	}
	if (result?.code) throw zohoRecordError(this.getNode(), result, itemIndex);
	throw zohoRequestError(
		this.getNode(),
		{ statusCode: response.statusCode, body: response.body, headers: response.headers, message: `HTTP ${response.statusCode}` },
		itemIndex,
	);
}
