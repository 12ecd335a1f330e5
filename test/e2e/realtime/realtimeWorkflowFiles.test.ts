/**
 * workflows/realtime-*.json are what scripts/workflows/realtime.ts describes, and each lane runs
 * the Sync node on changes only with the scheduled workflows' conflict Switch.
 */
import fs from 'node:fs';
import path from 'node:path';
import { workflowsFolder } from '../../../scripts/n8n/workflows';
import { renderWorkflow } from '../../../scripts/workflows/generate';
import { REALTIME_OBJECTS, realtimeWorkflows } from '../../../scripts/workflows/realtime';
import { objectProfile } from '../../../nodes/ExchangeCrmSync/core';

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

	it.each([
		['realtime-crm-to-exchange.json', 'Changes by owner', 'Zoho CRM Trigger', 'crm'],
		['realtime-exchange-to-crm.json', 'Changes by mailbox', 'Exchange Trigger', 'exchange'],
	])('%s: each user\'s changes are grouped by mailbox, with no Code node, and sync in that user\'s Zoho time zone', (file, group, trigger, changesFrom) => {
		const workflow = workflows[file];
		expect(workflow.nodes.map((node) => node.type)).not.toContain('n8n-nodes-base.code');
		const connections = workflow.connections as Record<string, Main>;
		for (const spec of REALTIME_OBJECTS) {
			const grouping = workflow.nodes.find((node) => node.name === `${group} (${spec.title})`)!;
			expect(grouping.parameters).toEqual({
				operation: 'groupChanges',
				changesFrom,
				changedObject: spec.object,
				changes: `={{ $('${trigger} (${spec.title})').all().map((item) => item.json) }}`,
			});
			// The groups come out of the Sync node's last output.
			expect(connections[grouping.name].main[3].map((target) => target.node)).toEqual([`Settings (${spec.title})`]);
			const sync = workflow.nodes.find((node) => node.name === `Exchange ⇄ CRM Sync (${spec.title})`)!;
			const zone = `={{ $('Each mailbox (${spec.title})').first().json.timeZone }}`;
			expect(sync.parameters.options).toEqual({ crmTimeZone: zone, exchangeTimeZone: zone });
		}
	});

	it('the events lanes match attendees to CRM people before writing to the CRM, knowing the users', () => {
		for (const workflow of Object.values(workflows)) {
			const find = workflow.nodes.find((node) => node.name === 'Find attendees in CRM (Events)')!;
			expect(find.parameters).toMatchObject({ resource: 'event', operation: 'matchParticipants', knownPeople: "={{ ($('Settings (Events)').first().json.crmUsers ?? []) }}" });
			const connections = workflow.connections as Record<string, Main>;
			expect(connections['Exchange ⇄ CRM Sync (Events)'].main[1].map((target) => target.node)).toEqual(['Find attendees in CRM (Events)']);
			expect(connections['Find attendees in CRM (Events)'].main[0].map((target) => target.node)).toEqual(['CRM write (Events)']);
		}
	});

	it('the Zoho triggers fetch the link fields and every field the Sync node maps, within Zoho\'s 50 per call', () => {
		const crmToExchange = workflows['realtime-crm-to-exchange.json'];
		for (const spec of REALTIME_OBJECTS) {
			const trigger = crmToExchange.nodes.find((node) => node.name === `Zoho CRM Trigger (${spec.title})`)!;
			const fields = String((trigger.parameters.options as { fields: string }).fields).split(',');
			expect(fields).toEqual(expect.arrayContaining(['Owner', 'Modified_Time', 'Exchange_Sync_Id', 'Exchange_Sync_State', 'Exchange_Item_Key']));
			const settings = { object: spec.object, crmModule: spec.crmModule, customFieldMappings: [], excludedFields: [] } as unknown as Parameters<typeof objectProfile>[0];
			expect(fields).toEqual(expect.arrayContaining(objectProfile(settings).fields.flatMap((field) => field.crm.keys)));
			expect(fields.length).toBeLessThanOrEqual(50);
		}
	});
});
