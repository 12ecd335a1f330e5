/**
 * Turns what Zoho CRM answers (and what n8n's request helpers throw) into n8n errors that say
 * what went wrong in Zoho's own words: its error code, message and the field (`api_name`).
 * Errors are built from Zoho's JSON only, never from the raw HTTP error, which carries the
 * request headers (and so the access token).
 */
import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

/** Zoho's error shape, for a whole request or for one record of a batch. */
export interface ZohoErrorBody {
	code?: string;
	message?: string;
	status?: string;
	details?: IDataObject;
}

/** An HTTP answer that n8n's helpers threw as an error, or a failure without an answer. */
export interface HttpFailure {
	statusCode?: number;
	body?: unknown;
	headers: Record<string, string>;
	message: string;
	/** Node's network error code (ECONNRESET, ETIMEDOUT …) when there was no answer. */
	networkCode?: string;
}

const AUTH_FAILURE_CODES = new Set(['INVALID_TOKEN', 'AUTHENTICATION_FAILURE']);

// Words with which OAuth token refreshes fail (Zoho answers them as {"error": "invalid_code"}).
const REFRESH_FAILURE = /invalid_code|invalid_grant|invalid_client|needs to be reconnected|credentials not connected/i;

export const RECONNECT_MESSAGE =
	'Zoho CRM rejected the access token and it could not be refreshed: reconnect the Zoho CRM credential';

function asObject(value: unknown): Record<string, unknown> | undefined {
	return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}

function lowerCaseHeaders(headers: unknown): Record<string, string> {
	const result: Record<string, string> = {};
	for (const [name, value] of Object.entries(asObject(headers) ?? {})) {
		if (value !== undefined && value !== null) result[name.toLowerCase()] = String(value);
	}
	return result;
}

/**
 * Reads status, body and headers from an error thrown by `httpRequestWithAuthentication`:
 * an axios error, possibly wrapped (as `cause`) in a NodeApiError.
 */
export function readHttpFailure(error: unknown): HttpFailure {
	const outer = asObject(error);
	const message = error instanceof Error ? error.message : String(error);
	let current: Record<string, unknown> | undefined = outer;
	for (let depth = 0; current && depth < 4; depth++) {
		const response = asObject(current.response);
		if (response && typeof response.status === 'number') {
			return {
				statusCode: response.status,
				body: response.data ?? response.body,
				headers: lowerCaseHeaders(response.headers),
				message,
			};
		}
		current = asObject(current.cause);
	}
	if (outer && outer.httpCode && !Number.isNaN(Number(outer.httpCode))) {
		return {
			statusCode: Number(outer.httpCode),
			body: asObject(outer.context)?.data,
			headers: {},
			message,
		};
	}
	const networkCode = [outer?.code, asObject(outer?.cause)?.code].find(
		(code): code is string => typeof code === 'string' && /^E[A-Z]+$/.test(code),
	);
	return { headers: {}, message, networkCode };
}

/** Zoho's error object in a body, if the body is one (`{code, message, status: "error"}`). */
export function zohoErrorIn(body: unknown): ZohoErrorBody | undefined {
	const object = asObject(body);
	if (!object || typeof object.code !== 'string') return undefined;
	return {
		code: object.code,
		message: typeof object.message === 'string' ? object.message : undefined,
		status: typeof object.status === 'string' ? object.status : undefined,
		details: asObject(object.details) as IDataObject | undefined,
	};
}

/** True when the failure means the access token is no good and n8n could not refresh it. */
export function isAuthFailure(failure: HttpFailure): boolean {
	const zoho = zohoErrorIn(failure.body);
	if (failure.statusCode === 401 && zoho?.code !== 'OAUTH_SCOPE_MISMATCH') return true;
	if (zoho?.code && AUTH_FAILURE_CODES.has(zoho.code)) return true;
	const oauthError = asObject(failure.body)?.error;
	return REFRESH_FAILURE.test(failure.message) || (typeof oauthError === 'string' && REFRESH_FAILURE.test(oauthError));
}

function describeZohoError(zoho: ZohoErrorBody): string {
	const field = typeof zoho.details?.api_name === 'string' ? ` (field ${zoho.details.api_name})` : '';
	return `${zoho.code}${field}: ${zoho.message ?? 'no message'}`;
}

function withZohoContext(error: NodeApiError, zoho: ZohoErrorBody | undefined): NodeApiError {
	if (zoho) {
		error.context.zoho = {
			code: zoho.code,
			message: zoho.message,
			...(typeof zoho.details?.api_name === 'string' ? { api_name: zoho.details.api_name } : {}),
			...(zoho.details ? { details: zoho.details } : {}),
		};
	}
	return error;
}

/** The NodeApiError for a failed request (auth, Zoho error body, HTTP status or network). */
export function zohoRequestError(node: INode, failure: HttpFailure, itemIndex?: number): NodeApiError {
	const zoho = zohoErrorIn(failure.body);
	const httpCode = failure.statusCode !== undefined ? String(failure.statusCode) : undefined;
	if (isAuthFailure(failure)) {
		const said = zoho ? describeZohoError(zoho) : failure.message;
		return withZohoContext(
			new NodeApiError(node, (zoho ?? { message: said }) as JsonObject, {
				message: RECONNECT_MESSAGE,
				description: `Zoho said: ${said}. The token has expired or was revoked, and refreshing it failed.`,
				httpCode,
				itemIndex,
			}),
			zoho,
		);
	}
	if (zoho) {
		return withZohoContext(
			new NodeApiError(node, zoho as JsonObject, {
				message: `Zoho CRM: ${describeZohoError(zoho)}`,
				description: zoho.details ? JSON.stringify(zoho.details) : undefined,
				httpCode,
				itemIndex,
			}),
			zoho,
		);
	}
	const what = httpCode ? `HTTP ${httpCode}` : (failure.networkCode ?? failure.message);
	return new NodeApiError(node, { message: failure.message } as JsonObject, {
		message: `Zoho CRM request failed (${what})`,
		description: failure.message,
		httpCode,
		itemIndex,
	});
}

/** The NodeApiError for one record Zoho rejected in a batch write. */
export function zohoRecordError(node: INode, result: ZohoErrorBody, itemIndex: number): NodeApiError {
	return withZohoContext(
		new NodeApiError(node, result as JsonObject, {
			message: `Zoho CRM rejected the record of item ${itemIndex}: ${describeZohoError(result)}`,
			description: result.details ? JSON.stringify(result.details) : undefined,
			itemIndex,
		}),
		result,
	);
}

/** The JSON an item carries under continue-on-fail: the message plus Zoho's code and field. */
export function errorItemJson(error: Error): IDataObject {
	const zoho = asObject(asObject((error as { context?: unknown }).context)?.zoho);
	return { error: error.message, ...(zoho ? { zoho: zoho as IDataObject } : {}) };
}
