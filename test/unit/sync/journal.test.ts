/**
 * Journal Run: every write of a run that landed becomes a row of the Sync journal (created record,
 * each field updated with its old and new value, deleted record with its content), small and
 * without bodies; a refused write is not journaled.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { ExchangeCrmSync } from '../../../nodes/ExchangeCrmSync/ExchangeCrmSync.node';
import { journalRun, journalValue, JOURNAL_VALUE_LENGTH, type JournalRow } from '../../../nodes/ExchangeCrmSync/core/journal';
import { linkCreated, type CreatedRecord } from '../../../nodes/ExchangeCrmSync/core/links';
import { summariseRun, type WriteResults } from '../../../nodes/ExchangeCrmSync/core/summary';
import type { SyncPlan } from '../../../nodes/ExchangeCrmSync/core/types';
import { nodeContext } from '../../support/nodeContext';
import { undoEntriesOf } from '../../../nodes/ExchangeCrmSync/core/undo';
import { MAILBOX, settingsFor, SyncWorld, writesOf } from './world';

const NOW = '2026-12-08T02:00:00.000Z';

/** A run with an edit, a delete and a new record on the Exchange side, and a new record in the CRM; its writes applied. */
function journaledRun(refuse: (write: ReturnType<typeof writesOf>[number]) => boolean = () => false) {
	const world = new SyncWorld(settingsFor());
	const kept = world.add('exchange', { surname: 'Kept', email1: 'kept@x.test', jobTitle: 'CEO' });
	const gone = world.add('exchange', { surname: 'Gone', email1: 'gone@x.test', jobTitle: 'CTO' });
	world.run();
	const goneInCrm = world.all('crm').find((record) => record.Email === 'gone@x.test')!.id as string;
	world.edit('exchange', kept, { jobTitle: 'CFO', surname: 'K'.repeat(300) });
	world.remove('exchange', gone);
	world.add('crm', { Last_Name: 'Fresh', Email: 'fresh@x.test' });
	const plan = world.plan();
	const results: WriteResults = { exchange: {}, crm: {} };
	const created: Record<'exchange' | 'crm', CreatedRecord[]> = { exchange: [], crm: [] };
	for (const write of writesOf(plan)) {
		const kind = write.json.action;
		const result = refuse(write) ? { error: 'INVALID_DATA', syncId: write.json.syncId } : { id: world.apply(write) ?? write.json.id };
		(results[write.side][kind] ??= []).push(result);
		if (kind === 'create') created[write.side].push({ planned: write.json, created: result });
	}
	const links = linkCreated(created);
	const summary = summariseRun(plan.report, results);
	for (const write of writesOf(links)) world.apply(write);
	return { world, kept, plan, summary, goneInCrm, links: { exchange: links.toExchange.map((item) => item.json), crm: links.toCrm.map((item) => item.json) } };
}

const rowsOf = ({ plan, summary, links }: { plan: SyncPlan; summary: ReturnType<typeof summariseRun>; links: { exchange: unknown[]; crm: unknown[] } }) =>
	journalRun({ runId: '42', report: plan.report, summary, links, now: NOW });

describe('journal run', () => {
	it('journals each create, each field updated with its old and new value, and each delete with the content to make it again', () => {
		const run = journaledRun();
		const rows = rowsOf(run);
		const common = { runId: '42', user: MAILBOX, object: 'contacts', at: NOW };
		expect(rows).toEqual(
			expect.arrayContaining<JournalRow>([
				expect.objectContaining({ ...common, system: 'crm', action: 'update', field: 'jobTitle', oldValue: 'CEO', newValue: 'CFO' }),
				expect.objectContaining({ ...common, system: 'crm', action: 'delete', crmId: run.goneInCrm, field: '', newValue: '' }),
				expect.objectContaining({ ...common, system: 'exchange', action: 'create', field: '' }),
			]),
		);
		const removed = rows.find((row) => row.action === 'delete')!;
		expect(JSON.parse(removed.oldValue)).toMatchObject({ surname: 'Gone', email1: 'gone@x.test', jobTitle: 'CTO' });
		const createdRow = rows.find((row) => row.action === 'create')!;
		expect(createdRow.exchangeId).toMatch(/^AAMk/);
		expect(createdRow.crmId).not.toBe('');
		// Every row names the pair on both sides.
		for (const row of rows) expect(row.syncId).not.toBe('');
		expect(rows.find((row) => row.field === 'jobTitle')!.exchangeId).not.toBe('');
	});

	it('cuts long values with a marker, and keeps a body only as its length and a hash', () => {
		const surname = rowsOf(journaledRun()).find((row) => row.field === 'surname')!;
		expect(surname.newValue).toBe(`${'K'.repeat(JOURNAL_VALUE_LENGTH)}… [cut] (300 characters)`);
		expect(surname.oldValue).toBe('Kept');
		const body = journalValue('body', 'Dear Bob, the secret plan is …');
		expect(body).toMatch(/^body changed \(30 characters, hash [0-9a-z]{14}\)$/);
		expect(body).not.toContain('secret');
		expect(journalValue('body', 'Dear Bob, the secret plan is …!')).not.toBe(body);
		expect(journalValue('categories', ['a', 'b'])).toBe('["a","b"]');
		expect(journalValue('jobTitle', null)).toBe('');
	});

	it('does not journal a write a server refused', () => {
		const rows = rowsOf(journaledRun((write) => write.side === 'crm' && write.json.action === 'delete'));
		expect(rows.some((row) => row.action === 'delete')).toBe(false);
		expect(rows.some((row) => row.field === 'jobTitle')).toBe(true);
		const noCreate = rowsOf(journaledRun((write) => write.json.action === 'create'));
		expect(noCreate.some((row) => row.action === 'create')).toBe(false);
	});

	it('as a node operation: the summary in, the Plan Sync report and the link writes read by name, one row per item', async () => {
		const run = journaledRun();
		const input: INodeExecutionData[] = [{ json: run.summary as unknown as IDataObject }];
		const asItems = (list: unknown[]) => list.map((json) => ({ json: json as IDataObject }));
		const context = (parameters: Record<string, unknown>) =>
			nodeContext({
				parameters: { operation: 'journalRun', planNode: 'Plan', linkNodes: 'Link created items, Link created records', runId: '42', ...parameters },
				inputs: [input],
				workflowNodes: { Plan: [asItems([run.plan.report])], 'Link created items': [], 'Link created records': [[]] },
				branches: { Plan: { 3: [asItems([run.plan.report])] }, 'Link created records': { 0: [asItems(run.links.exchange)], 1: [asItems(run.links.crm)] } },
			});
		const [, , , rows] = await new ExchangeCrmSync().execute.call(context({}));
		expect(rows.map((row) => ({ ...row.json, at: NOW }))).toEqual(rowsOf(run));
		expect(rows[0].pairedItem).toEqual([{ item: 0 }]);
		await expect(new ExchangeCrmSync().execute.call(context({ runId: ' ' }))).rejects.toThrow('Run ID is empty');
		await expect(new ExchangeCrmSync().execute.call(context({ planNode: 'Nope' }))).rejects.toThrow('Plan Node names "Nope", which is not a node of this workflow');
		await expect(new ExchangeCrmSync().execute.call(context({ linkNodes: 'Nope' }))).rejects.toThrow('Link Nodes names "Nope"');
		await expect(
			new ExchangeCrmSync().execute.call(nodeContext({ parameters: { operation: 'journalRun', runId: '1' }, inputs: [[{ json: { hello: 1 } }]] })),
		).rejects.toThrow('The input is not a run summary');
	});
});

