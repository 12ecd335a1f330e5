/**
 * An OAuth-aware stand-in for n8n's `httpRequestWithAuthentication`, for tests that drive the
 * Zoho CRM nodes against the local Zoho server. It does what n8n does for an `oAuth2Api`
 * credential: sign with the stored access token (Zoho's `Authorization: Zoho-oauthtoken …`),
 * and on a 401 refresh the token once at the credential's token URL with the refresh token,
 * store the new token data in the credential, and resend. Like n8n (axios) it throws for
 * non-2xx answers, with the answer as `response`, wrapped in a NodeApiError.
 */
import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import { axiosLikeError, parseBody } from './axiosLike';

import { DEMO_ZOHO } from '../emulators/demo/world';

export interface ZohoAuthStats {
	/** Token refreshes made (each one a POST to the token URL). */
	refreshes: number;
	/** API requests sent, retries after a refresh included. */
	requests: number;
}

/** A Zoho credential for the server at `origin` before its first token (see refreshZohoToken). */
export function zohoTestCredentials(origin: string, refreshToken: string = DEMO_ZOHO.refreshToken): ICredentialDataDecryptedObject {
	return {
		grantType: 'authorizationCode',
		dataCenter: 'custom',
		accountsUrl: origin,
		authUrl: `${origin}/oauth/v2/auth`,
		accessTokenUrl: `${origin}/oauth/v2/token`,
		clientId: DEMO_ZOHO.clientId,
		clientSecret: DEMO_ZOHO.clientSecret,
		authentication: 'body',
		oauthTokenData: { refresh_token: refreshToken, access_token: 'not-yet-issued', api_domain: origin },
	};
}

function urlWithQuery(url: string, qs: IDataObject | undefined): string {
	const target = new URL(url);
	for (const [key, value] of Object.entries(qs ?? {})) {
		if (value !== undefined && value !== null) target.searchParams.set(key, String(value));
	}
	return target.toString();
}

/** Gets a new access token with the credential's refresh token and stores it, as n8n does. */
export async function refreshZohoToken(credentials: ICredentialDataDecryptedObject, stats?: ZohoAuthStats): Promise<void> {
	if (stats) stats.refreshes += 1;
	const tokenData = credentials.oauthTokenData as IDataObject;
	const form = new URLSearchParams({
		grant_type: 'refresh_token',
		refresh_token: String(tokenData.refresh_token),
		client_id: String(credentials.clientId),
		client_secret: String(credentials.clientSecret),
	});
	const response = await fetch(String(credentials.accessTokenUrl), {
		method: 'POST',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		body: form,
	});
	const body = parseBody(await response.text()) as IDataObject;
	// Zoho answers token errors with HTTP 200 and {"error": "invalid_code"}.
	if (!response.ok || typeof body.error === 'string' || typeof body.access_token !== 'string') {
		throw axiosLikeError(`Could not refresh the OAuth2 token: ${String(body.error ?? response.status)}`);
	}
	credentials.oauthTokenData = { ...tokenData, ...body };
}

export function zohoAuthHelpers(stats: ZohoAuthStats = { refreshes: 0, requests: 0 }) {
	async function send(credentials: ICredentialDataDecryptedObject, options: IHttpRequestOptions) {
		stats.requests += 1;
		const tokenData = credentials.oauthTokenData as IDataObject;
		const headers: Record<string, string> = {
			Accept: 'application/json',
			...(options.headers as Record<string, string> | undefined),
			Authorization: `Zoho-oauthtoken ${String(tokenData.access_token)}`,
		};
		const hasBody = options.body !== undefined && options.method !== 'GET';
		if (hasBody) headers['Content-Type'] = 'application/json';
		try {
			const response = await fetch(urlWithQuery(options.url, options.qs), {
				method: options.method ?? 'GET',
				headers,
				body: hasBody ? JSON.stringify(options.body) : undefined,
				signal: AbortSignal.timeout(options.timeout ?? 60_000),
			});
			const responseHeaders: Record<string, string> = {};
			response.headers.forEach((value, name) => (responseHeaders[name] = value));
			return { status: response.status, data: parseBody(await response.text()), headers: responseHeaders };
		} catch (error) {
			const cause = (error as { cause?: { code?: string } }).cause;
			throw axiosLikeError((error as Error).message, undefined, cause?.code ?? 'ECONNRESET');
		}
	}

	async function httpRequestWithAuthentication(
		this: IExecuteFunctions,
		credentialsType: string,
		options: IHttpRequestOptions,
	): Promise<unknown> {
		try {
			const credentials = await this.getCredentials(credentialsType);
			let response = await send(credentials, options);
			if (response.status === 401) {
				await refreshZohoToken(credentials, stats);
				response = await send(credentials, options);
			}
			if (response.status < 200 || response.status >= 300) {
				throw axiosLikeError(`Request failed with status code ${response.status}`, response);
			}
			return options.returnFullResponse
				? { body: response.data, headers: response.headers, statusCode: response.status, statusMessage: '' }
				: response.data;
		} catch (error) {
			throw new NodeApiError(this.getNode(), error as never);
		}
	}

	return { stats, helpers: { httpRequestWithAuthentication } };
}
