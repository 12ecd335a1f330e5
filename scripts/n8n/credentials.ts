/**
 * The two credentials the prebuilt workflows use, as `n8n import:credentials` takes them. Their
 * ids and names are fixed so the workflows in workflows/ find them without editing.
 */
import type { N8nCredential } from './instance';

export const EXCHANGE_CREDENTIAL = { id: 'exzsExchangeEws1', name: 'Microsoft Exchange (EWS) account' } as const;
export const ZOHO_CREDENTIAL = { id: 'exzsZohoCrmOAuth', name: 'Zoho CRM account' } as const;
/** The Microsoft 365 workflows (workflows/microsoft-365/) use this one instead of the EWS credential. */
export const GRAPH_CREDENTIAL = { id: 'exzsMicrosoft365', name: 'Microsoft 365 (Graph) account' } as const;

export interface ExchangeConnection {
	/** The EWS endpoint, e.g. https://mail.example.com/EWS/Exchange.asmx */
	url: string;
	authentication: 'basic' | 'ntlm';
	username: string;
	password: string;
	domain?: string;
	/** A service account with ApplicationImpersonation acting for every mailbox. */
	impersonation: boolean;
	/** PEM of the server's (or its CA's) certificate, trusted in addition to the system CAs. */
	caCertificate?: string;
	ignoreCertificateErrors?: boolean;
	exchangeVersion?: string;
}

export function exchangeCredential(connection: ExchangeConnection): N8nCredential {
	return {
		...EXCHANGE_CREDENTIAL,
		type: 'microsoftExchangeEwsApi',
		data: {
			url: connection.url,
			authentication: connection.authentication,
			username: connection.username,
			password: connection.password,
			domain: connection.domain ?? '',
			exchangeVersion: connection.exchangeVersion ?? 'Exchange2013_SP1',
			impersonation: connection.impersonation,
			skipTlsVerification: connection.ignoreCertificateErrors ?? false,
			trustedCaPem: connection.caCertificate ?? '',
			allowUnencryptedHttp: connection.url.startsWith('http:'),
		},
	};
}

export interface GraphConnection {
	tenant: string;
	clientId: string;
	clientSecret: string;
	/** The mailbox a node acts for when it names none. */
	mailbox: string;
	/** Only for a local Microsoft 365 server: the origin serving the token endpoint and /v1.0. */
	baseUrl?: string;
}

/** An app-only Microsoft 365 (Graph) credential with a client secret, in the global cloud. */
export function graphCredential(connection: GraphConnection): N8nCredential {
	return {
		...GRAPH_CREDENTIAL,
		type: 'microsoft365GraphApi',
		data: {
			tenantId: connection.tenant,
			clientId: connection.clientId,
			authentication: 'clientSecret',
			clientSecret: connection.clientSecret,
			cloud: 'global',
			mailbox: connection.mailbox,
			baseUrl: connection.baseUrl ?? '',
			timeout: 100,
		},
	};
}

export interface ZohoConnection {
	/** A data centre's accounts origin (https://accounts.zoho.eu …) or `custom` with accountsUrl. */
	dataCenter: string;
	accountsUrl?: string;
	clientId: string;
	clientSecret: string;
	refreshToken: string;
}

export interface ZohoTokenData {
	access_token: string;
	refresh_token: string;
	api_domain: string;
	token_type: string;
	expires_in: number;
	scope?: string;
}

function accountsOrigin(connection: ZohoConnection): string {
	return connection.dataCenter === 'custom' ? (connection.accountsUrl ?? '') : connection.dataCenter;
}

/**
 * Performs the refresh-token grant once, so the credential starts with the token data n8n's
 * OAuth2 flow would have stored (access token, refresh token, api_domain) and can refresh it.
 */
export async function fetchZohoTokenData(connection: ZohoConnection): Promise<ZohoTokenData> {
	const response = await fetch(`${accountsOrigin(connection)}/oauth/v2/token`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({
			grant_type: 'refresh_token',
			refresh_token: connection.refreshToken,
			client_id: connection.clientId,
			client_secret: connection.clientSecret,
		}),
	});
	const body = (await response.json()) as Partial<ZohoTokenData> & { error?: string };
	// Zoho's accounts server reports errors as HTTP 200 with an `error` field.
	if (!response.ok || body.error || !body.access_token || !body.api_domain) {
		throw new Error(`Zoho token exchange at ${accountsOrigin(connection)} failed: ${body.error ?? `HTTP ${response.status}`}`);
	}
	return {
		access_token: body.access_token,
		refresh_token: connection.refreshToken,
		api_domain: body.api_domain,
		token_type: body.token_type ?? 'Bearer',
		expires_in: body.expires_in ?? 3600,
		...(body.scope ? { scope: body.scope } : {}),
	};
}

export async function zohoCredential(connection: ZohoConnection): Promise<N8nCredential> {
	return {
		...ZOHO_CREDENTIAL,
		type: 'zohoCrmOAuth2Api',
		data: {
			dataCenter: connection.dataCenter,
			accountsUrl: connection.accountsUrl ?? '',
			clientId: connection.clientId,
			clientSecret: connection.clientSecret,
			oauthTokenData: await fetchZohoTokenData(connection),
		},
	};
}
