/** A minimal client for the tests: calls the emulator's API with a demo access token. */
import { demoAccessToken, startZohoEmulator, type ZohoEmulator } from '../../emulators/zoho-crm/harness';

export interface ApiAnswer<T = any> {
	status: number;
	headers: Headers;
	body: T;
}

export type ApiCall = <T = any>(
	method: string,
	path: string,
	/** `rawBody` is sent as written (for JSON a JavaScript value cannot express, such as 19-digit numbers). */
	options?: { body?: unknown; rawBody?: string; headers?: Record<string, string>; token?: string },
) => Promise<ApiAnswer<T>>;

export async function apiClient(origin: string): Promise<{ call: ApiCall; token: () => string; refresh: () => Promise<void> }> {
	let token = await demoAccessToken(origin);
	const call: ApiCall = async (method, path, options = {}) => {
		const response = await fetch(`${origin}${path}`, {
			method,
			headers: {
				Authorization: `Zoho-oauthtoken ${options.token ?? token}`,
				...(options.body === undefined && options.rawBody === undefined ? {} : { 'Content-Type': 'application/json' }),
				...(options.headers ?? {}),
			},
			body: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
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

export interface EmulatorUnderTest {
	emulator: ZohoEmulator;
	call: ApiCall;
	token: () => string;
	refresh: () => Promise<void>;
}

/**
 * One emulator per test file: started before the tests, reset before each, stopped after all.
 * After each test no response or request may have failed OAS validation, unless the file checks
 * violations itself.
 */
export function useZohoEmulator(options: { expectValid?: boolean } = {}): EmulatorUnderTest {
	const context = {} as EmulatorUnderTest;
	beforeAll(async () => {
		context.emulator = await startZohoEmulator();
		Object.assign(context, await apiClient(context.emulator.origin));
	});
	afterAll(() => context.emulator.stop());
	beforeEach(() => context.emulator.control.reset());
	if (options.expectValid !== false) {
		afterEach(async () => {
			expect(await context.emulator.control.validationErrors()).toEqual([]);
		});
	}
	return context;
}
