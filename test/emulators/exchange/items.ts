/** Items in and out of XML: parsing request items, deriving server-set properties, shapes. */
import crypto from 'node:crypto';
import { elementSequence } from './schemaOrder';
import { extendedKey, findExtended, normaliseExtended, normaliseProperty, pickIndexed, toUtc } from './properties';
import { ITEM_KINDS, isItemKind, isMessageKind, type ExtendedValue, type ItemKind, type Mailbox, type StoredItem, type ExchangeStore } from './store';
import { child, cloneNode, element, isTrue, raw, textOf, writeNode, xml, type RawXml, type XNode } from './xml';
import { EwsError } from './soap';
import { timeZoneDefinition } from './timezones';
import { computedProperty } from './computed';
import { seriesProperties } from './occurrences';

export interface ParsedItem {
	kind: ItemKind;
	props: Map<string, XNode>;
	extended: ExtendedValue[];
	attachments: XNode[];
}

export function parseItem(node: XNode): ParsedItem {
	if (!isItemKind(node.name)) throw new EwsError('ErrorInvalidItemForOperationCreateItem', `Items of type ${node.name} cannot be created.`);
	const parsed: ParsedItem = { kind: node.name, props: new Map(), extended: [], attachments: [] };
	for (const property of node.children) {
		if (property.name === 'ExtendedProperty') {
			const key = extendedKey(child(property, 'ExtendedFieldURI')!.attrs);
			parsed.extended = parsed.extended.filter((e) => e.key !== key);
			parsed.extended.push({ key, node: normaliseExtended(cloneNode(property)) });
		} else if (property.name === 'Attachments') for (const attachment of property.children) addAttachment(parsed.attachments, attachment);
		else parsed.props.set(property.name, normaliseProperty(cloneNode(property)));
	}
	return parsed;
}

function attendeeEmails(item: StoredItem, ...lists: string[]): string[] {
	return lists.flatMap((list) =>
		(item.props.get(list)?.children ?? []).map((attendee) => child(child(attendee, 'Mailbox'), 'EmailAddress')?.text ?? ''),
	);
}

export function attendeesOf(item: StoredItem): string[] {
	return attendeeEmails(item, 'RequiredAttendees', 'OptionalAttendees', 'Resources').filter(Boolean);
}

export function mailboxNode(name: string, displayName: string, email: string): XNode {
	return {
		name,
		attrs: {},
		children: [
			{
				name: 'Mailbox',
				attrs: {},
				children: [element('Name', {}, displayName), element('EmailAddress', {}, email), element('RoutingType', {}, 'SMTP'), element('MailboxType', {}, 'Mailbox')],
				text: '',
			},
		],
		text: '',
	};
}

/**
 * A Message-ID as Exchange writes one (RFC 5322 `<id@domain>`), unique per message: derived
 * from what makes the message unique (its item id, or the sender and the moment it was sent).
 */
export function newMessageId(smtp: string, unique: string | number): string {
	const id = crypto.createHash('sha256').update(`${smtp}|${unique}`).digest('hex').slice(0, 32).toUpperCase();
	return `<${id}@${smtp.split('@')[1]}>`;
}

/** PR_MESSAGE_FLAGS bits: MSGFLAG_READ and MSGFLAG_UNSENT (a draft). */
const MSGFLAG_READ = 0x1;
const MSGFLAG_UNSENT = 0x8;

function taggedValue(parsed: ParsedItem, tag: number, type: string): string | undefined {
	const key = extendedKey({ PropertyTag: String(tag), PropertyType: type });
	return textOf(parsed.extended.find((entry) => entry.key === key)?.node, 'Value');
}

/**
 * MAPI properties a client may set on a message it creates with SaveOnly, which Exchange then
 * shows as first-class properties: PR_MESSAGE_FLAGS (0x0E07) as IsRead and IsDraft (a message
 * without MSGFLAG_UNSENT is a sent message), PR_CLIENT_SUBMIT_TIME (0x0039) as DateTimeSent and
 * PR_MESSAGE_DELIVERY_TIME (0x0E06) as DateTimeReceived. This is how a copy of mail sent elsewhere
 * is filed into Sent Items.
 */
