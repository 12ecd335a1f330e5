/**
 * One isolated n8n: its own user folder (database, encryption key, installed community
 * packages), driven through n8n's own CLI the way an admin would — install the package into
 * `.n8n/nodes`, `import:credentials`, `import:workflow`, `execute --id`, `start`.
 *
 * Used by the end-to-end tests and by `npm start`. Nothing here talks to n8n's internals.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { N8nInstall } from './install';

/** A credential as `n8n import:credentials` takes it; `data` is plaintext and encrypted on import. */
export interface N8nCredential {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

/** A workflow as stored in workflows/*.json and taken by `n8n import:workflow`. */
export interface N8nWorkflow {
	id: string;
	name: string;
	nodes: Array<{ name: string; type: string; parameters: Record<string, unknown>; [key: string]: unknown }>;
	connections: Record<string, unknown>;
	[key: string]: unknown;
}

export interface CliResult {
	code: number | null;
	stdout: string;
	stderr: string;
	/** n8n's own log lines (JSON format), for failure messages and error details. */
	log: string;
	durationMs: number;
}

interface NodeRun {
	executionStatus?: string;
	error?: { message?: string; description?: string };
	data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> };
}

/** The run data n8n prints for an execution (`n8n execute --rawOutput`). */
export interface ExecutionData {
	status: string;
	data: {
		resultData: {
			runData: Record<string, NodeRun[]>;
			error?: { message?: string; description?: string; node?: { name?: string } };
			lastNodeExecuted?: string;
		};
	};
}

export interface ExecuteResult {
	succeeded: boolean;
	execution?: ExecutionData;
	/** The workflow error's message (and description), when the execution failed. */
	errorMessage?: string;
	cli: CliResult;
}

export interface RunningN8n {
	url: string;
	port: number;
	/** Everything n8n printed, for failure messages. */
	output(): string;
	/** What n8n printed about packages it could not load and workflows it could not activate. */
	problems(): string[];
	stop(): Promise<void>;
	/** SIGKILL: no shutdown, as a crash or power cut. */
	kill(): void;
}

/** `start` is main (editor, API, triggers); queue mode adds `worker` and `webhook` processes. */
export type N8nServerCommand = 'start' | 'worker' | 'webhook';

/** What each command prints once it is ready for work. */
const READY_LINES: Record<N8nServerCommand, string> = {
	start: 'Editor is now accessible via',
	worker: 'n8n worker is now ready',
	webhook: 'Webhook listener waiting for requests.',
};

const packageFolderJson = JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} });

export async function freeLoopbackPort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

/** Items a node emitted on one output in its last run (empty when it did not run). */
export function nodeOutput(execution: ExecutionData | undefined, nodeName: string, output = 0): Array<Record<string, unknown>> {
	const runs = execution?.data.resultData.runData[nodeName];
	if (!runs || runs.length === 0) return [];
	return (runs[runs.length - 1].data?.main?.[output] ?? []).map((item) => item.json);
}

export class N8nInstance {
	readonly nodesFolder: string;
	/** Destinations of refused non-loopback connections (only when created with loopbackOnly). */
	readonly outboundLog: string;
	private logCounter = 0;

	private constructor(
		readonly install: N8nInstall,
		readonly userFolder: string,
		private readonly options: { loopbackOnly: boolean; env: Record<string, string> },
	) {
		this.nodesFolder = path.join(userFolder, '.n8n', 'nodes');
		this.outboundLog = path.join(userFolder, 'outbound-connections.log');
	}

	/**
	 * Creates the user folder (a fresh temp dir unless one is given). `loopbackOnly` preloads a
	 * guard that refuses every connection beyond 127.0.0.1 and records it in `outboundLog`.
	 */
	static create(
		install: N8nInstall,
		options: { userFolder?: string; loopbackOnly?: boolean; env?: Record<string, string> } = {},
	): N8nInstance {
		const userFolder = options.userFolder ?? fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-user-'));
		fs.mkdirSync(path.join(userFolder, '.n8n', 'nodes'), { recursive: true });
		return new N8nInstance(install, userFolder, {
			loopbackOnly: options.loopbackOnly ?? true,
			env: options.env ?? {},
		});
	}

