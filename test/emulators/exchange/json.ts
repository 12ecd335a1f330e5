/**
 * Stored items in the item-shapes JSON (nodes/MicrosoftExchange/helpers/itemShapes.ts) and back:
 * the control API and the demo seed speak this form, so tests can make "edits on the Exchange
 * side" in the same vocabulary the Exchange node outputs.
 */
import { DateTime } from 'luxon';
import {
	SYNC_ID_PROPERTY_NAME,
	SYNC_PROPERTY_SET_GUID,
	SYNC_STATE_PROPERTY_NAME,
	type Attendee,
	type ExchangeContact,
	type ExchangeEvent,
	type ExchangeMessage,
	type ExchangeTask,
	type MailAddress,
	type PostalAddress,
	type Recurrence,
} from '../../../nodes/MicrosoftExchange/helpers/itemShapes';
import type { ParsedItem } from './items';
import { extendedKey, toUtc } from './properties';
import { deletedStarts, exceptionItems, type OccurrenceOverrides } from './occurrences';
import { recurrenceFromRrule, rruleFromRecurrence } from './recurrence';
import type { ExchangeStore, ExtendedValue, ItemKind, StoredItem } from './store';
import { ianaZone, windowsZone } from './timezones';
import { child, element, textOf, type XNode } from './xml';

export type JsonItemType = 'contact' | 'task' | 'event' | 'message';
export type JsonItem = ExchangeContact | ExchangeTask | ExchangeEvent | ExchangeMessage;
type Json = Record<string, unknown>;

export const KIND_OF: Record<JsonItemType, ItemKind> = { contact: 'Contact', task: 'Task', event: 'CalendarItem', message: 'Message' };

export const SYNC_ID_URI = { PropertySetId: SYNC_PROPERTY_SET_GUID, PropertyName: SYNC_ID_PROPERTY_NAME, PropertyType: 'String' };
export const SYNC_STATE_URI = { PropertySetId: SYNC_PROPERTY_SET_GUID, PropertyName: SYNC_STATE_PROPERTY_NAME, PropertyType: 'String' };

const CONTACT_TEXT: Record<string, string> = {
	givenName: 'GivenName', surname: 'Surname', displayName: 'DisplayName', companyName: 'CompanyName', jobTitle: 'JobTitle', department: 'Department', assistantName: 'AssistantName',
};
const CONTACT_EMAILS: Record<string, string> = { email1: 'EmailAddress1', email2: 'EmailAddress2', email3: 'EmailAddress3' };
/** Every phone key of EWS, as the item shapes name them (camelCase). */
const CONTACT_PHONES: Record<string, string> = Object.fromEntries(
	['AssistantPhone', 'BusinessFax', 'BusinessPhone', 'BusinessPhone2', 'Callback', 'CarPhone', 'CompanyMainPhone', 'HomeFax', 'HomePhone', 'HomePhone2', 'Isdn', 'MobilePhone', 'OtherFax', 'OtherTelephone', 'Pager', 'PrimaryPhone', 'RadioPhone', 'Telex', 'TtyTddPhone'].map(
		(key) => [key[0].toLowerCase() + key.slice(1), key],
	),
);
const CONTACT_ADDRESSES: Record<string, string> = { businessAddress: 'Business', homeAddress: 'Home', otherAddress: 'Other' };
const ADDRESS_PARTS: Record<string, string> = { street: 'Street', city: 'City', state: 'State', countryOrRegion: 'CountryOrRegion', postalCode: 'PostalCode' };

/** Every property name the JSON form owns per kind; an update replaces exactly these. */
export const JSON_OWNED: Record<ItemKind, string[]> = {
	Contact: [...Object.values(CONTACT_TEXT), 'EmailAddresses', 'PhoneNumbers', 'PhysicalAddresses', 'Birthday', 'Body', 'Categories'],
	Task: ['Subject', 'Body', 'Status', 'Importance', 'StartDate', 'DueDate', 'CompleteDate', 'PercentComplete', 'ReminderDueBy', 'ReminderIsSet', 'Categories'],
	CalendarItem: [
		'Subject', 'Body', 'Location', 'Start', 'End', 'StartTimeZone', 'EndTimeZone', 'IsAllDayEvent', 'Organizer', 'RequiredAttendees', 'OptionalAttendees',
		'ReminderMinutesBeforeStart', 'ReminderIsSet', 'LegacyFreeBusyStatus', 'Recurrence', 'UID', 'IsCancelled', 'Categories',
	],
	Message: ['InternetMessageId', 'Subject', 'From', 'ToRecipients', 'CcRecipients', 'BccRecipients', 'DateTimeSent', 'DateTimeReceived', 'Body', 'IsRead', 'InReplyTo', 'Categories'],
	Item: [],
	PostItem: [],
	DistributionList: [],
	MeetingRequest: [],
	MeetingResponse: [],
	MeetingCancellation: [],
};