export function applyCreationTags(parsed: ParsedItem): void {
	const flags = taggedValue(parsed, 0x0e07, 'Integer');
	if (flags !== undefined) {
		const value = Number(flags);
		if (!Number.isInteger(value)) throw new EwsError('ErrorInvalidValueForProperty', `"${flags}" is not an integer`);
		parsed.props.set('IsDraft', element('IsDraft', {}, String((value & MSGFLAG_UNSENT) !== 0)));
		parsed.props.set('IsRead', element('IsRead', {}, String((value & MSGFLAG_READ) !== 0)));
	}
	const submitted = taggedValue(parsed, 0x0039, 'SystemTime');
	if (submitted !== undefined) parsed.props.set('DateTimeSent', element('DateTimeSent', {}, toUtc(submitted)));
	const delivered = taggedValue(parsed, 0x0e06, 'SystemTime');
	if (delivered !== undefined) parsed.props.set('DateTimeReceived', element('DateTimeReceived', {}, toUtc(delivered)));
}

const TASK_STATUS_TEXT: Record<string, string> = {
	NotStarted: 'Not Started',
	InProgress: 'In Progress',
	Completed: 'Completed',
	WaitingOnOthers: 'Waiting on someone else',
	Deferred: 'Deferred',
};

/**
 * Status, PercentComplete and CompleteDate of a task move together: Completed, 100 % and a
 * completion date mean the same, and the one a request set last decides (percentcomplete,
 * completedate). `changed` lists the properties the request set, in its order.
 */
function keepTaskCompletionInStep(item: StoredItem, changed: string[], now: string): void {
	const set = (name: string, value: string) => item.props.set(name, element(name, {}, value));
	const last = changed.filter((name) => ['Status', 'PercentComplete', 'CompleteDate'].includes(name)).pop();
	const status = item.props.get('Status')?.text ?? 'NotStarted';
	const percent = Number(item.props.get('PercentComplete')?.text ?? 0);
	const completed = last === 'CompleteDate' || (last === 'PercentComplete' ? percent >= 100 : status === 'Completed');
	if (completed) {
		set('Status', 'Completed');
		set('PercentComplete', '100');
		if (!item.props.has('CompleteDate')) set('CompleteDate', now);
		return;
	}
	item.props.delete('CompleteDate');
	if (last === 'PercentComplete' && (status === 'Completed' || status === 'NotStarted')) set('Status', percent > 0 ? 'InProgress' : 'NotStarted');
	if (last !== 'PercentComplete' && percent >= 100) set('PercentComplete', '0');
	if (!item.props.has('PercentComplete')) set('PercentComplete', '0');
}

/**
 * Sets the properties Exchange computes itself (display name, meeting flags, UID, task
 * completion …). `changed` names the properties the request set, in its order.
 */
export function deriveProperties(item: StoredItem, mailbox: Mailbox, changed: string[] = [...item.props.keys()]): void {
	const set = (name: string, value: string) => item.props.set(name, element(name, {}, value));
	const has = (name: string) => item.props.has(name);
	if (item.kind === 'Contact' && !has('DisplayName')) {
		const name = [item.props.get('GivenName')?.text, item.props.get('Surname')?.text].filter(Boolean).join(' ');
		if (name) set('DisplayName', name);
	}
	if (item.kind === 'CalendarItem') {
		// A digest of the whole id: ids of one mailbox share a long prefix, so a slice of one is the same for every item.
		if (!has('UID')) set('UID', crypto.createHash('sha256').update(item.id).digest('hex').toUpperCase());
		if (!has('IsAllDayEvent')) set('IsAllDayEvent', 'false');
		if (!has('LegacyFreeBusyStatus')) set('LegacyFreeBusyStatus', 'Busy');
		if (!has('Organizer')) item.props.set('Organizer', mailboxNode('Organizer', mailbox.displayName, mailbox.smtp));
		const organizer = child(child(item.props.get('Organizer'), 'Mailbox'), 'EmailAddress')?.text;
		set('IsMeeting', String(attendeesOf(item).length > 0));
		set('IsRecurring', String(has('Recurrence')));
		set('CalendarItemType', has('Recurrence') ? 'RecurringMaster' : 'Single');
		set('MyResponseType', organizer?.toLowerCase() === mailbox.smtp ? 'Organizer' : (item.props.get('MyResponseType')?.text ?? 'NoResponseReceived'));
		if (!has('IsCancelled')) set('IsCancelled', 'false');
	}
	if (item.kind === 'Task') {
		if (!has('Status')) set('Status', 'NotStarted');
		keepTaskCompletionInStep(item, changed, toUtc(new Date().toISOString()));
		const status = item.props.get('Status')!.text;
		set('IsComplete', String(status === 'Completed'));
		set('StatusDescription', TASK_STATUS_TEXT[status] ?? status);
		set('IsRecurring', String(has('Recurrence')));
		set('Owner', mailbox.displayName);
	}
	if (isMessageKind(item.kind)) {
		if (!has('IsRead')) set('IsRead', 'false');
		if (!has('InternetMessageId')) set('InternetMessageId', newMessageId(mailbox.smtp, item.id));
		if (has('From') && !has('Sender')) item.props.set('Sender', { ...cloneNode(item.props.get('From')!), name: 'Sender' });
	}
	if (!has('Importance')) set('Importance', 'Normal');
	if (!has('Sensitivity')) set('Sensitivity', 'Normal');
}

