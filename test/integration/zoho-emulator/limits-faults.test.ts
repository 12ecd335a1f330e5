import { startZohoEmulator } from '../../emulators/zoho-crm/harness';
import { apiClient, useZohoEmulator } from './apiClient';

const context = useZohoEmulator({ expectValid: false });
const call: typeof context.call = (...args) => context.call(...args);
const control = () => context.emulator.control;

const TOO_MANY = {
	code: 'TOO_MANY_REQUESTS',
	details: {},
	message: 'Number of API requests for the 24 hour period is exceeded or the concurrency limit of the user for the app is exceeded',
	status: 'error',
};

describe('Zoho emulator: credits and concurrency', () => {
	it('charges credits per call and per 10 written records, reports remaining credits past half, and answers 429 when spent', async () => {
		await control().setLimits({ creditsPer24h: 10 });
		const records = Array.from({ length: 25 }, (_, i) => ({ Last_Name: `C${i}` }));
		const insert = await call('POST', '/crm/v8/Contacts', { body: { data: records } });
		expect(insert.status).toBe(201);
		expect(insert.headers.get('x-api-credits-remaining')).toBeNull();
		expect((await control().counters()).creditsUsed).toBe(3);
		await call('GET', '/crm/v8/users');
		await call('GET', '/crm/v8/users');
		const overHalf = await call('GET', '/crm/v8/users');
		expect(overHalf.headers.get('x-api-credits-remaining')).toBe('4');
		for (let i = 0; i < 4; i++) expect((await call('GET', '/crm/v8/users')).status).toBe(200);
		expect(await call('GET', '/crm/v8/users')).toMatchObject({ status: 429, body: TOO_MANY });
		// The window is rolling: a day later the credits are back (the token has expired by then).
		await control().advanceClock(24 * 3600 * 1000);
		await context.refresh();
		expect((await call('GET', '/crm/v8/users')).status).toBe(200);
	});

	it('answers 429 when more requests are in flight than the concurrency limit, and 10 heavy calls at most', async () => {
		await control().setLimits({ concurrency: 2, subConcurrency: 1 });
		await control().armFaults([
			{ operation: 'records.list', kind: 'hang', count: 1 },
			{ operation: 'coql', kind: 'hang', count: 1 },
		]);
		const controller = new AbortController();
		const { token } = context;
		const hang = (path: string, body?: unknown) =>
			fetch(`${context.emulator.origin}${path}`, {
				method: body ? 'POST' : 'GET',
				headers: { Authorization: `Zoho-oauthtoken ${token()}` },
				body: body ? JSON.stringify(body) : undefined,
				signal: controller.signal,
			}).catch(() => undefined);
		const hung = [hang('/crm/v8/Contacts?fields=Email'), hang('/crm/v8/coql', { select_query: 'select Email from Contacts' })];
		await waitFor(async () => (await control().faultsInjected()) === 2);
		expect(await call('GET', '/crm/v8/users')).toMatchObject({ status: 429, body: TOO_MANY });
		controller.abort();
		await Promise.all(hung);
		await waitFor(async () => (await call('GET', '/crm/v8/users')).status === 200);

		await control().armFaults([{ operation: 'coql', kind: 'hang', count: 1 }]);
		const heavy = new AbortController();
		const heavyHung = fetch(`${context.emulator.origin}/crm/v8/coql`, {
			method: 'POST',
			headers: { Authorization: `Zoho-oauthtoken ${token()}` },
			body: JSON.stringify({ select_query: 'select Email from Contacts' }),
			signal: heavy.signal,
		}).catch(() => undefined);
		await waitFor(async () => (await control().faultsInjected()) === 3);
		expect((await call('POST', '/crm/v8/coql', { body: { select_query: 'select Email from Contacts' } })).status).toBe(429);
		expect((await call('GET', '/crm/v8/users')).status).toBe(200);
		heavy.abort();
		await heavyHung;
	});
});

async function waitFor(condition: () => Promise<boolean>): Promise<void> {
	for (let attempt = 0; attempt < 100; attempt++) {
		if (await condition()) return;
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
	throw new Error('condition not met in 2 s');
}

describe('Zoho emulator: faults', () => {
	it('injects rateLimit, expiredToken, http500, malformed and drop on the named operation only', async () => {
		await control().armFaults([
			{ operation: 'records.list', kind: 'rateLimit' },
			{ operation: 'records.list', kind: 'expiredToken' },
			{ operation: 'records.list', kind: 'http500' },
			{ operation: 'records.list', kind: 'malformed' },
			{ operation: 'records.list', kind: 'drop' },
		]);
		const list = () =>
			fetch(`${context.emulator.origin}/crm/v8/Contacts?fields=Email`, { headers: { Authorization: `Zoho-oauthtoken ${context.token()}` } });
		expect((await call('GET', '/crm/v8/users')).status).toBe(200);
		const limited = await list();
		expect([limited.status, await limited.json()]).toEqual([429, TOO_MANY]);
		const expired = await list();
		expect([expired.status, await expired.json()]).toEqual([401, { code: 'INVALID_TOKEN', details: {}, message: 'invalid oauth token', status: 'error' }]);
		expect((await list()).status).toBe(500);
		const malformed = await list();
		await expect(malformed.json()).rejects.toThrow();
		await expect(list()).rejects.toThrow();
		expect((await list()).status).toBe(200);
	});
});

describe('Zoho emulator: OAS validation', () => {
	it('catches a response that breaks the OAS schema (fault invalidResponse) and answers 500', async () => {
		await control().armFaults([{ operation: 'records.get', kind: 'invalidResponse' }]);
		const [id] = (await control().insertRecords('Contacts', [{ Last_Name: 'Checked' }])).ids;
		const broken = await call('GET', `/crm/v8/Contacts/${id}`);
		expect(broken.status).toBe(500);
		expect(broken.body).toMatchObject({ code: 'INTERNAL_ERROR', details: { reason: expect.stringContaining("violates Zoho's OAS v8 schema") } });
		const [failure] = await control().validationErrors();
		expect(failure).toMatchObject({ operation: 'records.get', direction: 'response', status: 200 });
		expect(failure.violations).toEqual(expect.arrayContaining([expect.objectContaining({ at: '/data/0/id', message: expect.stringContaining('string') })]));
		expect((await call('GET', `/crm/v8/Contacts/${id}`)).status).toBe(200);
	});

	it('answers INVALID_DATA for a request body that breaks the OAS request schema', async () => {
		const bad = await call('POST', '/crm/v8/Contacts', { body: { data: 'not a list' } });
		expect(bad).toMatchObject({ status: 400, body: { code: 'INVALID_DATA', status: 'error', details: { json_path: '$.data' } } });
		const badCoql = await call('POST', '/crm/v8/coql', { body: { query: 'select' } });
		expect(badCoql.status).toBe(400);
		const failures = await control().validationErrors();
		expect(failures.map((failure) => [failure.operation, failure.direction])).toEqual([
			['records.insert', 'request'],
			['coql', 'request'],
		]);
	});
});

describe('Zoho emulator: --no-validate', () => {
	it('passes an invalid response through when validation is off', async () => {
		const loose = await startZohoEmulator({ validate: false, seed: 'empty' });
		try {
			const { call: looseCall } = await apiClient(loose.origin);
			await loose.control.armFaults([{ operation: 'users', kind: 'invalidResponse' }]);
			const answer = await looseCall('GET', '/crm/v8/users');
			expect(answer.status).toBe(200);
			expect(answer.body.users[0].id).toBe(12345);
			expect(await loose.control.validationErrors()).toEqual([]);
		} finally {
			await loose.stop();
		}
	});
});
