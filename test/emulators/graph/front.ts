/**
 * The Microsoft Graph v1.0 front of the local Microsoft 365 server, on the store of the local
 * Exchange server (one mailbox seen through EWS and through Graph, as in Exchange Online):
 * the identity platform's token endpoint, bearer-token checks, the routes under /v1.0, $batch,
 * delta, change notifications, Outlook's throttling, fault injection, request counters and,
 * in test mode, every response checked against the types of Graph's CSDL.
 */
import crypto from 'node:crypto';
import type http from 'node:http';
import type { FaultRule } from '../common/faults';
import { applyTransportFault, readBody } from '../common/http';
import type { EmulatorFront, ExchangeEmulator } from '../exchange/server';
import type { Mailbox } from '../exchange/store';
import { EwsError } from '../exchange/soap';
import { CsdlModel } from './csdl/model';
import { JsonValidator } from './csdl/validator';
import { errorResponse, GraphError, type GraphResponse } from './errors';
import { isExchangePermission, Tenant } from './identity/apps';
import { IdentityEndpoints, isIdentityPath } from './identity/endpoints';
import { TokenIssuer } from './identity/tokens';
import { pathSegments, Router, type GraphCall, type RouteContext } from './router';
import type { View } from './resources/common';
import { resolveUser } from './resources/ids';
import { resolveZone } from './resources/times';
import { Throttling } from './throttling';
import { registerRoutes } from './routes';
import { graphControlRoutes } from './control';
import { DeltaTokens } from './delta';
import { Subscriptions } from './subscriptions';
import { runBatch } from './batch';
import { UPLOAD_PATH, UploadSessions } from './uploads';

const JSON_CONTENT_TYPE = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

/** A request the front answered with a transport fault (hang, drop, malformed) instead of a response. */
/** The largest request body Graph takes. */
const MAX_REQUEST_BYTES = 4 * 1024 * 1024;

export class TransportFault {
	constructor(readonly kind: string) {}
}

