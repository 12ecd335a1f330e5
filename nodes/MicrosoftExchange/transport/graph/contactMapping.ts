import type { IDataObject } from 'n8n-workflow';
import type { ContactFields } from '../../helpers/itemTypes/contact';
import type { ExchangeContact, PostalAddress } from '../../helpers/itemShapes';
import type { GraphItemMapping } from './itemMappings';
import { CRM_RECORD_ID_PROPERTY, extendedReader, extendedWrites, isoDateTime, LINK_PROPERTIES, orNull, PERMANENT_DELETE, SYNC_ID_PROPERTY } from './values';

/**
 * Contacts between our item shape (helpers/itemShapes.ts, the same JSON the EWS transport gives)
 * and Graph's microsoft.graph.contact. Graph has first-class properties for the names, three
 * e-mail addresses, two business and two home phones, the mobile phone and the addresses; the
 * other phone numbers EWS knows are the contact's MAPI properties, read and written as
 * single-value extended properties by their tags, as are the sync link's named properties (the
 * very properties the EWS transport writes, so a mailbox keeps its links across transports).
 */

/** Phone numbers Graph has no property for: their MAPI property tags (MS-OXOCNTC). */
const PHONE_TAGS = {
	assistantPhone: 'String 0x3A2E',
	businessFax: 'String 0x3A24',
	callback: 'String 0x3A02',
	carPhone: 'String 0x3A1E',
	companyMainPhone: 'String 0x3A57',
	homeFax: 'String 0x3A25',
	isdn: 'String 0x3A2D',
	otherFax: 'String 0x3A23',
	otherTelephone: 'String 0x3A1F',
	pager: 'String 0x3A21',
	primaryPhone: 'String 0x3A1A',
	radioPhone: 'String 0x3A1D',
	telex: 'String 0x3A2C',
	ttyTddPhone: 'String 0x3A4B',
} as const;

const EXTENDED_PROPERTIES: Record<string, string> = { ...LINK_PROPERTIES, ...PHONE_TAGS };

/** `$expand` that brings every extended property a contact shape needs. */
export const CONTACT_EXPAND = `singleValueExtendedProperties($filter=${Object.values(EXTENDED_PROPERTIES)
	.map((id) => `id eq '${id}'`)
	.join(' or ')})`;

const TEXT_FIELDS = ['givenName', 'surname', 'displayName', 'companyName', 'jobTitle', 'department', 'assistantName', 'mobilePhone'] as const;
const EMAIL_FIELDS = ['email1', 'email2', 'email3'] as const;
const PHONE_LISTS = { businessPhones: ['businessPhone', 'businessPhone2'], homePhones: ['homePhone', 'homePhone2'] } as const;
const ADDRESS_FIELDS = ['businessAddress', 'homeAddress', 'otherAddress'] as const;
const ADDRESS_PARTS = ['street', 'city', 'state', 'postalCode', 'countryOrRegion'] as const;

function addressFromGraph(address: unknown): PostalAddress | null {
	const result: PostalAddress = {};
	for (const part of ADDRESS_PARTS) result[part] = orNull((address as IDataObject | null)?.[part]);
	return Object.values(result).some((value) => value !== null) ? result : null;
}

