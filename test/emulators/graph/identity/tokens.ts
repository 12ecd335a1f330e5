/**
 * Access tokens as Entra issues them for the client-credentials grant: RS256 JWTs (v1.0 claims,
 * the app's permissions as `roles`) signed with a key made at start-up, and the checks Graph
 * makes on each request. Client assertions (certificate credentials) are checked against the
 * certificates registered on the app.
 */
import crypto from 'node:crypto';

export const ACCESS_TOKEN_LIFETIME_SECONDS = 3599;

/** The Graph resources a token may be for: the global cloud and the national clouds' hosts. */
export const GRAPH_RESOURCES = ['https://graph.microsoft.com', 'https://graph.microsoft.us', 'https://dod-graph.microsoft.us', 'https://microsoftgraph.chinacloudapi.cn'];

export interface AccessTokenClaims {
	aud: string;
	iss: string;
	iat: number;
	nbf: number;
	exp: number;
	appid: string;
	appidacr: string;
	idp: string;
	idtyp: 'app';
	oid: string;
	roles: string[];
	sub: string;
	tid: string;
	/** The token's unique id: here its issue number, so "expire every token so far" can tell. */
	uti: string;
	ver: '1.0';
}

const base64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

function decodePart(part: string): Record<string, unknown> | undefined {
	try {
		const value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
		return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
	} catch {
		return undefined;
	}
}

export type TokenCheck = { ok: true; claims: AccessTokenClaims } | { ok: false; message: string };

export class TokenIssuer {
	private readonly keys = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
	readonly keyId = crypto.randomBytes(12).toString('base64url');
	/** Tokens with an issue number up to this one count as expired (the control API's "expire tokens"). */
	private expiredThrough = 0;
	issued = 0;

	constructor(private readonly now: () => number = () => Date.now()) {}

	private seconds(): number {
		return Math.floor(this.now() / 1000);
	}

	issue(claims: Omit<AccessTokenClaims, 'iat' | 'nbf' | 'exp' | 'ver' | 'idtyp' | 'appidacr' | 'idp' | 'uti'> & { appidacr: string }): { token: string; expiresIn: number } {
		const now = this.seconds();
		this.issued++;
		const payload: AccessTokenClaims = {
			...claims,
			uti: String(this.issued),
			iat: now,
			nbf: now,
			exp: now + ACCESS_TOKEN_LIFETIME_SECONDS,
			idp: claims.iss,
			idtyp: 'app',
			ver: '1.0',
		};
		const header = { typ: 'JWT', alg: 'RS256', kid: this.keyId, x5t: this.keyId };
		const signed = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
		const signature = crypto.sign('sha256', Buffer.from(signed), this.keys.privateKey);
		return { token: `${signed}.${base64url(signature)}`, expiresIn: ACCESS_TOKEN_LIFETIME_SECONDS };
	}

	/** Every token issued so far expires now. */
	expireAll(): void {
		this.expiredThrough = this.issued;
	}

	/** The public key as a JWKS entry (served at the tenant's keys endpoint). */
	jwk(): Record<string, unknown> {
		const jwk = this.keys.publicKey.export({ format: 'jwk' }) as Record<string, unknown>;
		return { kty: 'RSA', use: 'sig', kid: this.keyId, x5t: this.keyId, n: jwk.n, e: jwk.e };
	}

