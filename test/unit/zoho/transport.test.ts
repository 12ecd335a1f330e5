import { NodeApiError } from 'n8n-workflow';

import type { RetryPolicy, ZohoApiUsage } from '../../../nodes/ZohoCrm/transport';
import { apiOriginFrom, retryDelayMs, toQueryString, zohoApiRequest } from '../../../nodes/ZohoCrm/transport';
import { readHttpFailure, RECONNECT_MESSAGE, zohoRequestError } from '../../../nodes/ZohoCrm/transport/errors';
import { nodeContext } from '../../support/nodeContext';
import { fakeZohoCredentials, fakeZohoHelpers, ZOHO_TEST_ORIGIN } from '../../support/zohoFake';

const NO_WAIT: RetryPolicy = { maxRetries: 3, baseDelayMs: 0, maxDelayMs: 0 };
const node = { id: 'n', name: 'Zoho', type: 'zohoCrm', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };

function context(answer: Parameters<typeof fakeZohoHelpers>[0]) {
	const fake = fakeZohoHelpers(answer);
	return { fake, ctx: nodeContext({ parameters: {}, credentials: fakeZohoCredentials, helpers: fake.helpers }) };
}

describe('Zoho transport', () => {
	it('calls /crm/v8 on the api_domain of the token, with lists joined by commas', async () => {
		const { fake, ctx } = context(() => ({ body: { data: [] } }));
		await zohoApiRequest.call(ctx, { method: 'GET', path: '/Contacts', qs: { fields: ['Email', 'Last_Name'], cvid: '' } });
		expect(fake.requests[0].url).toBe(`${ZOHO_TEST_ORIGIN}/crm/v8/Contacts`);
		expect(fake.requests[0].qs).toEqual({ fields: 'Email,Last_Name' });
		expect(toQueryString({ a: undefined, b: null, c: 0 })).toEqual({ c: 0 });
	});

	it('falls back to the data centre API host, or the custom accounts origin', () => {
		expect(apiOriginFrom({ dataCenter: 'https://accounts.zohocloud.ca', oauthTokenData: {} })).toBe('https://www.zohoapis.ca');
		expect(apiOriginFrom({ dataCenter: 'https://accounts.zoho.sa' })).toBe('https://www.zohoapis.sa');
		expect(apiOriginFrom({ dataCenter: 'custom', accountsUrl: 'http://127.0.0.1:9/' })).toBe('http://127.0.0.1:9');
		expect(apiOriginFrom({ oauthTokenData: { api_domain: 'https://www.zohoapis.in/' } })).toBe('https://www.zohoapis.in');
	});

	it('retries 429 with back-off and counts the credits Zoho reports', async () => {
		const { fake, ctx } = context((_request, call) =>
			call < 3
				? { status: 429, body: { code: 'TOO_MANY_REQUESTS', message: 'limit', status: 'error' } }
				: { body: { data: [{ id: '1' }] }, headers: { 'X-API-CREDITS-REMAINING': '4242' } },
		);
		const usage: ZohoApiUsage = { requests: 0 };
		const { body } = await zohoApiRequest.call(ctx, { method: 'POST', path: '/coql', body: {}, usage, retry: NO_WAIT });
		expect(body.data).toEqual([{ id: '1' }]);
		expect(fake.requests).toHaveLength(3);
		expect(usage).toEqual({ requests: 3, creditsRemaining: 4242 });
	});

	it('gives up after the bounded number of retries', async () => {
		const { fake, ctx } = context(() => ({ status: 429, body: { code: 'TOO_MANY_REQUESTS', message: 'limit', status: 'error' } }));
		await expect(zohoApiRequest.call(ctx, { method: 'GET', path: '/Contacts', retry: NO_WAIT })).rejects.toThrow(
			/TOO_MANY_REQUESTS/,
		);
		expect(fake.requests).toHaveLength(NO_WAIT.maxRetries + 1);
	});

	it('retries a server error for reads but never for writes', async () => {
		const failing = () => ({ status: 500, body: { code: 'INTERNAL_ERROR', message: 'oops', status: 'error' } });
		const read = context(failing);
		await expect(zohoApiRequest.call(read.ctx, { method: 'GET', path: '/x', retry: NO_WAIT })).rejects.toThrow();
		expect(read.fake.requests).toHaveLength(4);
		const write = context(failing);
		await expect(zohoApiRequest.call(write.ctx, { method: 'POST', path: '/x', body: {}, retry: NO_WAIT })).rejects.toThrow(
			/INTERNAL_ERROR/,
		);
		expect(write.fake.requests).toHaveLength(1);
	});

	it('treats 204 and 304 as empty answers', async () => {
		const { ctx } = context((_r, call) => ({ status: call === 1 ? 204 : 304, body: '' }));
		expect((await zohoApiRequest.call(ctx, { method: 'GET', path: '/a' })).body).toEqual({});
		const notModified = await zohoApiRequest.call(ctx, { method: 'GET', path: '/a' });
		expect(notModified).toMatchObject({ statusCode: 304, body: {} });
	});

	it('says to reconnect when the token is rejected after n8n tried to refresh it', async () => {
		const { ctx } = context(() => ({
			status: 401,
			body: { code: 'INVALID_TOKEN', details: {}, message: 'invalid oauth token', status: 'error' },
		}));
		const error = await zohoApiRequest.call(ctx, { method: 'GET', path: '/Contacts' }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as Error).message).toBe(RECONNECT_MESSAGE);
		expect((error as NodeApiError).description).toContain('INVALID_TOKEN');
	});
});

