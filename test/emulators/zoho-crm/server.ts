/**
 * The local Zoho CRM server: accounts paths (`/oauth/v2/…`) and API paths (`/crm/v8/…`) on one
 * origin, which the token endpoint returns as `api_domain`, plus the control API
 * (`/__control/…`). Each API request goes through: routing and counting → fault rules that
 * answer for Zoho (429, 401) → authentication → a concurrency slot → transport faults → credits
 * → request-body validation → handler → response validation.
 */
import type http from 'node:http';
import { applyTransportFault, listen, readBody, routeControl, sendJson } from '../common/http';
import { RequestCounters } from '../common/counters';
import { FaultPlan } from '../common/faults';
import { DEMO_ZOHO } from '../demo/world';
import { controlRoutes, type ValidationFailure } from './control';
import type { OrgState, RequestContext } from './context';
import { invalidToken, tooManyRequests, ZohoApiError, zohoError, type ApiResponse } from './errors';
import { ApiLimits } from './limits';
import { Notifications } from './notifications';
import { ZohoAccounts } from './oauth';
import { DEFAULT_OAS_DIRECTORY, OasValidator, type SchemaViolation } from './oasValidator';
import { findRoute, type Route } from './routes';
import { seedStore, type SeedPreset } from './seed';
import { ZohoStore } from './store';

export interface ZohoServerOptions {
	/** 0 (default) picks a free port. */
	port?: number;
	/** Serve HTTPS with a generated self-signed certificate instead of plain HTTP. */
	https?: boolean;
	seed?: SeedPreset;
	/** Validate responses and request bodies against the OAS files (default true). */
	validate?: boolean;
	/** Where the official OAS v8 JSON files are; defaults to the shared reference copy. */
	oasDirectory?: string;
}

export interface ZohoServer {
	origin: string;
	/** PEM of the self-signed certificate when serving HTTPS. */
	certificatePem?: string;
	stop(): Promise<void>;
}

/** The emulator's whole state, shared by the API pipeline and the control API. */
export interface Emulator extends OrgState {
	origin: string;
	accounts: ZohoAccounts;
	limits: ApiLimits;
	counters: RequestCounters;
	faults: FaultPlan;
	validator?: OasValidator;
	validationFailures: ValidationFailure[];
	reseed(preset: SeedPreset): void;
}

const NO_CACHE_HEADERS = { 'Cache-Control': 'no-store' };

/** Breaks a body so that it no longer matches its schema (fault kind `invalidResponse`). */
function corrupt(body: unknown): unknown {
	if (Array.isArray(body)) return body.map(corrupt);
	if (body === null || typeof body !== 'object') return body;
	const out: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
		if (['id', 'status', 'more_records', 'code'].includes(key)) {
			out[key] = typeof value === 'number' ? String(value) : 12345;
		} else {
			out[key] = corrupt(value);
		}
	}
	return out;
}

export async function startZohoServer(options: ZohoServerOptions = {}): Promise<ZohoServer> {
	const store = new ZohoStore();
	const emulator: Emulator = {
		origin: '',
		store,
		notifications: new Notifications(store, () => emulator.origin),
		workflowRuns: [],
		pageTokens: new Map(),
		accounts: new ZohoAccounts({ clientId: DEMO_ZOHO.clientId, clientSecret: DEMO_ZOHO.clientSecret }, () => store.now()),
		limits: new ApiLimits(() => store.now()),
		counters: new RequestCounters(),
		faults: new FaultPlan(),
		validator: options.validate === false ? undefined : new OasValidator(options.oasDirectory ?? DEFAULT_OAS_DIRECTORY),
		validationFailures: [],
		reseed(preset) {
			seedStore(store, preset);
			this.notifications.reset();
			this.workflowRuns = [];
			this.pageTokens.clear();
		},
	};
	const initialPreset = options.seed ?? 'demo';
	emulator.reseed(initialPreset);
	emulator.accounts.addRefreshToken(DEMO_ZOHO.refreshToken);
	const routes = controlRoutes(emulator, initialPreset);

	const server = await listen({
		port: options.port ?? 0,
		tls: options.https ?? false,
		handler: async (req, res) => {
			if (await routeControl(req, res, routes)) return;
			const url = new URL(req.url ?? '/', emulator.origin);
			if (url.pathname.startsWith('/oauth/v2/')) return handleAccounts(emulator, req, res, url);
			return handleApi(emulator, req, res, url);
		},
	});
	emulator.origin = server.origin;
	return {
		origin: server.origin,
		certificatePem: server.certificatePem,
		stop: async () => {
			await emulator.notifications.settled();
			await server.close();
		},
	};
}

