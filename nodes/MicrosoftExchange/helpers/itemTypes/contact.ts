import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { pickFields } from '../fieldValues';
import type { FieldType } from '../fieldValues';
import type { ExchangeContact, PostalAddress } from '../itemShapes';
import type { ItemType } from './index';

/** Contact fields a create / update may write: the shape without the server-assigned ones. */
export type ContactFields = Partial<Omit<ExchangeContact, 'id' | 'changeKey' | 'mailbox' | 'lastModified'>> & IDataObject;

/** Every phone number a contact can hold, one field per Exchange phone key (camelCase). */
const PHONE_FIELDS = [
	'assistantPhone',
	'businessFax',
	'businessPhone',
	'businessPhone2',
	'callback',
	'carPhone',
	'companyMainPhone',
	'homeFax',
	'homePhone',
	'homePhone2',
	'isdn',
	'mobilePhone',
	'otherFax',
	'otherTelephone',
	'pager',
	'primaryPhone',
	'radioPhone',
	'telex',
	'ttyTddPhone',
] as const;

const CONTACT_FIELD_TYPES: Record<string, FieldType> = {
	givenName: 'string',
	surname: 'string',
	displayName: 'string',
	companyName: 'string',
	jobTitle: 'string',
	department: 'string',
	assistantName: 'string',
	email1: 'string',
	email2: 'string',
	email3: 'string',
	...Object.fromEntries(PHONE_FIELDS.map((field) => [field, 'string' as FieldType])),
	businessAddress: 'object',
	homeAddress: 'object',
	otherAddress: 'object',
	birthday: 'string',
	notes: 'string',
	categories: 'stringArray',
	syncId: 'string',
	syncState: 'string',
	crmRecordId: 'string',
};

/** UI parameters: "Fields" holds the flat fields; addresses are split into their parts. */
function contactFieldsFromParameters(context: IExecuteFunctions, itemIndex: number): ContactFields {
	const ui = { ...(context.getNodeParameter('contactFields', itemIndex, {}) as IDataObject) };
	for (const prefix of ['business', 'home'] as const) {
		const address: PostalAddress = {};
		for (const part of ['street', 'city', 'state', 'postalCode', 'countryOrRegion'] as const) {
			const key = `${prefix}${part[0].toUpperCase()}${part.slice(1)}`;
			if (key in ui) {
				address[part] = String(ui[key]);
				delete ui[key];
			}
		}
		if (Object.keys(address).length) ui[`${prefix}Address`] = address as IDataObject;
	}
	return pickFields(ui, CONTACT_FIELD_TYPES) as ContactFields;
}

export const contactType: ItemType<ContactFields> = {
	name: 'contact',
	noun: 'contact',
	fieldsFromParameters: contactFieldsFromParameters,
	fieldsFromJson: (json) => pickFields(json, CONTACT_FIELD_TYPES) as ContactFields,
};
