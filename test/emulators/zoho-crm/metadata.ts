/**
 * Modules and fields of the emulated org: the standard modules a sync touches, with the
 * system-mandatory fields, data types and picklists Zoho has, and custom fields/modules added at
 * run time (through the fields API or the control API).
 */

export type ZohoDataType =
	| 'text'
	| 'textarea'
	| 'email'
	| 'phone'
	| 'website'
	| 'picklist'
	| 'multiselectpicklist'
	| 'date'
	| 'datetime'
	| 'integer'
	| 'bigint'
	| 'double'
	| 'currency'
	| 'boolean'
	| 'lookup'
	| 'ownerlookup'
	| 'multi_module_lookup'
	| 'participants'
	| 'event_reminder'
	| 'RRULE'
	| 'ALARM';

/** Zoho's `json_type` for each data type, as the fields metadata reports it. */
const JSON_TYPE: Record<ZohoDataType, string> = {
	text: 'string',
	textarea: 'string',
	email: 'string',
	phone: 'string',
	website: 'string',
	picklist: 'string',
	multiselectpicklist: 'jsonarray',
	date: 'string',
	datetime: 'string',
	integer: 'integer',
	bigint: 'string',
	double: 'double',
	currency: 'double',
	boolean: 'boolean',
	lookup: 'jsonobject',
	ownerlookup: 'jsonobject',
	multi_module_lookup: 'jsonobject',
	participants: 'jsonarray',
	event_reminder: 'jsonarray',
	RRULE: 'jsonobject',
	ALARM: 'jsonobject',
};

export interface FieldDefinition {
	id: string;
	apiName: string;
	label: string;
	dataType: ZohoDataType;
	/** System-mandatory: inserts without it fail with MANDATORY_NOT_FOUND. */
	mandatory: boolean;
	length: number;
	custom: boolean;
	readOnly: boolean;
	unique: boolean;
	/** External-ID field, addressable with the X-EXTERNAL header. */
	external: boolean;
	picklist?: string[];
	/** Modules a lookup points at (several for What_Id / Who_Id). */
	lookupModules?: string[];
}

export interface ModuleDefinition {
	id: string;
	apiName: string;
	singularLabel: string;
	pluralLabel: string;
	custom: boolean;
	/** Field whose value names a record in lookups (`{"name": …, "id": …}`). */
	displayField: string;
	/** Zoho's default duplicate-check fields for upsert; empty where upsert is unsupported. */
	upsertDefaults: string[];
	upsertSupported: boolean;
	fields: FieldDefinition[];
}

export type FieldSpec = Partial<Omit<FieldDefinition, 'id' | 'apiName' | 'label' | 'dataType'>> & {
	apiName: string;
	label?: string;
	dataType: ZohoDataType;
};

export interface ModuleSpec {
	apiName: string;
	singularLabel: string;
	pluralLabel?: string;
	displayField: string;
	upsertDefaults?: string[];
	upsertSupported?: boolean;
	fields: FieldSpec[];
}

const owner: FieldSpec = { apiName: 'Owner', label: 'Owner', dataType: 'ownerlookup' };
export const LAST_ACTIVITY_TIME = 'Last_Activity_Time';
/** Set by Zoho alone (see ZohoStore.touchActivity); the modules mail is sent from have it. */
const lastActivity: FieldSpec = { apiName: LAST_ACTIVITY_TIME, label: 'Last Activity Time', dataType: 'datetime', readOnly: true };
const description: FieldSpec = { apiName: 'Description', dataType: 'textarea', length: 32000 };
const whatId: FieldSpec = {
	apiName: 'What_Id',
	label: 'Related To',
	dataType: 'multi_module_lookup',
	lookupModules: ['Accounts', 'Deals'],
};
const whoId: FieldSpec = { apiName: 'Who_Id', label: 'Contact Name', dataType: 'lookup', lookupModules: ['Contacts', 'Leads'] };
const remindAt: FieldSpec = { apiName: 'Remind_At', label: 'Reminder', dataType: 'ALARM' };
const recurring: FieldSpec = { apiName: 'Recurring_Activity', label: 'Repeat', dataType: 'RRULE' };
const leadSources = ['-None-', 'Advertisement', 'Cold Call', 'Employee Referral', 'External Referral', 'Partner', 'Web Download', 'Trade Show'];

const personFields = (extra: FieldSpec[]): FieldSpec[] => [
	owner,
	{ apiName: 'First_Name', dataType: 'text', length: 40 },
	{ apiName: 'Last_Name', dataType: 'text', length: 80, mandatory: true },
	{ apiName: 'Full_Name', dataType: 'text', readOnly: true },
	{ apiName: 'Email', dataType: 'email', length: 100 },
	{ apiName: 'Secondary_Email', dataType: 'email', length: 100 },
	{ apiName: 'Phone', dataType: 'phone', length: 30 },
	{ apiName: 'Mobile', dataType: 'phone', length: 30 },
	{ apiName: 'Title', dataType: 'text', length: 100 },
	{ apiName: 'Lead_Source', dataType: 'picklist', picklist: leadSources },
	description,
	lastActivity,
	...extra,
];

