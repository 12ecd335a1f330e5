/**
 * Contacts as Graph shows them (microsoft.graph.contact) over the store's EWS contacts: the same
 * item, property for property (GivenName ⇄ givenName, EmailAddress1..3 ⇄ emailAddresses,
 * BusinessPhone/BusinessPhone2 ⇄ businessPhones, PhysicalAddresses ⇄ the three addresses,
 * Body ⇄ personalNotes …). The phone numbers Graph has no property for (pager, faxes …) are
 * single-value extended properties by their MAPI tags, as in Exchange Online: read and written
 * through them, they are the very entries EWS reads as PhoneNumbers. Other EWS fields Graph has
 * no property for stay as they are when Graph writes.
 */
import type { StoredItem } from '../../exchange/store';
import { element, textOf, type XNode } from '../../exchange/xml';
import { badRequest } from '../errors';
import { formatPropertyId, parsePropertyId } from './extended';
import type { Representation } from './listing';
import { graphOnly, outlookItemFields, parentFolderId, setCategories, setGraphOnly, setText, text, type Json, type View } from './common';

export const CONTACT_TYPE = 'microsoft.graph.contact';

const TEXT_FIELDS: Record<string, string> = {
	givenName: 'GivenName',
	surname: 'Surname',
	middleName: 'MiddleName',
	nickName: 'Nickname',
	initials: 'Initials',
	displayName: 'DisplayName',
	fileAs: 'FileAs',
	generation: 'Generation',
	companyName: 'CompanyName',
	department: 'Department',
	jobTitle: 'JobTitle',
	officeLocation: 'OfficeLocation',
	profession: 'Profession',
	assistantName: 'AssistantName',
	manager: 'Manager',
	spouseName: 'SpouseName',
	businessHomePage: 'BusinessHomePage',
	mobilePhone: 'MobilePhone',
};
/** Graph contact properties EWS has no field for: kept for Graph only. */
const GRAPH_ONLY_FIELDS = ['title', 'yomiGivenName', 'yomiSurname', 'yomiCompanyName'];
const ADDRESSES: Record<string, string> = { homeAddress: 'Home', businessAddress: 'Business', otherAddress: 'Other' };
const ADDRESS_PARTS: Record<string, string> = { street: 'Street', city: 'City', state: 'State', countryOrRegion: 'CountryOrRegion', postalCode: 'PostalCode' };
const PHONE_LISTS: Record<string, string[]> = { businessPhones: ['BusinessPhone', 'BusinessPhone2'], homePhones: ['HomePhone', 'HomePhone2'] };
/** The other PhoneNumbers entries by the Graph id of their MAPI property (MS-OXPROPS: PidTagPagerTelephoneNumber …). */
const PHONE_PROPERTIES = new Map(
	Object.entries({
		AssistantPhone: '0x3A2E',
		BusinessFax: '0x3A24',
		Callback: '0x3A02',
		CarPhone: '0x3A1E',
		CompanyMainPhone: '0x3A57',
		HomeFax: '0x3A25',
		Isdn: '0x3A2D',
		OtherFax: '0x3A23',
		OtherTelephone: '0x3A1F',
		Pager: '0x3A21',
		PrimaryPhone: '0x3A1A',
		RadioPhone: '0x3A1D',
		Telex: '0x3A2C',
		TtyTddPhone: '0x3A4B',
	}).map(([key, tag]) => [formatPropertyId({ PropertyTag: tag, PropertyType: 'String' }), key]),
);

type ExtendedEntry = { id?: unknown; value?: unknown };

/** The PhoneNumbers key a single-value extended property id names, if it names one. */
function phoneKey(entry: ExtendedEntry): string | undefined {
	if (typeof entry.id !== 'string') return undefined;
	try {
		return PHONE_PROPERTIES.get(formatPropertyId(parsePropertyId(entry.id)));
	} catch {
		return undefined; // a malformed id is refused where extended properties are stored
	}
}

const singleValueEntries = (json: Json): ExtendedEntry[] => (Array.isArray(json.singleValueExtendedProperties) ? (json.singleValueExtendedProperties as ExtendedEntry[]) : []);

/** The body without the phone numbers it writes by MAPI tag (applyContact writes those): what is left for the item's extended properties. */
export function withoutPhoneProperties(json: Json): Json {
	if (!singleValueEntries(json).some((entry) => phoneKey(entry))) return json;
	return { ...json, singleValueExtendedProperties: singleValueEntries(json).filter((entry) => !phoneKey(entry)) };
}

/** The contact's phone numbers that Graph shows only as single-value extended properties. */
function phoneProperties(item: StoredItem): Array<{ id: string; value: string }> {
	const phones = entries(item.props, 'PhoneNumbers');
	return [...PHONE_PROPERTIES].flatMap(([id, key]) => (phones.get(key)?.text ? [{ id, value: phones.get(key)!.text }] : []));
}

function entries(props: Map<string, XNode>, container: string): Map<string, XNode> {
	return new Map((props.get(container)?.children ?? []).map((entry) => [entry.attrs.Key, entry]));
}

/** Sets (or with null removes) one entry of a dictionary property (EmailAddresses, PhoneNumbers …). */
function setEntry(props: Map<string, XNode>, container: string, key: string, entry: XNode | null): void {
	const existing = (props.get(container)?.children ?? []).filter((e) => e.attrs.Key !== key);
	const next = entry ? [...existing, entry] : existing;
	if (next.length === 0) props.delete(container);
	else props.set(container, element(container, {}, ...next));
}

