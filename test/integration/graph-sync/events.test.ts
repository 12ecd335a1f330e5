/**
 * The events sync with the Exchange side over Microsoft 365 (Graph) and over EWS, the same
 * scenario and the same expected writes on each: the first run links and creates without
 * duplicates (a meeting, an all-day event, a series with a modified and a cancelled occurrence
 * among them), a rerun writes nothing, edits and deletes travel both ways, and the changes-only
 * path (calendarView delta or SyncFolderItems, a refused cursor included) does the same without
 * duplicates or deletes. More events than a $batch (20) on each side.
 */
import { DateTime } from 'luxon';
import { SyncRunner, type SyncCursor, type SyncRunOptions } from '../../../bench/pipeline';
import type { BenchServers } from '../../../bench/servers';
import type { GraphEmulatorHandle } from '../../emulators/graph/harness';
import type { ZohoEmulator } from '../../emulators/zoho-crm/harness';
import { ALICE } from '../graph-transport/support';
import { exchangeAccess, useSyncServers, type Server } from './support';

jest.setTimeout(60_000);

/** Near now, so that the events lie in the delta's window. */
const DAY = DateTime.now().toUTC().startOf('day').plus({ days: 7 });
const at = (days: number, hour: number) => DAY.plus({ days, hours: hour });
const berlinMidnight = (days: number) => DAY.setZone('Europe/Berlin', { keepLocalTime: true }).plus({ days });
const zoho = (time: DateTime) => time.setZone('Europe/Berlin').toFormat("yyyy-MM-dd'T'HH:mm:ssZZ");