const address = (prefix: string): FieldSpec[] =>
	['Street', 'City', 'State', 'Zip', 'Country'].map((part) => ({
		apiName: `${prefix}_${part}`,
		dataType: 'text',
		length: part === 'Street' ? 250 : 100,
	}));

/** The standard modules of the emulated org. */
export const STANDARD_MODULES: ModuleSpec[] = [
	{
		apiName: 'Contacts',
		singularLabel: 'Contact',
		displayField: 'Full_Name',
		upsertDefaults: ['Email'],
		fields: personFields([
			{ apiName: 'Account_Name', label: 'Account Name', dataType: 'lookup', lookupModules: ['Accounts'] },
			{ apiName: 'Department', dataType: 'text', length: 30 },
			{ apiName: 'Date_of_Birth', dataType: 'date' },
			...address('Mailing'),
		]),
	},
	{
		apiName: 'Leads',
		singularLabel: 'Lead',
		displayField: 'Full_Name',
		upsertDefaults: ['Email'],
		fields: personFields([
			{ apiName: 'Company', dataType: 'text', length: 200 },
			{
				apiName: 'Lead_Status',
				dataType: 'picklist',
				picklist: ['-None-', 'Attempted to Contact', 'Contact in Future', 'Contacted', 'Junk Lead', 'Lost Lead', 'Not Contacted', 'Pre-Qualified', 'Not Qualified'],
			},
			...address('Address').map((field) => ({ ...field, apiName: field.apiName.replace('Address_', '') })),
		]),
	},
	{
		apiName: 'Accounts',
		singularLabel: 'Account',
		displayField: 'Account_Name',
		upsertDefaults: ['Account_Name'],
		fields: [
			owner,
			{ apiName: 'Account_Name', dataType: 'text', length: 200, mandatory: true },
			{ apiName: 'Phone', dataType: 'phone', length: 30 },
			{ apiName: 'Website', dataType: 'website', length: 255 },
			{
				apiName: 'Industry',
				dataType: 'picklist',
				picklist: ['-None-', 'Agriculture', 'Consulting', 'Health Care', 'Logistics', 'Manufacturing', 'Retail', 'Technology', 'Textiles'],
			},
			{ apiName: 'Employees', dataType: 'integer' },
			{ apiName: 'Annual_Revenue', dataType: 'currency' },
			...address('Billing'),
			description,
			lastActivity,
		],
	},
	{
		apiName: 'Deals',
		singularLabel: 'Deal',
		displayField: 'Deal_Name',
		upsertDefaults: ['Deal_Name'],
		fields: [
			owner,
			{ apiName: 'Deal_Name', dataType: 'text', length: 120, mandatory: true },
			{
				apiName: 'Stage',
				dataType: 'picklist',
				mandatory: true,
				picklist: ['Qualification', 'Needs Analysis', 'Value Proposition', 'Proposal/Price Quote', 'Negotiation/Review', 'Closed Won', 'Closed Lost'],
			},
			{ apiName: 'Amount', dataType: 'currency' },
			{ apiName: 'Probability', dataType: 'integer' },
			{ apiName: 'Closing_Date', dataType: 'date' },
			{ apiName: 'Account_Name', dataType: 'lookup', lookupModules: ['Accounts'] },
			{ apiName: 'Contact_Name', dataType: 'lookup', lookupModules: ['Contacts'] },
			description,
			lastActivity,
		],
	},
	{
		apiName: 'Tasks',
		singularLabel: 'Task',
		displayField: 'Subject',
		upsertSupported: false,
		fields: [
			owner,
			{ apiName: 'Subject', dataType: 'text', length: 300, mandatory: true },
			{ apiName: 'Due_Date', dataType: 'date' },
			{
				apiName: 'Status',
				dataType: 'picklist',
				picklist: ['Not Started', 'Deferred', 'In Progress', 'Completed', 'Waiting for input'],
			},
			{ apiName: 'Priority', dataType: 'picklist', picklist: ['High', 'Highest', 'Low', 'Lowest', 'Normal'] },
			{ apiName: 'Closed_Time', dataType: 'datetime', readOnly: true },
			whatId,
			whoId,
			remindAt,
			recurring,
			description,
		],
	},
	{
		apiName: 'Events',
		singularLabel: 'Meeting',
		pluralLabel: 'Meetings',
		displayField: 'Event_Title',
		upsertSupported: false,
		fields: [
			owner,
			{ apiName: 'Event_Title', label: 'Title', dataType: 'text', length: 255, mandatory: true },
			{ apiName: 'Start_DateTime', label: 'From', dataType: 'datetime', mandatory: true },
			{ apiName: 'End_DateTime', label: 'To', dataType: 'datetime', mandatory: true },
			{ apiName: 'All_day', dataType: 'boolean' },
			{ apiName: 'Venue', label: 'Location', dataType: 'text', length: 255 },
			{ apiName: 'Participants', dataType: 'participants' },
			{ apiName: 'Remind_At', label: 'Reminder', dataType: 'event_reminder' },
			recurring,
			whatId,
			whoId,
			description,
		],
	},
	{
		apiName: 'Calls',
		singularLabel: 'Call',
		displayField: 'Subject',
		upsertSupported: false,
		fields: [
			owner,
			{ apiName: 'Subject', dataType: 'text', length: 300, mandatory: true },
			{ apiName: 'Call_Type', dataType: 'picklist', mandatory: true, picklist: ['Outbound', 'Inbound', 'Missed'] },
			{ apiName: 'Call_Start_Time', dataType: 'datetime', mandatory: true },
			{ apiName: 'Call_Duration', dataType: 'text', length: 10 },
			{ apiName: 'Call_Result', dataType: 'text', length: 100 },
			whatId,
			whoId,
			description,
		],
	},
	{
		apiName: 'Notes',
		singularLabel: 'Note',
		displayField: 'Note_Title',
		upsertSupported: false,
		fields: [
			owner,
			{ apiName: 'Note_Title', dataType: 'text', length: 120 },
			{ apiName: 'Note_Content', dataType: 'textarea', length: 32000, mandatory: true },
			{
				apiName: 'Parent_Id',
				label: 'Parent ID',
				dataType: 'multi_module_lookup',
				mandatory: true,
				lookupModules: ['Contacts', 'Leads', 'Accounts', 'Deals', 'Tasks', 'Events', 'Calls'],
			},
		],
	},
];

