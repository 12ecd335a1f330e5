/** A minimal client for the tests: calls the emulator's API with a demo access token. */
import { demoAccessToken } from '../../emulators/zoho-crm/harness';

export interface ApiAnswer<T = any> {
	status: number;
	headers: Headers;
	body: T;
}

export type ApiCall = <T = any>(
	method: string,
	path: string,
	options?: { body?: unknown; headers?: Record<string, string>; token?: string },
) => Promise<ApiAnswer<T>>;

export async function apiClient(origin: string): Promise<{ call: ApiCall; token: () => string; refresh: () => Promise<void> }> {
	let token = await demoAccessToken(origin);
	const call: ApiCall = async (method, path, options = {}) => {
		const response = await fetch(`${origin}${path}`, {
			method,
			headers: {
				Authorization: `Zoho-oauthtoken ${options.token ?? token}`,
				...(options.body === undefined ? {} : { 'Content-Type': 'application/json' }),
				...(options.headers ?? {}),
			},
			body: options.body === undefined ? undefined : JSON.stringify(options.body),
		});
		const text = await response.text();
		return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
	};
	return {
		call,
		token: () => token,
		refresh: async () => {
			token = await demoAccessToken(origin);
		},
	};
}
