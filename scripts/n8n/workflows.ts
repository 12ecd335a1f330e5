/** The prebuilt workflows shipped in workflows/*.json. */
import fs from 'node:fs';
import path from 'node:path';
import type { N8nWorkflow } from './instance';
import { repoRoot } from './paths';

export const workflowsFolder = path.join(repoRoot, 'workflows');

/** The workflows over EWS (workflows/*.json), or of a subfolder such as `microsoft-365`. */
export function prebuiltWorkflows(subfolder = ''): N8nWorkflow[] {
	const folder = path.join(workflowsFolder, subfolder);
	if (!fs.existsSync(folder)) return [];
	return fs
		.readdirSync(folder)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => JSON.parse(fs.readFileSync(path.join(folder, file), 'utf8')) as N8nWorkflow);
}
