/**
 * n8n in queue mode on this machine: Redis and PostgreSQL (services.ts), one main, workers and a
 * webhook processor. Each n8n process has its own user folder with the package installed by
 * n8n's installer steps, as on separate machines; they share only the database, Redis and the
 * encryption key. Used by `npm run start:queue` and the queue-mode end-to-end tests.
 */
import { randomBytes } from 'node:crypto';
import type { N8nInstall } from '../n8n/install';
import { freeLoopbackPort, N8nInstance, type N8nCredential, type N8nServerCommand, type N8nWorkflow, type RunningN8n } from '../n8n/instance';
import { queueModeEnvironment, startPostgres, startRedis, type QueueService } from './services';

export interface QueueStackOptions {
	install: N8nInstall;
	tarball: string;
	credentials: N8nCredential[];
	/** Imported and published (activated when main starts). */
	workflows: N8nWorkflow[];
	workers?: number;
	loopbackOnly?: boolean;
	mainPort?: number;
	/** Extra settings for main only (the owner account). */
	mainEnv?: Record<string, string>;
	/** Extra settings for every n8n process. */
	sharedEnv?: Record<string, string>;
	/** REDIS_URL / DATABASE_URL. */
	env?: NodeJS.ProcessEnv;
	log?: (line: string) => void;
}

export interface QueueRole {
	name: string;
	command: N8nServerCommand;
	n8n: N8nInstance;
	running: RunningN8n;
}

export interface QueueStack {
	redis: QueueService;
	database: QueueService;
	main: QueueRole;
	workers: QueueRole[];
	webhook: QueueRole;
	/** The worker whose log says it ran this execution. */
	workerOf(executionId: string): QueueRole | undefined;
	/** Where each part runs, one line each, for the start-up summary. */
	summary(): string[];
	stop(): Promise<void>;
}

export async function startQueueStack(options: QueueStackOptions): Promise<QueueStack> {
	const log = options.log ?? (() => undefined);
	const stoppers: Array<() => Promise<void>> = [];
	const stopAll = async () => {
		// Reverse order: n8n processes before Redis and PostgreSQL, which they still talk to while stopping.
		for (const stop of stoppers.splice(0).reverse()) await stop().catch((error: unknown) => log(`stop: ${String(error)}`));
	};
	try {
		log('Starting Redis and PostgreSQL …');
		const [redis, database] = await Promise.all([startRedis(options.env), startPostgres(options.env)]);
		stoppers.push(redis.stop, database.stop);
		// One key for every process: each decrypts the credentials the others stored.
		const shared = { ...options.sharedEnv, ...queueModeEnvironment(redis.url, database.url), N8N_ENCRYPTION_KEY: randomBytes(24).toString('hex') };
		const create = (env: Record<string, string> = {}) => {
			const n8n = N8nInstance.create(options.install, { loopbackOnly: options.loopbackOnly ?? true, env: { ...shared, ...env } });
			stoppers.push(async () => n8n.dispose());
			return n8n;
		};
		const main = create(options.mainEnv);
		const workerInstances = Array.from({ length: options.workers ?? 2 }, () => create());
		const webhookInstance = create();
		log('Installing the package into every n8n process …');
		await Promise.all([main, ...workerInstances, webhookInstance].map((n8n) => n8n.installPackage(options.tarball)));
		log('Importing credentials and workflows …');
		await main.importCredentials(options.credentials);
		await main.importWorkflows(options.workflows);
		await main.publishWorkflows(options.workflows.map((workflow) => workflow.id));

		const startRole = async (name: string, command: N8nServerCommand, n8n: N8nInstance, port?: number, env?: Record<string, string>): Promise<QueueRole> => {
			const running = await n8n.start({ command, port, env });
			stoppers.push(running.stop);
			return { name, command, n8n, running };
		};
		log('Starting n8n main, the workers and the webhook processor …');
		// Webhooks main registers with Exchange and Zoho (real-time) point at the webhook processor.
		const webhookPort = await freeLoopbackPort();
		const mainRole = await startRole('main', 'start', main, options.mainPort, { N8N_WEBHOOK_URL: `http://127.0.0.1:${webhookPort}/` });
		const [workers, webhook] = await Promise.all([
			// Workers reach production webhooks (Sync Now's jobs) through the webhook processor, as on separate machines.
			Promise.all(workerInstances.map((n8n, index) => startRole(`worker ${index + 1}`, 'worker', n8n, undefined, { N8N_WEBHOOK_URL: `http://127.0.0.1:${webhookPort}/` }))),
			startRole('webhook', 'webhook', webhookInstance, webhookPort),
		]);
		return {
			redis,
			database,
			main: mainRole,
			workers,
			webhook,
			workerOf: (executionId) =>
				workers.find((worker) => worker.running.output().includes(`Worker started execution ${executionId} `)),
			summary: () => [
				`n8n main      ${mainRole.running.url}  (editor, REST API, schedules and triggers; enqueues executions)`,
				...workers.map(
					(worker) => `n8n ${worker.name.padEnd(9)} health ${worker.running.url}/healthz  (runs executions from the queue)`,
				),
				`n8n webhook   ${webhook.running.url}/webhook/…  (production webhooks; enqueues executions)`,
				redis.description,
				database.description,
			],
			stop: stopAll,
		};
	} catch (error) {
		await stopAll();
		throw error;
	}
}
