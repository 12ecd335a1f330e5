/**
 * One pair of local servers for a bench or reliability run: the bench Exchange server (empty,
 * with N impersonable mailboxes; or, for Microsoft 365, the same store with the Graph front and
 * the mailboxes in the demo app's RBAC scope) and the Zoho server (empty org), each in its own
 * process so the sync process's memory is the sync's alone, plus the credentials and sessions
 * the nodes use.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { spawnServer } from '../test/emulators/common/process';
import { DEMO_EXCHANGE, DEMO_GRAPH, DEMO_PASSWORD } from '../test/emulators/demo/world';
import { ExchangeControlClient } from '../test/emulators/exchange/harness';
import { GraphControlClient } from '../test/emulators/graph/harness';
import { ZohoControlClient } from '../test/emulators/zoho-crm/harness';
import { graphAuthHelpers, type GraphAuthStats } from '../test/support/graphAuth';
import { zohoSession, type ZohoSession } from '../test/support/zohoNode';
import type { ExchangeAccess } from './pipeline';
import { benchMailbox } from './world';

/** Which front the Exchange nodes use: EWS, or Microsoft Graph (Server = Microsoft 365). */
export type ExchangeServerKind = 'ews' | 'graph';

/** The Microsoft 365 side of a bench run: how the nodes reach it, and what their requests cost. */
export interface GraphBench {
	access: ExchangeAccess;
	/** HTTP requests the nodes sent to Graph ($batch counted once) and tokens they got; reset per scenario. */
	stats: GraphAuthStats;
	/** The server's Graph operation names, to tell its counters from EWS's. */
	operations: Set<string>;
}

export interface BenchServers {
	exchangeUrl: string;
	exchangeControl: ExchangeControlClient;
	exchangeCredentials: ICredentialDataDecryptedObject;
	zohoControl: ZohoControlClient;
	zoho: ZohoSession;
	mailboxes: string[];
	/** CRM user id per mailbox (the owner of that mailbox's CRM records). */
	owners: Map<string, string>;
	/** Set when the Exchange nodes go through Microsoft Graph. */
	graph?: GraphBench;
	stop(): Promise<void>;
}

export interface ServerOptions {
	mailboxes: number;
	/** Validate every request and response against the official schemas (slower; tests use it). */
	validate?: boolean;
	/** `graph`: the Microsoft 365 server, and the nodes set to Server = Microsoft 365. Default `ews`. */
	server?: ExchangeServerKind;
	/** Graph requests per app and mailbox in 10 minutes before 429 (Outlook's limit, 10,000, unless set). */
	graphRequestLimit?: number;
}

export async function startBenchServers(options: ServerOptions): Promise<BenchServers> {
	const validation = options.validate ? [] : ['--no-validate'];
	const [exchange, zohoServer] = await Promise.all([
		spawnServer('bench/exchangeServer.ts', ['--mailboxes', String(options.mailboxes), ...(options.validate ? ['--validate'] : []), ...(options.server === 'graph' ? ['--graph'] : [])]),
		spawnServer('test/emulators/zoho-crm/cli.ts', ['--port', '0', '--seed', 'empty', ...validation]),
	]);
	const exchangeOrigin = new URL(exchange.url).origin;
	const graphControl = options.server === 'graph' ? new GraphControlClient(exchangeOrigin) : undefined;
	const exchangeControl = graphControl ?? new ExchangeControlClient(exchangeOrigin);
	const zohoControl = new ZohoControlClient(zohoServer.url);
	// Bench volumes exceed an Enterprise org's daily credits; the count is what we measure.
	await zohoControl.setLimits({ creditsPer24h: 100_000_000 });
	const mailboxes = Array.from({ length: options.mailboxes }, (_unused, index) => benchMailbox(index));
	const owners = new Map<string, string>();
	for (const [index, mailbox] of mailboxes.entries()) {
		const user = await zohoControl.addUser(`Bench User ${index + 1}`, mailbox, 'UTC');
		owners.set(mailbox, user.id);
	}
	const zoho = await zohoSession(zohoServer.url);
	if (graphControl && options.graphRequestLimit) await graphControl.setThrottling({ requestsPerWindow: options.graphRequestLimit });
	const graph = graphControl ? await graphBench(graphControl, exchangeOrigin, mailboxes) : undefined;
	return {
		exchangeUrl: exchange.url,
		exchangeControl,
		exchangeCredentials: {
			url: exchange.url,
			authentication: 'basic',
			username: DEMO_EXCHANGE.serviceAccount.smtp,
			password: DEMO_PASSWORD,
			impersonation: true,
			// The Microsoft 365 server runs over plain HTTP (see bench/exchangeServer.ts).
			...(graphControl ? { allowUnencryptedHttp: true } : { trustedCaPem: await exchangeControl.certificate() }),
			timeout: 60,
		},
		zohoControl,
		zoho,
		mailboxes,
		owners,
		graph,
		stop: async () => {
			await Promise.all([exchange.stop(), zohoServer.stop()]);
		},
	};
}

/** The demo app scoped to the bench mailboxes (RBAC for Applications), and the Graph credential the nodes use. */
async function graphBench(control: GraphControlClient, origin: string, mailboxes: string[]): Promise<GraphBench> {
	await control.setMailboxScope(DEMO_GRAPH.clientId, mailboxes);
	const { stats, helpers } = graphAuthHelpers();
	const credentials: ICredentialDataDecryptedObject = {
		accessToken: '',
		tenantId: DEMO_GRAPH.tenant,
		clientId: DEMO_GRAPH.clientId,
		authentication: 'clientSecret',
		clientSecret: DEMO_GRAPH.clientSecret,
		cloud: 'global',
		mailbox: mailboxes[0],
		baseUrl: origin,
		timeout: 60,
	};
	return {
		access: { parameters: { server: 'graph' }, credentials: { microsoft365GraphApi: credentials }, helpers },
		stats,
		operations: new Set([...(await control.operations()), '$batch']),
	};
}
