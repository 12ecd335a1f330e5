/**
 * Exchange series and their modified occurrences (exceptions) as a property: random edits of
 * single occurrences, of whole series and of their CRM events on both sides, between sync runs
 * that read everything or only changes and that crash after some of their writes. Whatever
 * happened, a few complete runs settle both sides: each CRM series excludes exactly the dates
 * Exchange excludes, each exception has one CRM event of its own, no CRM event outlives its
 * exception, nothing is duplicated, and a settled run writes nothing.
 */
import fc from 'fast-check';
import { DateTime } from 'luxon';

import { readContent } from '../../../nodes/ExchangeCrmSync/core/fieldMap';
import { objectProfile } from '../../../nodes/ExchangeCrmSync/core/objects';
import { toInstant } from '../../../nodes/ExchangeCrmSync/core/time';
import type { ConflictBehaviour, SyncPlan } from '../../../nodes/ExchangeCrmSync/core/types';
import { comparable } from '../../../nodes/ExchangeCrmSync/core/values';
import { sideOrder, syncIdOf, syncOp, type SyncOp } from './properties';
import { recurrenceOf, SeriesWorld } from './seriesWorld';
import { settingsFor, writesOf, type WorldSide } from './world';

type Json = Record<string, unknown>;

type Op =
	| { kind: 'changeOccurrence'; series: number; occurrence: number; hours: number; title: number | null }
	| { kind: 'deleteOccurrence'; series: number; occurrence: number }
	| { kind: 'redefineSeries'; series: number; how: 'move' | 'count' }
	| { kind: 'retitleSeries'; side: WorldSide; series: number; title: number }
	| { kind: 'changeCrmException'; pick: number; hours: number; title: number | null }
	| { kind: 'deleteCrmException'; pick: number }
	| { kind: 'excludeInCrm'; series: number; occurrence: number }
	| SyncOp;

const series = fc.nat(1);
const occurrence = fc.nat(6);
/** Moves stay on the occurrence's own day (Exchange refuses one onto or past a neighbour's). */
const hours = fc.integer({ min: -2, max: 3 });
const title = fc.option(fc.nat(2), { nil: null });
const op: fc.Arbitrary<Op> = fc.oneof(
	fc.record({ kind: fc.constant('changeOccurrence' as const), series, occurrence, hours, title }),
	fc.record({ kind: fc.constant('deleteOccurrence' as const), series, occurrence }),
	fc.record({ kind: fc.constant('redefineSeries' as const), series, how: fc.constantFrom('move' as const, 'count' as const) }),
	fc.record({ kind: fc.constant('retitleSeries' as const), side: fc.constantFrom<WorldSide>('exchange', 'crm'), series, title: fc.nat(2) }),
	fc.record({ kind: fc.constant('changeCrmException' as const), pick: fc.nat(5), hours, title }),
	fc.record({ kind: fc.constant('deleteCrmException' as const), pick: fc.nat(5) }),
	fc.record({ kind: fc.constant('excludeInCrm' as const), series, occurrence }),
	syncOp,
);

const BERLIN = 'Europe/Berlin';
const KOLKATA = 'Asia/Kolkata';
const iso = (time: DateTime) => time.toISO({ suppressMilliseconds: true })!;

/** Two daily series across the European DST change (2026-03-29), each with its own count. */
const SERIES = [
	{ fields: { subject: 'Stand-up', start: '2026-03-26T09:00:00+01:00', end: '2026-03-26T09:30:00+01:00' }, counts: ['5', '6'], rrule: 'FREQ=DAILY;COUNT=' },
	{ fields: { subject: 'Review', start: '2026-03-25T14:00:00+01:00', end: '2026-03-25T15:00:00+01:00' }, counts: ['4', '5'], rrule: 'FREQ=DAILY;INTERVAL=2;COUNT=' },
];

const settings = (conflictBehaviour: ConflictBehaviour) =>
	settingsFor({
		object: 'events',
		crmModule: 'Events',
		matchRule: 'organizerStartSubject',
		crmTimeZone: KOLKATA,
		exchangeTimeZone: BERLIN,
		conflictBehaviour,
	});

