/**
 * The local Exchange server: SOAP 1.1 at /EWS/Exchange.asmx with Basic, NTLM and Bearer auth,
 * ExchangeImpersonation, schema validation of requests and responses, fault injection, request
 * accounting, and the JSON control API under /__control/.
 */
import type http from 'node:http';
import { RequestCounters } from '../common/counters';
import { FaultPlan, type FaultRule } from '../common/faults';
import { applyTransportFault, listen, readBody } from '../common/http';
import { Authenticator, demoAccounts, type Account } from './auth';
import { DEMO_PASSWORD } from '../demo/world';
import { mayOpen, type MeetingMailLog, type OperationContext } from './context';
import type { RecordedRequest } from './harness';
import { ControlApi } from './control';
import { Notifications } from './notifications';
import { OPERATIONS } from './operations';
import { seedStore, type SeedPreset } from './seed';
import { actionNotSupportedFault, EwsError, envelope, responseMessages, soapFault } from './soap';
import { ExchangeStore, ITEM_KINDS, type Mailbox } from './store';
import { elementSequence } from './schemaOrder';
import { loadBodyValidator, type BodyValidator, type SchemaViolation } from './validation';
import { child, MalformedXmlError, parseXml, path, type XNode } from './xml';

export const EWS_PATH = '/EWS/Exchange.asmx';

export interface ExchangeServerOptions {
	port?: number;
	/** Plain HTTP instead of HTTPS with a self-signed certificate. */
	http?: boolean;
	seed?: SeedPreset;
	/** Validate requests and responses against the EWS schema (default true). */
	validate?: boolean;
}

export interface ExchangeServer {
	/** The EWS endpoint, e.g. https://127.0.0.1:PORT/EWS/Exchange.asmx */
	url: string;
	origin: string;
	certificatePem?: string;
	close(): Promise<void>;
}

/**
 * Another protocol served on the same store, port and control API (the Microsoft Graph front),
 * as Exchange Online serves one mailbox through EWS and through Graph.
 */
export interface EmulatorFront {
	/** Whether this front answers requests for the path. */
	handles(pathname: string): boolean;
	handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void>;
	/** Back to its starting state; called after the store was reseeded. */
	reset(): void;
	/** Its routes under /__control/, beside the EWS ones. */
	controlRoutes(): Record<string, (body: unknown, req: http.IncomingMessage) => unknown>;
	close(): void;
}

export interface ResponseValidationError {
	operation: string;
	at: string;
	violations: SchemaViolation[];
}

const SERVER_VERSIONS = new Set([
	'Exchange2007', 'Exchange2007_SP1', 'Exchange2010', 'Exchange2010_SP1', 'Exchange2010_SP2', 'Exchange2013', 'Exchange2013_SP1',
	'Exchange2015', 'Exchange2016', 'V2015_10_05', 'V2016_01_06', 'V2016_04_13', 'V2016_07_13', 'V2016_10_10',
]);

/** Elements whose children are the per-item requests, for answering an in-message error per item. */
const REQUEST_LISTS = ['ItemIds', 'Items', 'ItemChanges', 'ParentFolderIds', 'FolderIds', 'SubscriptionIds'];

/** Everything the server holds; created once per server, reset through the control API. */
export class ExchangeEmulator {
	readonly store = new ExchangeStore();
	readonly auth = new Authenticator(demoAccounts());
	readonly counters = new RequestCounters();
	readonly faults = new FaultPlan();
	readonly meetingMail: MeetingMailLog = { invitations: new Map(), cancellations: new Map() };
	readonly responseErrors: ResponseValidationError[] = [];
	readonly recentRequests: RecordedRequest[] = [];
	readonly notifications: Notifications;
	readonly control: ControlApi;
	/** The seed the server started with; `reset` returns to it. */
	readonly startSeed: SeedPreset;
	seedPreset: SeedPreset;
	/** PEM of the HTTPS certificate, served at /__control/certificate. */
	certificatePem?: string;
	/** Mailboxes added after start (control API or scripts); they survive resets, empty. */
	private readonly addedAccounts: Account[] = [];
	/** SOAP requests being answered, per account (for the connectionLimit fault). */
	private readonly inFlight = new Map<string, number>();
	/** Other protocols on the same store (see EmulatorFront). */
	readonly fronts: EmulatorFront[] = [];

