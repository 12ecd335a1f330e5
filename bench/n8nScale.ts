/**
 * `npm run bench:n8n [-- --sizes 10000,30000] [--queue-users 20] [--queue-contacts 500] [--quiet-users 50] [--only first,queue,quiet]`
 *
 * The sync's cost inside n8n, through real n8n and the prebuilt Sync Now workflow (contacts only):
 * (first) a first sync of each size for one user, and the same sync through the nodes directly
 * (bench/pipeline.ts) on fresh servers; (queue) `--queue-users` users × `--queue-contacts`
 * contacts on the queue-mode stack with one worker and with two; (quiet) a run with nothing to do
 * for `--quiet-users` users, counting the calls each server answered. Peak RSS is summed over every
 * n8n process (task runners included), sampled every 250 ms; execution data is what n8n stored
 * for the run (every execution's data, sub-workflows included). Prints a table and writes
 * bench/results/n8n-scale.json.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { exchangeCredential, zohoCredential } from '../scripts/n8n/credentials';
import { ensureN8n, type N8nInstall } from '../scripts/n8n/install';
import { N8nInstance, type N8nCredential, type N8nWorkflow, type RunningN8n } from '../scripts/n8n/instance';
import { packPackage } from '../scripts/n8n/pack';
import { sql } from '../scripts/queue/services';
import { startQueueStack } from '../scripts/queue/stack';
import { EXCHANGE_WORKFLOW_SET, type SyncReportRow } from '../scripts/workflows/definitions';
import { DEMO_EXCHANGE, DEMO_PASSWORD, DEMO_ZOHO } from '../test/emulators/demo/world';
import { syncNowWorkflows } from '../test/e2e/support/syncWorld';
import { measure } from './measure';
import { SyncRunner } from './pipeline';
import { seedMailbox } from './seed';
import { startBenchServers, type BenchServers } from './servers';

type Part = 'first' | 'queue' | 'quiet';

interface Options {
	sizes: number[];
	queueUsers: number;
	queueContacts: number;
	quietUsers: number;
	only: Set<Part>;
}

const PARTS: Part[] = ['first', 'queue', 'quiet'];

function parseOptions(argv: string[]): Options {
	const options: Options = { sizes: [10_000, 30_000], queueUsers: 20, queueContacts: 500, quietUsers: 50, only: new Set(PARTS) };
	for (let i = 0; i < argv.length; i++) {
		const value = () => argv[++i] ?? '';
		const count = (name: string) => {
			const parsed = Number(value());
			if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`${name} takes a whole number of at least 1`);
			return parsed;
		};
		if (argv[i] === '--sizes') options.sizes = value().split(',').map(Number);
		else if (argv[i] === '--queue-users') options.queueUsers = count('--queue-users');
		else if (argv[i] === '--queue-contacts') options.queueContacts = count('--queue-contacts');
		else if (argv[i] === '--quiet-users') options.quietUsers = count('--quiet-users');
		else if (argv[i] === '--only') options.only = new Set(value().split(',') as Part[]);
		else throw new Error(`unknown option ${argv[i]} (known: --sizes, --queue-users, --queue-contacts, --quiet-users, --only)`);
	}
	if (options.sizes.some((size) => !Number.isInteger(size) || size < 2)) throw new Error('--sizes takes whole numbers of at least 2, comma-separated');
	const unknown = [...options.only].filter((part) => !PARTS.includes(part));
	if (unknown.length) throw new Error(`--only takes ${PARTS.join(', ')}; not ${unknown.join(', ')}`);
	return options;
}

const log = (line: string) => process.stderr.write(`${line}\n`);
const MB = 1024 * 1024;
const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * RSS of the n8n processes started with these user folders (their environment names the folder)
 * and of every process they started (task runners), in MB.
 */
function n8nRssMb(userFolders: string[]): number {
	const markers = userFolders.map((folder) => `N8N_USER_FOLDER=${folder}\0`);
	const parents = new Map<number, number>();
	const rssKb = new Map<number, number>();
	const roots = new Set<number>();
	for (const entry of fs.readdirSync('/proc')) {
		const pid = Number(entry);
		if (!Number.isInteger(pid)) continue;
		try {
			const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
			parents.set(pid, Number(/^PPid:\s+(\d+)/m.exec(status)?.[1] ?? 0));
			rssKb.set(pid, Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0));
			const environment = fs.readFileSync(`/proc/${pid}/environ`, 'utf8');
			if (markers.some((marker) => environment.includes(marker))) roots.add(pid);
		} catch {
			// The process ended while it was read.
		}
	}
	const counted = (pid: number): boolean => {
		for (let current = pid; current > 1; current = parents.get(current) ?? 0) if (roots.has(current)) return true;
		return false;
	};
	let total = 0;
	for (const [pid, kb] of rssKb) if (counted(pid)) total += kb;
	return total / 1024;
}

