/**
 * `npm start`: the product end to end on this machine. Starts the local Exchange and Zoho servers
 * with the demo world (or uses a real Exchange / Zoho from the environment), installs n8n (cached)
 * and this package into it, imports the credentials and the prebuilt workflows, runs a first
 * two-way sync through the Sync Now workflow, prints its report and the n8n URL, and keeps n8n
 * running until Ctrl-C. See docs/main-job.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import { demoCredentials } from './demo/demoCredentials';
import { startLocalServers, type LocalServers } from './demo/localServers';
import { exchangeCredential, zohoCredential, type ExchangeConnection, type ZohoConnection } from './n8n/credentials';
import { ensureN8n, type N8nInstall } from './n8n/install';
import { N8nInstance, type N8nCredential, type N8nWorkflow, type RunningN8n } from './n8n/instance';
import { packPackage } from './n8n/pack';
import { cacheRoot } from './n8n/paths';
import { prebuiltWorkflows } from './n8n/workflows';
import { EXCHANGE_WORKFLOW_SET, type SyncReportRow, type SyncWorkflowSet } from './workflows/definitions';
import { MICROSOFT_365_FOLDER, MICROSOFT_365_WORKFLOW_SET } from './workflows/microsoft365';

const ZOHO_DATA_CENTRES: Record<string, string> = {
	us: 'https://accounts.zoho.com',
	eu: 'https://accounts.zoho.eu',
	in: 'https://accounts.zoho.in',
	au: 'https://accounts.zoho.com.au',
	jp: 'https://accounts.zoho.jp',
	ca: 'https://accounts.zohocloud.ca',
	cn: 'https://accounts.zoho.com.cn',
	sa: 'https://accounts.zoho.sa',
};

const log = (line: string) => process.stdout.write(`${line}\n`);

function required(env: NodeJS.ProcessEnv, name: string): string {
	const value = env[name];
	if (!value) throw new Error(`${name} is required (see docs/main-job.md)`);
	return value;
}

/** A real Exchange from EXCHANGE_* variables, or undefined for the local server. */
export function exchangeFromEnvironment(env: NodeJS.ProcessEnv): ExchangeConnection | undefined {
	if (!env.EXCHANGE_EWS_URL) return undefined;
	const authentication = (env.EXCHANGE_AUTH ?? 'ntlm').toLowerCase();
	if (authentication !== 'basic' && authentication !== 'ntlm') throw new Error('EXCHANGE_AUTH must be "basic" or "ntlm"');
	return {
		url: env.EXCHANGE_EWS_URL,
		authentication,
		username: required(env, 'EXCHANGE_USERNAME'),
		password: required(env, 'EXCHANGE_PASSWORD'),
		domain: env.EXCHANGE_DOMAIN,
		impersonation: (env.EXCHANGE_IMPERSONATION ?? 'true') === 'true',
		caCertificate: env.EXCHANGE_CA_FILE ? fs.readFileSync(env.EXCHANGE_CA_FILE, 'utf8') : undefined,
		ignoreCertificateErrors: env.EXCHANGE_IGNORE_CERTIFICATE_ERRORS === 'true',
		exchangeVersion: env.EXCHANGE_VERSION,
	};
}

/** A real Zoho CRM from ZOHO_* variables, or undefined for the local server. */
export function zohoFromEnvironment(env: NodeJS.ProcessEnv): ZohoConnection | undefined {
	if (!env.ZOHO_REFRESH_TOKEN) return undefined;
	const dataCentre = (env.ZOHO_DATA_CENTER ?? 'us').toLowerCase();
	const accounts = ZOHO_DATA_CENTRES[dataCentre];
	if (!accounts) throw new Error(`ZOHO_DATA_CENTER must be one of ${Object.keys(ZOHO_DATA_CENTRES).join(', ')}`);
	return {
		dataCenter: accounts,
		clientId: required(env, 'ZOHO_CLIENT_ID'),
		clientSecret: required(env, 'ZOHO_CLIENT_SECRET'),
		refreshToken: env.ZOHO_REFRESH_TOKEN,
	};
}

