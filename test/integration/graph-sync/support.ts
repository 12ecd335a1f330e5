/**
 * What the sync tests over Microsoft 365 and over EWS share: the local Microsoft 365 server (Graph
 * and EWS on one store) and the local Zoho server as the benchmark pipeline's servers, and the
 * Exchange nodes' Server parameter and credential for each server.
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

/** Both servers, empty, for Alice's mailbox; `owners` maps her mailbox to her CRM user when the test made one. */
export async function startSyncServers(owners: (zoho: ZohoEmulator) => Promise<Map<string, string>>): Promise<{ graph: GraphEmulatorHandle; zoho: ZohoEmulator; servers: BenchServers }> {
	const [graph, zoho] = await Promise.all([startGraphEmulator({ http: true, seed: 'empty' }), startZohoEmulator({ seed: 'empty' })]);
	const servers: BenchServers = {
		exchangeUrl: graph.ewsUrl,
		exchangeControl: graph.control,
		exchangeCredentials: ewsCredentials(graph),
		zohoControl: zoho.control,
		zoho: await zohoSession(zoho.origin),
		mailboxes: [ALICE],
		owners: await owners(zoho),
		stop: async () => {
			await Promise.all([graph.stop(), zoho.stop()]);
		},
	};
	return { graph, zoho, servers };
}
