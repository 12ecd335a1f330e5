/**
 * Modified occurrences (exceptions) of an Exchange series: each syncs as a single CRM event tied
 * to its series by its sync id, and the series' CRM event excludes its original date.
 */
import { planSync } from '../../../nodes/ExchangeCrmSync/core/planner';
import { exceptionSyncId } from '../../../nodes/ExchangeCrmSync/core/records';
import type { SyncSettings } from '../../../nodes/ExchangeCrmSync/core/types';
import { settingsFor, SyncWorld, writesOf } from './world';

const settings = (overrides = {}) =>
	settingsFor({ object: 'events', crmModule: 'Events', matchRule: 'organizerStartSubject', crmTimeZone: 'Europe/Berlin', ...overrides });

const SERIES = {
	subject: 'Stand-up',
	start: '2026-01-05T09:00:00+01:00',
	end: '2026-01-05T09:15:00+01:00',
	timeZone: 'Europe/Berlin',
	isAllDay: false,
};

/** A weekly Monday series with the 12 January occurrence moved to Tuesday 10:00 and 19 January deleted. */
function seriesWithException(world: SyncWorld) {
	const seriesId = world.add('exchange', { ...SERIES });
	const exceptionId = world.add('exchange', {
		...SERIES,
		subject: 'Stand-up (moved)',
		start: '2026-01-13T10:00:00+01:00',
		end: '2026-01-13T10:15:00+01:00',
		recurrence: null,
		seriesMasterId: seriesId,
		originalStart: '2026-01-12T09:00:00+01:00',
	});
	world.edit('exchange', seriesId, {
		recurrence: {
			rrule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=10',
			deletedOccurrences: ['2026-01-19'],
			modifiedOccurrences: [{ id: exceptionId, originalStart: '2026-01-12T09:00:00+01:00', start: '2026-01-13T10:00:00+01:00', end: '2026-01-13T10:15:00+01:00' }],
		},
	});
	return { seriesId, exceptionId };
}