	constructor(
		seed: SeedPreset,
		readonly validator: BodyValidator | undefined,
	) {
		this.startSeed = seed;
		this.seedPreset = seed;
		this.notifications = new Notifications(this.store);
		this.control = new ControlApi(this);
		// Reads the item property order from the schema now rather than on the first request.
		for (const { schemaType } of Object.values(ITEM_KINDS)) elementSequence(schemaType);
		this.reset(seed);
	}

	reset(seed: SeedPreset = this.startSeed): void {
		this.seedPreset = seed;
		this.notifications.clear();
		this.auth.reset([...demoAccounts(), ...this.addedAccounts]);
		this.store.clear();
		seedStore(this.store, seed, this.auth.list());
		this.meetingMail.invitations.clear();
		this.meetingMail.cancellations.clear();
		this.counters.reset();
		this.faults.clear();
		this.responseErrors.length = 0;
		for (const front of this.fronts) front.reset();
	}

	addFront(front: EmulatorFront): void {
		this.fronts.push(front);
	}

	/** Adds a user with an empty mailbox (the service account may impersonate it). */
	addMailbox(smtp: string, displayName: string, password = DEMO_PASSWORD): void {
		if (this.store.mailbox(smtp)) throw new Error(`mailbox ${smtp} already exists`);
		const account: Account = { smtp: smtp.toLowerCase(), displayName, password, impersonation: false };
		this.addedAccounts.push(account);
		this.auth.add(account);
		this.store.addMailbox(account.smtp, displayName);
	}

