/**
 * The package as it is published: `npm pack` of a fresh build. It holds exactly the files a user
 * needs, declares no runtime dependencies, and its JavaScript passes n8n's community-node lint
 * (self-hosted config on every .js file, inline eslint-disable comments ignored, as n8n's scanner
 * runs it on a tarball) except
 * for the known findings in bundled third-party code.
 */
jest.setTimeout(300_000);

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run } from '../../scripts/n8n/instance';
import { repoRoot } from '../../scripts/n8n/paths';
import { packPackage } from '../../scripts/n8n/pack';

interface Manifest {
	name: string;
	dependencies?: Record<string, string>;
	peerDependencies?: Record<string, string>;
	n8n: { nodes: string[]; credentials: string[] };
}

let unpacked: string;
let files: string[];

function listFiles(folder: string, prefix = ''): string[] {
	return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
		const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
		return entry.isDirectory() ? listFiles(path.join(folder, entry.name), relative) : [relative];
	});
}

beforeAll(async () => {
	const tarball = await packPackage();
	unpacked = fs.mkdtempSync(path.join(os.tmpdir(), 'tarball-'));
	await run('tar', ['-xzf', tarball, '-C', unpacked], unpacked);
	files = listFiles(path.join(unpacked, 'package')).sort();
});

afterAll(() => fs.rmSync(unpacked, { recursive: true, force: true }));

const manifest = () => JSON.parse(fs.readFileSync(path.join(unpacked, 'package', 'package.json'), 'utf8')) as Manifest;

describe('the packed tarball', () => {
	it('holds the built package, workflows, README, LICENSE, CHANGELOG and package.json, nothing else', () => {
		// Over EWS in workflows/, for Microsoft 365 in workflows/microsoft-365/.
		const workflows = (fs.readdirSync('workflows', { recursive: true }) as string[]).filter((file) => file.endsWith('.json')).map((file) => `dist/workflows/${file}`);
		const { n8n } = manifest();
		const code = [...n8n.nodes, ...n8n.credentials, 'dist/vendor/libraries.js'];
		const icons = files.filter((file) => file.endsWith('.svg'));
		expect(files).toEqual(
			[
				'CHANGELOG.md',
				'LICENSE',
				'README.md',
				'dist/THIRD-PARTY-LICENSES.md',
				'package.json',
				...code,
				...code.map((file) => `${file}.map`),
				...workflows,
				...icons,
			].sort(),
		);
		expect(icons.sort()).toEqual(
			[
				'dist/nodes/ExchangeCrmSync/exchangeCrmSync.dark.svg',
				'dist/nodes/ExchangeCrmSync/exchangeCrmSync.svg',
				'dist/nodes/MicrosoftExchange/microsoftExchange.dark.svg',
				'dist/nodes/MicrosoftExchange/microsoftExchange.svg',
				'dist/nodes/ZohoCrm/zohoCrm.dark.svg',
				'dist/nodes/ZohoCrm/zohoCrm.svg',
			].sort(),
		);
		expect(files.filter((file) => /(^|\/)(test|tests|emulators|bench|scripts)\//.test(file) || file.endsWith('.ts'))).toEqual([]);
	});

	it('declares no runtime dependencies and only n8n-workflow as a peer', () => {
		expect(manifest().dependencies ?? {}).toEqual({});
		expect(manifest().peerDependencies).toEqual({ 'n8n-workflow': '*' });
	});

	it('ships the licences of the bundled libraries', () => {
		const licences = fs.readFileSync(path.join(unpacked, 'package', 'dist', 'THIRD-PARTY-LICENSES.md'), 'utf8');
		for (const library of ['ews-javascript-api', '@ewsjs/xhr', '@ewsjs/ntlm-client', 'luxon', 'axios', 'moment-timezone']) {
			expect(licences).toMatch(new RegExp(`^## ${library.replace('/', '\\/')}@`, 'm'));
		}
	});

	it("passes n8n's self-hosted community-node lint; only bundled library code has findings, the known ones", async () => {
		// ESLint runs as n8n's scanner runs it: its own process, the plugin's config, no inline config.
		const root = path.join(unpacked, 'package');
		const config = path.join(unpacked, 'eslint.config.mjs');
		const plugin = path.join(repoRoot, 'node_modules', '@n8n', 'eslint-plugin-community-nodes', 'dist', 'plugin.js');
		fs.writeFileSync(
			config,
			`import { configs } from ${JSON.stringify(plugin)};\nexport default [{ files: ['**/*.js'], ...configs.recommendedWithoutN8nCloudSupport }];\n`,
		);
		const eslint = path.join(repoRoot, 'node_modules', 'eslint', 'bin', 'eslint.js');
		const report = path.join(unpacked, 'lint.json');
		// ESLint exits non-zero when it finds errors; the report says which.
		await run(process.execPath, [eslint, '-c', config, '--no-inline-config', '--format', 'json', '--output-file', report, '.'], root).catch(() => undefined);
		const results = JSON.parse(fs.readFileSync(report, 'utf8')) as Array<{ filePath: string; messages: Array<{ severity: number; ruleId: string }> }>;
		const findings = results.flatMap((result) =>
			result.messages
				.filter((message) => message.severity === 2)
				.map((message) => `${path.relative(root, result.filePath)}: ${message.ruleId}`),
		);
		expect(findings.sort()).toEqual(
			[
				// function-bind (a polyfill axios pulls in) builds bound functions with `Function`.
				'dist/vendor/libraries.js: @n8n/community-nodes/no-dangerous-functions',
				// ews-javascript-api: two URL path suffixes and a header name whose names contain "Cert"/"Key".
				'dist/vendor/libraries.js: @n8n/community-nodes/no-hardcoded-secrets',
				'dist/vendor/libraries.js: @n8n/community-nodes/no-hardcoded-secrets',
				'dist/vendor/libraries.js: @n8n/community-nodes/no-hardcoded-secrets',
			].sort(),
		);
	});
});
