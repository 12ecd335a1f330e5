import { DEMO_ZOHO } from '../../emulators/demo/world';
import { apiClient, useZohoEmulator } from './apiClient';

const context = useZohoEmulator();
const control = () => context.emulator.control;

const tokenRequest = (params: Record<string, string>) =>
	fetch(`${context.emulator.origin}/oauth/v2/token`, { method: 'POST', body: new URLSearchParams(params) }).then(async (r) => ({
		status: r.status,
		body: (await r.json()) as Record<string, unknown>,
	}));

const refreshParams = {
	grant_type: 'refresh_token',
	refresh_token: DEMO_ZOHO.refreshToken,
	client_id: DEMO_ZOHO.clientId,
	client_secret: DEMO_ZOHO.clientSecret,
};

describe('Zoho emulator: OAuth', () => {
	it('refreshes an access token and returns its own origin as api_domain', async () => {
		const { status, body } = await tokenRequest(refreshParams);
		expect(status).toBe(200);
		expect(body).toMatchObject({ api_domain: context.emulator.origin, token_type: 'Bearer', expires_in: 3600 });
		expect(body.access_token).toMatch(/^1000\.[0-9a-f]{32}\.[0-9a-f]{32}$/);
		expect(body).not.toHaveProperty('refresh_token');
	});

	it('takes the token request as multipart form data too, as Zoho\'s SDKs send it', async () => {
		const form = new FormData();
		for (const [key, value] of Object.entries(refreshParams)) form.append(key, value);
		const response = await fetch(`${context.emulator.origin}/oauth/v2/token`, { method: 'POST', body: form });
		expect(await response.json()).toMatchObject({ api_domain: context.emulator.origin, access_token: expect.stringMatching(/^1000\./) });
	});

	it('answers Zoho accounts errors as HTTP 200 with an error field', async () => {
		expect(await tokenRequest({ ...refreshParams, client_secret: 'wrong' })).toEqual({ status: 200, body: { error: 'invalid_client' } });
		expect(await tokenRequest({ ...refreshParams, refresh_token: '1000.unknown' })).toEqual({ status: 200, body: { error: 'invalid_code' } });
		await control().revokeRefreshToken();
		expect(await tokenRequest(refreshParams)).toEqual({ status: 200, body: { error: 'invalid_code' } });
	});

	it('runs the authorization-code flow: auto-approve, redirect with a single-use code, offline refresh token', async () => {
		const authorize = new URL(`${context.emulator.origin}/oauth/v2/auth`);
		authorize.search = new URLSearchParams({
			scope: 'ZohoCRM.modules.ALL,ZohoCRM.users.READ',
			client_id: DEMO_ZOHO.clientId,
			response_type: 'code',
			access_type: 'offline',
			redirect_uri: 'http://127.0.0.1:5678/rest/oauth2-credential/callback',
			state: 'xyz',
		}).toString();
		const redirect = await fetch(authorize, { redirect: 'manual' });
		expect(redirect.status).toBe(302);
		const location = new URL(redirect.headers.get('location')!);
		expect(location.pathname).toBe('/rest/oauth2-credential/callback');
		expect(location.searchParams.get('state')).toBe('xyz');
		expect(location.searchParams.get('accounts-server')).toBe(context.emulator.origin);
		const code = location.searchParams.get('code')!;
		const exchange = {
			grant_type: 'authorization_code',
			client_id: DEMO_ZOHO.clientId,
			client_secret: DEMO_ZOHO.clientSecret,
			redirect_uri: 'http://127.0.0.1:5678/rest/oauth2-credential/callback',
			code,
		};
		const first = await tokenRequest(exchange);
		expect(first.body).toMatchObject({ api_domain: context.emulator.origin, token_type: 'Bearer', expires_in: 3600, scope: 'ZohoCRM.modules.ALL ZohoCRM.users.READ' });
		expect(first.body.refresh_token).toMatch(/^1000\./);
		expect(await tokenRequest(exchange)).toEqual({ status: 200, body: { error: 'invalid_code' } });
		const refreshed = await tokenRequest({ ...refreshParams, refresh_token: first.body.refresh_token as string });
		expect(refreshed.body.access_token).toMatch(/^1000\./);
	});

	it('accepts Zoho-oauthtoken and Bearer headers, rejects missing, unknown and expired tokens', async () => {
		const { call, token, refresh } = await apiClient(context.emulator.origin);
		expect((await call('GET', '/crm/v8/users?type=CurrentUser')).status).toBe(200);
		const bearer = await call('GET', '/crm/v8/users?type=CurrentUser', { headers: { Authorization: `Bearer ${token()}` } });
		expect(bearer.status).toBe(200);
		const unknown = await call('GET', '/crm/v8/users', { token: '1000.nope' });
		expect(unknown).toMatchObject({ status: 401, body: { code: 'INVALID_TOKEN', details: {}, message: 'invalid oauth token', status: 'error' } });
		const missing = await call('GET', '/crm/v8/users', { headers: { Authorization: '' } });
		expect(missing).toMatchObject({ status: 401, body: { code: 'AUTHENTICATION_FAILURE' } });

		expect((await control().expireTokens()).expired).toBeGreaterThan(0);
		expect(await call('GET', '/crm/v8/users')).toMatchObject({ status: 401, body: { code: 'INVALID_TOKEN' } });
		await refresh();
		expect((await call('GET', '/crm/v8/users')).status).toBe(200);
	});

	it('expires tokens after an hour of emulator time', async () => {
		const { call } = await apiClient(context.emulator.origin);
		await control().advanceClock(3600 * 1000 + 1);
		expect(await call('GET', '/crm/v8/users')).toMatchObject({ status: 401, body: { code: 'INVALID_TOKEN' } });
	});

	it('counts token requests', async () => {
		await tokenRequest(refreshParams);
		await tokenRequest({ ...refreshParams, client_secret: 'wrong' });
		expect((await control().counters()).byOperation.token).toBe(2);
	});
});
