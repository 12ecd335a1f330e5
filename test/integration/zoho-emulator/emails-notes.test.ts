import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { useZohoEmulator } from './apiClient';

const context = useZohoEmulator();
const call: typeof context.call = (...args) => context.call(...args);
const control = () => context.emulator.control;
let contactId: string;

beforeEach(async () => {
	[contactId] = (await control().insertRecords('Contacts', [{ Last_Name: 'Mailer', Email: 'mailer@example.test' }])).ids;
});

const mail = (n: number) => ({
	linked_record: { module: { api_name: 'Contacts', id: '0' }, id: contactId },
	from: { user_name: 'Alice Adams', email: 'alice@example.test' },
	to: [{ user_name: 'Mailer', email: 'mailer@example.test' }],
	subject: `Message ${n}`,
	content: `<p>Body ${n}</p>`,
	mail_format: 'html',
	date_time: new Date(Date.UTC(2026, 0, 1, 9, n)).toISOString().replace(/\.\d{3}Z$/, '+00:00'),
	sent: true,
	original_message_id: `<msg-${n}@example.test>`,
});

describe('Zoho emulator: emails of a record', () => {
	it('associates mail idempotently by original_message_id', async () => {
		const first = await call('POST', `/crm/v8/Contacts/${contactId}/actions/associate_email`, { body: { Emails: [mail(1)] } });
		expect(first.status).toBe(201);
		expect(first.body.Emails[0]).toMatchObject({ code: 'SUCCESS', message: 'Your mail has been added successfully', details: { message_id: expect.any(String) } });
		const again = await call('POST', `/crm/v8/Contacts/${contactId}/actions/associate_email`, { body: { Emails: [mail(1)] } });
		expect(again).toMatchObject({ status: 400, body: { Emails: [{ code: 'DUPLICATE_DATA', status: 'error' }] } });
		const unknown = await call('POST', '/crm/v8/Contacts/5725767000999999999/actions/associate_email', { body: { Emails: [mail(2)] } });
		expect(unknown.status).toBe(400);
		const { linked_record: _linked, ...unlinked } = mail(3);
		const invalid = await call('POST', `/crm/v8/Contacts/${contactId}/actions/associate_email`, { body: { Emails: [unlinked] } });
		expect(invalid).toMatchObject({ status: 400, body: { code: 'INVALID_DATA' } });
		expect((await control().validationErrors()).map((failure) => failure.direction)).toEqual(['request']);
		await control().clearValidationErrors();
	});

	it('lists 10 per call newest first, paged by index, and returns the content by message id', async () => {
		for (let n = 0; n < 12; n++) {
			await call('POST', `/crm/v8/Contacts/${contactId}/actions/associate_email`, { body: { Emails: [mail(n)] } });
		}
		const page1 = await call('GET', `/crm/v8/Contacts/${contactId}/Emails`);
		expect(page1.body.Emails).toHaveLength(10);
		expect(page1.body.Emails[0]).toMatchObject({ subject: 'Message 11', from: { email: 'alice@example.test' }, sent: true });
		expect(page1.body.Emails[0]).not.toHaveProperty('content');
		expect(page1.body.info).toMatchObject({ per_page: 10, count: 10, more_records: true, next_index: '10' });
		const page2 = await call('GET', `/crm/v8/Contacts/${contactId}/Emails?index=${page1.body.info.next_index}`);
		expect(page2.body.Emails.map((email: { subject: string }) => email.subject)).toEqual(['Message 1', 'Message 0']);
		const one = await call('GET', `/crm/v8/Contacts/${contactId}/Emails/${page2.body.Emails[1].message_id}`);
		expect(one.body.Emails[0]).toMatchObject({ subject: 'Message 0', content: '<p>Body 0</p>' });
		const counters = await control().counters();
		expect(counters.byOperation).toMatchObject({ 'emails.associate': 12, 'emails.list': 2, 'emails.get': 1 });
	});
});

