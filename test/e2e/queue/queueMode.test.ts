/**
 * The queue-mode stack `npm run start:queue` runs (scripts/queue/stack.ts): Redis, PostgreSQL,
 * n8n main, two workers and a webhook processor, each with the package installed, and the local
 * servers with the demo world. Sync Now is called on the webhook processor, as a load balancer
 * sends production webhooks there; its execution must run on a worker and sync the demo contacts.
 */
jest.setTimeout(600_000);

import { demoCredentials } from '../../../scripts/demo/demoCredentials';
import { startLocalServers, type LocalServers } from '../../../scripts/demo/localServers';
import { ensureN8n } from '../../../scripts/n8n/install';
import { packPackage } from '../../../scripts/n8n/pack';
import { sql } from '../../../scripts/queue/services';
import { startQueueStack, type QueueStack } from '../../../scripts/queue/stack';
import { SYNC_NOW_WEBHOOK_PATH, SYNC_NOW_WORKFLOW_ID, type SyncReportRow } from '../../../scripts/workflows/definitions';
import { DEMO_PEOPLE } from '../../emulators/demo/world';
import { ACTIVE_USERS, expectContactsInSync } from '../support/contacts';
import { syncNowWorkflows } from '../support/syncWorld';

describe('Queue mode: main, two workers and a webhook processor', () => {
	let servers: LocalServers;
	let stack: QueueStack;

	beforeAll(async () => {
		const started = Date.now();
		const [install, tarball, local] = await Promise.all([ensureN8n(), packPackage(), startLocalServers()]);
		servers = local;
		const workflows = syncNowWorkflows({ syncTasks: false, syncEvents: false, syncMails: false });
		stack = await startQueueStack({ install, tarball, credentials: await demoCredentials(servers), workflows });
		process.stdout.write(`queue stack started in ${Date.now() - started} ms\n${stack.summary().join('\n')}\n`);
	});

	afterAll(async () => {
		await stack?.stop();
		await servers?.stop();
	});

	it('Sync Now on the webhook processor is enqueued, runs on a worker, succeeds and syncs the demo contacts', async () => {
		const started = Date.now();
		const response = await fetch(`${stack.webhook.running.url}/webhook/${SYNC_NOW_WEBHOOK_PATH}`, { method: 'POST' });
		const report = (await response.json()) as SyncReportRow[];
		const seconds = (Date.now() - started) / 1000;
		expect(response.status).toBe(200);
		const contacts = report.filter((row) => row.object === 'contacts');
		expect(contacts.map((row) => [row.mailbox, row.status]).sort()).toEqual(ACTIVE_USERS.map((user) => [user, 'success']));

		const executions = await sql(
			stack.database.url,
			`SELECT id, status, mode FROM execution_entity WHERE "workflowId" = '${SYNC_NOW_WORKFLOW_ID}'`,
		);
		expect(executions.map(([, status, mode]) => [status, mode])).toEqual([['success', 'webhook']]);
		const [executionId] = executions[0];
		expect(stack.webhook.running.output()).toContain(`Enqueued execution ${executionId} `);
		const worker = stack.workerOf(executionId);
		expect(worker?.command).toBe('worker');
		process.stdout.write(`Sync Now (contacts, ${ACTIVE_USERS.length} users): ${seconds} s, execution ${executionId} on ${worker?.name}\n`);

		for (const user of ACTIVE_USERS) {
			const { exchange } = await expectContactsInSync(servers, user);
			const people = DEMO_PEOPLE.filter((person) => person.owner === user).map((person) => person.email);
			expect(exchange.sort()).toEqual(people.sort());
		}
		for (const role of [stack.main, ...stack.workers, stack.webhook]) {
			expect(role.running.problems()).toEqual([]);
			expect(role.n8n.outboundAttempts()).toEqual([]);
		}
	});
});