function send(res: http.ServerResponse, response: ApiResponse): void {
	const headers = { ...NO_CACHE_HEADERS, ...(response.headers ?? {}) };
	if (response.body === undefined) {
		res.writeHead(response.status, headers);
		res.end();
		return;
	}
	sendJson(res, response.status, response.body, headers);
}

async function handleAccounts(emulator: Emulator, req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
	const params = new URLSearchParams(url.search);
	if (req.method === 'POST') for (const [key, value] of await formFields(req)) params.set(key, value);
	const operation = url.pathname === '/oauth/v2/auth' ? 'auth' : url.pathname === '/oauth/v2/token/revoke' ? 'revoke' : 'token';
	emulator.counters.increment(operation);
	const fault = emulator.faults.take(operation);
	if (fault && applyTransportFault(fault.kind, res, 'application/json')) return;
	if (operation === 'auth' && req.method === 'GET') return send(res, emulator.accounts.authorize(params, emulator.origin));
	if (operation === 'token' && req.method === 'POST') return send(res, emulator.accounts.exchange(params, emulator.origin));
	if (operation === 'revoke' && req.method === 'POST') {
		emulator.accounts.revoke(params.get('token') ?? '');
		return send(res, { status: 200, body: { status: 'success' } });
	}
	send(res, { status: 404, body: { error: 'invalid_request' } });
}

/**
 * The fields of a form body: Zoho's token endpoint takes them URL-encoded or as
 * multipart/form-data (which Zoho's SDKs send); the query string works too.
 */
async function formFields(req: http.IncomingMessage): Promise<Array<[string, string]>> {
	const raw = await readBody(req);
	const contentType = req.headers['content-type'] ?? '';
	if (!contentType.startsWith('multipart/form-data')) return [...new URLSearchParams(raw.toString('utf8'))];
	const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData();
	const fields: Array<[string, string]> = [];
	form.forEach((value, key) => {
		if (typeof value === 'string') fields.push([key, value]);
	});
	return fields;
}

/**
 * A JSON number of 16 or more digits, outside strings. Zoho's Java, Python and C# SDKs send record
 * ids (19 digits) as JSON numbers; as JavaScript numbers they would lose their last digits, so they
 * are read as digit strings, the form every id takes inside the server.
 */
const LONG_INTEGER_OR_STRING = /"(?:[^"\\]|\\.)*"|(?<![\d.eE+-])-?\d{16,}(?![\d.eE])/g;

function parseJsonKeepingLongIntegers(text: string): unknown {
	return JSON.parse(text.replace(LONG_INTEGER_OR_STRING, (token) => (token.startsWith('"') ? token : `"${token}"`)));
}

async function readJsonBody(req: http.IncomingMessage): Promise<unknown> {
	const raw = await readBody(req);
	if (raw.length === 0) return undefined;
	try {
		return parseJsonKeepingLongIntegers(raw.toString('utf8'));
	} catch {
		throw new ZohoApiError(400, zohoError('INVALID_DATA', 'body', { reason: 'the request body is not valid JSON' }));
	}
}