/** Default field set of a custom module: a mandatory Name, Email, and Owner. */
export function customModuleSpec(apiName: string, singularLabel: string, fields: FieldSpec[] = []): ModuleSpec {
	return {
		apiName,
		singularLabel,
		displayField: 'Name',
		upsertDefaults: [],
		fields: [
			owner,
			{ apiName: 'Name', label: `${singularLabel} Name`, dataType: 'text', length: 120, mandatory: true },
			{ apiName: 'Email', dataType: 'email', length: 100 },
			...fields,
		],
	};
}

export function fieldFromSpec(spec: FieldSpec, id: string, custom: boolean): FieldDefinition {
	return {
		id,
		apiName: spec.apiName,
		label: spec.label ?? spec.apiName.replace(/_/g, ' '),
		dataType: spec.dataType,
		mandatory: spec.mandatory ?? false,
		length: spec.length ?? (spec.dataType === 'text' ? 255 : 0),
		custom: spec.custom ?? custom,
		readOnly: spec.readOnly ?? false,
		unique: spec.unique ?? false,
		external: spec.external ?? false,
		picklist: spec.picklist,
		lookupModules: spec.lookupModules,
	};
}

/** Zoho derives a custom field's API name from its label: `Exchange Sync Id` → `Exchange_Sync_Id`. */
export function apiNameFromLabel(label: string): string {
	return label
		.trim()
		.replace(/[^A-Za-z0-9]+/g, '_')
		.replace(/^_+|_+$/g, '');
}

/** A field as GET /settings/fields reports it (fields.json `fields`). */
export function renderField(field: FieldDefinition, module: ModuleDefinition): Record<string, unknown> {
	const lookupModule = field.lookupModules?.[0];
	return {
		api_name: field.apiName,
		field_label: field.label,
		display_label: field.label,
		data_type: field.dataType,
		json_type: JSON_TYPE[field.dataType],
		id: field.id,
		custom_field: field.custom,
		system_mandatory: field.mandatory,
		read_only: field.readOnly,
		field_read_only: field.readOnly,
		visible: true,
		length: field.length,
		decimal_place: field.dataType === 'currency' || field.dataType === 'double' ? 2 : null,
		filterable: true,
		sortable: true,
		searchable: ['text', 'email', 'phone', 'picklist'].includes(field.dataType),
		mass_update: !field.readOnly,
		created_source: field.custom ? 'crm' : 'default',
		operation_type: { web_update: !field.readOnly, api_create: !field.readOnly, web_create: !field.readOnly, api_update: !field.readOnly },
		view_type: { view: true, edit: !field.readOnly, quick_create: field.mandatory, create: !field.readOnly },
		pick_list_values: (field.picklist ?? []).map((value, index) => ({
			display_value: value,
			actual_value: value,
			id: `${field.id}${String(index + 1).padStart(2, '0')}`,
			sequence_number: index + 1,
			type: 'used',
			colour_code: null,
		})),
		lookup:
			lookupModule && field.dataType === 'lookup'
				? { display_label: field.label, api_name: field.apiName, module: { api_name: lookupModule, id: moduleIdFor(lookupModule) } }
				: null,
		unique: field.unique ? { casesensitive: 'false' } : null,
		...(field.external ? { external: { show: false, type: 'org', allow_multiple_config: false } } : {}),
		associated_module: { api_name: module.apiName, id: module.id },
	};
}

/** Zoho ids are 19-digit numeric strings: an org prefix, then a sequence. */
export const ORG_ID_PREFIX = '5725767000';

/** Module ids are derived from the API name, so lookups can name a module without a registry. */
export function moduleIdFor(apiName: string): string {
	let hash = 7;
	for (const char of apiName) hash = (hash * 31 + char.charCodeAt(0)) % 1_000_000_000;
	return `${ORG_ID_PREFIX}${String(hash).padStart(9, '0')}`;
}
