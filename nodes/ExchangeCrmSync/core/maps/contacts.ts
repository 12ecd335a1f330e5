/**
 * Default field map for contacts: Exchange contact ⇄ Zoho Contacts or Leads. Canonical field
 * names are the Exchange property names (dotted for address parts).
 */
import { lookupNameAccess, pathAccess, simpleField, type FieldSpec } from '../fieldMap';

const address = (exchangeAddress: string, crmPrefix: string, crmZip = 'Zip'): FieldSpec[] => [
	simpleField(`${exchangeAddress}.street`, 'multiline', `${exchangeAddress}.street`, `${crmPrefix}Street`),
	simpleField(`${exchangeAddress}.city`, 'text', `${exchangeAddress}.city`, `${crmPrefix}City`),
	simpleField(`${exchangeAddress}.state`, 'text', `${exchangeAddress}.state`, `${crmPrefix}State`),
	simpleField(`${exchangeAddress}.postalCode`, 'text', `${exchangeAddress}.postalCode`, `${crmPrefix}${crmZip}`),
	simpleField(`${exchangeAddress}.countryOrRegion`, 'text', `${exchangeAddress}.countryOrRegion`, `${crmPrefix}Country`),
];

const common = (): FieldSpec[] => [
	simpleField('givenName', 'text', 'givenName', 'First_Name'),
	simpleField('surname', 'text', 'surname', 'Last_Name'),
	simpleField('email1', 'email', 'email1', 'Email'),
	simpleField('email2', 'email', 'email2', 'Secondary_Email'),
	simpleField('businessPhone', 'phone', 'businessPhone', 'Phone'),
	simpleField('mobilePhone', 'phone', 'mobilePhone', 'Mobile'),
	simpleField('businessFax', 'phone', 'businessFax', 'Fax'),
	simpleField('notes', 'multiline', 'notes', 'Description'),
];

export function contactFieldMap(crmModule: string): FieldSpec[] {
	if (crmModule === 'Leads') {
		return [
			...common(),
			simpleField('jobTitle', 'text', 'jobTitle', 'Designation'),
			simpleField('companyName', 'text', 'companyName', 'Company'),
			...address('businessAddress', ''),
		];
	}
	return [
		...common(),
		simpleField('jobTitle', 'text', 'jobTitle', 'Title'),
		simpleField('department', 'text', 'department', 'Department'),
		simpleField('homePhone', 'phone', 'homePhone', 'Home_Phone'),
		{ field: 'companyName', kind: 'text', exchange: pathAccess('companyName'), crm: lookupNameAccess('Account_Name') },
		simpleField('birthday', 'date', 'birthday', 'Date_of_Birth'),
		...address('businessAddress', 'Mailing_'),
		...address('homeAddress', 'Other_'),
	];
}
