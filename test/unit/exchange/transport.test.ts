import { BasePropertySet, Folder, PropertySet, WellKnownFolderName, ItemId } from 'ews-javascript-api';
import { classifyEwsError, describeFailure } from '../../../nodes/MicrosoftExchange/transport/ews/errors';
import { retryDelayMs, DEFAULT_RETRY_POLICY } from '../../../nodes/MicrosoftExchange/transport/ews/retry';
import { credentialProblem, readExchangeCredentials, accountName } from '../../../nodes/MicrosoftExchange/transport/ews/credentials';
import { xmlText } from '../../../nodes/MicrosoftExchange/transport/ews/xml';
import { FakeEws, TEST_PASSWORD, fakeSession, responseMessages, soapFault, envelope } from './support/fakeEws';
import type { FakeReply } from './support/fakeEws';
import type { ExchangeSession } from '../../../nodes/MicrosoftExchange/transport/ews/session';

const getFolderOk = () =>
	responseMessages('GetFolder', [
		{ ok: '<m:Folders><t:Folder><t:FolderId Id="inbox-id" ChangeKey="ck"/></t:Folder></m:Folders>' },
	]);

function bindInbox(session: ExchangeSession, mailbox?: string) {
	return session.call(mailbox, async (service) =>
		await Folder.Bind(service, session.folder(WellKnownFolderName.Inbox, mailbox), new PropertySet(BasePropertySet.IdOnly)),
	);
}

function failingWith(...replies: FakeReply[]) {
	return new FakeEws((_, index) => replies[index] ?? getFolderOk());
}

describe('xmlText', () => {
	it('escapes the five XML specials and drops characters XML forbids', () => {
		expect(xmlText(`a & b < c > d " e ' f`)).toBe('a &amp; b &lt; c &gt; d &quot; e &apos; f');
		expect(xmlText('bell\u0007 tab\t newline\n')).toBe('bell tab\t newline\n');
		expect(xmlText('🚀 田中 Müller')).toBe('🚀 田中 Müller');
	});
});

describe('credentials', () => {
	const base = { url: 'https://mail.example.test/EWS/Exchange.asmx', username: 'svc', password: 'pw' };

	it('refuses Basic over http:// unless allowed', () => {
		const http = { ...base, url: 'http://mail.example.test/EWS/Exchange.asmx', authentication: 'basic' };
		expect(credentialProblem(readExchangeCredentials(http))).toMatch(/unencrypted/);
		expect(credentialProblem(readExchangeCredentials({ ...http, allowUnencryptedHttp: true }))).toBeUndefined();
		expect(credentialProblem(readExchangeCredentials({ ...http, authentication: 'ntlm' }))).toBeUndefined();
	});

	it('combines the domain with a bare username only', () => {
		expect(accountName(readExchangeCredentials({ ...base, domain: 'EXAMPLE' }))).toBe('EXAMPLE\\svc');
		expect(accountName(readExchangeCredentials({ ...base, username: 'svc@example.test', domain: 'EXAMPLE' }))).toBe('svc@example.test');
		expect(accountName(readExchangeCredentials({ ...base, username: 'OTHER\\svc', domain: 'EXAMPLE' }))).toBe('OTHER\\svc');
	});

	it('defaults the timeout to 100 seconds', () => {
		expect(readExchangeCredentials(base).timeoutSeconds).toBe(100);
	});
});

describe('error mapping of real client exceptions', () => {
	it('401: names the user, never the password', async () => {
		const session = fakeSession(failingWith({ status: 401, body: '' }));
		const error = (await bindInbox(session).catch((caught: Error) => caught)) as Error;
		expect(error.message).toBe('Exchange rejected the username or password for svc-sync@example.test');
		expect(JSON.stringify(error)).not.toContain(TEST_PASSWORD);
		expect(`${error.message} ${(error as { description?: string }).description}`).not.toContain(TEST_PASSWORD);
	});

	it('ErrorImpersonateUserDenied fault: says which mailbox may not be impersonated', async () => {
		const session = fakeSession(failingWith(soapFault('ErrorImpersonateUserDenied', 'The account does not have permission to impersonate the requested user.')));
		await expect(bindInbox(session, 'carol@example.test')).rejects.toMatchObject({
			message: expect.stringContaining('may not impersonate carol@example.test'),
			context: { responseCode: 'ErrorImpersonateUserDenied' },
		});
	});

	it('ErrorNonExistentMailbox in a message: names the mailbox', async () => {
		const session = fakeSession(
			failingWith(
				responseMessages('GetFolder', [
					{ error: 'ErrorNonExistentMailbox', text: 'No mailbox with such guid.', values: { SmtpAddress: 'nobody@example.test' } },
				]),
			),
		);
		await expect(bindInbox(session, 'nobody@example.test')).rejects.toMatchObject({
			message: 'The mailbox nobody@example.test does not exist in Exchange',
		});
	});

	it('an HTTP 500 error page (not SOAP) fails cleanly instead of leaving the call hanging', async () => {
		const session = fakeSession(failingWith({ status: 500, body: '<html>Proxy Error</html>', headers: { 'content-type': 'text/html' } }));
		await expect(bindInbox(session)).rejects.toMatchObject({
			message: expect.stringContaining('error page instead of EWS'),
			context: { responseCode: 'NotSoap' },
		});
	});

	it('a non-SOAP answer reads as "not an EWS endpoint"', async () => {
		const session = fakeSession(failingWith({ body: '<html><body>Outlook Web App</body></html>' }));
		await expect(bindInbox(session)).rejects.toMatchObject({ context: { responseCode: 'NotEws' } });
	});

	it('transport failures get plain words', () => {
		const context = { username: 'svc', timeoutSeconds: 5 };
		const describe = (message: string) => describeFailure(classifyEwsError({ message }), context);
		expect(describe('timeout of 5000ms exceeded')).toBe('Exchange did not answer within 5 seconds');
		expect(describe('connect ECONNREFUSED 127.0.0.1:1')).toMatch(/Could not reach/);
		expect(describe('self-signed certificate')).toMatch(/certificate is not trusted/);
		expect(describe('unable to verify the first certificate')).toMatch(/certificate is not trusted/);
		expect(describe('socket hang up')).toMatch(/closed the connection/);
	});
});

