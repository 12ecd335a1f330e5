import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

export type ExchangeAuthentication = 'basic' | 'ntlm';

/** The `microsoftExchangeEwsApi` credential, typed. */
export interface ExchangeCredentials {
	url: string;
	authentication: ExchangeAuthentication;
	username: string;
	password: string;
	domain: string;
	/** Name of an `ExchangeVersion` enum member, e.g. `Exchange2013_SP1`. */
	exchangeVersion: string;
	impersonation: boolean;
	/** A mailbox the credential test impersonates to check the right (optional). */
	testMailbox: string;
	ignoreCertificateErrors: boolean;
	/** PEM of the CA (or self-signed certificate) to trust, in addition to the system CAs. */
	caCertificate: string;
	timeoutSeconds: number;
	allowUnencryptedHttp: boolean;
}

export const DEFAULT_TIMEOUT_SECONDS = 100;

function text(data: ICredentialDataDecryptedObject, key: string): string {
	const value = data[key];
	return typeof value === 'string' ? value.trim() : '';
}

export function readExchangeCredentials(data: ICredentialDataDecryptedObject): ExchangeCredentials {
	const timeout = Number(data.timeout);
	return {
		url: text(data, 'url'),
		authentication: data.authentication === 'ntlm' ? 'ntlm' : 'basic',
		username: text(data, 'username'),
		password: typeof data.password === 'string' ? data.password : '',
		domain: text(data, 'domain'),
		exchangeVersion: text(data, 'exchangeVersion') || 'Exchange2013_SP1',
		impersonation: data.impersonation === true,
		testMailbox: text(data, 'testMailbox'),
		ignoreCertificateErrors: data.skipTlsVerification === true,
		caCertificate: text(data, 'trustedCaPem'),
		timeoutSeconds: Number.isFinite(timeout) && timeout > 0 ? timeout : DEFAULT_TIMEOUT_SECONDS,
		allowUnencryptedHttp: data.allowUnencryptedHttp === true,
	};
}

/** The account name as Exchange expects it: `DOMAIN\user` when a domain is set, else as typed. */
export function accountName(credentials: ExchangeCredentials): string {
	const { username, domain } = credentials;
	if (!domain || username.includes('\\') || username.includes('@')) return username;
	return `${domain}\\${username}`;
}

/**
 * Problems that make the credential unusable before any request is sent, in plain words, or
 * undefined when it looks usable.
 */
export function credentialProblem(credentials: ExchangeCredentials): string | undefined {
	let url: URL;
	try {
		url = new URL(credentials.url);
	} catch {
		return `The EWS URL "${credentials.url}" is not a valid URL (expected e.g. https://mail.example.com/EWS/Exchange.asmx)`;
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		return `The EWS URL must start with https:// (got ${url.protocol})`;
	}
	if (url.protocol === 'http:' && credentials.authentication === 'basic' && !credentials.allowUnencryptedHttp) {
		return 'Basic authentication over http:// would send the password unencrypted. Use an https:// EWS URL, or tick "Allow Unencrypted HTTP" if you accept that risk';
	}
	if (!credentials.username) return 'The username is empty';
	if (!credentials.password) return 'The password is empty';
	return undefined;
}
