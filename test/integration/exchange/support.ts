/**
 * Runs the Microsoft Exchange (EWS) node against the local Exchange server through the real
 * client, the way n8n would: parameters per item, the credential, continue-on-fail.
 */
import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData } from 'n8n-workflow';
import { nodeContext } from '../../support/nodeContext';
import type { ContextOptions } from '../../support/nodeContext';
import { MicrosoftExchange } from '../../../nodes/MicrosoftExchange/MicrosoftExchange.node';
import { startExchangeEmulator } from '../../emulators/exchange/harness';
import type { ExchangeEmulatorHandle } from '../../emulators/exchange/harness';
import { DEMO_EXCHANGE, DEMO_PASSWORD } from '../../emulators/demo/world';

export type Auth = 'basic' | 'ntlm';

export function credentialsFor(
	emulator: ExchangeEmulatorHandle,
	auth: Auth,
	overrides: ICredentialDataDecryptedObject = {},
): ICredentialDataDecryptedObject {
	return {
		url: emulator.url,
		authentication: auth,
		username: auth === 'ntlm' ? DEMO_EXCHANGE.serviceAccount.ntlmName : DEMO_EXCHANGE.serviceAccount.smtp,
		password: DEMO_PASSWORD,
		impersonation: true,
		trustedCaPem: emulator.certificatePem ?? '',
		timeout: 20,
		...overrides,
	};
}

export interface RunOptions extends Omit<ContextOptions, 'credentials'> {
	credentials: ICredentialDataDecryptedObject;
}

export async function runNode(options: RunOptions): Promise<INodeExecutionData[]> {
	const context = nodeContext({ ...options, credentials: { microsoftExchangeEwsApi: options.credentials } });
	const [output] = await new MicrosoftExchange().execute.call(context);
	return output;
}

/** Runs the node and returns the JSON of its output items. */
export async function runJson(options: RunOptions): Promise<IDataObject[]> {
	return (await runNode(options)).map((item) => item.json);
}

export const ALICE = 'alice@example.test';
export const BOB = 'bob@example.test';
export const AWKWARD = `Tom & Jerry <b>"quoted"</b> 'single' 🚀 田中 Müller`;

/**
 * One local Exchange server for the test file: started before its tests, stopped after; after
 * each test, no request or response may have failed schema validation and no fault stays armed.
 */
export function useExchangeEmulator(options: Parameters<typeof startExchangeEmulator>[0] = {}): () => ExchangeEmulatorHandle {
	let emulator: ExchangeEmulatorHandle | undefined;
	beforeAll(async () => {
		emulator = await startExchangeEmulator(options);
	}, 60_000);
	afterAll(async () => {
		await emulator?.stop();
	});
	afterEach(async () => {
		await emulator?.control.clearFaults();
		expect(await emulator?.control.validationErrors()).toEqual([]);
	});
	return () => {
		if (!emulator) throw new Error('the Exchange emulator is not running');
		return emulator;
	};
}
