/**
 * Preview: built from the plan the workflow would write, it lists every create, field change
 * (old → new, both directions), delete, held delete and conflict, counts them as the run's report
 * would, and the page shows them HTML-escaped.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { ExchangeCrmSync } from '../../../nodes/ExchangeCrmSync/ExchangeCrmSync.node';
import { planMailSync } from '../../../nodes/ExchangeCrmSync/core/mail';
import { planSync } from '../../../nodes/ExchangeCrmSync/core/planner';
import { PREVIEW_VALUE_LENGTH, previewRun, type ConflictRoute, type RunPreview } from '../../../nodes/ExchangeCrmSync/core/preview';
import { previewPage } from '../../../nodes/ExchangeCrmSync/core/previewPage';
import type { SyncPlan, SyncSettings } from '../../../nodes/ExchangeCrmSync/core/types';
import { nodeContext } from '../../support/nodeContext';
import { settingsFor, SyncWorld, writesOf } from './world';

/** Plans a complete read of the world as the Sync node would, and previews that plan. */
function previewOf(world: SyncWorld, conflictRoute: ConflictRoute = 'review', settings: SyncSettings = world.settings): { plan: SyncPlan; preview: RunPreview } {
	const exchange = world.read('exchange', 'complete');
	const crm = world.read('crm', 'complete');
	const plan = planSync({ exchange, crm, settings });
	return { plan, preview: previewRun({ plan, exchange, crm, settings, conflictRoute }) };
}

/** Two linked contacts and a bystander on each side. */
function syncedWorld(overrides: Partial<SyncSettings> = {}) {
	const world = new SyncWorld(settingsFor(overrides));
	const ana = world.add('exchange', { givenName: 'Ana', surname: 'Ribeiro', email1: 'ana@x.test', jobTitle: 'CTO' });
	const ben = world.add('exchange', { givenName: 'Ben', surname: 'Okafor', email1: 'ben@x.test' });
	world.add('crm', { First_Name: 'Cleo', Last_Name: 'Marsh', Email: 'cleo@x.test' });
	world.run();
	world.run();
	const crmOf = (email: string) => world.all('crm').find((record) => record.Email === email)!.id as string;
	return { world, ana, ben, anaCrm: crmOf('ana@x.test'), benCrm: crmOf('ben@x.test'), cleoCrm: crmOf('cleo@x.test') };
}

