import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { mailboxOf, writableFields } from '../../helpers/itemOperations';
import { messageType } from '../../helpers/itemTypes/message';
import type { MessageFields } from '../../helpers/itemTypes/message';
import { perItem, succeeded } from '../../helpers/results';
import type { ItemResult } from '../../helpers/results';
import type { Attachment, ExchangeTransport } from '../../transport';
import { inputModeFields } from '../../descriptions/common.description';
import { messageFields } from './fields';

/** Parameters of send and create draft: the message, and attachments from binary properties. */
export function composeDescription(operation: string): INodeProperties[] {
	return [
		...inputModeFields('message', operation, 'message', messageFields),
		{
			displayName: 'Attachments',
			name: 'attachments',
			type: 'string',
			default: '',
			placeholder: 'data, invoice',
			description: 'Comma-separated names of binary properties of the input item to attach',
			displayOptions: { show: { resource: ['message'], operation: [operation] } },
		},
	];
}

async function attachmentsOf(context: IExecuteFunctions, itemIndex: number): Promise<Attachment[]> {
	const names = String(context.getNodeParameter('attachments', itemIndex, '') ?? '')
		.split(',')
		.map((name) => name.trim())
		.filter(Boolean);
	const attachments: Attachment[] = [];
	for (const name of names) {
		const binary = context.helpers.assertBinaryData(itemIndex, name);
		const buffer = await context.helpers.getBinaryDataBuffer(itemIndex, name);
		attachments.push({ fileName: binary.fileName ?? name, base64: buffer.toString('base64') });
	}
	return attachments;
}

/** Sends a message or saves it as a draft, one input item at a time (with its attachments). */
export async function composeMessages(
	this: IExecuteFunctions,
	transport: ExchangeTransport,
	itemIndexes: number[],
	send: boolean,
): Promise<ItemResult[]> {
	return await perItem(itemIndexes, async (itemIndex) => {
		const mailbox = mailboxOf(this, itemIndex);
		let fields: MessageFields;
		try {
			fields = writableFields(this, messageType, itemIndex);
			if (send && !fields.to?.length && !fields.cc?.length && !fields.bcc?.length) {
				throw new Error('A message to send needs at least one recipient');
			}
		} catch (error) {
			throw new NodeOperationError(this.getNode(), (error as Error).message, { itemIndex });
		}
		const attachments = await attachmentsOf(this, itemIndex);
		const draft = await transport.composeMessage({ mailbox, fields, attachments, send }, itemIndex);
		if (draft) return succeeded(itemIndex, draft);
		return succeeded(itemIndex, {
			sent: true,
			mailbox: transport.mailboxAddress(mailbox),
			subject: fields.subject ?? '',
			to: fields.to ?? [],
			attachments: attachments.map((attachment) => attachment.fileName),
		});
	});
}
