/**
 * Starts a local server as a child process (the way a user runs it) and waits for the line it
 * prints when ready: `… listening on <url>`. Tests use this so the servers run exactly as
 * documented, and a server crash cannot take the test process with it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export interface SpawnedServer {
	url: string;
	process: ChildProcess;
	/** Everything the server printed, for failure messages. */
	output(): string;
	stop(): Promise<void>;
}

const projectRoot = path.resolve(__dirname, '../../..');

export async function spawnServer(entry: string, args: string[], timeoutMs = 30_000): Promise<SpawnedServer> {
	const tsx = path.join(projectRoot, 'node_modules', '.bin', 'tsx');
	const child = spawn(tsx, [path.join(projectRoot, entry), ...args], {
		cwd: projectRoot,
		stdio: ['ignore', 'pipe', 'pipe'],
		env: { ...process.env, NODE_ENV: 'test' },
	});
	let output = '';
	const url = await new Promise<string>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`${entry} did not start in ${timeoutMs} ms:\n${output}`)), timeoutMs);
		const onData = (chunk: Buffer) => {
			output += chunk.toString();
			const match = /listening on (\S+)/.exec(output);
			if (match) {
				clearTimeout(timer);
				resolve(match[1]);
			}
		};
		child.stdout!.on('data', onData);
		child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`${entry} exited with code ${code}:\n${output}`));
		});
	});
	return {
		url,
		process: child,
		output: () => output,
		stop: () =>
			new Promise<void>((resolve) => {
				if (child.exitCode !== null) return resolve();
				child.once('exit', () => resolve());
				child.kill('SIGTERM');
			}),
	};
}
