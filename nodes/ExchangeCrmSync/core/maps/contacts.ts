/**
 * Default field map for contacts: Exchange contact ⇄ Zoho Contacts or Leads. Canonical field
 * names are the Exchange property names (dotted for address parts).
 *
 * The company is synced with a Lead's Company text field only. A Contact's Account_Name is a
 * lookup to an Account record: Zoho accepts only an account id there, and a company name typed in
 * Outlook names no account reliably (none, or several with the same name). Mapping it would make
 * every create of such a contact fail and the pair never settle, so Contacts leave it out.
 */
import { simpleField, type FieldSpec } from '../fieldMap';

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
			// A Lead's postal code is Zip_Code in API v8 (Contacts have Mailing_Zip / Other_Zip).
			...address('businessAddress', '', 'Zip_Code'),
		];
	}
	return [
		...common(),
		simpleField('jobTitle', 'text', 'jobTitle', 'Title'),
		simpleField('department', 'text', 'department', 'Department'),
		simpleField('homePhone', 'phone', 'homePhone', 'Home_Phone'),
		simpleField('otherTelephone', 'phone', 'otherTelephone', 'Other_Phone'),
		simpleField('assistantPhone', 'phone', 'assistantPhone', 'Asst_Phone'),
		simpleField('assistantName', 'text', 'assistantName', 'Assistant'),
		simpleField('birthday', 'date', 'birthday', 'Date_of_Birth'),
		...address('businessAddress', 'Mailing_'),
		...address('homeAddress', 'Other_'),
	];
}
