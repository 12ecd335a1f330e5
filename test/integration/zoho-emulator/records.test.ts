import { useZohoEmulator } from './apiClient';

const context = useZohoEmulator();
const call: typeof context.call = (...args) => context.call(...args);
const control = () => context.emulator.control;

async function createSyncIdField(): Promise<void> {
	const created = await call('POST', '/crm/v8/settings/fields?module=Contacts', {
		body: {
			fields: [
				{ field_label: 'Exchange Sync Id', data_type: 'text', length: 255, unique: { case_sensitive: false }, external: { type: 'org', show: false } },
				{ field_label: 'Exchange Sync State', data_type: 'textarea', textarea: { type: 'large' } },
			],
		},
	});
	expect(created.status).toBe(201);
}

describe('Zoho emulator: records', () => {
	it('requires fields when listing and returns only those plus id', async () => {
		expect(await call('GET', '/crm/v8/Contacts')).toMatchObject({ status: 400, body: { code: 'REQUIRED_PARAM_MISSING' } });
		const { status, body } = await call('GET', '/crm/v8/Contacts?fields=Last_Name,Email,Owner,Account_Name,Modified_Time');
		expect(status).toBe(200);
		expect(body.data.length).toBe(11);
		for (const record of body.data) {
			expect(Object.keys(record).sort()).toEqual(['Account_Name', 'Email', 'Last_Name', 'Modified_Time', 'Owner', 'id']);
			expect(record.id).toMatch(/^\d{19}$/);
			expect(record.Modified_Time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
		}
		const yuki = body.data.find((record: { Email: string }) => record.Email === 'yuki.tanaka@kumo.test');
		expect(yuki.Owner).toMatchObject({ name: 'Alice Adams', email: 'alice@example.test' });
		expect(yuki.Account_Name.name).toBe('Kumo 株式会社');
		expect(body.info).toMatchObject({ per_page: 200, count: 11, page: 1, more_records: false, sort_by: 'id', sort_order: 'desc' });
	});

	it('has no sync-link fields until they are created through the fields API', async () => {
		const before = await call('GET', '/crm/v8/settings/fields?module=Contacts');
		expect(before.body.fields.map((field: { api_name: string }) => field.api_name)).not.toContain('Exchange_Sync_Id');
		await createSyncIdField();
		const after = await call('GET', '/crm/v8/settings/fields?module=Contacts');
		const syncId = after.body.fields.find((field: { api_name: string }) => field.api_name === 'Exchange_Sync_Id');
		expect(syncId).toMatchObject({ field_label: 'Exchange Sync Id', data_type: 'text', custom_field: true, unique: { casesensitive: 'false' }, external: { show: false, type: 'org' } });
		const again = await call('POST', '/crm/v8/settings/fields?module=Contacts', { body: { fields: [{ field_label: 'Exchange Sync Id', data_type: 'text' }] } });
		expect(again).toMatchObject({ status: 400, body: { fields: [{ code: 'INVALID_DATA', details: { api_name: 'field_label' } }] } });
	});

	it('pages with page up to 2,000 records and with page_token beyond', async () => {
		await control().seed('empty');
		const batch = Array.from({ length: 2100 }, (_, i) => ({ Last_Name: `Bulk ${i}`, Email: `bulk${i}@example.test` }));
		await control().insertRecords('Contacts', batch);
		const page10 = await call('GET', '/crm/v8/Contacts?fields=Last_Name&page=10&per_page=200');
		expect(page10.body.info).toMatchObject({ page: 10, count: 200, more_records: true });
		expect(page10.body.info.next_page_token).toEqual(expect.any(String));
		const page11 = await call('GET', '/crm/v8/Contacts?fields=Last_Name&page=11&per_page=200');
		expect(page11).toMatchObject({ status: 400, body: { code: 'DISCRETE_PAGINATION_LIMIT_EXCEEDED', details: { limit: 2000 } } });

		const seen = new Set<string>();
		let token: string | null = null;
		let calls = 0;
		do {
			const query: string = token ? `&page_token=${token}` : '';
			const answer = await call('GET', `/crm/v8/Contacts?fields=Last_Name&per_page=200${query}`);
			expect(answer.status).toBe(200);
			for (const record of answer.body.data) seen.add(record.id);
			token = answer.body.info.more_records ? answer.body.info.next_page_token : null;
			calls++;
		} while (token);
		expect(seen.size).toBe(2100);
		expect(calls).toBe(11);
		const ambiguous = await call('GET', `/crm/v8/Contacts?fields=Last_Name&page=2&page_token=${page10.body.info.next_page_token}`);
		expect(ambiguous.body.code).toBe('AMBIGUITY_DURING_PROCESSING');
		const mismatch = await call('GET', `/crm/v8/Contacts?fields=Email&page_token=${page10.body.info.next_page_token}`);
		expect(mismatch.body.code).toBe('TOKEN_BOUND_DATA_MISMATCH');
	});

	it('inserts a batch with per-record results in input order', async () => {
		const { status, body } = await call('POST', '/crm/v8/Contacts', {
			body: {
				data: [
					{ Last_Name: 'Good', Email: 'good@example.test', Date_of_Birth: '1990-02-28' },
					{ First_Name: 'No last name' },
					{ Last_Name: 'Bad mail', Email: 'not-an-email' },
					{ Last_Name: 'Bad date', Date_of_Birth: '28.02.1990' },
					{ Last_Name: 'Bad source', Lead_Source: 'Carrier pigeon' },
					{ Last_Name: 'Bad account', Account_Name: { id: '5725767000999999999' } },
				],
				trigger: [],
			},
		});
		expect(status).toBe(202);
		expect(body.data[0]).toMatchObject({ code: 'SUCCESS', status: 'success', message: 'record added', details: { id: expect.stringMatching(/^\d{19}$/) } });
		expect(body.data[1]).toEqual({ code: 'MANDATORY_NOT_FOUND', details: { api_name: 'Last_Name', json_path: '$.data[1].Last_Name' }, message: 'required field not found', status: 'error' });
		expect(body.data[2]).toMatchObject({ code: 'INVALID_DATA', details: { api_name: 'Email', expected_data_type: 'email', json_path: '$.data[2].Email' } });
		expect(body.data[3].details).toMatchObject({ api_name: 'Date_of_Birth', expected_data_type: 'date' });
		expect(body.data[4].details).toMatchObject({ api_name: 'Lead_Source', expected_data_type: 'picklist' });
		expect(body.data[5].details).toMatchObject({ api_name: 'Account_Name', expected_data_type: 'lookup' });
		expect(await control().workflowRuns()).toEqual([]);
	});

	it('rejects more than 100 records in one write and records workflows when trigger allows them', async () => {
		const tooMany = Array.from({ length: 101 }, (_, i) => ({ Last_Name: `N${i}` }));
		expect(await call('POST', '/crm/v8/Contacts', { body: { data: tooMany } })).toMatchObject({ status: 400, body: { code: 'LIMIT_EXCEEDED', details: { limit: 100 } } });
		const created = await call('POST', '/crm/v8/Contacts', { body: { data: [{ Last_Name: 'Workflow' }] } });
		expect(created.status).toBe(201);
		expect(await control().workflowRuns()).toEqual([expect.objectContaining({ module: 'Contacts', operation: 'insert', ids: [created.body.data[0].details.id] })]);
	});

	it('enforces mandatory fields, datetimes with offset and the 50-participant limit on Events', async () => {
		const base = { Event_Title: 'Review', Start_DateTime: '2026-05-20T09:00:00+02:00', End_DateTime: '2026-05-20T10:00:00+02:00' };
		const participants = (n: number) => Array.from({ length: n }, (_, i) => ({ type: 'email', Email: `p${i}@example.test` }));
		const { body } = await call('POST', '/crm/v8/Events', {
			body: {
				data: [
					{ ...base, Participants: participants(50) },
					{ ...base, Participants: participants(51) },
					{ ...base, Start_DateTime: '2026-05-20T09:00:00' },
					{ Event_Title: 'No times' },
				],
			},
		});
		expect(body.data.map((result: { code: string }) => result.code)).toEqual(['SUCCESS', 'LIMIT_EXCEEDED', 'INVALID_DATA', 'MANDATORY_NOT_FOUND']);
		expect(body.data[2].details).toMatchObject({ api_name: 'Start_DateTime', expected_data_type: 'datetime' });
		const event = await call('GET', `/crm/v8/Events/${body.data[0].details.id}`);
		expect(event.body.data[0].Start_DateTime).toBe('2026-05-20T09:00:00+02:00');
		// UTC as Zoho's SDKs write it (Z), answered in the user's offset.
		const utc = await call('POST', '/crm/v8/Events', { body: { data: [{ ...base, Start_DateTime: '2026-05-20T06:30:00Z' }] } });
		expect(utc.body.data[0].status).toBe('success');
		expect((await call('GET', `/crm/v8/Events/${utc.body.data[0].details.id}`)).body.data[0].Start_DateTime).toBe('2026-05-20T08:30:00+02:00');
		expect(event.body.data[0].Participants).toHaveLength(50);
		expect(event.body.data[0].Participants[0]).toMatchObject({ type: 'email', Email: 'p0@example.test', invited: false, status: 'not_known' });
	});

	it('keeps a participant\'s status as written, and refuses one Zoho does not know', async () => {
		const base = { Event_Title: 'Answers', Start_DateTime: '2026-05-21T09:00:00+02:00', End_DateTime: '2026-05-21T10:00:00+02:00' };
		const { body } = await call('POST', '/crm/v8/Events', {
			body: {
				data: [
					{ ...base, Participants: [{ type: 'email', Email: 'yes@example.test', status: 'accepted' }, { type: 'email', Email: 'no@example.test', status: 'declined' }] },
					{ ...base, Participants: [{ type: 'email', Email: 'maybe@example.test', status: 'perhaps' }] },
				],
			},
		});
		expect(body.data.map((result: { code: string }) => result.code)).toEqual(['SUCCESS', 'INVALID_DATA']);
		const event = await call('GET', `/crm/v8/Events/${body.data[0].details.id}`);
		expect(event.body.data[0].Participants.map((participant: { Email: string; status: string }) => [participant.Email, participant.status])).toEqual([
			['yes@example.test', 'accepted'],
			['no@example.test', 'declined'],
		]);
	});

	it('updates in bulk and by id, with If-Unmodified-Since turning a race into 412', async () => {
		const [id] = (await control().insertRecords('Contacts', [{ Last_Name: 'Before' }])).ids;
		const bulk = await call('PUT', '/crm/v8/Contacts', { body: { data: [{ id, Title: 'CTO' }, { Title: 'no id' }, { id: '5725767000999999999', Title: 'x' }] } });
		expect(bulk.status).toBe(202);
		expect(bulk.body.data.map((result: { code: string }) => result.code)).toEqual(['SUCCESS', 'MANDATORY_NOT_FOUND', 'INVALID_DATA']);
		expect(bulk.body.data[0].message).toBe('record updated');
		const single = await call('PUT', `/crm/v8/Contacts/${id}`, { body: { data: [{ Last_Name: 'After' }] } });
		expect(single.status).toBe(200);
		const got = await call('GET', `/crm/v8/Contacts/${id}`);
		expect(got.body.data[0]).toMatchObject({ Last_Name: 'After', Title: 'CTO', Full_Name: 'After' });
		const stale = await call('PUT', `/crm/v8/Contacts/${id}`, {
			body: { data: [{ Title: 'stale' }] },
			headers: { 'If-Unmodified-Since': new Date(Date.now() - 3_600_000).toUTCString() },
		});
		expect(stale).toMatchObject({ status: 412, body: { code: 'ALREADY_MODIFIED' } });
	});

	it('upserts on Email by default and on a requested unique field', async () => {
		await createSyncIdField();
		const first = await call('POST', '/crm/v8/Contacts/upsert', {
			body: { data: [{ Last_Name: 'Ribeiro', Email: 'ana.ribeiro@lumen-labs.test', Title: 'CEO' }, { Last_Name: 'New', Email: 'new@example.test' }], trigger: [] },
		});
		expect(first.status).toBe(200);
		expect(first.body.data[0]).toMatchObject({ action: 'update', duplicate_field: 'Email', message: 'record updated' });
		expect(first.body.data[1]).toMatchObject({ action: 'insert', duplicate_field: null, message: 'record added' });
		const bySyncId = await call('POST', '/crm/v8/Contacts/upsert', {
			body: { data: [{ Last_Name: 'Linked', Exchange_Sync_Id: 'sync-1' }], duplicate_check_fields: ['Exchange_Sync_Id'] },
		});
		expect(bySyncId.body.data[0].action).toBe('insert');
		const again = await call('POST', '/crm/v8/Contacts/upsert', {
			body: { data: [{ Last_Name: 'Linked again', Exchange_Sync_Id: 'SYNC-1' }], duplicate_check_fields: ['Exchange_Sync_Id'] },
		});
		expect(again.body.data[0]).toMatchObject({ action: 'update', duplicate_field: 'Exchange_Sync_Id', details: { id: bySyncId.body.data[0].details.id } });
		const tasks = await call('POST', '/crm/v8/Tasks/upsert', { body: { data: [{ Subject: 'x' }] } });
		expect(tasks).toMatchObject({ status: 400, body: { code: 'NOT_SUPPORTED' } });
	});

	it('addresses records by external id with X-EXTERNAL and rejects duplicate external values', async () => {
		await createSyncIdField();
		const created = await call('POST', '/crm/v8/Contacts', { body: { data: [{ Last_Name: 'Ext', Exchange_Sync_Id: 'ext-42' }] } });
		const id = created.body.data[0].details.id;
		const duplicate = await call('POST', '/crm/v8/Contacts', { body: { data: [{ Last_Name: 'Dup', Exchange_Sync_Id: 'EXT-42' }] } });
		expect(duplicate.status).toBe(400);
		expect(duplicate.body.data[0]).toMatchObject({ code: 'DUPLICATE_DATA', details: { api_name: 'Exchange_Sync_Id', duplicate_record: { id } } });
		const external = { 'X-EXTERNAL': 'Contacts.Exchange_Sync_Id' };
		const got = await call('GET', '/crm/v8/Contacts/ext-42', { headers: external });
		expect(got.body.data[0].id).toBe(id);
		const updated = await call('PUT', '/crm/v8/Contacts', { body: { data: [{ Exchange_Sync_Id: 'ext-42', Title: 'Via external' }] }, headers: external });
		expect(updated.body.data[0]).toMatchObject({ code: 'SUCCESS', details: { id } });
		const wrongField = await call('GET', '/crm/v8/Contacts/ext-42', { headers: { 'X-EXTERNAL': 'Contacts.Email' } });
		expect(wrongField.status).toBe(400);
		const deleted = await call('DELETE', '/crm/v8/Contacts?ids=ext-42', { headers: external });
		expect(deleted.body.data[0]).toMatchObject({ code: 'SUCCESS', details: { id }, message: 'record deleted' });
	});

	it('deletes to the recycle bin, lists deleted records and answers 204 for gone records', async () => {
		const { ids } = await control().insertRecords('Contacts', [{ Last_Name: 'One' }, { Last_Name: 'Two' }]);
		expect(await call('DELETE', '/crm/v8/Contacts')).toMatchObject({ status: 400, body: { code: 'REQUIRED_PARAM_MISSING' } });
		const deleted = await call('DELETE', `/crm/v8/Contacts?ids=${ids.join(',')}&wf_trigger=false`);
		expect(deleted.status).toBe(200);
		const twice = await call('DELETE', `/crm/v8/Contacts?ids=${ids[0]}`);
		expect(twice).toMatchObject({ status: 400, body: { data: [{ code: 'INVALID_DATA', message: 'record not deleted' }] } });
		expect((await call('GET', `/crm/v8/Contacts/${ids[0]}`)).status).toBe(204);
		const bin = await call('GET', '/crm/v8/Contacts/deleted?type=recycle');
		expect(bin.body.data.map((entry: { id: string }) => entry.id).sort()).toEqual([...ids].sort());
		expect(bin.body.data[0]).toMatchObject({ type: 'recycle', deleted_by: { name: 'Alice Adams' }, display_name: expect.any(String) });
		expect((await call('GET', '/crm/v8/Contacts/deleted?type=permanent')).status).toBe(204);
		const all = await control().records('Contacts');
		expect(all.filter((record) => record.$deleted).map((record) => record.id).sort()).toEqual([...ids].sort());
	});

	it('answers If-Modified-Since with the changed records only, or 304', async () => {
		const since = new Date(Date.now() + 1000).toUTCString();
		expect((await call('GET', '/crm/v8/Contacts?fields=Last_Name', { headers: { 'If-Modified-Since': since } })).status).toBe(304);
		await control().advanceClock(5000);
		const { ids } = await control().insertRecords('Contacts', [{ Last_Name: 'Fresh' }]);
		const changed = await call('GET', '/crm/v8/Contacts?fields=Last_Name', { headers: { 'If-Modified-Since': since } });
		expect(changed.body.data.map((record: { id: string }) => record.id)).toEqual(ids);
	});

	it('sorts by Modified_Time ascending and rejects unsupported sort fields', async () => {
		const { body } = await call('GET', '/crm/v8/Contacts?fields=Modified_Time&sort_by=Modified_Time&sort_order=asc&per_page=5');
		const times = body.data.map((record: { Modified_Time: string }) => Date.parse(record.Modified_Time));
		expect([...times].sort((a, b) => a - b)).toEqual(times);
		expect((await call('GET', '/crm/v8/Contacts?fields=Email&sort_by=Email')).body.code).toBe('INVALID_DATA');
	});

	it('serves custom modules, users, notes and the demo differences between the sides', async () => {
		await control().addModule('Projects', 'Project', [{ apiName: 'Budget', dataType: 'currency' }]);
		const project = await call('POST', '/crm/v8/Projects', { body: { data: [{ Name: 'Apollo', Budget: 1000.5 }] } });
		expect(project.status).toBe(201);
		const active = await call('GET', '/crm/v8/users?type=ActiveUsers');
		expect(active.body.users.map((user: { email: string }) => user.email)).toEqual(['alice@example.test', 'bob@example.test', 'carol@example.test']);
		const inactive = await call('GET', '/crm/v8/users?type=DeactiveUsers');
		expect(inactive.body.users).toEqual([expect.objectContaining({ email: 'dave@example.test', status: 'disabled' })]);
		const contacts = await call('GET', '/crm/v8/Contacts?fields=Email,Mobile');
		const marco = contacts.body.data.find((record: { Email: string }) => record.Email === 'marco.bianchi@vela.test');
		expect(marco.Mobile).toEqual(expect.any(String));
		const notes = await call('GET', `/crm/v8/Contacts/${marco.id}/Notes?fields=Note_Title`);
		expect(notes.status).toBe(204);
		const added = await call('POST', `/crm/v8/Contacts/${marco.id}/Notes`, { body: { data: [{ Note_Title: 'Call', Note_Content: 'Discussed pricing.' }] } });
		expect(added.status).toBe(201);
		const listed = await call('GET', `/crm/v8/Contacts/${marco.id}/Notes?fields=Note_Title,Note_Content,Parent_Id`);
		expect(listed.body.data[0]).toMatchObject({ Note_Title: 'Call', Parent_Id: { id: marco.id, module: { api_name: 'Contacts' } } });
		const allNotes = await call('GET', '/crm/v8/Notes?fields=Note_Title');
		expect(allNotes.body.data).toHaveLength(3);
	});
});

describe('Zoho emulator: demo world', () => {
	it('serves every seeded record of every module, listed and by id, in OAS-valid shape', async () => {
		const modules = (await call('GET', '/crm/v8/settings/modules')).body.modules.map((module: { api_name: string }) => module.api_name);
		expect(modules).toEqual(['Leads', 'Contacts', 'Accounts', 'Deals', 'Tasks', 'Events', 'Calls', 'Notes', 'Vendors', 'Campaigns']);
		const counts: Record<string, number> = {};
		for (const module of modules) {
			const fields = (await call('GET', `/crm/v8/settings/fields?module=${module}`)).body.fields.map((field: { api_name: string }) => field.api_name);
			const listed = await call('GET', `/crm/v8/${module}?fields=${fields.slice(0, 50).join(',')}`);
			counts[module] = listed.body?.data.length ?? 0;
			for (const record of listed.body?.data ?? []) {
				expect((await call('GET', `/crm/v8/${module}/${record.id}`)).status).toBe(200);
			}
		}
		expect(counts).toEqual({ Contacts: 11, Leads: 2, Accounts: 11, Deals: 2, Tasks: 3, Events: 2, Calls: 0, Notes: 2, Vendors: 0, Campaigns: 0 });
	});

	it('gives Zoho-side meetings their owner, duration and participants, and tasks their statuses', async () => {
		const { body } = await call('GET', '/crm/v8/Events?fields=Event_Title,Start_DateTime,End_DateTime,All_day,Owner,Participants');
		const kickoff = body.data.find((event: { Event_Title: string }) => event.Event_Title === 'Nordwerk kickoff');
		expect(kickoff.Owner.email).toBe('alice@example.test');
		expect(Date.parse(kickoff.End_DateTime) - Date.parse(kickoff.Start_DateTime)).toBe(45 * 60 * 1000);
		expect(kickoff.Participants).toEqual([expect.objectContaining({ type: 'contact', Email: 'jonas.mueller@nordwerk.test' })]);
		const tasks = await call('GET', '/crm/v8/Tasks?fields=Subject,Status,Priority,Due_Date,Who_Id');
		expect(tasks.body.data.map((task: { Status: string }) => task.Status).sort()).toEqual(['Completed', 'In Progress', 'Not Started']);
	});
});
