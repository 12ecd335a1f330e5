/**
 * `tsx bench/exchangeServer.ts --mailboxes N [--graph] [--validate]`: the local Exchange server for
 * the benchmarks and the reliability suite, started empty with N extra mailboxes
 * (`user001@example.test` …) that the demo service account may impersonate. The demo world has
 * four mailboxes; the 50-mailbox benchmark needs more. With `--graph` it is the local Microsoft
 * 365 server instead: the Graph front on the same store, over plain HTTP (the Graph credential
 * has no setting to trust a self-signed certificate); the caller puts the mailboxes in the demo
 * app's scope through the control API.
 */
import { listen } from '../test/emulators/common/http';
import { ExchangeEmulator, EWS_PATH } from '../test/emulators/exchange/server';
import { loadBodyValidator } from '../test/emulators/exchange/validation';
import { GraphFront } from '../test/emulators/graph/front';
import { benchMailbox } from './world';

async function main(): Promise<void> {
	const args = process.argv.slice(2);
	const mailboxes = Number(args[args.indexOf('--mailboxes') + 1] ?? 1);
	const validate = args.includes('--validate');
	const graph = args.includes('--graph');
	const validator = validate ? await loadBodyValidator() : undefined;
	const emulator = new ExchangeEmulator('empty', validator);
	if (graph) emulator.addFront(GraphFront.create(emulator, { validate }));
	for (let index = 0; index < mailboxes; index++) {
		// Graph acts as the mailbox's own user (an event's organizer), so the mailbox needs its account.
		if (graph) emulator.addMailbox(benchMailbox(index), `Bench User ${index + 1}`);
		else emulator.store.addMailbox(benchMailbox(index), `Bench User ${index + 1}`);
	}
	const server = await listen({ port: 0, tls: !graph, handler: (req, res) => emulator.handle(req, res) });
	emulator.certificatePem = server.certificatePem;
	process.stdout.write(`Bench ${graph ? 'Microsoft 365' : 'Exchange'} server listening on ${server.origin}${EWS_PATH}\n`);
	const stop = () => void server.close().then(() => process.exit(0));
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
	process.stderr.write(`Bench Exchange server failed: ${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
