/**
 * The local Zoho CRM server driven by a client nobody on this project wrote: Zoho's official Node
 * SDK for API v8, used as its samples use it. It signs in (refresh token, user signature from
 * `users?type=CurrentUser` and `org`), reads metadata the way it converts records (modules,
 * fields, related lists), and exercises users, org, layouts, records CRUD, search, COQL, notes,
 * related records, e-mails, send mail, notifications, deleted records and paging past 2,000.
 * Every answer is checked against Zoho's OpenAPI files on the way out: none may violate them.
 */
import { listen, readJson, sendJson, type ListeningServer } from '../../emulators/common/http';
import { startZohoEmulator, type NotificationDelivery, type ZohoEmulator } from '../../emulators/zoho-crm/harness';
import { SDK_PACKAGE, sdkInstalled, ZohoSdkClient, type SdkAnswer } from './sdkClient';

const installed = sdkInstalled();
if (!installed) {
	process.stdout.write(`SKIPPED: the Zoho SDK conformance suite needs ${SDK_PACKAGE} (a devDependency: run npm ci)\n`);
}
const describeWithSdk = installed ? describe : describe.skip;

let zoho: ZohoEmulator;
let sdk: ZohoSdkClient;
let receiver: ListeningServer;
const callbacks: Array<Record<string, unknown>> = [];

/** The SDK's answer, failing with its log when the SDK threw. */
async function call<T = any>(op: string, args: Record<string, unknown> = {}): Promise<SdkAnswer<T>> {
	try {
		return await sdk.call<SdkAnswer<T>>(op, args);
	} catch (error) {
		throw new Error(`${(error as Error).message}\n${JSON.stringify((error as { sdk?: unknown }).sdk)}\n--- SDK log ---\n${sdk.log().slice(-4000)}`);
	}
}

async function contactId(email: string): Promise<string> {
	const { object } = await call('coql', { query: `select id from Contacts where Email = '${email}'` });
	return object.data[0].id;
}

beforeAll(async () => {
	if (!installed) return;
	zoho = await startZohoEmulator({ seed: 'demo', validate: true });
	receiver = await listen({
		port: 0,
		tls: false,
		handler: async (req, res) => {
			callbacks.push(await readJson<Record<string, unknown>>(req));
			sendJson(res, 200, {});
		},
	});
	sdk = await ZohoSdkClient.start(zoho.origin);
});

afterAll(async () => {
	await sdk?.stop();
	await receiver?.close();
	await zoho?.stop();
});

// The server validates every answer against Zoho's OpenAPI files.
afterEach(async () => {
	if (installed) expect(await zoho.control.validationErrors()).toEqual([]);
});

describeWithSdk('Zoho CRM v8 SDK against the local server: sign-in, users, org', () => {
	it('signs in with the refresh token, keeps api_domain as the server\'s origin and signs the user as email:zgid', async () => {
		const [stored] = await sdk.call<Array<Record<string, string>>>('tokenStore');
		const org = (await call('org')).object.org[0];
		expect(stored).toMatchObject({ user_name: `alice@example.test:${org.zgid}`, api_domain: zoho.origin, client_id: 'demo-client-id' });
	});

	it('reads the current user, active users and the org', async () => {
		const current = await call('users', { type: 'CurrentUser' });
		expect(current.object.users.map((user: { email: string }) => user.email)).toEqual(['alice@example.test']);
		const active = await call('users', { type: 'ActiveUsers' });
		expect(active.object.users.map((user: { email: string }) => user.email).sort()).toEqual(['alice@example.test', 'bob@example.test', 'carol@example.test']);
		const bob = active.object.users.find((user: { email: string }) => user.email === 'bob@example.test');
		expect((await call('user', { id: bob.id })).object.users).toEqual([expect.objectContaining({ id: bob.id, full_name: 'Bob Brown' })]);
		const org = (await call('org')).object.org[0];
		expect(org).toMatchObject({ $type: 'Org', companyName: 'Example Test Ltd', primaryEmail: 'alice@example.test', zgid: expect.stringMatching(/^\d+$/) });
	});
});

