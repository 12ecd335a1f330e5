import fs from 'node:fs';
import path from 'node:path';
import type { Metafile } from 'esbuild';

const LICENSE_FILE = /^(licen[cs]e|copying|notice)(\.(md|txt))?$/i;

/** The folder of the package a bundled file came from (scoped or not, nested node_modules too). */
function packageFolder(input: string): string | undefined {
	const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
	return match?.[1];
}

/** The "License" section of a package's README, if it has one. */
function readmeLicense(folder: string): string | undefined {
	const readme = fs.readdirSync(folder).find((file) => /^readme(\.md)?$/i.test(file));
	if (!readme) return undefined;
	const match = /^#+\s*licen[cs]e\s*$([\s\S]*?)(?=^#+\s|(?![\s\S]))/im.exec(fs.readFileSync(path.join(folder, readme), 'utf8'));
	return match?.[1].trim() || undefined;
}

/**
 * The licence texts of every package whose code is in the bundle, one section per package and
 * version, for dist/THIRD-PARTY-LICENSES.md: bundling must keep the notices the licences require.
 */
export function thirdPartyLicenses(root: string, metafile: Metafile): string {
	const folders = new Set<string>();
	for (const input of Object.keys(metafile.inputs)) {
		const folder = packageFolder(input.split(path.sep).join('/'));
		if (folder && metafile.inputs[input].bytes > 0) folders.add(folder);
	}
	const sections = [...folders]
		.map((folder) => {
			const absolute = path.resolve(root, folder);
			const pkg = JSON.parse(fs.readFileSync(path.join(absolute, 'package.json'), 'utf8')) as {
				name: string;
				version: string;
				license?: string;
			};
			const texts = fs
				.readdirSync(absolute)
				.filter((file) => LICENSE_FILE.test(file))
				.sort()
				.map((file) => fs.readFileSync(path.join(absolute, file), 'utf8').trim());
			// A few packages keep their licence in the README only.
			if (texts.length === 0) texts.push(readmeLicense(absolute) ?? `${pkg.license ?? 'UNKNOWN'} (no licence text in the package)`);
			return { title: `${pkg.name}@${pkg.version} (${pkg.license ?? 'see below'})`, texts };
		})
		.sort((a, b) => a.title.localeCompare(b.title));
	const unique = [...new Map(sections.map((section) => [section.title, section])).values()];
	return [
		'# Third-party software bundled in this package',
		'',
		'dist/vendor/libraries.js contains the following packages. Their licences follow.',
		'',
		...unique.flatMap((section) => [`## ${section.title}`, '', '```', ...section.texts, '```', '']),
	].join('\n');
}
