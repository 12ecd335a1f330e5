/**
 * workflows/realtime-*.json are what scripts/workflows/realtime.ts describes, and each lane runs
 * the Sync node on changes only with the scheduled workflows' conflict Switch.
 */
import fs from 'node:fs';
import path from 'node:path';
import { workflowsFolder } from '../../../scripts/n8n/workflows';
import { renderWorkflow } from '../../../scripts/workflows/generate';
import { CRM_TRIGGER_FIELDS, REALTIME_OBJECTS, realtimeWorkflows } from '../../../scripts/workflows/realtime';

const workflows = realtimeWorkflows();
type Main = { main: Array<Array<{ node: string; index: number }>> };

describe('real-time workflows', () => {
	it.each(Object.keys(workflows))('workflows/%s is up to date', (file) => {
		expect(fs.readFileSync(path.join(workflowsFolder, file), 'utf8')).toBe(renderWorkflow(workflows[file]));
	});

	it.each(Object.entries(workflows))('%s: every lane syncs changes only, with both Sync inputs fed and conflicts switched', (_file, workflow) => {
		const names = workflow.nodes.map((node) => node.name);
		expect(new Set(names).size).toBe(names.length);
		const connections = workflow.connections as Record<string, Main>;
		for (const spec of REALTIME_OBJECTS) {
			const syncName = `Exchange ⇄ CRM Sync (${spec.title})`;
			const sync = workflow.nodes.find((node) => node.name === syncName)!;
			expect(sync.parameters).toMatchObject({ object: spec.object, inputCompleteness: 'changes' });
			const inputs = Object.values(connections)
				.flatMap(({ main }) => main.flat())
				.filter((target) => target.node === syncName)
				.map((target) => target.index);
			expect(inputs.sort()).toEqual([0, 1]);
			expect(connections[syncName].main[2].map((target) => target.node)).toEqual([`Conflict behaviour (${spec.title})`]);
		}
		for (const [from, { main }] of Object.entries(connections)) {
			expect(names).toContain(from);
			for (const target of main.flat()) expect(names).toContain(target.node);
		}
	});

	it('the Zoho triggers fetch the link fields, so changed records are recognised as linked', () => {
		const crmToExchange = workflows['realtime-crm-to-exchange.json'];
		for (const spec of REALTIME_OBJECTS) {
			const trigger = crmToExchange.nodes.find((node) => node.name === `Zoho CRM Trigger (${spec.title})`)!;
			const fields = String((trigger.parameters.options as { fields: string }).fields).split(',');
			expect(fields).toEqual(expect.arrayContaining(['Owner', 'Exchange_Sync_Id', 'Exchange_Sync_State']));
			expect(fields).toEqual(CRM_TRIGGER_FIELDS[spec.object]);
		}
	});
});