describeWithSdk('Zoho CRM v8 SDK: metadata as the SDK reads it', () => {
	it('lists the modules, API-supported, with their generated type', async () => {
		const { object } = await call('modules');
		const modules = object.modules as Array<{ apiName: string; apiSupported: boolean; generatedType: string }>;
		const names = modules.map((module) => module.apiName);
		expect(names).toEqual(expect.arrayContaining(['Leads', 'Contacts', 'Accounts', 'Deals', 'Tasks', 'Events', 'Calls', 'Notes']));
		expect(modules.every((module) => module.apiSupported === true && module.generatedType === 'default')).toBe(true);
	});

	it('reads every field of Contacts, none dropped, with type, length and flags', async () => {
		const { object } = await call('fields', { module: 'Contacts' });
		const fields = object.fields as Array<Record<string, unknown> | null>;
		// The SDK makes null of a field it cannot read (for one, a field whose length is 0).
		expect(fields.filter((field) => field === null)).toEqual([]);
		const byName = new Map(fields.map((field) => [field!.apiName as string, field!]));
		expect(byName.get('Other_Phone')).toMatchObject({ dataType: 'phone', length: 30, readOnly: false, customField: false });
		expect(byName.get('Last_Name')).toMatchObject({ dataType: 'text', length: 80, systemMandatory: true });
		expect(byName.get('Created_Time')).toMatchObject({ dataType: 'datetime', readOnly: true });
		expect(byName.get('Account_Name')).toMatchObject({ dataType: 'lookup', lookup: expect.objectContaining({ module: expect.objectContaining({ apiName: 'Accounts' }) }) });
		expect(byName.size).toBeGreaterThan(50);
		const one = await call('field', { module: 'Contacts', id: byName.get('Asst_Phone')!.id });
		expect(one.object.fields).toEqual([expect.objectContaining({ apiName: 'Asst_Phone', dataType: 'phone' })]);
		expect((await call('module', { apiName: 'Contacts' })).object.modules).toEqual([expect.objectContaining({ apiName: 'Contacts', singularLabel: 'Contact' })]);
	});

	it('reads layouts and related lists', async () => {
		const layouts = (await call('layouts', { module: 'Contacts' })).object.layouts;
		expect(layouts).toHaveLength(1);
		expect(layouts[0]).toMatchObject({ name: 'Standard', sections: [expect.objectContaining({ name: 'Contact Information' })] });
		const lists = (await call('relatedLists', { module: 'Contacts' })).object.relatedLists as Array<{ apiName: string; module: { apiName: string | null } }>;
		expect(lists.map((list) => list.apiName)).toEqual(['Notes', 'Deals', 'Tasks', 'Events', 'Calls', 'Emails']);
	});
});

