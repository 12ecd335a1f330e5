import { NodeApiError, sleep } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INode,
	IPollFunctions,
	ITriggerFunctions,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';
import type { GraphCredentials } from './credentials';
import { unreachableReason } from './credentials';

export type GraphContext = IExecuteFunctions | IPollFunctions | ITriggerFunctions | ILoadOptionsFunctions | IHookFunctions | IWebhookFunctions;

export interface GraphRequest {
	method: IHttpRequestMethods;
	/** Below Graph's base URL (`/users/…`), or an absolute `@odata.nextLink` / `@odata.deltaLink`. */
	path: string;
	/** Query options, encoded here ($filter values as they are). */
	query?: Record<string, string>;
	body?: IDataObject;
	headers?: Record<string, string>;
}

export interface GraphResponse {
	status: number;
	headers: Record<string, string>;
	body: IDataObject;
}

/** Outlook's limit per app and mailbox: requests in flight at once. */
export const MAILBOX_CONCURRENCY = 4;
/** An upload session's ranges: a multiple of 320 KiB, as Graph requires, below its 4 MB request limit. */
const UPLOAD_RANGE_BYTES = 10 * 320 * 1024;
/** Graph's limit of requests in one $batch. */
export const MAX_BATCH_REQUESTS = 20;
/** 429 answers waited out (after Retry-After) before the request counts as failed. */
const MAX_THROTTLE_RETRIES = 5;
const DEFAULT_RETRY_AFTER_SECONDS = 5;

/** Every request asks for immutable ids, which survive moves between folders. */
const PREFER_IMMUTABLE_IDS = 'IdType="ImmutableId"';

/** Up to `capacity` units in use at once; waiters are served in order. No timers: only promises. */
class Slots {
	private used = 0;
	private readonly waiting: Array<{ units: number; start: () => void }> = [];

	constructor(private readonly capacity: number) {}

	async use<T>(units: number, work: () => Promise<T>): Promise<T> {
		if (this.waiting.length > 0 || this.used + units > this.capacity) {
			await new Promise<void>((start) => this.waiting.push({ units, start }));
		} else {
			this.used += units;
		}
		try {
			return await work();
		} finally {
			this.used -= units;
			this.next();
		}
	}

	private next(): void {
		while (this.waiting.length > 0 && this.used + this.waiting[0].units <= this.capacity) {
			const waiter = this.waiting.shift() as { units: number; start: () => void };
			this.used += waiter.units;
			waiter.start();
		}
	}
}

/**
 * Whether Graph asks for the request again later: every 429 (nothing was done), and a 503 with
 * Retry-After for requests that may safely run twice (a create might have been made).
 */
function mustRetry(request: GraphRequest, response: GraphResponse): boolean {
	if (response.status === 429) return true;
	return response.status === 503 && response.headers['retry-after'] !== undefined && request.method !== 'POST';
}

function retryAfterSeconds(headers: Record<string, string>): number {
	const value = Number(headers['retry-after'] ?? headers['Retry-After']);
	return Number.isFinite(value) && value >= 0 ? value : DEFAULT_RETRY_AFTER_SECONDS;
}

/** The request's Prefer header with the immutable-id preference added. */
function prefer(request: GraphRequest): string {
	return [PREFER_IMMUTABLE_IDS, request.headers?.Prefer].filter(Boolean).join(', ');
}

function lowerCaseHeaders(headers: unknown): Record<string, string> {
	const result: Record<string, string> = {};
	for (const [name, value] of Object.entries((headers ?? {}) as Record<string, unknown>)) result[name.toLowerCase()] = String(value);
	return result;
}

function queryString(query: Record<string, string> | undefined): string {
	const parts = Object.entries(query ?? {}).map(([key, value]) => `${key}=${encodeURIComponent(value)}`);
	return parts.length ? `?${parts.join('&')}` : '';
}

/**
 * Microsoft Graph for one execution, on n8n's `httpRequestWithAuthentication` (which gets and
 * renews the token through the credential): at most 4 requests in flight per mailbox (a $batch
 * takes all 4, as Graph runs 4 of its requests at once), 429 (and 503 where a retry is safe)
 * waited out after its Retry-After with n8n's `sleep`, `Prefer: IdType="ImmutableId"` on every call. HTTP errors come back as
 * responses; only an unreachable server throws.
 */
export class GraphClient {
	private readonly slots = new Map<string, Slots>();

	constructor(
		private readonly context: GraphContext,
		readonly credentials: GraphCredentials,
	) {}

	get node(): INode {
		return this.context.getNode();
	}

	/** The SMTP address (or user id) calls for `mailbox` go to. */
	mailboxAddress(mailbox?: string): string {
		return mailbox?.trim() || this.credentials.mailbox;
	}

