/**
 * Runs the Microsoft Exchange node with Server "Microsoft 365 (Graph)" against the local
 * Microsoft 365 server over plain HTTP, the way n8n would: parameters per item, the credential
 * (its token through the credential's own preAuthentication), continue-on-fail.
 */
import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData } from 'n8n-workflow';
import { nodeContext } from '../../support/nodeContext';
import type { ContextOptions } from '../../support/nodeContext';
import { graphAuthHelpers } from '../../support/graphAuth';
import type { GraphAuthStats } from '../../support/graphAuth';
import { MicrosoftExchange } from '../../../nodes/MicrosoftExchange/MicrosoftExchange.node';
import { startGraphEmulator } from '../../emulators/graph/harness';
import { DEMO_EXCHANGE, DEMO_PASSWORD } from '../../emulators/demo/world';
import type { GraphEmulatorHandle } from '../../emulators/graph/harness';

export const ALICE = 'alice@example.test';
export const OUTSIDE_SCOPE = 'svc-sync@example.test';

export function graphCredentials(server: GraphEmulatorHandle, overrides: ICredentialDataDecryptedObject = {}): ICredentialDataDecryptedObject {
	return {
		accessToken: '',
		tenantId: server.tenant,
		clientId: server.clientId,
		authentication: 'clientSecret',
		clientSecret: server.clientSecret,
		cloud: 'global',
		mailbox: ALICE,
		baseUrl: server.origin,
		timeout: 20,
		...overrides,
	};
}

/** The EWS credential of the same server (the service account, impersonating), for what EWS writes and reads there. */
export function ewsCredentials(server: GraphEmulatorHandle): ICredentialDataDecryptedObject {
	return {
		url: server.ewsUrl,
		authentication: 'basic',
		username: DEMO_EXCHANGE.serviceAccount.smtp,
		password: DEMO_PASSWORD,
		impersonation: true,
		allowUnencryptedHttp: true,
		timeout: 20,
	};
}

export interface GraphRunOptions extends Omit<ContextOptions, 'credentials' | 'parameters'> {
	credentials: ICredentialDataDecryptedObject;
	parameters: Record<string, unknown> | ((itemIndex: number) => Record<string, unknown>);
	stats?: GraphAuthStats;
}

export async function runGraphNode(options: GraphRunOptions): Promise<INodeExecutionData[]> {
	const { helpers } = graphAuthHelpers(options.stats);
	const parameters = options.parameters;
	const context = nodeContext({
		...options,
		parameters: typeof parameters === 'function' ? (itemIndex) => ({ server: 'graph', ...parameters(itemIndex) }) : { server: 'graph', ...parameters },
		credentials: { microsoft365GraphApi: options.credentials },
		helpers: { ...helpers, ...options.helpers },
	});
	const [output] = await new MicrosoftExchange().execute.call(context);
	return output;
}

export async function runGraphJson(options: GraphRunOptions): Promise<IDataObject[]> {
	return (await runGraphNode(options)).map((item) => item.json);
}

/**
 * One local Microsoft 365 server (HTTP) for the test file; after each test, no answer may have
 * failed the schema check and no fault stays armed.
 */
export function useGraphServer(): () => GraphEmulatorHandle {
	let server: GraphEmulatorHandle | undefined;
	beforeAll(async () => {
		server = await startGraphEmulator({ http: true });
	}, 60_000);
	afterAll(async () => {
		await server?.stop();
	});
	afterEach(async () => {
		await server?.control.clearFaults();
		expect(await server?.control.validationErrors()).toEqual([]);
	});
	return () => {
		if (!server) throw new Error('the Microsoft 365 server is not running');
		return server;
	};
}
