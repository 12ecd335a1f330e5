import { createHash, createPrivateKey, createSign, randomUUID, X509Certificate } from 'crypto';
import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestOptions, IN8nHttpFullResponse } from 'n8n-workflow';

/**
 * The `microsoft365GraphApi` credential, typed, and the client-credentials token request it stands
 * for. Used by the credential's preAuthentication (n8n's `httpRequest`) and by its test. Node's
 * `crypto` is one of the imports n8n Cloud allows; it signs the certificate's client assertion.
 */

export type NationalCloud = 'global' | 'usGov' | 'usGovDod' | 'china';

/** Login (Microsoft Entra ID) and Graph hosts of each national cloud. */
export const CLOUD_HOSTS: Record<NationalCloud, { login: string; graph: string }> = {
	global: { login: 'https://login.microsoftonline.com', graph: 'https://graph.microsoft.com' },
	usGov: { login: 'https://login.microsoftonline.us', graph: 'https://graph.microsoft.us' },
	usGovDod: { login: 'https://login.microsoftonline.us', graph: 'https://dod-graph.microsoft.us' },
	china: { login: 'https://login.chinacloudapi.cn', graph: 'https://microsoftgraph.chinacloudapi.cn' },
};

export interface GraphCredentials {
	tenantId: string;
	clientId: string;
	authentication: 'clientSecret' | 'certificate';
	clientSecret: string;
	privateKeyPem: string;
	certificatePem: string;
	cloud: NationalCloud;
	/** The mailbox the node acts for when its Mailbox field is empty; the credential test reads it. */
	mailbox: string;
	/** Where tokens are requested: `<login host>/<tenant>/oauth2/v2.0/token`. */
	tokenUrl: string;
	/** Graph's base URL, e.g. https://graph.microsoft.com/v1.0 */
	graphUrl: string;
	/** The scope asked for: the cloud's Graph resource. */
	scope: string;
	timeoutMs: number;
}

export const DEFAULT_TIMEOUT_SECONDS = 100;

function text(data: ICredentialDataDecryptedObject, key: string): string {
	const value = data[key];
	return typeof value === 'string' ? value.trim() : '';
}

export function readGraphCredentials(data: ICredentialDataDecryptedObject): GraphCredentials {
	const cloud = (Object.keys(CLOUD_HOSTS) as NationalCloud[]).find((name) => name === data.cloud) ?? 'global';
	const hosts = CLOUD_HOSTS[cloud];
	// The override (a local Graph server) serves both the token endpoint and Graph at one origin.
	const override = text(data, 'baseUrl').replace(/\/+$/, '');
	const tenantId = text(data, 'tenantId');
	const timeout = Number(data.timeout);
	return {
		tenantId,
		clientId: text(data, 'clientId'),
		authentication: data.authentication === 'certificate' ? 'certificate' : 'clientSecret',
		clientSecret: typeof data.clientSecret === 'string' ? data.clientSecret : '',
		privateKeyPem: text(data, 'privateKey'),
		certificatePem: text(data, 'certificate'),
		cloud,
		mailbox: text(data, 'mailbox'),
		tokenUrl: `${override || hosts.login}/${encodeURIComponent(tenantId)}/oauth2/v2.0/token`,
		graphUrl: `${override || hosts.graph}/v1.0`,
		scope: `${hosts.graph}/.default`,
		timeoutMs: (Number.isFinite(timeout) && timeout > 0 ? timeout : DEFAULT_TIMEOUT_SECONDS) * 1000,
	};
}

/** Problems that make the credential unusable before any request, in plain words. */
export function graphCredentialProblem(credentials: GraphCredentials): string | undefined {
	if (!credentials.tenantId) return 'The tenant ID is empty (a GUID, or a domain such as contoso.onmicrosoft.com)';
	if (!credentials.clientId) return 'The client ID is empty (the Application (client) ID of the app registration)';
	if (credentials.authentication === 'clientSecret' && !credentials.clientSecret) return 'The client secret is empty';
	if (credentials.authentication === 'certificate') {
		if (!credentials.privateKeyPem) return 'The private key is empty (PEM, -----BEGIN PRIVATE KEY-----)';
		if (!credentials.certificatePem) return 'The certificate is empty (PEM, -----BEGIN CERTIFICATE-----)';
	}
	return undefined;
}

const base64Url = (value: Buffer | string) => Buffer.from(value).toString('base64url');

/** The value `parse` makes, or undefined when the input cannot be parsed (the caller says why). */
function parsed<T>(parse: () => T): T | undefined {
	try {
		return parse();
	} catch {
		return undefined;
	}
}

/**
 * The client assertion of certificate authentication: a JWT signed RS256 with the private key,
 * naming the certificate by its SHA-1 thumbprint (`x5t`), for the token endpoint, valid 10 minutes.
 */