describeWithSdk('Zoho CRM v8 SDK: records', () => {
	it('creates, reads, updates and deletes a contact with lookups, owner, date, checkbox and picklist values; deleted records list it', async () => {
		const ana = (await call('getRecord', { module: 'Contacts', id: await contactId('ana.ribeiro@lumen-labs.test') })).object.data[0];
		const bob = (await call('users', { type: 'ActiveUsers' })).object.users.find((user: { email: string }) => user.email === 'bob@example.test');
		const created = await call('createRecords', {
			module: 'Contacts',
			records: [
				{
					Last_Name: 'Conformance',
					First_Name: 'Sdk',
					Email: 'sdk.conformance@example.test',
					Salutation: { $choice: 'Dr.' },
					Date_of_Birth: { $date: '1980-02-29' },
					Email_Opt_Out: true,
					Home_Phone: '+49 30 1234567',
					Other_Street: 'Hauptstraße 1',
					Account_Name: { $id: ana.Account_Name.id },
					Reporting_To: { $id: ana.id },
					Owner: { $user: bob.id },
				},
			],
		});
		expect(created.status).toBe(201);
		const success = created.object.data[0];
		expect(success).toMatchObject({ $type: 'SuccessResponse', status: 'success', code: 'SUCCESS' });
		const id = success.details.id as string;

		const record = (await call('getRecord', { module: 'Contacts', id })).object.data[0];
		expect(record).toMatchObject({
			id,
			Last_Name: 'Conformance',
			Full_Name: 'Sdk Conformance',
			Salutation: 'Dr.',
			Email_Opt_Out: true,
			Home_Phone: '+49 30 1234567',
			Other_Street: 'Hauptstraße 1',
			Account_Name: { id: ana.Account_Name.id, name: 'Lumen Labs' },
			Reporting_To: { id: ana.id },
			Owner: expect.objectContaining({ id: bob.id, email: 'bob@example.test' }),
			Created_By: expect.objectContaining({ email: 'alice@example.test' }),
		});
		expect(record.Date_of_Birth).toMatch(/^1980-02-2[89]/);
		expect(Date.parse(record.Created_Time)).not.toBeNaN();

		const updated = await call('updateRecords', { module: 'Contacts', records: [{ id, Title: 'SDK tester', Department: 'QA' }] });
		expect(updated.object.data[0]).toMatchObject({ status: 'success', details: expect.objectContaining({ id }) });
		expect((await call('getRecord', { module: 'Contacts', id })).object.data[0]).toMatchObject({ Title: 'SDK tester', Department: 'QA' });

		const tooLong = await call('updateRecords', { module: 'Contacts', records: [{ id, First_Name: 'x'.repeat(41) }] });
		expect(tooLong.object.data[0]).toMatchObject({ $type: 'APIException', code: 'INVALID_DATA', details: { maximum_length: '40', api_name: 'First_Name' } });

		const deleted = await call('deleteRecords', { module: 'Contacts', ids: [id] });
		expect(deleted.object.data[0]).toMatchObject({ status: 'success', details: { id } });
		expect((await call('getRecord', { module: 'Contacts', id })).status).toBe(204);
		const bin = await call('deletedRecords', { module: 'Contacts', type: 'recycle' });
		expect(bin.object.data).toEqual([expect.objectContaining({ id, displayName: 'Sdk Conformance', type: 'recycle' })]);
	});

	it('creates a meeting with participants, a reminder and a recurrence from the SDK\'s models, and reads them back', async () => {
		const grace = await contactId('grace.okafor@baobab.test');
		const created = await call('createMeeting', {
			title: 'SDK meeting',
			start: '2026-06-01T09:00:00Z',
			end: '2026-06-01T10:00:00Z',
			participants: [
				{ type: 'email', participant: 'guest@example.test' },
				{ type: 'contact', participant: grace },
			],
			remindMinutes: 15,
			rrule: 'FREQ=DAILY;INTERVAL=1;COUNT=3;DTSTART=2026-06-01',
		});
		expect(created.object.data[0]).toMatchObject({ status: 'success' });
		const meeting = (await call('getRecord', { module: 'Events', id: created.object.data[0].details.id })).object.data[0];
		expect(meeting.Participants).toEqual([
			expect.objectContaining({ type: 'email', participant: 'guest@example.test' }),
			expect.objectContaining({ type: 'contact', participant: grace, name: 'Grace Okafor', Email: 'grace.okafor@baobab.test' }),
		]);
		expect(meeting.Remind_At).toEqual([expect.objectContaining({ period: 'minutes', unit: 15 })]);
		expect(meeting.Recurring_Activity).toMatchObject({ rrule: 'FREQ=DAILY;INTERVAL=1;COUNT=3;DTSTART=2026-06-01' });
		expect(Date.parse(meeting.Start_DateTime)).toBe(Date.parse('2026-06-01T09:00:00Z'));
	});

	it('upserts by e-mail: the second write updates the record the first one created', async () => {
		const first = await call('upsertRecords', { module: 'Leads', records: [{ Last_Name: 'Upserted', Company: 'Up Co', Email: 'up@example.test' }], duplicateCheckFields: ['Email'] });
		expect(first.object.data[0]).toMatchObject({ status: 'success', details: expect.objectContaining({ id: expect.any(String) }) });
		const second = await call('upsertRecords', { module: 'Leads', records: [{ Last_Name: 'Upserted', Designation: 'Buyer', Email: 'up@example.test' }], duplicateCheckFields: ['Email'] });
		expect(second.object.data[0].details.id).toBe(first.object.data[0].details.id);
		expect((await call('getRecord', { module: 'Leads', id: first.object.data[0].details.id })).object.data[0]).toMatchObject({ Designation: 'Buyer', Company: 'Up Co' });
	});

	it('lists records with fields and modified-since, searches and queries with COQL', async () => {
		const listed = await call('getRecords', { module: 'Contacts', fields: 'Last_Name,Email,Account_Name,Owner', perPage: 5 });
		expect(listed.object.data).toHaveLength(5);
		expect(listed.object.info).toMatchObject({ perPage: 5, moreRecords: true, nextPageToken: expect.any(String) });
		const future = new Date(Date.now() + 3600_000).toISOString();
		expect((await call('getRecords', { module: 'Contacts', fields: 'Last_Name', modifiedSince: future })).status).toBe(304);

		const byCriteria = await call('searchRecords', { module: 'Contacts', criteria: '(Email:equals:grace.okafor@baobab.test)' });
		expect(byCriteria.object.data.map((record: { Last_Name: string }) => record.Last_Name)).toEqual(['Okafor']);
		const byEmail = await call('searchRecords', { module: 'Contacts', email: 'marco.bianchi@vela.test' });
		expect(byEmail.object.data[0].First_Name).toBe('Marco');

		const coql = await call('coql', { query: "select Last_Name, Account_Name.Account_Name, Owner from Contacts where Email like '%baobab.test' limit 10" });
		expect(coql.object.data).toEqual([expect.objectContaining({ Last_Name: 'Okafor', 'Account_Name.Account_Name': 'Baobab Health' })]);
		expect(coql.object.info).toMatchObject({ count: 1, moreRecords: false });
	});

	it('pages past 2,000 records: page numbers stop there, page_token goes on', async () => {
		await zoho.control.insertRecords('Leads', Array.from({ length: 2100 }, (_, n) => ({ Last_Name: `Paged ${n}`, Company: 'Paging Co' })));
		const beyond = await call('getRecords', { module: 'Leads', fields: 'Last_Name', page: 11, perPage: 200 });
		expect(beyond.status).toBe(400);
		expect(beyond.object).toMatchObject({ $type: 'APIException', code: 'DISCRETE_PAGINATION_LIMIT_EXCEEDED' });
		const ids = new Set<string>();
		let pageToken: string | undefined;
		do {
			const page = await call('getRecords', { module: 'Leads', fields: 'Last_Name', perPage: 200, pageToken });
			for (const record of page.object.data) ids.add(record.id);
			pageToken = page.object.info.moreRecords ? page.object.info.nextPageToken : undefined;
		} while (pageToken);
		const live = (await zoho.control.records('Leads')).filter((record) => !record.$deleted);
		expect(live.length).toBeGreaterThan(2100);
		expect(ids.size).toBe(live.length);
	});
});

