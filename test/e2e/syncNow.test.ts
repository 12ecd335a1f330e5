/**
 * The sync invariants end to end on real n8n (DESIGN §4), through the prebuilt "Sync Now"
 * workflow run by its webhook, asserted on the local Exchange and Zoho servers. The steps share
 * one world and run in order: each starts from what the previous one left.
 */
jest.setTimeout(900_000);

import { DEMO_EXCHANGE, DEMO_PASSWORD, DEMO_PEOPLE, DEMO_ZOHO } from '../emulators/demo/world';
import { SyncWorld } from './support/syncWorld';
import { demoCredentials } from '../../scripts/demo/demoCredentials';
import { ACTIVE_USERS, email, expectContactsInSync } from './support/contacts';
import { readPreviewPage, type PagedJob } from './support/previewPage';
import { CONTACTS_ONLY, EXCHANGE_WRITE, ZOHO_WRITE, SyncRuns, contactNamed, expectConflictSettled, expectInactiveUserNotSynced, expectKilledRunRecovered, expectNoSecretWritten, expectNothingWritten, expectRejectedCredentialThenFixed, expectReinstallWithoutDuplicates, rowsFor } from './support/syncNowScenarios';
import { contactFieldMap } from '../../nodes/ExchangeCrmSync/core/maps/contacts';

type Live = Record<string, Record<string, unknown>>;

/** Each side's live contacts by id: every active user's Exchange contacts, and the CRM's. */
async function liveContacts(world: SyncWorld, users: string[]): Promise<{ exchange: Live; crm: Live }> {
	const exchange = (await Promise.all(users.map((user) => world.exchangeContacts(user)))).flat();
	const crm = (await world.servers.zoho.control.records('Contacts')).filter((record) => !record.$deleted);
	return { exchange: Object.fromEntries(exchange.map((item) => [item.id, item])), crm: Object.fromEntries(crm.map((record) => [record.id as string, record])) };
}

/**
 * What a run did to each side's records, from the records themselves: created, deleted, and per
 * record the synced (mapped) fields whose value changed, by their canonical names.
 */
function changesBetween(before: { exchange: Live; crm: Live }, after: { exchange: Live; crm: Live }) {
	const fields = contactFieldMap('Contacts');
	return Object.fromEntries(
		(['exchange', 'crm'] as const).map((side) => {
			const was = before[side];
			const is = after[side];
			const updated = Object.keys(is)
				.filter((id) => id in was)
				.map((id) => ({
					id,
					fields: fields.filter((spec) => spec[side].keys.some((key) => JSON.stringify(was[id][key] ?? null) !== JSON.stringify(is[id][key] ?? null))).map((spec) => spec.field).sort(),
				}))
				.filter((record) => record.fields.length > 0);
			return [side, { created: Object.keys(is).filter((id) => !(id in was)).map((id) => is[id]), deleted: Object.keys(was).filter((id) => !(id in is)).sort(), updated }];
		}),
	) as Record<'exchange' | 'crm', { created: Array<Record<string, unknown>>; deleted: string[]; updated: Array<{ id: string; fields: string[] }> }>;
}

const contactsJobs = (page: PagedJob[]) => page.filter((job) => job.object === 'contacts').sort((a, b) => a.mailbox.localeCompare(b.mailbox));

