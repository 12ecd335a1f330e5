/**
 * The Microsoft 365 workflows (workflows/microsoft-365/) on real n8n: Sync Now over Microsoft
 * Graph against the local Microsoft 365 server, with the demo app registration: every object of
 * the set in the first run and the quiet run, then contacts in detail, with the scenarios shared
 * with EWS (support/syncNowScenarios.ts). The same outcomes as over EWS (test/e2e/syncNow.test.ts),
 * and not one EWS call on the way. The steps share one world and run in order.
 */
jest.setTimeout(900_000);

import { DEMO_GRAPH, DEMO_PEOPLE, DEMO_ZOHO } from '../emulators/demo/world';
import { demoCredentials } from '../../scripts/demo/demoCredentials';
import { SyncWorld } from './support/syncWorld';
import { ACTIVE_USERS, email, expectContactsInSync } from './support/contacts';
import { readPreviewPage } from './support/previewPage';
import { CONTACTS_ONLY, SyncRuns, contactNamed, expectConflictSettled, expectInactiveUserNotSynced, expectKilledRunRecovered, expectNoSecretWritten, expectNothingWritten, expectRejectedCredentialThenFixed, expectReinstallWithoutDuplicates } from './support/syncNowScenarios';
import { MICROSOFT_365_OBJECTS } from '../../scripts/workflows/microsoft365';

const ALICE = 'alice@example.test';
/** EWS operations a sync would call; over Graph none may appear. */
const EWS_OPERATIONS = ['SyncFolderItems', 'FindItem', 'GetItem', 'CreateItem', 'UpdateItem', 'DeleteItem'];
const BOB = 'bob@example.test';
const GRAPH_WRITES = ['contacts.create', 'contacts.update', 'contacts.delete'];
const WRONG_SECRET = 'wrong-graph-secret-7';

