/**
 * The queue-mode stack `npm run start:queue` runs (scripts/queue/stack.ts): Redis, PostgreSQL,
 * n8n main, two workers and a webhook processor, each with the package installed, and the local
 * servers with the demo world. Sync Now is called on the webhook processor, as a load balancer
 * sends production webhooks there, with jobsOnWorkers on: each user's job is its own execution
 * of Sync Job, enqueued by the webhook processor and run by either worker. Two Sync Now runs at
 * once never sync one mailbox and object at the same time: the per-mailbox lease makes one skip.
 */
jest.setTimeout(600_000);

import { demoCredentials } from '../../../scripts/demo/demoCredentials';
import { startLocalServers, type LocalServers } from '../../../scripts/demo/localServers';
import { ensureN8n } from '../../../scripts/n8n/install';
import { packPackage } from '../../../scripts/n8n/pack';
import { sql } from '../../../scripts/queue/services';
import { startQueueStack, type QueueStack } from '../../../scripts/queue/stack';
import { EXCHANGE_WORKFLOW_SET, SYNC_NOW_WEBHOOK_PATH, SYNC_NOW_WORKFLOW_ID, type SyncReportRow } from '../../../scripts/workflows/definitions';
import { DEMO_PEOPLE } from '../../emulators/demo/world';
import { ACTIVE_USERS, expectContactsInSync } from '../support/contacts';
import { syncNowWorkflows } from '../support/syncWorld';

const OBJECTS = ['contacts', 'tasks'];

describe('Queue mode: main, two workers and a webhook processor', () => {
	let servers: LocalServers;
	let stack: QueueStack;
	const syncNow = async (): Promise<SyncReportRow[]> => {
		const response = await fetch(`${stack.webhook.running.url}/webhook/${SYNC_NOW_WEBHOOK_PATH}`, { method: 'POST' });
		expect(response.status).toBe(200);
		return (await response.json()) as SyncReportRow[];
	};
	const jobExecutions = async (): Promise<string[]> =>
		(await sql(stack.database.url, `SELECT id FROM execution_entity WHERE "workflowId" = '${EXCHANGE_WORKFLOW_SET.syncJobId}' ORDER BY id`)).map(([id]) => id);
	const byJob = (rows: SyncReportRow[]) => rows.map((row) => `${row.mailbox} ${row.object}`).sort();
	const everyJob = ACTIVE_USERS.flatMap((user) => OBJECTS.map((object) => `${user} ${object}`)).sort();

	beforeAll(async () => {
		const started = Date.now();
		const [install, tarball, local] = await Promise.all([ensureN8n(), packPackage(), startLocalServers()]);
		servers = local;
		const workflows = syncNowWorkflows({ syncTasks: true, syncEvents: false, syncMails: false, jobsOnWorkers: true });
		stack = await startQueueStack({ install, tarball, credentials: await demoCredentials(servers), workflows });
		process.stdout.write(`queue stack started in ${Date.now() - started} ms\n${stack.summary().join('\n')}\n`);
	});

	afterAll(async () => {
		await stack?.stop();
		await servers?.stop();
	});

	it('Sync Now on the webhook processor fans out one execution per user and object, both workers take them, and the demo contacts sync', async () => {
		const started = Date.now();
		const report = await syncNow();
		const seconds = (Date.now() - started) / 1000;
		expect(byJob(report)).toEqual(everyJob);
		expect(report.filter((row) => row.status !== 'success')).toEqual([]);

		const executions = await sql(stack.database.url, `SELECT id, status, mode FROM execution_entity WHERE "workflowId" = '${SYNC_NOW_WORKFLOW_ID}'`);
		expect(executions.map(([, status, mode]) => [status, mode])).toEqual([['success', 'webhook']]);
		const [executionId] = executions[0];
		expect(stack.webhook.running.output()).toContain(`Enqueued execution ${executionId} `);
		expect(stack.workerOf(executionId)?.command).toBe('worker');

		// Every job is its own webhook execution, enqueued by the webhook processor and run on a worker.
		const jobs = await jobExecutions();
		expect(jobs).toHaveLength(everyJob.length);
		const workers = jobs.map((id) => {
			expect(stack.webhook.running.output()).toContain(`Enqueued execution ${id} `);
			return stack.workerOf(id)?.name;
		});
		process.stdout.write(`Sync Now (${everyJob.length} jobs): ${seconds} s; Sync Now on ${stack.workerOf(executionId)?.name}, jobs on ${workers.join(', ')}\n`);
		expect(new Set(workers)).toEqual(new Set(stack.workers.map((worker) => worker.name)));

		for (const user of ACTIVE_USERS) {
			const { exchange } = await expectContactsInSync(servers, user);
			const people = DEMO_PEOPLE.filter((person) => person.owner === user).map((person) => person.email);
			expect(exchange.sort()).toEqual(people.sort());
		}
	});

	it('two Sync Now runs at once: for each mailbox and object one syncs and the other skips or runs after it, never both at once', async () => {
		const [first, second] = await Promise.all([syncNow(), syncNow()]);
		expect(byJob(first)).toEqual(everyJob);
		expect(byJob(second)).toEqual(everyJob);
		const rows = [...first, ...second];
		expect(rows.filter((row) => !['success', 'skipped'].includes(row.status))).toEqual([]);
		for (const row of rows.filter((candidate) => candidate.status === 'skipped')) expect(row.message).toMatch(/^Skipped: another run is syncing /);
		for (const job of everyJob) {
			const statuses = rows.filter((row) => `${row.mailbox} ${row.object}` === job).map((row) => row.status);
			expect(statuses).toContain('success');
		}

		process.stdout.write(`two Sync Now at once: ${rows.filter((row) => row.status === 'skipped').length} of ${rows.length} jobs skipped (lease held)\n`);

		for (const user of ACTIVE_USERS) await expectContactsInSync(servers, user);
		for (const role of [stack.main, ...stack.workers, stack.webhook]) {
			expect(role.running.problems()).toEqual([]);
			expect(role.n8n.outboundAttempts()).toEqual([]);
		}
	});
});
