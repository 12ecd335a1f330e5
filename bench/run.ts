/**
 * `npm run bench [-- --sizes 1000,10000] [--servers ews,graph] [--graph-request-limit 10000] [--mailboxes 50] [--mailbox-contacts 20] [--naive-contacts 100] [--skip-naive] [--first-sync-only] [--out latest.json]`
 *
 * For each size: one mailbox with N contacts and 10% tasks and events on each side (half of them
 * on both), then (a) the initial two-way sync, (b) an incremental sync after 1% changed (half in
 * Exchange, half in the CRM), and (c) a sync with nothing changed. (a′) and (b′) are the runs
 * right after (a) and (b): they read back their own writes and complete the links of records
 * (a) created (a new record's id is known only after it is written). Then the same for 50 mailboxes under impersonation. Each
 * scenario runs through the real nodes (bench/pipeline.ts) and, on a second pair of servers
 * with the same data at `--naive-contacts` per mailbox, the naive way (one call per record); its
 * calls per record are scaled to the workload's records, so the ratio comes from the same run.
 * Every workload runs once per server in `--servers`: over EWS, and over Microsoft Graph (the
 * Exchange nodes with Server = Microsoft 365, against the local Microsoft 365 server with Graph's
 * limits: $batch of 20, 4 requests in flight and 10,000 in 10 minutes per mailbox, 429 with
 * Retry-After; `--graph-request-limit` changes the 10,000, for first syncs of mailboxes so large
 * that the limit would stretch them over hours). Prints a table and writes bench/results/latest.json (or the `--out` file name).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { callsOf, measure, type Cost } from './measure';
import { SyncRunner, type ReadMode, type SyncCursor, type WriteStyle } from './pipeline';
import { seedMailbox, type SeededIds } from './seed';
import { startBenchServers, type BenchServers, type ExchangeServerKind, type ServerOptions } from './servers';
import { countsFor, type BenchObject } from './world';
import { deleteOnEachSide, editOnePercent } from './edits';
import { measureLatency, type Latency } from './latency';

const OBJECTS: BenchObject[] = ['contacts', 'tasks', 'events'];

const SERVERS: ExchangeServerKind[] = ['ews', 'graph'];

interface Options {
	sizes: number[];
	servers: ExchangeServerKind[];
	/** Graph requests per mailbox in 10 minutes (Outlook's 10,000 when absent). */
	graphRequestLimit?: number;
	mailboxes: number;
	mailboxContacts: number;
	naive: boolean;
	/** Contacts per mailbox of the naive baseline (one call per record is slow to run at scale). */
	naiveContacts: number;
	/** Only scenario (a), the first sync: for sizes whose later scenarios take too long to run often. */
	firstSyncOnly: boolean;
	/** File name under bench/results for the figures. */
	out: string;
}

function parseOptions(argv: string[]): Options {
	const options: Options = { sizes: [1_000], servers: SERVERS, mailboxes: 50, mailboxContacts: 20, naive: true, naiveContacts: 100, firstSyncOnly: false, out: 'latest.json' };
	for (let i = 0; i < argv.length; i++) {
		const value = () => argv[++i] ?? '';
		if (argv[i] === '--sizes') options.sizes = value().split(',').map(Number).filter((n) => n > 0);
		else if (argv[i] === '--servers') options.servers = value().split(',').map(serverKind);
		else if (argv[i] === '--graph-request-limit') options.graphRequestLimit = Number(value());
		else if (argv[i] === '--mailboxes') options.mailboxes = Number(value());
		else if (argv[i] === '--mailbox-contacts') options.mailboxContacts = Number(value());
		else if (argv[i] === '--naive-contacts') options.naiveContacts = Number(value());
		else if (argv[i] === '--skip-naive') options.naive = false;
		else if (argv[i] === '--first-sync-only') options.firstSyncOnly = true;
		else if (argv[i] === '--out') options.out = path.basename(value());
		else throw new Error(`unknown option ${argv[i]} (known: --sizes, --servers, --graph-request-limit, --mailboxes, --mailbox-contacts, --naive-contacts, --skip-naive, --first-sync-only, --out)`);
	}
	return options;
}

function serverKind(name: string): ExchangeServerKind {
	const kind = SERVERS.find((server) => server === name.trim());
	if (!kind) throw new Error(`unknown server ${name} (known: ${SERVERS.join(', ')})`);
	return kind;
}

