/**
 * Zoho's official Node SDK (`@zohocrm/nodejs-sdk-8.0`) as a test client: sdkDriver.mjs runs it in
 * a child process (the SDK is an ES module), with its token store, field caches and log in a
 * temporary folder that is removed on stop.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

export const SDK_PACKAGE = '@zohocrm/nodejs-sdk-8.0';

/** The SDK's answer to a call: the HTTP status and the object it made of the body (plain JSON). */
export interface SdkAnswer<T = any> {
	status: number;
	object: T;
}

export interface SdkError {
	name?: string;
	code?: string;
	message: string;
	details: unknown;
	cause: string | null;
}

/** True when the SDK is installed (it is a devDependency; `npm ci` installs it). */
export function sdkInstalled(): boolean {
	try {
		require.resolve(`${SDK_PACKAGE}/package.json`);
		return true;
	} catch {
		return false;
	}
}

export class ZohoSdkClient {
	private nextId = 0;
	private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();

	private constructor(
		private readonly child: ChildProcessWithoutNullStreams,
		readonly workFolder: string,
		private readonly stderr: string[],
	) {
		readline.createInterface({ input: child.stdout }).on('line', (line) => {
			const message = JSON.parse(line) as { id: number; result?: unknown; error?: SdkError };
			const waiting = this.pending.get(message.id);
			if (!waiting) return;
			this.pending.delete(message.id);
			if (message.error) waiting.reject(Object.assign(new Error(`SDK: ${message.error.message}`), { sdk: message.error }));
			else waiting.resolve(message.result);
		});
	}

	/** Starts the SDK against a Zoho origin (accounts and API on it), signed in with the demo refresh token. */
	static async start(origin: string): Promise<ZohoSdkClient> {
		const workFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'zoho-sdk-'));
		const child = spawn(process.execPath, [path.join(__dirname, 'sdkDriver.mjs'), origin, workFolder], { stdio: 'pipe' });
		const stderr: string[] = [];
		child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk.toString('utf8')));
		const ready = await new Promise<{ ready: boolean; error?: SdkError }>((resolve, reject) => {
			const lines = readline.createInterface({ input: child.stdout });
			lines.once('line', (line) => {
				lines.close();
				resolve(JSON.parse(line) as { ready: boolean; error?: SdkError });
			});
			child.once('exit', (code) => reject(new Error(`the SDK driver exited (${code}) before it was ready: ${stderr.join('')}`)));
		});
		if (!ready.ready) {
			child.kill();
			throw new Error(`the SDK did not initialize: ${JSON.stringify(ready.error)}`);
		}
		return new ZohoSdkClient(child, workFolder, stderr);
	}

	/** Runs one of sdkDriver.mjs's operations; rejects with the SDK's exception (`error.sdk`). */
	call<T = SdkAnswer>(op: string, args: Record<string, unknown> = {}): Promise<T> {
		const id = ++this.nextId;
		return new Promise<T>((resolve, reject) => {
			this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
			this.child.stdin.write(`${JSON.stringify({ id, op, args })}\n`);
		});
	}

	/** What the SDK wrote to its log (for failure messages). */
	log(): string {
		const file = path.join(this.workFolder, 'sdk.log');
		return `${fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : ''}${this.stderr.join('')}`;
	}

	async stop(): Promise<void> {
		const exited = new Promise((resolve) => this.child.once('exit', resolve));
		this.child.stdin.end();
		await exited;
		fs.rmSync(this.workFolder, { recursive: true, force: true });
	}
}
