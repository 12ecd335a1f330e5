/**
 * The local Exchange (EWS over HTTPS) and Zoho CRM servers with the demo world, started as child
 * processes exactly as `npm run emulator:exchange` / `emulator:zoho` run them, plus small clients
 * for their control APIs. Used by the end-to-end tests and by `npm start`. With `microsoft365`,
 * the Exchange side is the local Microsoft 365 server (`npm run emulator:graph`): Microsoft Graph
 * and EWS on one store and one origin, so the same control client serves both.
 */
import https from 'node:https';
import { spawnServer, type SpawnedServer } from '../../test/emulators/common/process';
import { DEMO_GRAPH } from '../../test/emulators/demo/world';
import type { OccurrenceChange, OccurrenceRef } from '../../test/emulators/exchange/harness';
import { ZohoControlClient } from '../../test/emulators/zoho-crm/harness';

/** Calls the Exchange server's `/__control/…` API, trusting only its own certificate. */
export class ExchangeControlClient {
	constructor(
		readonly origin: string,
		private readonly certificatePem: string,
	) {}

	async call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
		const { status, text } = await httpsRequest(`${this.origin}/__control/${path}`, method, body, { ca: this.certificatePem });
		const payload = JSON.parse(text) as T & { error?: string };
		if (status !== 200) throw new Error(`Exchange control ${method} ${path}: ${payload.error ?? status}`);
		return payload;
	}

	/** Items of a mailbox folder in the Exchange node's item shapes (`contacts`, `tasks`, `calendar`, `inbox` …). */
	async items(mailbox: string, folder: string): Promise<Array<Record<string, unknown> & { id: string }>> {
		const query = `mailbox=${encodeURIComponent(mailbox)}&folder=${encodeURIComponent(folder)}`;
		return (await this.call<{ items: Array<Record<string, unknown> & { id: string }> }>('GET', `items?${query}`)).items;
	}

	insertItems(mailbox: string, type: string, items: Array<Record<string, unknown>>): Promise<{ items: Array<{ id: string }> }> {
		return this.call('POST', 'items', { mailbox, type, items });
	}

	updateItem(id: string, changes: Record<string, unknown>): Promise<{ id: string }> {
		return this.call('POST', 'items/update', { id, changes });
	}

	/** Changes one occurrence of a series, as a user editing only that occurrence in Outlook: it becomes an exception. */
	updateOccurrence(masterId: string, occurrence: OccurrenceRef, fields: Record<string, unknown>): Promise<OccurrenceChange & { id: string; changeKey: string }> {
		return this.call('POST', 'occurrences/update', { masterId, ...occurrence, fields });
	}

	/** Deletes one occurrence of a series, as a user deleting only that occurrence in Outlook. */
	deleteOccurrence(masterId: string, occurrence: OccurrenceRef): Promise<OccurrenceChange> {
		return this.call('POST', 'occurrences/delete', { masterId, ...occurrence });
	}

	/** An attendee answers a meeting in their own mailbox, as in Outlook (see ExchangeControlClient.respondToMeeting in the emulator's harness). */
	respondToMeeting(mailbox: string, meeting: { id: string } | { uid: string }, response: 'Accept' | 'Tentative' | 'Decline', options: { body?: string; send?: boolean } = {}): Promise<{ items: Array<{ kind: string; id: string; folder: string | null }> }> {
		return this.call('POST', 'meetings/respond', { mailbox, ...meeting, response, ...options });
	}

	/** Moves items to Deleted Items, as a user deleting them in Outlook does. */
	deleteItems(ids: string[]): Promise<{ deleted: number }> {
		return this.call('POST', 'items/delete', { ids });
	}

	counters(): Promise<{ total: number; byOperation: Record<string, number> }> {
		return this.call('GET', 'counters');
	}

	resetCounters(): Promise<{ ok: true }> {
		return this.call('POST', 'counters/reset');
	}

	setPassword(account: string, password: string): Promise<{ ok: true }> {
		return this.call('POST', 'accounts/password', { account, password });
	}

	/** Requests and answers that broke the official EWS schema, as the server recorded them. */
	async validationErrors(): Promise<unknown[]> {
		return (await this.call<{ errors: unknown[] }>('GET', 'validation-errors')).errors;
	}
}

function httpsRequest(
	url: string,
	method: string,
	body: unknown,
	tls: { ca?: string; rejectUnauthorized?: boolean },
): Promise<{ status: number; text: string }> {
	return new Promise((resolve, reject) => {
		const payload = body === undefined ? undefined : JSON.stringify(body);
		const request = https.request(
			url,
			{ method, ...tls, headers: payload ? { 'Content-Type': 'application/json' } : {} },
			(response) => {
				let text = '';
				response.setEncoding('utf8');
				response.on('data', (chunk: string) => (text += chunk));
				response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
			},
		);
		request.once('error', reject);
		request.end(payload);
	});
}

/** Microsoft Graph on the local Microsoft 365 server, with the demo app registration. */
export interface LocalGraph {
	/** Graph's root: `${origin}/v1.0`. */
	url: string;
	/** The identity platform's authority host (tokens at `${origin}/${tenant}/oauth2/v2.0/token`). */
	origin: string;
	tokenUrl: string;
	tenant: string;
	clientId: string;
	clientSecret: string;
}

export interface LocalServers {
	/** EWS; with `microsoft365`, the EWS front of the Microsoft 365 server (same store as `graph`). */
	exchange: { url: string; origin: string; certificatePem: string; control: ExchangeControlClient };
	/** Present with `microsoft365`. */
	graph?: LocalGraph;
	zoho: { origin: string; control: ZohoControlClient };
	stop(): Promise<void>;
}

export async function startLocalServers(options: { seed?: 'demo' | 'empty'; validate?: boolean; microsoft365?: boolean } = {}): Promise<LocalServers> {
	const args = ['--port', '0', '--seed', options.seed ?? 'demo', ...(options.validate === false ? ['--no-validate'] : [])];
	const started: SpawnedServer[] = [];
	const exchangeEntry = options.microsoft365 ? 'test/emulators/graph/cli.ts' : 'test/emulators/exchange/cli.ts';
	try {
		const [exchange, zoho] = await Promise.all([
			spawnServer(exchangeEntry, args).then((server) => (started.push(server), server)),
			spawnServer('test/emulators/zoho-crm/cli.ts', args).then((server) => (started.push(server), server)),
		]);
		const origin = new URL(exchange.url).origin;
		// The certificate is generated at start-up; fetch it once (unverified) and trust only it from then on.
		const certificate = await httpsRequest(`${origin}/__control/certificate`, 'GET', undefined, { rejectUnauthorized: false });
		if (certificate.status !== 200) throw new Error(`Exchange server has no certificate: ${certificate.text}`);
		return {
			graph: options.microsoft365
				? { url: `${origin}/v1.0`, origin, tokenUrl: `${origin}/${DEMO_GRAPH.tenant}/oauth2/v2.0/token`, tenant: DEMO_GRAPH.tenant, clientId: DEMO_GRAPH.clientId, clientSecret: DEMO_GRAPH.clientSecret }
				: undefined,
			exchange: {
				url: options.microsoft365 ? `${origin}/EWS/Exchange.asmx` : exchange.url,
				origin,
				certificatePem: certificate.text,
				control: new ExchangeControlClient(origin, certificate.text),
			},
			zoho: { origin: zoho.url, control: new ZohoControlClient(zoho.url) },
			stop: async () => {
				await Promise.all(started.map((server) => server.stop()));
			},
		};
	} catch (error) {
		await Promise.all(started.map((server) => server.stop()));
		throw error;
	}
}
