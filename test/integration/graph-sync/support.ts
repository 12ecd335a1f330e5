/**
 * What the sync tests over Microsoft 365 and EWS share: one local Microsoft 365 server (Graph and
 * EWS on one mailbox store) and one Zoho CRM server with Alice as CRM user, and the Exchange
 * nodes' access to each server.
 */
import type { ExchangeAccess } from '../../../bench/pipeline';
import type { BenchServers } from '../../../bench/servers';
import { startGraphEmulator, type GraphEmulatorHandle } from '../../emulators/graph/harness';
import { startZohoEmulator, type ZohoEmulator } from '../../emulators/zoho-crm/harness';
import { graphAuthHelpers } from '../../support/graphAuth';
import { zohoSession } from '../../support/zohoNode';
import { ALICE, ewsCredentials, graphCredentials } from '../graph-transport/support';

export type Server = 'ews' | 'graph';

/** The Exchange nodes' Server parameter and credential for each server. */
export function access(server: Server, graph: GraphEmulatorHandle): ExchangeAccess {
	if (server === 'ews') return { parameters: { server: 'ews' }, credentials: { microsoftExchangeEwsApi: ewsCredentials(graph) } };
	return { parameters: { server: 'graph' }, credentials: { microsoft365GraphApi: graphCredentials(graph) }, helpers: graphAuthHelpers().helpers };
}

export interface SyncServers {
	graph: GraphEmulatorHandle;
	zoho: ZohoEmulator;
	servers: BenchServers;
	/** Alice's CRM user id. */
	ownerId: string;
}

/** Empty servers; Alice is the CRM user who owns her mailbox's records. */
export async function startSyncServers(): Promise<SyncServers> {
	const [graph, zoho] = await Promise.all([startGraphEmulator({ http: true, seed: 'empty' }), startZohoEmulator({ seed: 'empty' })]);
	const owner = await zoho.control.addUser('Alice Adams', ALICE, 'UTC');
	const servers: BenchServers = {
		exchangeUrl: graph.ewsUrl,
		exchangeControl: graph.control,
		exchangeCredentials: ewsCredentials(graph),
		zohoControl: zoho.control,
		zoho: await zohoSession(zoho.origin),
		mailboxes: [ALICE],
		owners: new Map([[ALICE, owner.id]]),
		stop: async () => {
			await Promise.all([graph.stop(), zoho.stop()]);
		},
	};
	return { graph, zoho, servers, ownerId: owner.id };
}

/**
 * Servers for the describe block: started before its tests, stopped after them; after each test
 * no Graph answer may have broken the CSDL.
 */
export function useSyncServers(): () => SyncServers {
	let started: SyncServers | undefined;
	beforeAll(async () => {
		started = await startSyncServers();
	}, 60_000);
	afterAll(async () => {
		await started?.servers.stop();
	});
	afterEach(async () => {
		expect(await started?.graph.control.validationErrors()).toEqual([]);
	});
	return () => {
		if (!started) throw new Error('the servers are not running');
		return started;
	};
}

/** The server no longer accepts Alice's cursor: Graph answers 410 SyncStateNotFound, EWS ErrorInvalidSyncStateData. */
export async function forgetCursor(server: Server, graph: GraphEmulatorHandle): Promise<void> {
	if (server === 'graph') expect(await graph.control.expireDeltaTokens(ALICE)).toBeGreaterThan(0);
	else await graph.control.faults([{ operation: 'SyncFolderItems', kind: 'invalidSyncState', count: 1 }]);
}
