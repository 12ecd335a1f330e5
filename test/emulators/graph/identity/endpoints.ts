/**
 * The Microsoft identity platform endpoints the local Microsoft 365 server answers, enough for
 * MSAL (and so @azure/identity) and plain clients: tenant discovery (OpenID configuration,
 * instance discovery, keys) and the v2.0 token endpoint's client-credentials grant with a client
 * secret or a certificate's client assertion, with Entra's errors (AADSTS codes).
 */
import crypto from 'node:crypto';
import type http from 'node:http';
import { GRAPH_RESOURCES, checkClientAssertion, type TokenIssuer } from './tokens';
import type { Tenant } from './apps';
import type { GraphResponse } from '../errors';

const TOKEN_PATH = /^\/([^/]+)\/oauth2\/v2\.0\/token$/;
const OPENID_PATH = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/;
const KEYS_PATH = /^\/([^/]+)\/discovery\/v2\.0\/keys$/;
const INSTANCE_DISCOVERY_PATH = '/common/discovery/instance';

export function isIdentityPath(pathname: string): boolean {
	return TOKEN_PATH.test(pathname) || OPENID_PATH.test(pathname) || KEYS_PATH.test(pathname) || pathname === INSTANCE_DISCOVERY_PATH;
}

export class IdentityEndpoints {
	constructor(
		private readonly tenant: Tenant,
		private readonly tokens: TokenIssuer,
		private readonly count: (operation: string) => void,
		private readonly now: () => number = () => Date.now(),
	) {}