/** Samples n8n's RSS until stopped; returns the peak in MB. */
function sampleRss(userFolders: string[]): () => number {
	let peak = n8nRssMb(userFolders);
	const timer = setInterval(() => (peak = Math.max(peak, n8nRssMb(userFolders))), 250);
	return () => {
		clearInterval(timer);
		return Math.round(Math.max(peak, n8nRssMb(userFolders)));
	};
}

/** POSTs to a webhook and waits for its answer however long the run takes (fetch gives up on headers after 5 minutes). */
function postWebhook(url: string): Promise<unknown> {
	return new Promise((resolve, reject) => {
		const request = http.request(url, { method: 'POST', timeout: 0 }, (response) => {
			response.setEncoding('utf8');
			let body = '';
			response.on('data', (chunk: string) => (body += chunk));
			response.on('end', () => {
				if (response.statusCode !== 200) return reject(new Error(`${url} answered HTTP ${response.statusCode}: ${body.slice(0, 500)}`));
				try {
					resolve(JSON.parse(body));
				} catch {
					reject(new Error(`${url} answered something that is not JSON: ${body.slice(0, 500)}`));
				}
			});
		});
		request.on('error', reject);
		request.end();
	});
}

/** Sync Now's report rows; throws when a job failed, so a figure never comes from a broken run. */
async function syncNow(url: string): Promise<SyncReportRow[]> {
	const rows = (await postWebhook(url)) as SyncReportRow[];
	const failed = rows.filter((row) => row.status !== 'success');
	if (!Array.isArray(rows) || rows.length === 0 || failed.length > 0) {
		throw new Error(`Sync Now did not succeed for every job: ${JSON.stringify(failed.length ? failed : rows).slice(0, 2000)}`);
	}
	return rows;
}

async function benchCredentials(servers: BenchServers): Promise<N8nCredential[]> {
	return [
		exchangeCredential({
			url: servers.exchangeUrl,
			authentication: 'basic',
			username: DEMO_EXCHANGE.serviceAccount.smtp,
			password: DEMO_PASSWORD,
			impersonation: true,
			caCertificate: String(servers.exchangeCredentials.trustedCaPem),
		}),
		await zohoCredential({
			dataCenter: 'custom',
			accountsUrl: new URL(servers.zohoControl.origin).origin,
			clientId: DEMO_ZOHO.clientId,
			clientSecret: DEMO_ZOHO.clientSecret,
			refreshToken: DEMO_ZOHO.refreshToken,
		}),
	];
}

/** Sync Now and the contacts workflow, syncing contacts only for these mailboxes (in queue mode, each job on any worker). */
function contactsWorkflows(mailboxes: string[], jobsOnWorkers = false): N8nWorkflow[] {
	return syncNowWorkflows({ syncTasks: false, syncEvents: false, syncMails: false, users: mailboxes.join(','), jobsOnWorkers });
}

/** Bench servers with `users` mailboxes of `contacts` contacts on each side (half of them on both). */
async function seededServers(users: number, contacts: number): Promise<BenchServers> {
	const servers = await startBenchServers({ mailboxes: users });
	for (const mailbox of servers.mailboxes) await seedMailbox(servers, mailbox, contacts, ['contacts']);
	return servers;
}

/** Bytes of execution data n8n's SQLite database holds, read with n8n's own SQLite driver. */
function sqliteExecutionDataMb(install: N8nInstall, userFolder: string): number {
	const driver = path.join(path.dirname(install.n8nPackageDir), 'sqlite3');
	const database = path.join(userFolder, '.n8n', 'database.sqlite');
	const script = `const sqlite3 = require(${JSON.stringify(driver)});
const db = new sqlite3.Database(${JSON.stringify(database)}, sqlite3.OPEN_READONLY);
db.get('SELECT COALESCE(SUM(LENGTH(data)), 0) AS bytes FROM execution_data', (error, row) => {
	if (error) { console.error(error.message); process.exit(1); }
	process.stdout.write(String(row.bytes));
});`;
	return Number(execFileSync(install.nodeBinary, ['-e', script], { encoding: 'utf8' })) / MB;
}