describe('Sync Now on real n8n', () => {
	let world: SyncWorld;
	let runs: SyncRuns;
	/** The calls per operation of a run with nothing to do. */
	let quiet: { exchange: Record<string, number>; zoho: Record<string, number> };
	const syncNow = () => runs.syncNow();
	const measure = () => runs.measure();

	beforeAll(async () => {
		world = await SyncWorld.start(CONTACTS_ONLY);
		runs = new SyncRuns(world);
	});

	afterAll(async () => {
		await world?.dispose();
	});

	it('first sync: overlapping contacts are matched, not duplicated; only active CRM users are synced; the report is stored', async () => {
		const rows = await syncNow();
		const contacts = rowsFor(rows, 'contacts');
		expect(contacts.map((row) => row.mailbox).sort()).toEqual(ACTIVE_USERS);
		expect(contacts.every((row) => row.status === 'success')).toBe(true);
		// Each row came back from the Data Table insert, so it is stored there.
		expect(contacts.every((row) => typeof row.id === 'number')).toBe(true);

		for (const user of ACTIVE_USERS) {
			const { exchange } = await expectContactsInSync(world.servers, user);
			const people = DEMO_PEOPLE.filter((person) => person.owner === user).map((person) => person.email);
			expect(exchange.sort()).toEqual(people.sort());
		}
		// Dave is inactive in the CRM: his Exchange-only contact was not copied.
		const dave = DEMO_PEOPLE.filter((person) => person.owner === 'dave@example.test' && person.on === 'exchange');
		const crmEmails = (await world.servers.zoho.control.records('Contacts')).map((record) => email(record.Email));
		for (const person of dave) expect(crmEmails).not.toContain(person.email);
		// Sync writes send `trigger: []`: no Zoho workflow rule ran for them.
		expect(await world.servers.zoho.control.workflowRuns()).toEqual([]);
		expect(world.n8n.outboundAttempts()).toEqual([]);
	});

	it('right after the first sync, a rerun writes nothing; a quiet run reads only changes, at a constant cost', async () => {
		// The first sync linked what it created in the same run (Link Created Records): nothing is
		// left. This run reads back the first sync's own writes (changes since its cursor) and finds
		// them unchanged; the runs after it read nothing but the change queries.
		const afterFirst = await measure();
		const quietRun = await measure();
		const again = await measure();
		for (const run of [afterFirst, quietRun, again]) {
			expectNothingWritten(run.rows);
			for (const write of ['CreateItem', 'UpdateItem', 'DeleteItem']) expect(run.exchange[write]).toBeUndefined();
			for (const write of ['records.insert', 'records.update', 'records.delete']) expect(run.zoho[write]).toBeUndefined();
		}
		process.stdout.write(`quiet Sync Now (contacts, ${ACTIVE_USERS.length} users): Exchange ${JSON.stringify(quietRun.exchange)}, Zoho ${JSON.stringify(quietRun.zoho)}\n`);
		// One Exchange change query per mailbox and one modified-since page per user (the workflow names
		// the fields the sync maps, fewer than the 50 one list request may name): nothing grows with the data.
		expect(quietRun.exchange).toEqual({ SyncFolderItems: ACTIVE_USERS.length });
		expect(quietRun.zoho['records.list']).toBe(ACTIVE_USERS.length);
		expect(again.exchange).toEqual(quietRun.exchange);
		expect(again.zoho).toEqual(quietRun.zoho);
		quiet = { exchange: quietRun.exchange, zoho: quietRun.zoho };
	});

	it('edits on both sides: the default behaviour, CRM always wins, keeps the CRM value on both sides', async () => {
		await expectConflictSettled(world, runs, 'crmWins', 'alice@example.test', 'ana.ribeiro@lumen-labs.test');
	});

	it('edits of different fields on each side both reach the other side under CRM always wins; a field only one side holds is kept', async () => {
		const address = 'jonas.mueller@nordwerk.test';
		const { exchange, crm } = await contactNamed(world, 'alice@example.test', address);
		// Exchange has a pager and Zoho does not; Zoho has a salutation and Exchange does not.
		await world.servers.exchange.control.updateItem(exchange.id, { mobilePhone: '+49 170 555 0199', pager: '+49 40 555 0177' });
		await world.servers.zoho.control.updateRecords('Contacts', [{ id: crm.id, Department: 'Procurement (edited in CRM)', Salutation: 'Mr.' }]);
		const rows = rowsFor(await syncNow(), 'contacts');
		expect(rows.find((row) => row.mailbox === 'alice@example.test')).toMatchObject({ conflicts: 0, errors: 0, status: 'success' });
		const after = await contactNamed(world, 'alice@example.test', address);
		// The CRM's unchanged mobile does not win over the mobile edited in Outlook: only a field both sides changed is a conflict.
		expect([after.exchange.mobilePhone, after.crm.Mobile]).toEqual(['+49 170 555 0199', '+49 170 555 0199']);
		expect([after.exchange.department, after.crm.Department]).toEqual(['Procurement (edited in CRM)', 'Procurement (edited in CRM)']);
		expect(after.exchange.pager).toBe('+49 40 555 0177');
		expect(after.crm.Salutation).toBe('Mr.');
		await expectContactsInSync(world.servers, 'alice@example.test');
		expectNothingWritten(rowsFor(await syncNow(), 'contacts'));
	});

	it('deletes on either side, of records the first sync created, reach the other side in the same run, recoverably, and stay deleted', async () => {
		const lena = await contactNamed(world, 'alice@example.test', 'lena.svensson@fjord.test');
		const priya = await contactNamed(world, 'alice@example.test', 'priya.raman@sundial.test');
		await world.servers.exchange.control.deleteItems([lena.exchange.id]);
		await world.servers.zoho.control.deleteRecords('Contacts', [priya.crm.id]);
		const deletion = await measure();

		expect(deletion.rows.map((row) => [row.mailbox, row.deleted, row.errors, row.status, row.message])).toEqual(
			ACTIVE_USERS.map((user) => [user, user === 'alice@example.test' ? 2 : 0, 0, 'success', '']),
		);
		const { exchange, crm } = await expectContactsInSync(world.servers, 'alice@example.test');
		for (const gone of ['lena.svensson@fjord.test', 'priya.raman@sundial.test']) {
			expect(exchange).not.toContain(gone);
			expect(crm).not.toContain(gone);
		}
		const recycled = (await world.servers.zoho.control.records('Contacts')).find((record) => record.id === lena.crm.id);
		expect(recycled?.$deleted_type).toBe('recycle');
		const deletedItems = await world.servers.exchange.control.items('alice@example.test', 'deleteditems');
		expect(deletedItems.map((item) => email(item.email1))).toContain('priya.raman@sundial.test');
		// Each deletion's partner was read by the deleted id, not by reading everything: the Exchange deletion's
		// with one COQL query (and a read of the record found), the CRM deletion's with one FindItem per mailbox
		// (Zoho lists a module's deletions, so every user's run looks in its own mailbox).
		expect(deletion.zoho.coql).toBe(1);
		// The partner found is read by id, in one more list request.
		expect(deletion.zoho['records.list']).toBe(ACTIVE_USERS.length + 1);
		expect(deletion.exchange).toMatchObject({ SyncFolderItems: ACTIVE_USERS.length, FindItem: ACTIVE_USERS.length, DeleteItem: 1 });

		// The next run reads the deletions this sync made: their partners are gone, so it only looks them up.
		const echo = await measure();
		expectNothingWritten(echo.rows);
		// Zoho lists a module's deletions, so the CRM deletion Alice's run made is looked up in her mailbox, and in
		// the mailboxes of the users whose runs started less than 2 s after it (their CRM reads overlap by 2 s).
		const { FindItem: lookups, ...echoCalls } = echo.exchange;
		expect(echoCalls).toEqual(quiet.exchange);
		expect(lookups).toBeGreaterThanOrEqual(1);
		expect(lookups).toBeLessThanOrEqual(ACTIVE_USERS.length);
		expect(echo.zoho).toEqual({ ...quiet.zoho, coql: 1 });
		const after = await measure();
		expect(after.exchange).toEqual(quiet.exchange);
		expect(after.zoho).toEqual(quiet.zoho);
	});

	it('a rejected Exchange password gives a clear error naming the mailbox and writes nothing; updating the credential resumes the sync', async () => {
		const serviceAccount = DEMO_EXCHANGE.serviceAccount.smtp;
		await expectRejectedCredentialThenFixed(world, runs, {
			reject: () => world.servers.exchange.control.setPassword(serviceAccount, 'changed-password-2'),
			fix: async () => await world.n8n.importCredentials(await demoCredentials(world.servers, { exchangePassword: 'changed-password-2' })),
			problem: 'Exchange rejected the username or password',
			secret: 'changed-password-2',
		});
	});

	it('no secret in anything n8n wrote: database (executions of the failed runs included), logs, output', async () => {
		const secrets = {
			'the Exchange password': DEMO_PASSWORD,
			'the changed Exchange password': 'changed-password-2',
			'the Zoho client secret': DEMO_ZOHO.clientSecret,
			'the Zoho refresh token': DEMO_ZOHO.refreshToken,
		};
		await expectNoSecretWritten(world, secrets, 'Exchange rejected the username or password');
	});

	it('a contact whose CRM owner changes from Alice to Bob leaves Alice\'s mailbox for Bob\'s; the CRM record stays, once', async () => {
		const address = 'ana.ribeiro@lumen-labs.test';
		const { crm } = await contactNamed(world, 'alice@example.test', address);
		const bobId = ((await world.crmContacts('bob@example.test'))[0].Owner as { id: string }).id;
		await world.servers.zoho.control.updateRecords('Contacts', [{ id: crm.id, Owner: { id: bobId } }]);
		const rows = rowsFor(await syncNow(), 'contacts');
		expect(rows.map((row) => [row.mailbox, row.status, row.errors]).sort()).toEqual(ACTIVE_USERS.map((user) => [user, 'success', 0]));
		const inMailbox = async (user: string) => (await world.exchangeContacts(user)).filter((item) => email(item.email1) === address);
		expect(await inMailbox('alice@example.test')).toEqual([]);
		expect(await inMailbox('bob@example.test')).toHaveLength(1);
		const records = (await world.servers.zoho.control.records('Contacts')).filter((record) => !record.$deleted && email(record.Email) === address);
		expect(records.map((record) => [record.id, (record.Owner as { id: string }).id])).toEqual([[crm.id, bobId]]);
		// Alice's copy went to her Deleted Items, recoverable; nothing else moved.
		expect((await world.servers.exchange.control.items('alice@example.test', 'deleteditems')).map((item) => email(item.email1))).toContain(address);
		for (const user of ACTIVE_USERS) await expectContactsInSync(world.servers, user);
		const after = rowsFor(await syncNow(), 'contacts');
		expect(after.every((row) => row.created + row.updated + row.deleted + row.errors === 0)).toBe(true);
	});

	it('a run killed midway and run again: no duplicates, nothing lost', async () => {
		await expectKilledRunRecovered(world, runs, () => world.startN8n());
	});

	it('exchange always wins when the admin chooses it', async () => {
		await world.deploy({ ...CONTACTS_ONLY, conflictBehaviour: 'exchangeWins' });
		await expectConflictSettled(world, runs, 'exchangeWins', 'bob@example.test', 'marco.bianchi@vela.test');
	});

	it('uninstalling the package changes nothing; reinstalling it with a fresh n8n database makes no duplicates', async () => {
		await expectReinstallWithoutDuplicates(world, runs, () => demoCredentials(world.servers, { exchangePassword: 'changed-password-2' }), CONTACTS_ONLY);
	});

	it('a user made inactive in the CRM is no longer synced', async () => {
		await expectInactiveUserNotSynced(world, runs);
	});

	it('Preview Sync Now writes nothing and lists exactly what the next Sync Now then does', async () => {
		// Start from a synced world (and a cursor for every user), then edit both sides.
		await syncNow();
		const alice = 'alice@example.test';
		const bob = 'bob@example.test';
		const [aliceContacts, bobContacts] = [await world.crmContacts(alice), await world.crmContacts(bob)];
		const pick = (records: Array<Record<string, unknown>>, index: number) => email(records[index].Email);
		const edited = await contactNamed(world, alice, pick(aliceContacts, 0));
		const conflicting = await contactNamed(world, alice, pick(aliceContacts, 1));
		const crmEdited = await contactNamed(world, bob, pick(bobContacts, 0));
		const deleted = await contactNamed(world, bob, pick(bobContacts, 1));
		await world.servers.exchange.control.insertItems(alice, 'contact', [{ givenName: 'Petra', surname: 'Preview', email1: 'petra.preview@preview.test' }]);
		await world.servers.zoho.control.insertRecords('Contacts', [{ First_Name: 'Otto', Last_Name: 'Preview', Email: 'otto.preview@preview.test', Owner: bobContacts[0].Owner }]);
		await world.servers.exchange.control.updateItem(edited.exchange.id, { jobTitle: 'Head of <Preview> & Co' });
		await world.servers.exchange.control.updateItem(conflicting.exchange.id, { jobTitle: 'Title from Exchange' });
		await world.servers.zoho.control.updateRecords('Contacts', [
			{ id: conflicting.crm.id, Title: 'Title from CRM' },
			{ id: crmEdited.crm.id, Department: 'Preview department' },
		]);
		await world.servers.exchange.control.deleteItems([deleted.exchange.id]);

		const { exchange, zoho } = world.servers;
		const previewOnce = async () => {
			await Promise.all([exchange.control.resetCounters(), zoho.control.resetCounters()]);
			const page = await world.preview({ objects: 'contacts' });
			const [exchangeCalls, zohoCalls] = await Promise.all([exchange.control.counters(), zoho.control.counters()]);
			return { page, exchangeCalls: exchangeCalls.byOperation, zohoCalls: zohoCalls.byOperation };
		};
		const started = Date.now();
		const first = await previewOnce();
		process.stdout.write(`Preview Sync Now (contacts): ${Date.now() - started} ms, Exchange ${JSON.stringify(first.exchangeCalls)}, Zoho ${JSON.stringify(first.zohoCalls)}\n`);
		// It read both sides, and no call that writes reached either server.
		expect(first.exchangeCalls.SyncFolderItems).toBeGreaterThan(0);
		expect(first.zohoCalls['records.list']).toBeGreaterThan(0);
		expect(Object.keys(first.exchangeCalls).filter((operation) => EXCHANGE_WRITE.test(operation))).toEqual([]);
		expect(Object.keys(first.zohoCalls).filter((operation) => ZOHO_WRITE.test(operation))).toEqual([]);
		// Values are escaped on the page.
		expect(first.page).toContain('Head of &lt;Preview&gt; &amp; Co');
		expect(first.page).not.toContain('<Preview>');

		const planned = contactsJobs(readPreviewPage(first.page));
		expect(planned.map((job) => job.error)).toEqual(planned.map(() => undefined));
		// Every user reads changes since a saved cursor: the proof below that the preview saved none is meaningful.
		expect(planned.every((job) => job.since !== '')).toBe(true);
		// A second preview sees the same edits from the same cursor: the first saved no cursor and no link.
		const second = await previewOnce();
		expect(contactsJobs(readPreviewPage(second.page))).toEqual(planned);
		expect(Object.keys(second.zohoCalls).filter((operation) => ZOHO_WRITE.test(operation))).toEqual([]);

		const aliceJob = planned.find((job) => job.mailbox === alice)!;
		const bobJob = planned.find((job) => job.mailbox === bob)!;
		expect(aliceJob.conflicts).toEqual([
			{ syncId: conflicting.exchange.syncId, route: 'crmWins', fields: { jobTitle: ['Title from Exchange', 'Title from CRM'] } },
		]);
		expect(aliceJob.writes).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ side: 'crm', action: 'update', recordId: edited.crm.id, fields: { jobTitle: [String(edited.crm.Title || '(empty)'), 'Head of <Preview> & Co'] } }),
				expect.objectContaining({ side: 'exchange', action: 'update', recordId: conflicting.exchange.id, fields: { jobTitle: ['Title from Exchange', 'Title from CRM'] } }),
				expect.objectContaining({ side: 'crm', action: 'create', fields: expect.objectContaining({ email1: ['petra.preview@preview.test'] }) }),
			]),
		);
		expect(bobJob.writes).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ side: 'exchange', action: 'update', recordId: crmEdited.exchange.id, fields: { department: [String(crmEdited.exchange.department || '(empty)'), 'Preview department'] } }),
				expect.objectContaining({ side: 'crm', action: 'delete', recordId: deleted.crm.id }),
				expect.objectContaining({ side: 'exchange', action: 'create', fields: expect.objectContaining({ email1: ['otto.preview@preview.test'] }) }),
			]),
		);

		// The real run: its report and the servers' records show exactly the listed writes.
		const users = planned.map((job) => job.mailbox);
		const before = await liveContacts(world, users);
		const rows = rowsFor(await syncNow(), 'contacts');
		const after = await liveContacts(world, users);
		for (const job of planned) {
			const row = rows.find((candidate) => candidate.mailbox === job.mailbox)!;
			expect([row.created, row.updated, row.deleted, row.conflicts, row.errors]).toEqual([job.counts.created, job.counts.updated, job.counts.deleted, job.counts.conflicts, job.counts.notWritten]);
		}
		const done = changesBetween(before, after);
		const listed = planned.flatMap((job) => job.writes);
		for (const side of ['exchange', 'crm'] as const) {
			const ofSide = listed.filter((write) => write.side === side);
			expect(done[side].created.map((record) => email(side === 'exchange' ? record.email1 : record.Email)).sort()).toEqual(
				ofSide.filter((write) => write.action === 'create').map((write) => write.fields.email1[0]).sort(),
			);
			expect(done[side].deleted).toEqual(ofSide.filter((write) => write.action === 'delete').map((write) => write.recordId).sort());
			// Updates with field changes, field by field (the other updates only refresh the sync link).
			expect(done[side].updated.sort((a, b) => a.id.localeCompare(b.id))).toEqual(
				ofSide
					.filter((write) => write.action === 'update' && Object.keys(write.fields).length > 0)
					.map((write) => ({ id: write.recordId, fields: Object.keys(write.fields).sort() }))
					.sort((a, b) => String(a.id).localeCompare(String(b.id))),
			);
		}
		expect(after.crm[edited.crm.id].Title).toBe('Head of <Preview> & Co');
		expect(after.exchange[conflicting.exchange.id].jobTitle).toBe('Title from CRM');
		expect(after.exchange[crmEdited.exchange.id].department).toBe('Preview department');

		// The run saved its cursor; the preview after it has nothing left to do.
		const settled = contactsJobs(readPreviewPage((await previewOnce()).page));
		for (const job of settled) {
			expect([job.writes, job.conflicts, job.counts]).toEqual([[], [], { created: 0, updated: 0, deleted: 0, conflicts: 0, heldDeletes: 0, notWritten: 0 }]);
			expect(job.since).not.toBe(planned.find((previewed) => previewed.mailbox === job.mailbox)!.since);
		}
	});
});
