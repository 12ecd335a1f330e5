import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { addressList, pickFields } from '../fieldValues';
import type { FieldType } from '../fieldValues';
import type { ExchangeMessage, MailAddress } from '../itemShapes';
import type { ItemType } from './index';

export type MessageFields = Partial<Omit<ExchangeMessage, 'id' | 'changeKey' | 'mailbox' | 'lastModified'>> & IDataObject;

const MESSAGE_FIELD_TYPES: Record<string, FieldType> = {
	subject: 'string',
	body: 'string',
	bodyType: 'string',
	to: 'any',
	cc: 'any',
	bcc: 'any',
	isRead: 'boolean',
	categories: 'stringArray',
	syncId: 'string',
	syncState: 'string',
};

export function normalizeMessageFields(fields: IDataObject): MessageFields {
	const message = { ...fields } as MessageFields;
	for (const key of ['to', 'cc', 'bcc'] as const) {
		if (key in fields) message[key] = addressList<MailAddress>(fields[key], 'Recipients') as MailAddress[];
	}
	if (message.bodyType !== undefined && message.bodyType !== 'HTML' && message.bodyType !== 'Text') {
		throw new Error('Body Type must be HTML or Text');
	}
	return message;
}

export function messageFieldsFromParameters(context: IExecuteFunctions, itemIndex: number): MessageFields {
	const ui = context.getNodeParameter('messageFields', itemIndex, {}) as IDataObject;
	return normalizeMessageFields(pickFields(ui, MESSAGE_FIELD_TYPES));
}

export const messageType: ItemType<MessageFields> = {
	name: 'message',
	noun: 'message',
	fieldsFromParameters: messageFieldsFromParameters,
	fieldsFromJson: (json) => normalizeMessageFields(pickFields(json, MESSAGE_FIELD_TYPES)),
};

/** A copy of a message sent elsewhere (e.g. from the CRM): who sent it and when, besides the message. */
export type SentCopyFields = MessageFields & { from?: MailAddress | null; sentAt?: string | null };

const SENT_COPY_FIELD_TYPES: Record<string, FieldType> = { ...MESSAGE_FIELD_TYPES, from: 'any', sentAt: 'string' };

function normalizeSentCopyFields(fields: IDataObject): SentCopyFields {
	const { from, ...rest } = pickFields(fields, SENT_COPY_FIELD_TYPES);
	// One address: an email, or { email, name } as messages are read.
	const sender = addressList<MailAddress>(from !== null && typeof from === 'object' && !Array.isArray(from) ? [from] : from, 'From');
	if (sender && sender.length > 1) throw new Error('From must be one address');
	return { ...normalizeMessageFields(rest), from: sender?.[0] ?? null };
}

/** A copy of a sent message, saved (by default in Sent Items), linked to its source by the sync id. */
export const sentMessageType: ItemType<SentCopyFields> = {
	name: 'sentMessage',
	noun: 'sent message',
	fieldsFromParameters: (context, itemIndex) => normalizeSentCopyFields(context.getNodeParameter('messageFields', itemIndex, {}) as IDataObject),
	fieldsFromJson: normalizeSentCopyFields,
};
