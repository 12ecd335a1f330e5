/**
 * `tsx bench/exchangeServer.ts --mailboxes N [--validate]`: the local Exchange server for the
 * benchmarks and the reliability suite, started empty with N extra mailboxes
 * (`user001@example.test` …) that the demo service account may impersonate. The demo world has
 * four mailboxes; the 50-mailbox benchmark needs more, and the control API cannot add them.
 */
import { listen } from '../test/emulators/common/http';
import { ExchangeEmulator, EWS_PATH } from '../test/emulators/exchange/server';
import { loadBodyValidator } from '../test/emulators/exchange/validation';
import { benchMailbox } from './world';

async function main(): Promise<void> {
	const args = process.argv.slice(2);
	const mailboxes = Number(args[args.indexOf('--mailboxes') + 1] ?? 1);
	const validator = args.includes('--validate') ? await loadBodyValidator() : undefined;
	const emulator = new ExchangeEmulator('empty', validator);
	for (let index = 0; index < mailboxes; index++) emulator.store.addMailbox(benchMailbox(index), `Bench User ${index + 1}`);
	const server = await listen({ port: 0, tls: true, handler: (req, res) => emulator.handle(req, res) });
	emulator.certificatePem = server.certificatePem;
	process.stdout.write(`Bench Exchange server listening on ${server.origin}${EWS_PATH}\n`);
	const stop = () => void server.close().then(() => process.exit(0));
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
	process.stderr.write(`Bench Exchange server failed: ${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
