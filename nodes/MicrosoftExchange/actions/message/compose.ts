import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { EmailMessage, WellKnownFolderName } from 'ews-javascript-api';
import { fullPropertySet } from '../../transport/ews/ewsValues';
import { mailboxOf, writableFields } from '../../transport/ews/itemOperations';
import { applyMessageFields, messageFromEws, messageKind } from '../../transport/ews/messageMapping';
import type { MessageFields } from '../../transport/ews/messageMapping';
import { perItem, succeeded } from '../../helpers/results';
import type { ItemResult } from '../../helpers/results';
import type { ExchangeSession } from '../../transport/ews/session';
import { xmlText } from '../../transport/ews/xml';
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

async function attachmentsOf(context: IExecuteFunctions, itemIndex: number) {
	const names = String(context.getNodeParameter('attachments', itemIndex, '') ?? '')
		.split(',')
		.map((name) => name.trim())
		.filter(Boolean);
	const attachments: Array<{ fileName: string; base64: string }> = [];
	for (const name of names) {
		const binary = context.helpers.assertBinaryData(itemIndex, name);
		const buffer = await context.helpers.getBinaryDataBuffer(itemIndex, name);
		attachments.push({ fileName: binary.fileName ?? name, base64: buffer.toString('base64') });
	}
	return attachments;
}

/**
 * Sends a message or saves it as a draft, one input item at a time: a message with attachments
 * takes several EWS calls (draft, attachments, send), which the client chains for us.
 */
export async function composeMessages(
	this: IExecuteFunctions,
	session: ExchangeSession,
	itemIndexes: number[],
	send: boolean,
): Promise<ItemResult[]> {
	return await perItem(itemIndexes, async (itemIndex) => {
		const mailbox = mailboxOf(this, itemIndex);
		let fields: MessageFields;
		try {
			fields = writableFields(this, messageKind, itemIndex);
			if (send && !fields.to?.length && !fields.cc?.length && !fields.bcc?.length) {
				throw new Error('A message to send needs at least one recipient');
			}
		} catch (error) {
			throw new NodeOperationError(this.getNode(), (error as Error).message, { itemIndex });
		}
		const attachments = await attachmentsOf(this, itemIndex);
		const message = await session.call(
			mailbox,
			async (service) => {
				const draft = new EmailMessage(service);
				applyMessageFields(draft, fields);
				for (const attachment of attachments) draft.Attachments.AddFileAttachment(xmlText(attachment.fileName), attachment.base64);
				if (send) await draft.SendAndSaveCopy(session.folder(WellKnownFolderName.SentItems, mailbox));
				else await draft.Save(session.folder(WellKnownFolderName.Drafts, mailbox));
				return draft;
			},
			itemIndex,
		);
		const address = session.mailboxAddress(mailbox);
		if (send) {
			return succeeded(itemIndex, {
				sent: true,
				mailbox: address,
				subject: fields.subject ?? '',
				to: fields.to ?? [],
				attachments: attachments.map((attachment) => attachment.fileName),
			});
		}
		const saved = await session.call(
			mailbox,
			async (service) => await EmailMessage.Bind(service, message.Id, fullPropertySet(messageKind.bodyType)),
			itemIndex,
		);
		return succeeded(itemIndex, messageFromEws(saved, address) as unknown as IDataObject);
	});
}
