/**
 * For tests: starts the Exchange emulator as a child process (libxml2-wasm, the schema
 * validator, only runs outside jest) and gives a typed client for its control API.
 */
import https from 'node:https';
import http from 'node:http';
import type { FaultRule } from '../common/faults';
import { spawnServer } from '../common/process';
import type { ExchangeContact, ExchangeEvent, ExchangeMessage, ExchangeTask } from '../../../nodes/MicrosoftExchange/helpers/itemShapes';

export type ControlItemType = 'contact' | 'task' | 'event' | 'message';
export type ControlItem = (ExchangeContact | ExchangeTask | ExchangeEvent | ExchangeMessage) & Record<string, unknown>;

export interface ExchangeCounters {
	total: number;
	byOperation: Record<string, number>;
	invitationsByMeeting: Record<string, number>;
	cancellationsByMeeting: Record<string, number>;
}

export interface ValidationErrorRecord {
	operation: string;
	at: string;
	violations: Array<{ message: string; line: number; column: number }>;
}

export interface RecordedRequest {
	operation: string;
	account: string;
	mailbox: string;
	anchorMailbox?: string;
	scheme: string;
	/** The client's TCP port: requests with the same port came over one kept-alive connection. */
	clientPort: number;
}

/** An occurrence of a series: its 1-based instance index, or the date it starts on as the series defines it (yyyy-MM-dd in the series' zone). */
export type OccurrenceRef = { index: number } | { originalDate: string };

/** The series after an occurrence changed: its id and new ChangeKey. */
export interface OccurrenceChange {
	masterId: string;
	masterChangeKey: string;
}

/** Typed client for /__control/ (accepts the emulator's self-signed certificate). */
export class ExchangeControlClient {
	constructor(private readonly origin: string) {}

