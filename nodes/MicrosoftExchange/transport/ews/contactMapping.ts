import {
	WellKnownFolderName,
	Contact,
	ContactSchema,
	EmailAddress,
	EmailAddressKey,
	PhoneNumberKey,
	PhysicalAddressEntry,
	PhysicalAddressKey,
} from 'ews-javascript-api';
import type { DateTime, EmailAddressDictionary, PhoneNumberDictionary, PhysicalAddressDictionary } from 'ews-javascript-api';
import { applyBaseFields, baseFields, bodyText, isoDate, property, toEwsDate } from './ewsValues';
import type { ContactFields } from '../../helpers/itemTypes/contact';
import type { EwsItemMapping } from './itemMappings';
import type { ExchangeContact, PostalAddress } from '../../helpers/itemShapes';
import { optionalXmlText, xmlText } from './xml';

const EMAIL_KEYS = {
	email1: EmailAddressKey.EmailAddress1,
	email2: EmailAddressKey.EmailAddress2,
	email3: EmailAddressKey.EmailAddress3,
} as const;

/** Every phone number a contact can hold, by Exchange's key. */
const PHONE_KEYS = {
	assistantPhone: PhoneNumberKey.AssistantPhone,
	businessFax: PhoneNumberKey.BusinessFax,
	businessPhone: PhoneNumberKey.BusinessPhone,
	businessPhone2: PhoneNumberKey.BusinessPhone2,
	callback: PhoneNumberKey.Callback,
	carPhone: PhoneNumberKey.CarPhone,
	companyMainPhone: PhoneNumberKey.CompanyMainPhone,
	homeFax: PhoneNumberKey.HomeFax,
	homePhone: PhoneNumberKey.HomePhone,
	homePhone2: PhoneNumberKey.HomePhone2,
	isdn: PhoneNumberKey.Isdn,
	mobilePhone: PhoneNumberKey.MobilePhone,
	otherFax: PhoneNumberKey.OtherFax,
	otherTelephone: PhoneNumberKey.OtherTelephone,
	pager: PhoneNumberKey.Pager,
	primaryPhone: PhoneNumberKey.PrimaryPhone,
	radioPhone: PhoneNumberKey.RadioPhone,
	telex: PhoneNumberKey.Telex,
	ttyTddPhone: PhoneNumberKey.TtyTddPhone,
} as const;

const ADDRESS_KEYS = {
	businessAddress: PhysicalAddressKey.Business,
	homeAddress: PhysicalAddressKey.Home,
	otherAddress: PhysicalAddressKey.Other,
} as const;

const TEXT_FIELDS = ['givenName', 'surname', 'displayName', 'companyName', 'jobTitle', 'department', 'assistantName'] as const;
type TextField = (typeof TEXT_FIELDS)[number];

const TEXT_PROPERTIES: Record<TextField, keyof Contact & string> = {
	givenName: 'GivenName',
	surname: 'Surname',
	displayName: 'DisplayName',
	companyName: 'CompanyName',
	jobTitle: 'JobTitle',
	department: 'Department',
	assistantName: 'AssistantName',
};

const TEXT_DEFINITIONS = {
	givenName: ContactSchema.GivenName,
	surname: ContactSchema.Surname,
	displayName: ContactSchema.DisplayName,
	companyName: ContactSchema.CompanyName,
	jobTitle: ContactSchema.JobTitle,
	department: ContactSchema.Department,
	assistantName: ContactSchema.AssistantName,
};

function entry<T>(dictionary: { TryGetValue(key: number, out: { outValue: T | null }): boolean } | undefined, key: number): T | null {
	if (!dictionary) return null;
	const out: { outValue: T | null } = { outValue: null };
	return dictionary.TryGetValue(key, out) ? out.outValue : null;
}

function postalAddress(address: PhysicalAddressEntry | null): PostalAddress | null {
	if (!address) return null;
	const result: PostalAddress = {
		street: address.Street || null,
		city: address.City || null,
		state: address.State || null,
		postalCode: address.PostalCode || null,
		countryOrRegion: address.CountryOrRegion || null,
	};
	return Object.values(result).some((value) => value !== null) ? result : null;
}

