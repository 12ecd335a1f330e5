/**
 * The run journal and "Undo a run" on real n8n: a Sync Now run with edits, deletes and a create on
 * both sides journals each write in the "Sync journal" Data Table (old and new value per field, the
 * deleted record's content), under Sync Now's execution id; the Undo a run form sets that run's
 * edits back on both systems, makes its deleted records again (linked, once), skips and reports a
 * field edited since, and leaves nothing for the next Sync Now to write; rows older than Journal
 * Days go. The steps share one world and run in order.
 */
jest.setTimeout(900_000);

import type { N8nWorkflow } from '../../scripts/n8n/instance';
import { EXCHANGE_WORKFLOW_SET, journalTable, node } from '../../scripts/workflows/definitions';
import { undoRunWorkflow } from '../../scripts/workflows/undo';
import { submitForm } from './meeting/support/formClient';
import { email } from './support/contacts';
import { SyncWorld } from './support/syncWorld';

/** A test-only workflow: GET /webhook/test-journal-rows answers with every row of the journal. */
const JOURNAL_READER: N8nWorkflow = {
	id: 'testJournalReader',
	name: 'Test: journal rows',
	active: false,
	settings: { executionOrder: 'v1' },
	nodes: [
		node('Read', 'n8n-nodes-base.webhook', 2, [0, 0], { httpMethod: 'GET', path: 'test-journal-rows', responseMode: 'lastNode', responseData: 'allEntries', options: {} }, { webhookId: 'b0a7e0f4-3c55-4d0c-9f56-1c2f7a7b9d10' }),
		node('Rows', 'n8n-nodes-base.dataTable', 1.1, [240, 0], {
			resource: 'row',
			operation: 'get',
			dataTableId: journalTable(),
			matchType: 'allConditions',
			filters: { conditions: [{ keyName: 'runId', condition: 'isNotEmpty' }] },
			returnAll: true,
		}, { alwaysOutputData: true }),
	],
	connections: { Read: { main: [[{ node: 'Rows', type: 'main', index: 0 }]] } },
	pinData: {},
	tags: [],
};

type JournalRow = Record<string, string>;

/** Calls that change something on the Exchange or Zoho server. */
const EXCHANGE_WRITE = /^(Create|Update|Delete|Move|Copy|Send|Empty|Set)/;
const ZOHO_WRITE = /\.(insert|update|upsert|delete|create)$/;
const writesIn = (calls: Record<string, number>, write: RegExp) => Object.fromEntries(Object.entries(calls).filter(([operation]) => write.test(operation)));
const ALSO = () => [JOURNAL_READER, undoRunWorkflow(EXCHANGE_WORKFLOW_SET)];

