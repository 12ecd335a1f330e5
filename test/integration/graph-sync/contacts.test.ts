/**
 * The contacts sync with the Exchange side over Microsoft 365 (Graph) and the CRM side as usual:
 * the prebuilt workflow's steps run through the nodes (bench/pipeline.ts), the Exchange nodes with
 * Server "Microsoft 365 (Graph)" against the local Microsoft 365 server. The same scenario runs
 * over EWS on the same kind of server, with the same expected writes: the first run links and
 * creates without duplicates, a rerun writes nothing, edits and deletes travel both ways, and the
 * changes-only path (Graph delta or EWS SyncFolderItems, a refused cursor included) does the same
 * without duplicates or deletes.
 */
import { SyncRunner, type SyncCursor, type SyncRunOptions } from '../../../bench/pipeline';
import type { BenchServers } from '../../../bench/servers';
import type { GraphEmulatorHandle } from '../../emulators/graph/harness';
import type { ZohoEmulator } from '../../emulators/zoho-crm/harness';
import { ContactWorld, type ExpectedContact } from '../../reliability/support/contactWorld';
import { Random } from '../../reliability/support/random';
import { ALICE } from '../graph-transport/support';
import { exchangeAccess, useSyncServers, type Server } from './support';

const BOB = 'bob@example.test';

jest.setTimeout(60_000);

