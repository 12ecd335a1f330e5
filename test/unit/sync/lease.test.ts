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
		expect(decideLease(rows, lease('run-1'))).toEqual({ held: true, key: KEY, holder: 'run-1', until: new Date(NOW + 60_000).toISOString(), message: '' });
	});

	it('skips with the reason when another run holds a live row, even if its own row is live too', () => {
		const rows: LeaseRow[] = [{ key: KEY, holder: 'run-0', expiresAt: NOW + 30_000 }, { key: KEY, holder: 'run-1', expiresAt: NOW + 60_000 }];
		const decision = decideLease(rows, lease('run-1'));
		expect(decision.held).toBe(false);
		expect(decision.until).toBe(new Date(NOW + 30_000).toISOString());
		expect(decision.message).toBe(
			`Skipped: another run is syncing Ana@Example.test's contacts (its lease lasts until ${new Date(NOW + 30_000).toISOString()} unless it ends sooner); nothing was read or written`,
		);
	});

	it('a lease whose holder was killed expires: after its minutes the next run takes it', () => {
		const table = new LeaseTable();
		table.take('killed', NOW, 60_000);
		expect(table.check('killed', NOW).held).toBe(true);
		table.take('rerun', NOW + 30_000, 60_000);
		expect(table.check('rerun', NOW + 30_000).held).toBe(false);
		table.release('rerun');
		table.take('rerun', NOW + 60_001, 60_000);
		expect(table.check('rerun', NOW + 60_001).held).toBe(true);
	});

	it('does not hold when no row of its own was written (a take that failed), and says so', () => {
		const decision = decideLease([{ key: 'other|contacts', holder: 'run-1', expiresAt: NOW + 1 }, { json: {} } as LeaseRow], lease('run-1'));
		expect(decision.held).toBe(false);
		expect(decision.message).toMatch(/could not be taken/);
	});

	it('after the holder releases, the next run takes the same row and holds', () => {
		const table = new LeaseTable();
		table.take('first', NOW, 60_000);
		table.release('first');
		table.take('second', NOW + 1, 60_000);
		expect(table.check('second', NOW + 1).held).toBe(true);
		expect(table.rows).toHaveLength(1);
	});

	it('two runs, every interleaving of take, check and release: never both hold at once', () => {
		type Step = { run: 'a' | 'b'; step: 'take' | 'check' | 'release' };
		const interleavings = (a: Step[], b: Step[]): Step[][] =>
			a.length === 0 ? [b] : b.length === 0 ? [a] : [...interleavings(a.slice(1), b).map((rest) => [a[0], ...rest]), ...interleavings(a, b.slice(1)).map((rest) => [b[0], ...rest])];
		const steps = (run: 'a' | 'b'): Step[] => (['take', 'check', 'release'] as const).map((step) => ({ run, step }));
		for (const start of [[], [{ key: KEY, holder: 'old', expiresAt: NOW - 1 }], [{ key: KEY, holder: 'old', expiresAt: 0 }, { key: KEY, holder: 'older', expiresAt: 0 }]] as LeaseRow[][]) {
			let bothRanInTurn = 0;
			for (const order of interleavings(steps('a'), steps('b'))) {
				const table = new LeaseTable(start.map((row) => ({ ...row })));
				const holding = new Set<string>();
				const ran = new Set<string>();
				for (const { run, step } of order) {
					if (step === 'take') table.take(run, NOW, 60_000);
					if (step === 'check' && table.check(run, NOW).held) holding.add(run), ran.add(run);
					if (step === 'release') holding.delete(run), table.release(run);
					expect(holding.size).toBeLessThanOrEqual(1);
				}
				if (ran.size === 2) bothRanInTurn += 1;
			}
			// The two orders where one run ends before the other starts: both run, one after the other.
			expect(bothRanInTurn).toBeGreaterThanOrEqual(2);
		}
	});

	it('the second of two sequential runs holds once the first released (both run, one after the other)', () => {
		const table = new LeaseTable();
		for (const run of ['a', 'b']) {
			table.take(run, NOW, 60_000);
			expect(table.check(run, NOW).held).toBe(true);
			table.release(run);
		}
	});
});

/** The lease Data Table as n8n's upsert and update treat it: each step is one atomic statement. */
class LeaseTable {
	constructor(readonly rows: LeaseRow[] = []) {}

	/** Upsert filtered on key and `expiresAt < now`: update every matching row, else insert one. */
	take(holder: string, now: number, ms: number): void {
		const expired = this.rows.filter((row) => row.key === KEY && Number(row.expiresAt) < now);
		for (const row of expired) Object.assign(row, { holder, expiresAt: now + ms });
		if (expired.length === 0) this.rows.push({ key: KEY, holder, expiresAt: now + ms });
	}

	check(holder: string, now: number) {
		return decideLease(this.rows.filter((row) => row.key === KEY).map((row) => ({ ...row })), lease(holder, now));
	}

	/** Update filtered on key and holder: expiresAt 0. */
	release(holder: string): void {
		for (const row of this.rows) if (row.key === KEY && row.holder === holder) row.expiresAt = 0;
	}
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