describeWithSdk('Zoho CRM v8 SDK: notes, related records, e-mails', () => {
	it('creates a note on a record and reads it through the Notes API and the record\'s related list', async () => {
		const grace = await contactId('grace.okafor@baobab.test');
		const contacts = (await call('modules')).object.modules.find((module: { apiName: string }) => module.apiName === 'Contacts');
		const created = await call('createNote', { parentModule: 'Contacts', parentModuleId: contacts.id, parentId: grace, title: 'SDK', content: 'Written by the SDK' });
		expect(created.object.data[0]).toMatchObject({ status: 'success', code: 'SUCCESS' });
		const notes = await call('notes', { fields: 'Note_Title,Note_Content,Parent_Id' });
		// The Notes API answers the SDK's Note model; related records answer records.
		expect(notes.object.data).toContainEqual(expect.objectContaining({ $type: 'Note', noteTitle: 'SDK', noteContent: 'Written by the SDK', parentId: expect.objectContaining({ id: grace }) }));
		const related = await call('relatedRecords', { module: 'Contacts', id: grace, relatedList: 'Notes', fields: 'Note_Title,Note_Content' });
		expect(related.object.data.map((note: { Note_Content: string }) => note.Note_Content)).toEqual(['Written by the SDK', 'Pilot results due next week; decision by the board after.']);
		const deals = await call('relatedRecords', { module: 'Contacts', id: grace, relatedList: 'Deals', fields: 'Deal_Name,Stage' });
		expect(deals.object.data).toEqual([expect.objectContaining({ Deal_Name: 'Baobab pilot expansion', Stage: 'Proposal/Price Quote' })]);
		const tasks = await call('relatedRecords', { module: 'Contacts', id: grace, relatedList: 'Tasks', fields: 'Subject,Status' });
		expect(tasks.object.data.map((task: { Subject: string }) => task.Subject)).toEqual(['Call Baobab about pilot results']);
	});

	it('sends mail from a record as the user, lists it under the record\'s e-mails with its content, and refuses another user\'s address', async () => {
		const marco = await contactId('marco.bianchi@vela.test');
		const from = (await call('fromAddresses')).object.fromAddresses;
		expect(from.map((address: { email: string; type: string }) => [address.email, address.type])).toEqual([
			['alice@example.test', 'primary'],
			['sales@example.test', 'org_email'],
		]);
		const to = [{ user_name: 'Marco Bianchi', email: 'marco.bianchi@vela.test' }];
		const sent = await call('sendMail', { module: 'Contacts', id: marco, from: { user_name: 'Alice Adams', email: 'alice@example.test' }, to, subject: 'SDK mail', content: '<p>Hello from the SDK</p>' });
		expect(sent.object.data[0]).toMatchObject({ $type: 'SuccessResponse', status: 'success' });
		const messageId = sent.object.data[0].details.message_id;
		const emails = await call('emails', { module: 'Contacts', id: marco });
		expect(emails.object.emails).toEqual([expect.objectContaining({ messageId, subject: 'SDK mail', sent: true })]);
		const email = await call('email', { module: 'Contacts', id: marco, messageId });
		expect(email.object.emails[0]).toMatchObject({ content: '<p>Hello from the SDK</p>' });

		const refused = await call('sendMail', { module: 'Contacts', id: marco, from: { user_name: 'Bob Brown', email: 'bob@example.test' }, to, subject: 'Spoofed', content: 'x' });
		expect(refused.status).toBe(400);
		expect(refused.object.data[0]).toMatchObject({ $type: 'APIException', code: 'INVALID_DATA', details: { api_name: 'from' } });
		const org = await call('sendMail', { module: 'Contacts', id: marco, from: { user_name: 'Example Sales', email: 'sales@example.test' }, to, subject: 'From sales', content: 'x', orgEmail: true });
		expect(org.object.data[0].status).toBe('success');
	});
});

