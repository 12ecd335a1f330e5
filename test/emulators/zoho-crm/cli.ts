/**
 * `npm run emulator:zoho -- --port N [--seed demo|empty] [--no-validate] [--https]`
 *
 * Serves Zoho's accounts and CRM v8 API paths on one origin (plain HTTP unless --https) and
 * prints `Zoho CRM emulator listening on <origin>` when ready.
 */
import { parseEmulatorArgs } from '../common/cli';
import { startZohoServer } from './server';

async function main(): Promise<void> {
	const argv = process.argv.slice(2);
	// Zoho speaks plain HTTP here by default; --https opts into TLS (--http is accepted, a no-op).
	const https = argv.includes('--https');
	const options = parseEmulatorArgs(argv.filter((arg) => arg !== '--https' && arg !== '--http'));
	const server = await startZohoServer({ port: options.port, https, seed: options.seed, validate: options.validate });
	process.stdout.write(`Zoho CRM emulator listening on ${server.origin}\n`);
	const shutdown = () => {
		server.stop().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.once('SIGINT', shutdown);
	process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
