/**
 * `npm run emulator:graph -- --port N [--http] [--seed demo|empty] [--no-validate]`
 * Runs the local Microsoft 365 server (Microsoft Graph and EWS on one store) until SIGINT/SIGTERM.
 */
import { runFromCommandLine } from '../common/cli';
import { startGraphServer } from './server';

runFromCommandLine('Graph emulator', async (options) => {
	const server = await startGraphServer(options);
	return { lines: [`Graph emulator listening on ${server.origin}`, `EWS on the same store at ${server.ewsUrl}`], close: () => server.close() };
});