export interface Shape {
	baseShape: 'IdOnly' | 'Default' | 'AllProperties';
	/** FindItem never returns bodies or attachments, whatever the base shape. */
	listing?: boolean;
	additional: XNode[];
	bodyType?: string;
}

export function parseShape(shapeNode: XNode | undefined): Shape {
	const mime = isTrue(textOf(shapeNode, 'IncludeMimeContent')) ? [element('FieldURI', { FieldURI: 'item:MimeContent' })] : [];
	return {
		baseShape: (child(shapeNode, 'BaseShape')?.text ?? 'Default') as Shape['baseShape'],
		additional: [...mime, ...(child(shapeNode, 'AdditionalProperties')?.children ?? [])],
		bodyType: child(shapeNode, 'BodyType')?.text,
	};
}

function htmlToText(html: string): string {
	return html
		.replace(/<(br|\/p|\/div)\s*\/?>/gi, '\n')
		.replace(/<[^>]+>/g, '')
		.replace(/&nbsp;/g, ' ')
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&amp;/g, '&')
		.trim();
}

/** A body in the type asked for (Text or HTML; Best or none keeps it as stored). */
export function bodyAs(body: XNode, bodyType: string | undefined): XNode {
	const stored = body.attrs.BodyType ?? 'Text';
	if (!bodyType || bodyType === 'Best' || bodyType === stored) return body;
	if (bodyType === 'Text') return { ...body, attrs: { BodyType: 'Text' }, text: htmlToText(body.text) };
	const escaped = body.text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
	return { ...body, attrs: { BodyType: 'HTML' }, text: `<html><body>${escaped.replace(/\n/g, '<br>')}</body></html>` };
}

const BODY_PROPERTIES = new Set(['Body', 'MimeContent', 'Attachments', 'UniqueBody', 'TextBody', 'NormalizedBody']);

export function itemIdXml(item: StoredItem): RawXml {
	return xml('t:ItemId', { Id: item.id, ChangeKey: item.changeKey });
}

/**
 * Attachments carry a number of their own on the item (kept in an attribute the answers never
 * show), so an attachment's id stays the same when another one is removed.
 */
export function addAttachment(attachments: XNode[], attachment: XNode): XNode {
	const numbered = normaliseProperty(cloneNode(attachment));
	numbered.attrs = { number: String(Math.max(0, ...attachments.map((a) => Number(a.attrs.number))) + 1) };
	attachments.push(numbered);
	return numbered;
}

/** Attachment ids name the item and the attachment's number on it. */
export function attachmentId(item: StoredItem, index: number): string {
	return Buffer.from(`${item.id}|${item.attachments[index].attrs.number}`).toString('base64');
}

/** The item and the position of the attachment an id names (-1 when the item no longer has it). */
export function decodeAttachmentId(id: string, items: (itemId: string) => StoredItem): { item: StoredItem; index: number } | undefined {
	const match = /^(.+)\|(\d+)$/.exec(Buffer.from(id, 'base64').toString('utf8'));
	if (!match) return undefined;
	const item = items(match[1]);
	return { item, index: item.attachments.findIndex((a) => a.attrs.number === match[2]) };
}