export interface ScenarioResult {
	/** EWS, or Microsoft Graph (Server = Microsoft 365). */
	server: ExchangeServerKind;
	workload: string;
	scenario: string;
	records: number;
	recordsPerSecond: number;
	/** Calls (Zoho + Exchange) per record on both sides. */
	callsPerRecord: number;
	cost: Cost;
	/** The naive baseline's cost at its own size, and its calls scaled to this workload's records. */
	naive?: Cost & { records: number; scaledCalls: number };
	/** Naive calls (Zoho + Exchange, scaled) divided by ours. */
	callRatio?: number;
	writes: number;
	failures: number;
	/** What the failed writes and the Sync node's per-record errors said (each message once). */
	failureMessages?: string[];
}

/** Both servers and a runner, seeded with the workload; sync cursors per mailbox and object. */
class Workload {
	readonly runner: SyncRunner;
	readonly cursors = new Map<string, SyncCursor>();
	seeded = new Map<string, SeededIds>();

	constructor(readonly servers: BenchServers, readonly mailboxes: string[]) {
		this.runner = new SyncRunner(servers);
	}

	static async start(exchange: ExchangeOptions, mailboxCount: number, contacts: number): Promise<Workload> {
		const servers = await startBenchServers({ ...exchange, mailboxes: mailboxCount });
		const workload = new Workload(servers, servers.mailboxes);
		await workload.runner.prepareCrm(['Contacts', 'Tasks', 'Events']);
		for (const mailbox of workload.mailboxes) workload.seeded.set(mailbox, await seedMailbox(servers, mailbox, contacts));
		return workload;
	}

	/** One sync of every object in every mailbox; returns writes and failed writes. */
	async syncAll(mode: ReadMode, style: WriteStyle): Promise<{ writes: number; failures: number; messages: string[] }> {
		let writes = 0;
		let failures = 0;
		const messages = new Set<string>();
		for (const mailbox of this.mailboxes) {
			for (const object of OBJECTS) {
				const key = `${mailbox}/${object}`;
				const result = await this.runner.run({ object, mailbox, mode, style, cursor: this.cursors.get(key) });
				this.cursors.set(key, result.cursor);
				writes += result.writes.exchange + result.writes.crm;
				const errors = (result.report.errors as unknown[] | undefined) ?? [];
				failures += result.failures.length + errors.length;
				for (const failure of result.failures) messages.add(`${object} ${failure.side} ${failure.action}: ${failure.message}`);
				for (const error of errors) messages.add(`${object}: ${JSON.stringify(error)}`);
			}
		}
		return { writes, failures, messages: [...messages] };
	}

	async edit(): Promise<void> {
		for (const mailbox of this.mailboxes) await editOnePercent(this.servers, this.seeded.get(mailbox) as SeededIds);
	}

	async deleteSome(): Promise<void> {
		for (const mailbox of this.mailboxes) await deleteOnEachSide(this.servers, this.seeded.get(mailbox) as SeededIds);
	}
}

/** Records on both sides before the first sync, over all mailboxes. */
function recordsOf(mailboxCount: number, contacts: number): number {
	const counts = countsFor(contacts);
	return mailboxCount * 2 * (counts.contacts + counts.tasks + counts.events);
}

const perRecord = (calls: number, records: number) => Math.round((calls / records) * 1000) / 1000;

/** The Exchange front a workload runs against, and its Graph limit. */
type ExchangeOptions = Required<Pick<ServerOptions, 'server'>> & Pick<ServerOptions, 'graphRequestLimit'> & { firstSyncOnly?: boolean };