export function contactFromGraph(contact: IDataObject, mailbox: string): ExchangeContact {
	const ext = extendedReader(contact);
	const categories = (contact.categories ?? []) as string[];
	const result: ExchangeContact = {
		id: String(contact.id),
		changeKey: String(contact.changeKey ?? ''),
		mailbox,
		lastModified: isoDateTime(contact.lastModifiedDateTime) ?? '',
		...(isoDateTime(contact.createdDateTime) ? { createdAt: isoDateTime(contact.createdDateTime) as string } : {}),
		...(categories.length ? { categories } : {}),
		syncId: ext(LINK_PROPERTIES.syncId),
		syncState: ext(LINK_PROPERTIES.syncState),
		...(ext(LINK_PROPERTIES.crmRecordId) ? { crmRecordId: ext(LINK_PROPERTIES.crmRecordId) } : {}),
	};
	for (const field of TEXT_FIELDS) result[field] = orNull(contact[field]);
	const emails = (contact.emailAddresses ?? []) as IDataObject[];
	EMAIL_FIELDS.forEach((field, index) => (result[field] = orNull(emails[index]?.address)));
	for (const [list, fields] of Object.entries(PHONE_LISTS)) {
		const numbers = (contact[list] ?? []) as string[];
		fields.forEach((field, index) => (result[field] = orNull(numbers[index])));
	}
	for (const [field, id] of Object.entries(PHONE_TAGS)) result[field as keyof typeof PHONE_TAGS] = ext(id);
	for (const field of ADDRESS_FIELDS) result[field] = addressFromGraph(contact[field]);
	result.birthday = typeof contact.birthday === 'string' ? contact.birthday.slice(0, 10) : null;
	result.notes = orNull(contact.personalNotes);
	return result;
}

/**
 * The Graph body that writes `fields` onto a contact whose current shape is `current` (absent:
 * a new contact). `undefined` leaves a field alone, null or '' clears it. Lists (e-mail
 * addresses, business and home phones) are written whole, so the current values fill the gaps.
 */
export function contactToGraph(fields: ContactFields, current: IDataObject = {}): IDataObject {
	const body: IDataObject = {};
	const has = (field: string) => fields[field] !== undefined;
	const value = (field: string) => (has(field) ? fields[field] : current[field]);
	for (const field of TEXT_FIELDS) if (has(field)) body[field] = orNull(fields[field]);
	if (EMAIL_FIELDS.some(has)) {
		body.emailAddresses = EMAIL_FIELDS.map((field) => orNull(value(field)))
			.filter((address): address is string => address !== null)
			.map((address) => ({ address, name: address }));
	}
	for (const [list, slots] of Object.entries(PHONE_LISTS)) {
		if (slots.some(has)) body[list] = slots.map((field) => orNull(value(field))).filter((phone) => phone !== null);
	}
	for (const field of ADDRESS_FIELDS) {
		if (!has(field)) continue;
		const wanted = fields[field] as PostalAddress | null;
		const address: IDataObject = {};
		// A part missing from the wanted address stays as it is; null clears it.
		for (const part of ADDRESS_PARTS) {
			const partValue = wanted === null ? null : wanted[part] !== undefined ? wanted[part] : (current[field] as PostalAddress | null)?.[part];
			if (orNull(partValue) !== null) address[part] = partValue as string;
		}
		body[field] = address;
	}
	if (has('birthday')) body.birthday = fields.birthday ? `${String(fields.birthday).slice(0, 10)}T11:59:00Z` : null;
	if (has('notes')) body.personalNotes = fields.notes ?? '';
	if (has('categories')) body.categories = fields.categories ?? [];
	const extended = extendedWrites(fields, EXTENDED_PROPERTIES);
	if (extended.length) body.singleValueExtendedProperties = extended;
	return body;
}

export const contactMapping: GraphItemMapping = {
	noun: 'contact',
	changeNotifications: true,
	collectionPath(userPath, folder) {
		if (!folder) return `${userPath}/contacts`;
		// Contacts live in contact folders, never in the well-known mail folders.
		return 'id' in folder ? `${userPath}/contactFolders/${encodeURIComponent(folder.id)}/contacts` : undefined;
	},
	itemPath: (userPath, id) => `${userPath}/contacts/${encodeURIComponent(id)}`,
	expand: CONTACT_EXPAND,
	wholeWriteAnswers: true,
	fromGraph: (entity, mailbox) => contactFromGraph(entity, mailbox) as unknown as IDataObject,
	toGraph: (fields, current) => contactToGraph(fields as ContactFields, current),
	searchProperties: ['displayName', 'givenName', 'surname', 'companyName'],
	// Graph cannot move a contact to Recoverable Items: no Soft Delete.
	deleteActions: PERMANENT_DELETE,
	syncIdProperty: SYNC_ID_PROPERTY,
	crmRecordIdProperty: CRM_RECORD_ID_PROPERTY,
};