const isSet = (value: unknown) => value !== undefined && value !== null && value !== '';
const str = (value: unknown) => String(value);

function dateOnly(value: string | undefined): string | null {
	return value ? value.slice(0, 10) : null;
}

function dateToDateTime(value: unknown): string {
	return `${str(value).slice(0, 10)}T00:00:00Z`;
}

function entries(name: string, map: Record<string, string>, json: Json): XNode | undefined {
	const list = Object.entries(map)
		.filter(([key]) => isSet(json[key]))
		.map(([key, index]) => element('Entry', { Key: index }, str(json[key])));
	return list.length ? element(name, {}, ...list) : undefined;
}

function addressEntries(json: Json): XNode | undefined {
	const list = Object.entries(CONTACT_ADDRESSES)
		.filter(([key]) => json[key])
		.map(([key, index]) => {
			const address = json[key] as PostalAddress & Json;
			const parts = Object.entries(ADDRESS_PARTS).filter(([part]) => isSet(address[part])).map(([part, name]) => element(name, {}, str(address[part])));
			return element('Entry', { Key: index }, ...parts);
		})
		.filter((entry) => entry.children.length > 0);
	return list.length ? element('PhysicalAddresses', {}, ...list) : undefined;
}

function mailbox(address: MailAddress): XNode {
	return element('Mailbox', {}, ...(address.name ? [element('Name', {}, address.name)] : []), element('EmailAddress', {}, address.email));
}

function attendees(name: string, list: Attendee[] | undefined): XNode | undefined {
	if (!list || list.length === 0) return undefined;
	return element(name, {}, ...list.map((a) => element('Attendee', {}, mailbox(a), ...(a.response ? [element('ResponseType', {}, a.response)] : []))));
}

function recipients(name: string, list: MailAddress[] | undefined): XNode | undefined {
	return list && list.length ? element(name, {}, ...list.map(mailbox)) : undefined;
}

function single(name: string, address: MailAddress | null | undefined): XNode | undefined {
	return address ? element(name, {}, mailbox(address)) : undefined;
}

