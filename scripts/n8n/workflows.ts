/** The prebuilt workflows shipped in workflows/*.json. */
import fs from 'node:fs';
import path from 'node:path';
import type { N8nWorkflow } from './instance';
import { repoRoot } from './paths';

export const workflowsFolder = path.join(repoRoot, 'workflows');

export function prebuiltWorkflows(): N8nWorkflow[] {
	if (!fs.existsSync(workflowsFolder)) return [];
	return fs
		.readdirSync(workflowsFolder)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => JSON.parse(fs.readFileSync(path.join(workflowsFolder, file), 'utf8')) as N8nWorkflow);
}
