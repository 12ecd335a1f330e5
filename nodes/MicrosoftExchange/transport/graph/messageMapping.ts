import type { IDataObject } from 'n8n-workflow';
import type { MessageFields, SentCopyFields } from '../../helpers/itemTypes/message';
import type { ExchangeMessage, MailAddress } from '../../helpers/itemShapes';
import type { FolderRef } from '../index';
import type { GraphItemMapping } from './itemMappings';
import { CRM_RECORD_ID_PROPERTY, extendedReader, extendedWrites, isoDateTime, LINK_PROPERTIES, orNull, PERMANENT_DELETE, SYNC_ID_PROPERTY } from './values';

/**
 * Messages between our item shape (helpers/itemShapes.ts, the same JSON the EWS transport gives)
 * and Graph's microsoft.graph.message. Bodies come in the format they are stored in (HTML stays
 * HTML, as over EWS); a recipient Graph names by the address alone has no name, as over EWS; the
 * reply's Message-ID, which v1.0 has no property for, is its MAPI property PR_IN_REPLY_TO_ID.
 */

/** PR_IN_REPLY_TO_ID (MS-OXOMSG): the Message-ID a reply answers. */
const IN_REPLY_TO = 'String 0x1042';

/**
 * MAPI properties that file a message created in a folder as a sent one (MS-OXOMSG), which Graph,
 * like EWS, honours only when the message is created: PR_MESSAGE_FLAGS with MSGFLAG_READ and
 * without MSGFLAG_UNSENT (so not a draft), and the submit and delivery times Graph then shows as
 * sentDateTime and receivedDateTime.
 */
const PR_MESSAGE_FLAGS = 'Integer 0x0E07';
const MSGFLAG_READ = 1;
const PR_CLIENT_SUBMIT_TIME = 'SystemTime 0x0039';
const PR_MESSAGE_DELIVERY_TIME = 'SystemTime 0x0E06';

const EXTENDED_PROPERTIES: Record<string, string> = { ...LINK_PROPERTIES, inReplyTo: IN_REPLY_TO };

export const MESSAGE_EXPAND = `singleValueExtendedProperties($filter=${Object.values(EXTENDED_PROPERTIES)
	.map((id) => `id eq '${id}'`)
	.join(' or ')})`;

/** Where Graph lists a folder's messages: a well-known folder by its name, any other by its id. */
export function mailFolderPath(userPath: string, folder: FolderRef): string {
	return `${userPath}/mailFolders/${encodeURIComponent('wellKnown' in folder ? folder.wellKnown : folder.id)}`;
}

function addressFromGraph(recipient: unknown): MailAddress | null {
	const address = (recipient as { emailAddress?: IDataObject } | null)?.emailAddress;
	const email = orNull(address?.address);
	const name = orNull(address?.name);
	return email ? { email, name: name?.toLowerCase() === email.toLowerCase() ? null : name } : null;
}

const addressesFromGraph = (list: unknown): MailAddress[] =>
	((list ?? []) as unknown[]).map(addressFromGraph).filter((address): address is MailAddress => address !== null);

export function messageFromGraph(message: IDataObject, mailbox: string): ExchangeMessage {
	const ext = extendedReader(message);
	const categories = (message.categories ?? []) as string[];
	const body = (message.body ?? {}) as IDataObject;
	const createdAt = isoDateTime(message.createdDateTime);
	return {
		id: String(message.id),
		changeKey: String(message.changeKey ?? ''),
		mailbox,
		lastModified: isoDateTime(message.lastModifiedDateTime) ?? '',
		...(createdAt ? { createdAt } : {}),
		...(categories.length ? { categories } : {}),
		syncId: ext(LINK_PROPERTIES.syncId),
		syncState: ext(LINK_PROPERTIES.syncState),
		...(ext(LINK_PROPERTIES.crmRecordId) ? { crmRecordId: ext(LINK_PROPERTIES.crmRecordId) } : {}),
		internetMessageId: String(message.internetMessageId ?? ''),
		subject: String(message.subject ?? ''),
		from: addressFromGraph(message.from),
		to: addressesFromGraph(message.toRecipients),
		cc: addressesFromGraph(message.ccRecipients),
		bcc: addressesFromGraph(message.bccRecipients),
		sentAt: isoDateTime(message.sentDateTime),
		receivedAt: isoDateTime(message.receivedDateTime),
		bodyType: String(body.contentType ?? 'html').toLowerCase() === 'text' ? 'Text' : 'HTML',
		body: typeof body.content === 'string' ? body.content : null,
		isRead: message.isRead === true,
		isDraft: message.isDraft === true,
		hasAttachments: message.hasAttachments === true,
		...(message.parentFolderId ? { folder: String(message.parentFolderId) } : {}),
		inReplyTo: ext(IN_REPLY_TO),
	};
}

