/**
 * The packed tarball, installed with n8n's own installer steps into a fresh n8n user folder, loads
 * every node and credential it declares: on the newest n8n the suite runs on and on the oldest
 * one the README states as supported. What n8n loaded is read from the node and credential type
 * lists it writes for its editor at start.
 */
jest.setTimeout(1_800_000);

import fs from 'node:fs';
import path from 'node:path';
import { ensureN8n, OLDEST_SUPPORTED_N8N } from '../../scripts/n8n/install';
import { N8nInstance } from '../../scripts/n8n/instance';
import { packPackage } from '../../scripts/n8n/pack';
import { repoRoot } from '../../scripts/n8n/paths';

const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
	name: string;
	n8n: { nodes: string[]; credentials: string[] };
};

/**
 * Type names as n8n registers them: `<package>.<node name>` for nodes, plus `<node name>Tool` for
 * nodes usable as AI tools, and the name for credentials.
 */
function declared(files: string[], prefix: string): string[] {
	return files
		.flatMap((file) => {
			const exported = require(path.join(repoRoot, file.replace(/^dist\//, '').replace(/\.js$/, '.ts'))) as Record<
				string,
				new () => { name?: string; description?: { name: string; usableAsTool?: boolean } }
			>;
			const instance = new (Object.values(exported)[0])();
			const name = `${prefix}${instance.description?.name ?? instance.name}`;
			return instance.description?.usableAsTool ? [name, `${name}Tool`] : [name];
		})
		.sort();
}

/** Credential names are not prefixed with the package's name: ours are those the manifest declares. */
const ourCredentials = declared(manifest.n8n.credentials, '');

async function loadedTypes(n8n: N8nInstance, kind: 'nodes' | 'credentials'): Promise<string[]> {
	const file = path.join(n8n.userFolder, '.cache', 'n8n', 'public', 'types', `${kind}.json`);
	const deadline = Date.now() + 120_000;
	// n8n writes the type lists shortly after it starts, and again once community packages loaded.
	for (;;) {
		if (fs.existsSync(file)) {
			const names = (JSON.parse(fs.readFileSync(file, 'utf8')) as Array<{ name: string }>).map((type) => type.name);
			const ours = names.filter((name) => name.startsWith(`${manifest.name}.`) || ourCredentials.includes(name));
			if (ours.length > 0 || Date.now() > deadline) return ours.sort();
		} else if (Date.now() > deadline) return [];
		await new Promise((resolve) => setTimeout(resolve, 1_000));
	}
}

describe.each([
	['the newest n8n', undefined],
	[`the oldest supported n8n (${OLDEST_SUPPORTED_N8N})`, OLDEST_SUPPORTED_N8N],
])('the installed tarball on %s', (_label, version) => {
	it('loads every node and credential the package declares, and nothing fails to load', async () => {
		const [install, tarball] = await Promise.all([ensureN8n({ version }), packPackage()]);
		const n8n = N8nInstance.create(install);
		try {
			await n8n.installPackage(tarball);
			const running = await n8n.start();
			try {
				expect(await loadedTypes(n8n, 'nodes')).toEqual(declared(manifest.n8n.nodes, `${manifest.name}.`));
				expect(await loadedTypes(n8n, 'credentials')).toEqual(declared(manifest.n8n.credentials, ''));
				expect(running.problems()).toEqual([]);
			} finally {
				await running.stop();
			}
			expect(n8n.outboundAttempts()).toEqual([]);
		} finally {
			n8n.dispose();
		}
	});
});