describe('Sync Now for Microsoft 365 on real n8n', () => {
	let world: SyncWorld;
	let runs: SyncRuns;
	const measure = () => runs.measure();
	const contactOf = (user: string, address: string) => contactNamed(world, user, address);

	beforeAll(async () => {
		world = await SyncWorld.start({}, { microsoft365: true });
		runs = new SyncRuns(world);
	});

	afterAll(async () => {
		await world?.dispose();
	});

	it('the first sync matches and copies every active user\'s contacts, tasks, events and mail over Graph, with no EWS call', async () => {
		const first = await measure();
		expect(first.rows.map((row) => row.mailbox).sort()).toEqual(ACTIVE_USERS);
		expect(first.all.map((row) => [row.mailbox, row.object, row.status, row.errors, row.message]).sort()).toEqual(
			ACTIVE_USERS.flatMap((user) => MICROSOFT_365_OBJECTS.map((object) => [user, object, 'success', 0, ''])).sort(),
		);
		// Alice's demo calendar and mail reach the CRM.
		const alice = (object: string) => first.all.find((row) => row.mailbox === ALICE && row.object === object)!;
		expect(alice('events').created).toBeGreaterThan(0);
		expect(alice('mail').created).toBeGreaterThan(0);
		for (const user of ACTIVE_USERS) {
			const { exchange } = await expectContactsInSync(world.servers, user);
			expect(exchange.sort()).toEqual(DEMO_PEOPLE.filter((person) => person.owner === user).map((person) => person.email).sort());
		}
		for (const operation of EWS_OPERATIONS) expect(first.exchange[operation]).toBeUndefined();
		expect(first.exchange['contacts.create']).toBeGreaterThan(0);
		expect(world.n8n.outboundAttempts()).toEqual([]);
	});

	it('a quiet run writes nothing for any object and reads one contacts delta page per mailbox', async () => {
		await measure(); // reads back the first sync's own writes
		const quiet = await measure();
		expectNothingWritten(quiet.all);
		for (const write of GRAPH_WRITES) expect(quiet.exchange[write]).toBeUndefined();
		for (const write of ['records.insert', 'records.update', 'records.delete']) expect(quiet.zoho[write]).toBeUndefined();
		expect(quiet.exchange['contacts.delta']).toBe(ACTIVE_USERS.length);
		for (const operation of EWS_OPERATIONS) expect(quiet.exchange[operation]).toBeUndefined();
	});

	it('edits of different fields on each side both arrive; the run after writes nothing', async () => {
		const address = 'jonas.mueller@nordwerk.test';
		const { exchange, crm } = await contactOf(ALICE, address);
		await world.servers.exchange.control.updateItem(exchange.id, { mobilePhone: '+49 170 555 0199', pager: '+49 40 555 0177' });
		await world.servers.zoho.control.updateRecords('Contacts', [{ id: crm.id, Department: 'Procurement (edited in CRM)' }]);
		const run = await measure();
		expect(run.rows.find((row) => row.mailbox === ALICE)).toMatchObject({ conflicts: 0, errors: 0, status: 'success', message: '' });
		const after = await contactOf(ALICE, address);
		expect([after.exchange.mobilePhone, after.crm.Mobile]).toEqual(['+49 170 555 0199', '+49 170 555 0199']);
		expect([after.exchange.department, after.crm.Department]).toEqual(['Procurement (edited in CRM)', 'Procurement (edited in CRM)']);
		// Graph has no pager property: it travels as the contact's MAPI property and stays.
		expect(after.exchange.pager).toBe('+49 40 555 0177');
		await expectContactsInSync(world.servers, ALICE);
		expectNothingWritten((await measure()).rows);
	});

	it('Preview Sync Now over Graph lists an Outlook edit and writes nothing; the next Sync Now makes exactly that write', async () => {
		const address = 'ana.ribeiro@lumen-labs.test';
		const { exchange } = await contactOf(ALICE, address);
		await world.servers.exchange.control.updateItem(exchange.id, { jobTitle: 'CTO (previewed)' });
		await runs.afterLastRun();
		await Promise.all([world.servers.exchange.control.resetCounters(), world.servers.zoho.control.resetCounters()]);
		const jobs = readPreviewPage(await world.preview({ objects: 'contacts', users: ALICE }));
		const [graphCalls, zohoCalls] = await Promise.all([world.servers.exchange.control.counters(), world.servers.zoho.control.counters()]);
		for (const write of GRAPH_WRITES) expect(graphCalls.byOperation[write]).toBeUndefined();
		for (const operation of EWS_OPERATIONS) expect(graphCalls.byOperation[operation]).toBeUndefined();
		for (const write of ['records.insert', 'records.update', 'records.delete']) expect(zohoCalls.byOperation[write]).toBeUndefined();
		expect(jobs.map((job) => [job.mailbox, job.error])).toEqual([[ALICE, undefined]]);
		const [job] = jobs;
		expect(job.writes.map((write) => write.action)).not.toContain('create');
		expect(job.writes.map((write) => write.action)).not.toContain('delete');
		// Fields are named as the sync's field map names them (the Exchange field), old → new.
		expect(job.writes.find((write) => write.side === 'crm')?.fields).toEqual({ jobTitle: [exchange.jobTitle, 'CTO (previewed)'] });
		const run = await measure();
		expect(run.rows.find((row) => row.mailbox === ALICE)).toMatchObject({ created: 0, updated: job.counts.updated, deleted: 0, errors: 0, message: '' });
		expect((await contactOf(ALICE, address)).crm.Title).toBe('CTO (previewed)');
	});

	it('a contact deleted in Outlook leaves the CRM, and a record deleted in the CRM leaves Outlook, both recoverably', async () => {
		const [fromOutlook, fromCrm] = (await world.exchangeContacts(ALICE)).slice(0, 2).map((contact) => email(contact.email1));
		const outlookSide = await contactOf(ALICE, fromOutlook);
		const crmSide = await contactOf(ALICE, fromCrm);
		await world.servers.exchange.control.deleteItems([outlookSide.exchange.id]);
		await world.servers.zoho.control.deleteRecords('Contacts', [crmSide.crm.id]);
		const run = await measure();
		expect(run.rows.find((row) => row.mailbox === ALICE)).toMatchObject({ deleted: 2, errors: 0, status: 'success', message: '' });
		expect(run.exchange['contacts.delete']).toBe(1);
		const crmLeft = (await world.crmContacts(ALICE)).map((record) => email(record.Email));
		const exchangeLeft = (await world.exchangeContacts(ALICE)).map((contact) => email(contact.email1));
		expect(crmLeft).not.toContain(fromOutlook);
		expect(exchangeLeft).not.toContain(fromCrm);
		// In Deleted Items, where the user can restore it.
		const deletedItems = await world.servers.exchange.control.items(ALICE, 'deleteditems');
		expect(deletedItems.map((item) => email(item.email1))).toContain(fromCrm);
		await expectContactsInSync(world.servers, ALICE);
		expectNothingWritten((await measure()).rows);
	});

	it('a job title changed on both sides: CRM always wins by default', async () => {
		await expectConflictSettled(world, runs, 'crmWins', BOB, 'marco.bianchi@vela.test');
	});

	it('a wrong client secret in the Microsoft 365 credential: a clear error per user and nothing written; the corrected secret resumes the sync', async () => {
		await expectRejectedCredentialThenFixed(world, runs, {
			reject: async () => await world.n8n.importCredentials(await demoCredentials(world.servers, { graphClientSecret: WRONG_SECRET })),
			fix: async () => await world.n8n.importCredentials(await demoCredentials(world.servers)),
			problem: 'The client secret is wrong',
			secret: WRONG_SECRET,
		});
	});

	it('no secret or access token in anything n8n wrote: database (executions of the failed runs included), logs, output', async () => {
		const secrets = {
			'the Graph client secret': DEMO_GRAPH.clientSecret,
			'the wrong Graph client secret': WRONG_SECRET,
			'the Zoho client secret': DEMO_ZOHO.clientSecret,
			'the Zoho refresh token': DEMO_ZOHO.refreshToken,
		};
		await expectNoSecretWritten(world, secrets, 'The client secret is wrong', DEMO_GRAPH.clientId);
	});

	it('a run killed midway and run again: no duplicates, nothing lost', async () => {
		// n8n comes back with the admin's next change: contacts only, Exchange always wins.
		await expectKilledRunRecovered(world, runs, () => world.deploy({ ...CONTACTS_ONLY, conflictBehaviour: 'exchangeWins' }));
	});

	it('Exchange always wins when the admin chooses it', async () => {
		await expectConflictSettled(world, runs, 'exchangeWins', BOB, 'grace.okafor@baobab.test');
	});

	it('uninstalling the package changes nothing; reinstalling it with a fresh n8n database makes no duplicates', async () => {
		// The fresh database gets the admin's next change too: newest wins.
		await expectReinstallWithoutDuplicates(world, runs, () => demoCredentials(world.servers), { ...CONTACTS_ONLY, conflictBehaviour: 'newestWins' });
	});

	it('newest wins: the side edited last gives the value', async () => {
		await expectConflictSettled(world, runs, 'newestWins', BOB, 'diego.fernandez@pampa.test');
	});

	it('send to conflicts: each side keeps its value until an admin decides', async () => {
		await world.deploy({ ...CONTACTS_ONLY, conflictBehaviour: 'sendToConflicts' });
		await expectConflictSettled(world, runs, 'sendToConflicts', BOB, 'chloe.dubois@atelier.test');
	});

	it('a user made inactive in the CRM is no longer synced', async () => {
		await expectInactiveUserNotSynced(world, runs);
	});
});
