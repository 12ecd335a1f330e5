/**
 * `npm run bench:latency [-- --edits 20] [--poll-ms 100]`
 *
 * Latency from a Zoho edit to the Exchange item through the "Real-time: CRM → Exchange" workflow
 * on real n8n (`n8n start`): the Zoho server's control API edits a linked contact, which fires
 * Zoho's notification to n8n's webhook; the workflow fetches the record, runs the Sync node in
 * changes mode and updates the owner's Exchange contact. The clock runs from the edit until a
 * poll of the Exchange server (every `--poll-ms`) shows the new value. Edits are sequential, each
 * of a different linked contact, and each waits until everything it caused is over, so the calls
 * counted per edit include the run started by the sync state written back to Zoho.
 * Prints the figures and writes bench/results/webhook-latency.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { realtimeCrmToExchangeWorkflow } from '../scripts/workflows/realtime';
import { DEMO_ZOHO } from '../test/emulators/demo/world';
import { eventually, RealtimeWorld } from '../test/e2e/realtime/support/realtimeWorld';
import { percentile, type Latency } from './latency';

interface Options {
	edits: number;
	pollMs: number;
}

function parseOptions(argv: string[]): Options {
	const options: Options = { edits: 20, pollMs: 100 };
	for (let i = 0; i < argv.length; i++) {
		const value = () => Number(argv[++i]);
		if (argv[i] === '--edits') options.edits = value();
		else if (argv[i] === '--poll-ms') options.pollMs = value();
		else throw new Error(`unknown option ${argv[i]} (known: --edits, --poll-ms)`);
	}
	if (!(options.edits > 0) || !(options.pollMs > 0)) throw new Error('--edits and --poll-ms must be positive numbers');
	return options;
}

/** Mailboxes of the active CRM users: the real-time workflow syncs only those. */
const MAILBOXES: string[] = DEMO_ZOHO.users.filter((user) => user.active).map((user) => user.email);
/** Quiet time after which an edit's runs (and the echo run) are taken to be over. */
const QUIET_MS = 2_000;

interface BenchContact {
	crmId: string;
	email: string;
	mailbox: string;
}

