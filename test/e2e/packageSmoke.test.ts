/**
 * The packed package installed into real n8n's `.n8n/nodes`: credentials imported for the local
 * servers, and a workflow reading both sides through our Exchange and Zoho nodes, on the newest
 * n8n and on the oldest supported one.
 */
jest.setTimeout(900_000);

import { demoCredentials } from '../../scripts/demo/demoCredentials';
import { startLocalServers, type LocalServers } from '../../scripts/demo/localServers';
import { EXCHANGE_CREDENTIAL, ZOHO_CREDENTIAL } from '../../scripts/n8n/credentials';
import { ensureN8n, OLDEST_SUPPORTED_N8N } from '../../scripts/n8n/install';
import { N8nInstance, nodeOutput } from '../../scripts/n8n/instance';
import { packPackage } from '../../scripts/n8n/pack';
import { DEMO_PEOPLE } from '../emulators/demo/world';

const PACKAGE = 'n8n-nodes-exchange-zoho-sync';

const readBothSides = {
	id: 'smokeReadBoth001',
	name: 'Smoke: read both sides',
	active: false,
	settings: {},
	connections: {
		Start: {
			main: [
				[
					{ node: 'Exchange contacts', type: 'main', index: 0 },
					{ node: 'CRM users', type: 'main', index: 0 },
				],
			],
		},
	},
	nodes: [
		{ id: 's', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{
			id: 'e',
			name: 'Exchange contacts',
			type: `${PACKAGE}.microsoftExchange`,
			typeVersion: 1,
			position: [240, -100],
			parameters: { resource: 'contact', operation: 'getAll', returnAll: true, mailbox: 'alice@example.test' },
			credentials: { microsoftExchangeEwsApi: EXCHANGE_CREDENTIAL },
		},
		{
			id: 'z',
			name: 'CRM users',
			type: `${PACKAGE}.zohoCrm`,
			typeVersion: 1,
			position: [240, 100],
			parameters: { resource: 'user', operation: 'getAll', userType: 'ActiveUsers', returnAll: true },
			credentials: { zohoCrmOAuth2Api: ZOHO_CREDENTIAL },
		},
	],
};

describe.each([
	['the newest n8n', undefined],
	[`the oldest supported n8n (${OLDEST_SUPPORTED_N8N})`, OLDEST_SUPPORTED_N8N],
])('the package on %s', (_label, version) => {
	let servers: LocalServers;
	let n8n: N8nInstance;

	beforeAll(async () => {
		const [install, tarball, started] = await Promise.all([ensureN8n({ version }), packPackage(), startLocalServers()]);
		servers = started;
		n8n = N8nInstance.create(install);
		await n8n.installPackage(tarball);
		await n8n.importCredentials(await demoCredentials(servers));
		await n8n.importWorkflows([readBothSides]);
	});

	afterAll(async () => {
		n8n?.dispose();
		await servers?.stop();
	});

	it('loads our nodes and reads Exchange (HTTPS, impersonation) and Zoho (OAuth2) through them', async () => {
		const result = await n8n.execute(readBothSides.id);
		expect(result.errorMessage).toBeUndefined();
		expect(result.succeeded).toBe(true);
		const aliceOnExchange = DEMO_PEOPLE.filter((p) => p.owner === 'alice@example.test' && p.on !== 'zoho').map((p) => p.email);
		const emails = nodeOutput(result.execution, 'Exchange contacts').map((contact) => contact.email1);
		expect(emails.sort()).toEqual(aliceOnExchange.sort());
		const users = nodeOutput(result.execution, 'CRM users').map((user) => user.email);
		expect(users.sort()).toEqual(['alice@example.test', 'bob@example.test', 'carol@example.test']);
		expect(n8n.outboundAttempts()).toEqual([]);
	});
});
