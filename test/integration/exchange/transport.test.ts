import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { DEMO_EXCHANGE, DEMO_PASSWORD } from '../../emulators/demo/world';
import { microsoftExchangeEwsApiTest } from '../../../nodes/MicrosoftExchange/methods/credentialTest';
import { ALICE, BOB, credentialsFor, runJson, runNode, useExchangeEmulator } from './support';

jest.setTimeout(60_000);

const server = useExchangeEmulator();
const SERVICE = DEMO_EXCHANGE.serviceAccount.smtp;
const WRONG_PASSWORD = 'not-the-password-&-<secret>';

afterEach(async () => {
	await server().control.setImpersonation(SERVICE, true);
});

const listContacts = (credentials: ICredentialDataDecryptedObject, mailbox?: string) =>
	runJson({ credentials, parameters: { resource: 'contact', operation: 'getAll', returnAll: true, ...(mailbox ? { mailbox } : {}) } });

async function failure(promise: Promise<unknown>): Promise<Error & { description?: string; context: Record<string, unknown> }> {
	try {
		await promise;
	} catch (error) {
		return error as Error & { description?: string; context: Record<string, unknown> };
	}
	throw new Error('expected a failure');
}

describe.each(['basic', 'ntlm'] as const)('sign-in with %s', (auth) => {
	it('a wrong password gives a clear error without the password', async () => {
		const error = await failure(listContacts(credentialsFor(server(), auth, { password: WRONG_PASSWORD }), ALICE));
		const account = auth === 'ntlm' ? DEMO_EXCHANGE.serviceAccount.ntlmName : SERVICE;
		expect(error.message).toBe(`Exchange rejected the username or password for ${account} (syncing the mailbox ${ALICE})`);
		expect(JSON.stringify({ message: error.message, description: error.description, context: error.context })).not.toContain(WRONG_PASSWORD);
	});

	it('impersonation that the server denies names the mailbox', async () => {
		await server().control.setImpersonation(SERVICE, false);
		const error = await failure(listContacts(credentialsFor(server(), auth), ALICE));
		expect(error.message).toContain(`may not impersonate ${ALICE}`);
		expect(error.context.responseCode).toBe('ErrorImpersonateUserDenied');
	});
});

it('without impersonation the account works in its own mailbox', async () => {
	const contacts = await listContacts(credentialsFor(server(), 'basic', { username: ALICE, impersonation: false }));
	expect(contacts.length).toBeGreaterThan(0);
	const requests = await server().control.requests();
	expect(requests[requests.length - 1]).toMatchObject({ account: ALICE, mailbox: ALICE });
});

it('without impersonation another mailbox is opened by explicit (delegate) access, where allowed', async () => {
	const delegated = await listContacts(credentialsFor(server(), 'basic', { impersonation: false }), BOB);
	expect(delegated.length).toBeGreaterThan(0);
	expect(delegated.every((contact) => contact.mailbox === BOB)).toBe(true);
	const error = await failure(listContacts(credentialsFor(server(), 'basic', { username: ALICE, impersonation: false }), BOB));
	expect(error.message).toBe(`${ALICE} has no access to ${BOB}`);
});

it('with impersonation the request acts for the mailbox and anchors to it', async () => {
	await listContacts(credentialsFor(server(), 'basic'), ALICE);
	const requests = await server().control.requests();
	expect(requests[requests.length - 1]).toMatchObject({ account: SERVICE, mailbox: ALICE, anchorMailbox: ALICE, scheme: 'Basic' });
});

it('the requests of one run reuse one TLS connection to the mailbox (keep-alive with a custom CA)', async () => {
	const before = (await server().control.requests()).length;
	await runJson({ credentials: credentialsFor(server(), 'basic'), parameters: { resource: 'contact', operation: 'getAll', returnAll: true, mailbox: ALICE } });
	const run = (await server().control.requests()).slice(before);
	expect(run.map((request) => request.operation)).toEqual(expect.arrayContaining(['FindItem', 'GetItem']));
	expect(new Set(run.map((request) => request.clientPort)).size).toBe(1);
});

it('a mailbox that does not exist is named', async () => {
	const error = await failure(listContacts(credentialsFor(server(), 'basic'), 'nobody@example.test'));
	expect(error.message).toBe('The mailbox nobody@example.test does not exist in Exchange');
});

