/**
 * The one way the Zoho CRM nodes talk to Zoho: JSON over `/crm/v8` on the `api_domain` that
 * Zoho returned with the token, authenticated (and refreshed on 401) by n8n's OAuth2 machinery,
 * retried with back-off when Zoho throttles, and mapped to NodeApiError when it fails.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	IPollFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import type { HttpFailure } from './errors';
import { isAuthFailure, readHttpFailure, zohoErrorIn, zohoRequestError } from './errors';

export const ZOHO_CREDENTIAL_TYPE = 'zohoCrmOAuth2Api';
export const ZOHO_API_PATH = '/crm/v8';

export type ZohoContext =
	| IExecuteFunctions
	| ILoadOptionsFunctions
	| IHookFunctions
	| IWebhookFunctions
	| IPollFunctions;

/** What one execution spent, so the node can report it: calls made and Zoho's credit count. */
export interface ZohoApiUsage {
	requests: number;
	/** The last `X-API-CREDITS-REMAINING` Zoho sent (it sends it once half the credits are used). */
	creditsRemaining?: number;
	/** Module ids by API name, read once per execution when an operation needs them. */
	moduleIds?: Record<string, string>;
}

export interface RetryPolicy {
	maxRetries: number;
	baseDelayMs: number;
	maxDelayMs: number;
}

/** Zoho documents no Retry-After; back off 1 s, 2 s, 4 s … (capped), at most 5 times. */
export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 5, baseDelayMs: 1000, maxDelayMs: 30_000 };

const REQUEST_TIMEOUT_MS = 60_000;

export interface ZohoRequest {
	method: IHttpRequestMethods;
	/** Path under `/crm/v8`, e.g. `/Contacts` or `/settings/fields`. */
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	headers?: Record<string, string>;
	itemIndex?: number;
	usage?: ZohoApiUsage;
	retry?: RetryPolicy;
}

export interface ZohoResponse {
	statusCode: number;
	/** The JSON body; `{}` for 204 No Content and 304 Not Modified. */
	body: IDataObject;
	headers: Record<string, string>;
}

// API domains by accounts server, for a token response that lacks `api_domain`.
const API_DOMAIN_BY_ACCOUNTS: Record<string, string> = {
	'https://accounts.zoho.com': 'https://www.zohoapis.com',
	'https://accounts.zoho.eu': 'https://www.zohoapis.eu',
	'https://accounts.zoho.in': 'https://www.zohoapis.in',
	'https://accounts.zoho.com.au': 'https://www.zohoapis.com.au',
	'https://accounts.zoho.jp': 'https://www.zohoapis.jp',
	'https://accounts.zohocloud.ca': 'https://www.zohoapis.ca',
	'https://accounts.zoho.com.cn': 'https://www.zohoapis.com.cn',
	'https://accounts.zoho.sa': 'https://www.zohoapis.sa',
};

const CREDIT_HEADERS = ['x-api-credits-remaining', 'x-ratelimit-remaining'];

/** The origin API calls go to: the token's `api_domain`, else the data centre's API host. */
export function apiOriginFrom(credentials: IDataObject): string {
	const tokenData = credentials.oauthTokenData as IDataObject | undefined;
	const apiDomain = tokenData?.api_domain;
	if (typeof apiDomain === 'string' && apiDomain !== '') return apiDomain.replace(/\/+$/, '');
	const dataCenter = String(credentials.dataCenter ?? '');
	if (dataCenter === 'custom') return String(credentials.accountsUrl ?? '').replace(/\/+$/, '');
	return API_DOMAIN_BY_ACCOUNTS[dataCenter] ?? 'https://www.zohoapis.com';
}

/** Query values as Zoho wants them: lists comma-separated, empty values left out. */
export function toQueryString(qs: IDataObject | undefined): IDataObject | undefined {
	if (!qs) return undefined;
	const result: IDataObject = {};
	for (const [key, value] of Object.entries(qs)) {
		if (value === undefined || value === null || value === '') continue;
		result[key] = Array.isArray(value) ? value.join(',') : value;
	}
	return result;
}

/** Delay before retry number `attempt` (0-based): Retry-After when sent, else exponential. */
export function retryDelayMs(attempt: number, headers: Record<string, string>, policy: RetryPolicy): number {
	const retryAfter = Number(headers['retry-after']);
	if (Number.isFinite(retryAfter) && retryAfter >= 0) return Math.min(retryAfter * 1000, policy.maxDelayMs);
	return Math.min(policy.baseDelayMs * 2 ** attempt, policy.maxDelayMs);
}

