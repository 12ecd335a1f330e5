import type { INodeProperties } from 'n8n-workflow';
import { contactType } from '../../helpers/itemTypes/contact';
import type { ResourceSpec } from '../itemOperation';

const text = (displayName: string, name: string, placeholder = ''): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	default: '',
	...(placeholder ? { placeholder } : {}),
});

const contactFields: INodeProperties = {
	displayName: 'Fields',
	name: 'contactFields',
	type: 'collection',
	placeholder: 'Add Field',
	default: {},
	options: [
		{ ...text('Birthday', 'birthday'), type: 'dateTime' },
		text('Business City', 'businessCity'),
		text('Business Country or Region', 'businessCountryOrRegion'),
		text('Business Fax', 'businessFax'),
		text('Business Phone', 'businessPhone'),
		text('Business Postal Code', 'businessPostalCode'),
		text('Business State', 'businessState'),
		text('Business Street', 'businessStreet'),
		{ ...text('Categories', 'categories'), description: 'Comma-separated category names' },
		text('Company Name', 'companyName'),
		text('Department', 'department'),
		text('Display Name', 'displayName'),
		text('Email 1', 'email1', 'name@email.com'),
		text('Email 2', 'email2', 'name@email.com'),
		text('Email 3', 'email3', 'name@email.com'),
		text('First Name', 'givenName'),
		text('Home City', 'homeCity'),
		text('Home Country or Region', 'homeCountryOrRegion'),
		text('Home Phone', 'homePhone'),
		text('Home Postal Code', 'homePostalCode'),
		text('Home State', 'homeState'),
		text('Home Street', 'homeStreet'),
		text('Job Title', 'jobTitle'),
		text('Last Name', 'surname'),
		text('Mobile Phone', 'mobilePhone'),
		{ ...text('Notes', 'notes'), typeOptions: { rows: 3 } },
		{ ...text('Sync ID', 'syncId'), description: 'The sync link to store on the contact' },
	],
};

export const contactSpec: ResourceSpec = { resource: 'contact', type: contactType, fields: contactFields };
