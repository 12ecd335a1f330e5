/** `npm run workflows:generate`: writes workflows/*.json from scripts/workflows/definitions.ts. */
import fs from 'node:fs';
import path from 'node:path';
import { workflowsFolder } from '../n8n/workflows';
import { allWorkflows } from './definitions';
import { meetingWorkflows } from './meeting';
import { previewWorkflows } from './preview';
import { realtimeWorkflows } from './realtime';

export function renderWorkflow(workflow: unknown): string {
	return `${JSON.stringify(workflow, null, '\t')}\n`;
}

if (require.main === module) {
	fs.mkdirSync(workflowsFolder, { recursive: true });
	for (const [file, workflow] of Object.entries({ ...allWorkflows(), ...realtimeWorkflows(), ...meetingWorkflows(), ...previewWorkflows() })) {
		fs.writeFileSync(path.join(workflowsFolder, file), renderWorkflow(workflow));
		process.stdout.write(`wrote workflows/${file}\n`);
	}
}
