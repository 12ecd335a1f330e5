/**
 * Secrets stay secret under failure: no password, client secret, refresh or access token in node
 * outputs, errors or logs when credentials are wrong, revoked or expired; a Zoho notification
 * with a wrong token starts nothing; Basic authentication over plain HTTP is refused before any
 * request leaves.
 */
import type { IDataObject } from 'n8n-workflow';
import { SyncRunner } from '../../bench/pipeline';
import { startBenchServers, type BenchServers } from '../../bench/servers';
import { GENERATORS, sideRange } from '../../bench/world';
import { MicrosoftExchange } from '../../nodes/MicrosoftExchange/MicrosoftExchange.node';
import { ZohoCrmTrigger } from '../../nodes/ZohoCrm/ZohoCrmTrigger.node';
import { DEMO_EXCHANGE } from '../emulators/demo/world';
import { startExchangeEmulator, type ExchangeEmulatorHandle } from '../emulators/exchange/harness';
import { nodeContext } from '../support/nodeContext';
import { secretsIn } from './support/secrets';

let servers: BenchServers;
let plainHttp: ExchangeEmulatorHandle;

beforeAll(async () => {
	[servers, plainHttp] = await Promise.all([startBenchServers({ mailboxes: 1 }), startExchangeEmulator({ http: true, seed: 'empty', validate: false })]);
}, 120_000);

afterAll(async () => {
	await Promise.all([servers?.stop(), plainHttp?.stop()]);
}, 30_000);

/** Everything written to the console and the process streams while `work` runs. */
async function captureLogs(work: () => Promise<unknown>): Promise<string> {
	const lines: string[] = [];
	const record = (...args: unknown[]) => void lines.push(args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg, Object.getOwnPropertyNames(arg ?? {})))).join(' '));
	const spies = [
		...(['log', 'info', 'warn', 'error', 'debug'] as const).map((method) => jest.spyOn(console, method).mockImplementation(record)),
		jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (record(String(chunk)), true)),
		jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (record(String(chunk)), true)),
	];
	try {
		await work();
	} finally {
		for (const spy of spies) spy.mockRestore();
	}
	return lines.join('\n');
}

/** An error with everything it carries (cause, context, description, response). */
const errorText = (error: unknown) => JSON.stringify(error, Object.getOwnPropertyNames(error ?? {})) + String(error);

describe('secrets', () => {
	it('never appear in outputs, errors or logs of runs with rejected, revoked or expired credentials', async () => {
		const mailbox = servers.mailboxes[0];
		const owner = servers.owners.get(mailbox) as string;
		const runner = new SyncRunner(servers);
		await runner.prepareCrm(['Contacts']);
		await servers.exchangeControl.insertItems(mailbox, 'contact', sideRange(4, 'exchange').map((n) => GENERATORS.contacts.exchange(mailbox, n)));
		await servers.zohoControl.insertRecords('Contacts', sideRange(4, 'crm').map((n) => GENERATORS.contacts.crm(mailbox, n, owner)));
		const seen: string[] = [];
		const attempt = async () => {
			try {
				const result = await runner.run({ object: 'contacts', mailbox, mode: 'complete' });
				seen.push(JSON.stringify(result.outputs.map((item) => item.json)), JSON.stringify(result.failures));
			} catch (error) {
				seen.push(errorText(error));
			}
		};
		const logs = await captureLogs(async () => {
			await attempt();
			await servers.zohoControl.expireTokens();
			await servers.zohoControl.armFaults([{ operation: 'records.insert', kind: 'expiredToken', count: 1 }]);
			await attempt();
			await servers.exchangeControl.setPassword(DEMO_EXCHANGE.serviceAccount.smtp, 'a-changed-password');
			await attempt();
			await servers.zohoControl.revokeRefreshToken();
			await servers.zohoControl.expireTokens();
			await attempt();
		});
		const everything = `${seen.join('\n')}\n${logs}`;
		expect(everything).toMatch(/password|mailbox|401|token|refused|rejected/i);
		expect(secretsIn(everything, servers)).toEqual([]);
	}, 300_000);
});

describe('Zoho CRM Trigger', () => {
	it('starts nothing for a notification with a wrong token', async () => {
		const state: IDataObject = { channelId: '1700000000001', token: 'k'.repeat(48), expiry: new Date(Date.now() + 86_400_000).toISOString() };
		let status: number | undefined;
		const response = {
			status(code: number) {
				status = code;
				return response;
			},
			json: () => response,
		};
		await servers.zohoControl.resetCounters();
		for (const token of ['w'.repeat(48), undefined, 'k'.repeat(47)]) {
			status = undefined;
			const context = Object.assign(servers.zoho.context({ parameters: { modules: ['Contacts'], events: ['create', 'edit', 'delete'] }, staticData: state, mode: 'trigger' }), {
				getBodyData: () => ({ module: 'Contacts', operation: 'insert', ids: ['1'], channel_id: state.channelId, token }),
				getResponseObject: () => response,
				logger: { warn: () => undefined },
			});
			const result = await new ZohoCrmTrigger().webhook.call(context as never);
			expect({ started: result.workflowData !== undefined, status }).toEqual({ started: false, status: 401 });
		}
		expect((await servers.zohoControl.counters()).total).toBe(0);
	});
});

describe('Exchange credential', () => {
	it('refuses Basic authentication over plain HTTP before sending anything', async () => {
		await plainHttp.control.resetCounters();
		const context = nodeContext({
			parameters: { resource: 'contact', operation: 'getAll', returnAll: true, mailbox: 'alice@example.test' },
			credentials: {
				microsoftExchangeEwsApi: { url: plainHttp.url, authentication: 'basic', username: DEMO_EXCHANGE.serviceAccount.smtp, password: 'demo-password', impersonation: true, timeout: 10 },
			},
		});
		const failure = await new MicrosoftExchange().execute.call(context).then(
			() => undefined,
			(error: unknown) => error,
		);
		expect(String((failure as Error | undefined)?.message)).toMatch(/https/i);
		expect(errorText(failure)).not.toContain('demo-password');
		expect((await plainHttp.control.counters()).total).toBe(0);
	});
});
