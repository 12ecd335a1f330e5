/**
 * Messages as Graph shows them (microsoft.graph.message) over the store's EWS messages and
 * meeting messages, and their file attachments (microsoft.graph.fileAttachment).
 */
import crypto from 'node:crypto';
import { addAttachment } from '../../exchange/items';
import type { StoredItem } from '../../exchange/store';
import { element, textOf, type XNode } from '../../exchange/xml';
import { badRequest } from '../errors';
import type { Representation } from './listing';
import {
	bodyPreview, dateTimeOffset, graphOnly, importanceOf, itemBody, outlookItemFields, parentFolderId, PropertyWriter, recipient, recipients, setBody, setCategories, setEnum, setGraphOnly, setRecipient, setRecipients, setText, type Json, type View,
} from './common';
import { graphItemId, restId } from './ids';

export const MESSAGE_TYPE = 'microsoft.graph.message';
export const ATTACHMENT_TYPE = 'microsoft.graph.attachment';

/** Reply and forward prefixes, which the conversation leaves out of its topic. */
const PREFIXES = /^((re|fw|fwd|aw|wg|sv|vs)\s*:\s*)+/i;

function conversationId(item: StoredItem): string {
	const topic = (item.props.get('Subject')?.text ?? '').replace(PREFIXES, '').trim().toLowerCase();
	return restId(Buffer.concat([Buffer.from('AAQk'), crypto.createHash('sha1').update(`${item.mailbox}|${topic}`).digest()]).toString('base64'));
}

/** An attachment's Graph id: the item's immutable id and the attachment's number on it. */
export function attachmentGraphId(item: StoredItem, attachment: XNode): string {
	return Buffer.from(`att|${item.immutableId}|${attachment.attrs.number}`).toString('base64url');
}

export function findAttachment(item: StoredItem, id: string): XNode | undefined {
	const number = /^att\|.*\|(\d+)$/.exec(Buffer.from(id, 'base64url').toString('utf8'))?.[1];
	return item.attachments.find((attachment) => attachment.attrs.number === number);
}

export function attachmentToGraph(item: StoredItem, attachment: XNode, withContent = true): Json {
	const content = textOf(attachment, 'Content') ?? '';
	const isFile = attachment.name === 'FileAttachment';
	const json: Json = {
		'@odata.type': isFile ? '#microsoft.graph.fileAttachment' : '#microsoft.graph.itemAttachment',
		id: attachmentGraphId(item, attachment),
		lastModifiedDateTime: dateTimeOffset(textOf(attachment, 'LastModifiedTime') ?? item.props.get('LastModifiedTime')?.text),
		name: textOf(attachment, 'Name') ?? '',
		contentType: textOf(attachment, 'ContentType') ?? (isFile ? 'application/octet-stream' : 'message/rfc822'),
		size: Number(textOf(attachment, 'Size') ?? Buffer.from(content, 'base64').length),
		isInline: textOf(attachment, 'IsInline') === 'true',
	};
	if (isFile) {
		json.contentId = textOf(attachment, 'ContentId') ?? null;
		json.contentLocation = textOf(attachment, 'ContentLocation') ?? null;
		if (withContent) json.contentBytes = content;
	}
	return json;
}

/** Adds a Graph fileAttachment to an item's attachments (as EWS keeps them). */
export function addFileAttachment(attachments: XNode[], value: Json): XNode {
	if (value['@odata.type'] !== '#microsoft.graph.fileAttachment') throw badRequest('Only #microsoft.graph.fileAttachment attachments can be added here.', 'ErrorInvalidRequest');
	if (typeof value.name !== 'string' || typeof value.contentBytes !== 'string') throw badRequest('A file attachment needs a name and contentBytes.', 'ErrorInvalidRequest');
	const parts = [
		element('Name', {}, value.name),
		element('ContentType', {}, String(value.contentType ?? 'application/octet-stream')),
		...(value.contentId ? [element('ContentId', {}, String(value.contentId))] : []),
		element('Size', {}, String(Buffer.from(value.contentBytes, 'base64').length)),
		element('IsInline', {}, String(value.isInline === true)),
		element('Content', {}, value.contentBytes),
	];
	return addAttachment(attachments, element('FileAttachment', {}, ...parts));
}

