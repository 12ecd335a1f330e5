import * as https from 'https';
import * as tls from 'tls';
import { NodeOperationError, sleep } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INode,
	IPollFunctions,
	ITriggerFunctions,
	NodeApiError,
} from 'n8n-workflow';
import {
	ConnectingIdType,
	ExchangeService,
	ExchangeVersion,
	FolderId,
	ImpersonatedUserId,
	Mailbox,
	ServiceResult,
	TimeZoneInfo,
	Uri,
	WebCredentials,
	WellKnownFolderName,
} from 'ews-javascript-api';
import type { IXHRApi, ServiceResponse, ServiceResponseCollection } from 'ews-javascript-api';
import { XhrApi } from '@ewsjs/xhr';
import { accountName, credentialProblem, readExchangeCredentials } from './credentials';
import type { ExchangeCredentials } from './credentials';
import { classifyEwsError, failureToNodeApiError, responseFailure } from './errors';
import type { EwsFailure, FailureContext } from './errors';
import { GuardedXhr } from './guardedXhr';
import { NtlmAuthProvider } from './ntlm';
import { DEFAULT_RETRY_POLICY, isThrottled, retryDelayMs, throttledDetail } from './retry';
import type { RetryPolicy } from './retry';
import { xmlText } from './xml';
import './nodeCompatibility';

export const CREDENTIAL_TYPE = 'microsoftExchangeEwsApi';

/** EWS accepts many items per batched request; Microsoft advises keeping batches modest. */
export const MAX_BATCH_SIZE = 100;

/** A call that never settles is given up after this many request timeouts plus a grace period. */
const REQUESTS_PER_CALL = 3;
const DEADLINE_GRACE_MS = 5_000;

export type BatchOutcome<R> = { response: R; failure?: undefined } | { failure: EwsFailure; response?: undefined };

/** Waits between throttled attempts; replaceable in tests that assert on the waits. */
export type Wait = (milliseconds: number) => Promise<void>;

export interface SessionOptions {
	retryPolicy?: RetryPolicy;
	wait?: Wait;
	/** Replaces the HTTP layer (tests drive the real client against canned responses). */
	createXhr?: (credentials: ExchangeCredentials) => IXHRApi;
}

function chunk<T>(values: T[], size: number): T[][] {
	const chunks: T[][] = [];
	for (let start = 0; start < values.length; start += size) chunks.push(values.slice(start, start + size));
	return chunks;
}

/**
 * Everything one execution needs to talk to Exchange with one credential: one ExchangeService
 * (with its own XhrApi) per mailbox, created on first use and dropped with the execution. Nothing
 * here is shared between executions, so concurrent workflows with different credentials never
 * see each other's connections (the client's ConfigurationApi.ConfigureXHR is process-global and
 * is never used).
 */
export class ExchangeSession {
	private readonly services = new Map<string, ExchangeService>();

	readonly retryPolicy: RetryPolicy;

	private readonly wait: Wait;

	private readonly createXhr?: (credentials: ExchangeCredentials) => IXHRApi;

	constructor(
		readonly node: INode,
		readonly credentials: ExchangeCredentials,
		options: SessionOptions = {},
	) {
		this.retryPolicy = options.retryPolicy ?? DEFAULT_RETRY_POLICY;
		this.wait = options.wait ?? sleep;
		this.createXhr = options.createXhr;
	}

	static fromCredentialData(node: INode, data: ICredentialDataDecryptedObject): ExchangeSession {
		const credentials = readExchangeCredentials(data);
		const problem = credentialProblem(credentials);
		if (problem) throw new NodeOperationError(node, problem);
		return new ExchangeSession(node, credentials);
	}

	static async fromContext(
		context: IExecuteFunctions | IPollFunctions | ITriggerFunctions | ILoadOptionsFunctions,
	): Promise<ExchangeSession> {
		return ExchangeSession.fromCredentialData(context.getNode(), await context.getCredentials(CREDENTIAL_TYPE));
	}