export function contactToGraph(item: StoredItem, view: View): Json {
	const props = item.props;
	const phones = entries(props, 'PhoneNumbers');
	const emails = entries(props, 'EmailAddresses');
	const addresses = entries(props, 'PhysicalAddresses');
	const extra = graphOnly(props);
	const json: Json = {
		...outlookItemFields(item, view),
		parentFolderId: parentFolderId(item, view),
		birthday: props.get('Birthday') ? `${props.get('Birthday')!.text.slice(0, 10)}T11:59:00Z` : null,
	};
	for (const [key, name] of Object.entries(TEXT_FIELDS)) json[key] = name === 'MobilePhone' ? (phones.get('MobilePhone')?.text ?? null) : text(props, name);
	json.fileAs = json.fileAs ?? '';
	for (const key of GRAPH_ONLY_FIELDS) json[key] = (extra[key] as string | undefined) ?? null;
	json.imAddresses = ['ImAddress1', 'ImAddress2', 'ImAddress3'].map((key) => entries(props, 'ImAddresses').get(key)?.text).filter(Boolean);
	for (const [key, slots] of Object.entries(PHONE_LISTS)) json[key] = slots.map((slot) => phones.get(slot)?.text).filter(Boolean);
	json.personalNotes = text(props, 'Body') ?? '';
	json.children = (props.get('Children')?.children ?? []).map((c) => c.text);
	json.emailAddresses = ['EmailAddress1', 'EmailAddress2', 'EmailAddress3']
		.map((key) => emails.get(key))
		.filter((entry): entry is XNode => !!entry)
		.map((entry) => ({ name: entry.attrs.Name || entry.text, address: entry.text }));
	for (const [key, index] of Object.entries(ADDRESSES)) {
		const entry = addresses.get(index);
		json[key] = Object.fromEntries(Object.entries(ADDRESS_PARTS).flatMap(([part, name]) => (textOf(entry, name) ? [[part, textOf(entry, name)]] : [])));
	}
	return json;
}

/** Applies a Graph contact body (create or PATCH) to the item's properties. */
export function applyContact(props: Map<string, XNode>, json: Json): void {
	for (const [key, name] of Object.entries(TEXT_FIELDS)) {
		if (!(key in json)) continue;
		if (name === 'MobilePhone') setEntry(props, 'PhoneNumbers', 'MobilePhone', json[key] ? element('Entry', { Key: 'MobilePhone' }, String(json[key])) : null);
		else setText(props, name, json[key]);
	}
	for (const key of GRAPH_ONLY_FIELDS) setGraphOnly(props, key, json[key] === '' ? null : json[key]);
	setCategories(props, json.categories);
	if ('birthday' in json) setText(props, 'Birthday', json.birthday ? `${String(json.birthday).slice(0, 10)}T00:00:00Z` : null);
	if ('personalNotes' in json) {
		if (json.personalNotes) props.set('Body', element('Body', { BodyType: 'Text' }, String(json.personalNotes)));
		else props.delete('Body');
	}
	if ('children' in json) {
		const list = Array.isArray(json.children) ? json.children.map(String) : [];
		if (list.length) props.set('Children', element('Children', {}, ...list.map((c) => element('String', {}, c))));
		else props.delete('Children');
	}
	if ('emailAddresses' in json) {
		const list = (Array.isArray(json.emailAddresses) ? json.emailAddresses : []) as Array<{ name?: string; address?: string }>;
		if (list.length > 3) throw badRequest('A contact has at most 3 email addresses.', 'ErrorInvalidArgument');
		['EmailAddress1', 'EmailAddress2', 'EmailAddress3'].forEach((key, index) => {
			const address = list[index];
			setEntry(props, 'EmailAddresses', key, address?.address ? element('Entry', { Key: key, ...(address.name ? { Name: address.name } : {}) }, address.address) : null);
		});
	}
	if ('imAddresses' in json) {
		const list = (Array.isArray(json.imAddresses) ? json.imAddresses : []).map(String);
		['ImAddress1', 'ImAddress2', 'ImAddress3'].forEach((key, index) => setEntry(props, 'ImAddresses', key, list[index] ? element('Entry', { Key: key }, list[index]) : null));
	}
	for (const [key, slots] of Object.entries(PHONE_LISTS)) {
		if (!(key in json)) continue;
		const list = (Array.isArray(json[key]) ? (json[key] as unknown[]) : []).map(String);
		if (list.length > slots.length) throw badRequest(`A contact has at most ${slots.length} ${key}.`, 'ErrorInvalidArgument');
		slots.forEach((slot, index) => setEntry(props, 'PhoneNumbers', slot, list[index] ? element('Entry', { Key: slot }, list[index]) : null));
	}
	// An empty value clears the number, as Graph can only write a property, not remove it.
	for (const entry of singleValueEntries(json)) {
		const key = phoneKey(entry);
		if (key) setEntry(props, 'PhoneNumbers', key, entry.value ? element('Entry', { Key: key }, String(entry.value)) : null);
	}
	for (const [key, index] of Object.entries(ADDRESSES)) {
		if (!(key in json)) continue;
		const address = (json[key] ?? {}) as Record<string, unknown>;
		const parts = Object.entries(ADDRESS_PARTS).filter(([part]) => address[part]).map(([part, name]) => element(name, {}, String(address[part])));
		setEntry(props, 'PhysicalAddresses', index, parts.length ? element('Entry', { Key: index }, ...parts) : null);
	}
	// Exchange keeps a display name: without one it is made from the names, as deriveProperties does on create.
	if (!props.has('DisplayName') && ('givenName' in json || 'surname' in json || 'displayName' in json)) {
		const name = [props.get('GivenName')?.text, props.get('Surname')?.text].filter(Boolean).join(' ');
		if (name) props.set('DisplayName', element('DisplayName', {}, name));
	}
}

export const contactRepresentation: Representation = { type: CONTACT_TYPE, toGraph: contactToGraph, extendedProperties: phoneProperties };