/** JSON item → properties and extended properties (sync id and state). */
export function parseJsonItem(type: JsonItemType, input: Json): ParsedItem {
	const kind = KIND_OF[type];
	if (!kind) throw new Error(`unknown item type "${type}" (contact, task, event, message)`);
	const props = new Map<string, XNode>();
	const put = (name: string, value: XNode | string | undefined | null | false) => {
		if (value === undefined || value === null || value === false) return;
		props.set(name, typeof value === 'string' ? element(name, {}, value) : value);
	};
	const text = (name: string, key: string) => put(name, isSet(input[key]) ? str(input[key]) : undefined);
	if (Array.isArray(input.categories) && input.categories.length) put('Categories', element('Categories', {}, ...input.categories.map((c) => element('String', {}, str(c)))));
	if (kind === 'Contact') {
		for (const [key, name] of Object.entries(CONTACT_TEXT)) text(name, key);
		put('EmailAddresses', entries('EmailAddresses', CONTACT_EMAILS, input));
		put('PhoneNumbers', entries('PhoneNumbers', CONTACT_PHONES, input));
		put('PhysicalAddresses', addressEntries(input));
		if (isSet(input.birthday)) put('Birthday', dateToDateTime(input.birthday));
		if (isSet(input.notes)) put('Body', element('Body', { BodyType: 'Text' }, str(input.notes)));
	}
	if (kind === 'Task') {
		text('Subject', 'subject');
		if (isSet(input.body)) put('Body', element('Body', { BodyType: 'Text' }, str(input.body)));
		text('Status', 'status');
		text('Importance', 'importance');
		for (const [key, name] of [['startDate', 'StartDate'], ['dueDate', 'DueDate'], ['completeDate', 'CompleteDate']]) {
			if (isSet(input[key])) put(name, dateToDateTime(input[key]));
		}
		text('PercentComplete', 'percentComplete');
		if (isSet(input.reminderAt)) {
			put('ReminderDueBy', toUtc(str(input.reminderAt)));
			put('ReminderIsSet', 'true');
		}
	}
	if (kind === 'CalendarItem') {
		const zone = isSet(input.timeZone) ? str(input.timeZone) : 'UTC';
		text('Subject', 'subject');
		if (isSet(input.body)) put('Body', element('Body', { BodyType: 'Text' }, str(input.body)));
		if (isSet(input.reminderMinutesBeforeStart)) {
			put('ReminderIsSet', 'true');
			put('ReminderMinutesBeforeStart', str(input.reminderMinutesBeforeStart));
		} else if (input.reminderMinutesBeforeStart === null) put('ReminderIsSet', 'false');
		put('Start', toUtc(str(input.start)));
		put('End', toUtc(str(input.end)));
		put('IsAllDayEvent', String(input.isAllDay === true));
		const showAs = isSet(input.showAs) ? str(input.showAs) : 'Busy';
		put('LegacyFreeBusyStatus', showAs === 'NoData' ? 'NoData' : showAs);
		text('Location', 'location');
		put('Organizer', single('Organizer', input.organizer as Attendee | undefined));
		put('RequiredAttendees', attendees('RequiredAttendees', input.requiredAttendees as Attendee[] | undefined));
		put('OptionalAttendees', attendees('OptionalAttendees', input.optionalAttendees as Attendee[] | undefined));
		const recurrence = input.recurrence as ExchangeEvent['recurrence'];
		if (recurrence?.rrule) {
			const localStart = DateTime.fromISO(str(input.start), { setZone: true }).setZone(zone);
			put('Recurrence', recurrenceFromRrule(recurrence.rrule, localStart.toISODate()!));
		}
		text('UID', 'iCalUid');
		if (input.isCancelled === true) put('IsCancelled', 'true');
		put('StartTimeZone', element('StartTimeZone', { Id: windowsZone(zone), Name: windowsZone(zone) }));
		put('EndTimeZone', element('EndTimeZone', { Id: windowsZone(zone), Name: windowsZone(zone) }));
	}
	if (kind === 'Message') {
		text('Subject', 'subject');
		if (isSet(input.body)) put('Body', element('Body', { BodyType: isSet(input.bodyType) ? str(input.bodyType) : 'HTML' }, str(input.body)));
		text('InternetMessageId', 'internetMessageId');
		put('From', single('From', input.from as MailAddress | undefined));
		put('ToRecipients', recipients('ToRecipients', input.to as MailAddress[] | undefined));
		put('CcRecipients', recipients('CcRecipients', input.cc as MailAddress[] | undefined));
		put('BccRecipients', recipients('BccRecipients', input.bcc as MailAddress[] | undefined));
		if (isSet(input.sentAt)) put('DateTimeSent', toUtc(str(input.sentAt)));
		if (isSet(input.receivedAt)) put('DateTimeReceived', toUtc(str(input.receivedAt)));
		if (input.isRead !== undefined) put('IsRead', String(input.isRead === true));
		text('InReplyTo', 'inReplyTo');
	}
	const extended: ExtendedValue[] = [];
	for (const [key, uri] of [['syncId', SYNC_ID_URI], ['syncState', SYNC_STATE_URI]] as const) {
		if (isSet(input[key])) {
			extended.push({ key: extendedKey(uri), node: element('ExtendedProperty', {}, element('ExtendedFieldURI', { ...uri }), element('Value', {}, str(input[key]))) });
		}
	}
	return { kind, props, extended, attachments: [] };
}

function address(node: XNode | undefined): MailAddress | null {
	const box = child(node, 'Mailbox') ?? node;
	const email = textOf(box, 'EmailAddress');
	if (!email) return null;
	const name = textOf(box, 'Name');
	return name ? { email, name } : { email };
}

function entryMap(node: XNode | undefined): Record<string, XNode> {
	return Object.fromEntries((node?.children ?? []).map((e) => [e.attrs.Key, e]));
}

function extendedValue(item: StoredItem, uri: Record<string, string>): string | null {
	const found = item.extended.find((e) => e.key === extendedKey(uri));
	return textOf(found?.node, 'Value') ?? null;
}

