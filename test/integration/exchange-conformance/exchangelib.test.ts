/**
 * Conformance of the local Exchange server with a client nobody on this project wrote: Debian's
 * python3-exchangelib drives it through the Python tests next to this file (one jest test per
 * test_*.py module). Skipped, with a message saying why, only where exchangelib cannot be
 * imported; .ci/run installs it.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { useExchangeEmulator } from '../exchange-emulator/client';

/** Debian's interpreter first: exchangelib is installed for it, maybe not for a python3 earlier on PATH. */
const python = ['/usr/bin/python3', 'python3'].find((candidate) => spawnSync(candidate, ['-c', 'import exchangelib'], { stdio: 'ignore' }).status === 0);
const modules = fs
	.readdirSync(__dirname)
	.filter((name) => /^test_.*\.py$/.test(name))
	.map((name) => name.replace(/\.py$/, ''));

if (!python) {
	process.stdout.write('exchangelib conformance tests SKIPPED: no python3 can import exchangelib (apt-get install python3-exchangelib)\n');
}

function runModule(module: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
	return new Promise((resolve, reject) => {
		const child = spawn(python!, ['-m', 'unittest', '-v', module], { cwd: __dirname, env: { ...process.env, ...env, PYTHONDONTWRITEBYTECODE: '1' } });
		let output = '';
		child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.on('error', reject);
		child.on('close', (code) => resolve({ code, output }));
	});
}

(python ? describe : describe.skip)('the local Exchange server with exchangelib', () => {
	const emulator = useExchangeEmulator();
	let certificateFile = '';

	beforeAll(async () => {
		certificateFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ews-conformance-')), 'server.pem');
		fs.writeFileSync(certificateFile, await emulator.control.certificate());
	});

	afterAll(() => fs.rmSync(path.dirname(certificateFile), { recursive: true, force: true }));

	it.each(modules)('%s', async (module) => {
		const { code, output } = await runModule(module, { EWS_URL: emulator.url, EWS_CA: certificateFile, EWS_CONTROL: new URL(emulator.url).origin });
		if (code !== 0) throw new Error(`exchangelib tests in ${module}.py failed:\n${output}`);
	}, 180_000);
});
