/**
 * Tasks over Microsoft 365 (Graph): Microsoft To Do tasks in the mailbox's default list, with the
 * same JSON as the EWS transport's tasks, the sync link in a linked resource, delta with a clean
 * resync after 410, and tasks of another list addressed by their `<list id>/<task id>`.
 */
import type { IDataObject } from 'n8n-workflow';
import { runJson } from '../exchange/support';
import { ALICE, ewsCredentials, graphCredentials, runGraphJson, runGraphNode, useGraphServer } from './support';
import { graphAuthHelpers } from '../../support/graphAuth';
import { nodeContext } from '../../support/nodeContext';
import type { ItemResult } from '../../../nodes/MicrosoftExchange/helpers/results';
import { taskType } from '../../../nodes/MicrosoftExchange/helpers/itemTypes/task';
import { GraphClient } from '../../../nodes/MicrosoftExchange/transport/graph/client';
import { readGraphCredentials } from '../../../nodes/MicrosoftExchange/transport/graph/credentials';
import { GraphTransport } from '../../../nodes/MicrosoftExchange/transport/graph/transport';
import { LINK_APPLICATION } from '../../../nodes/MicrosoftExchange/transport/graph/taskMapping';

jest.setTimeout(60_000);

const server = useGraphServer();
const credentials = () => graphCredentials(server());
const base = { resource: 'task', mailbox: ALICE };
const AWKWARD = `Call Tom & Jerry <b>"now"</b> 🚀 田中 Müller`;

beforeEach(async () => {
	await server().control.reset();
	await server().control.seed('empty');
});

/** What a server assigns in its own form: ids and change keys differ between EWS and Graph by design. */
const withoutIds = ({ id, changeKey, ...rest }: IDataObject) => (void id, void changeKey, rest);

const EVERY_FIELD = {
	subject: AWKWARD,
	body: 'Line one\nLine two & <three>',
	status: 'InProgress',
	importance: 'High',
	startDate: '2030-03-01',
	dueDate: '2030-03-15',
	reminderAt: '2030-03-14T08:30:00.000Z',
	categories: ['CRM & <sales>'],
};

async function getChanges(cursor: string) {
	const output = await runGraphJson({ credentials: credentials(), parameters: { ...base, operation: 'getChanges', cursor } });
	return { changes: output.slice(0, -1), summary: output[output.length - 1] };
}

/** The one output of a transport call, or its error. */
function jsonOf(result: ItemResult): IDataObject {
	if (result.error) throw result.error;
	return result.items![0].json;
}

function transport(): GraphTransport {
	const context = nodeContext({ parameters: { server: 'graph' }, credentials: { microsoft365GraphApi: credentials() }, helpers: graphAuthHelpers().helpers });
	return new GraphTransport(new GraphClient(context, readGraphCredentials(credentials())));
}