function simulate(conflictBehaviour: ConflictBehaviour, ops: Op[]) {
	const world = new SeriesWorld(settings(conflictBehaviour));
	const seriesIds = SERIES.map((entry) => world.addSeries({ ...entry.fields, timeZone: BERLIN, isAllDay: false }, `${entry.rrule}${entry.counts[0]}`));
	const crmWithSyncId = (syncId: unknown) => world.all('crm').filter((record) => syncIdOf('crm', record) === syncId);
	const crmExceptions = () => world.all('crm').filter((record) => syncIdOf('crm', record)?.includes('/'));
	const shifted = (time: unknown, by: number) => iso(DateTime.fromISO(String(time), { setZone: true }).plus({ hours: by }));

	const sync = (mode: SyncOp['mode'], crashAfter: number | null, crmFirst: boolean): SyncPlan => {
		const plan = world.plan(mode);
		world.applyPlan(plan, { applied: crashAfter ?? undefined, order: sideOrder(crmFirst) });
		return plan;
	};

	for (const step of ops) {
		const seriesId = 'series' in step ? seriesIds[step.series] : '';
		const occurrences = seriesId === '' ? [] : world.occurrences(seriesId);
		const picked = 'occurrence' in step ? occurrences[step.occurrence % occurrences.length] : undefined;
		switch (step.kind) {
			case 'sync':
				sync(step.mode, step.crashAfter, step.crmFirst);
				break;
			case 'changeOccurrence': {
				if (picked!.deleted) break;
				const moveBy = step.hours === 0 && step.title === null ? 1 : step.hours;
				const start = shifted(picked!.originalStart, moveBy);
				const length = DateTime.fromISO(String(world.get('exchange', seriesId)!.end)).diff(DateTime.fromISO(String(world.get('exchange', seriesId)!.start)));
				world.changeOccurrence(seriesId, picked!.originalStart, {
					start,
					end: iso(DateTime.fromISO(start, { setZone: true }).plus(length)),
					...(step.title === null ? {} : { subject: `Moved ${step.title}` }),
				});
				break;
			}
			case 'deleteOccurrence':
				world.deleteOccurrence(seriesId, picked!.originalStart);
				break;
			case 'redefineSeries': {
				const current = world.get('exchange', seriesId)!;
				const { counts, rrule, fields } = SERIES[step.series];
				if (step.how === 'count') {
					const count = recurrenceOf(current).rrule.endsWith(`=${counts[0]}`) ? counts[1] : counts[0];
					world.editSeries(seriesId, { recurrence: { rrule: `${rrule}${count}` } });
				} else {
					const by = toInstant(current.start) === toInstant(fields.start) ? 1 : -1;
					world.editSeries(seriesId, { start: shifted(current.start, by), end: shifted(current.end, by) });
				}
				break;
			}
			case 'retitleSeries': {
				const subject = `${SERIES[step.series].fields.subject} ${step.title}`;
				if (step.side === 'exchange') world.editSeries(seriesId, { subject });
				else {
					const [crmSeries] = crmWithSyncId(world.get('exchange', seriesId)!.syncId);
					if (crmSeries) world.edit('crm', crmSeries.id as string, { Event_Title: subject });
				}
				break;
			}
			case 'changeCrmException': {
				const events = crmExceptions();
				if (events.length === 0) break;
				const event = events[step.pick % events.length];
				// Within the day of the occurrence's original start (the end of its sync id).
				const originalStart = String(syncIdOf('crm', event)).split('/')[1];
				const length = DateTime.fromISO(String(event.End_DateTime)).diff(DateTime.fromISO(String(event.Start_DateTime)));
				const start = DateTime.fromISO(originalStart).setZone(KOLKATA).plus({ hours: step.hours });
				world.edit('crm', event.id as string, {
					Start_DateTime: iso(start),
					End_DateTime: iso(start.plus(length)),
					...(step.title === null ? {} : { Event_Title: `Edited ${step.title}` }),
				});
				break;
			}
			case 'deleteCrmException': {
				const events = crmExceptions();
				if (events.length > 0) world.remove('crm', events[step.pick % events.length].id as string);
				break;
			}
			case 'excludeInCrm': {
				const [crmSeries] = crmWithSyncId(world.get('exchange', seriesId)!.syncId);
				if (!crmSeries) break;
				// One index past the last occurrence: a date without an occurrence, which Exchange ignores.
				const index = step.occurrence % (occurrences.length + 1);
				const date = index < occurrences.length ? occurrences[index].date : DateTime.fromISO(occurrences[index - 1].date).plus({ days: 1 }).toISODate()!;
				const recurring = crmSeries.Recurring_Activity as Json;
				const exdates = typeof recurring.EXDATE === 'string' && recurring.EXDATE !== '' ? recurring.EXDATE.split(',') : [];
				if (!exdates.includes(date)) world.edit('crm', crmSeries.id as string, { Recurring_Activity: { ...recurring, EXDATE: [...exdates, date].join(',') } });
				break;
			}
		}
	}

	// Settle: a few complete runs reach one with nothing left to do.
	let last: SyncPlan | undefined;
	for (let run = 0; run < 4; run++) {
		last = sync('complete', null, false);
		if (writesOf(last).length === 0) break;
	}
	return { world, seriesIds, settled: last!, crmWithSyncId, crmExceptions };
}

