/**
 * `npm run emulator:exchange -- --port N [--http] [--seed demo|empty] [--no-validate]`
 * Runs the local Exchange (EWS) server until SIGINT/SIGTERM.
 */
import { parseEmulatorArgs } from '../common/cli';
import { startExchangeServer } from './server';

async function main(): Promise<void> {
	const options = parseEmulatorArgs(process.argv.slice(2));
	const server = await startExchangeServer(options);
	process.stdout.write(`Exchange emulator listening on ${server.url}\n`);
	const stop = () => {
		void server.close().then(() => process.exit(0));
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
	process.stderr.write(`Exchange emulator failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