interface N8nRun {
	install: N8nInstall;
	tarball: string;
}

/** One n8n process with the package, the bench servers' credentials and the contacts workflows, started. */
async function startN8n(run: N8nRun, servers: BenchServers): Promise<{ n8n: N8nInstance; running: RunningN8n; syncNowUrl: string }> {
	const n8n = N8nInstance.create(run.install);
	try {
		await n8n.installPackage(run.tarball);
		await n8n.importCredentials(await benchCredentials(servers));
		const workflows = contactsWorkflows(servers.mailboxes);
		await n8n.importWorkflows(workflows);
		await n8n.publishWorkflows(workflows.map((workflow) => workflow.id));
		const running = await n8n.start();
		return { n8n, running, syncNowUrl: `${running.url}/webhook/${EXCHANGE_WORKFLOW_SET.syncNowWebhookPath}` };
	} catch (error) {
		n8n.dispose();
		throw error;
	}
}

interface FirstSync {
	contacts: number;
	seconds: number;
	directSeconds: number;
	peakRssMb: number;
	executionDataMb: number;
}

async function firstSync(run: N8nRun, contacts: number): Promise<FirstSync> {
	log(`first sync of ${contacts} contacts per side through n8n …`);
	const servers = await seededServers(1, contacts);
	let through: { seconds: number; peakRssMb: number; executionDataMb: number };
	try {
		const { n8n, running, syncNowUrl } = await startN8n(run, servers);
		try {
			const peakRss = sampleRss([n8n.userFolder]);
			const started = performance.now();
			try {
				await syncNow(syncNowUrl);
			} finally {
				through = { seconds: (performance.now() - started) / 1000, peakRssMb: peakRss(), executionDataMb: 0 };
				await running.stop();
			}
			through.executionDataMb = sqliteExecutionDataMb(run.install, n8n.userFolder);
		} finally {
			n8n.dispose();
		}
	} finally {
		await servers.stop();
	}
	log(`… and through the nodes directly …`);
	const directServers = await seededServers(1, contacts);
	try {
		const runner = new SyncRunner(directServers);
		await runner.prepareCrm(['Contacts']);
		const { cost } = await measure(directServers, () =>
			runner.run({ object: 'contacts', mailbox: directServers.mailboxes[0], mode: 'complete', style: 'batched' }),
		);
		return { contacts, seconds: round(through.seconds), directSeconds: round(cost.wallMs / 1000), peakRssMb: through.peakRssMb, executionDataMb: round(through.executionDataMb) };
	} finally {
		await directServers.stop();
	}
}

/** Seconds Sync Now takes for every user on the queue-mode stack with this many workers. */
async function queueRun(run: N8nRun, users: number, contacts: number, workers: number): Promise<number> {
	log(`${users} users × ${contacts} contacts on queue mode with ${workers} worker(s) …`);
	const servers = await seededServers(users, contacts);
	try {
		const stack = await startQueueStack({
			install: run.install,
			tarball: run.tarball,
			credentials: await benchCredentials(servers),
			workflows: contactsWorkflows(servers.mailboxes, true),
			workers,
			log,
		});
		try {
			const started = performance.now();
			await syncNow(`${stack.webhook.running.url}/webhook/${EXCHANGE_WORKFLOW_SET.syncNowWebhookPath}`);
			const seconds = (performance.now() - started) / 1000;
			const executions = await sql(stack.database.url, 'SELECT COUNT(*) FROM execution_entity');
			const jobs = (await sql(stack.database.url, `SELECT id FROM execution_entity WHERE "workflowId" = '${EXCHANGE_WORKFLOW_SET.syncJobId}'`)).map(([id]) => id);
			const perWorker = stack.workers.map((worker) => `${worker.name}: ${jobs.filter((id) => stack.workerOf(id) === worker).length}`);
			log(`  ${round(seconds)} s, ${executions[0]?.[0]} executions; user jobs per worker: ${perWorker.join(', ')}`);
			return round(seconds);
		} finally {
			await stack.stop();
		}
	} finally {
		await servers.stop();
	}
}

interface QuietRun {
	users: number;
	zohoCalls: number;
	exchangeCalls: number;
}

