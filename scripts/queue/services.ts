/**
 * Redis and PostgreSQL for queue mode on this machine: Debian's `redis-server` and `postgresql`
 * (installed with apt-get when missing and running as root), each on a free 127.0.0.1 port with
 * its data in a temp folder that is removed on stop. REDIS_URL / DATABASE_URL point at servers
 * of your own instead; then nothing is started.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freeLoopbackPort, run } from '../n8n/instance';

export interface QueueService {
	/** `redis://…` or `postgres://…`, with credentials. */
	url: string;
	/** Where it runs, for the start-up summary (no secrets). */
	description: string;
	stop(): Promise<void>;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

function isRoot(): boolean {
	return process.getuid?.() === 0;
}

/** Installs a Debian package when `present()` says it is missing (root only, as CI runs). */
async function ensureDebianPackage(name: string, present: () => boolean): Promise<void> {
	if (present()) return;
	if (!isRoot() || !fs.existsSync('/usr/bin/apt-get')) {
		throw new Error(`${name} is not installed: install Debian's ${name} package, or give its URL (REDIS_URL / DATABASE_URL)`);
	}
	log(`Installing ${name} with apt-get …`);
	await run('apt-get', ['update', '-qq'], '/');
	await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', name], '/');
	if (!present()) throw new Error(`apt-get installed ${name} but its programs are still missing`);
}

/** The newest PostgreSQL server binaries Debian installed (/usr/lib/postgresql/<major>/bin). */
function postgresBinaries(): string | undefined {
	const root = '/usr/lib/postgresql';
	if (!fs.existsSync(root)) return undefined;
	const majors = fs
		.readdirSync(root)
		.filter((entry) => fs.existsSync(path.join(root, entry, 'bin', 'pg_ctl')))
		.sort((a, b) => Number(b) - Number(a));
	return majors.length > 0 ? path.join(root, majors[0], 'bin') : undefined;
}

/** Starts a long-running process and resolves once it printed `readyLine`. */
async function spawnUntil(command: string, args: string[], readyLine: string, timeoutMs = 30_000) {
	const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	await new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`${command} did not start:\n${output.slice(-2000)}`)), timeoutMs);
		const onData = (chunk: Buffer) => {
			output += chunk.toString();
			if (output.includes(readyLine)) {
				clearTimeout(timer);
				resolve();
			}
		};
		child.stdout.on('data', onData);
		child.stderr.on('data', onData);
		child.once('error', reject);
		child.once('exit', (code) => reject(new Error(`${command} exited with code ${code}:\n${output.slice(-2000)}`)));
	});
	return child;
}

/** Redis from REDIS_URL, or a private redis-server on a free loopback port without persistence. */
export async function startRedis(env: NodeJS.ProcessEnv = process.env): Promise<QueueService> {
	if (env.REDIS_URL) {
		return { url: env.REDIS_URL, description: `Redis ${new URL(env.REDIS_URL).host} (REDIS_URL)`, stop: async () => {} };
	}
	await ensureDebianPackage('redis-server', () => fs.existsSync('/usr/bin/redis-server'));
	const port = await freeLoopbackPort();
	const password = randomBytes(16).toString('hex');
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'queue-redis-'));
	// A config file in the private folder keeps the password off the command line.
	const config = path.join(folder, 'redis.conf');
	const settings = [`bind 127.0.0.1`, `port ${port}`, `requirepass ${password}`, `save ""`, 'appendonly no', `dir ${folder}`];
	fs.writeFileSync(config, `${settings.join('\n')}\n`, { mode: 0o600 });
	const child = await spawnUntil('/usr/bin/redis-server', [config], 'Ready to accept connections');
	return {
		url: `redis://:${password}@127.0.0.1:${port}`,
		description: `Redis 127.0.0.1:${port} (redis-server, pid ${child.pid})`,
		stop: async () => {
			if (child.exitCode === null && child.signalCode === null) {
				const exited = new Promise((resolve) => child.once('exit', resolve));
				child.kill('SIGTERM');
				await exited;
			}
			fs.rmSync(folder, { recursive: true, force: true });
		},
	};
}

/**
 * PostgreSQL from DATABASE_URL, or a private cluster made with initdb on a free loopback port.
 * PostgreSQL refuses to run as root, so as root its programs run as the `postgres` user (or
 * `nobody` when Debian's postgres user is absent).
 */
