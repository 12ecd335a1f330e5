/**
 * The real ews-javascript-api client pointed at the emulator, one service per test the way the
 * Exchange node builds it: per-service XhrApi (never the process-global ConfigureXHR), a request
 * timeout, explicit time zone, optional impersonation.
 */
import {
	ConnectingIdType,
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
import { DEMO_PASSWORD } from '../../emulators/demo/world';

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
