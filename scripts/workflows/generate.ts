/**
 * `npm run workflows:generate`: writes workflows/*.json (over EWS) and workflows/microsoft-365/*.json
 * (over Microsoft Graph) from scripts/workflows/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { workflowsFolder } from '../n8n/workflows';
import { allWorkflows } from './definitions';
import { meetingWorkflows } from './meeting';
import { MICROSOFT_365_FOLDER, microsoft365Workflows } from './microsoft365';
import { previewWorkflows } from './preview';
import { realtimeWorkflows } from './realtime';
import { reviewWorkflows } from './review';
import { undoWorkflows } from './undo';

export function renderWorkflow(workflow: unknown): string {
	return `${JSON.stringify(workflow, null, '\t')}\n`;
}

/** Every prebuilt workflow, keyed by its path under workflows/. */
export function prebuiltWorkflowFiles(): Record<string, unknown> {
	const microsoft365 = Object.entries(microsoft365Workflows()).map(([file, workflow]) => [path.join(MICROSOFT_365_FOLDER, file), workflow]);
	return { ...allWorkflows(), ...realtimeWorkflows(), ...meetingWorkflows(), ...previewWorkflows(), ...reviewWorkflows(), ...undoWorkflows(), ...Object.fromEntries(microsoft365) };
}

if (require.main === module) {
	for (const [file, workflow] of Object.entries(prebuiltWorkflowFiles())) {
		fs.mkdirSync(path.dirname(path.join(workflowsFolder, file)), { recursive: true });
		fs.writeFileSync(path.join(workflowsFolder, file), renderWorkflow(workflow));
		process.stdout.write(`wrote workflows/${file}\n`);
	}
}