	/** The SMTP address the node reports items under. */
	mailboxAddress(mailbox?: string): string {
		if (mailbox) return mailbox;
		const { username } = this.credentials;
		return username.includes('@') ? username : '';
	}

	service(mailbox?: string): ExchangeService {
		const key = mailbox?.toLowerCase() ?? '';
		const existing = this.services.get(key);
		if (existing) return existing;
		const service = this.createService(mailbox);
		this.services.set(key, service);
		return service;
	}

	/**
	 * A well-known folder of the mailbox. With impersonation the service already acts as the
	 * mailbox; without it, the mailbox is named on the folder id (delegate / explicit access).
	 */
	folder(name: WellKnownFolderName, mailbox?: string): FolderId {
		if (!mailbox || this.credentials.impersonation) return new FolderId(name);
		return new FolderId(name, new Mailbox(xmlText(mailbox)));
	}

	failureContext(mailbox?: string): FailureContext {
		return {
			username: accountName(this.credentials),
			mailbox,
			timeoutSeconds: this.credentials.timeoutSeconds,
			secrets: [this.credentials.password],
		};
	}

	error(failure: EwsFailure, mailbox?: string, itemIndex?: number): NodeApiError {
		return failureToNodeApiError(this.node, failure, this.failureContext(mailbox), itemIndex);
	}

	/** One EWS call with throttling retries; failures become a NodeApiError. */
	async call<T>(mailbox: string | undefined, run: (service: ExchangeService) => Promise<T>, itemIndex?: number): Promise<T> {
		for (let attempt = 1; ; attempt++) {
			let failure: EwsFailure;
			try {
				return await this.withDeadline(run(this.service(mailbox)));
			} catch (error) {
				failure = classifyEwsError(error);
			}
			const delay = retryDelayMs(failure, attempt, this.retryPolicy);
			if (delay === undefined) throw this.error(this.withRetryDetail(failure, attempt), mailbox, itemIndex);
			await this.wait(delay);
		}
	}

	/**
	 * A batched call (CreateItems, UpdateItems, DeleteItems, BindToItems …) over many inputs, in
	 * chunks of at most MAX_BATCH_SIZE. Returns one outcome per input, in input order: batched
	 * responses fail per item without throwing, and a failure of a whole request fails each of
	 * its items. Throttled items (fault or in-message ErrorServerBusy) are retried.
	 */
	async callBatch<I, R extends ServiceResponse>(
		mailbox: string | undefined,
		inputs: I[],
		run: (service: ExchangeService, inputs: I[]) => Promise<ServiceResponseCollection<R>>,
	): Promise<Array<BatchOutcome<R>>> {
		const outcomes: Array<BatchOutcome<R>> = new Array(inputs.length);
		const indexed = inputs.map((input, position) => ({ input, position }));
		for (const part of chunk(indexed, MAX_BATCH_SIZE)) {
			let pending = part;
			for (let attempt = 1; pending.length > 0; attempt++) {
				const throttled: typeof pending = [];
				let lastThrottle: EwsFailure | undefined;
				try {
					const responses = await this.withDeadline(
						run(
							this.service(mailbox),
							pending.map((entry) => entry.input),
						),
					);
					pending.forEach((entry, index) => {
						const response = responses.Responses[index];
						if (response && response.Result !== ServiceResult.Error) {
							outcomes[entry.position] = { response };
							return;
						}
						const failure: EwsFailure = response
							? responseFailure(response)
							: { code: 'ErrorInternalServerError', detail: 'Exchange sent no response for this item', values: {} };
						if (isThrottled(failure)) {
							throttled.push(entry);
							lastThrottle = failure;
						}
						outcomes[entry.position] = { failure };
					});
				} catch (error) {
					const failure = classifyEwsError(error);
					for (const entry of pending) outcomes[entry.position] = { failure };
					if (isThrottled(failure)) {
						throttled.push(...pending);
						lastThrottle = failure;
					}
				}
				const delay = lastThrottle ? retryDelayMs(lastThrottle, attempt, this.retryPolicy) : undefined;
				if (delay === undefined) {
					for (const entry of throttled) {
						const failure = outcomes[entry.position].failure as EwsFailure;
						outcomes[entry.position] = { failure: this.withRetryDetail(failure, attempt) };
					}
					break;
				}
				await this.wait(delay);
				pending = throttled;
			}
		}
		return outcomes;
	}

