/**
 * The standard modules of a new Zoho CRM org, with the fields of their default layouts: API
 * names, data types, lengths, picklists and which fields are mandatory or read-only.
 *
 * Sources, in order of authority:
 * - API names: the per-module field lists of Zoho's official Node SDK for API v8
 *   (`@zohocrm/nodejs-sdk-8.0`, `Record.Field.<Module>`), which Zoho generates from a new org.
 * - Types and lengths of Contacts: the layouts answer Zoho prints in its embedded-app SDK
 *   (github.com/ZohoDevelopers/embeddedApp-js-sdk, `ZOHO.CRM.META.getLayouts`); where API v8
 *   changed a field since (Reporting_To became the contact hierarchy lookup beside the Reports To
 *   text, Description became a large text area) the v8 form is used.
 * - The other modules: Zoho CRM help, "Standard fields" of each module
 *   (https://help.zoho.com/portal/en/kb/crm/customize-crm-account/customizing-fields/articles/standard-modules-fields).
 * - System-mandatory fields: the v8 insert-records page
 *   (https://www.zoho.com/crm/developer/docs/api/v8/insert-records.html).
 *
 * Fields that exist only with optional features (multi-currency, territories, GDPR, Zia
 * enrichment, tags, layouts, record locking) are left out; docs/zoho-emulator.md lists them.
 */
import type { FieldSpec, ModuleSpec, ZohoDataType } from './metadata';

type Extra = Omit<FieldSpec, 'apiName' | 'dataType'>;

const field = (dataType: ZohoDataType) => (apiName: string, length?: number, extra: Extra = {}): FieldSpec => ({
	apiName,
	dataType,
	...(length === undefined ? {} : { length }),
	...extra,
});
const text = field('text');
const email = field('email');
const phone = field('phone');
const website = field('website');
const date = field('date');
const datetime = field('datetime');
const integer = field('integer');
const currency = field('currency');
const boolean = field('boolean');

const picklist = (apiName: string, values: string[], extra: Extra = {}): FieldSpec => ({ apiName, dataType: 'picklist', picklist: values, ...extra });
const lookup = (apiName: string, modules: string[], extra: Extra = {}): FieldSpec => ({ apiName, dataType: 'lookup', lookupModules: modules, ...extra });
const readOnly = (spec: FieldSpec): FieldSpec => ({ ...spec, readOnly: true });

export const LAST_ACTIVITY_TIME = 'Last_Activity_Time';

const owner = (label: string): FieldSpec => ({ apiName: 'Owner', label, dataType: 'ownerlookup' });
/** Set by Zoho alone (see ZohoStore.touchActivity); the modules mail is sent from have it. */
const lastActivity = readOnly(datetime(LAST_ACTIVITY_TIME));
const description = { apiName: 'Description', dataType: 'textarea', length: 32000 } satisfies FieldSpec;
const recordImage = readOnly({ apiName: 'Record_Image', label: 'Record Image', dataType: 'profileimage' });
const locked = readOnly(boolean('Locked__s', undefined, { label: 'Locked' }));
const fullName = readOnly(text('Full_Name', 80));
const unsubscribed = [
	readOnly(picklist('Unsubscribed_Mode', ['-None-', 'Consent form', 'Manual', 'Unsubscribe link', 'Zoho Campaigns'])),
	readOnly(datetime('Unsubscribed_Time')),
];
/** The SalesIQ visit summary every new org's Leads and Contacts carry (filled by SalesIQ only). */
const visitSummary: FieldSpec[] = [
	readOnly(datetime('First_Visited_Time')),
	readOnly(website('First_Visited_URL', 255, { label: 'First Visited URL' })),
	readOnly(datetime('Last_Visited_Time')),
	readOnly(integer('Number_Of_Chats', 9, { label: 'Number Of Chats' })),
	readOnly({ apiName: 'Average_Time_Spent_Minutes', label: 'Average Time Spent (Minutes)', dataType: 'double' }),
	readOnly(integer('Days_Visited', 9)),
	readOnly(website('Referrer', 255)),
	readOnly(integer('Visitor_Score', 9)),
];

const LEAD_SOURCES = ['-None-', 'Advertisement', 'Cold Call', 'Employee Referral', 'External Referral', 'Partner', 'Public Relations', 'Trade Show', 'Web Form', 'Search Engine', 'Facebook', 'Twitter'];
const SALUTATIONS = ['-None-', 'Mr.', 'Mrs.', 'Ms.', 'Dr.', 'Prof.'];
const INDUSTRIES = [
	'-None-', 'ASP (Application Service Provider)', 'Data/Telecom OEM', 'ERP (Enterprise Resource Planning)', 'Government/Military', 'Large Enterprise',
	'ManagementISV', 'MSP (Management Service Provider)', 'Network Equipment Enterprise', 'Non-management ISV', 'Optical Networking', 'Service Provider',
	'Small/Medium Enterprise', 'Storage Equipment', 'Storage Service Provider', 'Systems Integrator', 'Wireless Industry',
];
const RATINGS = ['-None-', 'Acquired', 'Active', 'Market Failed', 'Project Cancelled', 'Shut Down'];

