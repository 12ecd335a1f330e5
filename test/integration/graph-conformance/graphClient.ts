/**
 * Drives graphDriver.mjs (Microsoft's Graph client and @azure/identity in a child process that
 * trusts the local server's certificate) from jest: each call is one JSON line each way.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

export interface DriverError {
	name?: string;
	statusCode?: number;
	code?: string;
	message: string;
	retryAfter?: string | null;
}

export class DriverFailure extends Error {
	constructor(readonly error: DriverError) {
		super(`${error.statusCode ?? ''} ${error.code ?? error.name ?? ''}: ${error.message}`);
	}
}

export class GraphClientDriver {
	private nextId = 0;
	private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
	private stderr = '';

	private constructor(
		private readonly child: ChildProcessWithoutNullStreams,
		private readonly folder: string,
	) {
		readline.createInterface({ input: child.stdout }).on('line', (line) => {
			const message = JSON.parse(line) as { id: number; result?: unknown; error?: DriverError };
			const waiting = this.pending.get(message.id);
			this.pending.delete(message.id);
			if (message.error) waiting?.reject(new DriverFailure(message.error));
			else waiting?.resolve(message.result);
		});
		child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
	}

	/** Starts the driver trusting `certificatePem` (the local server's). */
	static start(certificatePem: string): GraphClientDriver {
		const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'graph-client-'));
		const certificateFile = path.join(folder, 'server.pem');
		fs.writeFileSync(certificateFile, certificatePem);
		const child = spawn(process.execPath, [path.join(__dirname, 'graphDriver.mjs')], { stdio: 'pipe', env: { ...process.env, NODE_EXTRA_CA_CERTS: certificateFile } });
		return new GraphClientDriver(child, folder);
	}

	call<T>(op: string, args: Record<string, unknown>): Promise<T> {
		const id = ++this.nextId;
		return new Promise<T>((resolve, reject) => {
			this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
			this.child.stdin.write(`${JSON.stringify({ id, op, args })}\n`);
		});
	}

	/** The failure a call ends in (the test expects it to fail). */
	async failure(op: string, args: Record<string, unknown>): Promise<DriverError> {
		try {
			await this.call(op, args);
		} catch (error) {
			if (error instanceof DriverFailure) return error.error;
			throw error;
		}
		throw new Error(`${op} ${JSON.stringify(args).slice(0, 200)} succeeded; a failure was expected`);
	}

	log(): string {
		return this.stderr;
	}

	async stop(): Promise<void> {
		if (this.child.exitCode === null) {
			const exited = new Promise((resolve) => this.child.once('exit', resolve));
			this.child.stdin.end();
			this.child.kill('SIGTERM');
			await exited;
		}
		fs.rmSync(this.folder, { recursive: true, force: true });
	}
}