async function handleApi(emulator: Emulator, req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
	const match = findRoute(req.method ?? 'GET', url.pathname);
	if (!match) {
		emulator.counters.increment('unknown');
		return send(res, {
			status: 404,
			body: zohoError('INVALID_URL_PATTERN', 'Please check if the URL trying to access is a correct one'),
		});
	}
	const { route, params } = match;
	emulator.counters.increment(route.operation);
	const fault = emulator.faults.take(route.operation);
	if (fault?.kind === 'rateLimit') return respond(emulator, res, route, params, { status: 429, body: tooManyRequests() });
	if (fault?.kind === 'expiredToken' || !emulator.accounts.isValid(req.headers.authorization)) {
		const body = req.headers.authorization || fault ? invalidToken() : zohoError('AUTHENTICATION_FAILURE', 'Authentication failed');
		return respond(emulator, res, route, params, { status: 401, body });
	}
	try {
		const ctx: RequestContext = {
			...emulator,
			params,
			query: url.searchParams,
			headers: req.headers,
			body: ['POST', 'PUT', 'PATCH'].includes(req.method ?? '') ? await readJsonBody(req) : undefined,
			user: emulator.store.currentUser(),
		};
		const release = emulator.limits.enter(route.heavy?.(ctx) ?? false);
		if (!release) return respond(emulator, res, route, params, { status: 429, body: tooManyRequests() });
		res.once('close', release);
		// Transport faults strike after the slot is taken: a hung call holds it until the client gives up.
		if (fault && applyTransportFault(fault.kind, res, 'application/json')) return;
		if (!emulator.limits.charge(route.cost?.(ctx) ?? 1)) return respond(emulator, res, route, params, { status: 429, body: tooManyRequests() });
		const requestViolations = ctx.body !== undefined && emulator.validator ? emulator.validator.validateRequest(route.oas(params), ctx.body) : [];
		if (requestViolations.length > 0) {
			recordFailure(emulator, route, 'request', 400, requestViolations, ctx.body);
			const first = requestViolations[0];
			return respond(emulator, res, route, params, {
				status: 400,
				body: zohoError('INVALID_DATA', 'invalid data', { json_path: `$${first.at.replace(/\//g, '.')}`, reason: first.message }),
			});
		}
		const response = route.handle(ctx);
		if (fault?.kind === 'invalidResponse' && response.body !== undefined) response.body = corrupt(response.body);
		respond(emulator, res, route, params, response);
	} catch (error) {
		if (!(error instanceof ZohoApiError)) throw error;
		respond(emulator, res, route, params, { status: error.httpStatus, body: error.body });
	}
}

function recordFailure(emulator: Emulator, route: Route, direction: 'request' | 'response', status: number, violations: SchemaViolation[], body: unknown): void {
	emulator.validationFailures.push({
		operation: route.operation,
		direction,
		status,
		violations,
		body: JSON.stringify(body).slice(0, 2000),
		at: new Date().toISOString(),
	});
}

/** Validates the answer against the OAS (or the generic error shape) and sends it. */
function respond(emulator: Emulator, res: http.ServerResponse, route: Route, params: Record<string, string>, response: ApiResponse): void {
	const validator = emulator.validator;
	if (validator && response.body !== undefined) {
		let violations = validator.validateResponse(route.oas(params), response.status, response.body);
		// common.json's API_Exception is the error shape any operation may answer (401, 429 …).
		if (violations.length > 0 && response.status >= 400) {
			const generic = validator.validateComponent('common.json', 'API_Exception', response.body);
			if (generic.length === 0) violations = [];
		}
		if (violations.length > 0) {
			recordFailure(emulator, route, 'response', response.status, violations, response.body);
			return send(res, {
				status: 500,
				body: zohoError('INTERNAL_ERROR', 'Internal server error occurred.', {
					reason: `the emulator's ${route.operation} response violates Zoho's OAS v8 schema (see GET /__control/validation-errors)`,
					violations,
				}),
			});
		}
	}
	send(res, { ...response, headers: { ...emulator.limits.creditHeaders(), ...(response.headers ?? {}) } });
}