	async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		const url = new URL(req.url ?? '/', 'http://localhost');
		if (url.pathname.startsWith('/__control/')) {
			await this.control.handle(req, res);
			return;
		}
		const front = this.fronts.find((candidate) => candidate.handles(url.pathname));
		if (front) return front.handle(req, res);
		if (url.pathname.toLowerCase() !== EWS_PATH.toLowerCase()) {
			res.writeHead(404, { 'Content-Type': 'text/plain' });
			res.end('Not found');
			return;
		}
		const body = await readBody(req);
		const authentication = this.auth.authenticate(req);
		if (authentication.kind === 'challenge') {
			this.counters.increment('ntlmNegotiate');
			res.writeHead(401, { 'WWW-Authenticate': authentication.header, 'Content-Length': 0 });
			res.end();
			return;
		}
		if (authentication.kind === 'rejected' || req.method !== 'POST') {
			if (authentication.kind === 'rejected') this.counters.increment('unauthorized');
			this.unauthorized(res, authentication.kind === 'rejected' ? authentication.reason : 'POST a SOAP request');
			return;
		}
		const account = authentication.account.smtp;
		this.inFlight.set(account, (this.inFlight.get(account) ?? 0) + 1);
		res.once('close', () => this.inFlight.set(account, (this.inFlight.get(account) ?? 1) - 1));
		await this.soap(req, res, body.toString('utf8'), authentication.account);
	}

	private unauthorized(res: http.ServerResponse, reason: string): void {
		res.writeHead(401, {
			'WWW-Authenticate': ['Negotiate', 'NTLM', 'Basic realm="127.0.0.1"'],
			'X-MS-Diagnostics': `4000000;reason="${reason}";error_category="invalid_user"`,
			'Content-Length': 0,
		});
		res.end();
	}

	private sendXml(res: http.ServerResponse, status: number, text: string): void {
		res.writeHead(status, { 'Content-Type': 'text/xml; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
		res.end(text);
	}

	private async soap(req: http.IncomingMessage, res: http.ServerResponse, text: string, caller: Account): Promise<void> {
		let request: XNode;
		try {
			request = parseXml(text);
		} catch (error) {
			if (!(error instanceof MalformedXmlError)) throw error;
			this.counters.increment('invalidRequest');
			return this.sendXml(res, 500, soapFault(schemaError([{ message: error.message, line: error.line, column: error.column }])));
		}
		const operation = path(request, 'Body')?.children[0];
		const operationName = operation?.name === 'GetUserAvailabilityRequest' ? 'GetUserAvailability' : (operation?.name ?? 'Unknown');
		this.counters.increment(operationName);
		const violations = this.validator?.validate(text) ?? [];
		if (violations.length > 0) return this.sendXml(res, 500, soapFault(schemaError(violations)));

		const fault = this.faults.take(operationName);
		if (fault && (await this.applyFault(fault, res, operation!, operationName, caller))) return;

		try {
			const context = this.contextFor(request, caller, req);
			if (fault?.kind === 'partialPage') context.pageLimit = Number(fault.params?.size ?? 1);
			if (!operation) throw new EwsError('ErrorInvalidRequest', 'The request has no operation in soap:Body.');
			if (operationName === 'GetStreamingEvents') {
				this.notifications.stream(context, operation, res, (frame) => this.checkResponse(operationName, frame));
				return;
			}
			const handler = OPERATIONS[operationName];
			if (!handler) {
				this.counters.increment('notImplemented');
				return this.sendXml(res, 500, actionNotSupportedFault(String(req.headers.soapaction ?? '').replace(/^"|"$/g, '')));
			}
			const answer = fault?.kind === 'invalidSyncState' && operationName === 'SyncFolderItems'
				? responseMessages(operationName, [invalidSyncState()])
				: handler(context, operation);
			let response = envelope(answer);
			if (fault?.kind === 'invalidResponse') response = response.replace('</m:ResponseCode>', '</m:ResponseCode><m:NotInTheSchema/>');
			this.respond(res, operationName, response);
		} catch (error) {
			if (error instanceof EwsError) return this.sendXml(res, 500, soapFault(error));
			const message = error instanceof Error ? error.message : String(error);
			process.stderr.write(`Exchange emulator: ${operationName} failed: ${error instanceof Error ? error.stack : message}\n`);
			this.sendXml(res, 500, soapFault(new EwsError('ErrorInternalServerError', `An internal server error occurred: ${message}`)));
		}
	}

	/** Validates a response; a schema-invalid one is recorded and replaced by a clear error. */
	checkResponse(operation: string, response: string): string | undefined {
		const violations = this.validator?.validate(response) ?? [];
		if (violations.length === 0) return undefined;
		this.responseErrors.push({ operation, at: new Date().toISOString(), violations });
		const summary = violations.map((v) => `line ${v.line}: ${v.message}`).join('; ');
		return soapFault(new EwsError('ErrorInternalServerError', `Exchange emulator bug: its ${operation} response is not valid against the EWS schema: ${summary}`));
	}

	private respond(res: http.ServerResponse, operation: string, response: string): void {
		const replacement = this.checkResponse(operation, response);
		this.sendXml(res, replacement ? 500 : 200, replacement ?? response);
	}

	private async applyFault(fault: FaultRule, res: http.ServerResponse, operation: XNode, operationName: string, caller: Account): Promise<boolean> {
		const params = fault.params ?? {};
		switch (fault.kind) {
			case 'slow':
				await new Promise((resolve) => setTimeout(resolve, Number(params.delayMs ?? 1000)));
				return false;
			case 'connectionLimit': {
				// EWSMaxConcurrency: 27 on Exchange 2013 and later.
				if ((this.inFlight.get(caller.smtp) ?? 0) > Number(params.max ?? 27)) {
					this.sendXml(res, 500, soapFault(new EwsError('ErrorExceededConnectionCount', 'You have exceeded the maximum number of concurrent connections for this account.')));
					return true;
				}
				await new Promise((resolve) => setTimeout(resolve, Number(params.holdMs ?? 0)));
				return false;
			}
			case 'throttle': {
				const busy = new EwsError('ErrorServerBusy', 'The server cannot service this request right now. Try again later.', {
					BackOffMilliseconds: String(params.backOffMs ?? 5000),
				});
				if (!params.inMessage) {
					this.sendXml(res, 500, soapFault(busy));
					return true;
				}
				const list = REQUEST_LISTS.map((name) => child(operation, name)).find(Boolean);
				const count = Math.max(1, list?.children.length ?? 1);
				this.respond(res, operationName, envelope(responseMessages(operationName, Array.from({ length: count }, () => busy))));
				return true;
			}
			case 'unauthorized':
				this.unauthorized(res, 'injected fault');
				return true;
			case 'invalidSyncState':
			case 'invalidResponse':
			case 'partialPage':
				return false;
			default:
				if (applyTransportFault(fault.kind, res, 'text/xml; charset=utf-8')) return true;
				throw new Error(`unknown fault kind ${fault.kind}`);
		}
	}

	private contextFor(request: XNode, caller: Account, req: http.IncomingMessage): OperationContext {
		const header = child(request, 'Header');
		const version = child(header, 'RequestServerVersion')?.attrs.Version;
		if (version && !SERVER_VERSIONS.has(version)) {
			throw new EwsError('ErrorInvalidServerVersion', 'The specified server version is invalid.');
		}
		const sid = child(path(header, 'ExchangeImpersonation', 'ConnectingSID'), 'SmtpAddress') ??
			child(path(header, 'ExchangeImpersonation', 'ConnectingSID'), 'PrimarySmtpAddress') ??
			child(path(header, 'ExchangeImpersonation', 'ConnectingSID'), 'PrincipalName') ??
			child(path(header, 'ExchangeImpersonation', 'ConnectingSID'), 'SID');
		const target = sid?.text.trim() ?? caller.smtp;
		const mailbox = this.store.mailbox(target);
		if (!mailbox) throw new EwsError('ErrorNonExistentMailbox', `The SMTP address has no mailbox associated with it.`, { SmtpAddress: target });
		if (!mayOpen(caller, target)) {
			throw new EwsError('ErrorImpersonateUserDenied', 'The account does not have permission to impersonate the requested user.');
		}
		this.recentRequests.push({
			operation: path(request, 'Body')?.children[0]?.name ?? 'Unknown',
			account: caller.smtp,
			mailbox: mailbox.smtp,
			anchorMailbox: req.headers['x-anchormailbox'] as string | undefined,
			scheme: (req.headers.authorization ?? '').split(' ')[0],
			clientPort: req.socket.remotePort ?? 0,
		});
		if (this.recentRequests.length > 200) this.recentRequests.shift();
		return this.actingAs(mailbox, caller, path(header, 'TimeZoneContext', 'TimeZoneDefinition')?.attrs.Id);
	}

	/** What an operation needs to act on `mailbox` for `caller` (the control API acts as the mailbox's user). */
	actingAs(mailbox: Mailbox, caller: Account = this.auth.account(mailbox.smtp), timeZoneId = 'UTC'): OperationContext {
		return {
			store: this.store,
			auth: this.auth,
			counters: this.counters,
			caller,
			mailbox,
			timeZoneId,
			meetingMail: this.meetingMail,
			notifications: this.notifications,
		};
	}
}

function schemaError(violations: SchemaViolation[]): EwsError {
	const first = violations[0];
	return new EwsError('ErrorSchemaValidation', 'The request failed schema validation: ' + first.message, {
		LineNumber: String(first.line),
		LinePosition: String(first.column),
		Violation: first.message,
	});
}

function invalidSyncState(): EwsError {
	return new EwsError('ErrorInvalidSyncStateData', 'Synchronization state data is corrupt or otherwise invalid.');
}

/**
 * Starts the server in this process (for scripts run with tsx; jest tests use the harness).
 * `addFronts` adds other protocols on the same store before anything is served.
 */
export async function startExchangeServer(options: ExchangeServerOptions = {}, addFronts?: (emulator: ExchangeEmulator) => Promise<void>): Promise<ExchangeServer> {
	// Loading the schema and generating the certificate overlap; nothing is served before both are done.
	const ready = (options.validate === false ? Promise.resolve(undefined) : loadBodyValidator()).then(async (validator) => {
		const emulator = new ExchangeEmulator(options.seed ?? 'demo', validator);
		await addFronts?.(emulator);
		return emulator;
	});
	const [server, emulator] = await Promise.all([
		listen({ port: options.port ?? 0, tls: !options.http, handler: async (req, res) => (await ready).handle(req, res) }),
		ready,
	]);
	emulator.certificatePem = server.certificatePem;
	return {
		url: `${server.origin}${EWS_PATH}`,
		origin: server.origin,
		certificatePem: server.certificatePem,
		close: async () => {
			emulator.notifications.clear();
			for (const front of emulator.fronts) front.close();
			await server.close();
		},
	};
}
