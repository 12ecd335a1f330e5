/** Items in and out of XML: parsing request items, deriving server-set properties, shapes. */
import { elementSequence } from './schemaOrder';
import { extendedKey, findExtended, normaliseProperty, pickIndexed, toUtc } from './properties';
import { ITEM_KINDS, isItemKind, type ExtendedValue, type ItemKind, type Mailbox, type StoredItem, type ExchangeStore } from './store';
import { child, cloneNode, element, raw, textOf, writeNode, xml, type RawXml, type XNode } from './xml';
import { EwsError } from './soap';
import { timeZoneDefinition } from './timezones';
import { exceptionProperties } from './occurrences';

export interface ParsedItem {
	kind: ItemKind;
	props: Map<string, XNode>;
	extended: ExtendedValue[];
	attachments: XNode[];
}

export function parseItem(node: XNode): ParsedItem {
	if (!isItemKind(node.name)) throw new EwsError('ErrorInvalidRequest', `items of type ${node.name} are not supported`);
	const parsed: ParsedItem = { kind: node.name, props: new Map(), extended: [], attachments: [] };
	for (const property of node.children) {
		if (property.name === 'ExtendedProperty') {
			const key = extendedKey(child(property, 'ExtendedFieldURI')!.attrs);
			parsed.extended = parsed.extended.filter((e) => e.key !== key);
			parsed.extended.push({ key, node: cloneNode(property) });
		} else if (property.name === 'Attachments') parsed.attachments.push(...property.children.map(cloneNode));
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

/** Sets the properties Exchange computes itself (display name, meeting flags, UID …). */
export function deriveProperties(item: StoredItem, mailbox: Mailbox): void {
	const set = (name: string, value: string) => item.props.set(name, element(name, {}, value));
	const has = (name: string) => item.props.has(name);
	if (item.kind === 'Contact' && !has('DisplayName')) {
		const name = [item.props.get('GivenName')?.text, item.props.get('Surname')?.text].filter(Boolean).join(' ');
		if (name) set('DisplayName', name);
	}
	if (item.kind === 'CalendarItem') {
		if (!has('UID')) set('UID', Buffer.from(item.id).toString('hex').slice(0, 64).toUpperCase());
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
		set('IsComplete', String(item.props.get('Status')?.text === 'Completed'));
		if (!has('PercentComplete')) set('PercentComplete', item.props.get('Status')?.text === 'Completed' ? '100' : '0');
	}
	if (item.kind === 'Message' || item.kind === 'MeetingRequest' || item.kind === 'MeetingCancellation') {
		if (!has('IsRead')) set('IsRead', 'false');
		if (!has('InternetMessageId')) set('InternetMessageId', `<${Buffer.from(item.id).toString('hex').slice(0, 32)}@${mailbox.smtp.split('@')[1]}>`);
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
	return {
		baseShape: (child(shapeNode, 'BaseShape')?.text ?? 'Default') as Shape['baseShape'],
		additional: child(shapeNode, 'AdditionalProperties')?.children ?? [],
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

function bodyAs(body: XNode, bodyType: string | undefined): XNode {
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

/** Attachment ids name the item and the attachment's position on it. */
export function attachmentId(item: StoredItem, index: number): string {
	return Buffer.from(`${item.id}|${index}`).toString('base64');
}

export function decodeAttachmentId(id: string): { itemId: string; index: number } | undefined {
	const match = /^(.+)\|(\d+)$/.exec(Buffer.from(id, 'base64').toString('utf8'));
	return match ? { itemId: match[1], index: Number(match[2]) } : undefined;
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
	// A series' exceptions are computed, in AllProperties or when asked for, never in FindItem.
	const exceptions = shape.listing ? [] : exceptionProperties(item);
	if (shape.baseShape === 'AllProperties') for (const node of exceptions) put(node.name, raw(writeNode(node)));
	for (const path of shape.additional) {
		if (path.name === 'ExtendedFieldURI') {
			const found = findExtended(item, path.attrs);
			if (found) put('ExtendedProperty', raw(writeNode(found.node)));
		} else if (path.name === 'IndexedFieldURI') {
			const picked = pickIndexed(item, path);
			if (picked && !parts.has(picked.name)) put(picked.name, raw(writeNode(picked)));
		} else {
			const name = path.attrs.FieldURI.slice(path.attrs.FieldURI.indexOf(':') + 1);
			if (parts.has(name)) continue;
			if (name === 'Attachments' && item.attachments.length > 0) put(name, attachmentsXml(item));
			else if (name === 'HasAttachments') put(name, xml('t:HasAttachments', {}, item.attachments.length > 0));
			else if (name === 'ParentFolderId') {
				const folder = store.mailbox(item.mailbox)?.folders.get(item.folderId);
				if (folder) put(name, xml('t:ParentFolderId', { Id: folder.id, ChangeKey: folder.changeKey }));
			} else {
				const node = item.props.get(name) ?? exceptions.find((e) => e.name === name);
				if (node) put(name, propertyXml(node, shape));
			}
		}
	}
	const order = new Set(elementSequence(ITEM_KINDS[item.kind].schemaType));
	const content = [...order].flatMap((name) => parts.get(name) ?? []);
	return xml(`t:${item.kind}`, {}, content);
}
