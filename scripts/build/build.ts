/**
 * Builds the package into dist/ as n8n loads it, with no runtime dependencies:
 * - one CommonJS file per node and credential (dist/nodes/<Node>/<Node>.node.js,
 *   dist/credentials/<Name>.credentials.js), bundled with esbuild, n8n-workflow left to n8n;
 * - the libraries the nodes use (ews-javascript-api, @ewsjs/*, luxon and what they need) bundled
 *   once into dist/vendor/libraries.js, which every node file requires, so no library ships twice;
 * - source maps beside each file, the licences of everything bundled in
 *   dist/THIRD-PARTY-LICENSES.md, and the icons and prebuilt workflows copied as they are.
 */
import { build } from 'esbuild';
import type { BuildOptions, Metafile, Plugin } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { thirdPartyLicenses } from './licenses';

const root = path.resolve(__dirname, '..', '..');
const dist = path.join(root, 'dist');

/** The libraries bundled into the shared vendor file; every import of them resolves there. */
export const VENDORED = ['ews-javascript-api', 'ews-javascript-api/js/tzmapping', '@ewsjs/xhr', '@ewsjs/ntlm-client', 'luxon'];

const VENDOR_FILE = 'vendor/libraries.js';

const common: BuildOptions = {
	bundle: true,
	platform: 'node',
	format: 'cjs',
	target: 'node20',
	sourcemap: true,
	// n8n provides n8n-workflow to every community package (it is our peer dependency).
	external: ['n8n-workflow'],
	logLevel: 'warning',
};

/** Imports of vendored libraries in node files become requires of the shared vendor file. */
function useVendorFile(outFile: string): Plugin {
	const relative = path.relative(path.dirname(outFile), path.join(dist, VENDOR_FILE)).split(path.sep).join('/');
	return {
		name: 'use-vendor-file',
		setup(builder) {
			const names = new Set(VENDORED);
			builder.onResolve({ filter: /.*/ }, (args) =>
				names.has(args.path) && args.namespace === 'file' ? { path: args.path, namespace: 'vendored' } : undefined,
			);
			builder.onResolve({ filter: /vendor\/libraries\.js$/, namespace: 'vendored' }, (args) => ({ path: args.path, external: true }));
			builder.onLoad({ filter: /.*/, namespace: 'vendored' }, (args) => ({
				contents: `module.exports = require(${JSON.stringify(relative)})[${JSON.stringify(args.path)}];`,
				loader: 'js',
			}));
		},
	};
}

function filesUnder(folder: string, suffix: string): string[] {
	const found: string[] = [];
	for (const entry of fs.readdirSync(path.join(root, folder), { withFileTypes: true })) {
		const relative = path.join(folder, entry.name);
		if (entry.isDirectory()) found.push(...filesUnder(relative, suffix));
		else if (entry.name.endsWith(suffix)) found.push(relative);
	}
	return found;
}

function copy(files: string[]): void {
	for (const file of files) {
		fs.mkdirSync(path.dirname(path.join(dist, file)), { recursive: true });
		fs.copyFileSync(path.join(root, file), path.join(dist, file));
	}
}

async function main(): Promise<void> {
	fs.rmSync(dist, { recursive: true, force: true });
	const entry = path.join(dist, 'vendor', 'entry.js');
	fs.mkdirSync(path.dirname(entry), { recursive: true });
	fs.writeFileSync(entry, `module.exports = {\n${VENDORED.map((name) => `\t${JSON.stringify(name)}: require(${JSON.stringify(name)}),`).join('\n')}\n};\n`);
	const vendor = await build({
		...common,
		entryPoints: [entry],
		outfile: path.join(dist, VENDOR_FILE),
		nodePaths: [path.join(root, 'node_modules')],
		// Optional native module of http-cookie-agent, loaded only with its async_UNSTABLE option,
		// which @ewsjs/xhr never sets.
		external: [...(common.external ?? []), 'deasync'],
		metafile: true,
	});
	fs.rmSync(entry);

	const packageJson = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { n8n: { nodes: string[]; credentials: string[] } };
	const outputs = [...packageJson.n8n.nodes, ...packageJson.n8n.credentials];
	for (const output of outputs) {
		const source = output.replace(/^dist\//, '').replace(/\.js$/, '.ts');
		const outFile = path.join(root, output);
		await build({ ...common, entryPoints: [path.join(root, source)], outfile: outFile, plugins: [useVendorFile(outFile)] });
	}

	copy([...filesUnder('nodes', '.svg'), ...filesUnder('nodes', '.png'), ...filesUnder('workflows', '.json')]);
	fs.writeFileSync(path.join(dist, 'THIRD-PARTY-LICENSES.md'), thirdPartyLicenses(root, vendor.metafile as Metafile));
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exit(1);
});