describe('Zoho error mapping', () => {
	it('reads status, body and headers through a NodeApiError wrapping an axios error', () => {
		const axiosError = Object.assign(new Error('Request failed'), {
			response: { status: 400, data: { code: 'INVALID_DATA' }, headers: { 'Retry-After': '2' } },
			config: { headers: { Authorization: 'Zoho-oauthtoken secret-token' } },
		});
		const failure = readHttpFailure(new NodeApiError(node, axiosError as never));
		expect(failure).toMatchObject({ statusCode: 400, body: { code: 'INVALID_DATA' }, headers: { 'retry-after': '2' } });
	});

	it("names Zoho's code, field and message, and never the access token", () => {
		const error = zohoRequestError(
			node,
			{
				statusCode: 400,
				body: { code: 'INVALID_DATA', details: { api_name: 'Phone', expected_data_type: 'phone' }, message: 'invalid data', status: 'error' },
				headers: { authorization: 'Zoho-oauthtoken secret-token' },
				message: 'Request failed',
			},
			3,
		);
		expect(error.message).toBe('Zoho CRM: INVALID_DATA (field Phone): invalid data');
		expect(error.context).toMatchObject({ itemIndex: 3, zoho: { code: 'INVALID_DATA', api_name: 'Phone' } });
		expect(JSON.stringify({ message: error.message, description: error.description, context: error.context })).not.toContain(
			'secret-token',
		);
	});

	it('recognises a refresh that Zoho refused as a reason to reconnect', () => {
		const error = zohoRequestError(node, { headers: {}, message: 'Could not refresh the OAuth2 token: invalid_code' });
		expect(error.message).toBe(RECONNECT_MESSAGE);
	});

	it('describes a dropped connection by its network code', () => {
		const failure = readHttpFailure(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
		expect(failure.networkCode).toBe('ECONNRESET');
		// n8n turns the code into its own plain-language message.
		expect(zohoRequestError(node, failure).message).toMatch(/connection to the server was closed/);
	});

	it('uses Retry-After when sent, else doubles the delay up to the cap', () => {
		const policy = { maxRetries: 5, baseDelayMs: 1000, maxDelayMs: 5000 };
		expect(retryDelayMs(0, {}, policy)).toBe(1000);
		expect(retryDelayMs(2, {}, policy)).toBe(4000);
		expect(retryDelayMs(4, {}, policy)).toBe(5000);
		expect(retryDelayMs(0, { 'retry-after': '2' }, policy)).toBe(2000);
	});
});