describe('Zoho emulator: mail sent from CRM', () => {
	it('lists a sent mail under type sent_from_crm only, owned by its sender, and moves the record\'s Last_Activity_Time', async () => {
		await call('POST', `/crm/v8/Contacts/${contactId}/actions/associate_email`, { body: { Emails: [mail(1)] } });
		const before = await call('POST', '/crm/v8/coql', { body: { select_query: `select Last_Activity_Time from Contacts where id = '${contactId}'` } });
		await control().advanceClock(60_000);
		const sent = await control().sendEmailFromRecord({
			module: 'Contacts',
			recordId: contactId,
			from: 'bob@example.test',
			cc: ['carol@example.test'],
			subject: 'Quote',
			content: '<p>Our quote</p>',
		});

		const fromCrm = await call('GET', `/crm/v8/Contacts/${contactId}/Emails?type=sent_from_crm`);
		expect(fromCrm.body.Emails).toHaveLength(1);
		expect(fromCrm.body.Emails[0]).toMatchObject({
			message_id: sent.messageId,
			subject: 'Quote',
			from: { email: 'bob@example.test', user_name: 'Bob Brown' },
			to: [{ email: 'mailer@example.test' }],
			cc: [{ email: 'carol@example.test' }],
			sent: true,
			owner: { name: 'Bob Brown' },
		});
		const associated = await call('GET', `/crm/v8/Contacts/${contactId}/Emails?type=user_emails`);
		expect(associated.body.Emails.map((email: { subject: string }) => email.subject)).toEqual(['Message 1']);
		expect((await call('GET', `/crm/v8/Contacts/${contactId}/Emails`)).body.Emails).toHaveLength(2);
		expect((await call('GET', `/crm/v8/Contacts/${contactId}/Emails?type=drafts`)).status).toBe(204);

		const ownerId = fromCrm.body.Emails[0].owner.id;
		const one = await call('GET', `/crm/v8/Contacts/${contactId}/Emails/${sent.messageId}?owner_id=${ownerId}`);
		expect(one.body.Emails[0]).toMatchObject({ subject: 'Quote', content: '<p>Our quote</p>', mail_format: 'html' });
		expect((await call('GET', `/crm/v8/Contacts/${contactId}/Emails/${sent.messageId}?owner_id=5725767000999999999`)).status).toBe(204);

		const after = await call('POST', '/crm/v8/coql', {
			body: { select_query: `select Last_Activity_Time from Contacts where Last_Activity_Time > '${before.body.data[0].Last_Activity_Time}'` },
		});
		expect(after.body.data).toEqual([{ id: contactId, Last_Activity_Time: expect.any(String) }]);
		expect(Date.parse(after.body.data[0].Last_Activity_Time)).toBe(Date.parse(sent.sentAt));
		expect(await control().validationErrors()).toEqual([]);
	});

	it('refuses a sender who is not an active CRM user', async () => {
		await expect(control().sendEmailFromRecord({ module: 'Contacts', recordId: contactId, from: 'dave@example.test' })).rejects.toThrow(/active CRM user/);
	});
});

describe('Zoho emulator: notes', () => {
	it('creates notes through /Notes with Parent_Id and tells watchers of the parent', async () => {
		const received: unknown[] = [];
		const receiver = http.createServer((req, res) => {
			req.resume();
			req.on('end', () => {
				received.push(req.url);
				res.end();
			});
		});
		await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
		try {
			const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
			await call('POST', '/crm/v8/actions/watch', { body: { watch: [{ channel_id: '9', events: ['Contacts.edit'], notify_url: url }] } });
			const modules = await call('GET', '/crm/v8/settings/modules');
			const contactsModule = modules.body.modules.find((module: { api_name: string }) => module.api_name === 'Contacts');
			const parent = { module: { api_name: 'Contacts', id: contactsModule.id }, id: contactId };
			const created = await call('POST', '/crm/v8/Notes', {
				body: { data: [{ Note_Title: 'Hi', Note_Content: 'Text', Parent_Id: parent }, { Note_Title: 'No content', Parent_Id: parent }] },
			});
			expect(created.status).toBe(202);
			expect(created.body.data[1]).toMatchObject({ code: 'MANDATORY_NOT_FOUND', details: { api_name: 'Note_Content' } });
			const { deliveries } = await control().notifications();
			expect(deliveries.map((delivery) => [delivery.body.module, delivery.body.operation, delivery.body.ids])).toEqual([['Contacts', 'update', [contactId]]]);
			const related = await call('GET', `/crm/v8/Contacts/${contactId}/Notes?fields=Note_Title,Note_Content`);
			expect(related.body.data).toEqual([expect.objectContaining({ Note_Title: 'Hi', Note_Content: 'Text' })]);
		} finally {
			await new Promise((resolve) => receiver.close(resolve));
		}
	});
});

