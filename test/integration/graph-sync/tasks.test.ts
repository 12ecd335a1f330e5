/**
 * The tasks sync with the Exchange side over Microsoft 365 (Graph: Microsoft To Do, the link in a
 * linked resource) and over EWS, the same scenario with the same expected writes: the first run
 * matches by subject and due date and creates the rest without duplicates, a rerun writes nothing,
 * edits and deletes travel both ways, the changes-only path (Graph delta or EWS SyncFolderItems, a
 * refused cursor included) does the same without duplicates or deletes, and a mailbox then synced
 * through the other server is re-linked: To Do cannot show the links EWS wrote (todoTask has no
 * extended properties) and EWS cannot show To Do's linked resources.
 */
import type { IDataObject } from 'n8n-workflow';
import { SyncRunner, type SyncCursor, type SyncRunOptions } from '../../../bench/pipeline';
import type { BenchServers } from '../../../bench/servers';
import { crmTask, exchangeTask } from '../../../bench/world';
import type { GraphEmulatorHandle } from '../../emulators/graph/harness';
import type { ZohoEmulator } from '../../emulators/zoho-crm/harness';
import { ALICE } from '../graph-transport/support';
import { exchangeAccess, useSyncServers, type Server } from './support';

jest.setTimeout(60_000);

const STATUS_TO_ZOHO: Record<string, string> = { NotStarted: 'Not Started', InProgress: 'In Progress', Completed: 'Completed', WaitingOnOthers: 'Waiting for input', Deferred: 'Deferred' };

