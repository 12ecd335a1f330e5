/**
 * Events over Microsoft 365 (Graph): the same JSON as the EWS transport gives for the same event
 * (written over one, read over the other), attendees, all-day events, time zones, the sync link,
 * recurring series with a modified and a deleted occurrence, the find filters, delta, and what
 * Graph cannot do without mailing attendees.
 */
import type { IDataObject } from 'n8n-workflow';
import { runJson } from '../exchange/support';
import { ALICE, ewsCredentials, graphCredentials, runGraphJson, useGraphServer } from './support';

jest.setTimeout(60_000);

const server = useGraphServer();
const BOB = 'bob@example.test';
const events = { resource: 'event', mailbox: ALICE };

/** What a server assigns in its own form: ids and change keys differ between EWS and Graph by design. */
function comparable(event: IDataObject): IDataObject {
	const { id, changeKey, recurrence, seriesMasterId, ...rest } = event;
	void id, void changeKey, void seriesMasterId;
	if (!recurrence) return { ...rest, recurrence };
	const { modifiedOccurrences, ...pattern } = recurrence as IDataObject;
	return { ...rest, recurrence: { ...pattern, modifiedOccurrences: (modifiedOccurrences as IDataObject[]).map(({ id: _id, ...occurrence }) => occurrence) } };
}

const overEws = async (parameters: IDataObject) => await runJson({ credentials: ewsCredentials(server()), parameters: { ...events, ...parameters } });
const overGraph = async (parameters: IDataObject) => await runGraphJson({ credentials: graphCredentials(server()), parameters: { ...events, ...parameters } });
const getBySyncId = (syncId: string) => ({ operation: 'get', findBy: 'syncId', syncId });

beforeEach(async () => {
	await server().control.reset();
	await server().control.seed('empty');
});