	private slotsOf(mailbox: string): Slots {
		const key = mailbox.toLowerCase();
		let slots = this.slots.get(key);
		if (!slots) {
			slots = new Slots(MAILBOX_CONCURRENCY);
			this.slots.set(key, slots);
		}
		return slots;
	}

	private url(request: GraphRequest): string {
		const base = /^https?:\/\//.test(request.path) ? request.path : `${this.credentials.graphUrl}${request.path}`;
		return `${base}${queryString(request.query)}`;
	}

	private async sendOnce(mailbox: string, request: GraphRequest, itemIndex?: number): Promise<GraphResponse> {
		const options: IHttpRequestOptions = {
			method: request.method,
			url: this.url(request),
			headers: { Accept: 'application/json', ...request.headers, Prefer: prefer(request) },
			body: request.body,
			json: true,
			returnFullResponse: true,
			timeout: this.credentials.timeoutMs,
		};
		try {
			const response = (await this.context.helpers.httpRequestWithAuthentication.call(this.context, 'microsoft365GraphApi', options)) as {
				statusCode: number;
				headers: unknown;
				body: unknown;
			};
			return { status: response.statusCode, headers: lowerCaseHeaders(response.headers), body: (response.body ?? {}) as IDataObject };
		} catch (error) {
			// n8n throws for HTTP errors (after renewing the token once on a 401); the answer is on the cause.
			const cause = ((error as { cause?: unknown }).cause ?? error) as { response?: { status?: number; headers?: unknown; data?: unknown } };
			const response = cause.response ?? (error as { response?: typeof cause.response }).response;
			if (response?.status) {
				return { status: response.status, headers: lowerCaseHeaders(response.headers), body: (response.data ?? {}) as IDataObject };
			}
			// No answer: the network failed, or the sign-in did (the credential's words, on the cause).
			// The mailbox is named: a sync runs one job per user, and its report says whose failed.
			const networkCode = (error as { code?: string }).code ?? (cause as { code?: string }).code;
			throw new NodeApiError(this.node, { message: unreachableReason(error) } as JsonObject, {
				message: networkCode
					? `Microsoft Graph could not be reached at ${this.credentials.graphUrl} (${networkCode}) for mailbox ${mailbox}`
					: `Signing in to Microsoft 365 failed for mailbox ${mailbox}: ${unreachableReason(error)}`,
				itemIndex,
			});
		}
	}

	/**
	 * One request for `mailbox`, 429 (and 503 where safe) waited out. It holds `places` of the
	 * mailbox's concurrency limit while in flight.
	 */
	async send(mailbox: string, request: GraphRequest, itemIndex?: number, places = 1): Promise<GraphResponse> {
		for (let attempt = 0; ; attempt++) {
			const response = await this.slotsOf(mailbox).use(places, async () => await this.sendOnce(mailbox, request, itemIndex));
			if (!mustRetry(request, response) || attempt >= MAX_THROTTLE_RETRIES) return response;
			await sleep(retryAfterSeconds(response.headers) * 1000);
		}
	}

	/**
	 * Puts a file's bytes to an upload session's URL, range by range. The URL carries its own
	 * credential and must get no Authorization header: n8n's plain request helper sends it.
	 */
	async upload(mailbox: string, uploadUrl: string, bytes: Uint8Array, itemIndex?: number): Promise<void> {
		for (let start = 0; start < bytes.length; start += UPLOAD_RANGE_BYTES) {
			const range = bytes.subarray(start, start + UPLOAD_RANGE_BYTES);
			const contentRange = `bytes ${start}-${start + range.length - 1}/${bytes.length}`;
			const response = await this.slotsOf(mailbox).use(1, async () => await this.putRange(uploadUrl, range, contentRange));
			if (response.status >= 300) throw this.error(response, mailbox, itemIndex, 'attachment');
		}
	}

	private async putRange(url: string, range: Uint8Array, contentRange: string): Promise<GraphResponse> {
		const response = (await this.context.helpers.httpRequest({
			method: 'PUT',
			url,
			body: range,
			headers: { 'Content-Type': 'application/octet-stream', 'Content-Range': contentRange },
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: this.credentials.timeoutMs,
		})) as { statusCode: number; headers: unknown; body: unknown };
		const body = typeof response.body === 'string' && response.body !== '' ? (JSON.parse(response.body) as IDataObject) : ((response.body ?? {}) as IDataObject);
		return { status: response.statusCode, headers: lowerCaseHeaders(response.headers), body };
	}

	/** Like send, but a non-2xx answer throws it as a NodeApiError in plain words. */
	async call(mailbox: string, request: GraphRequest, itemIndex?: number): Promise<IDataObject> {
		const response = await this.send(mailbox, request, itemIndex);
		if (response.status >= 300) throw this.error(response, mailbox, itemIndex);
		return response.body;
	}

