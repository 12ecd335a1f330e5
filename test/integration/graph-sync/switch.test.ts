/**
 * A mailbox synced through the nodes over EWS, then switched to Microsoft 365 (Graph), as when it
 * moves from Exchange Server to Exchange Online: the links EWS wrote are the named properties Graph
 * reads, so the first run over Graph creates nothing, deletes nothing and writes nothing, to
 * Exchange or to the CRM (the servers' request counters say so), and neither do the runs after
 * it; edits and deletes then travel as before. To Do cannot show the links EWS wrote on tasks:
 * they are re-linked once, never duplicated, and the run after writes nothing.
 */
import { DateTime } from 'luxon';
import { SyncRunner, type SyncCursor, type SyncRunResult } from '../../../bench/pipeline';
import type { BenchServers } from '../../../bench/servers';
import { crmTask, exchangeTask } from '../../../bench/world';
import type { GraphEmulatorHandle } from '../../emulators/graph/harness';
import type { ZohoEmulator } from '../../emulators/zoho-crm/harness';
import { ContactWorld } from '../../reliability/support/contactWorld';
import { ALICE } from '../graph-transport/support';
import { exchangeAccess, useSyncServers } from './support';

jest.setTimeout(90_000);

/** Near now, so that the events lie in the delta's window. */
const DAY = DateTime.now().toUTC().startOf('day').plus({ days: 7 });
const at = (days: number, hour: number) => DAY.plus({ days, hours: hour });
const zohoTime = (time: DateTime) => time.setZone('Europe/Berlin').toFormat("yyyy-MM-dd'T'HH:mm:ssZZ");

/** Requests that change something: Graph's and EWS's writes, Zoho's. */
const WRITE_OPERATION =
	/\.(create|update|upsert|insert|delete|cancel|send|move|copy|associate|accept|tentativelyAccept|decline)$|^(sendMail|CreateItem|UpdateItem|DeleteItem|MoveItem|CopyItem|SendItem|CreateAttachment|DeleteAttachment)$/;

type SyncObject = 'contacts' | 'events' | 'tasks';

