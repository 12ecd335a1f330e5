/**
 * The Zoho CRM node's other resources against the local Zoho server: users, fields metadata,
 * notes and notification channels.
 */
import type { ZohoEmulator } from '../../emulators/zoho-crm/harness';
import { startZohoEmulator } from '../../emulators/zoho-crm/harness';
import { zohoSession } from '../../support/zohoNode';

let zoho: ZohoEmulator;

beforeAll(async () => {
	zoho = await startZohoEmulator({ seed: 'demo' });
});

afterAll(async () => {
	await zoho?.stop();
});

beforeEach(async () => {
	await zoho.control.reset();
});

afterEach(async () => {
	expect(await zoho.control.validationErrors()).toEqual([]);
});

describe('Zoho CRM node: users, notes, notifications', () => {
	it('lists active and inactive users and the current user', async () => {
		const session = await zohoSession(zoho.origin);
		const active = await session.run({ resource: 'user', operation: 'getAll', userType: 'ActiveUsers', returnAll: true });
		const inactive = await session.run({ resource: 'user', operation: 'getAll', userType: 'DeactiveUsers', returnAll: true });
		expect(active.map((item) => item.json.email)).toEqual(expect.arrayContaining(['alice@example.test', 'bob@example.test', 'carol@example.test']));
		expect(inactive.map((item) => item.json.email)).toEqual(['dave@example.test']);
		const [current] = await session.run({ resource: 'user', operation: 'getCurrent' });
		expect(typeof current.json.email).toBe('string');
	});

	it('answers each field of a module with what a field map is built from: API name, type, length, flags', async () => {
		const session = await zohoSession(zoho.origin);
		const module = { __rl: true, mode: 'name', value: 'Contacts' };
		await session.run({ resource: 'field', operation: 'createSyncFields', module });
		const fields = new Map((await session.run({ resource: 'field', operation: 'getAll', module })).map((item) => [item.json.api_name, item.json]));
		const facts = (name: string) => {
			const field = fields.get(name)!;
			return [field.data_type, field.length, field.read_only, field.system_mandatory, field.custom_field];
		};
		expect(facts('Last_Name')).toEqual(['text', 80, false, true, false]);
		expect(facts('Other_Phone')).toEqual(['phone', 30, false, false, false]);
		expect(facts('Mailing_Street')).toEqual(['text', 250, false, false, false]);
		expect(facts('Modified_Time')).toEqual(['datetime', 120, true, false, false]);
		expect(facts('Created_By')).toEqual(['ownerlookup', 120, true, false, false]);
		expect(facts('Exchange_Sync_Id')).toEqual(['text', 255, false, false, true]);
		expect(facts('Exchange_Sync_State')).toEqual(['textarea', 32000, false, false, true]);
		expect(fields.size).toBeGreaterThan(50);
	});

	it('adds notes to a record and lists them', async () => {
		const session = await zohoSession(zoho.origin);
		const { ids } = await zoho.control.insertRecords('Contacts', [{ Last_Name: 'Noted' }]);
		const parent = { parentModule: 'Contacts', parentId: ids[0] };
		await session.run({ resource: 'note', operation: 'create', ...parent, title: 'Call', content: 'Asked for a quote (urgent), see mail' });
		const notes = await session.run({ resource: 'note', operation: 'getAll', ...parent, returnAll: true });
		expect(notes.map((item) => item.json.Note_Content)).toEqual(['Asked for a quote (urgent), see mail']);
	});

	it('enables, lists, renews and disables a notification channel', async () => {
		const session = await zohoSession(zoho.origin);
		const channel = { channelId: '1000000068001', events: 'Contacts.all,Tasks.create', notifyUrl: 'http://127.0.0.1:9/hook', token: 'secret-token', expiryHours: 2 };
		const [enabled] = await session.run({ resource: 'notification', operation: 'enable', ...channel, returnAffectedFieldValues: false });
		expect(enabled.json.status).toBe('success');
		const listed = await session.run({ resource: 'notification', operation: 'getAll' });
		expect(listed.map((item) => item.json.channel_id)).toContain('1000000068001');
		const [renewed] = await session.run({ resource: 'notification', operation: 'renew', channelId: channel.channelId, expiryHours: 168 });
		expect(renewed.json.status).toBe('success');
		const [disabled] = await session.run({ resource: 'notification', operation: 'disable', channelIds: channel.channelId });
		expect(disabled.json).toMatchObject({ channel_id: channel.channelId, status: 'disabled' });
		expect((await session.run({ resource: 'notification', operation: 'getAll' })).map((item) => item.json.channel_id)).not.toContain(
			channel.channelId,
		);
	});

	it('reports a channel Zoho does not know as not subscribed when disabling it', async () => {
		const session = await zohoSession(zoho.origin);
		const [disabled] = await session.run({ resource: 'notification', operation: 'disable', channelIds: '1000000068999' });
		expect(disabled.json).toMatchObject({ channel_id: '1000000068999', status: 'not subscribed', code: 'NOT_SUBSCRIBED' });
	});

	it('associates an email with a record once per Message-ID and lists it', async () => {
		const session = await zohoSession(zoho.origin);
		const { ids } = await zoho.control.insertRecords('Contacts', [{ Last_Name: 'Mailed', Email: 'mailed@example.test' }]);
		const email = {
			resource: 'email',
			operation: 'associate',
			parentModule: 'Contacts',
			parentId: ids[0],
			originalMessageId: '<renewal-42@lumen-labs.test>',
			from: 'mailed@example.test',
			to: 'alice@example.test',
			subject: 'Renewal & terms (draft)',
			content: '<p>Can we talk?</p>',
			dateTime: '2026-11-20T09:30:00.000Z',
			options: { sent: false },
		};
		const [first] = await session.run(email);
		const [again] = await session.run(email);
		expect(first.json).toMatchObject({ status: 'associated', original_message_id: '<renewal-42@lumen-labs.test>' });
		expect(again.json).toMatchObject({ status: 'already associated' });
		const listed = await session.run({ resource: 'email', operation: 'getAll', parentModule: 'Contacts', parentId: ids[0], returnAll: true });
		expect(listed.map((item) => item.json.subject)).toEqual(['Renewal & terms (draft)']);
	});

	it('deletes notes', async () => {
		const session = await zohoSession(zoho.origin);
		const { ids } = await zoho.control.insertRecords('Contacts', [{ Last_Name: 'Noted' }]);
		const parent = { parentModule: 'Contacts', parentId: ids[0] };
		const [created] = await session.run({ resource: 'note', operation: 'create', ...parent, title: 'Temp', content: 'to delete' });
		const [deleted] = await session.run({ resource: 'note', operation: 'delete', noteId: created.json.id });
		expect(deleted.json).toMatchObject({ id: created.json.id, status: 'success' });
		expect(await session.run({ resource: 'note', operation: 'getAll', ...parent, returnAll: true })).toEqual([]);
	});
});
