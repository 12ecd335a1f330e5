/**
 * `npm run bench [-- --sizes 1000,10000] [--mailboxes 50] [--mailbox-contacts 20] [--naive-contacts 100] [--skip-naive] [--out latest.json]`
 *
 * For each size: one mailbox with N contacts and 10% tasks and events on each side (half of them
 * on both), then (a) the initial two-way sync, (b) an incremental sync after 1% changed (half in
 * Exchange, half in the CRM), and (c) a sync with nothing changed. (a′) and (b′) are the runs
 * right after (a) and (b): they read back their own writes and complete the links of records
 * (a) created (a new record's id is known only after it is written). Then the same for 50 mailboxes under impersonation. Each
 * scenario runs through the real nodes (bench/pipeline.ts) and, on a second pair of servers
 * with the same data at `--naive-contacts` per mailbox, the naive way (one call per record); its
 * calls per record are scaled to the workload's records, so the ratio comes from the same run.
 * Prints a table and writes bench/results/latest.json (or the `--out` file name).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { measure, type Cost } from './measure';
import { SyncRunner, type ReadMode, type SyncCursor, type WriteStyle } from './pipeline';
import { seedMailbox, type SeededIds } from './seed';
import { startBenchServers, type BenchServers } from './servers';
import { countsFor, type BenchObject } from './world';
import { deleteOnEachSide, editOnePercent } from './edits';
import { measureLatency, type Latency } from './latency';

const OBJECTS: BenchObject[] = ['contacts', 'tasks', 'events'];

interface Options {
	sizes: number[];
	mailboxes: number;
	mailboxContacts: number;
	naive: boolean;
	/** Contacts per mailbox of the naive baseline (one call per record is slow to run at scale). */
	naiveContacts: number;
	/** File name under bench/results for the figures. */
	out: string;
}

function parseOptions(argv: string[]): Options {
	const options: Options = { sizes: [1_000], mailboxes: 50, mailboxContacts: 20, naive: true, naiveContacts: 100, out: 'latest.json' };
	for (let i = 0; i < argv.length; i++) {
		const value = () => argv[++i] ?? '';
		if (argv[i] === '--sizes') options.sizes = value().split(',').map(Number).filter((n) => n > 0);
		else if (argv[i] === '--mailboxes') options.mailboxes = Number(value());
		else if (argv[i] === '--mailbox-contacts') options.mailboxContacts = Number(value());
		else if (argv[i] === '--naive-contacts') options.naiveContacts = Number(value());
		else if (argv[i] === '--skip-naive') options.naive = false;
		else if (argv[i] === '--out') options.out = path.basename(value());
		else throw new Error(`unknown option ${argv[i]} (known: --sizes, --mailboxes, --mailbox-contacts, --naive-contacts, --skip-naive, --out)`);
	}
	return options;
}

export interface ScenarioResult {
	workload: string;
	scenario: string;
	records: number;
	recordsPerSecond: number;
	cost: Cost;
	/** The naive baseline's cost at its own size, and its calls scaled to this workload's records. */
	naive?: Cost & { records: number; scaledCalls: number };
	/** Naive calls (Zoho + EWS, scaled) divided by ours. */
	callRatio?: number;
	writes: number;
	failures: number;
}

/** Both servers and a runner, seeded with the workload; sync cursors per mailbox and object. */
class Workload {
	readonly runner: SyncRunner;
	readonly cursors = new Map<string, SyncCursor>();
	seeded = new Map<string, SeededIds>();

	constructor(readonly servers: BenchServers, readonly mailboxes: string[]) {
		this.runner = new SyncRunner(servers);
	}

	static async start(mailboxCount: number, contacts: number): Promise<Workload> {
		const servers = await startBenchServers({ mailboxes: mailboxCount });
		const workload = new Workload(servers, servers.mailboxes);
		await workload.runner.prepareCrm(['Contacts', 'Tasks', 'Events']);
		for (const mailbox of workload.mailboxes) workload.seeded.set(mailbox, await seedMailbox(servers, mailbox, contacts));
		return workload;
	}