async function runWorkload(exchange: ExchangeOptions, name: string, mailboxCount: number, contacts: number, naiveContacts?: number): Promise<{ results: ScenarioResult[]; latency?: Latency }> {
	const records = recordsOf(mailboxCount, contacts);
	const { server } = exchange;
	const product = await Workload.start(exchange, mailboxCount, contacts);
	const baselineMailboxes = Math.min(mailboxCount, 2);
	const baseline = naiveContacts ? await Workload.start(exchange, baselineMailboxes, Math.min(contacts, naiveContacts)) : undefined;
	const baselineRecords = baseline ? recordsOf(baselineMailboxes, Math.min(contacts, naiveContacts as number)) : 0;
	const results: ScenarioResult[] = [];
	try {
		const scenario = async (label: string, mode: ReadMode, before?: (workload: Workload) => Promise<void>) => {
			if (before) await before(product);
			const ours = await measure(product.servers, () => product.syncAll(mode, 'batched'));
			let naiveCost: ScenarioResult['naive'];
			if (baseline) {
				if (before) await before(baseline);
				const cost = (await measure(baseline.servers, () => baseline.syncAll('complete', 'naive'))).cost;
				naiveCost = { ...cost, records: baselineRecords, scaledCalls: Math.round((callsOf(cost) / baselineRecords) * records) };
			}
			const result: ScenarioResult = {
				server,
				workload: name,
				scenario: label,
				records,
				recordsPerSecond: Math.round(records / (ours.cost.wallMs / 1000)),
				callsPerRecord: perRecord(callsOf(ours.cost), records),
				cost: ours.cost,
				...(naiveCost ? { naive: naiveCost, callRatio: Math.round((naiveCost.scaledCalls / Math.max(1, callsOf(ours.cost))) * 10) / 10 } : {}),
				writes: ours.result.writes,
				failures: ours.result.failures,
				...(ours.result.messages.length ? { failureMessages: ours.result.messages } : {}),
			};
			results.push(result);
			const throttled = ours.cost.graph?.throttled ? `, ${ours.cost.graph.throttled} throttled` : '';
			process.stderr.write(`  ${server} ${name} ${label}: ${ours.cost.wallMs} ms, ${callsOf(ours.cost)} calls${throttled}${result.callRatio ? `, naive ×${result.callRatio}` : ''}\n`);
		};
		await scenario('(a) initial', 'changes');
		if (exchange.firstSyncOnly) return { results };
		await scenario('(a′) after (a)', 'changes');
		await scenario('(b) 1% changed', 'changes', (workload) => workload.edit());
		await scenario('(b′) after (b)', 'changes');
		await scenario('(d) deletions', 'changes', (workload) => workload.deleteSome());
		// The CRM side reads from 2 s before the previous run started: let (d) age past that, so (d′)
		// reads (d)'s own deletions once and (c) no more.
		await scenario('(d′) after (d)', 'changes', () => new Promise((resolve) => setTimeout(resolve, 2_100)));
		await scenario('(c) nothing changed', 'changes');
		const full = await measure(product.servers, () => product.syncAll('complete', 'batched'));
		results.push({
			server,
			workload: name,
			scenario: '(c) nothing changed, full read',
			records,
			recordsPerSecond: Math.round(records / (full.cost.wallMs / 1000)),
			callsPerRecord: perRecord(callsOf(full.cost), records),
			cost: full.cost,
			writes: full.result.writes,
			failures: full.result.failures,
			...(full.result.messages.length ? { failureMessages: full.result.messages } : {}),
		});
		const latency = mailboxCount === 1 ? await measureLatency(product.runner, product.servers, product.mailboxes[0], product.cursors) : undefined;
		return { results, latency };
	} finally {
		await product.servers.stop();
		await baseline?.servers.stop();
	}
}

function formatTable(results: ScenarioResult[]): string {
	const header = ['server', 'workload', 'scenario', 'wall s', 'rec/s', 'RSS MB', 'heap MB', 'Zoho calls', 'credits', 'Exchange calls', 'calls/record', 'Graph requests', 'throttled', 'Exchange by operation', 'writes', 'failed', 'naive calls (scaled)', 'naive ×'];
	const rows = results.map((r) => [
		r.server === 'graph' ? 'Graph' : 'EWS',
		r.workload,
		r.scenario,
		(r.cost.wallMs / 1000).toFixed(1),
		String(r.recordsPerSecond),
		String(r.cost.peakRssMb),
		String(r.cost.peakHeapMb),
		String(r.cost.zohoCalls),
		String(r.cost.zohoCredits),
		String(r.cost.graph ? r.cost.graph.calls : r.cost.ewsCalls),
		String(r.callsPerRecord),
		r.cost.graph ? String(r.cost.graph.requests) : '–',
		r.cost.graph ? String(r.cost.graph.throttled) : '–',
		Object.entries(r.cost.graph ? r.cost.graph.byOperation : r.cost.ewsByOperation).map(([op, n]) => `${op} ${n}`).join(', '),
		String(r.writes),
		String(r.failures),
		r.naive ? String(r.naive.scaledCalls) : '–',
		r.callRatio !== undefined ? String(r.callRatio) : '–',
	]);
	return [header, header.map(() => '---'), ...rows].map((row) => `| ${row.join(' | ')} |`).join('\n');
}

