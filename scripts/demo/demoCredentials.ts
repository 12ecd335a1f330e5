/** Credentials for the demo world on the local servers (see test/emulators/demo/world.ts). */
import { DEMO_EXCHANGE, DEMO_PASSWORD, DEMO_ZOHO } from '../../test/emulators/demo/world';
import { exchangeCredential, graphCredential, zohoCredential } from '../n8n/credentials';
import type { N8nCredential } from '../n8n/instance';
import type { LocalServers } from './localServers';

/**
 * The Exchange service account (impersonation over every mailbox), the demo Zoho client and, on
 * the local Microsoft 365 server, the demo app registration.
 */
export async function demoCredentials(
	servers: LocalServers,
	options: { exchangePassword?: string; graphClientSecret?: string } = {},
): Promise<N8nCredential[]> {
	return [
		exchangeCredential({
			url: servers.exchange.url,
			authentication: 'basic',
			username: DEMO_EXCHANGE.serviceAccount.smtp,
			password: options.exchangePassword ?? DEMO_PASSWORD,
			impersonation: true,
			// The local server's self-signed certificate is trusted explicitly, not ignored.
			caCertificate: servers.exchange.certificatePem,
		}),
		await zohoCredential({
			dataCenter: 'custom',
			accountsUrl: servers.zoho.origin,
			clientId: DEMO_ZOHO.clientId,
			clientSecret: DEMO_ZOHO.clientSecret,
			refreshToken: DEMO_ZOHO.refreshToken,
		}),
		...(servers.graph
			? [
					graphCredential({
						tenant: servers.graph.tenant,
						clientId: servers.graph.clientId,
						clientSecret: options.graphClientSecret ?? servers.graph.clientSecret,
						mailbox: DEMO_EXCHANGE.mailboxes[0],
						baseUrl: servers.graph.origin,
					}),
				]
			: []),
	];
}