/** bcrypt hash for n8n's env-managed owner account, made with the bcryptjs n8n itself ships. */
function bcryptHash(install: N8nInstall, password: string): string {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const bcrypt = require(path.join(install.n8nPackageDir, '..', 'bcryptjs')) as { hashSync(text: string, rounds: number): string };
	return bcrypt.hashSync(password, 10);
}

export function formatReport(rows: SyncReportRow[]): string {
	const header = ['User', 'Object', 'Status', 'Created', 'Updated', 'Deleted', 'Conflicts', 'Errors', 'ms', 'Message'];
	const body = rows.map((row) =>
		[row.user, row.object, row.status, row.created, row.updated, row.deleted, row.conflicts, row.errors, row.durationMs, row.message].map(String),
	);
	const widths = header.map((title, column) => Math.max(title.length, ...body.map((cells) => cells[column].length)));
	const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd();
	return [line(header), line(widths.map((width) => '-'.repeat(width))), ...body.map(line)].join('\n');
}

/** Everything both `npm start` and `npm run start:queue` need before n8n runs. */
export interface Product {
	install: N8nInstall;
	tarball: string;
	/** The local servers, unless both a real Exchange and a real Zoho are configured. */
	servers?: LocalServers;
	credentials: N8nCredential[];
	workflows: N8nWorkflow[];
	/** The workflows the first sync runs: over EWS, or with MICROSOFT_365=1 the Microsoft 365 ones. */
	syncSet: SyncWorkflowSet;
	/** Environment every n8n process gets (with MICROSOFT_365=1, the local servers' certificate). */
	n8nEnv: Record<string, string>;
	/** With only local servers nothing may leave 127.0.0.1; a real Exchange or Zoho needs the network. */
	loopbackOnly: boolean;
	/** n8n's env-managed owner account (main only). */
	ownerEnv: Record<string, string>;
	/** How to log in, for the summary (the password only when it is the demo default). */
	login: string;
}

export async function prepareProduct(env: NodeJS.ProcessEnv): Promise<Product> {
	const realExchange = exchangeFromEnvironment(env);
	const realZoho = zohoFromEnvironment(env);
	const ownerEmail = env.N8N_OWNER_EMAIL ?? 'admin@example.test';
	const ownerPassword = env.N8N_OWNER_PASSWORD ?? 'Demo-password-1';
	log('Preparing n8n (the first run installs it, which takes several minutes) …');
	// The local Microsoft 365 server serves Graph and EWS on one mailbox store.
	const microsoft365 = ['1', 'true'].includes(env.MICROSOFT_365 ?? '') && !realExchange;
	const localNeeded = !realExchange || !realZoho;
	const [install, tarball, servers] = await Promise.all([
		ensureN8n({ log }),
		packPackage(log),
		localNeeded ? startLocalServers({ microsoft365 }) : Promise.resolve(undefined),
	]);
	try {
		if (servers) log(`Local servers: Exchange ${servers.exchange.url}, ${servers.graph ? `Microsoft 365 ${servers.graph.url}, ` : ''}Zoho ${servers.zoho.origin} (demo world)`);
		const demo = servers ? await demoCredentials(servers) : [];
		const byType = (type: string) => demo.find((credential) => credential.type === type) as N8nCredential;
		return {
			install,
			tarball,
			servers,
			credentials: [
				realExchange ? exchangeCredential(realExchange) : byType('microsoftExchangeEwsApi'),
				realZoho ? await zohoCredential(realZoho) : byType('zohoCrmOAuth2Api'),
				...(microsoft365 ? [byType('microsoft365GraphApi')] : []),
			],
			workflows: [...prebuiltWorkflows(), ...(microsoft365 ? prebuiltWorkflows(MICROSOFT_365_FOLDER) : [])],
			syncSet: microsoft365 ? MICROSOFT_365_WORKFLOW_SET : EXCHANGE_WORKFLOW_SET,
			loopbackOnly: !realExchange && !realZoho,
			// The Microsoft 365 credential has no certificate field (Microsoft's certificates are public): n8n trusts the local server's.
			n8nEnv: microsoft365 && servers ? { NODE_EXTRA_CA_CERTS: certificateFile(servers) } : {},
			ownerEnv: {
				N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
				N8N_INSTANCE_OWNER_EMAIL: ownerEmail,
				N8N_INSTANCE_OWNER_FIRST_NAME: 'Sync',
				N8N_INSTANCE_OWNER_LAST_NAME: 'Admin',
				N8N_INSTANCE_OWNER_PASSWORD_HASH: bcryptHash(install, ownerPassword),
			},
			login: `${ownerEmail} / ${env.N8N_OWNER_PASSWORD ? '<N8N_OWNER_PASSWORD>' : ownerPassword}`,
		};
	} catch (error) {
		await servers?.stop();
		throw error;
	}
}

