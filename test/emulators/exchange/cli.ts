/**
 * `npm run emulator:exchange -- --port N [--http] [--seed demo|empty] [--no-validate]`
 * Runs the local Exchange (EWS) server until SIGINT/SIGTERM.
 */
import { runFromCommandLine } from '../common/cli';
import { startExchangeServer } from './server';

runFromCommandLine('Exchange emulator', async (options) => {
	const server = await startExchangeServer(options);
	return { lines: [`Exchange emulator listening on ${server.url}`], close: () => server.close() };
});