describe('preview of a run', () => {
	it('lists each create with its values, each update field by field (old → new, both ways) and each delete, counted as the run writes them', () => {
		const { world, ana, benCrm, cleoCrm } = syncedWorld();
		world.add('exchange', { givenName: 'Dana', surname: 'Lee', email1: 'dana@x.test' });
		world.edit('exchange', ana, { jobTitle: 'CEO' });
		world.edit('crm', benCrm, { Mobile: '+44 20 555 0100' });
		world.remove('crm', cleoCrm);
		const { plan, preview } = previewOf(world);

		const writes = writesOf(plan);
		expect(preview.writes).toHaveLength(writes.length);
		expect(preview.counts).toEqual({ created: 1, updated: 4, deleted: 1, conflicts: 0, heldDeletes: 0, notWritten: 0 });
		expect(preview.bySide).toEqual({ exchange: { created: 0, updated: 2, deleted: 1 }, crm: { created: 1, updated: 2, deleted: 0 } });

		const create = preview.writes.find((write) => write.action === 'create')!;
		expect(create).toMatchObject({ side: 'crm', name: 'Dana Lee <dana@x.test>' });
		expect(create.fields).toEqual(expect.arrayContaining([{ field: 'givenName', newValue: 'Dana' }, { field: 'email1', newValue: 'dana@x.test' }]));

		const toCrm = preview.writes.find((write) => write.side === 'crm' && write.action === 'update')!;
		expect(toCrm).toMatchObject({ name: 'Ana Ribeiro <ana@x.test>', fields: [{ field: 'jobTitle', oldValue: 'CTO', newValue: 'CEO' }] });
		const toExchange = preview.writes.find((write) => write.side === 'exchange' && write.action === 'update' && write.fields.length > 0)!;
		expect(toExchange).toMatchObject({ name: 'Ben Okafor <ben@x.test>', fields: [{ field: 'mobilePhone', oldValue: null, newValue: '+44 20 555 0100' }] });
		// The edited records only get their copy of the pair's new sync state: listed, with no field change.
		expect(preview.writes.filter((write) => write.action === 'update' && write.fields.length === 0).map((write) => write.name).sort()).toEqual([
			'Ana Ribeiro <ana@x.test>',
			'Ben Okafor <ben@x.test>',
		]);
		const remove = preview.writes.find((write) => write.action === 'delete')!;
		expect(remove).toMatchObject({ side: 'exchange', name: 'Cleo Marsh <cleo@x.test>', fields: [] });
		expect(remove.recordId).toBe(plan.toExchange.find((item) => item.json.action === 'delete')!.json.id);

		// What the world holds after the writes is what the preview said.
		world.applyPlan(plan);
		expect(world.all('crm').find((record) => record.Email === 'dana@x.test')).toBeDefined();
		expect(world.get('exchange', remove.recordId!)).toBeUndefined();
		expect(writesOf(world.run())).toEqual([]);
	});

	it('lists a conflict with both values, and the writes of the route the workflow takes (CRM wins, Exchange wins, or review)', () => {
		const { world, ana, anaCrm } = syncedWorld({ conflictBehaviour: 'sendToConflicts' });
		world.edit('exchange', ana, { jobTitle: 'Chief Executive', department: 'Board' });
		world.edit('crm', anaCrm, { Title: 'Managing Director' });
		const routes = (['crmWins', 'exchangeWins', 'review'] as const).map((route) => {
			const { preview } = previewOf(world, route);
			return { route, preview };
		});
		for (const { route, preview } of routes) {
			expect(preview.conflicts).toEqual([
				{ syncId: expect.any(String), name: 'Ana Ribeiro <ana@x.test>', route, fields: [{ field: 'jobTitle', exchangeValue: 'Chief Executive', crmValue: 'Managing Director' }] },
			]);
			expect(preview.counts.conflicts).toBe(1);
			expect(preview.writes.every((write) => write.conflictRoute === route)).toBe(true);
		}
		const crmWrite = (route: number) => routes[route].preview.writes.find((write) => write.side === 'crm')!;
		const exchangeWrite = (route: number) => routes[route].preview.writes.find((write) => write.side === 'exchange')!;
		// CRM wins: Exchange takes the CRM title; the department edited only in Exchange reaches the CRM.
		expect(exchangeWrite(0).fields).toEqual([{ field: 'jobTitle', oldValue: 'Chief Executive', newValue: 'Managing Director' }]);
		expect(crmWrite(0).fields).toEqual([{ field: 'department', oldValue: null, newValue: 'Board' }]);
		// Exchange wins: the CRM takes both Exchange values.
		expect(crmWrite(1).fields).toEqual([
			{ field: 'jobTitle', oldValue: 'Managing Director', newValue: 'Chief Executive' },
			{ field: 'department', oldValue: null, newValue: 'Board' },
		]);
		// Review: only the department goes across; the title waits.
		expect(crmWrite(2).fields).toEqual([{ field: 'department', oldValue: null, newValue: 'Board' }]);
		expect(routes[2].preview.writes.flatMap((write) => write.fields.map((change) => change.field))).not.toContain('jobTitle');
	});

	it('lists the deletes the brake holds back, with why and how to release them, and writes none of them', () => {
		const world = new SyncWorld(settingsFor({ massDeleteLimit: 1 }));
		for (const n of [1, 2, 3]) world.add('exchange', { surname: `P${n}`, email1: `p${n}@x.test` });
		world.run();
		world.run();
		for (const record of world.all('crm').slice(0, 2)) world.remove('crm', record.id as string);
		const { preview } = previewOf(world);
		expect(preview.counts).toMatchObject({ deleted: 0, heldDeletes: 2 });
		expect(preview.writes.filter((write) => write.action === 'delete')).toEqual([]);
		expect(preview.heldDeletes.map((held) => held.name).sort()).toEqual(['P1 <p1@x.test>', 'P2 <p2@x.test>']);
		expect(preview.heldDeletes[0].reason).toContain('exceed the mass-delete limit of 1');
		expect(preview.held?.release).toContain('Release Held Deletes');
	});

	it('lists records the plan cannot write, and cuts long values', () => {
		const world = new SyncWorld(settingsFor());
		world.add('crm', { Last_Name: 'Bystander', Email: 'bystander@x.test' });
		world.add('exchange', { givenName: 'NoSurname', email1: 'no.surname@x.test', notes: 'x'.repeat(1000) });
		world.add('exchange', { surname: 'Long', email1: 'long@x.test', notes: 'y'.repeat(1000) });
		const { preview } = previewOf(world);
		expect(preview.notWritten).toEqual([{ syncId: expect.any(String), name: 'NoSurname <no.surname@x.test>', reason: expect.stringContaining('surname is empty') }]);
		const notes = preview.writes.find((write) => write.name === 'Long <long@x.test>')!.fields.find((change) => change.field === 'notes')!;
		expect(notes.newValue).toBe(`${'y'.repeat(PREVIEW_VALUE_LENGTH)}…`);
	});

	it('lists mail by its subject and the record it goes to, never with its body', () => {
		const settings = settingsFor({ object: 'mail', crmModule: 'Contacts' });
		const exchange = [
			{ id: 'M1', internetMessageId: '<m1@x.test>', subject: 'Renewal <question>', from: { email: 'ana@x.test' }, to: [{ email: settings.mailbox }], body: '<p>secret terms</p>' },
		];
		const crm = [{ id: 'C1', Email: 'ana@x.test' }];
		const plan = planMailSync({ exchange, crm, settings });
		const preview = previewRun({ plan, exchange, crm, settings, conflictRoute: 'review' });
		expect(preview.writes).toEqual([{ side: 'crm', action: 'create', syncId: '<m1@x.test>', recordId: 'C1', name: 'Renewal <question>', fields: [], reason: expect.any(String) }]);
		expect(JSON.stringify(preview)).not.toContain('secret terms');
	});
});