describeWithSdk('Zoho CRM v8 SDK: notifications', () => {
	it('enables a channel, receives a callback for a record the SDK creates, lists and disables the channel', async () => {
		const channelId = '1000000068001';
		const expiry = new Date(Date.now() + 24 * 3600_000).toISOString();
		const enabled = await call('enableNotifications', { channelId, events: ['Contacts.create'], notifyUrl: `${receiver.origin}/zoho`, token: 'sdk-conformance-token', expiry });
		expect(enabled.status).toBe(201);
		expect(enabled.object.watch[0]).toMatchObject({ $type: 'SuccessResponse', status: 'success' });

		const created = await call('createRecords', { module: 'Contacts', records: [{ Last_Name: 'Watched' }] });
		const id = created.object.data[0].details.id;
		const { deliveries } = await zoho.control.notifications();
		expect(deliveries.map((delivery: NotificationDelivery) => [delivery.status, delivery.body.ids, delivery.body.token])).toEqual([[200, [id], 'sdk-conformance-token']]);
		expect(callbacks).toEqual([expect.objectContaining({ module: 'Contacts', operation: 'insert', ids: [id], channel_id: expect.anything() })]);

		const listed = await call('notifications', { channelId });
		expect(listed.object.watch).toEqual([expect.objectContaining({ channelId, events: ['Contacts.create'] })]);
		const disabled = await call('disableNotifications', { channelIds: [channelId] });
		expect(disabled.object.watch[0]).toMatchObject({ status: 'success' });
		expect((await call('notifications', { channelId })).status).toBe(204);
	});
});