describe('undo a run', () => {
	const byAddress = (world: SyncWorld, side: 'exchange' | 'crm', address: string) =>
		world.all(side).filter((record) => String(side === 'exchange' ? record.email1 : record.Email) === address);

	it('sets the updated fields back on both sides, makes the deleted record again on both sides, linked, and skips what changed since', () => {
		const run = journaledRun();
		const { world } = run;
		const rows = rowsOf(run);
		const undo = Object.fromEntries(undoEntriesOf(rows, MAILBOX, 'contacts'));
		world.settings = { ...world.settings, undo };
		const undoPlan = world.run();
		// jobTitle and surname (its new value was cut in the journal, its old one was not) on both sides, and the deleted record.
		expect(undoPlan.report.undo!.undone).toBe(3);
		expect(undoPlan.report.undo!.skipped.map((skip) => skip.reason)).toEqual(['a record the run created is kept: delete it on either side and the next run deletes its partner']);
		const summary = summariseRun(undoPlan.report, { exchange: {}, crm: {} });
		expect(summary.message).toContain('1 change not undone: a record the run created is kept');
		expect(world.get('exchange', run.kept)).toMatchObject({ jobTitle: 'CEO', surname: 'Kept' });
		expect(byAddress(world, 'crm', run.world.get('exchange', run.kept)!.email1 as string)[0].Title).toBe('CEO');
		expect(byAddress(world, 'crm', 'gone@x.test')).toHaveLength(1);

		// The run after the undo makes the partner of the record made again; then nothing is left to write.
		world.settings = { ...world.settings, undo: undefined };
		world.run();
		const [goneInExchange] = byAddress(world, 'exchange', 'gone@x.test');
		const [goneInCrm] = byAddress(world, 'crm', 'gone@x.test');
		expect(goneInExchange).toMatchObject({ surname: 'Gone', jobTitle: 'CTO' });
		expect(goneInCrm.Exchange_Sync_Id).toBe(goneInExchange.syncId);
		expect(byAddress(world, 'exchange', 'gone@x.test')).toHaveLength(1);
		const quiet = world.plan();
		expect([quiet.toExchange, quiet.toCrm, quiet.conflicts]).toEqual([[], [], []]);
	});

	it('does not set back an old value the journal cut', () => {
		const run = journaledRun();
		const { world } = run;
		world.edit('exchange', run.kept, { surname: 'L'.repeat(250) });
		world.run();
		// As a second run's journal row has it: the old value, 300 characters, was cut.
		const cut = rowsOf(run).find((row) => row.field === 'surname')!;
		const entries = undoEntriesOf([{ ...cut, oldValue: cut.newValue, newValue: journalValue('surname', 'L'.repeat(250)) }], MAILBOX, 'contacts');
		world.settings = { ...world.settings, undo: Object.fromEntries(entries) };
		const plan = world.plan();
		expect(plan.report.undo!.skipped.map((skip) => skip.reason)).toEqual(['surname: the journal kept only part of the old value (a long value or a body), so it is not set back']);
	});

	it('skips a field changed again since the run, on either side, and says so', () => {
		const run = journaledRun();
		const { world } = run;
		const crmTwin = byAddress(world, 'crm', world.get('exchange', run.kept)!.email1 as string)[0];
		world.edit('crm', crmTwin.id as string, { Title: 'COO' });
		world.settings = { ...world.settings, undo: Object.fromEntries(undoEntriesOf(rowsOf(run), MAILBOX, 'contacts')) };
		const plan = world.run();
		expect(plan.report.undo!.skipped.map((skip) => skip.reason)).toContain('jobTitle changed again since the run in the CRM: kept as it is');
		expect(world.get('exchange', run.kept)!.jobTitle).toBe('COO');
	});
});