const recipientToGraph = (entry: MailAddress | string) => {
	const address = typeof entry === 'string' ? { email: entry } : entry;
	return { emailAddress: address.name ? { address: address.email, name: address.name } : { address: address.email } };
};

const recipientsToGraph = (list: Array<MailAddress | string> | null | undefined) =>
	(list ?? []).filter((entry) => (typeof entry === 'string' ? entry : entry.email)).map(recipientToGraph);

/** The Graph body that writes `fields` onto a message. `undefined` leaves a field alone, null or '' clears it. */
export function messageToGraph(fields: MessageFields): IDataObject {
	const body: IDataObject = {};
	if (fields.subject !== undefined) body.subject = fields.subject ?? '';
	if (fields.body !== undefined) body.body = { contentType: fields.bodyType === 'Text' ? 'text' : 'html', content: fields.body ?? '' };
	if (fields.to !== undefined) body.toRecipients = recipientsToGraph(fields.to);
	if (fields.cc !== undefined) body.ccRecipients = recipientsToGraph(fields.cc);
	if (fields.bcc !== undefined) body.bccRecipients = recipientsToGraph(fields.bcc);
	if (fields.isRead !== undefined && fields.isRead !== null) body.isRead = fields.isRead;
	if (fields.categories !== undefined) body.categories = fields.categories ?? [];
	const extended = extendedWrites(fields, LINK_PROPERTIES);
	if (extended.length) body.singleValueExtendedProperties = extended;
	return body;
}

/** A new copy of a sent message: the message, its sender, and the MAPI properties that file it as sent. */
export function sentCopyToGraph(fields: SentCopyFields): IDataObject {
	if (!fields.from?.email) throw new Error('A sent message needs its sender (From)');
	if (!fields.sentAt) throw new Error('A sent message needs the time it was sent (Sent At)');
	if (!fields.to?.length && !fields.cc?.length && !fields.bcc?.length) throw new Error('A sent message needs at least one recipient');
	const sentAt = isoDateTime(fields.sentAt);
	if (!sentAt) throw new Error(`"${fields.sentAt}" is not an ISO 8601 date-time`);
	const body = messageToGraph(fields);
	const sender = recipientToGraph(fields.from);
	return {
		...body,
		from: sender,
		sender,
		singleValueExtendedProperties: [
			...((body.singleValueExtendedProperties ?? []) as IDataObject[]),
			{ id: PR_MESSAGE_FLAGS, value: String(MSGFLAG_READ) },
			{ id: PR_CLIENT_SUBMIT_TIME, value: sentAt },
			{ id: PR_MESSAGE_DELIVERY_TIME, value: sentAt },
		],
	};
}

export const messageMapping: GraphItemMapping = {
	noun: 'message',
	changeNotifications: true,
	// Finds, delta and sync-id lookups default to the Inbox, as over EWS.
	collectionPath: (userPath, folder) => `${mailFolderPath(userPath, folder ?? { wellKnown: 'inbox' })}/messages`,
	createPath: (userPath, folder) => `${mailFolderPath(userPath, folder ?? { wellKnown: 'drafts' })}/messages`,
	itemPath: (userPath, id) => `${userPath}/messages/${encodeURIComponent(id)}`,
	expand: MESSAGE_EXPAND,
	fromGraph: (entity, mailbox) => messageFromGraph(entity, mailbox) as unknown as IDataObject,
	toGraph: (fields) => messageToGraph(fields as MessageFields),
	searchProperties: ['subject', 'from/emailAddress/address'],
	findClauses: (filters) => (filters.unreadOnly === true ? ['isRead eq false'] : []),
	movable: true,
	// Soft Delete as Exchange makes it: into Recoverable Items\Deletions.
	deleteActions: { ...PERMANENT_DELETE, softDelete: { action: 'move', body: { destinationId: 'recoverableitemsdeletions' } } },
	syncIdProperty: SYNC_ID_PROPERTY,
	crmRecordIdProperty: CRM_RECORD_ID_PROPERTY,
};

/** Copies of sent messages (default folder Sent Items), linked to their source by the sync id. */
export const sentMessageMapping: GraphItemMapping = {
	...messageMapping,
	noun: 'sent message',
	createPath: (userPath, folder) => `${mailFolderPath(userPath, folder ?? { wellKnown: 'sentitems' })}/messages`,
	// The sent flags are set once, when the copy is made; later writes change the message only.
	toGraph: (fields, current) => (current ? messageToGraph(fields as MessageFields) : sentCopyToGraph(fields as SentCopyFields)),
};