describe('preview page', () => {
	it('shows the counts, every write with its fields, and escapes every value', () => {
		const { world, ana } = syncedWorld();
		world.edit('exchange', ana, { jobTitle: '<script>alert("x")</script> & Co' });
		const { preview } = previewOf(world);
		const page = previewPage([{ user: 'Alice <Admin>', mailbox: 'alice@example.test', object: 'contacts', since: '2026-01-01T00:00:00Z', preview }], {
			users: '"><img src=x onerror=alert(1)>',
			objects: ['contacts'],
			allObjects: ['contacts', 'tasks'],
		});
		expect(page.totals).toMatchObject({ updated: 2 });
		expect(page.html).not.toContain('<script>');
		expect(page.html).not.toContain('<img');
		expect(page.html).toContain('value="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"');
		expect(page.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
		expect(page.html).toContain('Alice &lt;Admin&gt;');
		expect(page.html).toContain('<tr data-field="jobTitle"><th>jobTitle</th><td>CTO</td><td>→</td>');
		expect(page.html).toContain('value="contacts" checked');
		expect(page.html).not.toContain('value="tasks" checked');
		expect(page.html).toContain('reads what changed since 2026-01-01T00:00:00Z');
	});

	it('shows a job that failed with its error, and counts it', () => {
		const page = previewPage([{ mailbox: 'bob@example.test', object: 'tasks', error: 'Exchange rejected <the> password for bob@example.test' }], { users: '', objects: [], allObjects: ['tasks'] });
		expect(page.failed).toBe(1);
		expect(page.html).toContain('Could not be previewed: Exchange rejected &lt;the&gt; password for bob@example.test');
	});
});

describe('the Sync node with Preview Only', () => {
	it('writes nothing: To Exchange, To CRM and Conflicts stay empty; the Report carries the preview of the same plan', async () => {
		const { world, ana, anaCrm } = syncedWorld();
		world.edit('exchange', ana, { jobTitle: 'CEO', department: 'Board' });
		world.edit('crm', anaCrm, { Title: 'MD' });
		const exchange = world.read('exchange', 'complete');
		const crm = world.read('crm', 'complete');
		const parameters = { operation: 'plan', object: 'contacts', mailbox: world.settings.mailbox, conflictBehaviour: 'sendToConflicts', options: { exchangeTimeZone: 'UTC', crmTimeZone: 'UTC' } };
		const items = (list: unknown[]): INodeExecutionData[] => list.map((json) => ({ json: json as IDataObject }));
		const run = (extra: Record<string, unknown>) => new ExchangeCrmSync().execute.call(nodeContext({ parameters: { ...parameters, ...extra }, inputs: [items(exchange), items(crm)] }));
		const real = await run({});
		const preview = await run({ preview: true, conflictRoute: 'crmWins' });
		expect(preview.slice(0, 3)).toEqual([[], [], []]);
		const report = preview[3][0].json as unknown as { preview: RunPreview; counts: unknown };
		expect(report.counts).toEqual(real[3][0].json.counts);
		expect(report.preview.conflicts).toHaveLength(real[2].length);
		// The writes listed are the plan's own plus the CRM-wins suggestions of its conflicts.
		const conflict = real[2][0].json as unknown as { suggested: { crmWins: Record<string, unknown> } };
		expect(report.preview.writes).toHaveLength(real[0].length + real[1].length + Object.keys(conflict.suggested.crmWins).length);
		expect(report.preview.conflicts[0]).toMatchObject({ route: 'crmWins', fields: [{ field: 'jobTitle', exchangeValue: 'CEO', crmValue: 'MD' }] });
	});

	it('Preview Page turns the workflow\'s preview rows (and failed jobs) into one page', async () => {
		const { world, ana } = syncedWorld();
		world.edit('exchange', ana, { jobTitle: 'CEO' });
		const { preview } = previewOf(world);
		const rows = [
			{ user: 'Alice', mailbox: 'alice@example.test', object: 'contacts', since: '', preview, error: '' },
			{ user: 'Bob', mailbox: 'bob@example.test', object: 'contacts', since: '', preview: {}, error: 'Exchange rejected the password' },
		];
		const context = nodeContext({ parameters: { operation: 'previewPage', previewUsers: '', previewObjects: 'contacts,tasks' }, inputs: [rows.map((json) => ({ json: json as unknown as IDataObject }))] });
		const output = await new ExchangeCrmSync().execute.call(context);
		const page = output[3][0].json as unknown as { html: string; totals: { updated: number }; failed: number };
		expect(page.totals.updated).toBe(2);
		expect(page.failed).toBe(1);
		expect(page.html).toContain('Exchange rejected the password');
		await expect(
			new ExchangeCrmSync().execute.call(nodeContext({ parameters: { operation: 'previewPage' }, inputs: [[{ json: { mailbox: 'x', object: 'contacts' } }]] })),
		).rejects.toThrow('neither a preview nor an error');
	});
});
