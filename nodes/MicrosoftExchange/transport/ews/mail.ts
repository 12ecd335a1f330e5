import type { IDataObject } from 'n8n-workflow';
import { BasePropertySet, EmailMessage, FileAttachment, ItemId, ItemSchema, PropertySet, WellKnownFolderName } from 'ews-javascript-api';
import type { Attachment, OutgoingMessage } from '../index';
import { fullPropertySet } from './ewsValues';
import { applyMessageFields, messageFromEws, messageMapping } from './messageMapping';
import type { ExchangeSession } from './session';
import { xmlText } from './xml';

/**
 * Sends a message or saves it as a draft: a message with attachments takes several EWS calls
 * (draft, attachments, send), which the client chains for us. A draft is read back.
 */
export async function composeMessage(session: ExchangeSession, message: OutgoingMessage, itemIndex: number): Promise<IDataObject | undefined> {
	const { mailbox, fields, attachments, send } = message;
	const saved = await session.call(
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
	if (send) return undefined;
	const draft = await session.call(
		mailbox,
		async (service) => await EmailMessage.Bind(service, saved.Id, fullPropertySet(messageMapping.bodyType)),
		itemIndex,
	);
	return messageFromEws(draft, session.mailboxAddress(mailbox)) as unknown as IDataObject;
}

/** A message's file attachments (one GetItem for the list, one GetAttachment for all). */
export async function getAttachments(session: ExchangeSession, mailbox: string | undefined, id: string, itemIndex: number): Promise<Attachment[]> {
	const files = await session.call(
		mailbox,
		async (service) => {
			const message = await EmailMessage.Bind(service, new ItemId(id), new PropertySet(BasePropertySet.IdOnly, [ItemSchema.Attachments]));
			const attachments = message.Attachments.GetEnumerator().filter((attachment): attachment is FileAttachment => attachment instanceof FileAttachment);
			if (attachments.length) await service.GetAttachments(attachments, null as never, []);
			return attachments;
		},
		itemIndex,
	);
	return files.map((file) => ({ fileName: file.Name, contentType: file.ContentType || undefined, base64: file.Base64Content ?? '' }));
}
