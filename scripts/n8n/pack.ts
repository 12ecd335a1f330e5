/**
 * Builds this package and packs it with `npm pack`, as it would be published. The build runs in a
 * private copy of the sources so that it never races another build of the working tree's dist/,
 * and the tarball is cached by a hash of the sources, so an unchanged package is packed once.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runNpm } from './instance';
import { cacheRoot, repoRoot } from './paths';

/** What the build reads: the package's sources and build configuration. */
const buildInputs = [
	'package.json',
	'README.md',
	'LICENSE',
	'CHANGELOG.md',
	'tsconfig.json',
	'scripts/build',
	'credentials',
	'nodes',
	'workflows',
];

function filesUnder(relative: string): string[] {
	const absolute = path.join(repoRoot, relative);
	if (!fs.existsSync(absolute)) return [];
	if (!fs.statSync(absolute).isDirectory()) return [relative];
	return fs
		.readdirSync(absolute)
		.sort()
		.flatMap((entry) => filesUnder(path.join(relative, entry)));
}

export function sourceHash(): string {
	const hash = createHash('sha256');
	for (const file of buildInputs.flatMap(filesUnder)) {
		hash.update(file).update('\0').update(fs.readFileSync(path.join(repoRoot, file))).update('\0');
	}
	return hash.digest('hex').slice(0, 16);
}

/** Returns the path of a tarball of the current sources, building and packing it when needed. */
export async function packPackage(log: (line: string) => void = () => undefined): Promise<string> {
	const { name } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { name: string };
	const packDir = path.join(cacheRoot, 'package');
	const tarball = path.join(packDir, `${name}-${sourceHash()}.tgz`);
	if (fs.existsSync(tarball)) return tarball;

	log(`Building and packing ${name}`);
	const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'pack-'));
	try {
		for (const input of buildInputs) {
			const from = path.join(repoRoot, input);
			if (fs.existsSync(from)) fs.cpSync(from, path.join(staging, input), { recursive: true });
		}
		fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(staging, 'node_modules'), 'dir');
		await runNpm(['run', 'build'], staging);
		const packed = JSON.parse(await runNpm(['pack', '--json', '--pack-destination', staging], staging)) as Array<{
			filename: string;
		}>;
		fs.mkdirSync(packDir, { recursive: true });
		const partial = `${tarball}.partial`;
		fs.copyFileSync(path.join(staging, packed[0].filename), partial);
		fs.renameSync(partial, tarball);
	} finally {
		fs.rmSync(staging, { recursive: true, force: true });
	}
	return tarball;
}