describe('Zoho emulator: sending mail from a record', () => {
	const send = (body: unknown, record = contactId) => call('POST', `/crm/v8/Contacts/${record}/actions/send_mail`, { body: { data: [body] } });
	const message = (from: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
		from,
		to: [{ user_name: 'Mailer', email: 'mailer@example.test' }],
		subject: 'Quote',
		content: '<p>Our quote</p>',
		mail_format: 'html',
		...extra,
	});

	it('lists the addresses the user may send from: their own, then the org\'s', async () => {
		const { body } = await call('GET', '/crm/v8/settings/emails/actions/from_addresses');
		expect(body.from_addresses.map((address: Record<string, unknown>) => [address.email, address.type, address.default])).toEqual([
			['alice@example.test', 'primary', true],
			['sales@example.test', 'org_email', false],
		]);
	});

	it('sends from the user\'s own address; the mail is listed under the record\'s Emails as sent from the CRM', async () => {
		const before = (await call('GET', `/crm/v8/Contacts/${contactId}?fields=Last_Activity_Time`)).body.data[0].Last_Activity_Time;
		await control().advanceClock(5_000);
		const sent = await send(message({ user_name: 'Alice Adams', email: 'alice@example.test' }));
		expect(sent.status).toBe(200);
		expect(sent.body.data[0]).toMatchObject({ code: 'SUCCESS', status: 'success', message: 'Your mail has been sent successfully.', details: { message_id: expect.any(String), blocked_email_addresses: [] } });
		const listed = await call('GET', `/crm/v8/Contacts/${contactId}/Emails?type=sent_from_crm`);
		expect(listed.body.Emails).toEqual([
			expect.objectContaining({ message_id: sent.body.data[0].details.message_id, subject: 'Quote', from: { user_name: 'Alice Adams', email: 'alice@example.test' }, sent: true }),
		]);
		const content = await call('GET', `/crm/v8/Contacts/${contactId}/Emails/${sent.body.data[0].details.message_id}`);
		expect(content.body.Emails[0].content).toBe('<p>Our quote</p>');
		const after = (await call('GET', `/crm/v8/Contacts/${contactId}?fields=Last_Activity_Time`)).body.data[0].Last_Activity_Time;
		expect(Date.parse(after)).toBeGreaterThan(Date.parse(before));
	});

	it('sends from an org address only with org_email, and never from another user\'s address', async () => {
		const org = { user_name: 'Example Sales', email: 'sales@example.test' };
		expect((await send(message(org, { org_email: true }))).status).toBe(200);
		for (const refused of [message(org), message({ user_name: 'Bob Brown', email: 'bob@example.test' }), message({ user_name: 'Alice', email: 'alice@example.test' }, { org_email: true })]) {
			const answer = await send(refused);
			expect(answer).toMatchObject({ status: 400, body: { data: [{ code: 'INVALID_DATA', details: { api_name: 'from', json_path: '$.data[0].from' }, status: 'error' }] } });
		}
		const missing = await call('POST', `/crm/v8/Contacts/${contactId}/actions/send_mail`, { body: { data: [{ from: org, org_email: true, subject: 'x' }] } });
		expect(missing).toMatchObject({ status: 400, body: { code: 'MANDATORY_NOT_FOUND', details: { api_name: 'to' } } });
		expect((await call('GET', `/crm/v8/Contacts/${contactId}/Emails`)).body.Emails).toHaveLength(1);
	});

	it('sends mail only from modules that have e-mail (not from a task)', async () => {
		const [taskId] = (await control().insertRecords('Tasks', [{ Subject: 'Call back' }])).ids;
		const answer = await call('POST', `/crm/v8/Tasks/${taskId}/actions/send_mail`, { body: { data: [message({ user_name: 'Alice Adams', email: 'alice@example.test' })] } });
		expect(answer).toMatchObject({ status: 400, body: { code: 'INVALID_MODULE' } });
	});
});