describe('events over Microsoft 365 (Graph)', () => {
	it('reads a meeting written over EWS with the same JSON (zone, attendees, reminder, link), and EWS reads what Graph wrote the same', async () => {
		const meeting = {
			subject: 'Review & <plan> 田中',
			body: 'Agenda\nLine two',
			location: 'Room 1',
			start: '2026-03-10T09:30:00+01:00',
			end: '2026-03-10T10:15:00+01:00',
			timeZone: 'Europe/Berlin',
			requiredAttendees: [{ email: BOB, name: 'Bob Brown' }],
			optionalAttendees: [{ email: 'carol@example.test' }],
			reminderMinutesBeforeStart: 10,
			showAs: 'Tentative',
			categories: ['Customer'],
			crmRecordId: '3652397000000001',
		};
		const [written] = await overEws({ operation: 'create', inputMode: 'json', itemJson: { ...meeting, syncId: 'ews-born', syncState: '{"fp":1}' } });
		const [read] = await overGraph(getBySyncId('ews-born'));
		expect(comparable(read)).toEqual(comparable(written));

		const [created] = await overGraph({ operation: 'create', inputMode: 'json', itemJson: { ...meeting, syncId: 'graph-born', syncState: '{"fp":2}' } });
		const [readOverEws] = await overEws(getBySyncId('graph-born'));
		expect(comparable(created)).toEqual(comparable(readOverEws));
		expect(created).toMatchObject({ start: '2026-03-10T09:30:00.000+01:00', timeZone: 'Europe/Berlin', isMeeting: true, showAs: 'Tentative', reminderMinutesBeforeStart: 10 });
	});

	it('reads all-day events and events in other zones as EWS does', async () => {
		const cases = [
			{ subject: 'All day', start: '2026-07-01T00:00:00', end: '2026-07-03T00:00:00', timeZone: 'America/New_York', isAllDay: true, reminderMinutesBeforeStart: null },
			{ subject: 'Tokyo', start: '2026-11-01T09:00:00+09:00', end: '2026-11-01T09:30:00+09:00', timeZone: 'Asia/Tokyo' },
			{ subject: 'UTC', start: '2026-11-01T09:00:00Z', end: '2026-11-01T09:30:00Z', timeZone: 'UTC' },
		];
		for (const [index, fields] of cases.entries()) {
			const [written] = await overEws({ operation: 'create', inputMode: 'json', itemJson: { ...fields, syncId: `zone-ews-${index}` } });
			const [read] = await overGraph(getBySyncId(`zone-ews-${index}`));
			expect(comparable(read)).toEqual(comparable(written));
			const [created] = await overGraph({ operation: 'create', inputMode: 'json', itemJson: { ...fields, syncId: `zone-graph-${index}` } });
			const [readOverEws] = await overEws(getBySyncId(`zone-graph-${index}`));
			expect(comparable(created)).toEqual(comparable(readOverEws));
		}
	});

	it('a zone Exchange keeps under another zone\'s Windows id (Europe/Lisbon: GMT Standard Time) reads as that id\'s zone over both transports', async () => {
		const series = { subject: 'Lisbon weekly', start: '2026-03-23T09:00:00+00:00', end: '2026-03-23T09:30:00+00:00', timeZone: 'Europe/Lisbon', recurrence: 'FREQ=WEEKLY;BYDAY=MO;COUNT=3', syncId: 'lisbon' };
		await overGraph({ operation: 'create', inputMode: 'json', itemJson: series });
		const [viaEws, viaGraph] = [(await overEws(getBySyncId('lisbon')))[0], (await overGraph(getBySyncId('lisbon')))[0]];
		// Exchange names the zone by its Windows id, which both transports read as that id's first IANA zone: the same rules.
		expect([viaEws.timeZone, viaGraph.timeZone]).toEqual(['Europe/London', 'Europe/London']);
		expect(comparable(viaGraph)).toEqual(comparable(viaEws));
	});

	it('reads a series with a modified and a deleted occurrence as EWS does, exceptions included, and deletes occurrences by date', async () => {
		// Weekly across the change to summer time in Berlin.
		const series = { subject: 'Weekly', start: '2026-03-16T09:00:00+01:00', end: '2026-03-16T09:30:00+01:00', timeZone: 'Europe/Berlin', recurrence: 'FREQ=WEEKLY;BYDAY=MO;COUNT=5' };
		const [written] = await overEws({ operation: 'create', inputMode: 'json', itemJson: { ...series, syncId: 'series-ews' } });
		await server().control.updateOccurrence(written.id as string, { index: 2 }, { subject: 'Moved', start: '2026-03-24T11:00:00+01:00', end: '2026-03-24T11:45:00+01:00', syncId: 'exception-ews' });
		await server().control.deleteOccurrence(written.id as string, { index: 4 });
		const listing = { operation: 'getAll', returnAll: true, includeExceptions: true };
		const [viaEws, viaGraph] = [await overEws(listing), await overGraph(listing)];
		expect(viaGraph).toHaveLength(2);
		expect(viaGraph.map(comparable)).toEqual(viaEws.map(comparable));
		expect(viaGraph[0].recurrence).toMatchObject({ rrule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=5', deletedOccurrences: ['2026-04-06'] });
		expect(viaGraph[1]).toMatchObject({ subject: 'Moved', seriesMasterId: viaGraph[0].id, originalStart: '2026-03-23T09:00:00.000+01:00', start: '2026-03-24T11:00:00.000+01:00' });

		// An exception is found by the CRM record linked to it (a search over the series, recurringOnly).
		await overGraph({ operation: 'update', findBy: 'id', itemId: viaGraph[1].id, inputMode: 'json', itemJson: { crmRecordId: 'crm-exception' } });
		const [linked] = await overGraph({ operation: 'getByCrmRecordId', crmRecordId: 'crm-exception' });
		expect(linked).toMatchObject({ subject: 'Moved', seriesMasterId: viaGraph[0].id });

		// Occurrences deleted by date through an update (the CRM's excluded dates); EWS reads the same series.
		const [updated] = await overGraph({
			operation: 'update',
			findBy: 'syncId',
			syncId: 'series-ews',
			inputMode: 'json',
			itemJson: { recurrence: { rrule: series.recurrence, deletedOccurrences: ['2026-03-30', '2026-04-06'] } },
		});
		expect((updated.recurrence as IDataObject).deletedOccurrences).toEqual(['2026-03-30', '2026-04-06']);
		const [readOverEws] = await overEws(getBySyncId('series-ews'));
		expect(comparable(updated)).toEqual(comparable(readOverEws));
	});

	it('finds events by their times', async () => {
		for (const [index, day] of ['2026-05-04', '2026-05-06', '2026-05-08'].entries()) {
			await overGraph({ operation: 'create', inputMode: 'json', itemJson: { subject: `Day ${index}`, start: `${day}T10:00:00Z`, end: `${day}T11:00:00Z`, timeZone: 'UTC' } });
		}
		const found = await overGraph({ operation: 'getAll', returnAll: true, filters: { endsAfter: '2026-05-05T00:00:00Z', startsBefore: '2026-05-07T00:00:00Z' } });
		expect(found.map((event) => event.subject)).toEqual(['Day 1']);
	});

	it('lists every event on the first delta round, then the changes; a refused cursor lists everything again', async () => {
		const old = await overGraph({ operation: 'create', inputMode: 'json', itemJson: { subject: 'Years ago', start: '2019-01-07T10:00:00Z', end: '2019-01-07T11:00:00Z', timeZone: 'UTC' } });
		const [series] = await overGraph({ operation: 'create', inputMode: 'json', itemJson: { subject: 'Daily', start: '2026-12-01T08:00:00Z', end: '2026-12-01T08:15:00Z', timeZone: 'UTC', recurrence: 'FREQ=DAILY;COUNT=30', syncId: 'daily' } });
		const changes = async (cursor: string) => {
			const output = await overGraph({ operation: 'getChanges', cursor, maxChanges: 1, fetchAllPages: true });
			return { changes: output.slice(0, -1), summary: output[output.length - 1] };
		};
		const first = await changes('');
		expect(first.changes.map((change) => [change.changeType, change.subject]).sort()).toEqual([['created', 'Daily'], ['created', 'Years ago']]);
		expect(first.changes.find((change) => change.subject === 'Years ago')).toEqual({ changeType: 'created', ...old[0] });

		expect((await changes(String(first.summary.cursor))).changes).toEqual([]);

		// Graph's times are whole seconds: the changes come a second after the round.
		await new Promise((resolve) => setTimeout(resolve, 1_100));
		const [single] = await overGraph({ operation: 'create', inputMode: 'json', itemJson: { subject: 'New', start: '2026-12-10T10:00:00Z', end: '2026-12-10T11:00:00Z', timeZone: 'UTC' } });
		await overGraph({ operation: 'update', findBy: 'id', itemId: series.id, inputMode: 'json', itemJson: { subject: 'Daily, renamed' } });
		const second = await changes(String(first.summary.cursor));
		expect(second.changes.map((change) => [change.changeType, change.id, change.subject]).sort()).toEqual(
			[['created', single.id, 'New'], ['updated', series.id, 'Daily, renamed']].sort(),
		);

		// An occurrence deleted: its series changed. The series deleted: the series is reported deleted.
		await server().control.deleteOccurrence(await ewsIdOf(series), { index: 3 });
		const third = await changes(String(second.summary.cursor));
		expect(third.changes.filter((change) => change.id === series.id).map((change) => change.changeType)).toEqual(['updated']);
		await overGraph({ operation: 'delete', findBy: 'id', itemId: series.id, deleteMode: 'moveToDeletedItems' });
		await overGraph({ operation: 'delete', findBy: 'id', itemId: single.id, deleteMode: 'moveToDeletedItems' });
		const fourth = await changes(String(third.summary.cursor));
		expect(fourth.changes.filter((change) => change.id === series.id || change.id === single.id).map((change) => [change.changeType, change.id]).sort()).toEqual(
			[['deleted', series.id], ['deleted', single.id]].sort(),
		);
		expect(fourth.summary).toMatchObject({ updated: 0, created: 0 });

		expect(await server().control.expireDeltaTokens(ALICE)).toBeGreaterThan(0);
		const resync = await changes(String(fourth.summary.cursor));
		expect(resync.summary).toMatchObject({ cursorReset: true });
		expect(resync.changes.map((change) => change.subject)).toEqual(['Years ago']);
	});

	it('writes only what differs; a link write mails no attendee; what Graph would mail against Send to None is refused per item', async () => {
		const meeting = { subject: 'Planning', start: '2026-06-01T10:00:00Z', end: '2026-06-01T11:00:00Z', timeZone: 'UTC', requiredAttendees: [BOB] };
		const refused = await runGraphJson({
			credentials: graphCredentials(server()),
			continueOnFail: true,
			parameters: { ...events, operation: 'create', inputMode: 'json', itemJson: meeting, sendInvitations: 'sendToNone' },
		});
		expect(String(refused[0].error)).toContain('cannot do so without sending (Send Invitations: Send to None)');
		const [created] = await overGraph({ operation: 'create', inputMode: 'json', itemJson: meeting, sendInvitations: 'sendToAllAndSaveCopy' });
		const mails = async () => (await server().control.counters()).invitationsByMeeting[String(created.iCalUid)] ?? 0;
		const invited = await mails();
		expect(invited).toBeGreaterThan(0);

		const update = (itemJson: IDataObject, sendUpdates = 'sendToNone') => ({ operation: 'update', findBy: 'id', itemId: created.id, inputMode: 'json', itemJson, sendUpdates });
		// The link and an unchanged subject: no visible change, no mail, even with Send to None.
		const [linked] = await overGraph(update({ subject: 'Planning', syncId: 'meeting-1', syncState: '{"fp":3}', reminderMinutesBeforeStart: 5 }));
		expect(linked).toMatchObject({ syncId: 'meeting-1', reminderMinutesBeforeStart: 5 });
		expect(await mails()).toBe(invited);
		const visible = await runGraphJson({ credentials: graphCredentials(server()), continueOnFail: true, parameters: { ...events, ...update({ subject: 'Planning, moved' }) } });
		expect(String(visible[0].error)).toContain('Send Updates: Send to None');
		await overGraph(update({ subject: 'Planning, moved' }, 'sendOnlyToChangedAndSaveCopy'));
		expect(await mails()).toBe(invited + 1);

		const cancel = await runGraphJson({
			credentials: graphCredentials(server()),
			continueOnFail: true,
			parameters: { ...events, operation: 'delete', findBy: 'id', itemId: created.id, deleteMode: 'moveToDeletedItems', sendCancellations: 'sendToNone' },
		});
		expect(String(cancel[0].error)).toContain('Send Cancellations: Send to None');
	});
});

/** The EWS id of an event read over Graph (the local server's control API speaks EWS ids). */
async function ewsIdOf(event: IDataObject): Promise<string> {
	const [read] = await overEws({ operation: 'get', findBy: 'syncId', syncId: String(event.syncId) });
	return String(read.id);
}

