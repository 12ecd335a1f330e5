/**
 * Zoho's accounts server: the authorization-code grant (auto-approved), the token endpoint
 * (authorization_code and refresh_token grants), revocation, and the access-token check the API
 * makes on every call. Accounts errors are HTTP 200 with `{"error": …}`, as Zoho answers them.
 */
import { randomBytes } from 'node:crypto';
import type { ApiResponse } from './errors';

export const ACCESS_TOKEN_LIFETIME_SECONDS = 3600;
const GRANT_CODE_LIFETIME_MS = 60_000;
const DEFAULT_SCOPE = 'ZohoCRM.modules.ALL ZohoCRM.settings.ALL ZohoCRM.users.READ ZohoCRM.notifications.ALL ZohoCRM.coql.READ';

export interface OAuthClient {
	clientId: string;
	clientSecret: string;
}

interface AccessToken {
	refreshToken: string;
	expiresAt: number;
}

interface GrantCode {
	clientId: string;
	redirectUri: string;
	scope: string;
	offline: boolean;
	expiresAt: number;
}

const token = () => `1000.${randomBytes(16).toString('hex')}.${randomBytes(16).toString('hex')}`;

export class ZohoAccounts {
	private readonly accessTokens = new Map<string, AccessToken>();
	/** Every access token ever issued, revoked ones too, so tests can scan for leaks of any of them. */
	readonly issuedAccessTokens: string[] = [];
	private readonly refreshTokens = new Map<string, { clientId: string; scope: string; revoked: boolean }>();
	private readonly codes = new Map<string, GrantCode>();

	constructor(
		private readonly client: OAuthClient,
		private readonly now: () => number,
	) {}

	/** Registers a refresh token that already exists (the demo world's). */
	addRefreshToken(refreshToken: string, scope = DEFAULT_SCOPE): void {
		this.refreshTokens.set(refreshToken, { clientId: this.client.clientId, scope, revoked: false });
	}

	/** GET /oauth/v2/auth: approves at once and redirects back with a single-use code. */
	authorize(query: URLSearchParams, accountsServer: string): ApiResponse {
		const redirectUri = query.get('redirect_uri');
		if (query.get('client_id') !== this.client.clientId || !redirectUri) {
			return { status: 400, body: { error: 'invalid_client' } };
		}
		if (query.get('response_type') !== 'code') return { status: 400, body: { error: 'unsupported_response_type' } };
		const code = token();
		this.codes.set(code, {
			clientId: this.client.clientId,
			redirectUri,
			scope: (query.get('scope') ?? DEFAULT_SCOPE).split(',').join(' '),
			offline: query.get('access_type') === 'offline',
			expiresAt: this.now() + GRANT_CODE_LIFETIME_MS,
		});
		const target = new URL(redirectUri);
		target.searchParams.set('code', code);
		target.searchParams.set('location', 'us');
		target.searchParams.set('accounts-server', accountsServer);
		const state = query.get('state');
		if (state !== null) target.searchParams.set('state', state);
		return { status: 302, headers: { Location: target.toString() } };
	}

	/** POST /oauth/v2/token; parameters come in the query string or a form body. */
	exchange(params: URLSearchParams, apiDomain: string): ApiResponse {
		const answer = (body: Record<string, unknown>): ApiResponse => ({ status: 200, body });
		if (params.get('client_id') !== this.client.clientId || params.get('client_secret') !== this.client.clientSecret) {
			return answer({ error: 'invalid_client' });
		}
		const grantType = params.get('grant_type');
		if (grantType === 'authorization_code') {
			const code = this.codes.get(params.get('code') ?? '');
			this.codes.delete(params.get('code') ?? '');
			if (!code || code.expiresAt < this.now()) return answer({ error: 'invalid_code' });
			if (params.get('redirect_uri') !== null && params.get('redirect_uri') !== code.redirectUri) {
				return answer({ error: 'invalid_redirect_uri' });
			}
			const refreshToken = token();
			this.refreshTokens.set(refreshToken, { clientId: code.clientId, scope: code.scope, revoked: false });
			const access = this.issue(refreshToken);
			return answer({
				access_token: access,
				...(code.offline ? { refresh_token: refreshToken } : {}),
				scope: code.scope,
				api_domain: apiDomain,
				token_type: 'Bearer',
				expires_in: ACCESS_TOKEN_LIFETIME_SECONDS,
			});
		}
		if (grantType === 'refresh_token') {
			const refreshToken = params.get('refresh_token') ?? '';
			const grant = this.refreshTokens.get(refreshToken);
			if (!grant || grant.revoked) return answer({ error: 'invalid_code' });
			return answer({
				access_token: this.issue(refreshToken),
				scope: grant.scope,
				api_domain: apiDomain,
				token_type: 'Bearer',
				expires_in: ACCESS_TOKEN_LIFETIME_SECONDS,
			});
		}
		return answer({ error: 'unsupported_grant_type' });
	}

	/** POST /oauth/v2/token/revoke?token=…: revokes a refresh token and its access tokens. */
	revoke(refreshToken: string): boolean {
		const grant = this.refreshTokens.get(refreshToken);
		if (!grant) return false;
		grant.revoked = true;
		for (const [access, data] of this.accessTokens) if (data.refreshToken === refreshToken) this.accessTokens.delete(access);
		return true;
	}

	/** Whether an `Authorization` header carries a live access token. */
	isValid(authorization: string | undefined): boolean {
		const match = /^(?:Zoho-oauthtoken|Bearer)\s+(\S+)$/i.exec(authorization ?? '');
		const data = match ? this.accessTokens.get(match[1]) : undefined;
		return Boolean(data && data.expiresAt > this.now());
	}

	/** Makes every issued access token expire now (refresh tokens stay valid). */
	expireAll(): number {
		for (const data of this.accessTokens.values()) data.expiresAt = this.now() - 1;
		return this.accessTokens.size;
	}

	private issue(refreshToken: string): string {
		const access = token();
		this.issuedAccessTokens.push(access);
		this.accessTokens.set(access, { refreshToken, expiresAt: this.now() + ACCESS_TOKEN_LIFETIME_SECONDS * 1000 });
		return access;
	}
}
