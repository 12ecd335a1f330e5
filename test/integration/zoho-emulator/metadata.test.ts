/**
 * Fields metadata as a new org's default layouts have it (standard fields, system fields, types,
 * lengths, flags), and records that carry and check exactly those fields.
 */
import { useZohoEmulator } from './apiClient';

const server = useZohoEmulator();

interface FieldMeta {
	api_name: string;
	data_type: string;
	length: number;
	read_only: boolean;
	system_mandatory: boolean;
	custom_field: boolean;
	lookup: { module: { api_name: string } } | null;
}

async function fieldsOf(module: string): Promise<Map<string, FieldMeta>> {
	const { status, body } = await server.call('GET', `/crm/v8/settings/fields?module=${module}`);
	expect(status).toBe(200);
	return new Map((body.fields as FieldMeta[]).map((field) => [field.api_name, field]));
}

const MODULES = ['Leads', 'Contacts', 'Accounts', 'Deals', 'Tasks', 'Events', 'Calls', 'Notes'];

describe('Zoho emulator: fields metadata of the default layouts', () => {
	it('lists the standard Contacts fields of a new org with their types, lengths and flags', async () => {
		const fields = await fieldsOf('Contacts');
		const expected: Array<[string, string, number]> = [
			['Salutation', 'picklist', 120],
			['First_Name', 'text', 40],
			['Last_Name', 'text', 80],
			['Email', 'email', 100],
			['Secondary_Email', 'email', 100],
			['Phone', 'phone', 50],
			['Other_Phone', 'phone', 30],
			['Home_Phone', 'phone', 30],
			['Mobile', 'phone', 30],
			['Fax', 'text', 30],
			['Asst_Phone', 'phone', 30],
			['Assistant', 'text', 50],
			['Title', 'text', 100],
			['Department', 'text', 50],
			['Reports_To', 'text', 50],
			['Reporting_To', 'lookup', 120],
			['Date_of_Birth', 'date', 20],
			['Skype_ID', 'text', 50],
			['Twitter', 'text', 50],
			['Email_Opt_Out', 'boolean', 5],
			['Mailing_Street', 'text', 250],
			['Mailing_City', 'text', 30],
			['Mailing_State', 'text', 30],
			['Mailing_Zip', 'text', 30],
			['Mailing_Country', 'text', 30],
			['Other_Street', 'text', 250],
			['Other_City', 'text', 30],
			['Other_State', 'text', 30],
			['Other_Zip', 'text', 30],
			['Other_Country', 'text', 30],
			['Description', 'textarea', 32000],
			['Lead_Source', 'picklist', 120],
			['Account_Name', 'lookup', 120],
			['Vendor_Name', 'lookup', 120],
		];
		for (const [apiName, dataType, length] of expected) {
			expect({ apiName, ...fields.get(apiName) }).toMatchObject({ apiName, data_type: dataType, length, read_only: false, custom_field: false });
		}
		expect(fields.get('Last_Name')!.system_mandatory).toBe(true);
		expect(fields.get('Account_Name')!.lookup!.module.api_name).toBe('Accounts');
		expect(fields.get('Vendor_Name')!.lookup!.module.api_name).toBe('Vendors');
		expect(fields.get('Reporting_To')!.lookup!.module.api_name).toBe('Contacts');
		// More than the 50 fields one list request may name, as in a real org.
		expect(fields.size).toBeGreaterThan(50);
	});

	it('names fields as API v8 does where the label differs (Leads Title is Designation, their zip Zip_Code, Accounts Billing_Code)', async () => {
		const leads = await fieldsOf('Leads');
		expect(leads.get('Designation')).toMatchObject({ data_type: 'text', length: 100 });
		expect(leads.has('Title')).toBe(false);
		expect(leads.get('Zip_Code')).toMatchObject({ data_type: 'text' });
		expect(leads.has('Zip')).toBe(false);
		const accounts = await fieldsOf('Accounts');
		expect([...accounts.keys()]).toEqual(expect.arrayContaining(['Billing_Code', 'Shipping_Code', 'Parent_Account', 'Account_Number', 'Account_Site', 'Ownership', 'SIC_Code']));
		expect(accounts.has('Billing_Zip')).toBe(false);
	});

	it('lists the system fields every record carries, read-only, with their real types, in every module', async () => {
		for (const module of MODULES) {
			const fields = await fieldsOf(module);
			for (const [apiName, dataType] of [['Owner', 'ownerlookup'], ['Created_By', 'ownerlookup'], ['Modified_By', 'ownerlookup'], ['Created_Time', 'datetime'], ['Modified_Time', 'datetime']]) {
				expect({ module, apiName, ...fields.get(apiName) }).toMatchObject({ module, apiName, data_type: dataType, read_only: apiName !== 'Owner' });
			}
			// Zoho answers a length for every field; an SDK reads an object whose length is 0 as empty.
			expect({ module, zeroLength: [...fields.values()].filter((field) => !field.length).map((field) => field.api_name) }).toEqual({ module, zeroLength: [] });
		}
		const contacts = await fieldsOf('Contacts');
		for (const apiName of ['Full_Name', 'Last_Activity_Time']) expect(contacts.get(apiName)!.read_only).toBe(true);
	});

	it('gives every module the standard fields of its default layout', async () => {
		const standard: Record<string, string[]> = {
			Leads: ['Salutation', 'Company', 'Industry', 'Annual_Revenue', 'Lead_Status', 'Rating', 'No_of_Employees', 'Website', 'Street', 'City', 'State', 'Country', 'Email_Opt_Out'],
			Deals: ['Deal_Name', 'Stage', 'Amount', 'Closing_Date', 'Type', 'Next_Step', 'Probability', 'Expected_Revenue', 'Campaign_Source', 'Contact_Name', 'Lead_Source'],
			Tasks: ['Subject', 'Due_Date', 'Status', 'Priority', 'What_Id', 'Who_Id', 'Remind_At', 'Recurring_Activity', 'Closed_Time', 'Send_Notification_Email'],
			Events: ['Event_Title', 'Start_DateTime', 'End_DateTime', 'All_day', 'Venue', 'Participants', 'Remind_At', 'Recurring_Activity', 'What_Id', 'Who_Id', 'Check_In_Time'],
			Calls: ['Subject', 'Call_Type', 'Call_Purpose', 'Call_Start_Time', 'Call_Duration', 'Call_Duration_in_seconds', 'Call_Agenda', 'Call_Result', 'What_Id', 'Who_Id'],
			Notes: ['Note_Title', 'Note_Content', 'Parent_Id'],
		};
		for (const [module, names] of Object.entries(standard)) {
			expect({ module, fields: [...(await fieldsOf(module)).keys()] }).toEqual({ module, fields: expect.arrayContaining(names) });
		}
		const events = await fieldsOf('Events');
		expect(events.get('Check_In_Time')!.read_only).toBe(true);
		// A meeting's reminders are a list ({period, unit}), which Zoho's SDKs read as multireminder.
		expect(events.get('Remind_At')).toMatchObject({ data_type: 'multireminder' });
		expect(events.get('Start_DateTime')!.system_mandatory).toBe(true);
	});
});