describe('Sync journal on real n8n', () => {
	let world: SyncWorld;
	const user = 'alice@example.test';
	const journal = async (): Promise<JournalRow[]> => {
		const response = await fetch(`${world.running!.url}/webhook/test-journal-rows`);
		const rows = (await response.json()) as JournalRow[];
		return rows.filter((row) => row.runId);
	};
	const contactOf = async (address: string) => ({
		exchange: (await world.exchangeContacts(user)).find((contact) => email(contact.email1) === address),
		crm: (await world.crmContacts(user)).find((record) => email(record.Email) === address),
	});

	beforeAll(async () => {
		// Journal Days 0: each run keeps only its own rows, so the last step sees retention without waiting days.
		world = await SyncWorld.start({ syncTasks: false, syncEvents: false, syncMails: false, journalDays: 0 }, { alsoWorkflows: ALSO() });
		await world.syncNow();
	});

	afterAll(async () => {
		await world?.dispose();
	});

	/** What the journaled run changed, for the undo to set back. */
	let journaled: { runId: string; edited: { address: string; jobTitle: string }; crmEdited: { address: string; department: string }; deleted: string[] };

	it('journals each write of a run: field updates with old and new values, deletes with the content, creates, on both sides', async () => {
		const before = await journal();
		const crm = await world.crmContacts(user);
		const exchange = await world.exchangeContacts(user);
		const [edited, deleted] = exchange;
		const [crmEdited, crmDeleted] = crm.filter((record) => ![edited, deleted].some((item) => email(item.email1) === email(record.Email)));
		await world.servers.exchange.control.updateItem(edited.id, { jobTitle: 'Chief Journal Officer' });
		await world.servers.zoho.control.updateRecords('Contacts', [{ id: crmEdited.id, Department: 'Undo Department' }]);
		await world.servers.exchange.control.deleteItems([deleted.id]);
		await world.servers.zoho.control.deleteRecords('Contacts', [crmDeleted.id]);
		await world.servers.exchange.control.insertItems(user, 'contact', [{ givenName: 'Nora', surname: 'New', email1: 'nora.new@example.test' }]);
		await new Promise((resolve) => setTimeout(resolve, 2_100));
		await world.syncNow();

		const rows = (await journal()).filter((row) => !before.some((old) => old.runId === row.runId));
		const runIds = [...new Set(rows.map((row) => row.runId))];
		expect(runIds).toHaveLength(1);
		const mine = rows.filter((row) => row.user === user && row.object === 'contacts');
		const crmTwin = (await contactOf(email(edited.email1))).crm!;
		const exchangeTwin = (await contactOf(email(crmEdited.Email))).exchange!;
		const nora = await contactOf('nora.new@example.test');
		const pick = ({ system, action, field, oldValue, newValue, exchangeId, crmId }: JournalRow) => ({ system, action, field, oldValue, newValue, exchangeId, crmId });
		expect(mine.map(pick)).toEqual(
			expect.arrayContaining([
				{ system: 'crm', action: 'update', field: 'jobTitle', oldValue: String(edited.jobTitle ?? ''), newValue: 'Chief Journal Officer', exchangeId: edited.id, crmId: crmTwin.id },
				{ system: 'exchange', action: 'update', field: 'department', oldValue: String(crmEdited.Department ?? ''), newValue: 'Undo Department', exchangeId: exchangeTwin.id, crmId: crmEdited.id },
				{ system: 'crm', action: 'create', field: '', oldValue: '', newValue: '', exchangeId: nora.exchange!.id, crmId: nora.crm!.id },
			]),
		);
		const deletes = mine.filter((row) => row.action === 'delete');
		expect(deletes.map((row) => row.system).sort()).toEqual(['crm', 'exchange']);
		const deletedAddress = (system: string) => email(JSON.parse(deletes.find((row) => row.system === system)!.oldValue).email1);
		expect([deletedAddress('crm'), deletedAddress('exchange')]).toEqual([email(deleted.email1), email(crmDeleted.Email)]);
		expect(mine).toHaveLength(5);
		// The first sync's rows are gone (Journal Days 0), this run's stay.
		expect((await journal()).length).toBe(rows.length);
		journaled = {
			runId: runIds[0],
			edited: { address: email(edited.email1), jobTitle: String(edited.jobTitle ?? '') },
			crmEdited: { address: email(crmEdited.Email), department: String(crmEdited.Department ?? '') },
			deleted: [email(deleted.email1), email(crmDeleted.Email)],
		};
	});

	it('Undo a run sets the run\'s edits back on both systems, makes its deleted records again, linked, skips an edit made since, and leaves nothing to write', async () => {
		const { exchange: exchangeServer, zoho } = world.servers;
		// After the run, the CRM's department edit is edited again: the undo keeps it and says so.
		const crmEdited = await contactOf(journaled.crmEdited.address);
		await zoho.control.updateRecords('Contacts', [{ id: crmEdited.crm!.id, Department: 'Edited after the run' }]);
		await new Promise((resolve) => setTimeout(resolve, 2_100));
		const before = await journal();
		const done = await submitForm(world.running!.url, EXCHANGE_WORKFLOW_SET.undoFormPath, [journaled.runId]);
		expect(done.html).toContain(`${user} · contacts: success, `);
		expect(done.html).toContain('2 changes not undone: ');
		expect(done.html).toContain('department changed again since the run in the CRM: kept as it is');
		expect(done.html).toContain('a record the run created is kept');

		const edited = await contactOf(journaled.edited.address);
		expect([edited.exchange!.jobTitle ?? '', edited.crm!.Title ?? '']).toEqual([journaled.edited.jobTitle, journaled.edited.jobTitle]);
		const kept = await contactOf(journaled.crmEdited.address);
		expect([kept.exchange!.department, kept.crm!.Department]).toEqual(['Edited after the run', 'Edited after the run']);
		for (const address of journaled.deleted) {
			const exchangeCopies = (await world.exchangeContacts(user)).filter((contact) => email(contact.email1) === address);
			const crmCopies = (await world.crmContacts(user)).filter((record) => email(record.Email) === address);
			expect([exchangeCopies.length, crmCopies.length]).toEqual([1, 1]);
			expect(crmCopies[0].Exchange_Sync_Id).toBe(exchangeCopies[0].syncId);
		}
		// The undo is journaled under its own run id.
		const undoRows = (await journal()).filter((row) => !before.some((old) => old.runId === row.runId));
		expect(new Set(undoRows.map((row) => row.runId)).size).toBe(1);
		expect(undoRows.find((row) => row.field === 'jobTitle')).toMatchObject({ oldValue: 'Chief Journal Officer', newValue: journaled.edited.jobTitle });

		await new Promise((resolve) => setTimeout(resolve, 2_100));
		await Promise.all([exchangeServer.control.resetCounters(), zoho.control.resetCounters()]);
		await world.syncNow();
		const [exchangeCalls, zohoCalls] = await Promise.all([exchangeServer.control.counters(), zoho.control.counters()]);
		expect({ exchange: writesIn(exchangeCalls.byOperation, EXCHANGE_WRITE), zoho: writesIn(zohoCalls.byOperation, ZOHO_WRITE) }).toEqual({ exchange: {}, zoho: {} });
	});

	it('a run removes the journal rows older than Journal Days, and journals only what it wrote', async () => {
		// The Sync Now after the undo wrote nothing: it journaled nothing and removed the undo's rows.
		expect(await journal()).toEqual([]);
		const [contact] = await world.exchangeContacts(user);
		await world.servers.exchange.control.updateItem(contact.id, { jobTitle: 'Last of the journal' });
		await world.syncNow();
		const rows = await journal();
		expect(rows.map(({ field, newValue }) => ({ field, newValue }))).toEqual([{ field: 'jobTitle', newValue: 'Last of the journal' }]);
	});
});