	/** One sync of every object in every mailbox; returns writes and failed writes. */
	async syncAll(mode: ReadMode, style: WriteStyle): Promise<{ writes: number; failures: number }> {
		let writes = 0;
		let failures = 0;
		for (const mailbox of this.mailboxes) {
			for (const object of OBJECTS) {
				const key = `${mailbox}/${object}`;
				const result = await this.runner.run({ object, mailbox, mode, style, cursor: this.cursors.get(key) });
				this.cursors.set(key, result.cursor);
				writes += result.writes.exchange + result.writes.crm;
				failures += result.failures.length + ((result.report.errors as unknown[] | undefined)?.length ?? 0);
			}
		}
		return { writes, failures };
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

async function runWorkload(name: string, mailboxCount: number, contacts: number, naiveContacts?: number): Promise<{ results: ScenarioResult[]; latency?: Latency }> {
	const records = recordsOf(mailboxCount, contacts);
	const product = await Workload.start(mailboxCount, contacts);
	const baselineMailboxes = Math.min(mailboxCount, 2);
	const baseline = naiveContacts ? await Workload.start(baselineMailboxes, Math.min(contacts, naiveContacts)) : undefined;
	const baselineRecords = baseline ? recordsOf(baselineMailboxes, Math.min(contacts, naiveContacts as number)) : 0;
	const results: ScenarioResult[] = [];
	try {
		const scenario = async (label: string, mode: ReadMode, before?: (workload: Workload) => Promise<void>) => {
			if (before) await before(product);
			const ours = await measure(product.servers, () => product.syncAll(mode, 'batched'));
			const calls = (cost: Cost) => cost.zohoCalls + cost.ewsCalls;
			let naiveCost: ScenarioResult['naive'];
			if (baseline) {
				if (before) await before(baseline);
				const cost = (await measure(baseline.servers, () => baseline.syncAll('complete', 'naive'))).cost;
				naiveCost = { ...cost, records: baselineRecords, scaledCalls: Math.round((calls(cost) / baselineRecords) * records) };
			}
			const result: ScenarioResult = {
				workload: name,
				scenario: label,
				records,
				recordsPerSecond: Math.round(records / (ours.cost.wallMs / 1000)),
				cost: ours.cost,
				...(naiveCost ? { naive: naiveCost, callRatio: Math.round((naiveCost.scaledCalls / Math.max(1, calls(ours.cost))) * 10) / 10 } : {}),
				writes: ours.result.writes,
				failures: ours.result.failures,
			};
			results.push(result);
			process.stderr.write(`  ${name} ${label}: ${ours.cost.wallMs} ms, ${calls(ours.cost)} calls${result.callRatio ? `, naive ×${result.callRatio}` : ''}\n`);
		};
		await scenario('(a) initial', 'changes');
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
			workload: name,
			scenario: '(c) nothing changed, full read',
			records,
			recordsPerSecond: Math.round(records / (full.cost.wallMs / 1000)),
			cost: full.cost,
			writes: full.result.writes,
			failures: full.result.failures,
		});
		const latency = mailboxCount === 1 ? await measureLatency(product.runner, product.servers, product.mailboxes[0], product.cursors) : undefined;
		return { results, latency };
	} finally {
		await product.servers.stop();
		await baseline?.servers.stop();
	}
}

function formatTable(results: ScenarioResult[]): string {
	const header = ['workload', 'scenario', 'wall s', 'rec/s', 'RSS MB', 'heap MB', 'Zoho calls', 'credits', 'EWS calls', 'EWS by operation', 'writes', 'failed', 'naive calls (scaled)', 'naive ×'];
	const rows = results.map((r) => [
		r.workload,
		r.scenario,
		(r.cost.wallMs / 1000).toFixed(1),
		String(r.recordsPerSecond),
		String(r.cost.peakRssMb),
		String(r.cost.peakHeapMb),
		String(r.cost.zohoCalls),
		String(r.cost.zohoCredits),
		String(r.cost.ewsCalls),
		Object.entries(r.cost.ewsByOperation).map(([op, n]) => `${op} ${n}`).join(', '),
		String(r.writes),
		String(r.failures),
		r.naive ? String(r.naive.scaledCalls) : '–',
		r.callRatio !== undefined ? String(r.callRatio) : '–',
	]);
	return [header, header.map(() => '---'), ...rows].map((row) => `| ${row.join(' | ')} |`).join('\n');
}

/** A no-op sync must cost the same number of calls whatever the size. */
function constantNoOp(results: ScenarioResult[]): { calls: number[]; constant: boolean } {
	const calls = results
		.filter((r) => r.scenario === '(c) nothing changed' && !r.workload.includes('mailboxes'))
		.map((r) => r.cost.zohoCalls + r.cost.ewsCalls);
	return { calls, constant: calls.every((n) => n === calls[0]) };
}

async function main(): Promise<void> {
	const options = parseOptions(process.argv.slice(2));
	const results: ScenarioResult[] = [];
	const latencies: Latency[] = [];
	for (const size of options.sizes) {
		process.stderr.write(`${size.toLocaleString('en')} contacts in one mailbox…\n`);
		const run = await runWorkload(`${size.toLocaleString('en')} contacts, 1 mailbox`, 1, size, options.naive ? options.naiveContacts : undefined);
		results.push(...run.results);
		if (run.latency) latencies.push({ ...run.latency, size });
	}
	if (options.mailboxes > 0) {
		process.stderr.write(`${options.mailboxes} mailboxes × ${options.mailboxContacts} contacts…\n`);
		results.push(...(await runWorkload(`${options.mailboxes} mailboxes × ${options.mailboxContacts} contacts`, options.mailboxes, options.mailboxContacts, options.naive ? options.naiveContacts : undefined)).results);
	}
	const noOp = constantNoOp(results);
	const summary = {
		date: new Date().toISOString(),
		machine: { cpus: os.cpus().length, node: process.version, platform: `${os.platform()} ${os.arch()}` },
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
		process.stdout.write(`Zoho edit → Exchange item (${latency.path}), ${latency.size?.toLocaleString('en')} contacts: median ${latency.medianMs} ms, p95 ${latency.p95Ms} ms over ${latency.samples} edits\n`);
	}
	process.stdout.write(`No-op sync calls per size: ${noOp.calls.join(', ')} → ${noOp.constant ? 'constant' : 'NOT constant'}\n`);
	if (!noOp.constant) process.exitCode = 1;
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exit(1);
});
