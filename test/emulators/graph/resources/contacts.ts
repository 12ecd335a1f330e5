/**
 * Contacts as Graph shows them (microsoft.graph.contact) over the store's EWS contacts: the same
 * item, property for property (GivenName ⇄ givenName, EmailAddress1..3 ⇄ emailAddresses,
 * BusinessPhone/BusinessPhone2 ⇄ businessPhones, PhysicalAddresses ⇄ the three addresses,
 * Body ⇄ personalNotes …). Phone numbers and other EWS fields Graph has no property for stay as
 * they are when Graph writes.
 */
import type { StoredItem } from '../../exchange/store';
import { element, textOf, type XNode } from '../../exchange/xml';
import { badRequest } from '../errors';
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

export const contactRepresentation: Representation = { type: CONTACT_TYPE, toGraph: contactToGraph };