/** The local servers' self-signed certificate in a file, for NODE_EXTRA_CA_CERTS. */
function certificateFile(servers: LocalServers): string {
	const file = path.join(cacheRoot, 'local-servers.pem');
	fs.mkdirSync(cacheRoot, { recursive: true });
	fs.writeFileSync(file, servers.exchange.certificatePem);
	return file;
}

/** Runs Sync Now through its production webhook at `baseUrl` and prints its report. */
export async function runSyncNow(baseUrl: string, problems: () => string[], set: SyncWorkflowSet): Promise<SyncReportRow[]> {
	log(`Running the first two-way sync (${set.title}: Sync Now) …`);
	const response = await fetch(`${baseUrl}/webhook/${set.syncNowWebhookPath}`, { method: 'POST' });
	const report = (await response.json()) as SyncReportRow[] | { message?: string };
	if (!response.ok || !Array.isArray(report)) {
		const found = problems().join('\n');
		throw new Error(`Sync Now failed (HTTP ${response.status}): ${JSON.stringify(report)}${found ? `\n${found}` : ''}`);
	}
	log(`\n${formatReport(report)}\n`);
	return report;
}

/** Runs `start` until Ctrl-C or SIGTERM, then `stop`; a failure to start also stops what did start. */
export function runUntilStopped(start: () => Promise<void>, stop: () => Promise<void>): void {
	const shutdown = async (code: number) => {
		await stop();
		process.exit(code);
	};
	process.once('SIGINT', () => void shutdown(0));
	process.once('SIGTERM', () => void shutdown(0));
	start().catch(async (error: unknown) => {
		process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
		await shutdown(1);
	});
}

function main(): void {
	const env = process.env;
	let product: Product | undefined;
	let running: RunningN8n | undefined;
	runUntilStopped(
		async () => {
			product = await prepareProduct(env);
			const userFolder = env.N8N_START_USER_FOLDER ?? path.join(cacheRoot, 'n8n-user');
			fs.mkdirSync(userFolder, { recursive: true });
			const n8n = N8nInstance.create(product.install, { userFolder, loopbackOnly: product.loopbackOnly, env: { ...product.n8nEnv, ...product.ownerEnv } });
			log('Installing the package into n8n and importing credentials and workflows …');
			await n8n.installPackage(product.tarball);
			await n8n.importCredentials(product.credentials);
			await n8n.importWorkflows(product.workflows);
			await n8n.publishWorkflows(product.workflows.map((workflow) => workflow.id));
			running = await n8n.start({ port: Number(env.N8N_PORT ?? 5678) });
			await runSyncNow(running.url, running.problems, product.syncSet);
			log(`n8n is running at ${running.url}  (log in as ${product.login})`);
			log(`Open the "${product.syncSet.title}: Sync Now" workflow to change the settings; the report is in Data tables. Ctrl-C stops everything.`);
		},
		async () => {
			await running?.stop();
			await product?.servers?.stop();
		},
	);
}

if (require.main === module) main();