export function contactFromEws(contact: Contact, mailbox: string): ExchangeContact {
	const emails = property<EmailAddressDictionary>(contact, ContactSchema.EmailAddresses);
	const phones = property<PhoneNumberDictionary>(contact, ContactSchema.PhoneNumbers);
	const addresses = property<PhysicalAddressDictionary>(contact, ContactSchema.PhysicalAddresses);
	const result: ExchangeContact = { ...baseFields(contact, mailbox) };
	for (const field of TEXT_FIELDS) result[field] = property<string>(contact, TEXT_DEFINITIONS[field]) || null;
	for (const [field, key] of Object.entries(EMAIL_KEYS)) {
		result[field as keyof typeof EMAIL_KEYS] = entry<EmailAddress>(emails, key)?.Address || null;
	}
	for (const [field, key] of Object.entries(PHONE_KEYS)) {
		result[field as keyof typeof PHONE_KEYS] = entry<string>(phones, key) || null;
	}
	for (const [field, key] of Object.entries(ADDRESS_KEYS)) {
		result[field as keyof typeof ADDRESS_KEYS] = postalAddress(entry<PhysicalAddressEntry>(addresses, key));
	}
	result.birthday = isoDate(property<DateTime>(contact, ContactSchema.Birthday));
	result.notes = bodyText(contact);
	return result;
}

const ADDRESS_PARTS = {
	street: 'Street',
	city: 'City',
	state: 'State',
	postalCode: 'PostalCode',
	countryOrRegion: 'CountryOrRegion',
} as const;

/**
 * Sets the given parts of an address (a missing part stays, null clears it). An existing entry is
 * changed in place, and the dictionary is told so: the client's entries never raise their change
 * event (SimplePropertyBag.Changed is disabled), so without this an update would drop the change.
 */
function applyAddress(contact: Contact, key: PhysicalAddressKey, address: PostalAddress | null): void {
	const existing = entry<PhysicalAddressEntry>(contact.PhysicalAddresses, key);
	const target = existing ?? new PhysicalAddressEntry();
	for (const [part, property] of Object.entries(ADDRESS_PARTS)) {
		const value = address === null ? null : address[part as keyof PostalAddress];
		if (value !== undefined) target[property] = optionalXmlText(value) ?? (null as unknown as string);
	}
	if (existing) (contact.PhysicalAddresses as unknown as { EntryChanged(entry: PhysicalAddressEntry): void }).EntryChanged(existing);
	else contact.PhysicalAddresses._setItem(key, target);
}

/**
 * Writes the given fields onto a contact: `undefined` leaves a field alone, `null` or '' clears it.
 * Every string is XML-escaped here (the client writes them as they are).
 */
export function applyContactFields(contact: Contact, fields: ContactFields): void {
	for (const field of TEXT_FIELDS) {
		const value = fields[field];
		if (value !== undefined) {
			(contact as unknown as Record<string, unknown>)[TEXT_PROPERTIES[field]] = optionalXmlText(value) ?? null;
		}
	}
	for (const [field, key] of Object.entries(EMAIL_KEYS)) {
		const value = fields[field as keyof typeof EMAIL_KEYS];
		if (value !== undefined) contact.EmailAddresses._setItem(key, value ? new EmailAddress(xmlText(value)) : null as unknown as EmailAddress);
	}
	for (const [field, key] of Object.entries(PHONE_KEYS)) {
		const value = fields[field as keyof typeof PHONE_KEYS];
		if (value !== undefined) contact.PhoneNumbers._setItem(key, optionalXmlText(value) ?? (null as unknown as string));
	}
	for (const [field, key] of Object.entries(ADDRESS_KEYS)) {
		const value = fields[field as keyof typeof ADDRESS_KEYS];
		if (value !== undefined) applyAddress(contact, key, value);
	}
	if (fields.birthday !== undefined) {
		contact.Birthday = fields.birthday ? toEwsDate(fields.birthday) : (null as unknown as DateTime);
	}
	applyBaseFields(contact, fields);
}

export const contactMapping: EwsItemMapping<Contact> = {
	folder: WellKnownFolderName.Contacts,
	itemClass: 'IPM.Contact',
	newItem: (service) => new Contact(service),
	toShape: contactFromEws,
	applyFields: applyContactFields,
	searchProperties: [ContactSchema.DisplayName, ContactSchema.CompanyName, ContactSchema.EmailAddress1],
};