/** A Sync Now with nothing to do for `users` users (after a first one that linked their contacts). */
async function quietRun(run: N8nRun, users: number): Promise<QuietRun> {
	log(`quiet run for ${users} users …`);
	const servers = await seededServers(users, 4);
	try {
		const { n8n, running, syncNowUrl } = await startN8n(run, servers);
		try {
			await syncNow(syncNowUrl);
			// The run after the first reads back the first's own writes; the quiet run is the one after.
			await syncNow(syncNowUrl);
			await Promise.all([servers.exchangeControl.resetCounters(), servers.zohoControl.resetCounters()]);
			await syncNow(syncNowUrl);
			const [exchange, zoho] = await Promise.all([servers.exchangeControl.counters(), servers.zohoControl.counters()]);
			return { users, zohoCalls: zoho.total, exchangeCalls: exchange.total };
		} finally {
			await running.stop();
			n8n.dispose();
		}
	} finally {
		await servers.stop();
	}
}

function table(rows: Array<[string, string]>): string {
	const width = Math.max(...rows.map(([name]) => name.length));
	return rows.map(([name, value]) => `| ${name.padEnd(width)} | ${value} |`).join('\n');
}

async function main(): Promise<void> {
	const options = parseOptions(process.argv.slice(2));
	const [install, tarball] = await Promise.all([ensureN8n(), packPackage(log)]);
	const run: N8nRun = { install, tarball };
	const file = path.join(__dirname, 'results', 'n8n-scale.json');
	// Parts not run this time (--only) keep their last figures, each with when and under what load it ran.
	const previous = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
	const results: Record<string, unknown> = {
		...previous,
		machine: { cores: os.cpus().length, node: process.version, platform: `${os.platform()} ${os.arch()}`, loadAverage: os.loadavg().map((load) => round(load)) },
		date: new Date().toISOString(),
	};
	const rows: Array<[string, string]> = [];
	const save = () => fs.writeFileSync(file, `${JSON.stringify({ ...results, loadAverageAfter: os.loadavg().map((load) => round(load)) }, null, '\t')}\n`);
	/** Runs one part; a part that fails is recorded with its error (a limit reached is a result too) and the others still run. */
	const part = async (key: string, label: string, work: () => Promise<{ figures: object; line: string }>) => {
		const loadAverage = os.loadavg().map((load) => round(load));
		try {
			const { figures, line } = await work();
			results[key] = { ...figures, measuredAt: new Date().toISOString(), loadAverage, loadAverageAfter: os.loadavg().map((load) => round(load)) };
			rows.push([label, line]);
		} catch (error) {
			const message = error instanceof Error ? error.message : String(error);
			results[key] = { error: message };
			rows.push([label, `failed: ${message.slice(0, 300)}`]);
		}
		save();
	};
	if (options.only.has('first')) {
		for (const size of options.sizes) {
			const key = size === 10_000 ? 'firstSync10k' : size === 30_000 ? 'firstSync30k' : `firstSync${size}`;
			await part(key, `first sync, ${size} contacts`, async () => {
				const figures = await firstSync(run, size);
				const line = `${figures.seconds} s through n8n (${figures.directSeconds} s direct, ×${round(figures.seconds / figures.directSeconds, 2)}), peak RSS ${figures.peakRssMb} MB, execution data ${figures.executionDataMb} MB`;
				return { figures, line };
			});
		}
	}
	if (options.only.has('queue')) {
		await part('queue', `queue, ${options.queueUsers} users × ${options.queueContacts}`, async () => {
			const oneWorkerSeconds = await queueRun(run, options.queueUsers, options.queueContacts, 1);
			const twoWorkerSeconds = await queueRun(run, options.queueUsers, options.queueContacts, 2);
			return {
				figures: { users: options.queueUsers, contacts: options.queueContacts, oneWorkerSeconds, twoWorkerSeconds },
				line: `${oneWorkerSeconds} s with one worker, ${twoWorkerSeconds} s with two (×${round(oneWorkerSeconds / twoWorkerSeconds, 2)})`,
			};
		});
	}
	if (options.only.has('quiet')) {
		await part(`quiet${options.quietUsers}`, `quiet run, ${options.quietUsers} users`, async () => {
			const quiet = await quietRun(run, options.quietUsers);
			return { figures: quiet, line: `${quiet.zohoCalls} Zoho calls, ${quiet.exchangeCalls} Exchange calls` };
		});
	}
	process.stdout.write(`${table(rows)}\n\nWritten to ${path.relative(process.cwd(), file)}\n`);
}

main().catch((error: unknown) => {
	process.stderr.write(`bench:n8n failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exit(1);
});
