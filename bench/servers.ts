/**
 * One pair of local servers for a bench or reliability run: the bench Exchange server (empty,
 * with N impersonable mailboxes) and the Zoho server (empty org), each in its own process so the
 * sync process's memory is the sync's alone, plus the credentials and sessions the nodes use.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { spawnServer } from '../test/emulators/common/process';
import { DEMO_EXCHANGE, DEMO_PASSWORD } from '../test/emulators/demo/world';
import { ExchangeControlClient } from '../test/emulators/exchange/harness';
import { ZohoControlClient } from '../test/emulators/zoho-crm/harness';
import { zohoSession, type ZohoSession } from '../test/support/zohoNode';
import { benchMailbox } from './world';

export interface BenchServers {
	exchangeUrl: string;
	exchangeControl: ExchangeControlClient;
	exchangeCredentials: ICredentialDataDecryptedObject;
	zohoControl: ZohoControlClient;
	zoho: ZohoSession;
	mailboxes: string[];
	/** CRM user id per mailbox (the owner of that mailbox's CRM records). */
	owners: Map<string, string>;
	stop(): Promise<void>;
}

export interface ServerOptions {
	mailboxes: number;
	/** Validate every request and response against the official schemas (slower; tests use it). */
	validate?: boolean;
}

export async function startBenchServers(options: ServerOptions): Promise<BenchServers> {
	const validation = options.validate ? [] : ['--no-validate'];
	const [exchange, zohoServer] = await Promise.all([
		spawnServer('bench/exchangeServer.ts', ['--mailboxes', String(options.mailboxes), ...(options.validate ? ['--validate'] : [])]),
		spawnServer('test/emulators/zoho-crm/cli.ts', ['--port', '0', '--seed', 'empty', ...validation]),
	]);
	const exchangeControl = new ExchangeControlClient(new URL(exchange.url).origin);
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
	return {
		exchangeUrl: exchange.url,
		exchangeControl,
		exchangeCredentials: {
			url: exchange.url,
			authentication: 'basic',
			username: DEMO_EXCHANGE.serviceAccount.smtp,
			password: DEMO_PASSWORD,
			impersonation: true,
			trustedCaPem: await exchangeControl.certificate(),
			timeout: 60,
		},
		zohoControl,
		zoho,
		mailboxes,
		owners,
		stop: async () => {
			await Promise.all([exchange.stop(), zohoServer.stop()]);
		},
	};
}