describe.each<Server>(['graph', 'ews'])('tasks sync with Exchange over %s', (server) => {
	let graph: GraphEmulatorHandle;
	let zoho: ZohoEmulator;
	let servers: BenchServers;
	let runner: SyncRunner;

	useSyncServers('UTC', async (started) => {
		({ graph, zoho, servers } = started);
		runner = new SyncRunner(servers, exchangeAccess(server, graph));
		await runner.prepareCrm(['Tasks']);
		// 16 on each side, 8 of them the same task (subject and due date): 24 after the first run,
		// more than a Graph page (10) and a $batch (20).
		await graph.control.insertItems(ALICE, 'task', Array.from({ length: 16 }, (_, n) => exchangeTask(ALICE, n)));
		await zoho.control.insertRecords('Tasks', Array.from({ length: 16 }, (_, n) => crmTask(ALICE, n + 8, servers.owners.get(ALICE)!)));
	});

	let cursor: SyncCursor = {};

	/** The server no longer accepts the cursor: Graph answers 410 SyncStateNotFound, EWS ErrorInvalidSyncStateData. */
	async function forgetCursor() {
		if (server === 'graph') expect(await graph.control.expireDeltaTokens(ALICE)).toBeGreaterThan(0);
		else await graph.control.faults([{ operation: 'SyncFolderItems', kind: 'invalidSyncState', count: 1 }]);
	}

	async function sync(mode: SyncRunOptions['mode'], through = runner) {
		const result = await through.run({ object: 'tasks', mailbox: ALICE, mode, cursor: mode === 'changes' ? cursor : {} });
		expect(result.failures).toEqual([]);
		if (mode === 'changes') cursor = result.cursor;
		return result;
	}

	/** The tasks as the sync reads them, through the server under test (over Graph the link is To Do's linked resource). */
	const exchangeTasks = async (through = runner) => (await through.exchange({ resource: 'task', operation: 'getAll', mailbox: ALICE, returnAll: true })).map((item) => item.json);
	const crmTasks = async () => (await zoho.control.records('Tasks')).filter((record) => !record.$deleted);
	/** The user's view (Outlook over EWS): the store's tasks with their EWS ids. */
	const outlookTask = async (subject: string) => (await graph.control.items(ALICE, 'tasks')).find((item) => item.subject === subject)!;
	const crmTask_ = async (subject: string) => (await crmTasks()).find((record) => record.Subject === subject)!;

	/** Both sides hold the same tasks, each once, pairwise linked by one sync id, with the same values. */
	async function expectConverged(count: number, through = runner) {
		const items = await exchangeTasks(through);
		const records = await crmTasks();
		expect(items).toHaveLength(count);
		expect(records).toHaveLength(count);
		const bySubject = new Map(records.map((record) => [record.Subject, record]));
		for (const item of items) {
			const record = bySubject.get(item.subject as string);
			expect([item.subject, record !== undefined]).toEqual([item.subject, true]);
			expect(item.syncId).toEqual(expect.any(String));
			expect({ subject: item.subject, syncId: record!.Exchange_Sync_Id, crmRecordId: item.crmRecordId, status: STATUS_TO_ZOHO[item.status as string], priority: item.importance, due: item.dueDate, body: item.body ?? null }).toEqual({
				subject: item.subject,
				syncId: item.syncId,
				crmRecordId: record!.id,
				status: record!.Status,
				priority: record!.Priority,
				due: record!.Due_Date,
				body: record!.Description ?? null,
			});
		}
	}

	let live = 24;

	it('links the tasks on both sides by subject and due date and creates the rest, without duplicates; a second run writes nothing', async () => {
		const first = await sync('complete');
		const counts = first.report.counts as Record<string, Record<string, number>>;
		expect([counts.exchange.created, counts.crm.created]).toEqual([8, 8]);
		await expectConverged(live);
		expect((await sync('complete')).writes).toEqual({ exchange: 0, crm: 0 });
	});

	it('carries Exchange edits to the CRM and CRM edits to Exchange, every mapped field', async () => {
		const inOutlook = exchangeTask(ALICE, 0).subject as string;
		const inCrm = exchangeTask(ALICE, 10).subject as string;
		await graph.control.updateItem((await outlookTask(inOutlook)).id as string, { status: 'Completed', importance: 'High', dueDate: '2027-05-05', body: 'Call back & confirm\nLine two' });
		await zoho.control.updateRecords('Tasks', [{ id: (await crmTask_(inCrm)).id, Status: 'Deferred', Priority: 'Low', Due_Date: '2027-06-06', Description: 'From the CRM: 田中 🚀' }]);
		await sync('complete');
		await expectConverged(live);
		expect(await crmTask_(inOutlook)).toMatchObject({ Status: 'Completed', Priority: 'High', Due_Date: '2027-05-05', Description: 'Call back & confirm\nLine two' });
		expect(await outlookTask(inCrm)).toMatchObject({ status: 'Deferred', importance: 'Low', dueDate: '2027-06-06', body: 'From the CRM: 田中 🚀' });
		expect((await sync('complete')).writes).toEqual({ exchange: 0, crm: 0 });
	});

	it('deletes in the CRM what was deleted in Exchange, and the other way', async () => {
		const [inOutlook, inCrm] = [exchangeTask(ALICE, 1).subject as string, exchangeTask(ALICE, 2).subject as string];
		await graph.control.deleteItems([(await outlookTask(inOutlook)).id as string]);
		await zoho.control.deleteRecords('Tasks', [(await crmTask_(inCrm)).id as string]);
		live -= 2;
		const result = await sync('complete');
		const counts = result.report.counts as Record<string, Record<string, number>>;
		expect([counts.exchange.deleted, counts.crm.deleted]).toEqual([1, 1]);
		await expectConverged(live);
	});

	it('syncs changes only, and a refused cursor costs a full read, never a duplicate or a delete', async () => {
		expect((await sync('changes')).writes).toEqual({ exchange: 0, crm: 0 });
		expect((await sync('changes')).writes).toEqual({ exchange: 0, crm: 0 });
		// Graph's and Zoho's times are whole seconds: edits come a second after the cursor.
		await new Promise((resolve) => setTimeout(resolve, 1_100));
		const [edited, crmEdited, gone, crmGone] = [3, 4, 5, 12].map((n) => exchangeTask(ALICE, n).subject as string);
		await graph.control.updateItem((await outlookTask(edited)).id as string, { status: 'InProgress' });
		await zoho.control.updateRecords('Tasks', [{ id: (await crmTask_(crmEdited)).id, Priority: 'High' }]);
		await graph.control.deleteItems([(await outlookTask(gone)).id as string]);
		await zoho.control.deleteRecords('Tasks', [(await crmTask_(crmGone)).id as string]);
		live -= 2;
		await graph.control.insertItems(ALICE, 'task', [{ subject: 'New in Outlook', dueDate: '2027-07-07', status: 'NotStarted', importance: 'Normal' }]);
		live += 1;
		const changed = await sync('changes');
		// Each side: the other side's edit, the new sync state of its own edit, the other side's delete;
		// then the new task: its CRM record, the record's own id into its link, and the task's link.
		expect(changed.writes).toEqual({ exchange: 3 + 1, crm: 3 + 2 });
		await expectConverged(live);

		await graph.control.updateItem((await outlookTask(edited)).id as string, { status: 'WaitingOnOthers' });
		await forgetCursor();
		const resync = await sync('changes');
		expect(resync.outputs.find((item) => item.json.summary === true)?.json).toMatchObject({ cursorReset: true, deleted: 0 });
		expect(resync.writes).toEqual({ exchange: 1, crm: 1 });
		await expectConverged(live);
		expect((await sync('changes')).writes).toEqual({ exchange: 0, crm: 0 });
	});

	it('re-links every task when the mailbox is then synced through the other server (a mailbox moved between Exchange and Microsoft 365): no create, no delete', async () => {
		const other = new SyncRunner(servers, exchangeAccess(server === 'graph' ? 'ews' : 'graph', graph));
		// The other server sees none of the links: each task's new link is written, and its new id into
		// the CRM record's link. The changes-only run's cursor is the old server's: refused, so both sides are read in full.
		const moved = await sync('changes', other);
		expect(moved.outputs.find((item) => item.json.summary === true)?.json).toMatchObject({ cursorReset: true, deleted: 0 });
		const counts = moved.report.counts as Record<string, Record<string, number>>;
		expect([counts.exchange.created, counts.exchange.deleted, counts.crm.created, counts.crm.deleted]).toEqual([0, 0, 0, 0]);
		expect(moved.writes).toEqual({ exchange: live, crm: live });
		expect((moved.report.massDelete as IDataObject).wouldDelete).toBe(0);
		await expectConverged(live, other);
		expect((await sync('complete', other)).writes).toEqual({ exchange: 0, crm: 0 });
		expect((await sync('changes', other)).writes).toEqual({ exchange: 0, crm: 0 });
		// An edit then travels as before, through the new server.
		const subject = exchangeTask(ALICE, 6).subject as string;
		await graph.control.updateItem((await outlookTask(subject)).id as string, { importance: 'Low' });
		await sync('complete', other);
		expect(await crmTask_(subject)).toMatchObject({ Priority: 'Low' });
		await expectConverged(live, other);
	});
});