/** One attachment as `<t:FileAttachment>`: metadata only, or with its content. */
export function attachmentXml(item: StoredItem, index: number, withContent: boolean, ids: Record<string, string> = {}): RawXml {
	const attachment = item.attachments[index];
	const order = elementSequence(attachment.name === 'ItemAttachment' ? 'ItemAttachmentType' : 'FileAttachmentType');
	// Without content: no file bytes and no attached item, as Exchange lists attachments.
	const parts = attachment.children.filter((c) => c.name !== 'AttachmentId' && (withContent || (c.name !== 'Content' && c.name !== 'Item' && !isItemKind(c.name))));
	parts.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
	return xml(`t:${attachment.name}`, {}, xml('t:AttachmentId', { Id: attachmentId(item, index), ...ids }), parts.map((p) => raw(writeNode(p))));
}

function attachmentsXml(item: StoredItem): RawXml {
	return xml('t:Attachments', {}, item.attachments.map((_, index) => attachmentXml(item, index, false)));
}

const TIME_ZONE_PROPERTIES = new Set(['StartTimeZone', 'EndTimeZone']);

/** A stored property as answered: bodies in the asked-for type, time zones as full definitions. */
function propertyXml(node: XNode, shape: Shape): RawXml {
	if (node.name === 'Body') return raw(writeNode(bodyAs(node, shape.bodyType)));
	if (TIME_ZONE_PROPERTIES.has(node.name)) return raw(writeNode(timeZoneDefinition(node.name, node.attrs.Id ?? 'UTC')));
	return raw(writeNode(node));
}

/** The item as `<t:Contact>…</t:Contact>` (etc.), with the properties the shape asks for. */
export function itemXml(item: StoredItem, shape: Shape, store: ExchangeStore): RawXml {
	const parts = new Map<string, RawXml[]>();
	const put = (name: string, value: RawXml) => parts.set(name, [...(parts.get(name) ?? []), value]);
	put('ItemId', itemIdXml(item));
	if (shape.baseShape !== 'IdOnly') {
		const folder = store.mailbox(item.mailbox)?.folders.get(item.folderId);
		if (folder) put('ParentFolderId', xml('t:ParentFolderId', { Id: folder.id, ChangeKey: folder.changeKey }));
		for (const [name, node] of item.props) {
			if (shape.listing && BODY_PROPERTIES.has(name)) continue;
			put(name, propertyXml(node, shape));
		}
		put('HasAttachments', xml('t:HasAttachments', {}, item.attachments.length > 0));
		if (!shape.listing && item.attachments.length > 0) put('Attachments', attachmentsXml(item));
	}
	// A series' instances are computed, in AllProperties or when asked for, never in FindItem.
	const exceptions = shape.listing ? [] : seriesProperties(item);
	if (shape.baseShape === 'AllProperties') for (const node of exceptions) put(node.name, raw(writeNode(node)));
	for (const path of shape.additional) {
		if (path.name === 'ExtendedFieldURI') {
			const found = findExtended(item, path.attrs);
			if (found) put('ExtendedProperty', raw(writeNode(found.node)));
		} else if (path.name === 'FieldURI') {
			const name = path.attrs.FieldURI.slice(path.attrs.FieldURI.indexOf(':') + 1);
			if (parts.has(name)) continue;
			if (shape.listing && BODY_PROPERTIES.has(name)) continue;
			if (name === 'Attachments' && item.attachments.length > 0) put(name, attachmentsXml(item));
			else if (name === 'HasAttachments') put(name, xml('t:HasAttachments', {}, item.attachments.length > 0));
			else if (name === 'ParentFolderId') {
				const folder = store.mailbox(item.mailbox)?.folders.get(item.folderId);
				if (folder) put(name, xml('t:ParentFolderId', { Id: folder.id, ChangeKey: folder.changeKey }));
			} else {
				const node = item.props.get(name) ?? exceptions.find((e) => e.name === name) ?? computedProperty(item, name, (body) => bodyAs(body, 'Text').text);
				if (node) put(name, propertyXml(node, shape));
			}
		}
	}
	const indexed = pickIndexed(item, shape.additional.filter((path) => path.name === 'IndexedFieldURI'));
	for (const container of indexed) if (!parts.has(container.name)) put(container.name, raw(writeNode(container)));
	const order = new Set(elementSequence(ITEM_KINDS[item.kind].schemaType));
	const content = [...order].flatMap((name) => parts.get(name) ?? []);
	return xml(`t:${item.kind}`, {}, content);
}