	/** The environment n8n runs with: isolated, quiet, and with every phone-home feature off. */
	environment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
		const env: NodeJS.ProcessEnv = {
			PATH: `${path.dirname(this.install.nodeBinary)}:${process.env.PATH ?? ''}`,
			HOME: process.env.HOME,
			TMPDIR: process.env.TMPDIR,
			TZ: process.env.TZ,
			N8N_USER_FOLDER: this.userFolder,
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_DYNAMIC_BANNERS_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
			N8N_AI_ENABLED: 'false',
			N8N_VERIFIED_PACKAGES_ENABLED: 'false',
			N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
			N8N_REINSTALL_MISSING_PACKAGES: 'false',
			N8N_PYTHON_ENABLED: 'false',
			// Refreshes a catalogue of MCP servers from api.n8n.io; nothing here uses it.
			N8N_DISABLED_MODULES: 'mcp-registry',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			// Workflows published with `n8n publish:workflow` are then activated when n8n starts.
			N8N_USE_WORKFLOW_PUBLICATION_SERVICE: 'false',
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_SECURE_COOKIE: 'false',
			DB_SQLITE_POOL_SIZE: '2',
			EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
			GENERIC_TIMEZONE: 'UTC',
			...this.options.env,
			...extra,
		};
		if (this.options.loopbackOnly) {
			env.NODE_OPTIONS = `--require ${path.join(__dirname, 'loopback-only.cjs')}`;
			env.LOOPBACK_ONLY_LOG = this.outboundLog;
		}
		return env;
	}

	/** Runs an n8n CLI command to completion; n8n logs go to a per-command JSON log file. */
	async cli(args: string[], options: { timeoutMs?: number; env?: Record<string, string> } = {}): Promise<CliResult> {
		const logFile = path.join(this.userFolder, 'logs', `cli-${++this.logCounter}.log`);
		fs.mkdirSync(path.dirname(logFile), { recursive: true });
		// n8n appends to its log file; a reused user folder must not show an earlier run's output.
		fs.rmSync(logFile, { force: true });
		const env = this.environment({
			// Each command starts a task broker; a free port lets several n8n processes coexist.
			N8N_RUNNERS_BROKER_PORT: String(await freeLoopbackPort()),
			N8N_LOG_OUTPUT: 'file',
			N8N_LOG_FORMAT: 'json',
			N8N_LOG_LEVEL: 'info',
			N8N_LOG_FILE_LOCATION: logFile,
			...options.env,
		});
		const started = Date.now();
		const child = spawn(this.install.nodeBinary, [this.install.n8nEntry, ...args], {
			cwd: this.userFolder,
			env,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		const timeoutMs = options.timeoutMs ?? 300_000;
		const code = await new Promise<number | null>((resolve, reject) => {
			const timer = setTimeout(() => {
				child.kill('SIGKILL');
				reject(new Error(`n8n ${args[0]} did not finish in ${timeoutMs} ms:\n${stderr.slice(-2000)}`));
			}, timeoutMs);
			child.once('error', reject);
			child.once('exit', (exitCode) => {
				clearTimeout(timer);
				resolve(exitCode);
			});
		});
		const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
		return { code, stdout, stderr, log, durationMs: Date.now() - started };
	}

	private async cliOrThrow(args: string[]): Promise<CliResult> {
		const result = await this.cli(args);
		if (result.code !== 0) {
			throw new Error(`n8n ${args.join(' ')} failed (exit ${result.code}):\n${logMessages(result.log).join('\n')}\n${result.stderr}`);
		}
		return result;
	}

	/**
	 * Installs a package tarball into `.n8n/nodes` with the steps of n8n's own community-package
	 * installer (community-packages.service): the tarball unpacked into
	 * `node_modules/<name>`, its dev, peer and optional dependencies removed from its
	 * package.json, then `npm install` inside the package folder with scripts off (which, with
	 * no runtime dependencies, installs nothing). n8n loads it from there at start.
	 */
	async installPackage(tarball: string): Promise<void> {
		fs.writeFileSync(path.join(this.nodesFolder, 'package.json'), packageFolderJson);
		const unpacked = fs.mkdtempSync(path.join(this.userFolder, 'unpack-'));
		try {
			await run('tar', ['-xzf', tarball, '-C', unpacked], unpacked);
			const manifestFile = path.join(unpacked, 'package', 'package.json');
			const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Record<string, unknown> & { name: string };
			delete manifest.devDependencies;
			delete manifest.peerDependencies;
			delete manifest.optionalDependencies;
			fs.writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
			const target = path.join(this.nodesFolder, 'node_modules', manifest.name);
			fs.rmSync(target, { recursive: true, force: true });
			fs.mkdirSync(path.dirname(target), { recursive: true });
			fs.renameSync(path.join(unpacked, 'package'), target);
			await runNpm(
				['install', '--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false'],
				target,
			);
		} finally {
			fs.rmSync(unpacked, { recursive: true, force: true });
		}
	}

	/** Removes an installed package, as n8n's uninstall does: its folder under node_modules goes. */
	async uninstallPackage(packageName: string): Promise<void> {
		fs.rmSync(path.join(this.nodesFolder, 'node_modules', packageName), { recursive: true, force: true });
	}

	/** Imports (or, for an existing id, replaces) credentials. */
	async importCredentials(credentials: N8nCredential[]): Promise<void> {
		await this.importFile('import:credentials', credentials);
	}

	/** Imports (or, for an existing id, replaces) workflows. */
	async importWorkflows(workflows: N8nWorkflow[]): Promise<void> {
		await this.importFile('import:workflow', workflows);
	}

	/** Publishes workflows so that `start` activates their triggers and lets them run as sub-workflows. */
	async publishWorkflows(workflowIds: string[]): Promise<void> {
		for (const id of workflowIds) await this.cliOrThrow(['publish:workflow', `--id=${id}`]);
	}

	/** `n8n execute --id`: runs a workflow whose start node is a Manual or Execute Workflow Trigger. */
	async execute(workflowId: string, options: { timeoutMs?: number } = {}): Promise<ExecuteResult> {
		const cli = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput'], options);
		// `execute` prints the run data through n8n's logger, one JSON message, on success and failure.
		const messages = logMessages(cli.log);
		const execution = messages
			.filter((message) => message.startsWith('{'))
			.map((message) => {
				try {
					return JSON.parse(message) as ExecutionData;
				} catch {
					return undefined;
				}
			})
			.find((candidate) => candidate?.data?.resultData !== undefined);
		const error = execution?.data.resultData.error;
		// The exit code alone is not enough: a workflow error can still end with code 0.
		if (cli.code === 0 && execution && !error) return { succeeded: true, execution, cli };
		const errorMessage = error
			? [error.message, error.description].filter(Boolean).join(' — ')
			: messages.filter((message) => !message.startsWith('{')).slice(-3).join('\n') || cli.stderr;
		// "Unrecognized node type" hides the cause when a community package failed to load.
		const loadFailures = packageLoadFailures(cli.log);
		return { succeeded: false, execution, errorMessage: [...loadFailures, errorMessage].join('\n'), cli };
	}

	/**
	 * Starts `n8n start` (or, in queue mode, `n8n worker` / `n8n webhook`) on a free loopback port
	 * and waits until it answers its health check. A worker's port is its health-check server.
	 */
	async start(options: { command?: N8nServerCommand; port?: number; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<RunningN8n> {
		const command = options.command ?? 'start';
		const port = options.port ?? (await freeLoopbackPort());
		const env = this.environment({
			N8N_PORT: String(port),
			N8N_RUNNERS_BROKER_PORT: String(await freeLoopbackPort()),
			N8N_WEBHOOK_URL: `http://127.0.0.1:${port}/`,
			N8N_EDITOR_BASE_URL: `http://127.0.0.1:${port}/`,
			N8N_LOG_LEVEL: 'info',
			...(command === 'worker'
				? { QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(port), N8N_WORKER_SERVER_ADDRESS: '127.0.0.1' }
				: {}),
			...options.env,
		});
		const child = spawn(this.install.nodeBinary, [this.install.n8nEntry, command], {
			cwd: this.userFolder,
			env,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let output = '';
		// Kept on disk too, so what every start printed can be scanned after it stopped or was killed.
		const outputFile = path.join(this.userFolder, 'logs', `${command}-${++this.logCounter}.log`);
		fs.mkdirSync(path.dirname(outputFile), { recursive: true });
		const record = (chunk: Buffer) => {
			output += chunk.toString();
			fs.appendFileSync(outputFile, chunk);
		};
		child.stdout.on('data', record);
		child.stderr.on('data', record);
		const url = `http://127.0.0.1:${port}`;
		const stop = async () => {
			if (child.exitCode !== null || child.signalCode !== null) return;
			const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
			child.kill('SIGTERM');
			const forced = setTimeout(() => child.kill('SIGKILL'), 20_000);
			await exited;
			clearTimeout(forced);
		};
		const deadline = Date.now() + (options.timeoutMs ?? 120_000);
		for (;;) {
			if (child.exitCode !== null) throw new Error(`n8n ${command} exited with code ${child.exitCode}:\n${output.slice(-4000)}`);
			// Readiness can come before the published workflows are activated; n8n prints this line after.
			if (output.includes(READY_LINES[command]) && (await isHealthy(url))) break;
			if (Date.now() > deadline) {
				await stop();
				throw new Error(`n8n ${command} did not become healthy:\n${output.slice(-4000)}`);
			}
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		const problems = () =>
			output.split('\n').filter((line) => /Failed to load package|Unrecognized node type|Issue on initial workflow activation/.test(line));
		return { url, port, output: () => output, problems, stop, kill: () => child.kill('SIGKILL') };
	}

	/** Destinations n8n tried to reach beyond the loopback interface (refused by the guard). */
	outboundAttempts(): string[] {
		if (!fs.existsSync(this.outboundLog)) return [];
		return fs.readFileSync(this.outboundLog, 'utf8').split('\n').filter(Boolean);
	}

	/** Every file n8n wrote in its user folder (database, logs, output of each start), not the installed packages. */
	dataFiles(): string[] {
		const files: string[] = [];
		const walk = (folder: string) => {
			for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
				const full = path.join(folder, entry.name);
				if (entry.isDirectory()) {
					if (full !== this.nodesFolder) walk(full);
				} else if (entry.isFile()) files.push(full);
			}
		};
		walk(this.userFolder);
		return files;
	}

	/** Deletes n8n's database (workflows, credentials, executions, static data), keeping installed packages. */
	removeDatabase(): void {
		const n8nFolder = path.join(this.userFolder, '.n8n');
		for (const file of fs.readdirSync(n8nFolder)) {
			if (file.startsWith('database.sqlite')) fs.rmSync(path.join(n8nFolder, file), { force: true });
		}
	}

	dispose(): void {
		fs.rmSync(this.userFolder, { recursive: true, force: true });
	}

	private async importFile(command: string, content: unknown[]): Promise<void> {
		const file = path.join(this.userFolder, `import-${++this.logCounter}.json`);
		// Credential files hold plaintext secrets only for the moment of the import.
		fs.writeFileSync(file, JSON.stringify(content), { mode: 0o600 });
		try {
			await this.cliOrThrow([command, `--input=${file}`]);
		} finally {
			fs.rmSync(file, { force: true });
		}
	}
}

function logMessages(log: string): string[] {
	return log
		.split('\n')
		.filter(Boolean)
		.map((line) => {
			try {
				return String((JSON.parse(line) as { message?: unknown }).message ?? '');
			} catch {
				return line;
			}
		});
}

/** n8n's "Failed to load package" log entries, each with its cause's first line. */
function packageLoadFailures(log: string): string[] {
	const failures: string[] = [];
	for (const line of log.split('\n')) {
		if (!line.includes('Failed to load package')) continue;
		try {
			const entry = JSON.parse(line) as { message: string; metadata?: { error?: { message?: string } } };
			failures.push(`${entry.message}: ${(entry.metadata?.error?.message ?? '').split('\n')[0]}`);
		} catch {
			failures.push(line);
		}
	}
	return failures;
}

async function isHealthy(url: string): Promise<boolean> {
	try {
		const response = await fetch(`${url}/healthz/readiness`);
		return response.ok;
	} catch {
		return false;
	}
}

/** Runs npm and resolves with its standard output. */
export async function runNpm(args: string[], cwd: string): Promise<string> {
	return await run('npm', [...args, '--loglevel=error'], cwd);
}

/** Runs a command to completion and answers what it printed; a non-zero exit rejects. */
export async function run(command: string, args: string[], cwd: string, env?: NodeJS.ProcessEnv): Promise<string> {
	return await new Promise((resolve, reject) => {
		const child = spawn(command, args, { cwd, env: env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		child.once('error', reject);
		child.once('exit', (code) =>
			code === 0
				? resolve(stdout)
				: reject(new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${(stdout + stderr).slice(-4000)}`)),
		);
	});
}
