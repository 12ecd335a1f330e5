/**
 * Modified and deleted occurrences through the Exchange node: exceptions read as events of their
 * own, an exception updated and deleted by its id, and dates excluded from a series by Update.
 */
import type { IDataObject } from 'n8n-workflow';
import { ALICE, credentialsFor, runJson, useExchangeEmulator } from './support';

jest.setTimeout(60_000);

const server = useExchangeEmulator();
const credentials = () => credentialsFor(server(), 'ntlm');
const base = { resource: 'event', mailbox: ALICE };
const SERIES = { findBy: 'syncId', syncId: 'series-1' };

type Recurrence = { rrule: string; deletedOccurrences: string[]; modifiedOccurrences: Array<{ id: string; originalStart: string; start: string; end: string }> };
const recurrenceOf = (event: IDataObject) => event.recurrence as Recurrence;

describe('events: occurrences of a series', () => {
	let series: IDataObject;

	beforeAll(async () => {
		[series] = await runJson({
			credentials: credentials(),
			parameters: {
				...base,
				operation: 'create',
				sendInvitations: 'sendToNone',
				inputMode: 'json',
				itemJson: {
					subject: 'Weekly review',
					start: '2026-03-02T10:00:00+01:00',
					end: '2026-03-02T10:30:00+01:00',
					timeZone: 'Europe/Berlin',
					recurrence: { rrule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=6' },
					syncId: 'series-1',
				},
			},
		});
	});

	it('outputs a moved occurrence after its series, as an event of its own, only when asked', async () => {
		// In Outlook: the 9 March occurrence moved to Tuesday and renamed.
		await server().control.updateOccurrence(String(series.id), { originalDate: '2026-03-09' }, {
			subject: 'Weekly review (Tuesday)',
			start: '2026-03-10T11:00:00+01:00',
			end: '2026-03-10T11:30:00+01:00',
		});
		const without = await runJson({ credentials: credentials(), parameters: { ...base, operation: 'getAll', returnAll: true, filters: { syncIds: 'series-1' } } });
		expect(without.map((event) => event.subject)).toEqual(['Weekly review']);
		const [modified] = recurrenceOf(without[0]).modifiedOccurrences;
		expect(modified).toMatchObject({ originalStart: '2026-03-09T10:00:00.000+01:00', start: '2026-03-10T11:00:00.000+01:00' });

		const events = await runJson({
			credentials: credentials(),
			parameters: { ...base, operation: 'getAll', returnAll: true, filters: { syncIds: 'series-1' }, includeExceptions: true },
		});
		expect(events.map((event) => event.subject)).toEqual(['Weekly review', 'Weekly review (Tuesday)']);
		expect(events[1]).toMatchObject({
			id: modified.id,
			seriesMasterId: series.id,
			originalStart: '2026-03-09T10:00:00.000+01:00',
			start: '2026-03-10T11:00:00.000+01:00',
			end: '2026-03-10T11:30:00.000+01:00',
			recurrence: null,
		});
	});

	it('Get Changes reports the series of a changed occurrence, followed by its exceptions', async () => {
		const [summaryBefore] = (await runJson({ credentials: credentials(), parameters: { ...base, operation: 'getChanges', cursor: '' } })).slice(-1);
		await server().control.updateOccurrence(String(series.id), { originalDate: '2026-03-09' }, { subject: 'Weekly review (Tue)' });
		const changes = await runJson({
			credentials: credentials(),
			parameters: { ...base, operation: 'getChanges', cursor: summaryBefore.cursor, includeExceptions: true },
		});
		expect(changes.map((change) => (change.summary ? 'summary' : [change.changeType, change.subject]))).toEqual([
			['updated', 'Weekly review'],
			['updated', 'Weekly review (Tue)'],
			'summary',
		]);
	});

	it('updates one occurrence by its id, leaving the series alone, and deletes it by its id', async () => {
		const occurrenceId = recurrenceOf((await get())).modifiedOccurrences[0].id;
		const [updated] = await update({ itemId: occurrenceId }, { location: 'Room 4', syncId: 'series-1/2026-03-09T09:00:00Z' });
		expect(updated).toMatchObject({ id: occurrenceId, location: 'Room 4', syncId: 'series-1/2026-03-09T09:00:00Z' });
		expect((await get()).location ?? null).toBeNull();

		await runJson({ credentials: credentials(), parameters: { ...base, operation: 'delete', itemId: occurrenceId, sendCancellations: 'sendToNone' } });
		const after = recurrenceOf(await get());
		expect(after.modifiedOccurrences).toEqual([]);
		expect(after.deletedOccurrences).toEqual(['2026-03-09']);
	});

	it('Get by CRM Record ID finds a modified occurrence linked to the record, which FindItem alone cannot see', async () => {
		await server().control.updateOccurrence(String(series.id), { originalDate: '2026-03-30' }, { subject: 'Weekly review (last)' });
		const occurrenceId = recurrenceOf(await get()).modifiedOccurrences.find((occurrence) => occurrence.originalStart.startsWith('2026-03-30'))!.id;
		await update({ itemId: occurrenceId }, { crmRecordId: '5725767000000412345' });
		await server().control.resetCounters();
		const found = await runJson({ credentials: credentials(), parameters: { ...base, operation: 'getByCrmRecordId', crmRecordId: '5725767000000412345' } });
		expect(found).toEqual([expect.objectContaining({ id: occurrenceId, subject: 'Weekly review (last)', seriesMasterId: series.id, crmRecordId: '5725767000000412345' })]);
		const unknown = await runJson({ credentials: credentials(), parameters: { ...base, operation: 'getByCrmRecordId', crmRecordId: '5725767000000499999' } });
		expect(unknown).toEqual([]);
	});

	it('Update deletes the occurrences on excluded dates Exchange does not exclude yet, and leaves dates without one alone', async () => {
		// 9 March is already deleted; 23 March is an occurrence; 24 March (a Tuesday) has none.
		const excluding = { recurrence: { rrule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=6', deletedOccurrences: ['2026-03-09', '2026-03-23', '2026-03-24'] } };
		const [updated] = await update(SERIES, excluding);
		expect(recurrenceOf(updated).deletedOccurrences.sort()).toEqual(['2026-03-09', '2026-03-23']);
		expect(recurrenceOf(await get()).deletedOccurrences.sort()).toEqual(['2026-03-09', '2026-03-23']);
		// A second identical update deletes nothing more and sends nothing.
		await server().control.resetCounters();
		await update(SERIES, excluding);
		const counters = await server().control.counters();
		expect(counters.byOperation.DeleteItem).toBeUndefined();
		expect(counters.byOperation.UpdateItem).toBeUndefined();
	});

	it('an update that redefines the series resets its exceptions as Exchange does: a moved occurrence becomes a plain one again, not a deleted one', async () => {
		await server().control.updateOccurrence(String(series.id), { originalDate: '2026-03-16' }, { subject: 'Weekly review (moved)', start: '2026-03-17T10:00:00+01:00', end: '2026-03-17T10:30:00+01:00' });
		// An hour later, with the CRM's excluded dates: the deleted 9 and 23 March and the moved 16 March.
		const [updated] = await update(SERIES, {
			start: '2026-03-02T11:00:00+01:00',
			end: '2026-03-02T11:30:00+01:00',
			timeZone: 'Europe/Berlin',
			recurrence: { rrule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=6', deletedOccurrences: ['2026-03-09', '2026-03-16', '2026-03-23'] },
		});
		expect(recurrenceOf(updated).modifiedOccurrences).toEqual([]);
		expect(recurrenceOf(updated).deletedOccurrences.sort()).toEqual(['2026-03-09', '2026-03-23']);
	});

	/** Updates one event (by id or sync id) without notifying anyone. */
	function update(target: IDataObject, itemJson: IDataObject): Promise<IDataObject[]> {
		return runJson({ credentials: credentials(), parameters: { ...base, operation: 'update', ...target, sendUpdates: 'sendToNone', inputMode: 'json', itemJson } });
	}

	async function get(): Promise<IDataObject> {
		const [event] = await runJson({ credentials: credentials(), parameters: { ...base, operation: 'get', findBy: 'syncId', syncId: 'series-1' } });
		return event;
	}
});

