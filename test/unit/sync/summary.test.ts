/**
 * Summarise Run: the run's report counts what was written, names each record a server refused with
 * the server's reason, and lets the next run start after this one only when every write landed.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { ExchangeCrmSync } from '../../../nodes/ExchangeCrmSync/ExchangeCrmSync.node';
import { summariseRun, type WriteResults } from '../../../nodes/ExchangeCrmSync/core/summary';
import type { SyncPlan } from '../../../nodes/ExchangeCrmSync/core/types';
import { nodeContext } from '../../support/nodeContext';
import { settingsFor, SyncWorld } from './world';

/** A run with three new Exchange contacts (one without an e-mail the CRM will refuse) and one CRM edit. */
function plannedRun(): { world: SyncWorld; plan: SyncPlan } {
	const world = new SyncWorld(settingsFor());
	for (const n of [1, 2]) world.add('exchange', { surname: `P${n}`, email1: `p${n}@x.test` });
	world.run();
	world.add('exchange', { surname: 'New', email1: 'new@x.test' });
	world.add('exchange', { surname: 'Bad', email1: 'not an address' });
	world.edit('crm', world.all('crm')[0].id as string, { Title: 'CFO' });
	return { world, plan: world.plan() };
}

const results = (partial: Partial<Record<'exchange' | 'crm', WriteResults['exchange']>>): WriteResults => ({ exchange: {}, crm: {}, ...partial });

describe('summarise run', () => {
	it('counts the writes that landed, lists each refused one with its record and the server\'s reason, and holds the cursor', () => {
		const { plan } = plannedRun();
		const creates = plan.toCrm.filter((item) => item.json.action === 'create');
		expect(plan.report.counts.crm.created).toBe(2);
		const refused = creates.find((item) => item.json.record.Email === 'not an address')!.json;
		const summary = summariseRun(
			plan.report,
			results({
				crm: { create: [{ id: '9001', status: 'success' }, { error: 'INVALID_DATA: invalid data (Email)', code: 'INVALID_DATA', syncId: refused.syncId }] },
				exchange: { update: [{ id: plan.toExchange[0].json.id, syncId: plan.toExchange[0].json.syncId }], link: [{ id: 'x' }] },
			}),
		);
		expect(summary.written).toEqual({
			exchange: { created: 0, updated: 1, deleted: 0, linked: 1, alreadyDone: 0 },
			crm: { created: 1, updated: 0, deleted: 0, linked: 0, alreadyDone: 0 },
		});
		expect(summary.failed).toEqual([
			{
				side: 'crm',
				action: 'create',
				syncId: refused.syncId,
				records: plan.report.pairs.find((pair) => pair.syncId === refused.syncId)!.records,
				reason: 'INVALID_DATA: invalid data (Email)',
			},
		]);
		expect(summary.failed[0].records).toEqual({ exchange: expect.any(String) });
		expect(summary.status).toBe('completed with errors');
		expect(summary.cursorMayAdvance).toBe(false);
		expect(summary.message).toBe('1 write refused (retried next run): INVALID_DATA: invalid data (Email)');
		// The failed create is not linked.
		expect(summary.linked).toBe(plan.report.linked! - 1);
	});

	it('an e-mail the CRM record already had is not counted as attached again', () => {
		const { plan } = plannedRun();
		const summary = summariseRun(plan.report, results({ crm: { create: [{ status: 'already associated', original_message_id: '<m@x>' }, { id: 'e2' }] } }));
		expect(summary.written.crm).toMatchObject({ created: 1, alreadyDone: 1 });
		expect(summary.failed).toEqual([]);
	});

	it('a run whose writes all landed may move its cursor, and says nothing is wrong', () => {
		const { plan } = plannedRun();
		const summary = summariseRun(plan.report, results({ crm: { create: [{ id: '1' }, { id: '2' }] }, exchange: { update: [{ id: 'a' }] } }));
		expect(summary).toMatchObject({ status: 'success', cursorMayAdvance: true, failed: [], message: '' });
	});

	it('reports deletes the brake held, with the reason and how to release them, and keeps the cursor', () => {
		const world = new SyncWorld(settingsFor());
		const ids = [1, 2, 3].map((n) => world.add('exchange', { surname: `P${n}`, email1: `p${n}@x.test` }));
		world.run();
		world.run({ mode: 'changes' });
		for (const id of ids) world.remove('exchange', id);
		const plan = world.plan('changes', true);
		const summary = summariseRun(plan.report, results({}));
		expect(summary.held).toEqual({ count: 3, reason: plan.report.massDelete.reason, release: plan.report.massDelete.release });
		expect(summary.message).toContain('3 deletes held back: every one of the 3 linked records would be deleted');
		expect(summary.cursorMayAdvance).toBe(false);
	});

	it('as a node operation: Plan Sync\'s Report in, one summary out, paired with it; the write nodes\' every run read by name; bad Write Nodes are a clear error', async () => {
		const { plan } = plannedRun();
		const input: INodeExecutionData[] = [{ json: plan.report as unknown as IDataObject }];
		const workflowNodes = {
			'Create in CRM': [[{ json: { id: '1' } }], [{ json: { id: '2' } }]],
			'Update in CRM': [],
			'Find attendees in CRM': [[{ json: { id: '3' } }, { json: { syncId: 'x', error: { message: 'no such participant' } } }]],
		};
		const run = (writeNodes: unknown) =>
			new ExchangeCrmSync().execute.call(nodeContext({ parameters: { operation: 'summariseRun', writeNodes }, inputs: [input], workflowNodes }));
		const writeNodes = {
			crm: { create: ['Create in CRM'], update: ['Update in CRM'] },
			failuresOnly: [{ side: 'crm', kind: 'update', node: 'Find attendees in CRM' }],
		};
		const [, , , [summary]] = await run(JSON.stringify(writeNodes));
		expect(summary.json).toMatchObject({ status: 'completed with errors', written: { crm: { created: 2, updated: 0 } } });
		expect(summary.json.failed).toEqual([expect.objectContaining({ side: 'crm', action: 'update', syncId: 'x' })]);
		expect(summary.pairedItem).toEqual([{ item: 0 }]);
		await expect(run('{ not json')).rejects.toThrow('Write Nodes is not JSON');
		await expect(run({ crm: { create: 'Create in CRM' } })).rejects.toThrow('Write Nodes.crm.create must be a list of node names');
		await expect(run({ crm: { create: ['Made up'] } })).rejects.toThrow('Write Nodes names "Made up", which is not a node of this workflow');
		await expect(run({ failuresOnly: [{ side: 'crm', node: 'Find attendees in CRM' }] })).rejects.toThrow('Write Nodes.failuresOnly must be a list');
		await expect(
			new ExchangeCrmSync().execute.call(nodeContext({ parameters: { operation: 'summariseRun', writeNodes: {} }, inputs: [[{ json: { hello: 1 } }]] })),
		).rejects.toThrow('The input is not a Plan Sync Report');
	});
});
