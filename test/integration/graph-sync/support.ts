/**
 * What the sync tests over Microsoft 365 and over EWS share: a local Microsoft 365 server (Graph and EWS on one
 * store) and a local Zoho CRM with Alice as the CRM user, and the Exchange nodes' access to the
 * mailboxes over either server.
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
export function exchangeAccess(server: Server, graph: GraphEmulatorHandle): ExchangeAccess {
	if (server === 'ews') return { parameters: { server: 'ews' }, credentials: { microsoftExchangeEwsApi: ewsCredentials(graph) } };
	return { parameters: { server: 'graph' }, credentials: { microsoft365GraphApi: graphCredentials(graph) }, helpers: graphAuthHelpers().helpers };
}

/**
 * Both servers, empty, with Alice's mailbox owned by the CRM user Alice (in `crmTimeZone`); without
 * a zone, no CRM user owns it (mail is attached to records whoever owns them).
 */
export async function startSyncServers(crmTimeZone?: string): Promise<{ graph: GraphEmulatorHandle; zoho: ZohoEmulator; servers: BenchServers }> {
	const [graph, zoho] = await Promise.all([startGraphEmulator({ http: true, seed: 'empty' }), startZohoEmulator({ seed: 'empty' })]);
	const owner = crmTimeZone ? await zoho.control.addUser('Alice Adams', ALICE, crmTimeZone) : undefined;
	const servers: BenchServers = {
		exchangeUrl: graph.ewsUrl,
		exchangeControl: graph.control,
		exchangeCredentials: ewsCredentials(graph),
		zohoControl: zoho.control,
		zoho: await zohoSession(zoho.origin),
		mailboxes: [ALICE],
		owners: new Map(owner ? [[ALICE, owner.id]] : []),
		stop: async () => {
			await Promise.all([graph.stop(), zoho.stop()]);
		},
	};
	return { graph, zoho, servers };
}

/**
 * Starts both servers for the describe block (then `prepare` runs with them), stops them after
 * it, and checks after each test that no answer broke the schemas.
 */
export function useSyncServers(crmTimeZone: string, prepare: (started: Awaited<ReturnType<typeof startSyncServers>>) => Promise<void>): void {
	let started: Awaited<ReturnType<typeof startSyncServers>> | undefined;
	beforeAll(async () => {
		started = await startSyncServers(crmTimeZone);
		await prepare(started);
	}, 60_000);
	afterAll(async () => {
		await started?.servers.stop();
	});
	afterEach(async () => {
		expect(await started?.graph.control.validationErrors()).toEqual([]);
	});
}