describe('throttling', () => {
	const busy = soapFault('ErrorServerBusy', 'The server cannot service this request right now.', { BackOffMilliseconds: '1234' });

	it('waits the BackOffMilliseconds the server asks for, then retries', async () => {
		const waits: number[] = [];
		const fake = failingWith(busy, busy);
		const session = fakeSession(fake, { wait: async (ms) => void waits.push(ms) });
		await bindInbox(session);
		expect(waits).toEqual([1234, 1234]);
		expect(fake.operations()).toEqual(['GetFolder', 'GetFolder', 'GetFolder']);
	});

	it('gives up after the attempt budget with a clear error', async () => {
		const fake = new FakeEws(() => busy);
		const session = fakeSession(fake);
		await expect(bindInbox(session)).rejects.toMatchObject({
			message: expect.stringContaining('busy (throttling)'),
			context: { responseCode: 'ErrorServerBusy' },
		});
		expect(fake.requests).toHaveLength(DEFAULT_RETRY_POLICY.maxAttempts);
	});

	it('does not wait out a back-off longer than the cap', async () => {
		const waits: number[] = [];
		const fake = failingWith(soapFault('ErrorServerBusy', 'busy', { BackOffMilliseconds: '297749' }));
		const session = fakeSession(fake, { wait: async (ms) => void waits.push(ms) });
		await expect(bindInbox(session)).rejects.toMatchObject({ description: expect.stringContaining('asked to wait 298 s') });
		expect(waits).toEqual([]);
	});

	it('retries only the throttled items of a batch (in-message ErrorServerBusy)', async () => {
		const getItem = (ids: string[]) => ids.map((id) => `<m:Items><t:Contact><t:ItemId Id="${id}" ChangeKey="ck"/></t:Contact></m:Items>`);
		const fake = new FakeEws((request, index) => {
			const ids = [...request.body.matchAll(/<t:ItemId Id="([^"]+)"/g)].map((match) => match[1]);
			if (index === 0) {
				return responseMessages('GetItem', [
					{ ok: getItem([ids[0]])[0] },
					{ error: 'ErrorServerBusy', values: { BackOffMilliseconds: '10' } },
				]);
			}
			return responseMessages('GetItem', ids.map((id) => ({ ok: getItem([id])[0] })));
		});
		const waits: number[] = [];
		const session = fakeSession(fake, { wait: async (ms) => void waits.push(ms) });
		const outcomes = await session.callBatch(undefined, ['a', 'b'], async (service, ids) =>
			await service.BindToItems(ids.map((id) => new ItemId(id)), new PropertySet(BasePropertySet.IdOnly)),
		);
		expect(outcomes.map((outcome) => outcome.response?.Item.Id.UniqueId)).toEqual(['a', 'b']);
		expect(waits).toEqual([10]);
		expect(fake.requests[1].body).toContain('Id="b"');
		expect(fake.requests[1].body).not.toContain('Id="a"');
	});

	it('falls back to exponential back-off when the server gives none', () => {
		const failure = { code: 'ErrorServerBusy', detail: '', values: {} };
		expect([1, 2, 3].map((attempt) => retryDelayMs(failure, attempt, DEFAULT_RETRY_POLICY))).toEqual([1000, 2000, 4000]);
		expect(retryDelayMs(failure, 4, DEFAULT_RETRY_POLICY)).toBeUndefined();
		expect(retryDelayMs({ ...failure, code: 'ErrorItemNotFound' }, 1, DEFAULT_RETRY_POLICY)).toBeUndefined();
	});
});

it('envelope helper produces what the client parses', () => {
	expect(envelope('<x/>')).toContain('<s:Body');
});