interface EditSample {
	mailbox: string;
	latencyMs: number;
	exchangeCalls: Record<string, number>;
	zohoCalls: Record<string, number>;
	notifications: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const sum = (counts: Record<string, number>) => Object.values(counts).reduce((total, count) => total + count, 0);
const log = (line: string) => process.stderr.write(`${line}\n`);

/** Waits until neither server counts a call nor Zoho sends a notification for `QUIET_MS`. */
async function quiet(world: RealtimeWorld): Promise<void> {
	const activity = async () => {
		const [exchange, zoho, { deliveries }] = await Promise.all([
			world.servers.exchange.control.counters(),
			world.servers.zoho.control.counters(),
			world.servers.zoho.control.notifications(),
		]);
		return `${exchange.total}/${zoho.total}/${deliveries.length}`;
	};
	let last = await activity();
	let since = performance.now();
	await eventually('the servers to go quiet', async () => {
		const now = await activity();
		if (now !== last) {
			last = now;
			since = performance.now();
		}
		return performance.now() - since >= QUIET_MS ? true : undefined;
	}, 120_000);
}

/**
 * Adds `count` Zoho contacts spread over the active users and links them as an admin would: the
 * real-time workflow creates them in Exchange from the insert's notification, Sync Now confirms.
 */
async function addLinkedContacts(world: RealtimeWorld, count: number): Promise<BenchContact[]> {
	const owners = new Map<string, string>();
	for (const record of await world.servers.zoho.control.records('Contacts')) {
		const owner = record.Owner as { id: string; email: string } | undefined;
		if (owner && MAILBOXES.includes(owner.email)) owners.set(owner.email, owner.id);
	}
	const contacts = Array.from({ length: count }, (_, index) => ({
		email: `latency.${index + 1}@bench.test`,
		mailbox: MAILBOXES[index % MAILBOXES.length],
	}));
	const { ids } = await world.servers.zoho.control.insertRecords(
		'Contacts',
		contacts.map((contact, index) => ({
			First_Name: 'Latency',
			Last_Name: `Bench ${index + 1}`,
			Email: contact.email,
			Owner: { id: owners.get(contact.mailbox) },
		})),
	);
	await quiet(world);
	await world.syncNow();
	await quiet(world);
	for (const contact of contacts) {
		if (!(await world.exchangeContact(contact.mailbox, contact.email))?.syncId) {
			throw new Error(`${contact.email} is not linked in ${contact.mailbox} after the first sync`);
		}
	}
	return contacts.map((contact, index) => ({ ...contact, crmId: ids[index] }));
}

/** One Zoho edit, timed until a poll of the owner's mailbox shows it; calls counted until all is quiet. */
async function timeEdit(world: RealtimeWorld, contact: BenchContact, department: string, pollMs: number): Promise<EditSample> {
	const { exchange, zoho } = world.servers;
	await Promise.all([exchange.control.resetCounters(), zoho.control.resetCounters()]);
	const deliveriesBefore = (await zoho.control.notifications()).deliveries.length;
	const started = performance.now();
	await zoho.control.updateRecords('Contacts', [{ id: contact.crmId, Department: department }]);
	const deadline = started + 60_000;
	for (;;) {
		const polled = performance.now();
		if ((await world.exchangeContact(contact.mailbox, contact.email))?.department === department) break;
		if (polled > deadline) throw new Error(`the edit of ${contact.email} did not reach Exchange within 60 s\n${world.problems()}`);
		await sleep(Math.max(0, pollMs - (performance.now() - polled)));
	}
	const latencyMs = performance.now() - started;
	await quiet(world);
	const [exchangeCounters, zohoCounters, { deliveries }] = await Promise.all([exchange.control.counters(), zoho.control.counters(), zoho.control.notifications()]);
	return {
		mailbox: contact.mailbox,
		latencyMs: Math.round(latencyMs),
		exchangeCalls: exchangeCounters.byOperation,
		zohoCalls: zohoCounters.byOperation,
		notifications: deliveries.length - deliveriesBefore,
	};
}

/** The median of per-edit counts, with their range when the edits differ. */
function medianAndRange(values: number[]): string {
	const sorted = [...values].sort((a, b) => a - b);
	const median = percentile(sorted, 0.5);
	return sorted[0] === sorted.at(-1) ? String(median) : `${median} (${sorted[0]}–${sorted.at(-1)})`;
}

/** Calls per edit in total and by operation. */
function callsPerEdit(samples: Record<string, number>[]): string {
	const operations = [...new Set(samples.flatMap((counts) => Object.keys(counts)))].sort();
	const byOperation = operations.map((operation) => `${operation} ${medianAndRange(samples.map((counts) => counts[operation] ?? 0))}`);
	return `${medianAndRange(samples.map(sum))} (${byOperation.join(', ')})`;
}

async function main(): Promise<void> {
	const options = parseOptions(process.argv.slice(2));
	log('Starting the local servers and n8n with "Real-time: CRM → Exchange" published…');
	const world = await RealtimeWorld.start([realtimeCrmToExchangeWorkflow()], { syncTasks: false, syncEvents: false, syncMails: false });
	try {
		log(`Adding ${options.edits} Zoho contacts and running the first sync…`);
		const contacts = await addLinkedContacts(world, options.edits);
		const loadBefore = os.loadavg()[0];
		const samples: EditSample[] = [];
		for (const [index, contact] of contacts.entries()) {
			const sample = await timeEdit(world, contact, `Latency ${index + 1}`, options.pollMs);
			samples.push(sample);
			log(`  edit ${index + 1}/${contacts.length} (${contact.mailbox}): ${sample.latencyMs} ms, EWS ${sum(sample.exchangeCalls)} calls, Zoho ${sum(sample.zohoCalls)} calls`);
		}
		const loadAfter = os.loadavg()[0];
		const sorted = samples.map((sample) => sample.latencyMs).sort((a, b) => a - b);
		const latency: Latency = {
			path: 'Zoho edit → notification → n8n webhook → "Real-time: CRM → Exchange" → Exchange item',
			samples: sorted.length,
			medianMs: percentile(sorted, 0.5),
			p95Ms: percentile(sorted, 0.95),
		};
		const machine = { cpus: os.cpus().length, loadAverage: [loadBefore, loadAfter].map((load) => Math.round(load * 10) / 10), node: process.version, platform: `${os.platform()} ${os.arch()}` };
		const outFile = path.resolve(__dirname, 'results', 'webhook-latency.json');
		fs.mkdirSync(path.dirname(outFile), { recursive: true });
		fs.writeFileSync(outFile, `${JSON.stringify({ date: new Date().toISOString(), machine, options, latency, samples }, null, '\t')}\n`);
		process.stdout.write(
			[
				`${latency.path}, ${latency.samples} sequential edits of different linked contacts (${MAILBOXES.length} mailboxes), Exchange polled every ${options.pollMs} ms:`,
				`  median ${latency.medianMs} ms, p95 ${latency.p95Ms} ms (min ${sorted[0]} ms, max ${sorted.at(-1)} ms)`,
				'  The figure includes the notification POST to n8n, n8n starting the webhook execution, the workflow reading the changed',
				'  record (Zoho) and its linked contact (Exchange), the Sync node, and the Exchange update; plus up to one poll interval.',
				'  It ends when the Exchange item shows the value; the sync state the workflow then writes back to Zoho is in the calls below.',
				`Calls per edit until all was quiet (the edit's run, the sync state written back, and the run that notification starts; median, range):`,
				`  Exchange: ${callsPerEdit(samples.map((sample) => sample.exchangeCalls))}`,
				`  Zoho: ${callsPerEdit(samples.map((sample) => sample.zohoCalls))}`,
				`  Zoho notifications: ${medianAndRange(samples.map((sample) => sample.notifications))}`,
				`Machine: ${machine.cpus} cores, load average ${machine.loadAverage.join(' → ')}, ${machine.platform}; n8n on its own Node 24, this process on Node ${process.version}.`,
				`Written to ${path.relative(process.cwd(), outFile)}.`,
			].join('\n') + '\n',
		);
	} finally {
		await world.dispose();
	}
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exit(1);
});