export async function startPostgres(env: NodeJS.ProcessEnv = process.env): Promise<QueueService> {
	if (env.DATABASE_URL) {
		return { url: env.DATABASE_URL, description: `PostgreSQL ${new URL(env.DATABASE_URL).host} (DATABASE_URL)`, stop: async () => {} };
	}
	await ensureDebianPackage('postgresql', () => postgresBinaries() !== undefined);
	const bin = postgresBinaries() as string;
	const owner = isRoot() ? (await userExists('postgres') ? 'postgres' : 'nobody') : undefined;
	const asOwner = (program: string, args: string[]) =>
		owner ? run('runuser', ['-u', owner, '--', path.join(bin, program), ...args], '/') : run(path.join(bin, program), args, '/');

	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'queue-postgres-'));
	const dataDir = path.join(folder, 'data');
	const password = randomBytes(16).toString('hex');
	const passwordFile = path.join(folder, 'password');
	fs.writeFileSync(passwordFile, password, { mode: 0o600 });
	if (owner) await run('chown', ['-R', owner, folder], '/');
	const port = await freeLoopbackPort();
	const stop = async () => {
		if (fs.existsSync(path.join(dataDir, 'postmaster.pid'))) await asOwner('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
		fs.rmSync(folder, { recursive: true, force: true });
	};
	try {
		await asOwner('initdb', ['-D', dataDir, '-U', 'n8n', `--pwfile=${passwordFile}`, '--auth=scram-sha-256', '-E', 'UTF8', '--no-locale']);
		fs.rmSync(passwordFile);
		const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${folder}`;
		await asOwner('pg_ctl', ['-D', dataDir, '-o', options, '-l', path.join(folder, 'postgres.log'), '-w', 'start']);
		const url = `postgres://n8n:${password}@127.0.0.1:${port}/n8n`;
		await sql(`postgres://n8n:${password}@127.0.0.1:${port}/postgres`, 'CREATE DATABASE n8n');
		return { url, description: `PostgreSQL 127.0.0.1:${port} (data in ${dataDir})`, stop };
	} catch (error) {
		await stop().catch(() => undefined);
		throw error;
	}
}

async function userExists(name: string): Promise<boolean> {
	return await run('id', ['-u', name], '/').then(
		() => true,
		() => false,
	);
}

/** Runs one SQL query with psql against a `postgres://` URL and answers its rows (tab-separated fields). */
export async function sql(databaseUrl: string, query: string): Promise<string[][]> {
	const psql = fs.existsSync('/usr/bin/psql') ? '/usr/bin/psql' : path.join(postgresBinaries() ?? '', 'psql');
	// The password goes in the environment, not on the command line (visible to ps, and in errors).
	const url = new URL(databaseUrl);
	const password = decodeURIComponent(url.password);
	url.password = '';
	const args = [url.toString(), '-X', '-A', '-t', '-F', '\t', '-v', 'ON_ERROR_STOP=1', '-c', query];
	const output = await run(psql, args, '/', { ...process.env, PGPASSWORD: password });
	return output
		.split('\n')
		.filter(Boolean)
		.map((line) => line.split('\t'));
}

/** n8n's settings for a Redis URL (queue) and a PostgreSQL URL (database). */
export function queueModeEnvironment(redisUrl: string, databaseUrl: string): Record<string, string> {
	const redis = new URL(redisUrl);
	const database = new URL(databaseUrl);
	const redisDb = redis.pathname.replace('/', '');
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: redis.hostname,
		QUEUE_BULL_REDIS_PORT: redis.port || '6379',
		...(redis.username ? { QUEUE_BULL_REDIS_USERNAME: decodeURIComponent(redis.username) } : {}),
		...(redis.password ? { QUEUE_BULL_REDIS_PASSWORD: decodeURIComponent(redis.password) } : {}),
		...(redisDb ? { QUEUE_BULL_REDIS_DB: redisDb } : {}),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: database.hostname,
		DB_POSTGRESDB_PORT: database.port || '5432',
		DB_POSTGRESDB_USER: decodeURIComponent(database.username),
		DB_POSTGRESDB_PASSWORD: decodeURIComponent(database.password),
		DB_POSTGRESDB_DATABASE: database.pathname.replace('/', '') || 'n8n',
	};
}