export function messageToGraph(item: StoredItem, view: View): Json {
	const props = item.props;
	const extra = graphOnly(props);
	return {
		...outlookItemFields(item, view),
		receivedDateTime: dateTimeOffset(props.get('DateTimeReceived')?.text),
		sentDateTime: dateTimeOffset(props.get('DateTimeSent')?.text),
		hasAttachments: item.attachments.length > 0,
		internetMessageId: props.get('InternetMessageId')?.text ?? null,
		subject: props.get('Subject')?.text ?? '',
		bodyPreview: bodyPreview(props.get('Body')),
		importance: importanceOf(props),
		parentFolderId: parentFolderId(item, view),
		conversationId: conversationId(item),
		isDeliveryReceiptRequested: props.get('IsDeliveryReceiptRequested')?.text === 'true',
		isReadReceiptRequested: props.get('IsReadReceiptRequested')?.text === 'true',
		isRead: props.get('IsRead')?.text === 'true',
		isDraft: props.get('IsDraft')?.text === 'true',
		webLink: `${view.origin}/owa/?ItemID=${encodeURIComponent(graphItemId(item, view.immutable))}&exvsurl=1&viewmodel=ReadMessageItem`,
		inferenceClassification: (extra.inferenceClassification as string | undefined) ?? 'focused',
		body: itemBody(props.get('Body'), view),
		sender: recipient(props.get('Sender') ?? props.get('From')),
		from: recipient(props.get('From')),
		toRecipients: recipients(props.get('ToRecipients')),
		ccRecipients: recipients(props.get('CcRecipients')),
		bccRecipients: recipients(props.get('BccRecipients')),
		replyTo: recipients(props.get('ReplyTo')),
		flag: (extra.flag as Json | undefined) ?? { flagStatus: 'notFlagged' },
		internetMessageHeaders: (extra.internetMessageHeaders as Json[] | undefined) ?? [],
	};
}

export const messageRepresentation: Representation = {
	type: MESSAGE_TYPE,
	toGraph: messageToGraph,
	// The Message-ID a reply answers has no Graph property: MAPI's PR_IN_REPLY_TO_ID, which EWS shows as InReplyTo.
	extendedProperties(item) {
		const inReplyTo = item.props.get('InReplyTo')?.text;
		return inReplyTo ? [{ id: 'String 0x1042', value: inReplyTo }] : [];
	},
	selectOnly: ['internetMessageHeaders'],
	expand(name, item) {
		return name === 'attachments' ? item.attachments.map((attachment) => attachmentToGraph(item, attachment)) : undefined;
	},
};

/** Applies a Graph message body (create or PATCH) to the item's properties; returns the EWS properties written. */
export function applyMessage(props: Map<string, XNode>, json: Json): string[] {
	const w = new PropertyWriter(props, json);
	w.on('subject', 'Subject', (value) => setText(props, 'Subject', value));
	w.on('body', 'Body', (value) => setBody(props, 'Body', value));
	w.on('importance', 'Importance', (value) => setEnum(props, 'Importance', value));
	w.on('from', 'From', (value) => setRecipient(props, 'From', value));
	w.on('sender', 'Sender', (value) => setRecipient(props, 'Sender', value));
	for (const [key, name] of [['toRecipients', 'ToRecipients'], ['ccRecipients', 'CcRecipients'], ['bccRecipients', 'BccRecipients'], ['replyTo', 'ReplyTo']]) {
		w.on(key, name, (value) => setRecipients(props, name, value));
	}
	w.on('isRead', 'IsRead', (value) => w.flag('IsRead', value === true));
	w.on('categories', 'Categories', (value) => setCategories(props, value));
	w.on('internetMessageId', 'InternetMessageId', (value) => setText(props, 'InternetMessageId', value));
	w.on('isDeliveryReceiptRequested', 'IsDeliveryReceiptRequested', (value) => w.flag('IsDeliveryReceiptRequested', value === true));
	w.on('isReadReceiptRequested', 'IsReadReceiptRequested', (value) => w.flag('IsReadReceiptRequested', value === true));
	for (const key of ['flag', 'inferenceClassification', 'internetMessageHeaders']) setGraphOnly(props, key, json[key]);
	return w.written;
}