export function clientAssertion(credentials: GraphCredentials, nowSeconds: number): string {
	const certificate = parsed(() => new X509Certificate(credentials.certificatePem));
	if (!certificate) throw new Error('The certificate is not a PEM certificate (-----BEGIN CERTIFICATE----- …)');
	const key = parsed(() => createPrivateKey(credentials.privateKeyPem));
	if (!key) throw new Error('The private key is not a PEM private key (-----BEGIN PRIVATE KEY----- …), or it is encrypted');
	const thumbprint = createHash('sha1').update(certificate.raw).digest();
	const header = base64Url(JSON.stringify({ alg: 'RS256', typ: 'JWT', x5t: base64Url(thumbprint) }));
	const payload = base64Url(
		JSON.stringify({
			aud: credentials.tokenUrl,
			iss: credentials.clientId,
			sub: credentials.clientId,
			jti: randomUUID(),
			nbf: nowSeconds,
			exp: nowSeconds + 600,
		}),
	);
	const signature = createSign('RSA-SHA256').update(`${header}.${payload}`).sign(key);
	return `${header}.${payload}.${base64Url(signature)}`;
}

/** Sends one HTTP request and answers the full response without throwing for HTTP errors. */
export type HttpSend = (options: IHttpRequestOptions) => Promise<IN8nHttpFullResponse>;

/** Entra's AADSTS codes for what an admin can fix, in plain words. */
function tokenErrorMessage(credentials: GraphCredentials, body: IDataObject): string {
	const description = typeof body.error_description === 'string' ? body.error_description : '';
	const code = /AADSTS(\d+)/.exec(description)?.[1];
	const { tenantId, clientId } = credentials;
	switch (code) {
		case '90002':
		case '900023':
			return `Tenant "${tenantId}" was not found: check the tenant ID (Directory (tenant) ID, or a domain such as contoso.onmicrosoft.com) and the national cloud`;
		case '700016':
			return `No application with client ID "${clientId}" exists in tenant "${tenantId}": check the client ID (Application (client) ID of the app registration)`;
		case '7000215':
			return 'The client secret is wrong: use the secret\'s Value (not its Secret ID) from the app registration\'s Certificates & secrets, and check that it has not expired';
		case '7000222':
			return 'The client secret has expired: create a new one in the app registration\'s Certificates & secrets';
		case '700027':
			return 'The certificate is not registered on the app, or the private key does not belong to it: upload the certificate (.cer/.pem) to the app registration\'s Certificates & secrets';
		case '700024':
			return 'The client assertion was refused as expired or not yet valid: check the clock of the n8n host';
		case '50013':
			return 'The client assertion was refused for its audience: check the tenant ID and the national cloud';
		default: {
			// Entra's first sentence; trace and correlation ids add nothing for an admin.
			const reason = description.split(/\r?\n|Trace ID/)[0].trim() || String(body.error ?? 'unknown error');
			return `Microsoft Entra ID refused the token request: ${reason}`;
		}
	}
}

export interface GraphToken {
	accessToken: string;
	expiresInSeconds: number;
}

/** A token by the client-credentials grant; throws an Error in plain words (never with a secret). */
export async function requestGraphToken(credentials: GraphCredentials, send: HttpSend): Promise<GraphToken> {
	const problem = graphCredentialProblem(credentials);
	if (problem) throw new Error(problem);
	const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: credentials.clientId, scope: credentials.scope });
	if (credentials.authentication === 'certificate') {
		form.set('client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
		form.set('client_assertion', clientAssertion(credentials, Math.floor(Date.now() / 1000)));
	} else {
		form.set('client_secret', credentials.clientSecret);
	}
	const response: IN8nHttpFullResponse | { unreachable: string } = await send({
		method: 'POST',
		url: credentials.tokenUrl,
		body: form.toString(),
		headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: credentials.timeoutMs,
	}).catch((error: unknown) => ({ unreachable: unreachableReason(error) }));
	if ('unreachable' in response) {
		throw new Error(`Could not reach the Microsoft Entra ID token endpoint ${credentials.tokenUrl}: ${response.unreachable}`);
	}
	const body = parseJson(response.body);
	if (response.statusCode >= 200 && response.statusCode < 300 && typeof body.access_token === 'string') {
		return { accessToken: body.access_token, expiresInSeconds: Number(body.expires_in) || 3599 };
	}
	throw new Error(tokenErrorMessage(credentials, body));
}

/** The network reason of a failed request (refused, DNS, timeout, TLS), never its options. */
export function unreachableReason(error: unknown): string {
	const cause = (error as { cause?: { code?: string; message?: string } }).cause;
	const code = (error as { code?: string }).code ?? cause?.code;
	return code ?? cause?.message ?? (error as Error).message ?? 'no answer';
}

export function parseJson(body: unknown): IDataObject {
	if (typeof body === 'string') {
		try {
			return JSON.parse(body) as IDataObject;
		} catch {
			return {};
		}
	}
	return (body ?? {}) as IDataObject;
}