	/**
	 * A last line of defence: the HTTP timeout covers the network, but a client defect could leave
	 * a call unsettled after the answer arrived; give up some time after the timeout instead of
	 * holding the execution forever. One call may chain a few requests (sending a message with
	 * attachments takes three), hence the factor.
	 */
	private async withDeadline<T>(call: Promise<T>): Promise<T> {
		const limitMs = this.credentials.timeoutSeconds * 1000 * REQUESTS_PER_CALL + DEADLINE_GRACE_MS;
		let timer: NodeJS.Timeout | undefined;
		const deadline = new Promise<never>((_, reject) => {
			timer = setTimeout(() => reject({ message: `timeout of ${limitMs}ms exceeded` }), limitMs);
		});
		try {
			return await Promise.race([call, deadline]);
		} finally {
			clearTimeout(timer);
		}
	}

	private withRetryDetail(failure: EwsFailure, attempts: number): EwsFailure {
		if (!isThrottled(failure)) return failure;
		return { ...failure, detail: throttledDetail(failure, attempts, this.retryPolicy) };
	}

	private createService(mailbox?: string): ExchangeService {
		const { credentials } = this;
		const version = ExchangeVersion[credentials.exchangeVersion as keyof typeof ExchangeVersion];
		// An explicit zone: the client's default follows the process zone, which in a UTC container
		// becomes "Greenwich Standard Time" (Monrovia) and shifts appointments without a zone.
		const service = new ExchangeService(version ?? ExchangeVersion.Exchange2013_SP1, TimeZoneInfo.Utc);
		service.Url = new Uri(credentials.url);
		const account = accountName(credentials);
		// Required for NTLM too: the client needs credentials to send a request at all.
		service.Credentials = new WebCredentials(xmlText(account), credentials.password);
		service.XHRApi = new GuardedXhr(this.createXhr?.(credentials) ?? this.createHttpTransport(account));
		if (mailbox && credentials.impersonation) {
			service.ImpersonatedUserId = new ImpersonatedUserId(ConnectingIdType.SmtpAddress, xmlText(mailbox));
			// Routes the request to the mailbox's server in multi-server and hybrid deployments.
			service.HttpHeaders.Add('X-AnchorMailbox', mailbox);
		}
		return service;
	}

	private createHttpTransport(account: string): IXHRApi {
		const { credentials } = this;
		const timeoutMs = credentials.timeoutSeconds * 1000;
		const agentOptions: https.AgentOptions = credentials.ignoreCertificateErrors
			? { rejectUnauthorized: false }
			: credentials.caCertificate
				? { ca: [...tls.rootCertificates, credentials.caCertificate] }
				: {};
		// ExchangeService.Timeout is not wired into the HTTP layer; the XhrApi timeout is.
		const xhr = new XhrApi({
			timeout: timeoutMs,
			rejectUnauthorized: !credentials.ignoreCertificateErrors,
			// Keep-alive reuses one TLS connection per mailbox: without it each request builds a
			// secure context from every root certificate plus the custom CA, and shakes hands again.
			...(agentOptions.ca ? { httpsAgent: new https.Agent({ ...agentOptions, keepAlive: true }) } : {}),
		});
		if (credentials.authentication === 'ntlm') {
			xhr.setAuthProvider(new NtlmAuthProvider(account, credentials.password, agentOptions, timeoutMs));
		}
		return xhr;
	}
}