describe.each<Server>(['graph', 'ews'])('contacts sync with Exchange over %s', (server) => {
	let graph: GraphEmulatorHandle;
	let zoho: ZohoEmulator;
	let servers: BenchServers;
	let runner: SyncRunner;
	let world: ContactWorld;

	useSyncServers('UTC', async (started) => {
		({ graph, zoho, servers } = started);
		runner = new SyncRunner(servers, exchangeAccess(server, graph));
		await runner.prepareCrm(['Contacts']);
		world = new ContactWorld(servers, ALICE);
		// More than a Graph page (10) and a $batch (20) on each side.
		await world.seed(24);
	});

	let cursor: SyncCursor = {};
	/** Every run's output, where a value the conflict rule overwrote must be reported. */
	const reports: string[] = [];

	/** The server no longer accepts the cursor: Graph answers 410 SyncStateNotFound, EWS ErrorInvalidSyncStateData. */
	async function forgetCursor() {
		if (server === 'graph') expect(await graph.control.expireDeltaTokens(ALICE)).toBeGreaterThan(0);
		else await graph.control.faults([{ operation: 'SyncFolderItems', kind: 'invalidSyncState', count: 1 }]);
	}

	async function sync(mode: SyncRunOptions['mode'], conflictBehaviour?: SyncRunOptions['conflictBehaviour']) {
		const result = await runner.run({ object: 'contacts', mailbox: ALICE, mode, cursor: mode === 'changes' ? cursor : {}, conflictBehaviour });
		expect(result.failures).toEqual([]);
		reports.push(JSON.stringify(result.outputs.map((item) => item.json)));
		if (mode === 'changes') cursor = result.cursor;
		world.synced();
		return result;
	}

	/** Both sides hold exactly the expected contacts, each once, linked, with the expected values. */
	async function expectConverged() {
		const { violations, checked } = await world.violations(reports.join('\n'));
		expect(violations).toEqual([]);
		expect(checked).toBe(2 * [...world.people.values()].filter((person) => !person.deleted).length);
	}

	const livePeople = () => [...world.people.values()].filter((person) => !person.deleted);
	const exchangeItemOf = async (person: ExpectedContact) => (await world.liveExchange()).find((item) => item.email1 === person.email)!;
	const crmRecordOf = async (person: ExpectedContact) => (await world.liveCrm()).find((record) => record.Email === person.email)!;

	type Field = 'title' | 'department';
	const EXCHANGE_FIELD = { title: 'jobTitle', department: 'department' };
	const CRM_FIELD = { title: 'Title', department: 'Department' };

	async function editExchange(person: ExpectedContact, field: Field, value: string) {
		await graph.control.updateItem((await exchangeItemOf(person)).id as string, { [EXCHANGE_FIELD[field]]: value });
		person[field] = value;
	}

	async function editCrm(person: ExpectedContact, field: Field, value: string) {
		await zoho.control.updateRecords('Contacts', [{ id: (await crmRecordOf(person)).id, [CRM_FIELD[field]]: value }]);
		person[field] = value;
	}

	describe('the sync', () => {
		it('links the contacts on both sides and creates the rest, without duplicates; a second run writes nothing', async () => {
			const first = await sync('complete');
			expect(first.writes.exchange + first.writes.crm).toBeGreaterThan(0);
			await expectConverged();
			const second = await sync('complete');
			expect(second.writes).toEqual({ exchange: 0, crm: 0 });
		});

		it('carries an Exchange edit to the CRM and a CRM edit to Exchange', async () => {
			const [inExchange, inCrm] = livePeople();
			await editExchange(inExchange, 'title', 'Edited in Outlook');
			await editCrm(inCrm, 'department', 'Edited in CRM');
			await sync('complete');
			await expectConverged();
			expect((await sync('complete')).writes).toEqual({ exchange: 0, crm: 0 });
		});

		it('settles the same field edited on both sides by the conflict behaviour: the newer edit, or Exchange', async () => {
			const [outlookFirst, crmFirst, both] = livePeople();
			await editExchange(outlookFirst, 'title', 'Outlook, older');
			await editCrm(crmFirst, 'title', 'CRM, older');
			// Graph's and Zoho's times are whole seconds: the newer edits come a second later.
			await new Promise((resolve) => setTimeout(resolve, 1_100));
			await editCrm(outlookFirst, 'title', 'CRM, newer');
			await editExchange(crmFirst, 'title', 'Outlook, newer');
			await sync('complete', 'newestWins');
			await expectConverged();

			await editCrm(both, 'department', 'CRM, overruled');
			await editExchange(both, 'department', 'Outlook, wins');
			await sync('complete', 'exchangeWins');
			await expectConverged();
			expect((await sync('complete')).writes).toEqual({ exchange: 0, crm: 0 });
		});

		it('deletes in the CRM what was deleted in Exchange, and the other way', async () => {
			const [inExchange, inCrm] = livePeople();
			await graph.control.deleteItems([(await exchangeItemOf(inExchange)).id as string]);
			await zoho.control.deleteRecords('Contacts', [(await crmRecordOf(inCrm)).id]);
			inExchange.deleted = true;
			inCrm.deleted = true;
			await sync('complete');
			await expectConverged();
		});

		it('syncs changes only, and a refused cursor costs a full read, never a duplicate or a delete', async () => {
			const start = await sync('changes');
			expect(start.writes).toEqual({ exchange: 0, crm: 0 });
			const quiet = await sync('changes');
			expect(quiet.writes).toEqual({ exchange: 0, crm: 0 });

			const [inExchange, inCrm, deletedInExchange, deletedInCrm] = livePeople();
			await editExchange(inExchange, 'title', 'Changed in Outlook');
			await editCrm(inCrm, 'department', 'Changed in CRM');
			await graph.control.deleteItems([(await exchangeItemOf(deletedInExchange)).id as string]);
			await zoho.control.deleteRecords('Contacts', [(await crmRecordOf(deletedInCrm)).id]);
			deletedInExchange.deleted = true;
			deletedInCrm.deleted = true;
			const changed = await sync('changes');
			// Each side: the other side's edit, the new sync state of its own edit, the other side's delete.
			expect(changed.writes).toEqual({ exchange: 3, crm: 3 });
			await expectConverged();

			// Users at work between runs (a fixed seed): edits on one side or both, a delete, a create.
			const random = new Random(15);
			for (let round = 1; round <= 3; round++) {
				await world.userEdits(random, round);
				await sync('changes');
			}
			await expectConverged();

			// The next run reads both sides in full.
			const [editedBeforeResync] = livePeople();
			await editExchange(editedBeforeResync, 'title', 'Changed before the resync');
			await forgetCursor();
			const before = { exchange: (await world.liveExchange()).length, crm: (await world.liveCrm()).length };
			const resync = await sync('changes');
			expect(resync.outputs.find((item) => item.json.summary === true)?.json).toMatchObject({ cursorReset: true, deleted: 0 });
			// The edit and its new sync state, nothing else.
			expect(resync.writes).toEqual({ exchange: 1, crm: 1 });
			expect({ exchange: (await world.liveExchange()).length, crm: (await world.liveCrm()).length }).toEqual(before);
			await expectConverged();
			expect((await sync('changes')).writes).toEqual({ exchange: 0, crm: 0 });
		});

		it('fails only the writes the server refuses, and the next runs settle without duplicates', async () => {
			await world.userEdits(new Random(51), 4);
			await world.userEdits(new Random(52), 5);
			// Some creates and updates fail (inside a $batch over Graph: only those requests); over Graph one read in a batch is throttled too.
			const [create, update] = server === 'graph' ? ['contacts.create', 'contacts.update'] : ['CreateItem', 'UpdateItem'];
			const throttle = { operation: 'contacts.get', kind: 'throttle', count: 1, after: 2, params: { retryAfterSeconds: 1 } };
			await graph.control.faults([{ operation: create, kind: 'http500', count: 1 }, { operation: update, kind: 'http500', count: 1 }, ...(server === 'graph' ? [throttle] : [])]);
			const faulty = await runner.run({ object: 'contacts', mailbox: ALICE, mode: 'changes', cursor });
			reports.push(JSON.stringify(faulty.outputs.map((item) => item.json)));
			expect(faulty.failures.length).toBeGreaterThan(0);
			expect(faulty.failures.filter((failure) => failure.side !== 'exchange' || !['create', 'update'].includes(failure.action))).toEqual([]);
			// The throttled read was sent again after Retry-After and answered.
			expect((await graph.control.faults([])).armed.filter((rule) => rule.kind === 'throttle')).toEqual([]);
			await graph.control.clearFaults();
			cursor = faulty.cursor;
			let writes = -1;
			for (let attempt = 0; attempt < 4 && writes !== 0; attempt++) {
				const result = await sync('changes');
				writes = result.writes.exchange + result.writes.crm;
			}
			expect(writes).toBe(0);
			await expectConverged();
		});

		it('carries every mapped field both ways, text intact, and clears what is cleared; a rerun writes nothing', async () => {
			const bob = await zoho.control.addUser('Bob Brown', BOB, 'UTC');
			servers.owners.set(BOB, bob.id);
			const text = (side: string) => `Müller & "Söhne" <${side}> 田中 🚀`;
			await graph.control.insertItems(BOB, 'contact', [
				{
					givenName: text('Outlook'),
					surname: 'Иванова',
					email1: 'outlook-born@example.test',
					email2: 'outlook-born.2@example.test',
					businessPhone: '+49 30 100',
					mobilePhone: '+49 170 100',
					businessFax: '+49 30 101',
					homePhone: '+49 30 102',
					otherTelephone: '+49 30 103',
					assistantPhone: '+49 30 104',
					assistantName: 'Eva',
					jobTitle: 'Buyer',
					department: 'Einkauf',
					birthday: '1980-02-29',
					notes: `Line one\n${text('notes')}`,
					businessAddress: { street: 'Hauptstraße 1\nHof 2', city: 'Berlin', state: 'BE', postalCode: '10115', countryOrRegion: 'Germany' },
					homeAddress: { city: 'Potsdam', countryOrRegion: 'Germany' },
				},
			]);
			await zoho.control.insertRecords('Contacts', [
				{
					First_Name: text('CRM'),
					Last_Name: 'Ørsted',
					Email: 'crm-born@example.test',
					Secondary_Email: 'crm-born.2@example.test',
					Phone: '+45 33 200',
					Mobile: '+45 20 200',
					Fax: '+45 33 201',
					Home_Phone: '+45 33 202',
					Other_Phone: '+45 33 203',
					Asst_Phone: '+45 33 204',
					Assistant: 'Mette',
					Title: 'CFO',
					Department: 'Økonomi',
					Date_of_Birth: '1975-12-31',
					Description: `Line one\n${text('description')}`,
					Mailing_Street: 'Vesterbrogade 2\n3. sal',
					Mailing_City: 'København',
					Mailing_Zip: '1620',
					Mailing_Country: 'Denmark',
					Other_City: 'Aarhus',
					Owner: { id: bob.id },
				},
			]);
			const first = await runner.run({ object: 'contacts', mailbox: BOB, mode: 'complete' });
			expect(first.failures).toEqual([]);

			const exchange = await graph.control.items(BOB, 'contacts');
			const crm = (await zoho.control.records('Contacts')).filter((record) => (record.Owner as { id?: string }).id === bob.id && !record.$deleted);
			expect(exchange).toHaveLength(2);
			expect(crm).toHaveLength(2);
			expect(crm.find((record) => record.Email === 'outlook-born@example.test')).toMatchObject({
				First_Name: text('Outlook'),
				Last_Name: 'Иванова',
				Secondary_Email: 'outlook-born.2@example.test',
				Phone: '+49 30 100',
				Mobile: '+49 170 100',
				Fax: '+49 30 101',
				Home_Phone: '+49 30 102',
				Other_Phone: '+49 30 103',
				Asst_Phone: '+49 30 104',
				Assistant: 'Eva',
				Title: 'Buyer',
				Department: 'Einkauf',
				Date_of_Birth: '1980-02-29',
				Description: `Line one\n${text('notes')}`,
				Mailing_Street: 'Hauptstraße 1\nHof 2',
				Mailing_City: 'Berlin',
				Mailing_State: 'BE',
				Mailing_Zip: '10115',
				Mailing_Country: 'Germany',
				Other_City: 'Potsdam',
			});
			// What EWS reads of the contact the sync wrote (over Graph, for the Graph run).
			expect(exchange.find((item) => item.email1 === 'crm-born@example.test')).toMatchObject({
				givenName: text('CRM'),
				surname: 'Ørsted',
				email2: 'crm-born.2@example.test',
				businessPhone: '+45 33 200',
				mobilePhone: '+45 20 200',
				businessFax: '+45 33 201',
				homePhone: '+45 33 202',
				otherTelephone: '+45 33 203',
				assistantPhone: '+45 33 204',
				assistantName: 'Mette',
				jobTitle: 'CFO',
				department: 'Økonomi',
				birthday: '1975-12-31',
				notes: `Line one\n${text('description')}`,
				businessAddress: expect.objectContaining({ street: 'Vesterbrogade 2\n3. sal', city: 'København', postalCode: '1620', countryOrRegion: 'Denmark' }),
				homeAddress: expect.objectContaining({ city: 'Aarhus' }),
			});
			const rerun = await runner.run({ object: 'contacts', mailbox: BOB, mode: 'complete' });
			expect(rerun.failures).toEqual([]);
			expect(rerun.writes).toEqual({ exchange: 0, crm: 0 });

			// Fields cleared on one side are cleared on the other.
			const outlookBorn = exchange.find((item) => item.email1 === 'outlook-born@example.test')!;
			const crmBorn = crm.find((record) => record.Email === 'crm-born@example.test')!;
			await graph.control.updateItem(outlookBorn.id as string, { businessFax: null, assistantPhone: null, mobilePhone: null, birthday: null, notes: null, homeAddress: null });
			await zoho.control.updateRecords('Contacts', [{ id: crmBorn.id, Fax: null, Other_Phone: null, Mobile: null, Date_of_Birth: null, Description: null, Mailing_Street: null }]);
			const clearing = await runner.run({ object: 'contacts', mailbox: BOB, mode: 'complete' });
			expect(clearing.failures).toEqual([]);
			const cleared = (await zoho.control.records('Contacts')).find((record) => record.id === crm.find((r) => r.Email === 'outlook-born@example.test')!.id)!;
			for (const field of ['Fax', 'Asst_Phone', 'Mobile', 'Date_of_Birth', 'Description', 'Other_City']) expect([field, cleared[field] ?? null]).toEqual([field, null]);
			expect(cleared).toMatchObject({ Phone: '+49 30 100', Other_Phone: '+49 30 103' });
			const clearedItem = (await graph.control.items(BOB, 'contacts')).find((item) => item.email1 === 'crm-born@example.test')!;
			for (const field of ['businessFax', 'otherTelephone', 'mobilePhone', 'birthday', 'notes']) expect([field, clearedItem[field] ?? null]).toEqual([field, null]);
			expect(clearedItem).toMatchObject({ businessPhone: '+45 33 200', assistantPhone: '+45 33 204', businessAddress: expect.objectContaining({ city: 'København' }) });
			expect((clearedItem.businessAddress as Record<string, unknown>).street ?? null).toBeNull();
			const settled = await runner.run({ object: 'contacts', mailbox: BOB, mode: 'complete' });
			expect(settled.writes).toEqual({ exchange: 0, crm: 0 });
		});

		it('reached the mailbox only through the server it was given', async () => {
			const operations = Object.keys((await graph.control.counters()).byOperation);
			const overGraph = operations.filter((operation) => operation === '$batch' || operation.startsWith('contacts.'));
			const overEws = operations.filter((operation) => /^[A-Z]/.test(operation));
			expect(server === 'graph' ? overEws : overGraph).toEqual([]);
			expect(server === 'graph' ? overGraph : overEws).toEqual(expect.arrayContaining(server === 'graph' ? ['contacts.delta', 'contacts.list', '$batch'] : ['SyncFolderItems', 'FindItem']));
		});

		it('keeps every link when the mailbox is then synced through the other server (a mailbox moved between Exchange and Microsoft 365): no create, no delete', async () => {
			const other = new SyncRunner(servers, exchangeAccess(server === 'graph' ? 'ews' : 'graph', graph));
			const people = { exchange: (await world.liveExchange()).length, crm: (await world.liveCrm()).length };
			for (const mailbox of [ALICE, BOB]) {
				// The items have other ids there. Over Graph, translateExchangeIds shows that the EWS ids the
				// links name are the items': nothing is written. EWS cannot read Graph's immutable ids: the
				// first run writes each item's new id into both links, nothing else.
				const items = server === 'ews' ? 0 : (await graph.control.items(mailbox, 'contacts')).length;
				const moved = await other.run({ object: 'contacts', mailbox, mode: 'complete' });
				expect(moved.failures).toEqual([]);
				expect(moved.writes).toEqual({ exchange: items, crm: items });
				const counts = moved.report.counts as Record<string, Record<string, number>>;
				expect([counts.exchange.created, counts.exchange.deleted, counts.crm.created, counts.crm.deleted]).toEqual([0, 0, 0, 0]);
				const rerun = await other.run({ object: 'contacts', mailbox, mode: 'complete' });
				expect(rerun.writes).toEqual({ exchange: 0, crm: 0 });
			}
			expect({ exchange: (await world.liveExchange()).length, crm: (await world.liveCrm()).length }).toEqual(people);
			await expectConverged();
		});
	});
});
