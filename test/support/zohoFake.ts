/**
 * A scripted Zoho for unit tests: `httpRequestWithAuthentication` answers from a function of the
 * request, and throws for non-2xx answers the way n8n's helper does (an axios-style error with
 * `response`, wrapped in a NodeApiError). Every request is recorded.
 */
import type { IDataObject, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

export interface FakeAnswer {
	status?: number;
	body?: unknown;
	headers?: Record<string, string>;
}

export type FakeZoho = (request: IHttpRequestOptions, callNumber: number) => FakeAnswer | Promise<FakeAnswer>;

export const ZOHO_TEST_ORIGIN = 'https://www.zohoapis.eu';

/** Credentials as n8n holds them for a connected EU account. */
export const fakeZohoCredentials = {
	zohoCrmOAuth2Api: {
		dataCenter: 'https://accounts.zoho.eu',
		oauthTokenData: { access_token: 'access', api_domain: ZOHO_TEST_ORIGIN },
	},
};

export function fakeZohoHelpers(answer: FakeZoho) {
	const requests: IHttpRequestOptions[] = [];
	async function httpRequestWithAuthentication(this: IExecuteFunctions, _type: string, request: IHttpRequestOptions) {
		requests.push(JSON.parse(JSON.stringify(request)) as IHttpRequestOptions);
		const { status = 200, body = {}, headers = {} } = await answer(request, requests.length);
		if (status < 200 || status >= 300) {
			const error = Object.assign(new Error(`Request failed with status code ${status}`), {
				name: 'AxiosError',
				response: { status, data: body, headers },
			});
			throw new NodeApiError(this.getNode(), error as never);
		}
		return request.returnFullResponse ? { body, headers, statusCode: status, statusMessage: '' } : body;
	}
	return { requests, helpers: { httpRequestWithAuthentication } };
}

/** The path of a recorded request under /crm/v8. */
export function pathOf(request: IHttpRequestOptions): string {
	return new URL(request.url).pathname.replace(/^\/crm\/v8/, '');
}

export function bodyOf(request: IHttpRequestOptions): IDataObject {
	return (request.body ?? {}) as IDataObject;
}