describe('throttling', () => {
	it('waits the back-off the server asks for (SOAP fault) and retries', async () => {
		await server().control.resetCounters();
		await server().control.faults([{ operation: 'FindItem', kind: 'throttle', count: 1, params: { backOffMs: 400 } }]);
		const started = Date.now();
		const contacts = await listContacts(credentialsFor(server(), 'basic'), ALICE);
		expect(Date.now() - started).toBeGreaterThanOrEqual(400);
		expect(contacts.length).toBeGreaterThan(0);
		expect((await server().control.counters()).byOperation.FindItem).toBe(2);
	});

	it('retries the throttled items of a batch (in-message ErrorServerBusy)', async () => {
		await server().control.resetCounters();
		await server().control.faults([{ operation: 'CreateItem', kind: 'throttle', count: 1, params: { backOffMs: 300, inMessage: true } }]);
		const started = Date.now();
		const output = await runJson({
			credentials: credentialsFor(server(), 'ntlm'),
			items: [{ json: {} }, { json: {} }],
			parameters: (itemIndex) => ({
				resource: 'contact',
				operation: 'create',
				mailbox: ALICE,
				inputMode: 'json',
				itemJson: { givenName: `Throttled ${itemIndex}` },
			}),
		});
		expect(Date.now() - started).toBeGreaterThanOrEqual(300);
		expect(output.map((item) => item.givenName)).toEqual(['Throttled 0', 'Throttled 1']);
		expect((await server().control.counters()).byOperation.CreateItem).toBe(2);
	});
});

it('a hung server times out with a clear error', async () => {
	await server().control.faults([{ operation: 'FindItem', kind: 'hang', count: 1 }]);
	const started = Date.now();
	const error = await failure(listContacts(credentialsFor(server(), 'basic', { timeout: 1 }), ALICE));
	expect(error.message).toBe('Exchange did not answer within 1 seconds');
	expect(Date.now() - started).toBeLessThan(5000);
});

it('a sync cursor Exchange no longer accepts starts the listing over, and the summary says so', async () => {
	const credentials = credentialsFor(server(), 'basic');
	const first = await runJson({ credentials, parameters: { resource: 'contact', operation: 'getChanges', mailbox: ALICE, cursor: '' } });
	const { cursor } = first[first.length - 1];
	await server().control.faults([{ operation: 'SyncFolderItems', kind: 'invalidSyncState', count: 1 }]);
	const restarted = await runJson({ credentials, parameters: { resource: 'contact', operation: 'getChanges', mailbox: ALICE, cursor } });
	expect(restarted[restarted.length - 1]).toMatchObject({ summary: true, cursorReset: true, created: first.length - 1 });
	expect(restarted.slice(0, -1)).toEqual(first.slice(0, -1));
	expect(first[first.length - 1]).toMatchObject({ cursorReset: false });
});

describe('credential test', () => {
	const test = (data: ICredentialDataDecryptedObject) =>
		microsoftExchangeEwsApiTest.call({} as never, { id: 'c', name: 'Exchange', type: 'microsoftExchangeEwsApi', data });

	it('passes with a working credential (Basic and NTLM)', async () => {
		expect(await test(credentialsFor(server(), 'basic'))).toEqual({ status: 'OK', message: 'Connection successful' });
		expect(await test(credentialsFor(server(), 'ntlm'))).toEqual({ status: 'OK', message: 'Connection successful' });
	});

	it('says what is wrong, in plain words', async () => {
		const wrong = await test(credentialsFor(server(), 'basic', { password: WRONG_PASSWORD }));
		expect(wrong).toEqual({ status: 'Error', message: `Exchange rejected the username or password for ${SERVICE}` });

		const untrusted = await test(credentialsFor(server(), 'basic', { trustedCaPem: '' }));
		expect(untrusted.message).toMatch(/certificate is not trusted/);
		const untrustedNtlm = await test(credentialsFor(server(), 'ntlm', { trustedCaPem: '' }));
		expect(untrustedNtlm.message).toMatch(/certificate is not trusted/);

		const ignored = await test(credentialsFor(server(), 'basic', { trustedCaPem: '', skipTlsVerification: true }));
		expect(ignored.status).toBe('OK');

		const notEws = await test(credentialsFor(server(), 'basic', { url: `${server().origin}/owa/` }));
		expect(notEws.message).toMatch(/does not answer like an EWS endpoint/);

		const unreachable = await test(credentialsFor(server(), 'basic', { url: 'https://127.0.0.1:1/EWS/Exchange.asmx' }));
		expect(unreachable.message).toMatch(/Could not reach the Exchange server/);

		await server().control.setImpersonation(SERVICE, false);
		const denied = await test(credentialsFor(server(), 'basic', { testMailbox: ALICE }));
		expect(denied.message).toMatch(/may not impersonate/);

		const http = await test(credentialsFor(server(), 'basic', { url: server().url.replace('https:', 'http:') }));
		expect(http.message).toMatch(/unencrypted/);
		for (const result of [wrong, untrusted, notEws, unreachable, denied]) expect(result.message).not.toContain(DEMO_PASSWORD);
	});
});

it('the node fails the item with its index when Exchange rejects the sign-in', async () => {
	await expect(
		runNode({
			credentials: credentialsFor(server(), 'basic', { password: WRONG_PASSWORD }),
			items: [{ json: {} }, { json: {} }],
			parameters: { resource: 'contact', operation: 'getAll', returnAll: false, limit: 1, mailbox: ALICE },
		}),
	).rejects.toMatchObject({ context: { itemIndex: 0, responseCode: 'Unauthorized' } });
});