describe('tasks over Microsoft 365 (Graph)', () => {
	it('creates, reads, finds, updates and deletes a task with the sync link in one linked resource', async () => {
		const syncId = 'task-sync-1';
		const [created] = await runGraphJson({
			credentials: credentials(),
			parameters: { ...base, operation: 'create', inputMode: 'json', itemJson: { ...EVERY_FIELD, syncId, syncState: '{"fp":"a&b"}', crmRecordId: '3652397000000001' } },
		});
		expect(created).toMatchObject({ mailbox: ALICE, ...EVERY_FIELD, completeDate: null, percentComplete: null, unsupportedFields: ['percentComplete'], syncId, syncState: '{"fp":"a&b"}', crmRecordId: '3652397000000001' });
		expect(String(created.id)).toMatch(/^[^/]+\/[^/]+$/);
		expect(created.lastModified).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

		// The link as To Do holds it: one linked resource of ours.
		const [list, task] = String(created.id).split('/');
		const links = await transport().client.call(ALICE, { method: 'GET', path: `/users/${ALICE}/todo/lists/${list}/tasks/${task}/linkedResources` });
		expect(links.value).toEqual([expect.objectContaining({ applicationName: LINK_APPLICATION, externalId: syncId, displayName: JSON.stringify({ crmRecordId: '3652397000000001', syncState: '{"fp":"a&b"}' }) })]);

		const [bySyncId] = await runGraphJson({ credentials: credentials(), parameters: { ...base, operation: 'get', findBy: 'syncId', syncId } });
		expect(bySyncId).toEqual(created);
		const [byCrmId] = await runGraphJson({ credentials: credentials(), parameters: { ...base, operation: 'getByCrmRecordId', crmRecordId: '3652397000000001' } });
		expect(byCrmId).toEqual(created);
		const found = await runGraphJson({ credentials: credentials(), parameters: { ...base, operation: 'getAll', returnAll: true, filters: { search: 'Call Tom' } } });
		expect(found.map((item) => item.id)).toEqual([created.id]);

		const [updated] = await runGraphJson({
			credentials: credentials(),
			parameters: { ...base, operation: 'update', findBy: 'syncId', syncId, changeKey: created.changeKey, inputMode: 'json', itemJson: { status: 'Completed', completeDate: '2030-03-10', dueDate: null, reminderAt: null, syncState: '{"fp":"c"}' } },
		});
		expect(updated).toMatchObject({ id: created.id, status: 'Completed', completeDate: '2030-03-10', dueDate: null, reminderAt: null, subject: AWKWARD, syncId, syncState: '{"fp":"c"}', crmRecordId: '3652397000000001' });
		expect(updated.changeKey).not.toBe(created.changeKey);

		// Only the link changes: one write of the linked resource.
		const [relinked] = await runGraphJson({
			credentials: credentials(),
			parameters: { ...base, operation: 'update', findBy: 'id', itemId: { __rl: true, mode: 'id', value: created.id }, inputMode: 'json', itemJson: { crmRecordId: '3652397000000002' } },
		});
		expect(relinked).toMatchObject({ syncId, syncState: '{"fp":"c"}', crmRecordId: '3652397000000002', status: 'Completed' });

		// A stale change key is refused for its item.
		const [stale] = await runGraphNode({
			credentials: credentials(),
			continueOnFail: true,
			parameters: { ...base, operation: 'update', findBy: 'id', itemId: { __rl: true, mode: 'id', value: created.id }, changeKey: created.changeKey, inputMode: 'json', itemJson: { subject: 'Lost' } },
		});
		expect(String(stale.json.error)).toMatch(/changed by someone else since it was read/);

		// Clearing the link removes the linked resource.
		const [unlinked] = await runGraphJson({
			credentials: credentials(),
			parameters: { ...base, operation: 'update', findBy: 'id', itemId: { __rl: true, mode: 'id', value: created.id }, inputMode: 'json', itemJson: { syncId: null, syncState: null, crmRecordId: null } },
		});
		expect(unlinked).toMatchObject({ syncId: null, syncState: null });
		expect(unlinked.crmRecordId).toBeUndefined();

		const [deleted] = await runGraphJson({ credentials: credentials(), parameters: { ...base, operation: 'delete', findBy: 'id', itemId: { __rl: true, mode: 'id', value: created.id } } });
		expect(deleted).toMatchObject({ id: created.id, mailbox: ALICE, deleted: true });
		expect(await server().control.items(ALICE, 'tasks')).toEqual([]);
	});

	it('reads a task written over EWS with the same JSON (only the link and percent complete are To Do’s to lack), and EWS reads a task written over Graph', async () => {
		const [overEws] = await runJson({
			credentials: ewsCredentials(server()),
			parameters: { ...base, operation: 'create', inputMode: 'json', itemJson: { ...EVERY_FIELD, percentComplete: 40, syncId: 'ews-1', syncState: '{"fp":"x"}', crmRecordId: '3652397000000777' } },
		});
		const [readOverGraph] = await runGraphJson({ credentials: credentials(), parameters: { ...base, operation: 'getAll', returnAll: true, filters: {} } });
		// Graph cannot see the EWS transport's named properties on a task: the sync re-links it (see graph-sync/tasks.test.ts).
		expect(withoutIds(readOverGraph)).toEqual({ ...withoutIds(overEws), percentComplete: null, unsupportedFields: ['percentComplete'], syncId: null, syncState: null, crmRecordId: undefined });
		expect(Object.keys(readOverGraph)).toEqual([...Object.keys(overEws).filter((key) => key !== 'crmRecordId'), 'unsupportedFields']);

		const [overGraph] = await runGraphJson({
			credentials: credentials(),
			parameters: { ...base, operation: 'create', inputMode: 'json', itemJson: { ...EVERY_FIELD, subject: 'Written over Graph', status: 'Completed', completeDate: '2030-02-02' } },
		});
		const readOverEws = (await runJson({ credentials: ewsCredentials(server()), parameters: { ...base, operation: 'getAll', returnAll: true, filters: { search: 'Written over Graph' } } }))[0];
		expect(withoutIds(overGraph)).toEqual({ ...withoutIds(readOverEws), percentComplete: null, unsupportedFields: ['percentComplete'] });
		// A write of a field To Do cannot hold sends nothing and answers the task as it is.
		await server().control.resetCounters();
		const [unchanged] = await runGraphJson({ credentials: credentials(), parameters: { ...base, operation: 'update', findBy: 'id', itemId: { __rl: true, mode: 'id', value: overGraph.id }, inputMode: 'json', itemJson: { percentComplete: 60 } } });
		expect(unchanged).toEqual(overGraph);
		expect((await server().control.counters()).byOperation['todoTasks.update']).toBeUndefined();
	});

	it('fails a status To Do does not know, or an id without its list, for its item alone', async () => {
		const [created] = await runGraphJson({ credentials: credentials(), parameters: { ...base, operation: 'create', inputMode: 'json', itemJson: { subject: 'Good' } } });
		const updates = [{ status: 'Done' }, { status: 'Completed' }];
		const updated = await runGraphNode({
			credentials: credentials(),
			continueOnFail: true,
			items: updates.map(() => ({ json: {} })),
			parameters: (itemIndex) => ({ ...base, operation: 'update', findBy: 'id', itemId: { __rl: true, mode: 'id', value: created.id }, inputMode: 'json', itemJson: updates[itemIndex] }),
		});
		expect(updated.map((item) => item.json.error ?? item.json.status)).toEqual([expect.stringContaining('Status must be one of'), 'Completed']);
		const ids = [String(created.id).split('/')[1], created.id];
		const got = await runGraphNode({
			credentials: credentials(),
			continueOnFail: true,
			items: ids.map(() => ({ json: {} })),
			parameters: (itemIndex) => ({ ...base, operation: 'get', findBy: 'id', itemId: { __rl: true, mode: 'id', value: ids[itemIndex] } }),
		});
		expect(got.map((item) => item.json.error ?? item.json.subject)).toEqual([expect.stringContaining('is not a task id over Microsoft 365 (<list id>/<task id>)'), 'Good']);
	});

	it('lists changes through delta: all as created, then updates and deletes, and a clean resync after 410', async () => {
		const ewsIds = (await server().control.insertItems(ALICE, 'task', Array.from({ length: 25 }, (_, index) => ({ subject: `Delta ${index}` })))).map((item) => item.id);
		const first = await getChanges('');
		expect(first.changes).toHaveLength(25);
		expect(first.changes.every((change) => change.changeType === 'created' && String(change.subject).startsWith('Delta'))).toBe(true);
		expect(first.summary).toMatchObject({ created: 25, moreChangesAvailable: false, cursorReset: false });
		const idOf = new Map(first.changes.map((change) => [change.subject, change.id]));

		const quiet = await getChanges(first.summary.cursor as string);
		expect(quiet.changes).toEqual([]);

		// Graph's times are whole seconds: change a task a second after the cursor to see `updated`.
		await new Promise((resolve) => setTimeout(resolve, 1_100));
		await server().control.updateItem(ewsIds[0], { subject: 'Delta 0 edited' });
		await server().control.deleteItems([ewsIds[1]], true);
		const later = await getChanges(quiet.summary.cursor as string);
		expect(later.changes.map((change) => [change.changeType, change.id, change.subject ?? null])).toEqual(
			expect.arrayContaining([
				['updated', idOf.get('Delta 0'), 'Delta 0 edited'],
				['deleted', idOf.get('Delta 1'), null],
			]),
		);
		expect(later.changes).toHaveLength(2);

		// The server forgets the cursor: the node starts over, each task once, nothing deleted.
		expect(await server().control.expireDeltaTokens(ALICE)).toBeGreaterThan(0);
		const resync = await getChanges(later.summary.cursor as string);
		expect(resync.summary).toMatchObject({ cursorReset: true, deleted: 0 });
		const resyncIds = resync.changes.map((change) => change.id);
		expect(new Set(resyncIds).size).toBe(24);
		expect(resyncIds).not.toContain(idOf.get('Delta 1'));
	});

	it('keeps a task of another list addressed through its list, and finds tasks by sync id in one listing', async () => {
		const graph = transport();
		const list = await graph.client.call(ALICE, { method: 'POST', path: `/users/${ALICE}/todo/lists`, body: { displayName: 'Projects' } });
		const [created] = await graph.createItems(taskType, [{ itemIndex: 0, mailbox: ALICE, folder: { id: String(list.id) }, fields: { subject: 'In Projects', syncId: 'other-list' } }]);
		const id = String(jsonOf(created).id);
		expect(id.startsWith(`${String(list.id)}/`)).toBe(true);
		const [read] = await graph.getItems(taskType, [{ itemIndex: 0, mailbox: ALICE, id }]);
		expect(jsonOf(read)).toMatchObject({ id, subject: 'In Projects', syncId: 'other-list' });
		const [updated] = await graph.updateItems(taskType, [{ itemIndex: 0, mailbox: ALICE, id, fields: { subject: 'Still in Projects' } }]);
		expect(jsonOf(updated)).toMatchObject({ id, subject: 'Still in Projects' });
		const inList = await graph.findItems(taskType, { mailbox: ALICE, folder: { id: String(list.id) }, filters: { syncIds: 'other-list' }, limit: 10 });
		expect(inList.map((task) => task.id)).toEqual([id]);
		// The default list does not hold it.
		expect(await graph.findItems(taskType, { mailbox: ALICE, filters: { syncIds: 'other-list' }, limit: 10 })).toEqual([]);
		const [deleted] = await graph.deleteItems(taskType, [{ itemIndex: 0, mailbox: ALICE, id, deleteMode: 'moveToDeletedItems' }]);
		expect(jsonOf(deleted)).toMatchObject({ id, deleted: true });

		// Thirty linked tasks in the default list, found by sync id with one listing (no filter on links exists).
		await runGraphNode({
			credentials: credentials(),
			items: Array.from({ length: 30 }, () => ({ json: {} })),
			parameters: (itemIndex) => ({ ...base, operation: 'create', inputMode: 'json', itemJson: { subject: `Linked ${itemIndex}`, syncId: `linked-${itemIndex}` } }),
		});
		await server().control.resetCounters();
		const got = await runGraphJson({ credentials: credentials(), items: Array.from({ length: 30 }, () => ({ json: {} })), parameters: (itemIndex) => ({ ...base, operation: 'get', findBy: 'syncId', syncId: `linked-${itemIndex}` }) });
		expect(got.map((task) => task.subject)).toEqual(Array.from({ length: 30 }, (_, index) => `Linked ${index}`));
		// One listing of the default list (after looking the list up), then the tasks read in two $batch calls.
		expect((await server().control.counters()).byOperation).toMatchObject({ 'todoLists.list': 1, 'todoTasks.list': 1, $batch: 2 });
		// Get Many of one task by its sync id reads full pages, not one task per request.
		await server().control.resetCounters();
		const [one] = await runGraphJson({ credentials: credentials(), parameters: { ...base, operation: 'getAll', returnAll: false, limit: 1, filters: { syncIds: 'linked-0' } } });
		expect(one.subject).toBe('Linked 0');
		expect((await server().control.counters()).byOperation['todoTasks.list']).toBe(1);
	});
});