	protected request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
		const url = new URL(`/__control/${path}`, this.origin);
		const text = body === undefined ? '' : JSON.stringify(body);
		const transport = url.protocol === 'https:' ? https : http;
		return new Promise<T>((resolve, reject) => {
			const req = transport.request(
				url,
				{
					method,
					rejectUnauthorized: false,
					headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) },
				},
				(res) => {
					let answer = '';
					// Decoded as one stream: a character whose bytes two chunks split stays whole.
					res.setEncoding('utf8');
					res.on('data', (chunk: string) => (answer += chunk));
					res.on('end', () => {
						if ((res.statusCode ?? 500) >= 300) reject(new Error(`control ${method} ${path} failed (${res.statusCode}): ${answer}`));
						else resolve((res.headers['content-type'] ?? '').includes('json') ? (JSON.parse(answer) as T) : (answer as T));
					});
				},
			);
			req.on('error', reject);
			req.end(text);
		});
	}

	reset(): Promise<void> {
		return this.request('POST', 'reset', {});
	}

	seed(preset: 'demo' | 'empty'): Promise<void> {
		return this.request('POST', 'seed', { preset });
	}

	/** Inserts items (item-shapes JSON) as if a user made them in Outlook; returns their ids. */
	async insertItems(mailbox: string, type: ControlItemType, items: Array<Record<string, unknown>>, folder?: string): Promise<Array<{ id: string; changeKey: string }>> {
		const answer = await this.request<{ items: Array<{ id: string; changeKey: string }> }>('POST', 'items', { mailbox, type, folder, items });
		return answer.items;
	}

	updateItem(id: string, changes: Record<string, unknown>): Promise<{ id: string; changeKey: string }> {
		return this.request('POST', 'items/update', { id, changes });
	}

	/**
	 * Changes one occurrence of a series (item-shapes event fields, syncId, syncState) as a user
	 * editing only that occurrence in Outlook: it becomes an exception of the series.
	 */
	updateOccurrence(masterId: string, occurrence: OccurrenceRef, fields: Record<string, unknown>): Promise<OccurrenceChange & { id: string; changeKey: string }> {
		return this.request('POST', 'occurrences/update', { masterId, ...occurrence, fields });
	}

	/** Deletes one occurrence of a series, as a user deleting only that occurrence in Outlook. */
	deleteOccurrence(masterId: string, occurrence: OccurrenceRef): Promise<OccurrenceChange> {
		return this.request('POST', 'occurrences/delete', { masterId, ...occurrence });
	}

	/**
	 * An attendee answers a meeting from their own mailbox, as in Outlook: their copy (by `id`, or
	 * by the meeting's iCalendar `uid`) takes the response and, unless `send` is false, the
	 * organizer gets it (a MeetingResponse in their Inbox; their meeting records the attendee's
	 * response and its time). Returns the items the answer names (the copy, the moved request,
	 * the response kept in Sent Items).
	 */
	async respondToMeeting(
		mailbox: string,
		meeting: { id: string } | { uid: string },
		response: 'Accept' | 'Tentative' | 'Decline',
		options: { body?: string; send?: boolean } = {},
	): Promise<Array<{ kind: string; id: string; folder: string | null }>> {
		return (await this.request<{ items: Array<{ kind: string; id: string; folder: string | null }> }>('POST', 'meetings/respond', { mailbox, ...meeting, response, ...options })).items;
	}

	/** Deletes items: into Deleted Items (recoverable) unless `hard`. */
	deleteItems(ids: string[], hard = false): Promise<{ deleted: number }> {
		return this.request('POST', 'items/delete', { ids, hard });
	}

	/** Every item in a folder (distinguished name such as `contacts`, a display name or an id). */
	async items<T extends ControlItem = ControlItem>(mailbox: string, folder: string): Promise<T[]> {
		const query = new URLSearchParams({ mailbox, folder });
		return (await this.request<{ items: T[] }>('GET', `items?${query}`)).items;
	}

	async folders(mailbox: string): Promise<Array<{ id: string; displayName: string; distinguishedId: string | null; kind: string }>> {
		return (await this.request<{ folders: Array<{ id: string; displayName: string; distinguishedId: string | null; kind: string }> }>('GET', `folders?${new URLSearchParams({ mailbox })}`)).folders;
	}

	counters(): Promise<ExchangeCounters> {
		return this.request('GET', 'counters');
	}

	resetCounters(): Promise<void> {
		return this.request('POST', 'counters/reset', {});
	}

	async requests(): Promise<RecordedRequest[]> {
		return (await this.request<{ requests: RecordedRequest[] }>('GET', 'requests')).requests;
	}

	/** Arms faults; kinds: throttle, http500, hang, drop, malformed, unauthorized, invalidSyncState, invalidResponse. */
	faults(rules: FaultRule[], seed?: number): Promise<{ injected: number; armed: FaultRule[] }> {
		return this.request('POST', 'faults', { rules, seed });
	}

	clearFaults(): Promise<void> {
		return this.request('POST', 'faults/clear', {});
	}

	setPassword(account: string, password: string): Promise<void> {
		return this.request('POST', 'accounts/password', { account, password });
	}

	setImpersonation(account: string, allowed: boolean): Promise<void> {
		return this.request('POST', 'accounts/impersonation', { account, allowed });
	}

	/** Registers a Bearer token that authenticates as `account`. */
	registerToken(token: string, account: string): Promise<void> {
		return this.request('POST', 'accounts/token', { token, account });
	}

	/** Adds a user with an empty mailbox; it stays (empty) across resets. */
	addMailbox(smtp: string, displayName?: string, password?: string): Promise<void> {
		return this.request('POST', 'mailboxes', { smtp, displayName, password });
	}

	async subscriptions(): Promise<Array<{ id: string; kind: string; mailbox: string; url?: string }>> {
		return (await this.request<{ subscriptions: Array<{ id: string; kind: string; mailbox: string; url?: string }> }>('GET', 'subscriptions')).subscriptions;
	}

	certificate(): Promise<string> {
		return this.request('GET', 'certificate');
	}

	async validationErrors(): Promise<ValidationErrorRecord[]> {
		return (await this.request<{ errors: ValidationErrorRecord[] }>('GET', 'validation-errors')).errors;
	}
}

export interface ExchangeEmulatorHandle {
	/** The EWS endpoint, e.g. https://127.0.0.1:PORT/EWS/Exchange.asmx */
	url: string;
	origin: string;
	certificatePem?: string;
	control: ExchangeControlClient;
	stop(): Promise<void>;
}

export async function startExchangeEmulator(
	options: { http?: boolean; seed?: 'demo' | 'empty'; validate?: boolean } = {},
): Promise<ExchangeEmulatorHandle> {
	const args = ['--port', '0', '--seed', options.seed ?? 'demo'];
	if (options.http) args.push('--http');
	if (options.validate === false) args.push('--no-validate');
	const server = await spawnServer('test/emulators/exchange/cli.ts', args);
	const origin = new URL(server.url).origin;
	const control = new ExchangeControlClient(origin);
	const certificatePem = options.http ? undefined : await control.certificate();
	return { url: server.url, origin, certificatePem, control, stop: () => server.stop() };
}
