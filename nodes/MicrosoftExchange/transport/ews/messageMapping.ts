import {
	BodyType,
	EmailAddress as EwsEmailAddress,
	EmailMessage,
	EmailMessageSchema,
	ExtendedPropertyDefinition,
	ItemSchema,
	MapiPropertyType,
	MessageBody,
	MessageDisposition,
	SearchFilter,
	WellKnownFolderName,
} from 'ews-javascript-api';
import type { DateTime, EmailAddressCollection, EmailAddress, FolderId } from 'ews-javascript-api';
import { applyBaseFields, baseFields, isoDateTime, property, toEwsDateTime } from './ewsValues';
import type { MessageFields, SentCopyFields } from '../../helpers/itemTypes/message';
import type { EwsItemMapping } from './itemMappings';
import type { ExchangeMessage, MailAddress } from '../../helpers/itemShapes';
import { xmlText } from './xml';

function address(value: EmailAddress | undefined): MailAddress | null {
	return value?.Address ? { email: value.Address, name: value.Name || null } : null;
}

function addresses(collection: EmailAddressCollection | undefined): MailAddress[] {
	return collection ? collection.GetEnumerator().map((entry) => ({ email: entry.Address, name: entry.Name || null })) : [];
}

export function messageFromEws(message: EmailMessage, mailbox: string): ExchangeMessage {
	const body = property<MessageBody>(message, ItemSchema.Body);
	const folder = property<FolderId>(message, ItemSchema.ParentFolderId);
	return {
		...baseFields(message, mailbox),
		internetMessageId: property<string>(message, EmailMessageSchema.InternetMessageId) ?? '',
		subject: property<string>(message, ItemSchema.Subject) ?? '',
		from: address(property<EmailAddress>(message, EmailMessageSchema.From)),
		to: addresses(property<EmailAddressCollection>(message, EmailMessageSchema.ToRecipients)),
		cc: addresses(property<EmailAddressCollection>(message, EmailMessageSchema.CcRecipients)),
		bcc: addresses(property<EmailAddressCollection>(message, EmailMessageSchema.BccRecipients)),
		sentAt: isoDateTime(property<DateTime>(message, ItemSchema.DateTimeSent)),
		receivedAt: isoDateTime(property<DateTime>(message, ItemSchema.DateTimeReceived)),
		bodyType: body && body.BodyType === BodyType.Text ? 'Text' : 'HTML',
		body: body?.Text ?? null,
		isRead: property<boolean>(message, EmailMessageSchema.IsRead) ?? false,
		isDraft: property<boolean>(message, ItemSchema.IsDraft) ?? false,
		hasAttachments: property<boolean>(message, ItemSchema.HasAttachments) ?? false,
		...(folder ? { folder: folder.UniqueId } : {}),
		inReplyTo: property<string>(message, ItemSchema.InReplyTo) ?? null,
	};
}

function ewsAddress(address: MailAddress): EwsEmailAddress {
	return address.name ? new EwsEmailAddress(xmlText(address.name), xmlText(address.email)) : new EwsEmailAddress(xmlText(address.email));
}

function setRecipients(collection: EmailAddressCollection, list: Array<MailAddress | string> | null): void {
	collection.Clear();
	for (const entry of list ?? []) {
		const recipient = typeof entry === 'string' ? { email: entry } : entry;
		if (!recipient.email) continue;
		collection.Add(ewsAddress(recipient));
	}
}

export function applyMessageFields(message: EmailMessage, fields: MessageFields): void {
	if (fields.subject !== undefined) message.Subject = xmlText(fields.subject ?? '');
	if (fields.body !== undefined) {
		// An HTML body is markup as text: it is escaped like any other string and arrives intact.
		message.Body = new MessageBody(fields.bodyType === 'Text' ? BodyType.Text : BodyType.HTML, xmlText(fields.body ?? ''));
	}
	if (fields.to !== undefined) setRecipients(message.ToRecipients, fields.to ?? null);
	if (fields.cc !== undefined) setRecipients(message.CcRecipients, fields.cc ?? null);
	if (fields.bcc !== undefined) setRecipients(message.BccRecipients, fields.bcc ?? null);
	if (fields.isRead !== undefined && fields.isRead !== null) message.IsRead = fields.isRead;
	applyBaseFields(message, { categories: fields.categories, syncId: fields.syncId, syncState: fields.syncState });
}

export const messageMapping: EwsItemMapping<EmailMessage> = {
	folder: WellKnownFolderName.Inbox,
	createFolder: WellKnownFolderName.Drafts,
	createDisposition: MessageDisposition.SaveOnly,
	bodyType: BodyType.HTML,
	newItem: (service) => new EmailMessage(service),
	toShape: messageFromEws,
	applyFields: applyMessageFields,
	searchProperties: [ItemSchema.Subject, EmailMessageSchema.From],
	extraRestrictions: (filters) => (filters.unreadOnly === true ? [new SearchFilter.IsEqualTo(EmailMessageSchema.IsRead, false)] : []),
};

/**
 * MAPI properties that make a message created with SaveOnly a sent one (MS-OXOMSG): message
 * flags with MSGFLAG_READ and without MSGFLAG_UNSENT (so not a draft), and the submit and
 * delivery times Exchange shows as DateTimeSent and DateTimeReceived.
 */
const PR_MESSAGE_FLAGS = 0x0e07;
const MSGFLAG_READ = 0x1;
const PR_CLIENT_SUBMIT_TIME = 0x0039;
const PR_MESSAGE_DELIVERY_TIME = 0x0e06;

function applySentCopyFields(message: EmailMessage, fields: SentCopyFields): void {
	if (!fields.from?.email) throw new Error('A sent message needs its sender (From)');
	if (!fields.sentAt) throw new Error('A sent message needs the time it was sent (Sent At)');
	if (!fields.to?.length && !fields.cc?.length && !fields.bcc?.length) throw new Error('A sent message needs at least one recipient');
	const sentAt = toEwsDateTime(fields.sentAt);
	applyMessageFields(message, fields);
	message.From = ewsAddress(fields.from);
	message.Sender = ewsAddress(fields.from);
	message.SetExtendedProperty(new ExtendedPropertyDefinition(PR_MESSAGE_FLAGS, MapiPropertyType.Integer), MSGFLAG_READ);
	message.SetExtendedProperty(new ExtendedPropertyDefinition(PR_CLIENT_SUBMIT_TIME, MapiPropertyType.SystemTime), sentAt);
	message.SetExtendedProperty(new ExtendedPropertyDefinition(PR_MESSAGE_DELIVERY_TIME, MapiPropertyType.SystemTime), sentAt);
}

/** Saves a copy of a sent message (default folder Sent Items), linked to its source by the sync id. */
export const sentMessageMapping: EwsItemMapping<EmailMessage> = {
	...messageMapping,
	createFolder: WellKnownFolderName.SentItems,
	applyFields: applySentCopyFields,
};