/** Stored item → JSON item (as the Exchange node outputs it). */
export function itemToJson(item: StoredItem, store: ExchangeStore): JsonItem & Json {
	const prop = (name: string) => item.props.get(name)?.text || undefined;
	const folder = store.mailbox(item.mailbox)?.folders.get(item.folderId);
	const base: Json = {
		id: item.id,
		changeKey: item.changeKey,
		mailbox: item.mailbox,
		lastModified: prop('LastModifiedTime'),
		categories: (item.props.get('Categories')?.children ?? []).map((c) => c.text),
		syncId: extendedValue(item, SYNC_ID_URI),
		syncState: extendedValue(item, SYNC_STATE_URI),
		itemClass: prop('ItemClass'),
	};
	if (item.kind === 'Contact') {
		const json: Json = { ...base };
		for (const [key, name] of Object.entries(CONTACT_TEXT)) json[key] = prop(name) ?? null;
		const emails = entryMap(item.props.get('EmailAddresses'));
		for (const [key, index] of Object.entries(CONTACT_EMAILS)) json[key] = emails[index]?.text ?? null;
		const phones = entryMap(item.props.get('PhoneNumbers'));
		for (const [key, index] of Object.entries(CONTACT_PHONES)) json[key] = phones[index]?.text ?? null;
		const addresses = entryMap(item.props.get('PhysicalAddresses'));
		for (const [key, index] of Object.entries(CONTACT_ADDRESSES)) {
			const entry = addresses[index];
			json[key] = entry ? Object.fromEntries(Object.entries(ADDRESS_PARTS).map(([part, name]) => [part, textOf(entry, name) ?? null])) : null;
		}
		json.birthday = dateOnly(prop('Birthday'));
		json.notes = prop('Body') ?? null;
		return json as unknown as ExchangeContact & Json;
	}
	if (item.kind === 'Task') {
		return {
			...base,
			subject: prop('Subject') ?? '',
			body: prop('Body') ?? null,
			status: prop('Status'),
			importance: prop('Importance'),
			startDate: dateOnly(prop('StartDate')),
			dueDate: dateOnly(prop('DueDate')),
			completeDate: dateOnly(prop('CompleteDate')),
			percentComplete: Number(prop('PercentComplete') ?? 0),
			reminderAt: prop('ReminderIsSet') === 'true' ? (prop('ReminderDueBy') ?? null) : null,
		} as unknown as ExchangeTask & Json;
	}
	if (item.kind === 'CalendarItem') {
		const zone = ianaZone(item.props.get('StartTimeZone')?.attrs.Id);
		const local = (value: string | undefined) => (value ? DateTime.fromISO(value).setZone(zone).toISO({ suppressMilliseconds: true }) : null);
		const people = (name: string): Attendee[] =>
			(item.props.get(name)?.children ?? []).map((a) => ({ ...address(a)!, response: textOf(a, 'ResponseType') ?? null, lastResponseTime: textOf(a, 'LastResponseTime') ?? null }));
		const recurrence = item.props.get('Recurrence');
		const organizer = address(item.props.get('Organizer'));
		return {
			...base,
			subject: prop('Subject') ?? '',
			body: prop('Body') ?? null,
			location: prop('Location') ?? null,
			start: local(prop('Start')),
			end: local(prop('End')),
			timeZone: zone,
			isAllDay: prop('IsAllDayEvent') === 'true',
			isMeeting: prop('IsMeeting') === 'true',
			organizer: organizer ? { ...organizer, response: 'Organizer' } : null,
			requiredAttendees: people('RequiredAttendees'),
			optionalAttendees: people('OptionalAttendees'),
			reminderMinutesBeforeStart: prop('ReminderIsSet') === 'false' ? null : prop('ReminderMinutesBeforeStart') ? Number(prop('ReminderMinutesBeforeStart')) : null,
			showAs: prop('LegacyFreeBusyStatus'),
			recurrence: recurrence ? { rrule: rruleFromRecurrence(recurrence), ...exceptionsJson(item, zone) } : null,
			iCalUid: prop('UID') ?? null,
			isCancelled: prop('IsCancelled') === 'true',
		} as unknown as ExchangeEvent & Json;
	}
	return {
		...base,
		internetMessageId: prop('InternetMessageId') ?? '',
		subject: prop('Subject') ?? '',
		from: address(item.props.get('From')),
		to: (item.props.get('ToRecipients')?.children ?? []).map((m) => address(m)!),
		cc: (item.props.get('CcRecipients')?.children ?? []).map((m) => address(m)!),
		bcc: (item.props.get('BccRecipients')?.children ?? []).map((m) => address(m)!),
		sentAt: prop('DateTimeSent') ?? null,
		receivedAt: prop('DateTimeReceived') ?? null,
		bodyType: (item.props.get('Body')?.attrs.BodyType as 'HTML' | 'Text' | undefined) ?? 'HTML',
		body: prop('Body') ?? null,
		isRead: prop('IsRead') === 'true',
		isDraft: prop('IsDraft') === 'true',
		hasAttachments: item.attachments.length > 0,
		folder: folder?.distinguishedId ?? folder?.id,
		inReplyTo: prop('InReplyTo') ?? null,
	} as unknown as ExchangeMessage & Json;
}