describe.each<Server>(['graph', 'ews'])('events sync with Exchange over %s', (server) => {
	let graph: GraphEmulatorHandle;
	let crm: ZohoEmulator;
	let servers: BenchServers;
	let runner: SyncRunner;
	let seriesId: string;

	useSyncServers('Europe/Berlin', async (started) => {
		({ graph, zoho: crm, servers } = started);
		const owner = { id: String(servers.owners.get(ALICE)) };
		runner = new SyncRunner(servers, exchangeAccess(server, graph));
		await runner.prepareCrm(['Events']);
		const single = (n: number) => ({ subject: `Outlook call ${n}`, start: at(n % 5, 8 + (n % 8)).toISO(), end: at(n % 5, 8 + (n % 8)).plus({ minutes: 30 }).toISO(), timeZone: 'Europe/Berlin', location: 'Phone' });
		const inserted = await graph.control.insertItems(ALICE, 'event', [
			...Array.from({ length: 22 }, (_, n) => single(n)),
			{ subject: 'Outlook meeting', start: at(1, 14).toISO(), end: at(1, 15).toISO(), timeZone: 'Europe/Berlin', requiredAttendees: [{ email: 'bob@example.test' }] },
			{ subject: 'Outlook all day', start: berlinMidnight(2).toISO(), end: berlinMidnight(3).toISO(), timeZone: 'Europe/Berlin', isAllDay: true },
			{ subject: 'Outlook weekly', start: at(0, 9).toISO(), end: at(0, 10).toISO(), timeZone: 'Europe/Berlin', recurrence: { rrule: 'FREQ=WEEKLY;COUNT=6' } },
		]);
		seriesId = inserted[inserted.length - 1].id;
		await graph.control.updateOccurrence(seriesId, { index: 2 }, { subject: 'Outlook weekly, moved', start: at(8, 11).toISO(), end: at(8, 12).toISO() });
		await graph.control.deleteOccurrence(seriesId, { index: 4 });
		await crm.control.insertRecords(
			'Events',
			Array.from({ length: 21 }, (_, n) => ({
				Event_Title: `CRM visit ${n}`,
				Start_DateTime: zoho(at(n % 5, 9 + (n % 7))),
				End_DateTime: zoho(at(n % 5, 10 + (n % 7))),
				Venue: 'Office',
				Owner: { id: owner.id },
			})),
		);
	});

	let cursor: SyncCursor = {};

	async function sync(mode: SyncRunOptions['mode']) {
		const result = await runner.run({ object: 'events', mailbox: ALICE, mode, cursor: mode === 'changes' ? cursor : {} });
		expect(result.failures).toEqual([]);
		if (mode === 'changes') cursor = result.cursor;
		return result;
	}

	const exchangeEvents = async () => (await graph.control.items(ALICE, 'calendar')).filter((item) => !item.isCancelled);
	const crmEvents = async () => (await crm.control.records('Events')).filter((record) => !record.$deleted);
	const titles = (list: Array<Record<string, unknown>>, key: string) => list.map((item) => String(item[key])).sort();

	/** Both sides hold the same events, each once and linked (a series with its exceptions is one CRM event). */
	async function expectConverged() {
		const [exchange, records] = [await exchangeEvents(), await crmEvents()];
		const subjects = titles(exchange, 'subject');
		expect(new Set(subjects).size).toBe(subjects.length);
		expect(exchange.every((item) => item.syncId)).toBe(true);
		const crmTitles = titles(records, 'Event_Title');
		expect(crmTitles).toEqual(subjects);
		return { exchange, records };
	}

	it('links the events on both sides and creates the rest, without duplicates; a second run writes nothing', async () => {
		const first = await sync('complete');
		// The same writes over both servers: the CRM creates (and their links in Exchange), the Exchange creates, the sync state on both sides.
		expect(first.writes).toEqual({ exchange: 67, crm: 71 });
		const { exchange, records } = await expectConverged();
		expect(exchange).toHaveLength(25 + 21);
		expect(records).toHaveLength(25 + 21);
		expect((await sync('complete')).writes).toEqual({ exchange: 0, crm: 0 });
		// Over Graph, writing the link and the sync state into the meeting mailed none of its attendees
		// (over EWS the state write goes with "send to changed", which the local Exchange server counts as an update).
		const counters = await graph.control.counters();
		if (server === 'graph') expect([counters.invitationsByMeeting, counters.cancellationsByMeeting]).toEqual([{}, {}]);
	});

	it('carries edits and deletes both ways', async () => {
		const exchange = await exchangeEvents();
		const records = await crmEvents();
		const edited = exchange.find((item) => item.subject === 'Outlook call 3')!;
		await graph.control.updateItem(String(edited.id), { subject: 'Outlook call 3, renamed', location: 'Room 2' });
		const renamed = records.find((record) => record.Event_Title === 'CRM visit 4')!;
		await crm.control.updateRecords('Events', [{ id: renamed.id, Event_Title: 'CRM visit 4, renamed' }]);
		await graph.control.deleteItems([String(exchange.find((item) => item.subject === 'Outlook call 5')!.id)]);
		await crm.control.deleteRecords('Events', [String(records.find((record) => record.Event_Title === 'CRM visit 6')!.id)]);
		const result = await sync('complete');
		expect(result.writes).toEqual({ exchange: 3, crm: 3 });
		const converged = await expectConverged();
		expect(converged.records.find((record) => record.Event_Title === 'Outlook call 3, renamed')).toMatchObject({ Venue: 'Room 2' });
		expect((await sync('complete')).writes).toEqual({ exchange: 0, crm: 0 });
	});

	it('syncs changes only, and a refused cursor costs a full read, never a duplicate or a delete', async () => {
		expect((await sync('changes')).writes).toEqual({ exchange: 0, crm: 0 });
		expect((await sync('changes')).writes).toEqual({ exchange: 0, crm: 0 });
		// Graph's and Zoho's times are whole seconds: the edits come a second after the cursor.
		await new Promise((resolve) => setTimeout(resolve, 1_100));

		const exchange = await exchangeEvents();
		const records = await crmEvents();
		await graph.control.updateItem(String(exchange.find((item) => item.subject === 'Outlook call 7')!.id), { subject: 'Outlook call 7, changed' });
		await crm.control.updateRecords('Events', [{ id: records.find((record) => record.Event_Title === 'CRM visit 8')!.id, Event_Title: 'CRM visit 8, changed' }]);
		await graph.control.deleteItems([String(exchange.find((item) => item.subject === 'Outlook call 9')!.id)]);
		await crm.control.deleteRecords('Events', [String(records.find((record) => record.Event_Title === 'CRM visit 10')!.id)]);
		await graph.control.updateOccurrence(seriesId, { index: 5 }, { subject: 'Outlook weekly, fifth moved', start: at(28, 15).toISO(), end: at(28, 16).toISO() });
		const changed = await sync('changes');
		// Each side: the other side's edit and delete; the series' new exception, and each edit's sync state.
		expect(changed.writes).toEqual({ exchange: 4, crm: 4 });
		await expectConverged();
		expect((await sync('changes')).writes).toEqual({ exchange: 0, crm: 0 });

		if (server === 'graph') expect(await graph.control.expireDeltaTokens(ALICE)).toBeGreaterThan(0);
		else await graph.control.faults([{ operation: 'SyncFolderItems', kind: 'invalidSyncState', count: 1 }]);
		const counts = { exchange: (await exchangeEvents()).length, crm: (await crmEvents()).length };
		const resync = await sync('changes');
		expect(resync.outputs.find((item) => item.json.summary === true)?.json).toMatchObject({ cursorReset: true, deleted: 0 });
		expect(resync.writes).toEqual({ exchange: 0, crm: 0 });
		expect({ exchange: (await exchangeEvents()).length, crm: (await crmEvents()).length }).toEqual(counts);
	});
});