describe('a mailbox synced over EWS, then over Microsoft 365 (Graph)', () => {
	let graph: GraphEmulatorHandle;
	let zoho: ZohoEmulator;
	let servers: BenchServers;
	let overEws: SyncRunner;
	let overGraph: SyncRunner;
	let contacts: ContactWorld;

	useSyncServers('Europe/Berlin', async (started) => {
		({ graph, zoho, servers } = started);
		overEws = new SyncRunner(servers, exchangeAccess('ews', graph));
		overGraph = new SyncRunner(servers, exchangeAccess('graph', graph));
		await overEws.prepareCrm(['Contacts', 'Events', 'Tasks']);
		const owner = { id: String(servers.owners.get(ALICE)) };

		contacts = new ContactWorld(servers, ALICE);
		// More than a Graph page (10) and a $batch (20) on each side.
		await contacts.seed(24);

		const single = (n: number) => ({ subject: `Outlook call ${n}`, start: at(n % 5, 8 + (n % 8)).toISO(), end: at(n % 5, 8 + (n % 8)).plus({ minutes: 30 }).toISO(), timeZone: 'Europe/Berlin', location: 'Phone' });
		const events = await graph.control.insertItems(ALICE, 'event', [
			...Array.from({ length: 12 }, (_, n) => single(n)),
			{ subject: 'Outlook meeting', start: at(1, 14).toISO(), end: at(1, 15).toISO(), timeZone: 'Europe/Berlin', requiredAttendees: [{ email: 'bob@example.test' }, { email: 'carol@example.test' }] },
			{ subject: 'Outlook weekly', start: at(0, 9).toISO(), end: at(0, 10).toISO(), timeZone: 'Europe/Berlin', recurrence: { rrule: 'FREQ=WEEKLY;COUNT=6' } },
		]);
		const seriesId = events[events.length - 1].id;
		await graph.control.updateOccurrence(seriesId, { index: 2 }, { subject: 'Outlook weekly, moved', start: at(8, 11).toISO(), end: at(8, 12).toISO() });
		await graph.control.deleteOccurrence(seriesId, { index: 4 });
		await zoho.control.insertRecords(
			'Events',
			Array.from({ length: 10 }, (_, n) => ({ Event_Title: `CRM visit ${n}`, Start_DateTime: zohoTime(at(n % 5, 9 + (n % 7))), End_DateTime: zohoTime(at(n % 5, 10 + (n % 7))), Venue: 'Office', Owner: owner })),
		);

		await graph.control.insertItems(ALICE, 'task', Array.from({ length: 14 }, (_, n) => exchangeTask(ALICE, n)));
		await zoho.control.insertRecords('Tasks', Array.from({ length: 14 }, (_, n) => crmTask(ALICE, n + 7, owner.id)));
	});

	/** Each object's changes-only cursor, kept across the switch as the workflows keep it. */
	const cursors: Partial<Record<SyncObject, SyncCursor>> = {};

	async function sync(through: SyncRunner, object: SyncObject, mode: 'complete' | 'changes'): Promise<SyncRunResult> {
		const result = await through.run({ object, mailbox: ALICE, mode, cursor: mode === 'changes' ? (cursors[object] ?? {}) : {} });
		expect(result.failures).toEqual([]);
		if (mode === 'changes') cursors[object] = result.cursor;
		return result;
	}

	/** The write requests both servers received since the last call. */
	async function writeRequests(): Promise<Record<string, number>> {
		const [exchange, crm] = [await graph.control.counters(), await zoho.control.counters()];
		await Promise.all([graph.control.resetCounters(), zoho.control.resetCounters()]);
		return Object.fromEntries(Object.entries({ ...exchange.byOperation, ...crm.byOperation }).filter(([operation]) => WRITE_OPERATION.test(operation)));
	}

	const createdOrDeleted = (result: SyncRunResult) => {
		const counts = result.report.counts as Record<string, Record<string, number>>;
		return [counts.exchange.created, counts.exchange.deleted, counts.crm.created, counts.crm.deleted];
	};

	const liveCounts = async (object: SyncObject) => {
		const folder = { contacts: 'contacts', events: 'calendar', tasks: 'tasks' }[object];
		const module = { contacts: 'Contacts', events: 'Events', tasks: 'Tasks' }[object];
		const exchange = (await graph.control.items(ALICE, folder)).filter((item) => !item.isCancelled).length;
		const crm = (await zoho.control.records(module)).filter((record) => !record.$deleted).length;
		return { exchange, crm };
	};

	it.each<SyncObject>(['contacts', 'events', 'tasks'])('%s: synced over EWS, a complete and a changes-only run settle and write nothing', async (object) => {
		await sync(overEws, object, 'complete');
		await sync(overEws, object, 'changes');
		expect((await sync(overEws, object, 'changes')).writes).toEqual({ exchange: 0, crm: 0 });
	});

	it.each<SyncObject>(['contacts', 'events'])('%s: the first runs over Graph write nothing, create nothing, delete nothing', async (object) => {
		const before = await liveCounts(object);
		await writeRequests();
		// The complete run (Sync Now), and the changes-only run whose EWS cursor Graph refuses: both read everything.
		const complete = await sync(overGraph, object, 'complete');
		const changes = await sync(overGraph, object, 'changes');
		expect(changes.outputs.find((item) => item.json.summary === true)?.json).toMatchObject({ cursorReset: true, deleted: 0 });
		const next = await sync(overGraph, object, 'changes');
		for (const run of [complete, changes, next]) {
			expect(run.writes).toEqual({ exchange: 0, crm: 0 });
			expect(createdOrDeleted(run)).toEqual([0, 0, 0, 0]);
			expect(run.report.massDelete).toMatchObject({ blocked: false, wouldDelete: 0 });
		}
		expect(await writeRequests()).toEqual({});
		expect(await liveCounts(object)).toEqual(before);
		if (object === 'events') expect(await graph.control.counters()).toMatchObject({ invitationsByMeeting: {}, cancellationsByMeeting: {} });
	});

	it('tasks: To Do cannot show the links EWS wrote, so each task is re-linked once, none duplicated, none deleted; the runs after write nothing', async () => {
		const before = await liveCounts('tasks');
		await writeRequests();
		const moved = await sync(overGraph, 'tasks', 'changes');
		expect(moved.outputs.find((item) => item.json.summary === true)?.json).toMatchObject({ cursorReset: true, deleted: 0 });
		expect(createdOrDeleted(moved)).toEqual([0, 0, 0, 0]);
		expect(moved.writes).toEqual({ exchange: before.exchange, crm: before.crm });
		expect(moved.report.massDelete).toMatchObject({ blocked: false, wouldDelete: 0 });
		await writeRequests();
		expect((await sync(overGraph, 'tasks', 'changes')).writes).toEqual({ exchange: 0, crm: 0 });
		expect((await sync(overGraph, 'tasks', 'complete')).writes).toEqual({ exchange: 0, crm: 0 });
		expect(await writeRequests()).toEqual({});
		expect(await liveCounts('tasks')).toEqual(before);
	});

	it('contacts: after the switch edits and deletions travel each way over Graph in changes-only runs', async () => {
		const [person, other, deletedInCrm, deletedInOutlook] = [...contacts.people.values()].filter((entry) => !entry.deleted);
		const itemOf = async (entry: { email: string }) => (await contacts.liveExchange()).find((item) => item.email1 === entry.email);
		const recordOf = async (entry: { email: string }) => (await contacts.liveCrm()).find((record) => record.Email === entry.email);
		// Graph's and Zoho's times are whole seconds: the edits come a second after the cursor.
		await new Promise((resolve) => setTimeout(resolve, 1_100));
		await graph.control.updateItem(String((await itemOf(person))!.id), { jobTitle: 'Edited in Outlook' });
		await zoho.control.updateRecords('Contacts', [{ id: (await recordOf(other))!.id, Department: 'Edited in CRM' }]);
		await zoho.control.deleteRecords('Contacts', [(await recordOf(deletedInCrm))!.id]);
		// Deleted in Outlook: to Deleted Items, where Graph still reads its link.
		await graph.control.deleteItems([String((await itemOf(deletedInOutlook))!.id)]);
		const run = await sync(overGraph, 'contacts', 'changes');
		expect(createdOrDeleted(run)).toEqual([0, 1, 0, 1]);
		expect(await recordOf(person)).toMatchObject({ Title: 'Edited in Outlook' });
		expect(await itemOf(other)).toMatchObject({ department: 'Edited in CRM' });
		expect(await itemOf(deletedInCrm)).toBeUndefined();
		expect(await recordOf(deletedInOutlook)).toBeUndefined();
		expect((await sync(overGraph, 'contacts', 'changes')).writes).toEqual({ exchange: 0, crm: 0 });
	});

	it('contacts: an item purged after the switch, its link naming its EWS id, reaches the CRM on the next complete run', async () => {
		// One no run has written since the switch (a record just written is read again, with its partner).
		const [, , , , purged] = [...contacts.people.values()].filter((entry) => !entry.deleted);
		const item = (await contacts.liveExchange()).find((entry) => entry.email1 === purged.email)!;
		await graph.control.deleteItems([String(item.id)], true);
		// Graph names a purged item by its Graph id alone: the changes-only run cannot find its CRM record.
		const changes = await sync(overGraph, 'contacts', 'changes');
		expect(changes.writes).toEqual({ exchange: 0, crm: 0 });
		expect((await contacts.liveCrm()).find((record) => record.Email === purged.email)).toBeDefined();
		const complete = await sync(overGraph, 'contacts', 'complete');
		expect(createdOrDeleted(complete)).toEqual([0, 0, 0, 1]);
		expect((await contacts.liveCrm()).find((record) => record.Email === purged.email)).toBeUndefined();
	});
});