	/** Graph's checks of a bearer token: well formed, signed by us, for Graph, in this tenant, not expired. */
	check(token: string, tenantId: string): TokenCheck {
		const parts = token.split('.');
		if (parts.length !== 3) return { ok: false, message: 'IDX14100: JWT is not well formed, there are no dots (.).' };
		const header = decodePart(parts[0]);
		const claims = decodePart(parts[1]) as AccessTokenClaims | undefined;
		if (!header || !claims) return { ok: false, message: 'CompactToken parsing failed with error code: 80049217' };
		const signatureValid = header.alg === 'RS256' && crypto.verify('sha256', Buffer.from(`${parts[0]}.${parts[1]}`), this.keys.publicKey, Buffer.from(parts[2], 'base64url'));
		if (!signatureValid) return { ok: false, message: 'Access token validation failure. Invalid signature.' };
		if (!GRAPH_RESOURCES.includes(claims.aud) && !claims.aud?.startsWith('http://127.0.0.1') && !claims.aud?.startsWith('https://127.0.0.1')) {
			return { ok: false, message: 'Access token validation failure. Invalid audience.' };
		}
		if (claims.tid !== tenantId) return { ok: false, message: 'Access token validation failure. Invalid issuer.' };
		const now = this.seconds();
		if (claims.exp <= now || Number(claims.uti) <= this.expiredThrough) return { ok: false, message: 'Lifetime validation failed, the token is expired.' };
		if (claims.nbf > now + 300) return { ok: false, message: 'Lifetime validation failed, the token is not yet valid.' };
		return { ok: true, claims };
	}
}

export type AssertionCheck = { ok: true } | { ok: false; code: number; message: string };

/**
 * A client assertion (RFC 7523 JWT): signed RS256 or PS256 by the private key of a certificate
 * registered on the app (named by `x5t` or `x5t#S256`), issued by and about the app, for this
 * token endpoint, and not expired.
 */
export function checkClientAssertion(assertion: string, clientId: string, certificates: crypto.X509Certificate[], tokenPath: (path: string) => boolean, nowMs: number): AssertionCheck {
	const invalid = (code: number, message: string): AssertionCheck => ({ ok: false, code, message });
	const parts = assertion.split('.');
	const header = parts.length === 3 ? decodePart(parts[0]) : undefined;
	const claims = parts.length === 3 ? decodePart(parts[1]) : undefined;
	if (!header || !claims) return invalid(50027, 'JWT token is invalid or malformed.');
	const thumbprint = (certificate: crypto.X509Certificate, algorithm: 'sha1' | 'sha256') => crypto.createHash(algorithm).update(certificate.raw).digest('base64url');
	const certificate = certificates.find(
		(candidate) => (header.x5t !== undefined && thumbprint(candidate, 'sha1') === header.x5t) || (header['x5t#S256'] !== undefined && thumbprint(candidate, 'sha256') === header['x5t#S256']),
	);
	if (!certificate) return invalid(700027, `The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${String(header.x5t ?? header['x5t#S256'] ?? '')}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${clientId}'.]`);
	const signed = Buffer.from(`${parts[0]}.${parts[1]}`);
	const signature = Buffer.from(parts[2], 'base64url');
	const verified =
		header.alg === 'RS256'
			? crypto.verify('sha256', signed, certificate.publicKey, signature)
			: header.alg === 'PS256'
				? crypto.verify('sha256', signed, { key: certificate.publicKey, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: crypto.constants.RSA_PSS_SALTLEN_AUTO }, signature)
				: false;
	if (!verified) return invalid(700027, 'Client assertion failed signature validation.');
	if (claims.iss !== clientId || claims.sub !== clientId) return invalid(700021, 'Client assertion application identifier doesn\'t match \'client_id\' parameter.');
	let audiencePath = '';
	try {
		audiencePath = new URL(String(claims.aud)).pathname;
	} catch {
		// an audience that is not a URL matches no token endpoint
	}
	if (!tokenPath(audiencePath)) return invalid(50013, 'Assertion audience claim does not match the required value. Review the documentation at https://aka.ms/certCredentials .');
	const now = nowMs / 1000;
	if (typeof claims.exp !== 'number' || claims.exp < now - 300 || (typeof claims.nbf === 'number' && claims.nbf > now + 300)) {
		return invalid(700024, 'Client assertion is not within its valid time range.');
	}
	if (new Date(certificate.validTo).getTime() < nowMs) return invalid(700027, 'Client assertion contains an invalid signature. [Reason - The key used is expired.]');
	return { ok: true };
}