describe('events: series and their exceptions under random edits on both sides, crashes and changes-only runs', () => {
	it.each<ConflictBehaviour>(['crmWins', 'exchangeWins', 'newestWins'])('settle consistent (%s)', (behaviour) => {
		const profile = objectProfile(settings(behaviour));
		const context = { exchangeTimeZone: BERLIN, crmTimeZone: KOLKATA, mailbox: settings(behaviour).mailbox };
		const sameContent = (exchange: Json, crm: Json) => {
			const left = readContent('exchange', profile.fields, exchange, context);
			const right = readContent('crm', profile.fields, crm, context);
			return profile.fields.filter((spec) => comparable(spec.kind, left[spec.field]) !== comparable(spec.kind, right[spec.field])).map((spec) => spec.field);
		};
		fc.assert(
			fc.property(fc.array(op, { minLength: 1, maxLength: 25 }), (ops) => {
				const { world, seriesIds, settled, crmWithSyncId, crmExceptions } = simulate(behaviour, ops);
				expect(writesOf(settled)).toEqual([]);
				expect(settled.conflicts).toEqual([]);
				expect(settled.report.counts.exchange.errors + settled.report.counts.crm.errors).toBe(0);
				// Exchange refuses a recurrence on an occurrence: the sync never writes one there.
				expect(world.refused.map((refusal) => refusal.reason)).not.toContain('ErrorInvalidPropertySet');
				expect(writesOf(world.plan('changes'))).toEqual([]);

				for (const seriesId of seriesIds) {
					const exchangeSeries = world.get('exchange', seriesId)!;
					const crmSeries = crmWithSyncId(exchangeSeries.syncId);
					expect(crmSeries).toHaveLength(1);
					expect(sameContent(exchangeSeries, crmSeries[0])).toEqual([]);
					const exdate = (crmSeries[0].Recurring_Activity as Json).EXDATE;
					expect(typeof exdate === 'string' && exdate !== '' ? exdate.split(',').sort() : []).toEqual(world.excludedDates(seriesId));
				}
				for (const exception of world.exceptions()) {
					expect(exception.syncId).toBe(world.expectedSyncId(exception));
					const events = crmWithSyncId(exception.syncId);
					expect(events).toHaveLength(1);
					expect(sameContent(exception, events[0])).toEqual([]);
				}
				const exceptionSyncIds = world.exceptions().map((exception) => exception.syncId);
				for (const event of crmExceptions()) expect(exceptionSyncIds).toContain(syncIdOf('crm', event));
				// No duplicates: every record linked, each sync id once per side, as many on both sides.
				for (const sideName of ['exchange', 'crm'] as const) {
					const ids = world.all(sideName).map((record) => syncIdOf(sideName, record));
					expect(ids.every((id) => id !== undefined)).toBe(true);
					expect(new Set(ids).size).toBe(ids.length);
				}
				expect(world.all('crm')).toHaveLength(world.all('exchange').length);
			}),
			{ numRuns: 50, seed: 20261201 },
		);
	});
});