/** Outlook: move the whole series half an hour earlier. Exchange drops its exceptions and reports only the series. */
function moveWholeSeries(world: SyncWorld, seriesId: string, exceptionId: string) {
	world.stores.exchange.records.delete(exceptionId);
	world.edit('exchange', seriesId, {
		start: '2026-01-05T08:30:00+01:00',
		end: '2026-01-05T08:45:00+01:00',
		recurrence: { rrule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=10', deletedOccurrences: [], modifiedOccurrences: [] },
	});
}

const crmByTitle = (world: SyncWorld, title: string) => world.all('crm').find((record) => record.Event_Title === title);

describe('events: modified occurrences of a series', () => {
	it('syncs an exception as a single CRM event linked to its series, and excludes its date from the series', () => {
		const world = new SyncWorld(settings());
		seriesWithException(world);
		world.run();
		const series = crmByTitle(world, 'Stand-up')!;
		const exception = crmByTitle(world, 'Stand-up (moved)')!;
		expect(series.Recurring_Activity).toEqual({ RRULE: 'BYDAY=MO;COUNT=10;FREQ=WEEKLY;INTERVAL=1;DTSTART=2026-01-05', EXDATE: '2026-01-12,2026-01-19' });
		expect(exception.Recurring_Activity ?? null).toBeNull();
		expect(exception.Start_DateTime).toBe('2026-01-13T10:00:00+01:00');
		expect(exception.Exchange_Sync_Id).toBe(exceptionSyncId(series.Exchange_Sync_Id as string, '2026-01-12T08:00:00Z'));
		// The links are written in the same run; the next runs write nothing.
		expect(writesOf(world.run())).toEqual([]);
		expect(writesOf(world.run({ mode: 'changes' }))).toEqual([]);
	});

	it('writes a CRM edit of the exception to the Exchange occurrence, not to the series', () => {
		const world = new SyncWorld(settings());
		const { exceptionId } = seriesWithException(world);
		world.run();
		world.run({ mode: 'changes' });
		world.edit('crm', crmByTitle(world, 'Stand-up (moved)')!.id as string, { Venue: 'Room 4' });
		const plan = world.run({ mode: 'changes' });
		// The occurrence gets the edit; the CRM event only its new link state; the series nothing.
		expect(writesOf(plan).map((write) => [write.side, write.json.action, write.json.id])).toEqual([
			['exchange', 'update', exceptionId],
			['crm', 'update', crmByTitle(world, 'Stand-up (moved)')!.id],
		]);
		expect(plan.toExchange[0].json.fields.location).toBe('Room 4');
		expect(world.get('exchange', exceptionId)!.location).toBe('Room 4');
	});

	it('deletes the CRM event of an exception the user deleted in Exchange, seen only as a change of the series', () => {
		const world = new SyncWorld(settings());
		const { seriesId, exceptionId } = seriesWithException(world);
		world.run();
		world.run({ mode: 'changes' });
		const crmException = crmByTitle(world, 'Stand-up (moved)')!;
		// Outlook: delete the moved occurrence. Exchange reports the series as updated, the occurrence nowhere.
		world.stores.exchange.records.delete(exceptionId);
		world.edit('exchange', seriesId, {
			recurrence: { rrule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=10', deletedOccurrences: ['2026-01-12', '2026-01-19'], modifiedOccurrences: [] },
		});
		// The workflow reads the CRM events of the changed series' exceptions beside the changes.
		const plan = planWithCrmRecords(world, [crmException]);
		expect(writesOf(plan).map((write) => [write.side, write.json.action, write.json.id])).toEqual([['crm', 'delete', crmException.id]]);
		expect(plan.report.unpairedDeletions).toBe(0);
	});

	it('an edit of the whole series in Exchange resets its exceptions: their CRM events go, the series has no excluded date', () => {
		const world = new SyncWorld(settings());
		const { seriesId, exceptionId } = seriesWithException(world);
		world.run();
		world.run({ mode: 'changes' });
		const crmException = crmByTitle(world, 'Stand-up (moved)')!;
		moveWholeSeries(world, seriesId, exceptionId);
		const plan = planWithCrmRecords(world, [crmException]);
		expect(plan.report.pairs.map((pair) => [pair.syncId, pair.decision])).toEqual([
			[crmByTitle(world, 'Stand-up')!.Exchange_Sync_Id, 'copyToCrm'],
			[crmException.Exchange_Sync_Id, 'deleteInCrm'],
		]);
		const seriesWrite = plan.toCrm.find((write) => write.json.action === 'update')!.json.record;
		expect(seriesWrite.Recurring_Activity).toEqual({ RRULE: 'BYDAY=MO;COUNT=10;FREQ=WEEKLY;INTERVAL=1;DTSTART=2026-01-05' });
	});

	it('deletes the CRM event of an exception a series edit reset, even when the CRM changed it: Exchange cannot make the exception again', () => {
		const world = new SyncWorld(settings());
		const { seriesId, exceptionId } = seriesWithException(world);
		world.run();
		world.run({ mode: 'changes' });
		world.edit('crm', crmByTitle(world, 'Stand-up (moved)')!.id as string, { Venue: 'Room 4' });
		const crmException = crmByTitle(world, 'Stand-up (moved)')!;
		moveWholeSeries(world, seriesId, exceptionId);
		const plan = planWithCrmRecords(world, [crmException]);
		// No single Exchange event beside the occurrence the series shows again: only the series' new link.
		expect(plan.toExchange.map((write) => [write.json.action, write.json.id])).toEqual([['update', seriesId]]);
		expect(plan.toCrm.map((write) => [write.json.action, write.json.id])).toEqual([
			['update', crmByTitle(world, 'Stand-up')!.id],
			['delete', crmException.id],
		]);
		expect(plan.report.pairs.find((pair) => pair.syncId === crmException.Exchange_Sync_Id)!.reason).toMatch(/Exchange cannot make it again/);
		expect(writesOf(world.run())).toEqual([]);
	});

	it('leaves an exception alone when its series is not in a changes-only input', () => {
		const world = new SyncWorld(settings());
		seriesWithException(world);
		world.run();
		world.run({ mode: 'changes' });
		const crmException = crmByTitle(world, 'Stand-up (moved)')!;
		expect(writesOf(planWithCrmRecords(world, [crmException]))).toEqual([]);
	});

	it('reads a record the workflow merged in twice as one record', () => {
		const world = new SyncWorld(settings());
		seriesWithException(world);
		world.run();
		const crm = world.all('crm');
		const plan = world.plan('complete');
		const twice = { ...settings(), inputCompleteness: 'complete' as const };
		const again = planWithInputs(world.all('exchange'), [...crm, ...crm], twice);
		expect(writesOf(plan)).toEqual([]);
		expect(writesOf(again)).toEqual([]);
		expect(again.report.counts.crm.errors).toBe(0);
	});
});

function planWithInputs(exchange: unknown[], crm: unknown[], syncSettings: SyncSettings) {
	return planSync({ exchange: structuredClone(exchange), crm: structuredClone(crm), settings: syncSettings });
}

/** A changes-only plan whose CRM input also holds `extra` records, as the events workflow merges them in. */
function planWithCrmRecords(world: SyncWorld, extra: Array<Record<string, unknown>>) {
	const exchange = world.read('exchange', 'changes');
	const crm = world.read('crm', 'changes');
	const plan = planWithInputs(exchange, [...crm, ...extra], { ...world.settings, inputCompleteness: 'changes' });
	world.applyPlan(plan);
	return plan;
}