	/** Entra's error body: error, error_description with AADSTS code and trace ids, error_codes. */
	private aadError(status: number, error: string, code: number, description: string): GraphResponse {
		const traceId = crypto.randomUUID();
		const correlationId = crypto.randomUUID();
		const timestamp = new Date(this.now()).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, 'Z');
		return {
			status,
			body: {
				error,
				error_description: `AADSTS${code}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
				error_codes: [code],
				timestamp,
				trace_id: traceId,
				correlation_id: correlationId,
				error_uri: `https://login.microsoftonline.com/error?code=${code}`,
			},
			shape: { free: true },
		};
	}

	private unknownTenant(name: string): GraphResponse {
		return this.aadError(400, 'invalid_tenant', 90002, `Tenant '${name}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`);
	}

	async handle(req: http.IncomingMessage, pathname: string, origin: string, body: string): Promise<GraphResponse> {
		const url = new URL(req.url ?? '/', origin);
		if (pathname === INSTANCE_DISCOVERY_PATH) {
			const host = new URL(origin).host;
			return {
				status: 200,
				body: {
					tenant_discovery_endpoint: `${origin}/${this.tenant.domain}/v2.0/.well-known/openid-configuration`,
					'api-version': '1.1',
					metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
				},
				shape: { free: true },
			};
		}
		const openid = OPENID_PATH.exec(pathname);
		if (openid) {
			if (!this.tenant.isTenant(openid[1])) return this.unknownTenant(openid[1]);
			const base = `${origin}/${this.tenant.id}`;
			return {
				status: 200,
				body: {
					token_endpoint: `${base}/oauth2/v2.0/token`,
					token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
					jwks_uri: `${base}/discovery/v2.0/keys`,
					response_modes_supported: ['query', 'fragment', 'form_post'],
					subject_types_supported: ['pairwise'],
					id_token_signing_alg_values_supported: ['RS256'],
					response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
					scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
					issuer: `${base}/v2.0`,
					request_uri_parameter_supported: false,
					userinfo_endpoint: `${origin}/oidc/userinfo`,
					authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
					device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
					http_logout_supported: true,
					frontchannel_logout_supported: true,
					end_session_endpoint: `${base}/oauth2/v2.0/logout`,
					claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'tid', 'ver'],
					tenant_region_scope: 'EU',
					cloud_instance_name: new URL(origin).host,
					cloud_graph_host_name: new URL(origin).host,
					msgraph_host: new URL(origin).host,
				},
				shape: { free: true },
			};
		}
		const keys = KEYS_PATH.exec(pathname);
		if (keys) {
			if (!this.tenant.isTenant(keys[1])) return this.unknownTenant(keys[1]);
			return { status: 200, body: { keys: [this.tokens.jwk()] }, shape: { free: true } };
		}
		const token = TOKEN_PATH.exec(pathname)!;
		if (req.method !== 'POST') return this.aadError(405, 'invalid_request', 900561, 'The endpoint only accepts POST requests.');
		return this.token(token[1], new URLSearchParams(body), req.headers.authorization, url);
	}

	private token(tenantName: string, form: URLSearchParams, authorization: string | undefined, url: URL): GraphResponse {
		this.count('token');
		if (!this.tenant.isTenant(tenantName)) return this.rejected(this.unknownTenant(tenantName));
		// client_secret_basic: the client id and secret in an Authorization header.
		if (authorization?.startsWith('Basic ')) {
			const [id, secret] = Buffer.from(authorization.slice(6), 'base64').toString('utf8').split(':').map(decodeURIComponent);
			if (!form.has('client_id')) form.set('client_id', id);
			if (!form.has('client_secret')) form.set('client_secret', secret ?? '');
		}
		const grantType = form.get('grant_type');
		if (!grantType) return this.rejected(this.aadError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'grant_type'."));
		if (grantType !== 'client_credentials') return this.rejected(this.aadError(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grantType}'.`));
		const clientId = form.get('client_id');
		if (!clientId) return this.rejected(this.aadError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'client_id'."));
		const app = this.tenant.app(clientId);
		if (!app) {
			return this.rejected(this.aadError(400, 'unauthorized_client', 700016, `Application with identifier '${clientId}' was not found in the directory '${this.tenant.domain}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`));
		}
		const secret = form.get('client_secret');
		const assertion = form.get('client_assertion');
		if (assertion !== null) {
			if (form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') {
				return this.rejected(this.aadError(400, 'invalid_request', 50027, "client_assertion_type must be 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'."));
			}
			const tokenPath = (path: string) => {
				const match = TOKEN_PATH.exec(path);
				return !!match && this.tenant.isTenant(match[1]);
			};
			const checked = checkClientAssertion(assertion, clientId, app.certificates, tokenPath, this.now());
			if (!checked.ok) return this.rejected(this.aadError(401, 'invalid_client', checked.code, checked.message));
		} else if (secret !== null) {
			if (!this.tenant.secretMatches(app, secret)) {
				return this.rejected(this.aadError(401, 'invalid_client', 7000215, `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`));
			}
		} else {
			return this.rejected(this.aadError(401, 'invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'."));
		}
		const scope = form.get('scope') ?? '';
		const resource = /^(.+)\/\.default$/.exec(scope.trim())?.[1];
		const origin = url.origin;
		if (!resource || (!GRAPH_RESOURCES.includes(resource) && resource !== origin)) {
			return this.rejected(this.aadError(400, 'invalid_scope', 1002012, `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`));
		}
		const issued = this.tokens.issue({
			aud: resource,
			iss: `https://sts.windows.net/${this.tenant.id}/`,
			appid: clientId,
			appidacr: assertion !== null ? '2' : '1',
			oid: app.objectId,
			sub: app.objectId,
			roles: [...app.permissions].sort(),
			tid: this.tenant.id,
		});
		this.count('token.issued');
		return {
			status: 200,
			body: { token_type: 'Bearer', expires_in: issued.expiresIn, ext_expires_in: issued.expiresIn, access_token: issued.token },
			headers: { 'Cache-Control': 'no-store, no-cache', Pragma: 'no-cache' },
			shape: { free: true },
		};
	}

	private rejected(response: GraphResponse): GraphResponse {
		this.count('token.rejected');
		return response;
	}
}