/** `Prefer` header values (several headers or comma-separated), by lower-cased name. */
export function preferences(headers: Record<string, string>): Map<string, string> {
	const found = new Map<string, string>();
	for (const part of (headers.prefer ?? '').match(/(?:[^,"]|"[^"]*")+/g) ?? []) {
		const [name, ...rest] = part.split('=');
		found.set(name.trim().toLowerCase(), rest.join('=').trim().replace(/^"|"$/g, ''));
	}
	return found;
}

export class GraphFront implements EmulatorFront {
	readonly tenant = new Tenant();
	readonly tokens: TokenIssuer;
	readonly identity: IdentityEndpoints;
	readonly throttling: Throttling;
	readonly router = new Router();
	readonly delta: DeltaTokens;
	readonly subscriptions: Subscriptions;
	readonly uploads = new UploadSessions((item) => this.store.updated(item));
	/** Checks request bodies against the CSDL, as Graph does, and in test mode every answer. */
	readonly validator: JsonValidator;
	private readonly validateResponses: boolean;

	constructor(
		readonly emulator: ExchangeEmulator,
		readonly model: CsdlModel,
		validate: boolean,
	) {
		const now = () => emulator.store.now().getTime();
		this.tokens = new TokenIssuer(now);
		this.identity = new IdentityEndpoints(this.tenant, this.tokens, (operation) => emulator.counters.increment(operation), now);
		this.throttling = new Throttling(now);
		this.validator = new JsonValidator(model);
		this.validateResponses = validate;
		this.delta = new DeltaTokens();
		this.subscriptions = new Subscriptions(this);
		registerRoutes(this);
	}

	static create(emulator: ExchangeEmulator, options: { validate: boolean }): GraphFront {
		return new GraphFront(emulator, CsdlModel.load(), options.validate);
	}

	get store() {
		return this.emulator.store;
	}

	handles(pathname: string): boolean {
		return pathname === '/v1.0' || pathname.startsWith('/v1.0/') || pathname.startsWith(UPLOAD_PATH) || isIdentityPath(pathname);
	}

	reset(): void {
		this.tenant.reset();
		this.throttling.reset();
		this.delta.clear();
		this.subscriptions.clear();
		this.uploads.clear();
	}

	close(): void {
		this.subscriptions.clear();
	}

	controlRoutes() {
		return graphControlRoutes(this);
	}

	count(operation: string): void {
		this.emulator.counters.increment(operation);
	}

	async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		const tls = (req.socket as { encrypted?: boolean }).encrypted === true;
		const origin = `${tls ? 'https' : 'http'}://${req.headers.host ?? '127.0.0.1'}`;
		const url = new URL(req.url ?? '/', origin);
		const body = await readBody(req);
		if (isIdentityPath(url.pathname)) {
			const answer = await this.identity.handle(req, url.pathname, origin, body.toString('utf8'));
			return this.send(res, answer, 'token');
		}
		const headers = Object.fromEntries(Object.entries(req.headers).map(([name, value]) => [name.toLowerCase(), Array.isArray(value) ? value.join(', ') : String(value ?? '')]));
		const requestId = crypto.randomUUID();
		const clientRequestId = headers['client-request-id'];
		if (url.pathname.startsWith(UPLOAD_PATH) && req.method === 'PUT') {
			this.count('attachments.upload');
			return this.send(res, this.checked('attachments.upload', this.uploads.put(url.pathname.slice(UPLOAD_PATH.length), headers, body), requestId));
		}
		// Graph takes at most 4 MB in one request (larger files go through upload sessions); the code and words are assumed.
		if (body.length > MAX_REQUEST_BYTES) {
			this.count('tooLarge');
			return this.send(res, errorResponse(413, 'RequestEntityTooLarge', 'The maximum request length supported is 4 MB.', requestId, clientRequestId));
		}
		const authenticated = this.authenticate(headers.authorization);
		if ('error' in authenticated) {
			this.count('unauthorized');
			return this.send(res, { ...errorResponse(401, 'InvalidAuthenticationToken', authenticated.error, requestId, clientRequestId), headers: { 'WWW-Authenticate': 'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"' } }, 'unauthorized');
		}
		let parsed: unknown;
		try {
			parsed = body.length > 0 ? (JSON.parse(body.toString('utf8')) as unknown) : undefined;
		} catch {
			return this.send(res, errorResponse(400, 'BadRequest', 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.', requestId, clientRequestId), 'invalidRequest');
		}
		const call: GraphCall = {
			method: req.method ?? 'GET',
			url: `${url.pathname.slice('/v1.0'.length) || '/'}${url.search}`,
			headers,
			body: parsed,
			claims: authenticated.claims,
			app: authenticated.app,
			origin,
			requestId,
			inBatch: false,
		};
		const answer = pathSegments(url.pathname.slice('/v1.0'.length)).join('/').toLowerCase() === '$batch' && call.method === 'POST' ? await runBatch(this, call) : await this.dispatch(call);
		if (answer instanceof TransportFault) {
			if (answer.kind === 'malformed') {
				res.writeHead(200, { 'Content-Type': JSON_CONTENT_TYPE });
				res.end('{"@odata.context":"');
			} else applyTransportFault(answer.kind, res);
			return;
		}
		if (clientRequestId) answer.headers = { ...answer.headers, 'client-request-id': clientRequestId };
		this.send(res, { ...answer, headers: { 'request-id': requestId, ...answer.headers } });
	}

	private authenticate(header: string | undefined): { claims: GraphCall['claims']; app: GraphCall['app'] } | { error: string } {
		const token = /^Bearer\s+(.+)$/i.exec(header ?? '')?.[1]?.trim();
		if (!token) return { error: 'Access token is empty.' };
		const checked = this.tokens.check(token, this.tenant.id);
		if (!checked.ok) return { error: checked.message };
		const app = this.tenant.app(checked.claims.appid);
		if (!app) return { error: 'Access token validation failure. The application no longer exists.' };
		return { claims: checked.claims, app };
	}

	/** Writes an answer; in test mode a JSON body that breaks the CSDL is recorded and answered 500. */
	private send(res: http.ServerResponse, answer: GraphResponse, operation = 'graph'): void {
		const headers = { ...(answer.headers ?? {}) };
		if (answer.text) {
			res.writeHead(answer.status, { 'Content-Type': answer.text.contentType, ...headers });
			res.end(answer.text.content);
			return;
		}
		if (answer.body === undefined) {
			res.writeHead(answer.status, headers);
			res.end();
			return;
		}
		const text = JSON.stringify(answer.body);
		res.writeHead(answer.status, { 'Content-Type': operation === 'token' ? 'application/json; charset=utf-8' : JSON_CONTENT_TYPE, 'Content-Length': Buffer.byteLength(text), ...headers });
		res.end(text);
	}

	/** Checks an answer against the CSDL; a violation is recorded and the answer replaced by a 500 that says so. */
	checked(operation: string, answer: GraphResponse, requestId: string): GraphResponse {
		if (!this.validateResponses || answer.body === undefined || !answer.shape) return answer;
		const violations = this.validator.validate(answer.shape, answer.body);
		if (violations.length === 0) return answer;
		this.emulator.responseErrors.push({
			operation: `graph ${operation}`,
			at: new Date().toISOString(),
			violations: violations.map((v) => ({ message: `${v.at || '/'}: ${v.message}`, line: 0, column: 0 })),
		});
		const summary = violations.slice(0, 5).map((v) => `${v.at || '/'}: ${v.message}`).join('; ');
		return errorResponse(500, 'InternalServerError', `Graph emulator bug: its ${operation} response does not match Graph's CSDL: ${summary}`, requestId);
	}

	/** Refuses a request body that does not match its CSDL type, with OData's RequestBodyRead. */
	checkRequestBody(typeName: string, body: unknown): void {
		const [violation] = this.validator.validateRequest(typeName, body);
		if (!violation) return;
		const unknown = /^"(.+)" is not a property of (.+)$/.exec(violation.message);
		throw new GraphError(
			400,
			'RequestBodyRead',
			unknown
				? `The property '${unknown[1]}' does not exist on type '${unknown[2]}'. Make sure to only use property names that are defined by the type or mark the type as open type.`
				: `Invalid request body at ${violation.at || '/'}: ${violation.message}`,
		);
	}

	/** The View an answer is written with, from the request's Prefer headers. */
	view(call: GraphCall): { view: View; applied: string[] } {
		const prefer = preferences(call.headers);
		const applied: string[] = [];
		const immutable = prefer.get('idtype')?.toLowerCase() === 'immutableid';
		if (immutable) applied.push('IdType="ImmutableId"');
		let timeZone = { iana: 'UTC', label: 'UTC' };
		const asked = prefer.get('outlook.timezone');
		if (asked) {
			const zone = resolveZone(asked);
			if (!zone) throw new GraphError(400, 'TimeZoneNotSupportedException', `A valid TimeZone value must be specified. The following TimeZone value is not supported: '${asked}'.`);
			timeZone = { iana: zone.iana, label: asked };
			applied.push(`outlook.timezone="${asked}"`);
		}
		const bodyType = prefer.get('outlook.body-content-type')?.toLowerCase();
		if (bodyType === 'text' || bodyType === 'html') applied.push(`outlook.body-content-type="${bodyType}"`);
		return { view: { store: this.store, immutable, timeZone, bodyType: bodyType === 'text' || bodyType === 'html' ? bodyType : undefined, origin: call.origin }, applied };
	}

	/**
	 * Answers one call (top level or inside $batch): route, permissions, RBAC scope, throttling,
	 * faults, the handler, then the CSDL check.
	 */
	async dispatch(call: GraphCall): Promise<GraphResponse | TransportFault> {
		const error = (e: GraphError) => errorResponse(e.status, e.code, e.message, call.requestId, call.headers['client-request-id'], e.headers);
		const [path, search = ''] = call.url.split('?');
		const segments = pathSegments(path);
		if (segments[0]?.toLowerCase() === 'me') {
			this.count('invalidRequest');
			return error(new GraphError(400, 'BadRequest', '/me request is only valid with delegated authentication flow.'));
		}
		const matched = this.router.match(call.method, segments);
		if (!matched) {
			this.count('notImplemented');
			return error(new GraphError(400, 'BadRequest', `Resource not found for the segment '${segments[segments.length - 1] ?? ''}'.`));
		}
		if ('methodMismatch' in matched) {
			this.count('invalidRequest');
			return error(new GraphError(405, 'Request_BadRequest', `The HTTP method '${call.method}' is not allowed for this resource.`));
		}
		const { route, params } = matched;
		const operation = route.operation;
		this.count(operation);
		let release: (() => void) | undefined;
		try {
			let mailbox: Mailbox | undefined;
			if (params.user !== undefined) {
				mailbox = resolveUser(this.store, params.user);
				if (!mailbox) {
					if (operation.startsWith('users.')) throw new GraphError(404, 'Request_ResourceNotFound', `Resource '${params.user}' does not exist or one of its queried reference-property objects are not present.`);
					throw new GraphError(404, 'ErrorInvalidUser', `The requested user '${params.user}' is invalid.`);
				}
			}
			const roles = new Set(call.claims.roles ?? []);
			if (route.permissions.length > 0 && !route.permissions.some((permission) => roles.has(permission))) {
				const code = operation.startsWith('users.') ? 'Authorization_RequestDenied' : 'ErrorAccessDenied';
				throw new GraphError(403, code, `Missing role permissions on the request. API requires one of '${route.permissions.join(', ')}'. Roles on the request '${[...roles].join(', ')}'.`);
			}
			// RBAC for Applications: Exchange's scoped grant must reach the mailbox.
			if (mailbox && route.permissions.some(isExchangePermission) && !this.tenant.inScope(call.app, mailbox.smtp)) {
				throw new GraphError(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
			}
			if (mailbox && !operation.startsWith('users.')) release = this.throttling.admit(call.app.clientId, mailbox.smtp);
			this.emulator.recentRequests.push({ operation: `graph ${operation}`, account: call.app.clientId, mailbox: mailbox?.smtp ?? '', scheme: 'Bearer', clientPort: 0 });
			if (this.emulator.recentRequests.length > 200) this.emulator.recentRequests.shift();
			const fault = this.emulator.faults.take(operation);
			if (fault) {
				const faulted = await this.applyFault(fault, call);
				if (faulted) return faulted;
			}
			const { view, applied } = this.view(call);
			if (call.body !== undefined && (typeof call.body !== 'object' || call.body === null || Array.isArray(call.body))) throw new GraphError(400, 'BadRequest', 'The request body must be a JSON object.');
			if (route.bodyType && call.body !== undefined) this.checkRequestBody(route.bodyType, call.body);
			const context: RouteContext = {
				call,
				params,
				query: new URLSearchParams(search),
				mailbox: mailbox!,
				view,
				body: (call.body as Record<string, unknown> | undefined) ?? {},
				link: (pathAndQuery) => `${call.origin}/v1.0/${pathAndQuery}`,
			};
			let answer = await route.handler(context);
			const alsoApplied = answer.headers?.['Preference-Applied'];
			if (applied.length > 0 || alsoApplied) answer = { ...answer, headers: { ...answer.headers, 'Preference-Applied': [...applied, ...(alsoApplied ? [alsoApplied] : [])].join(', ') } };
			if (fault?.kind === 'invalidResponse' && answer.body && typeof answer.body === 'object') answer = { ...answer, body: { ...(answer.body as object), notInTheSchema: true } };
			return this.checked(operation, answer, call.requestId);
		} catch (thrown) {
			if (thrown instanceof EwsError) {
				// What the shared EWS logic refuses, Graph refuses with the same Exchange code.
				const status = thrown.responseCode === 'ErrorItemNotFound' || thrown.responseCode.startsWith('ErrorCalendarOccurrence') ? 404 : thrown.responseCode === 'ErrorAccessDenied' ? 403 : 400;
				const code = status === 404 ? 'ErrorItemNotFound' : thrown.responseCode;
				return this.checked(operation, error(new GraphError(status, code, thrown.message)), call.requestId);
			}
			if (thrown instanceof GraphError) {
				if (thrown.status === 429) this.count('throttled');
				return this.checked(operation, error(thrown), call.requestId);
			}
			const message = thrown instanceof Error ? thrown.message : String(thrown);
			process.stderr.write(`Graph emulator: ${operation} failed: ${thrown instanceof Error ? thrown.stack : message}\n`);
			return errorResponse(500, 'InternalServerError', `Graph emulator bug: ${operation} failed: ${message}`, call.requestId);
		} finally {
			release?.();
		}
	}

	/** The answer of a fault armed for the `$batch` envelope itself, given before any of its requests runs. */
	async batchFault(call: GraphCall): Promise<GraphResponse | TransportFault | undefined> {
		const fault = this.emulator.faults.take('$batch');
		return fault ? await this.applyFault(fault, call) : undefined;
	}

	/** A fault's answer, or undefined when it only delays the call (slow) or changes it later (invalidResponse). */
	private async applyFault(fault: FaultRule, call: GraphCall): Promise<GraphResponse | TransportFault | undefined> {
		const params = fault.params ?? {};
		const retryAfter = String(params.retryAfterSeconds ?? 1);
		switch (fault.kind) {
			case 'slow':
				await new Promise((resolve) => setTimeout(resolve, Number(params.delayMs ?? 1000)));
				return undefined;
			case 'invalidResponse':
				return undefined;
			case 'throttle':
				this.count('throttled');
				return errorResponse(429, String(params.code ?? 'TooManyRequests'), String(params.message ?? 'Too many requests. Retry after the number of seconds in the Retry-After header.'), call.requestId, undefined, { 'Retry-After': retryAfter });
			case 'http500': {
				const status = Number(params.status ?? 500);
				const codes: Record<number, string> = { 500: 'UnknownError', 502: 'BadGateway', 503: 'ServiceNotAvailable', 504: 'GatewayTimeout' };
				return errorResponse(status, codes[status] ?? 'UnknownError', String(params.message ?? ''), call.requestId, undefined, status === 503 ? { 'Retry-After': retryAfter } : {});
			}
			case 'unauthorized':
				return errorResponse(401, 'InvalidAuthenticationToken', 'Lifetime validation failed, the token is expired.', call.requestId);
			case 'syncStateNotFound':
				return errorResponse(410, 'SyncStateNotFound', 'The sync state generation is not found. Start a new sync without a delta token.', call.requestId);
			case 'hang':
			case 'drop':
			case 'malformed':
				return new TransportFault(fault.kind);
			default:
				throw new Error(`unknown fault kind ${fault.kind} (Graph kinds: throttle, http500, hang, drop, malformed, slow, unauthorized, invalidResponse, syncStateNotFound)`);
		}
	}
}
