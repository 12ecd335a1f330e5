/**
 * The per-mailbox lease (core/lease.ts): who holds it after a take, and — with a table that takes
 * the way n8n's Data Table upsert does (one conditional UPDATE, else an INSERT) — that two runs
 * racing in any order never both hold it. And the two operations queue mode uses: Check Lease and
 * Run Jobs on Workers.
 */
import type { IDataObject, IHttpRequestOptions, INodeExecutionData } from 'n8n-workflow';

import { ExchangeCrmSync } from '../../../nodes/ExchangeCrmSync/ExchangeCrmSync.node';
import { decideLease, leaseKey, type LeaseRow } from '../../../nodes/ExchangeCrmSync/core';
import { nodeContext } from '../../support/nodeContext';

const NOW = Date.parse('2026-12-08T02:00:00Z');
const KEY = leaseKey('Ana@Example.test', 'contacts');
const lease = (holder: string, now = NOW) => ({ mailbox: 'Ana@Example.test', object: 'contacts', holder, now });

describe('lease rules', () => {
	it('keys a mailbox and object like the cursor rows, whatever the case of the address', () => {
		expect(KEY).toBe('ana@example.test|contacts');
	});

	it('holds when its own row is live and no other run holds a live row', () => {
		const rows: LeaseRow[] = [{ key: KEY, holder: 'run-1', expiresAt: NOW + 60_000 }, { key: KEY, holder: 'run-0', expiresAt: NOW - 1 }];
		expect(decideLease(rows, lease('run-1'))).toEqual({ held: true, next: 'sync', key: KEY, holder: 'run-1', until: new Date(NOW + 60_000).toISOString(), message: '' });
	});

	it('skips with the reason when another run holds a live row, even if its own row is live too', () => {
		const rows: LeaseRow[] = [{ key: KEY, holder: 'run-0', expiresAt: NOW + 30_000 }, { key: KEY, holder: 'run-1', expiresAt: NOW + 60_000 }];
		const decision = decideLease(rows, lease('run-1'));
		expect([decision.held, decision.next, decision.until]).toEqual([false, 'skip', new Date(NOW + 30_000).toISOString()]);
		expect(decision.message).toBe(
			`Skipped: another run is syncing Ana@Example.test's contacts (its lease lasts until ${new Date(NOW + 30_000).toISOString()} unless it ends sooner); nothing was read or written`,
		);
	});

	it('the key\'s first run adds a row; a run whose take found the lease held and then released skips', () => {
		expect(decideLease([{ key: 'other|contacts', holder: 'x', expiresAt: NOW + 1 }], lease('run-1'))).toMatchObject({ held: false, next: 'addRow' });
		expect(decideLease([{ key: KEY, holder: 'run-0', expiresAt: 0 }], lease('run-1'))).toMatchObject({
			held: false,
			next: 'skip',
			message: "Skipped: another run was syncing Ana@Example.test's contacts when this run started; nothing was read or written",
		});
	});

	it('a run that asks for no lease syncs without one, whatever the rows say', () => {
		const rows: LeaseRow[] = [{ key: KEY, holder: 'run-0', expiresAt: NOW + 30_000 }];
		expect(decideLease(rows, { ...lease('run-1'), wanted: false })).toMatchObject({ held: false, next: 'sync' });
	});

	it('a lease whose holder was killed expires: after its minutes the next run takes it', () => {
		const table = new LeaseTable();
		expect(table.run('killed', NOW)).toBe('sync');
		expect(table.run('rerun', NOW + 30_000)).toBe('skip');
		expect(table.run('rerun', NOW + 60_001)).toBe('sync');
		expect(table.rows).toHaveLength(1);
	});

	it('runs one after the other each hold it, on the one row of the key', () => {
		const table = new LeaseTable();
		for (const run of ['a', 'b', 'c']) {
			expect(table.run(run, NOW)).toBe('sync');
			table.release(run);
		}
		expect(table.rows).toHaveLength(1);
	});

	it('two runs in every interleaving of their steps: never both hold; once the key has a row, one of two racing runs syncs', () => {
		for (const start of [[], [{ key: KEY, holder: 'old', expiresAt: NOW - 1 }], [{ key: KEY, holder: 'old', expiresAt: 0 }, { key: KEY, holder: 'older', expiresAt: 0 }]] as LeaseRow[][]) {
			const outcomes = everyInterleaving(start);
			expect(outcomes.length).toBeGreaterThan(10);
			// Both skip only on the key's first run, when both added a row.
			for (const synced of outcomes) expect(synced).toBeGreaterThanOrEqual(start.length === 0 ? 0 : 1);
		}
	});
});

/** The lease Data Table as n8n's update and insert treat it: each step is one atomic statement. */
class LeaseTable {
	constructor(readonly rows: LeaseRow[] = []) {}

	/** Update filtered on key and `expiresAt < now`. */
	take(holder: string, now: number): void {
		for (const row of this.rows) if (row.key === KEY && Number(row.expiresAt) < now) Object.assign(row, { holder, expiresAt: now + 60_000 });
	}

	check(holder: string, now: number) {
		return decideLease(this.rows.map((row) => ({ ...row })), lease(holder, now));
	}

	addRow(holder: string, now: number): void {
		this.rows.push({ key: KEY, holder, expiresAt: now + 60_000 });
	}

	/** Update filtered on key and holder: expiresAt 0. */
	release(holder: string): void {
		for (const row of this.rows) if (row.key === KEY && row.holder === holder) row.expiresAt = 0;
	}

	/** One run's take and checks, as the object workflow does them, without another run in between. */
	run(holder: string, now: number): 'sync' | 'skip' {
		this.take(holder, now);
		let next = this.check(holder, now).next;
		if (next === 'addRow') {
			this.addRow(holder, now);
			next = this.check(holder, now).next;
		}
		return next === 'sync' ? 'sync' : 'skip';
	}
}

