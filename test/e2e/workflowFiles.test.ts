/**
 * The shipped workflows/*.json are exactly what scripts/workflows/definitions.ts describes (run
 * `npm run workflows:generate` after changing it), and they hold together as n8n workflows.
 */
import fs from 'node:fs';
import path from 'node:path';
import { workflowsFolder } from '../../scripts/n8n/workflows';
import { allWorkflows, OBJECT_WORKFLOWS, PACKAGE, SYNC_NOW_WORKFLOW_ID } from '../../scripts/workflows/definitions';
import { prebuiltWorkflowFiles, renderWorkflow } from '../../scripts/workflows/generate';
import { MICROSOFT_365_FOLDER, MICROSOFT_365_REALTIME_SET, microsoft365Workflows } from '../../scripts/workflows/microsoft365';
import { PREVIEW_WORKFLOW_ID, previewWorkflows } from '../../scripts/workflows/preview';
import { REVIEW_WORKFLOW_ID, reviewWorkflows } from '../../scripts/workflows/review';
import { undoWorkflows } from '../../scripts/workflows/undo';

const workflows = { ...allWorkflows(), ...previewWorkflows(), ...reviewWorkflows(), ...undoWorkflows() };
const files = prebuiltWorkflowFiles();

describe('prebuilt workflows', () => {
	it.each(Object.keys(files))('workflows/%s is up to date', (file) => {
		expect(fs.readFileSync(path.join(workflowsFolder, file), 'utf8')).toBe(renderWorkflow(files[file]));
	});

	it('ships no workflow file the generator does not make', () => {
		const shipped = [
			...fs.readdirSync(workflowsFolder).filter((file) => file.endsWith('.json')),
			...fs.readdirSync(path.join(workflowsFolder, MICROSOFT_365_FOLDER)).map((file) => path.join(MICROSOFT_365_FOLDER, file)),
		];
		expect(shipped.sort()).toEqual(Object.keys(files).sort());
	});

	it('the Microsoft 365 set runs every Exchange node over Graph, under ids and a webhook of its own', () => {
		const microsoft365 = Object.values(microsoft365Workflows());
		const exchangeNodes = microsoft365.flatMap((workflow) => workflow.nodes.filter((node) => /\.microsoftExchange(Trigger)?$/.test(node.type)));
		expect(exchangeNodes.length).toBeGreaterThan(0);
		for (const exchangeNode of exchangeNodes) {
			expect(exchangeNode.parameters.server).toBe('graph');
			expect(Object.keys(exchangeNode.credentials as object)).toEqual(['microsoft365GraphApi']);
		}
		const all = Object.values(files) as Array<{ id: string; nodes: Array<{ type: string; webhookId?: string; parameters: { path?: string; options?: { path?: string } } }> }>;
		const ids = all.map((workflow) => workflow.id);
		expect(new Set(ids).size).toBe(ids.length);
		// Webhook and form paths share n8n's URL space per workflow set: each served by one workflow.
		const webhookPaths = all.flatMap((workflow) =>
			workflow.nodes.flatMap((node) => {
				if (node.type === 'n8n-nodes-base.webhook') return [node.parameters.path];
				return node.type === 'n8n-nodes-base.formTrigger' ? [node.parameters.options?.path] : [];
			}),
		);
		expect(new Set(webhookPaths).size).toBe(webhookPaths.length);
		// Trigger nodes' webhook URLs (Zoho channels, Graph subscriptions) are their webhook ids: one workflow each.
		const webhookIds = all.flatMap((workflow) => workflow.nodes.map((node) => node.webhookId).filter(Boolean));
		expect(new Set(webhookIds).size).toBe(webhookIds.length);
		// Real time over Microsoft 365: the Exchange triggers receive notifications at webhook URLs of their own.
		const realtime = microsoft365.find((workflow) => workflow.id === MICROSOFT_365_REALTIME_SET.exchangeToCrmId)!;
		const triggers = realtime.nodes.filter((node) => node.type.endsWith('.microsoftExchangeTrigger'));
		expect(triggers.map((node) => [node.parameters.mode, Boolean(node.webhookId)])).toEqual(triggers.map(() => ['streaming', true]));
		// Sync Now runs only the Microsoft 365 object workflows.
		const syncNow = microsoft365.find((workflow) => workflow.name.endsWith('Sync Now'))!;
		expect(JSON.stringify(syncNow.nodes)).not.toMatch(/'exzs/);
	});

	it.each(Object.entries(workflows))('%s connects only nodes it has, each name once', (_file, workflow) => {
		const names = workflow.nodes.map((node) => node.name);
		expect(new Set(names).size).toBe(names.length);
		for (const [from, { main }] of Object.entries(workflow.connections as Record<string, { main: Array<Array<{ node: string }>> }>)) {
			expect(names).toContain(from);
			for (const target of main.flat()) expect(names).toContain(target.node);
		}
	});

	// Sync Job names no node: it hands the request's body to the object workflow.
	it.each(Object.entries(workflows).filter(([file]) => file !== 'sync-job.json'))('%s: every node an expression names exists', (_file, workflow) => {
		const names = new Set(workflow.nodes.map((node) => node.name));
		const expressions = JSON.stringify(workflow.nodes.map((node) => node.parameters));
		// $('Name') in expressions, and the lists of node names an expression walks with $(name).
		const referenced = [...expressions.matchAll(/\$\('([^']+)'\)/g)].map((match) => match[1]);
		for (const list of expressions.matchAll(/\[((?:\\"[^"\\]+\\",?)+)\]\.flatMap\(\(name\)/g)) {
			referenced.push(...[...list[1].matchAll(/\\"([^"\\]+)\\"/g)].map((match) => match[1]));
		}
		expect(referenced.length).toBeGreaterThan(0);
		expect(referenced.filter((name) => !names.has(name))).toEqual([]);
	});

	it.each(Object.entries(workflows))('%s: a Summarise Run node is followed from its Report output, the only one it fills', (_file, workflow) => {
		const connections = workflow.connections as Record<string, { main: Array<Array<{ node: string }>> }>;
		for (const summarise of workflow.nodes.filter((node) => node.parameters.operation === 'summariseRun')) {
			const outputs = connections[summarise.name]?.main ?? [];
			expect(outputs.map((targets, output) => [output, targets.length > 0]).filter(([, used]) => used)).toEqual([[3, true]]);
		}
	});

	it('starts each object workflow from Sync Now (Execute Workflow Trigger), with a Schedule to run it alone', () => {
		for (const spec of OBJECT_WORKFLOWS) {
			const types = workflows[`sync-${spec.object}.json`].nodes.map((node) => node.type);
			expect(types).toEqual(expect.arrayContaining(['n8n-nodes-base.executeWorkflowTrigger', 'n8n-nodes-base.scheduleTrigger']));
		}
		const syncNow = Object.values(workflows).find((workflow) => workflow.id === SYNC_NOW_WORKFLOW_ID)!;
		const types = syncNow.nodes.map((node) => node.type);
		expect(types).toEqual(
			expect.arrayContaining(['n8n-nodes-base.manualTrigger', 'n8n-nodes-base.scheduleTrigger', 'n8n-nodes-base.dataTable', 'n8n-nodes-base.executeWorkflow']),
		);
	});

	it.each(OBJECT_WORKFLOWS.filter((spec) => spec.object !== 'mail'))('$object: CRM updates keep an edit made during the run; link writes and creates do not need to', (spec) => {
		const nodes = new Map(workflows[`sync-${spec.object}.json`].nodes.map((node) => [node.name, node.parameters as { options?: Record<string, unknown> }]));
		expect(nodes.get('Update in CRM')?.options).toMatchObject({ triggerWorkflows: false, ifUnmodifiedSince: expect.stringContaining('startedAt') });
		for (const name of ['Create in CRM', 'Save links in CRM (created records)', 'Save links in CRM (created items)']) {
			expect(nodes.get(name)?.options).toEqual({ triggerWorkflows: false });
		}
	});

	it('events: every CRM write passes "Find attendees in CRM", which knows the users Sync Now read', () => {
		const events = workflows['sync-events.json'];
		const connections = events.connections as Record<string, { main: Array<Array<{ node: string }>> }>;
		const into = (name: string) => Object.entries(connections).filter(([, { main }]) => main.flat().some((target) => target.node === name)).map(([from]) => from);
		expect(into('Find attendees in CRM').sort()).toEqual(['CRM wins: CRM write', 'Exchange wins: CRM write', 'Exchange ⇄ CRM Sync', 'Review: CRM write']);
		expect(into('CRM write')).toEqual(['Find attendees in CRM']);
		const settings = JSON.stringify(events.nodes.find((node) => node.name === 'Settings')!.parameters);
		expect(settings).toContain('crmUsers');
		const syncNow = JSON.stringify(Object.values(workflows).find((workflow) => workflow.id === SYNC_NOW_WORKFLOW_ID)!.nodes.find((node) => node.name === 'Jobs per user'));
		expect(syncNow).toContain("crmUsers: $('Active CRM users').all().map((user) => ({ email: user.json.email, type: 'user', id: user.json.id }))");
		for (const spec of OBJECT_WORKFLOWS.filter((other) => other.object !== 'events')) {
			expect(workflows[`sync-${spec.object}.json`].nodes.map((node) => node.name)).not.toContain('Find attendees in CRM');
		}
	});

	it.each(OBJECT_WORKFLOWS)('$object: a preview writes nothing and saves no cursor; it answers with the plan', (spec) => {
		const workflow = workflows[`sync-${spec.object}.json`];
		const connections = workflow.connections as Record<string, { main: Array<Array<{ node: string }>> }>;
		const reachable = (from: string[]): string[] => {
			const seen = new Set<string>();
			const queue = [...from];
			while (queue.length > 0) {
				const name = queue.shift()!;
				if (seen.has(name)) continue;
				seen.add(name);
				queue.push(...(connections[name]?.main.flat().map((target) => target.node) ?? []));
			}
			return [...seen];
		};
		const sync = workflow.nodes.find((node) => node.name === 'Exchange ⇄ CRM Sync')!;
		expect(sync.parameters.preview).toBe("={{ $('Settings').first().json.preview }}");
		expect(connections['Exchange ⇄ CRM Sync'].main[3].map((target) => target.node)).toEqual(['Preview only?']);
		// The preview branch releases the lease and ends in its answer; the cursor is saved only on the other branch.
		const [previewBranch, runBranch] = connections['Preview only?'].main.map((targets) => reachable(targets.map((target) => target.node)));
		expect(previewBranch).toEqual(['Release lease (preview)', 'Preview of this run']);
		expect(runBranch).toEqual(expect.arrayContaining(['Run summary', 'Save sync cursor', 'Run report']));
	});

	it('Sync Now finds Sync Job\'s webhook from its own resume URL: the same host, /webhook/<Sync Job\'s path>', () => {
		const syncNow = Object.values(workflows).find((workflow) => workflow.id === SYNC_NOW_WORKFLOW_ID)!;
		const settings = syncNow.nodes.find((node) => node.name === 'Sync settings')!;
		const { assignments } = settings.parameters.assignments as { assignments: Array<{ name: string; value: string }> };
		const expression = assignments.find((assignment) => assignment.name === 'jobWebhookUrl')!.value.replace(/^=\{\{ (.*) \}\}$/, '$1');
		const evaluate = (resumeUrl: string) => new Function('$execution', `return ${expression};`)({ resumeUrl }) as string;
		expect(evaluate('http://127.0.0.1:41234/webhook-waiting/812')).toBe('http://127.0.0.1:41234/webhook/exchange-crm-sync-job');
		expect(evaluate('https://hooks.example.com/n8n/webhook-waiting/9?signature=x')).toBe('https://hooks.example.com/n8n/webhook/exchange-crm-sync-job');
	});

	it.each(OBJECT_WORKFLOWS)('$object: takes the lease of its mailbox and object before reading, and releases it on every way out', (spec) => {
		const workflow = workflows[`sync-${spec.object}.json`];
		const connections = workflow.connections as Record<string, { main: Array<Array<{ node: string }>> }>;
		const next = (name: string, output = 0) => connections[name]?.main[output]?.map((target) => target.node);
		expect([next('Settings'), next('Lease table'), next('Take lease'), next('Lease rows'), next('Check lease', 3)]).toEqual([
			['Lease table'],
			['Take lease'],
			['Lease rows'],
			['Check lease'],
			['Lease held?'],
		]);
		expect(next('Lease held?', 0)).toEqual([spec.object === 'mail' ? 'Last sync' : 'Open reviews']);
		// Skipped: the row its take may have added is released, and the answer says why.
		expect([next('Lease held?', 2), next('Release unused lease row')]).toEqual([['Release unused lease row'], ['Skipped run report']]);
		// The key's first run adds its row and reads the rows again.
		expect([next('Lease held?', 1), next('Add lease row')]).toEqual([['Add lease row'], ['Lease rows']]);
		expect([next('Save sync cursor'), next('Release lease')]).toEqual([['Release lease'], ['Run report']]);
		const take = workflow.nodes.find((node) => node.name === 'Take lease')!;
		expect(take.parameters).toMatchObject({ operation: 'update', filters: { conditions: [{ keyName: 'key', condition: 'eq' }, { keyName: 'expiresAt', condition: 'lt' }] } });
	});

	it('Preview Sync Now: Sync Now\'s jobs with preview on, no node that writes, no Code node, settings first, sticky notes, one screen', () => {
		const preview = Object.values(workflows).find((workflow) => workflow.id === PREVIEW_WORKFLOW_ID)!;
		const syncNow = Object.values(workflows).find((workflow) => workflow.id === SYNC_NOW_WORKFLOW_ID)!;
		const nodes = preview.nodes.filter((node) => node.type !== 'n8n-nodes-base.stickyNote');
		expect(nodes.length).toBeLessThanOrEqual(25);
		expect(preview.nodes.filter((node) => node.type === 'n8n-nodes-base.stickyNote').length).toBeGreaterThanOrEqual(3);
		expect(nodes.map((node) => node.type)).not.toContain('n8n-nodes-base.code');
		expect(nodes.map((node) => node.type)).not.toContain('n8n-nodes-base.dataTable');
		expect(nodes.filter((node) => node.type.startsWith(`${PACKAGE}.`) && node.parameters.operation !== 'previewPage').map((node) => node.name)).toEqual(['Active CRM users']);
		expect((preview.connections['Preview page'] as { main: Array<Array<{ node: string }>> }).main[0].map((target) => target.node)).toEqual(['Preview settings']);
		const jobs = JSON.stringify(nodes.find((node) => node.name === 'Jobs per user')!.parameters);
		expect(jobs).toContain('preview: true');
		// The same job nodes as Sync Now, apart from the settings they read and the preview flag (and
		// Each job, whose batch holds every job when Sync Now runs them on queue workers).
		const shared = ['Selected users', 'One item per job', 'Run object workflow'];
		const of = (workflow: typeof preview) => shared.map((name) => JSON.stringify(workflow.nodes.find((node) => node.name === name)!.parameters).replace(/Preview settings|Sync settings/g, 'settings'));
		expect(of(preview)).toEqual(of(syncNow));
	});

	it.each(OBJECT_WORKFLOWS.filter((spec) => spec.object !== 'mail'))('$object: reads the review inbox before planning, and records for review after the run summary, before the cursor', (spec) => {
		const workflow = workflows[`sync-${spec.object}.json`];
		const connections = workflow.connections as Record<string, { main: Array<Array<{ node: string }>> }>;
		const byName = new Map(workflow.nodes.map((node) => [node.name, node]));
		expect(connections.Settings.main[0].map((target) => target.node)).toEqual(['Lease table']);
		expect(connections['Lease held?'].main[0].map((target) => target.node)).toEqual(['Open reviews']);
		expect(connections['Open reviews'].main[0].map((target) => target.node)).toEqual(['Last sync']);
		expect(byName.get('Last sync')?.executeOnce).toBe(true);
		expect(byName.get('Exchange ⇄ CRM Sync')?.parameters.reviewItemsNode).toBe('Open reviews');
		expect(byName.get('Record for review')?.parameters.reviewItemsNode).toBe('Open reviews');
		expect(connections['Run summary'].main[3].map((target) => target.node).sort()).toEqual(['Forget old journal rows', 'Journal run', 'Next sync cursor', 'Record for review']);
		expect(connections['Journal run'].main[3].map((target) => target.node)).toEqual(['Save to journal']);
		expect(connections['Record for review'].main[3].map((target) => target.node)).toEqual(['Save for review']);
		// n8n runs the upper branch first: the run report stays the workflow's last node, its answer.
		const top = (name: string) => (byName.get(name)!.position as [number, number])[1];
		expect(top('Record for review')).toBeLessThan(top('Next sync cursor'));
		expect(top('Forget old journal rows')).toBeLessThan(top('Journal run'));
		expect(top('Journal run')).toBeLessThan(top('Record for review'));
		expect(byName.has('Conflicts to review')).toBe(false);
	});

	it('Review sync: a form over the review inbox, no Code node, settings first, sticky notes, one screen, nothing written but the decisions', () => {
		const review = Object.values(workflows).find((workflow) => workflow.id === REVIEW_WORKFLOW_ID)!;
		const nodes = review.nodes.filter((node) => node.type !== 'n8n-nodes-base.stickyNote');
		expect(nodes.length).toBeLessThanOrEqual(25);
		expect(review.nodes.length - nodes.length).toBeGreaterThanOrEqual(2);
		expect(nodes.map((node) => node.type)).not.toContain('n8n-nodes-base.code');
		expect((review.connections['Review sync'] as { main: Array<Array<{ node: string }>> }).main[0].map((target) => target.node)).toEqual(['Review settings']);
		expect(nodes.filter((node) => node.type.includes('microsoftExchange') || node.type.includes('zohoCrm'))).toEqual([]);
		const rowWrites = nodes.filter((node) => node.type === 'n8n-nodes-base.dataTable' && node.parameters.resource === 'row' && node.parameters.operation !== 'get');
		expect(rowWrites.map((node) => node.name)).toEqual(['Save decisions']);
	});

	it('no expression gathers the review inbox: the Sync node reads its rows by node name, and the read-mode test looks at the first row only', () => {
		// n8n evaluates an expression under a memory and time limit that a large inbox exceeds.
		for (const [file, workflow] of Object.entries(files) as Array<[string, { nodes: Array<{ name: string; type: string; parameters: Record<string, unknown> }> }]>) {
			const reviewRows = workflow.nodes.find((node) => node.name === 'Open reviews');
			if (!reviewRows) continue;
			expect([file, JSON.stringify(workflow.nodes).match(/\$\('Open reviews'\)\.(?!first\(\)\.json\.status)[^"]{0,30}/g)]).toEqual([file, null]);
			if (JSON.stringify(workflow.nodes).includes("$('Open reviews').first()")) {
				expect([file, reviewRows.parameters]).toMatchObject([file, { orderBy: true, orderByColumn: 'status', orderByDirection: 'ASC' }]);
			}
			const readers = workflow.nodes.filter((node) => node.parameters.reviewItemsNode !== undefined).map((node) => [node.parameters.operation, node.parameters.reviewItemsNode]);
			expect(readers.length).toBeGreaterThan(0);
			for (const [, name] of readers) expect(name).toBe('Open reviews');
		}
	});

	it('routes conflicts through a visible Switch on the chosen behaviour', () => {
		const contacts = workflows['sync-contacts.json'];
		const conflictSwitch = contacts.nodes.find((node) => node.name === 'Conflict behaviour')!;
		expect(conflictSwitch.type).toBe('n8n-nodes-base.switch');
		const syncOutputs = (contacts.connections['Exchange ⇄ CRM Sync'] as { main: Array<Array<{ node: string }>> }).main;
		expect(syncOutputs[2].map((target) => target.node)).toEqual(['Conflict behaviour']);
	});
});