const address = (prefix: string, zip: string): FieldSpec[] => [
	text(`${prefix}Street`, 250),
	text(`${prefix}City`, 30),
	text(`${prefix}State`, 30),
	text(`${prefix}${zip}`, 30),
	text(`${prefix}Country`, 30),
];

const whatId: FieldSpec = { apiName: 'What_Id', label: 'Related To', dataType: 'multi_module_lookup', lookupModules: ['Accounts', 'Deals', 'Campaigns', 'Vendors'] };
const whoId = lookup('Who_Id', ['Contacts', 'Leads'], { label: 'Contact Name' });
const recurring: FieldSpec = { apiName: 'Recurring_Activity', label: 'Repeat', dataType: 'RRULE' };

/** The standard modules of the emulated org. */
export const STANDARD_MODULES: ModuleSpec[] = [
	{
		apiName: 'Leads',
		singularLabel: 'Lead',
		displayField: 'Full_Name',
		upsertDefaults: ['Email'],
		relatedLists: ['Notes', 'Tasks', 'Events', 'Calls', 'Emails'],
		fields: [
			owner('Lead Owner'),
			picklist('Salutation', SALUTATIONS),
			text('First_Name', 40),
			text('Last_Name', 80, { mandatory: true }),
			fullName,
			text('Designation', 100, { label: 'Title' }),
			text('Company', 100),
			picklist('Lead_Source', LEAD_SOURCES),
			picklist('Industry', INDUSTRIES),
			currency('Annual_Revenue'),
			phone('Phone', 30),
			phone('Mobile', 30),
			text('Fax', 30),
			email('Email', 100),
			email('Secondary_Email', 100),
			text('Skype_ID', 50, { label: 'Skype ID' }),
			website('Website', 255),
			picklist('Lead_Status', ['-None-', 'Attempted to Contact', 'Contact in Future', 'Contacted', 'Junk Lead', 'Lost Lead', 'Not Contacted', 'Pre-Qualified', 'Not Qualified']),
			picklist('Rating', RATINGS),
			integer('No_of_Employees', 9, { label: 'No. of Employees' }),
			boolean('Email_Opt_Out'),
			text('Twitter', 50),
			...address('', 'Zip_Code'),
			description,
			lastActivity,
			readOnly(boolean('Converted__s', undefined, { label: 'Converted' })),
			readOnly(datetime('Converted_Date_Time')),
			readOnly(lookup('Converted_Account', ['Accounts'])),
			readOnly(lookup('Converted_Contact', ['Contacts'])),
			readOnly(lookup('Converted_Deal', ['Deals'])),
			readOnly(integer('Lead_Conversion_Time', 9)),
			recordImage,
			locked,
			...unsubscribed,
			...visitSummary,
		],
	},
	{
		apiName: 'Contacts',
		singularLabel: 'Contact',
		displayField: 'Full_Name',
		upsertDefaults: ['Email'],
		relatedLists: ['Notes', 'Deals', 'Tasks', 'Events', 'Calls', 'Emails'],
		fields: [
			owner('Contact Owner'),
			picklist('Lead_Source', LEAD_SOURCES),
			picklist('Salutation', SALUTATIONS),
			text('First_Name', 40),
			text('Last_Name', 80, { mandatory: true }),
			fullName,
			lookup('Account_Name', ['Accounts']),
			lookup('Vendor_Name', ['Vendors']),
			email('Email', 100),
			email('Secondary_Email', 100),
			text('Title', 100),
			text('Department', 50),
			phone('Phone', 50),
			phone('Home_Phone', 30),
			phone('Other_Phone', 30),
			text('Fax', 30),
			phone('Mobile', 30),
			date('Date_of_Birth', undefined, { label: 'Date of Birth' }),
			text('Assistant', 50),
			phone('Asst_Phone', 30),
			text('Reports_To', 50),
			lookup('Reporting_To', ['Contacts']),
			boolean('Email_Opt_Out'),
			text('Skype_ID', 50, { label: 'Skype ID' }),
			text('Twitter', 50),
			...address('Mailing_', 'Zip'),
			...address('Other_', 'Zip'),
			description,
			lastActivity,
			recordImage,
			locked,
			...unsubscribed,
			...visitSummary,
		],
	},
	{
		apiName: 'Accounts',
		singularLabel: 'Account',
		displayField: 'Account_Name',
		upsertDefaults: ['Account_Name'],
		relatedLists: ['Notes', 'Contacts', 'Deals', 'Tasks', 'Events', 'Calls', 'Emails'],
		fields: [
			owner('Account Owner'),
			picklist('Rating', RATINGS),
			text('Account_Name', 100, { mandatory: true }),
			phone('Phone', 30),
			text('Account_Site', 80),
			text('Fax', 30),
			lookup('Parent_Account', ['Accounts']),
			website('Website', 255),
			text('Account_Number', 40),
			text('Ticker_Symbol', 30),
			picklist('Account_Type', ['-None-', 'Analyst', 'Competitor', 'Customer', 'Distributor', 'Integrator', 'Investor', 'Other', 'Partner', 'Press', 'Prospect', 'Reseller', 'Supplier', 'Vendor']),
			picklist('Ownership', ['-None-', 'Other', 'Private', 'Public', 'Subsidiary', 'Partnership', 'Government', 'Privately Held', 'Public Company']),
			picklist('Industry', INDUSTRIES),
			integer('Employees', 9),
			currency('Annual_Revenue'),
			integer('SIC_Code', 9, { label: 'SIC Code' }),
			...address('Billing_', 'Code'),
			...address('Shipping_', 'Code'),
			description,
			lastActivity,
			recordImage,
			locked,
		],
	},
	{
		apiName: 'Deals',
		singularLabel: 'Deal',
		displayField: 'Deal_Name',
		upsertDefaults: ['Deal_Name'],
		relatedLists: ['Notes', 'Tasks', 'Events', 'Calls', 'Emails'],
		fields: [
			owner('Deal Owner'),
			currency('Amount'),
			text('Deal_Name', 120, { mandatory: true }),
			date('Closing_Date'),
			lookup('Account_Name', ['Accounts']),
			picklist('Stage', ['Qualification', 'Needs Analysis', 'Value Proposition', 'Identify Decision Makers', 'Proposal/Price Quote', 'Negotiation/Review', 'Closed Won', 'Closed Lost', 'Closed Lost to Competition'], {
				mandatory: true,
			}),
			picklist('Type', ['-None-', 'Existing Business', 'New Business']),
			integer('Probability', 3, { label: 'Probability (%)' }),
			text('Next_Step', 100),
			readOnly(currency('Expected_Revenue')),
			picklist('Lead_Source', LEAD_SOURCES),
			lookup('Campaign_Source', ['Campaigns']),
			lookup('Contact_Name', ['Contacts']),
			picklist('Reason_For_Loss__s', ['-None-', 'Lost to Competitor', 'Price', 'Lack of Budget', 'Need Unclear', 'No Decision', 'Other'], { label: 'Reason For Loss' }),
			readOnly(integer('Sales_Cycle_Duration', 9)),
			readOnly(integer('Overall_Sales_Duration', 9)),
			readOnly(integer('Lead_Conversion_Time', 9)),
			description,
			lastActivity,
			locked,
		],
	},
	{
		apiName: 'Tasks',
		singularLabel: 'Task',
		displayField: 'Subject',
		upsertSupported: false,
		relatedLists: ['Notes'],
		fields: [
			owner('Task Owner'),
			text('Subject', 300, { mandatory: true }),
			date('Due_Date'),
			whoId,
			whatId,
			picklist('Status', ['Not Started', 'Deferred', 'In Progress', 'Completed', 'Waiting for input']),
			picklist('Priority', ['High', 'Highest', 'Low', 'Lowest', 'Normal']),
			readOnly(datetime('Closed_Time')),
			boolean('Send_Notification_Email', undefined, { label: 'Send Notification Email' }),
			{ apiName: 'Remind_At', label: 'Reminder', dataType: 'ALARM' },
			recurring,
			description,
			locked,
		],
	},
	{
		apiName: 'Events',
		singularLabel: 'Meeting',
		pluralLabel: 'Meetings',
		displayField: 'Event_Title',
		upsertSupported: false,
		relatedLists: ['Notes'],
		fields: [
			owner('Host'),
			text('Event_Title', 255, { label: 'Title', mandatory: true }),
			text('Venue', 255, { label: 'Location' }),
			boolean('All_day', undefined, { label: 'All day' }),
			datetime('Start_DateTime', undefined, { label: 'From', mandatory: true }),
			datetime('End_DateTime', undefined, { label: 'To', mandatory: true }),
			whoId,
			whatId,
			recurring,
			{ apiName: 'Remind_At', label: 'Reminder', dataType: 'multireminder' },
			{ apiName: 'Participants', dataType: 'participants' },
			description,
			readOnly(datetime('Check_In_Time')),
			readOnly({ apiName: 'Check_In_By', dataType: 'ownerlookup' }),
			readOnly({ apiName: 'Check_In_Comment', dataType: 'textarea', length: 2000 }),
			readOnly(text('Check_In_Address', 255)),
			readOnly(text('Check_In_Sub_Locality', 255)),
			readOnly(text('Check_In_City', 255)),
			readOnly(text('Check_In_State', 255)),
			readOnly(text('Check_In_Country', 255)),
			readOnly(text('ZIP_Code', 30, { label: 'ZIP Code' })),
			readOnly({ apiName: 'Latitude', dataType: 'double' }),
			readOnly({ apiName: 'Longitude', dataType: 'double' }),
			readOnly(picklist('Check_In_Status', ['-None-', 'Planned', 'Visited'])),
		],
	},
	{
		apiName: 'Calls',
		singularLabel: 'Call',
		displayField: 'Subject',
		upsertSupported: false,
		relatedLists: ['Notes'],
		fields: [
			owner('Call Owner'),
			text('Subject', 300, { mandatory: true }),
			picklist('Call_Type', ['Outbound', 'Inbound', 'Missed'], { mandatory: true }),
			picklist('Call_Purpose', ['-None-', 'Prospecting', 'Administrative', 'Negotiation', 'Demo', 'Project', 'Desk']),
			whoId,
			whatId,
			datetime('Call_Start_Time', undefined, { mandatory: true }),
			text('Call_Duration', 10),
			readOnly(integer('Call_Duration_in_seconds', 9)),
			text('Call_Agenda', 255),
			text('Call_Result', 255),
			readOnly(picklist('Outgoing_Call_Status', ['-None-', 'Scheduled', 'Completed', 'Overdue', 'Cancelled'])),
			readOnly(text('Caller_ID', 30, { label: 'Caller ID' })),
			readOnly(text('Dialled_Number', 30)),
			readOnly(website('Voice_Recording__s', 255, { label: 'Voice Recording' })),
			readOnly(boolean('CTI_Entry', undefined, { label: 'CTI Entry' })),
			picklist('Reminder', ['-None-', '5 minutes before', '10 minutes before', '15 minutes before', '30 minutes before']),
			description,
		],
	},
	{
		apiName: 'Notes',
		singularLabel: 'Note',
		displayField: 'Note_Title',
		upsertSupported: false,
		relatedLists: [],
		fields: [
			owner('Note Owner'),
			text('Note_Title', 120),
			{ apiName: 'Note_Content', dataType: 'textarea', length: 32000, mandatory: true },
			{
				apiName: 'Parent_Id',
				label: 'Parent ID',
				dataType: 'multi_module_lookup',
				mandatory: true,
				lookupModules: ['Contacts', 'Leads', 'Accounts', 'Deals', 'Tasks', 'Events', 'Calls', 'Campaigns', 'Vendors'],
			},
		],
	},
	// Contacts, Deals and activities look up Vendors and Campaigns; their default fields.
	{
		apiName: 'Vendors',
		singularLabel: 'Vendor',
		displayField: 'Vendor_Name',
		upsertDefaults: ['Vendor_Name'],
		relatedLists: ['Notes', 'Contacts'],
		fields: [
			owner('Vendor Owner'),
			text('Vendor_Name', 100, { mandatory: true }),
			phone('Phone', 30),
			email('Email', 100),
			website('Website', 255),
			text('GL_Account', 100, { label: 'GL Account' }),
			text('Category', 100),
			...address('', 'Zip_Code'),
			description,
			recordImage,
			locked,
		],
	},
	{
		apiName: 'Campaigns',
		singularLabel: 'Campaign',
		displayField: 'Campaign_Name',
		upsertDefaults: ['Campaign_Name'],
		relatedLists: ['Notes', 'Deals'],
		fields: [
			owner('Campaign Owner'),
			text('Campaign_Name', 120, { mandatory: true }),
			picklist('Type', ['-None-', 'Advertisement', 'Banner Ads', 'Conference', 'Email', 'Others', 'Partner', 'Public Relations', 'Referral Program', 'Telemarketing', 'Trade Show', 'Webinar']),
			picklist('Status', ['-None-', 'Active', 'Complete', 'Inactive', 'Planning']),
			date('Start_Date'),
			date('End_Date'),
			currency('Expected_Revenue'),
			currency('Budgeted_Cost'),
			currency('Actual_Cost'),
			integer('Expected_Response', 9),
			integer('Num_sent', 9, { label: 'Num sent' }),
			description,
			locked,
		],
	},
];