type Step = 'take' | 'check' | 'addRow' | 'recheck' | 'release' | 'done';

/**
 * Runs two runs' steps (take, check, [add row, check again], release) in every order; asserts at
 * each step that at most one holds the lease, and returns per order how many of the two synced.
 */
function everyInterleaving(start: LeaseRow[]): number[] {
	interface State {
		table: LeaseRow[];
		steps: Record<'a' | 'b', Step>;
		holding: string[];
		synced: number;
	}
	const outcomes: number[] = [];
	const advance = (state: State, run: 'a' | 'b'): State => {
		const table = new LeaseTable(state.table.map((row) => ({ ...row })));
		const steps = { ...state.steps };
		let holding = [...state.holding];
		let synced = state.synced;
		const step = steps[run];
		if (step === 'take') (table.take(run, NOW), (steps[run] = 'check'));
		else if (step === 'check' || step === 'recheck') {
			const next = table.check(run, NOW).next;
			if (next === 'sync') (holding.push(run), (synced += 1), (steps[run] = 'release'));
			else steps[run] = next === 'addRow' && step === 'check' ? 'addRow' : 'release';
		} else if (step === 'addRow') (table.addRow(run, NOW), (steps[run] = 'recheck'));
		else if (step === 'release') (table.release(run), (holding = holding.filter((holder) => holder !== run)), (steps[run] = 'done'));
		expect(holding.length).toBeLessThanOrEqual(1);
		return { table: table.rows, steps, holding, synced };
	};
	const explore = (state: State) => {
		const runnable = (['a', 'b'] as const).filter((run) => state.steps[run] !== 'done');
		if (runnable.length === 0) return void outcomes.push(state.synced);
		for (const run of runnable) explore(advance(state, run));
	};
	explore({ table: start, steps: { a: 'take', b: 'take' }, holding: [], synced: 0 });
	return outcomes;
}

const items = (list: IDataObject[]): INodeExecutionData[] => list.map((json) => ({ json }));

describe('Check Lease', () => {
	it('outputs the decision on the Report output from the lease rows it is given', async () => {
		const rows = [{ id: 1, key: KEY, holder: 'run-9', expiresAt: Date.now() + 60_000 }];
		const parameters = { operation: 'checkLease', leaseMailbox: 'Ana@Example.test', leaseObject: 'contacts', leaseHolder: 'run-9' };
		const [, , , [decision]] = await new ExchangeCrmSync().execute.call(nodeContext({ parameters, inputs: [items(rows), []] }));
		expect(decision.json).toMatchObject({ held: true, key: KEY, holder: 'run-9', message: '' });
		const [, , , [skip]] = await new ExchangeCrmSync().execute.call(nodeContext({ parameters: { ...parameters, leaseHolder: 'run-10' }, inputs: [items(rows), []] }));
		expect(skip.json).toMatchObject({ held: false, message: expect.stringMatching(/another run is syncing/) });
	});

	it('refuses to decide without a holder token', async () => {
		const parameters = { operation: 'checkLease', leaseMailbox: 'a@b.test', leaseObject: 'contacts', leaseHolder: '' };
		await expect(new ExchangeCrmSync().execute.call(nodeContext({ parameters, inputs: [items([{}]), []] }))).rejects.toThrow(/Lease Holder are required/);
	});
});

describe('Run Jobs on Workers', () => {
	const jobs = [1, 2, 3, 4, 5].map((index) => ({ mailbox: `user${index}@example.test`, object: 'contacts', workflowId: 'exzsSyncContacts' }));

	it('POSTs every job to the webhook, at most Jobs at Once at a time, and outputs each answer with its job in input order', async () => {
		let running = 0;
		let most = 0;
		const requests: IHttpRequestOptions[] = [];
		const httpRequest = async (request: IHttpRequestOptions) => {
			requests.push(request);
			running += 1;
			most = Math.max(most, running);
			// Later jobs answer sooner: the output still follows the input.
			await new Promise((resolve) => setImmediate(resolve));
			running -= 1;
			const job = request.body as IDataObject;
			if (job.mailbox === 'user3@example.test') throw new Error('Request failed with status code 500');
			return [{ object: job.object, mailbox: job.mailbox, status: 'success', created: 1 }];
		};
		const parameters = { operation: 'runJobs', jobWebhookUrl: 'http://127.0.0.1:1/webhook/exchange-crm-sync-job', jobsAtOnce: 2, jobTimeoutMinutes: 5 };
		const [, , , results] = await new ExchangeCrmSync().execute.call(nodeContext({ parameters, inputs: [items(jobs), []], helpers: { httpRequest } }));
		expect(most).toBe(2);
		expect(requests.map((request) => [request.method, request.url, request.timeout])).toEqual(jobs.map(() => ['POST', parameters.jobWebhookUrl, 300_000]));
		expect(results.map((result) => result.pairedItem)).toEqual(jobs.map((_job, item) => ({ item })));
		expect(results.map((result) => [(result.json.job as IDataObject).mailbox, result.json.status ?? 'error'])).toEqual(
			jobs.map((job) => [job.mailbox, job.mailbox === 'user3@example.test' ? 'error' : 'success']),
		);
		expect(results[2].json.error).toEqual({ message: 'The job for user3@example.test (contacts) failed: Request failed with status code 500' });
	});

	it('refuses a webhook URL that is not http(s)', async () => {
		const parameters = { operation: 'runJobs', jobWebhookUrl: 'exchange-crm-sync-job' };
		await expect(new ExchangeCrmSync().execute.call(nodeContext({ parameters, inputs: [items(jobs), []] }))).rejects.toThrow(/not an http\(s\) URL/);
	});
});