describe('Zoho emulator: records carry and check the metadata', () => {
	it('answers the system fields: creator and modifier apart from the owner', async () => {
		const users = (await server.call('GET', '/crm/v8/users?type=ActiveUsers')).body.users as Array<{ id: string; email: string }>;
		const bob = users.find((user) => user.email === 'bob@example.test')!;
		const created = await server.call('POST', '/crm/v8/Contacts', { body: { data: [{ Last_Name: 'Owned by Bob', Owner: { id: bob.id } }] } });
		const id = created.body.data[0].details.id as string;
		const record = (await server.call('GET', `/crm/v8/Contacts/${id}`)).body.data[0];
		expect(record.Owner.email).toBe('bob@example.test');
		expect(record.Created_By.email).toBe('alice@example.test');
		expect(record.Modified_By.email).toBe('alice@example.test');
		expect(record.Created_Time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
		// An unset checkbox answers false, as Zoho's do.
		expect(record.Email_Opt_Out).toBe(false);
		expect(record.Other_Phone).toBeNull();
	});

	it('keeps values up to each field length and refuses longer ones per record with maximum_length, never cutting them', async () => {
		const ok = 'x'.repeat(50);
		const { status, body } = await server.call('POST', '/crm/v8/Contacts', {
			body: {
				data: [
					{ Last_Name: 'Long phone', Phone: `+49 ${'1'.repeat(45)}` },
					{ Last_Name: 'Too long', Department: `${ok}!` },
					{ Last_Name: 'Long email', Email: `${'a'.repeat(95)}@x.test` },
					{ Last_Name: 'Fits', Department: ok, Assistant: ok },
				],
			},
		});
		expect(status).toBe(202);
		expect(body.data.map((result: { status: string }) => result.status)).toEqual(['success', 'error', 'error', 'success']);
		expect(body.data[1]).toEqual({
			code: 'INVALID_DATA',
			details: { maximum_length: '50', api_name: 'Department', json_path: '$.data[1].Department' },
			message: 'invalid data',
			status: 'error',
		});
		expect(body.data[2].details).toEqual({ maximum_length: '100', api_name: 'Email', json_path: '$.data[2].Email' });
		const fits = (await server.call('GET', `/crm/v8/Contacts/${body.data[3].details.id}`)).body.data[0];
		expect(fits.Department).toBe(ok);
		const phone = (await server.call('GET', `/crm/v8/Contacts/${body.data[0].details.id}`)).body.data[0];
		expect(phone.Phone).toHaveLength(49);
		const tooLong = await server.call('PUT', `/crm/v8/Contacts/${body.data[3].details.id}`, { body: { data: [{ First_Name: 'y'.repeat(41) }] } });
		expect(tooLong.status).toBe(400);
		expect(tooLong.body.data[0].details).toEqual({ maximum_length: '40', api_name: 'First_Name', json_path: '$.data[0].First_Name' });
	});

	it('refuses an integer beyond 32 bits per record, as Zoho integer fields hold no more', async () => {
		const { body } = await server.call('POST', '/crm/v8/Accounts', {
			body: { data: [{ Account_Name: 'Big', Employees: 2_147_483_648 }, { Account_Name: 'Fine', Employees: 120 }] },
		});
		expect(body.data[0]).toMatchObject({ code: 'INVALID_DATA', details: { api_name: 'Employees', expected_data_type: 'integer' } });
		expect(body.data[1].status).toBe('success');
	});
});

describe('Zoho emulator: org, layouts, related lists', () => {
	it('answers the organization of the token\'s user, with the zgid Zoho\'s SDKs key their tokens by', async () => {
		const { status, body } = await server.call('GET', '/crm/v8/org');
		expect(status).toBe(200);
		expect(body.org).toHaveLength(1);
		expect(body.org[0]).toMatchObject({ id: expect.stringMatching(/^\d{19}$/), zgid: expect.stringMatching(/^\d+$/), primary_email: 'alice@example.test', time_zone: 'Europe/Berlin', type: 'Production' });
	});

	it('answers one user, one module and one field by id, as SDKs ask for them', async () => {
		const users = (await server.call('GET', '/crm/v8/users?type=ActiveUsers')).body.users as Array<{ id: string; email: string }>;
		const bob = users.find((user) => user.email === 'bob@example.test')!;
		expect((await server.call('GET', `/crm/v8/users/${bob.id}`)).body.users).toEqual([expect.objectContaining({ id: bob.id, email: 'bob@example.test' })]);
		expect((await server.call('GET', '/crm/v8/settings/modules/contacts')).body.modules).toEqual([expect.objectContaining({ api_name: 'Contacts' })]);
		const asstPhone = (await fieldsOf('Contacts')).get('Asst_Phone') as FieldMeta & { id: string };
		const field = await server.call('GET', `/crm/v8/settings/fields/${asstPhone.id}?module=Contacts`);
		expect(field.body.fields).toEqual([expect.objectContaining({ api_name: 'Asst_Phone', data_type: 'phone', length: 30 })]);
		expect((await server.call('GET', '/crm/v8/settings/modules/Nowhere')).body).toMatchObject({ code: 'INVALID_MODULE' });
	});

	it('answers one standard layout per module holding the module\'s fields', async () => {
		const { body } = await server.call('GET', '/crm/v8/settings/layouts?module=Contacts');
		expect(body.layouts).toHaveLength(1);
		const [layout] = body.layouts;
		expect(layout).toMatchObject({ name: 'Standard', status: 'active', sections: [expect.objectContaining({ name: 'Contact Information' })] });
		const names = layout.sections.flatMap((section: { fields: Array<{ api_name: string }> }) => section.fields.map((field) => field.api_name));
		expect(names).toEqual(expect.arrayContaining(['Last_Name', 'Other_Phone', 'Mailing_Zip', 'Owner']));
		expect(names).not.toContain('Created_Time');
		expect((await server.call('GET', '/crm/v8/settings/layouts?module=Nowhere')).body).toMatchObject({ code: 'INVALID_MODULE' });
	});

	it('lists the related lists of a module, each with the module whose records it holds', async () => {
		const { body } = await server.call('GET', '/crm/v8/settings/related_lists?module=Accounts');
		expect(body.related_lists.map((list: { api_name: string; module: { api_name: string | null }; href: string }) => [list.api_name, list.module.api_name, list.href])).toEqual([
			['Notes', 'Notes', 'Accounts/{ENTITYID}/Notes'],
			['Contacts', 'Contacts', 'Accounts/{ENTITYID}/Contacts'],
			['Deals', 'Deals', 'Accounts/{ENTITYID}/Deals'],
			['Tasks', 'Tasks', 'Accounts/{ENTITYID}/Tasks'],
			['Events', 'Events', 'Accounts/{ENTITYID}/Events'],
			['Calls', 'Calls', 'Accounts/{ENTITYID}/Calls'],
			['Emails', null, 'Accounts/{ENTITYID}/Emails'],
		]);
	});

	it('answers a record\'s related records: those whose lookup names it', async () => {
		const { body } = await server.call('POST', '/crm/v8/coql', { body: { select_query: "select id, Account_Name from Contacts where Email = 'grace.okafor@baobab.test'" } });
		const grace = body.data[0];
		const accountId = grace.Account_Name.id as string;
		const [taskId] = (await server.emulator.control.insertRecords('Tasks', [{ Subject: 'Pilot follow-up', Who_Id: grace.id }, { Subject: 'Account review', What_Id: accountId, $se_module: 'Accounts' }])).ids;
		const tasks = await server.call('GET', `/crm/v8/Contacts/${grace.id}/Tasks?fields=Subject,Who_Id`);
		// Newest first: the task just added, then the demo world's task about her.
		expect(tasks.body.data).toEqual([
			{ id: taskId, Subject: 'Pilot follow-up', Who_Id: { id: grace.id, name: 'Grace Okafor' } },
			expect.objectContaining({ Subject: 'Call Baobab about pilot results', Who_Id: { id: grace.id, name: 'Grace Okafor' } }),
		]);
		const deals = await server.call('GET', `/crm/v8/Contacts/${grace.id}/Deals?fields=Deal_Name`);
		expect(deals.body.data.map((deal: { Deal_Name: string }) => deal.Deal_Name)).toEqual(['Baobab pilot expansion']);
		const accountContacts = await server.call('GET', `/crm/v8/Accounts/${accountId}/Contacts?fields=Last_Name`);
		expect(accountContacts.body.data.map((contact: { Last_Name: string }) => contact.Last_Name)).toEqual(['Okafor']);
		const accountTasks = await server.call('GET', `/crm/v8/Accounts/${accountId}/Tasks?fields=Subject`);
		expect(accountTasks.body.data.map((task: { Subject: string }) => task.Subject)).toEqual(['Account review']);
		expect((await server.call('GET', `/crm/v8/Accounts/${accountId}/Calls?fields=Subject`)).status).toBe(204);
		expect((await server.call('GET', `/crm/v8/Contacts/${grace.id}/Campaigns?fields=Subject`)).body).toMatchObject({ code: 'INVALID_DATA' });
	});
});