/**
 * Whether a failure is worth trying again: throttling (429, Zoho's concurrency limits) always;
 * server errors, garbled bodies and dropped connections only for reads, which cannot duplicate.
 */
export function isRetryable(failure: HttpFailure, method: IHttpRequestMethods): boolean {
	if (failure.statusCode === 429 || zohoErrorIn(failure.body)?.code === 'TOO_MANY_REQUESTS') return true;
	if (method !== 'GET') return false;
	if (failure.statusCode === undefined) return failure.networkCode !== undefined;
	return failure.statusCode >= 500;
}

function recordUsage(usage: ZohoApiUsage | undefined, headers: Record<string, string>): void {
	if (!usage) return;
	usage.requests += 1;
	for (const name of CREDIT_HEADERS) {
		const remaining = Number(headers[name]);
		if (headers[name] !== undefined && Number.isFinite(remaining)) {
			usage.creditsRemaining = remaining;
			return;
		}
	}
}

function parseBody(body: unknown): IDataObject | undefined {
	if (body === undefined || body === null || body === '') return {};
	if (typeof body === 'object') return body as IDataObject;
	if (typeof body !== 'string') return undefined;
	try {
		const parsed: unknown = JSON.parse(body);
		return typeof parsed === 'object' && parsed !== null ? (parsed as IDataObject) : undefined;
	} catch {
		return undefined;
	}
}

function lowerCaseHeaders(headers: unknown): Record<string, string> {
	const result: Record<string, string> = {};
	if (typeof headers !== 'object' || headers === null) return result;
	for (const [name, value] of Object.entries(headers)) {
		if (value !== undefined && value !== null) result[name.toLowerCase()] = String(value);
	}
	return result;
}

/**
 * Sends one request and returns Zoho's answer whatever its HTTP status, after retries.
 * Throws only when there is no usable answer: the token is dead, the network failed, or the
 * body is not JSON. Use it where error bodies carry per-record results (batch writes).
 */
export async function zohoApiCall(this: ZohoContext, request: ZohoRequest): Promise<ZohoResponse> {
	const credentials = await this.getCredentials(ZOHO_CREDENTIAL_TYPE);
	const options: IHttpRequestOptions = {
		method: request.method,
		url: `${apiOriginFrom(credentials)}${ZOHO_API_PATH}${request.path}`,
		qs: toQueryString(request.qs),
		body: request.body,
		headers: request.headers,
		json: true,
		returnFullResponse: true,
		timeout: REQUEST_TIMEOUT_MS,
	};
	const policy = request.retry ?? DEFAULT_RETRY;
	for (let attempt = 0; ; attempt++) {
		let statusCode: number;
		let rawBody: unknown;
		let headers: Record<string, string>;
		try {
			const response = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				ZOHO_CREDENTIAL_TYPE,
				options,
			)) as IN8nHttpFullResponse;
			statusCode = response.statusCode;
			rawBody = response.body;
			headers = lowerCaseHeaders(response.headers);
			recordUsage(request.usage, headers);
		} catch (error) {
			const failure = readHttpFailure(error);
			recordUsage(request.usage, failure.headers);
			if (isRetryable(failure, request.method) && attempt < policy.maxRetries) {
				await sleep(retryDelayMs(attempt, failure.headers, policy));
				continue;
			}
			if (failure.statusCode === undefined || isAuthFailure(failure)) {
				throw zohoRequestError(this.getNode(), failure, request.itemIndex);
			}
			statusCode = failure.statusCode;
			rawBody = failure.body;
			headers = failure.headers;
		}
		const body = parseBody(rawBody);
		if (body === undefined) {
			const failure: HttpFailure = { statusCode, headers, message: 'response body is not JSON' };
			if (request.method === 'GET' && attempt < policy.maxRetries) {
				await sleep(retryDelayMs(attempt, headers, policy));
				continue;
			}
			throw new NodeApiError(this.getNode(), { message: failure.message }, {
				message: `Zoho CRM answered HTTP ${statusCode} with a body that is not JSON`,
				httpCode: String(statusCode),
				itemIndex: request.itemIndex,
			});
		}
		return { statusCode, body, headers };
	}
}

/** Sends one request and returns its JSON body; any HTTP error becomes a NodeApiError. */
export async function zohoApiRequest(this: ZohoContext, request: ZohoRequest): Promise<ZohoResponse> {
	const response = await zohoApiCall.call(this, request);
	if (response.statusCode >= 400) {
		throw zohoRequestError(
			this.getNode(),
			{ statusCode: response.statusCode, body: response.body, headers: response.headers, message: `HTTP ${response.statusCode}` },
			request.itemIndex,
		);
	}
	return response;
}
