/**
 * Stand-ins for n8n's `httpRequest` and `httpRequestWithAuthentication` as n8n runs them for the
 * `microsoft365GraphApi` credential, for tests that drive the Graph transport against the local
 * Microsoft 365 server: the credential class's own preAuthentication gets a token when the stored
 * one is empty, its `authenticate` header is sent, and a 401 gets one new token and a resend (as
 * n8n does for credentials with an expirable property). Like n8n (axios) a non-2xx answer throws,
 * with the answer as `response`, wrapped in a NodeApiError.
 */
import type { ICredentialDataDecryptedObject, IExecuteFunctions, IHttpRequestOptions, IN8nHttpFullResponse } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import { axiosLikeError, parseBody } from './axiosLike';
import { Microsoft365GraphApi } from '../../credentials/Microsoft365GraphApi.credentials';

export interface GraphAuthStats {
	/** Tokens requested through the credential's preAuthentication. */
	tokens: number;
	/** Graph requests sent, resends after a new token included. */
	requests: number;
}

/** n8n's `helpers.httpRequest`, on fetch: JSON bodies, full responses, errors as axios throws them. */
export async function httpRequest(options: IHttpRequestOptions): Promise<IN8nHttpFullResponse | unknown> {
	const headers: Record<string, string> = { ...(options.headers as Record<string, string> | undefined) };
	let body: BodyInit | undefined;
	// Bytes go as they are (an upload session's ranges), as n8n's axios sends a Buffer.
	if (typeof options.body === 'string') body = options.body;
	else if (options.body instanceof Uint8Array) body = new Uint8Array(options.body);
	else if (options.body !== undefined && options.method !== 'GET') {
		body = JSON.stringify(options.body);
		headers['Content-Type'] ??= 'application/json';
	}
	let response: Response;
	try {
		response = await fetch(options.url, {
			method: options.method ?? 'GET',
			headers,
			body,
			signal: AbortSignal.timeout(options.timeout ?? 60_000),
		});
	} catch (error) {
		const cause = (error as { cause?: { code?: string } }).cause;
		throw axiosLikeError((error as Error).message, undefined, cause?.code ?? (error as Error).name);
	}
	const responseHeaders: Record<string, string> = {};
	response.headers.forEach((value, name) => (responseHeaders[name] = value));
	const data = parseBody(await response.text());
	if (!options.ignoreHttpStatusErrors && (response.status < 200 || response.status >= 300)) {
		throw axiosLikeError(`Request failed with status code ${response.status}`, { status: response.status, data, headers: responseHeaders });
	}
	return options.returnFullResponse ? { body: data, headers: responseHeaders, statusCode: response.status, statusMessage: '' } : data;
}

const credentialType = new Microsoft365GraphApi();

async function refreshToken(credentials: ICredentialDataDecryptedObject, stats: GraphAuthStats): Promise<void> {
	stats.tokens += 1;
	Object.assign(credentials, await credentialType.preAuthentication.call({ helpers: { httpRequest } } as never, credentials));
}

export function graphAuthHelpers(stats: GraphAuthStats = { tokens: 0, requests: 0 }) {
	async function httpRequestWithAuthentication(this: IExecuteFunctions, type: string, options: IHttpRequestOptions): Promise<unknown> {
		const credentials = await this.getCredentials(type);
		const send = async () => {
			stats.requests += 1;
			// The credential's header expression, resolved as n8n resolves it.
			const expression = credentialType.authenticate.properties.headers?.Authorization as string;
			const authorization = expression.replace(/^=/, '').replace('{{$credentials.accessToken}}', String(credentials.accessToken));
			const headers = { ...options.headers, Authorization: authorization };
			return await httpRequest({ ...options, headers });
		};
		try {
			if (!credentials.accessToken) await refreshToken(credentials, stats);
			try {
				return await send();
			} catch (error) {
				if ((error as { response?: { status?: number } }).response?.status !== 401) throw error;
				await refreshToken(credentials, stats);
				return await send();
			}
		} catch (error) {
			throw new NodeApiError(this.getNode(), error as never);
		}
	}
	return { stats, helpers: { httpRequestWithAuthentication, httpRequest } };
}
