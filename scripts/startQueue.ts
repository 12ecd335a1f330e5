/**
 * `npm run start:queue`: the queue-mode twin of `npm start`. Starts Redis and PostgreSQL on
 * 127.0.0.1 (or uses REDIS_URL / DATABASE_URL), n8n main, two workers and a webhook processor,
 * each with this package installed, the local Exchange and Zoho servers with the demo world, the
 * credentials and the prebuilt workflows; runs a first Sync Now through the webhook processor
 * and keeps everything running until Ctrl-C. See docs/deployment.md.
 */
import { prepareProduct, runSyncNow, runUntilStopped, type Product } from './start';
import { startQueueStack, type QueueStack } from './queue/stack';
import { EXCHANGE_WORKFLOW_SET, withAssignments } from './workflows/definitions';
import { MICROSOFT_365_WORKFLOW_SET } from './workflows/microsoft365';

const log = (line: string) => process.stdout.write(`${line}\n`);

function main(): void {
	const env = process.env;
	let product: Product | undefined;
	let stack: QueueStack | undefined;
	runUntilStopped(
		async () => {
			product = await prepareProduct(env);
			// Sync Now hands every job to the workers through Sync Job's webhook.
			const syncNowIds = new Set([EXCHANGE_WORKFLOW_SET.syncNowId, MICROSOFT_365_WORKFLOW_SET.syncNowId]);
			const workflows = product.workflows.map((workflow) => (syncNowIds.has(workflow.id) ? withAssignments(workflow, 'Sync settings', { jobsOnWorkers: true }) : workflow));
			const started = await startQueueStack({
				...product,
				workflows,
				mainPort: Number(env.N8N_PORT ?? 5678),
				mainEnv: product.ownerEnv,
				sharedEnv: product.n8nEnv,
				env,
				log,
			});
			stack = started;
			const problems = () => [started.main, ...started.workers].flatMap((role) => role.running.problems());
			await runSyncNow(started.webhook.running.url, problems, product.syncSet);
			log(started.summary().join('\n'));
			log(`\nOpen n8n at ${started.main.running.url}  (log in as ${product.login}). Ctrl-C stops everything.`);
		},
		async () => {
			await stack?.stop();
			await product?.servers?.stop();
		},
	);
}

if (require.main === module) main();