	/**
	 * Requests for one mailbox through $batch, 20 at a time, answered in the order given. Requests
	 * Graph throttled inside a batch are sent again, after the longest Retry-After among them.
	 */
	async batch(mailbox: string, requests: GraphRequest[]): Promise<GraphResponse[]> {
		const responses: GraphResponse[] = new Array(requests.length);
		for (let start = 0; start < requests.length; start += MAX_BATCH_REQUESTS) {
			let pending = requests.slice(start, start + MAX_BATCH_REQUESTS).map((request, offset) => ({ request, position: start + offset }));
			for (let attempt = 0; pending.length > 0; attempt++) {
				const answers = await this.batchOnce(mailbox, pending.map((entry) => entry.request));
				const throttled = pending.filter((entry, index) => {
					responses[entry.position] = answers[index];
					return mustRetry(entry.request, answers[index]) && attempt < MAX_THROTTLE_RETRIES;
				});
				if (throttled.length === 0) break;
				await sleep(Math.max(...throttled.map((entry) => retryAfterSeconds(responses[entry.position].headers))) * 1000);
				pending = throttled;
			}
		}
		return responses;
	}

	private async batchOnce(mailbox: string, requests: GraphRequest[]): Promise<GraphResponse[]> {
		const body = {
			requests: requests.map((request, index) => ({
				id: String(index),
				method: request.method,
				url: `${request.path}${queryString(request.query)}`,
				headers: {
					...request.headers,
					Prefer: prefer(request),
					...(request.body ? { 'Content-Type': 'application/json' } : {}),
				},
				...(request.body ? { body: request.body } : {}),
			})),
		};
		// Graph runs four of a batch's requests at once: the batch takes every place of the mailbox.
		const response = await this.send(mailbox, { method: 'POST', path: '/$batch', body }, undefined, MAILBOX_CONCURRENCY);
		if (response.status >= 300) {
			// The whole batch failed (e.g. the token): every request in it failed the same way.
			return requests.map(() => response);
		}
		const answers = new Map<string, GraphResponse>();
		for (const answer of (response.body.responses ?? []) as IDataObject[]) {
			answers.set(String(answer.id), {
				status: Number(answer.status),
				headers: lowerCaseHeaders(answer.headers),
				body: (answer.body ?? {}) as IDataObject,
			});
		}
		return requests.map(
			(_, index) =>
				answers.get(String(index)) ?? { status: 500, headers: {}, body: { error: { code: 'MissingBatchResponse', message: 'Graph gave no answer for this request in the batch' } } },
		);
	}

	/** A Graph error answer as a NodeApiError whose message says what to do. */
	error(response: GraphResponse, mailbox: string, itemIndex?: number, noun = 'item'): NodeApiError {
		const error = (response.body.error ?? {}) as IDataObject;
		const code = String(error.code ?? '');
		const detail = String(error.message ?? '');
		return new NodeApiError(this.node, { ...response.body, httpCode: String(response.status) } as JsonObject, {
			message: graphErrorMessage(response.status, code, detail, mailbox, noun),
			description: code ? `${code}: ${detail}` : detail || undefined,
			httpCode: String(response.status),
			itemIndex,
		});
	}
}

/** What a Graph error means for the admin or the workflow, in plain words. */
export function graphErrorMessage(status: number, code: string, detail: string, mailbox: string, noun = 'item'): string {
	const permissions = /API requires one of '([^']+)'/.exec(detail)?.[1];
	if (status === 403 && permissions) {
		return `The app has no permission for this in ${mailbox}: grant the application permission ${permissions.split(',')[0].trim()} (Microsoft Graph, application permissions; any of ${permissions}) and give admin consent`;
	}
	if (status === 403 && code === 'ErrorAccessDenied') {
		return `Mailbox ${mailbox} is outside the app's RBAC for Applications scope: add it to the management scope of the app's role assignment (New-ManagementScope, New-ManagementRoleAssignment -App …)`;
	}
	if (status === 404 && (code === 'ErrorInvalidUser' || code === 'Request_ResourceNotFound' || code === 'MailboxNotEnabledForRESTAPI')) {
		return `No mailbox ${mailbox} exists in the tenant (or it is not an Exchange Online mailbox)`;
	}
	if (status === 404) return `The ${noun} was not found in mailbox ${mailbox} (deleted, or the id belongs to another mailbox)`;
	if (status === 412) return `The ${noun} was changed by someone else since it was read; read it again and retry`;
	if (status === 401) return `Microsoft Graph refused the access token: ${detail || code || 'unauthorized'}`;
	if (status === 429) return `Microsoft Graph kept throttling requests to ${mailbox} (429 after ${MAX_THROTTLE_RETRIES} retries); run again later`;
	return `Microsoft Graph answered ${status}${code ? ` ${code}` : ''}${detail ? `: ${detail}` : ''}`;
}