/** A series' exceptions in the event's zone: deleted occurrences by original date, changed ones with their times. */
function exceptionsJson(series: StoredItem, zone: string): Pick<Recurrence, 'deletedOccurrences' | 'modifiedOccurrences'> {
	const local = (value: string) => DateTime.fromISO(value).setZone(zone);
	const time = (occurrence: StoredItem, name: string) => local(occurrence.props.get(name)!.text).toISO({ suppressMilliseconds: true })!;
	return {
		deletedOccurrences: deletedStarts(series).map((start) => local(start).toISODate()!),
		modifiedOccurrences: exceptionItems(series).map((occurrence) => ({
			id: occurrence.id,
			originalStart: time(occurrence, 'OriginalStart'),
			start: time(occurrence, 'Start'),
			end: time(occurrence, 'End'),
			subject: occurrence.props.get('Subject')?.text ?? '',
			location: occurrence.props.get('Location')?.text ?? null,
		})),
	};
}

const JSON_TYPE_OF: Partial<Record<ItemKind, JsonItemType>> = { Contact: 'contact', Task: 'task', CalendarItem: 'event', Message: 'message' };

/** Event fields a single occurrence can have of its own, and the properties each one sets. */
const OCCURRENCE_FIELDS: Record<string, string[]> = {
	subject: ['Subject'],
	body: ['Body'],
	location: ['Location'],
	start: ['Start'],
	end: ['End'],
	isAllDay: ['IsAllDayEvent'],
	showAs: ['LegacyFreeBusyStatus'],
	reminderMinutesBeforeStart: ['ReminderIsSet', 'ReminderMinutesBeforeStart'],
	requiredAttendees: ['RequiredAttendees'],
	optionalAttendees: ['OptionalAttendees'],
	categories: ['Categories'],
};

/** The overrides a partial JSON event makes on one occurrence (as an occurrence item), as an edit of only that occurrence in Outlook does. */
export function occurrenceOverridesFromJson(occurrence: StoredItem, store: ExchangeStore, changes: Json): OccurrenceOverrides {
	const parsed = parseJsonItem('event', { ...itemToJson(occurrence, store), ...changes });
	const overrides: OccurrenceOverrides = { props: new Map(), extended: new Map() };
	for (const field of Object.keys(changes)) {
		const sync = ({ syncId: SYNC_ID_URI, syncState: SYNC_STATE_URI } as Record<string, typeof SYNC_ID_URI>)[field];
		if (sync) {
			const key = extendedKey(sync);
			overrides.extended.set(key, parsed.extended.find((e) => e.key === key)?.node ?? null);
			continue;
		}
		if (!OCCURRENCE_FIELDS[field]) throw new Error(`"${field}" cannot be changed on a single occurrence (${Object.keys(OCCURRENCE_FIELDS).join(', ')}, syncId, syncState)`);
		for (const name of OCCURRENCE_FIELDS[field]) overrides.props.set(name, parsed.props.get(name) ?? null);
	}
	return overrides;
}

/** Applies a partial JSON item to a stored item (null removes a value). */
export function applyJsonChanges(item: StoredItem, store: ExchangeStore, changes: Json): void {
	const type = JSON_TYPE_OF[item.kind];
	if (!type) throw new Error(`items of kind ${item.kind} cannot be edited as JSON`);
	const merged = { ...itemToJson(item, store), ...changes };
	const parsed = parseJsonItem(type, merged);
	for (const name of JSON_OWNED[item.kind]) {
		const value = parsed.props.get(name);
		if (value) item.props.set(name, value);
		else item.props.delete(name);
	}
	const syncKeys = [extendedKey(SYNC_ID_URI), extendedKey(SYNC_STATE_URI)];
	item.extended = [...item.extended.filter((e) => !syncKeys.includes(e.key)), ...parsed.extended];
}