interface NoOpCalls {
	server: ExchangeServerKind;
	/** Calls of the quiet run in one mailbox, per size. */
	calls: number[];
	/** Calls of the quiet run per mailbox in the multi-mailbox workload. */
	perMailbox?: number;
	constant: boolean;
}

/** A no-op sync must cost the same number of calls whatever the size, and as much per mailbox for many mailboxes. */
function constantNoOp(results: ScenarioResult[], server: ExchangeServerKind, mailboxes: number): NoOpCalls {
	const quiet = results.filter((r) => r.server === server && r.scenario === '(c) nothing changed');
	const calls = quiet.filter((r) => !r.workload.includes('mailboxes')).map((r) => callsOf(r.cost));
	const many = quiet.find((r) => r.workload.includes('mailboxes'));
	const perMailbox = many ? callsOf(many.cost) / mailboxes : undefined;
	const counts = perMailbox === undefined ? calls : [...calls, perMailbox];
	return { server, calls, ...(perMailbox === undefined ? {} : { perMailbox }), constant: counts.every((n) => n === counts[0]) };
}

async function main(): Promise<void> {
	const options = parseOptions(process.argv.slice(2));
	const results: ScenarioResult[] = [];
	const latencies: Array<Latency & { server: ExchangeServerKind }> = [];
	const loadBefore = os.loadavg();
	const naiveContacts = options.naive ? options.naiveContacts : undefined;
	for (const size of options.sizes) {
		for (const server of options.servers) {
			process.stderr.write(`${size.toLocaleString('en')} contacts in one mailbox, ${server}…\n`);
			const run = await runWorkload({ server, graphRequestLimit: options.graphRequestLimit, firstSyncOnly: options.firstSyncOnly }, `${size.toLocaleString('en')} contacts, 1 mailbox`, 1, size, naiveContacts);
			results.push(...run.results);
			if (run.latency) latencies.push({ ...run.latency, size, server });
		}
	}
	if (options.mailboxes > 0) {
		for (const server of options.servers) {
			process.stderr.write(`${options.mailboxes} mailboxes × ${options.mailboxContacts} contacts, ${server}…\n`);
			results.push(...(await runWorkload({ server, graphRequestLimit: options.graphRequestLimit, firstSyncOnly: options.firstSyncOnly }, `${options.mailboxes} mailboxes × ${options.mailboxContacts} contacts`, options.mailboxes, options.mailboxContacts, naiveContacts)).results);
		}
	}
	const noOp = options.servers.map((server) => constantNoOp(results, server, options.mailboxes));
	const summary = {
		date: new Date().toISOString(),
		machine: { cpus: os.cpus().length, node: process.version, platform: `${os.platform()} ${os.arch()}`, loadAverage: { before: loadBefore, after: os.loadavg() } },
		options,
		results,
		latency: latencies,
		noOpCalls: noOp,
	};
	const outDir = path.resolve(__dirname, 'results');
	fs.mkdirSync(outDir, { recursive: true });
	fs.writeFileSync(path.join(outDir, options.out), `${JSON.stringify(summary, null, '\t')}\n`);
	process.stdout.write(`${formatTable(results)}\n\n`);
	for (const latency of latencies) {
		process.stdout.write(`Zoho edit → Exchange item over ${latency.server} (${latency.path}), ${latency.size?.toLocaleString('en')} contacts: median ${latency.medianMs} ms, p95 ${latency.p95Ms} ms over ${latency.samples} edits\n`);
	}
	for (const quiet of noOp) {
		const perMailbox = quiet.perMailbox === undefined ? '' : `, per mailbox of ${options.mailboxes}: ${quiet.perMailbox}`;
		process.stdout.write(`No-op sync calls over ${quiet.server} per size: ${quiet.calls.join(', ')}${perMailbox} → ${quiet.constant ? 'constant' : 'NOT constant'}\n`);
	}
	if (noOp.some((quiet) => !quiet.constant)) process.exitCode = 1;
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exit(1);
});
