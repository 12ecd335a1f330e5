/**
 * The real ews-javascript-api client pointed at the emulator, one service per test the way the
 * Exchange node builds it: per-service XhrApi (never the process-global ConfigureXHR), a request
 * timeout, explicit time zone, optional impersonation.
 */
import http from 'node:http';
import https from 'node:https';
import {
	ConnectingIdType,
	DateTime,
	type ExtendedPropertyDefinition,
	type Item,
	ExchangeService,
	ExchangeVersion,
	ImpersonatedUserId,
	OAuthCredentials,
	TimeZoneInfo,
	Uri,
	WebCredentials,
} from 'ews-javascript-api';
import { XhrApi } from '@ewsjs/xhr';
import type { DateTime as Luxon } from 'luxon';
import { DEMO_PASSWORD } from '../../emulators/demo/world';
import { startExchangeEmulator, type ExchangeControlClient, type ExchangeEmulatorHandle } from '../../emulators/exchange/harness';

/** The zone the calendar tests write in, and a luxon time as the client's DateTime. */
export const berlin = () => TimeZoneInfo.FindSystemTimeZoneById('W. Europe Standard Time');
export const ewsTime = (time: Luxon) => new DateTime(time.toMillis());

export interface ServiceOptions {
	auth?: 'basic' | 'ntlm' | 'bearer';
	user?: string;
	password?: string;
	token?: string;
	impersonate?: string;
	timeZone?: TimeZoneInfo;
	timeoutMs?: number;
}

export function exchangeService(url: string, options: ServiceOptions = {}): ExchangeService {
	const service = new ExchangeService(ExchangeVersion.Exchange2013_SP1, options.timeZone ?? TimeZoneInfo.Utc);
	service.Url = new Uri(url);
	const user = options.user ?? 'svc-sync@example.test';
	const password = options.password ?? DEMO_PASSWORD;
	const xhr = new XhrApi({ rejectUnauthorized: false, timeout: options.timeoutMs ?? 10_000 });
	if (options.auth === 'bearer') service.Credentials = new OAuthCredentials(options.token ?? '');
	else service.Credentials = new WebCredentials(user, password);
	service.XHRApi = options.auth === 'ntlm' ? xhr.useNtlmAuthentication(user, password) : xhr;
	if (options.impersonate) {
		service.ImpersonatedUserId = new ImpersonatedUserId(ConnectingIdType.SmtpAddress, options.impersonate);
		service.HttpHeaders.Add('X-AnchorMailbox', options.impersonate);
	}
	return service;
}

/** Library exceptions are not Errors; this awaits a rejection and returns it for assertions. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Record<string, unknown>> {
	try {
		await promise;
	} catch (error) {
		return error as Record<string, unknown>;
	}
	throw new Error('expected the request to fail');
}

/** XML-escapes free text before handing it to the client, which does not (CLIENT-NOTES §0.1). */
export function escapeForEws(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** The value of an extended property on a loaded item, or undefined when it is not set. */
export function extendedValue(item: Item, definition: ExtendedPropertyDefinition): unknown {
	const value = { outValue: undefined as unknown };
	return item.ExtendedProperties.TryGetValue(definition, value) ? value.outValue : undefined;
}

/** Posts a hand-written SOAP body (for what the client cannot send) with Basic auth. */
export function postRawSoap(url: string, body: string, user = 'svc-sync@example.test', password = DEMO_PASSWORD): Promise<{ status: number; text: string }> {
	const request = url.startsWith('https') ? https.request : http.request;
	return new Promise((resolve, reject) => {
		const req = request(
			url,
			{
				method: 'POST',
				rejectUnauthorized: false,
				headers: { 'Content-Type': 'text/xml; charset=utf-8', Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` },
			},
			(res) => {
				let text = '';
				res.setEncoding('utf8');
				res.on('data', (chunk: string) => (text += chunk));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
			},
		);
		req.on('error', reject);
		req.end(body);
	});
}

/** A request envelope the way the client writes it, around one operation element. */
export function soapEnvelope(operation: string): string {
	return (
		'<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
		'xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types">' +
		`<soap:Header><t:RequestServerVersion Version="Exchange2013_SP1"></t:RequestServerVersion></soap:Header><soap:Body>${operation}</soap:Body></soap:Envelope>`
	);
}

/**
 * One emulator process per test file, reset to the demo world before each test; a test fails
 * when any response the emulator sent during it broke the EWS schema.
 */
export function useExchangeEmulator(): { readonly url: string; readonly control: ExchangeControlClient } {
	let handle: ExchangeEmulatorHandle | undefined;
	const started = () => {
		if (!handle) throw new Error('the Exchange emulator is not running');
		return handle;
	};
	// Starting a process and loading the schema takes seconds on a busy machine.
	jest.setTimeout(30_000);
	beforeAll(async () => {
		handle = await startExchangeEmulator();
	}, 60_000);
	afterAll(() => handle?.stop());
	beforeEach(() => started().control.reset());
	afterEach(async () => {
		expect(await started().control.validationErrors()).toEqual([]);
	});
	return {
		get url() {
			return started().url;
		},
		get control() {
			return started().control;
		},
	};
}
