/** Command-line options shared by `npm run emulator:exchange` and `npm run emulator:zoho`. */
export interface EmulatorCliOptions {
	port: number;
	/** Plain HTTP instead of HTTPS (the Exchange server defaults to HTTPS). */
	http: boolean;
	/** Data to start with: `demo` (the documented demo world) or `empty`. */
	seed: 'demo' | 'empty';
	/** Validate every request and response against the official schemas (default on). */
	validate: boolean;
}

export function parseEmulatorArgs(argv: string[]): EmulatorCliOptions {
	const options: EmulatorCliOptions = { port: 0, http: false, seed: 'demo', validate: true };
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		const value = () => {
			const next = argv[++i];
			if (next === undefined) throw new Error(`${arg} needs a value`);
			return next;
		};
		if (arg === '--port') {
			options.port = Number(value());
			if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) {
				throw new Error('--port takes a number from 0 (any free port) to 65535');
			}
		} else if (arg === '--http') options.http = true;
		else if (arg === '--no-validate') options.validate = false;
		else if (arg === '--seed') {
			const seed = value();
			if (seed !== 'demo' && seed !== 'empty') throw new Error('--seed takes "demo" or "empty"');
			options.seed = seed;
		} else throw new Error(`unknown option ${arg} (known: --port N, --http, --seed demo|empty, --no-validate)`);
	}
	return options;
}

/**
 * Runs a server from the command line: parses the options, starts it, prints the lines it gives
 * (the first one `… listening on <url>`, which the harnesses wait for), and stops it on SIGINT or
 * SIGTERM.
 */
export function runFromCommandLine(name: string, start: (options: EmulatorCliOptions) => Promise<{ lines: string[]; close(): Promise<void> }>): void {
	const main = async () => {
		const server = await start(parseEmulatorArgs(process.argv.slice(2)));
		for (const line of server.lines) process.stdout.write(`${line}\n`);
		const stop = () => {
			void server.close().then(() => process.exit(0));
		};
		process.once('SIGINT', stop);
		process.once('SIGTERM', stop);
	};
	main().catch((error: unknown) => {
		process.stderr.write(`${name} failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
		process.exit(1);
	});
}
