import {
	Contact,
	EmailAddress,
	EmailAddressKey,
	FolderId,
	ItemView,
	WellKnownFolderName,
	Mailbox,
	ServiceError,
	type ExchangeService,
} from 'ews-javascript-api';
import { exchangeService, rejectionOf, useExchangeEmulator } from './client';

const emulator = useExchangeEmulator();


const code = (name: keyof typeof ServiceError) => ServiceError[name];
const countContacts = async (service: ExchangeService) => (await service.FindItems(WellKnownFolderName.Contacts, new ItemView(100))).TotalCount;

describe('authentication', () => {
	it('accepts Basic with the right password and answers 401 to a wrong one', async () => {
		expect(await countContacts(exchangeService(emulator.url, { user: 'alice@example.test' }))).toBeGreaterThan(0);
		const failure = await rejectionOf(countContacts(exchangeService(emulator.url, { user: 'alice@example.test', password: 'wrong' })));
		expect(failure.HttpStatusCode).toBe(401);
	});

	it('verifies NTLMv2 against the password, for DOMAIN\\user and UPN names', async () => {
		expect(await countContacts(exchangeService(emulator.url, { auth: 'ntlm', user: 'EXAMPLE\\alice' }))).toBeGreaterThan(0);
		expect(await countContacts(exchangeService(emulator.url, { auth: 'ntlm', user: 'EXAMPLE\\svc-sync', impersonate: 'bob@example.test' }))).toBeGreaterThan(0);
		const failure = await rejectionOf(countContacts(exchangeService(emulator.url, { auth: 'ntlm', user: 'EXAMPLE\\alice', password: 'not-it' })));
		expect(failure.HttpStatusCode).toBe(401);
		const otherDomain = await rejectionOf(countContacts(exchangeService(emulator.url, { auth: 'ntlm', user: 'CONTOSO\\alice' })));
		expect(otherDomain.HttpStatusCode).toBe(401);
		const counters = await emulator.control.counters();
		expect(counters.byOperation.ntlmNegotiate).toBe(4);
		expect(counters.byOperation.FindItem).toBe(2);
	});

	it('follows a password change made through the control API', async () => {
		await emulator.control.setPassword('alice@example.test', 'new-password');
		const old = await rejectionOf(countContacts(exchangeService(emulator.url, { user: 'alice@example.test' })));
		expect(old.HttpStatusCode).toBe(401);
		expect(await countContacts(exchangeService(emulator.url, { user: 'alice@example.test', password: 'new-password' }))).toBeGreaterThan(0);
	});

	it('accepts registered Bearer tokens only', async () => {
		await emulator.control.registerToken('header.payload.signature', 'svc-sync@example.test');
		const service = exchangeService(emulator.url, { auth: 'bearer', token: 'header.payload.signature', impersonate: 'carol@example.test' });
		expect(await countContacts(service)).toBeGreaterThan(0);
		const failure = await rejectionOf(countContacts(exchangeService(emulator.url, { auth: 'bearer', token: 'other.token.value' })));
		expect(failure.HttpStatusCode).toBe(401);
	});
});

describe('impersonation', () => {
	it('lets the service account act as any mailbox and records X-AnchorMailbox', async () => {
		const service = exchangeService(emulator.url, { impersonate: 'dave@example.test' });
		const contacts = await service.FindItems(WellKnownFolderName.Contacts, new ItemView(10));
		expect(contacts.Items.length).toBeGreaterThan(0);
		const [request] = (await emulator.control.requests()).slice(-1);
		expect(request).toMatchObject({ account: 'svc-sync@example.test', mailbox: 'dave@example.test', anchorMailbox: 'dave@example.test' });
	});

	it('denies impersonation to an account without the right (HTTP 500 fault)', async () => {
		const failure = await rejectionOf(countContacts(exchangeService(emulator.url, { user: 'alice@example.test', impersonate: 'bob@example.test' })));
		expect(failure.ResponseCode).toBe(code('ErrorImpersonateUserDenied'));
		expect(failure.HttpStatusCode).toBe(500);
		await emulator.control.setImpersonation('svc-sync@example.test', false);
		const revoked = await rejectionOf(countContacts(exchangeService(emulator.url, { impersonate: 'bob@example.test' })));
		expect(revoked.ResponseCode).toBe(code('ErrorImpersonateUserDenied'));
	});

	it('reports a non-existent mailbox', async () => {
		const failure = await rejectionOf(countContacts(exchangeService(emulator.url, { impersonate: 'nobody@example.test' })));
		expect(failure.ResponseCode).toBe(code('ErrorNonExistentMailbox'));
	});

	it('refuses another mailbox named in the folder id without rights', async () => {
		const alice = exchangeService(emulator.url, { user: 'alice@example.test' });
		const bobsContacts = new FolderId(WellKnownFolderName.Contacts, new Mailbox('bob@example.test'));
		const failure = await rejectionOf(alice.FindItems(bobsContacts, new ItemView(10)));
		expect(failure.ErrorCode).toBe(code('ErrorAccessDenied'));
		const service = exchangeService(emulator.url);
		expect((await service.FindItems(bobsContacts, new ItemView(10))).Items.length).toBeGreaterThan(0);
	});

	it('adds mailboxes through the control API that survive a reset', async () => {
		await emulator.control.addMailbox('erin@example.test', 'Erin Evans', 'erin-password');
		await emulator.control.reset();
		expect(await countContacts(exchangeService(emulator.url, { impersonate: 'erin@example.test' }))).toBe(0);
		expect(await countContacts(exchangeService(emulator.url, { auth: 'ntlm', user: 'EXAMPLE\\erin', password: 'erin-password' }))).toBe(0);
	});

	it('keeps each mailbox separate', async () => {
		const alice = exchangeService(emulator.url, { user: 'alice@example.test' });
		const contact = new Contact(alice);
		contact.GivenName = 'Only';
		contact.Surname = 'Alice';
		contact.EmailAddresses._setItem(EmailAddressKey.EmailAddress1, new EmailAddress('only.alice@example.test'));
		await contact.Save(WellKnownFolderName.Contacts);
		const aliceItems = await emulator.control.items('alice@example.test', 'contacts');
		const bobItems = await emulator.control.items('bob@example.test', 'contacts');
		expect(aliceItems.map((c) => c.email1)).toContain('only.alice@example.test');
		expect(bobItems.map((c) => c.email1)).not.toContain('only.alice@example.test');
	});
});
