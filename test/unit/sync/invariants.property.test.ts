/**
 * The sync invariants (DESIGN §4) as properties, on contacts, tasks, and events around a DST change:
 * random creates, edits and deletes on both sides, sync runs that crash after a random prefix of
 * their writes (in either order), runs that switch between complete and changes-only input (a
 * lost cursor), overlapping runs, then repeated complete runs. Whatever happened, the two sides
 * converge, nothing is duplicated, no delete comes back, every value a run overwrote is in its
 * report, and a one-way sync never writes its source.
 */
import fc from 'fast-check';
import { DateTime } from 'luxon';

import { readContent } from '../../../nodes/ExchangeCrmSync/core/fieldMap';
import { objectProfile } from '../../../nodes/ExchangeCrmSync/core/objects';
import type { ConflictBehaviour, SyncPlan, SyncSettings } from '../../../nodes/ExchangeCrmSync/core/types';
import { comparable, type CanonicalRecord } from '../../../nodes/ExchangeCrmSync/core/values';
import { sideOrder, stateOf, syncIdOf, syncOp, type SyncOp } from './properties';
import { settingsFor, SyncWorld, writesOf, type AnyWrite, type WorldSide } from './world';

type Json = Record<string, unknown>;

type Op =
	| { kind: 'create'; side: WorldSide; person: number; variant: number }
	| { kind: 'edit'; side: WorldSide; pick: number; variant: number; value: number }
	| { kind: 'delete'; side: WorldSide; pick: number }
	| SyncOp
	| { kind: 'overlappingSyncs' };

const side = fc.constantFrom<WorldSide>('exchange', 'crm');
const op: fc.Arbitrary<Op> = fc.oneof(
	fc.record({ kind: fc.constant('create' as const), side, person: fc.nat(5), variant: fc.nat(3) }),
	fc.record({ kind: fc.constant('edit' as const), side, pick: fc.nat(20), variant: fc.nat(3), value: fc.nat(4) }),
	fc.record({ kind: fc.constant('delete' as const), side, pick: fc.nat(20) }),
	syncOp,
	fc.record({ kind: fc.constant('overlappingSyncs' as const) }),
);

/**
 * What users do to one kind of record. Every record a user creates carries a tag in a field
 * users never edit: a tag seen twice on one side is a duplicate the sync made.
 */
interface Model {
	settings: Partial<SyncSettings>;
	/** One record per side users never delete, so no side is ever empty (that blocks deletes by design). */
	bystander: Record<WorldSide, Json>;
	isBystander: (content: CanonicalRecord) => boolean;
	tagField: string;
	create: (side: WorldSide, person: number, variant: number, tag: string) => Json;
	edit: (side: WorldSide, record: Json, variant: number, value: number) => Json;
	/** What must hold of every record's content after the sync, on both sides. */
	sound?: (content: CanonicalRecord) => boolean;
}

const contacts: Model = {
	settings: {},
	bystander: { exchange: { surname: 'Bystander', email1: 'by-e@x.test' }, crm: { Last_Name: 'Bystander', Email: 'by-c@x.test' } },
	isBystander: (content) => content.surname === 'Bystander',
	tagField: 'notes',
	create: (sideName, person, variant, tag) => {
		const title = ['CEO', 'CTO', '', 'CFO'][variant];
		return sideName === 'exchange'
			? { surname: `P${person}`, email1: `person${person}@x.test`, jobTitle: title, notes: tag }
			: { Last_Name: `P${person}`, Email: `PERSON${person}@X.TEST`, Title: title, Description: tag };
	},
	edit: (sideName, _record, variant, value) => {
		const field = [['jobTitle', 'Title'], ['department', 'Department'], ['mobilePhone', 'Mobile'], ['givenName', 'First_Name']][variant];
		return { [field[sideName === 'exchange' ? 0 : 1]]: ['A', 'B', '', '+1 555 0100', '+1 (555) 0100'][value] };
	},
};

const ZOHO_STATUS = ['Not Started', 'In Progress', 'Completed', 'Waiting for input', 'Deferred'];
const ZOHO_PRIORITY = ['Highest', 'High', 'Normal', 'Low', 'Lowest'];
const EXCHANGE_STATUS = ['NotStarted', 'InProgress', 'Completed', 'WaitingOnOthers', 'Deferred'];
const EXCHANGE_IMPORTANCE = ['High', 'Normal', 'Low', 'Normal', 'High'];

/** Tasks with picklists that differ per side (Zoho's five priorities, Exchange's three) and alarms relative to the due date. */
const tasks: Model = {
	settings: { object: 'tasks', crmModule: 'Tasks', matchRule: 'subjectAndDueDate', crmTimeZone: 'America/New_York' },
	bystander: { exchange: { subject: 'Bystander', dueDate: '2026-03-01' }, crm: { Subject: 'Bystander', Due_Date: '2026-03-02' } },
	isBystander: (content) => content.subject === 'Bystander',
	tagField: 'body',
	create: (sideName, person, variant, tag) => {
		const due = DateTime.fromISO('2026-03-06').plus({ days: person }).toISODate();
		return sideName === 'exchange'
			? { subject: `Task ${person}`, body: tag, dueDate: due, status: EXCHANGE_STATUS[variant], importance: EXCHANGE_IMPORTANCE[variant] }
			: { Subject: `Task ${person}`, Description: tag, Due_Date: due, Status: ZOHO_STATUS[variant], Priority: ZOHO_PRIORITY[variant] };
	},
	edit: (sideName, record, variant, value) => {
		const exchange = sideName === 'exchange';
		switch (variant) {
			case 0:
				return exchange ? { status: EXCHANGE_STATUS[value] } : { Status: ZOHO_STATUS[value] };
			case 1:
				return exchange ? { importance: EXCHANGE_IMPORTANCE[value] } : { Priority: ZOHO_PRIORITY[value] };
			case 2: {
				const due = DateTime.fromISO(String(record[exchange ? 'dueDate' : 'Due_Date'])).plus({ days: value - 2 }).toISODate();
				return exchange ? { dueDate: due } : { Due_Date: due };
			}
			default:
				return exchange
					? { reminderAt: value === 0 ? null : `2026-03-05T0${value}:15:00Z` }
					: { Remind_At: value === 0 ? null : { ALARM: `ACTION=POPUP;TRIGGER=-P${value}D;TRIGGER_TIME=08:45` } };
		}
	},
};

const BERLIN = 'Europe/Berlin';
const KOLKATA = 'Asia/Kolkata';
const iso = (time: DateTime) => time.toISO({ suppressMilliseconds: true })!;

/** Events around the European DST change (2026-03-29), timed or all-day, written in several offsets. */
const events: Model = {
	settings: { object: 'events', crmModule: 'Events', matchRule: 'organizerStartSubject', crmTimeZone: KOLKATA, exchangeTimeZone: BERLIN },
	bystander: {
		exchange: { subject: 'Bystander', start: '2026-03-20T09:00:00+01:00', end: '2026-03-20T10:00:00+01:00', timeZone: BERLIN, isAllDay: false },
		crm: { Event_Title: 'Bystander', Start_DateTime: '2026-03-21T09:00:00+05:30', End_DateTime: '2026-03-21T10:00:00+05:30', All_day: false },
	},
	isBystander: (content) => content.subject === 'Bystander',
	tagField: 'body',
	// Users only ever move whole events, so every event keeps a positive length (dates compare as text).
	sound: (content) => typeof content.start === 'string' && typeof content.end === 'string' && content.end > content.start,
	create: (sideName, person, variant, tag) => {
		const start = DateTime.fromISO('2026-03-27T08:00:00', { zone: BERLIN }).plus({ days: person, hours: variant * 5 });
		const allDay = variant === 3;
		if (sideName === 'exchange') {
			const day = start.startOf('day');
			return {
				subject: `Meeting ${person}`,
				body: tag,
				start: iso(allDay ? day : start),
				end: iso(allDay ? day.plus({ days: 1 }) : start.plus({ hours: 1 })),
				timeZone: BERLIN,
				isAllDay: allDay,
			};
		}
		const local = start.setZone(KOLKATA);
		return {
			Event_Title: `Meeting ${person}`,
			Description: tag,
			Start_DateTime: iso(allDay ? local.startOf('day') : local),
			End_DateTime: iso(allDay ? local.set({ hour: 23, minute: 59 }) : local.plus({ hours: 1 })),
			All_day: allDay,
		};
	},
	edit: (sideName, record, variant, value) => {
		const [startKey, endKey, allDayKey] = sideName === 'exchange' ? ['start', 'end', 'isAllDay'] : ['Start_DateTime', 'End_DateTime', 'All_day'];
		const start = DateTime.fromISO(String(record[startKey]), { setZone: true });
		const end = DateTime.fromISO(String(record[endKey]), { setZone: true });
		switch (variant) {
			case 0:
				return { [sideName === 'exchange' ? 'location' : 'Venue']: ['Room 1', 'Room 2', '', 'Teams', 'Room 1'][value] };
			case 1: // move by whole hours (days when all-day)
				return record[allDayKey] === true
					? { [startKey]: iso(start.plus({ days: value })), [endKey]: iso(end.plus({ days: value })) }
					: { [startKey]: iso(start.plus({ hours: value })), [endKey]: iso(end.plus({ hours: value })) };
			case 2: // the same instants written in another offset: no change at all
				return record[allDayKey] === true ? {} : { [startKey]: iso(start.toUTC()), [endKey]: iso(end.setZone('America/New_York')) };
			default:
				return { [sideName === 'exchange' ? 'reminderMinutesBeforeStart' : 'Remind_At']: sideName === 'exchange' ? value * 5 : [{ unit: value * 5, period: 'minutes' }] };
		}
	},
};

/** Runs random operations and then complete runs until nothing is left to do. */
function simulator(model: Model, overrides: Partial<SyncSettings>) {
	const settings = settingsFor({ ...model.settings, ...overrides });
	const source = settings.syncType === 'oneWay' ? (settings.direction === 'exchangeToCrm' ? 'exchange' : 'crm') : undefined;
	const profile = objectProfile(settings);
	const context = { exchangeTimeZone: settings.exchangeTimeZone, crmTimeZone: settings.crmTimeZone, mailbox: settings.mailbox };
	const content = (sideName: WorldSide, record: Record<string, unknown>) => readContent(sideName, profile.fields, record, context);

	return (ops: Op[]) => {
		const world = new SyncWorld(settings);
		world.add('exchange', model.bystander.exchange);
		world.add('crm', model.bystander.crm);
		const isBystander = (sideName: WorldSide, record: Record<string, unknown>) => model.isBystander(content(sideName, record));
		const deletedForGood = new Set<string>();
		const pickable = (sideName: WorldSide, pick: number, forDelete: boolean) => {
			const records = world.all(sideName).filter((record) => !forDelete || !isBystander(sideName, record));
			return records.length === 0 ? undefined : records[pick % records.length];
		};
		const partnerOf = (sideName: WorldSide, syncId: string | undefined) =>
			syncId === undefined ? undefined : world.all(sideName).find((record) => syncIdOf(sideName, record) === syncId);
		// A link is confirmed once a run has seen both records (the state then names both ids);
		// until then a missing partner is an interrupted create and is made again.
		const isConfirmed = (sideName: WorldSide, record: Record<string, unknown>) => {
			const state = JSON.parse(stateOf(sideName, record) ?? '{}') as { ex?: string; crm?: string };
			return state.ex !== undefined && state.crm !== undefined;
		};
		const sameContent = (sideA: WorldSide, a: Record<string, unknown>, sideB: WorldSide, b: Record<string, unknown>) => {
			const left = content(sideA, a);
			const right = content(sideB, b);
			return profile.fields.every((spec) => comparable(spec.kind, left[spec.field]) === comparable(spec.kind, right[spec.field]));
		};
		const isClean = (sideName: WorldSide, record: Record<string, unknown>) => {
			const other: WorldSide = sideName === 'exchange' ? 'crm' : 'exchange';
			const partner = partnerOf(other, syncIdOf(sideName, record));
			if (!partner || stateOf(sideName, record) !== stateOf(other, partner)) return false;
			const mine = content(sideName, record);
			const theirs = content(other, partner);
			return profile.fields.every((spec) => comparable(spec.kind, mine[spec.field]) === comparable(spec.kind, theirs[spec.field]));
		};

		const checkReport = (plan: SyncPlan, applied: AnyWrite[], before: Map<string, Record<string, unknown>>) => {
			for (const write of applied) {
				if (write.json.action !== 'update' || write.json.id === undefined) continue;
				const old = before.get(`${write.side}:${write.json.id}`);
				const now = world.get(write.side, write.json.id);
				if (!old || !now) continue;
				const oldContent = content(write.side, old);
				const newContent = content(write.side, now);
				const reported = plan.report.pairs.find((pair) => pair.syncId === write.json.syncId)?.overwritten ?? [];
				for (const spec of profile.fields) {
					if (comparable(spec.kind, oldContent[spec.field]) === comparable(spec.kind, newContent[spec.field])) continue;
					expect(reported).toContainEqual(expect.objectContaining({ side: write.side, field: spec.field }));
				}
			}
		};

		const sync = (mode: 'complete' | 'changes', crashAfter: number | null, crmFirst: boolean) => {
			const plan = world.plan(mode);
			const order = sideOrder(crmFirst);
			// Every record as it was before the run: what a write of the run overwrote.
			const before = new Map(
				(['exchange', 'crm'] as const).flatMap((sideName) => world.all(sideName).map((record) => [`${sideName}:${record.id}`, structuredClone(record)] as const)),
			);
			const applied = world.applyPlan(plan, { applied: crashAfter ?? undefined, order });
			checkReport(plan, applied, before);
			expect(applied.filter((write) => write.side === source)).toEqual([]);
			return plan;
		};

		let tags = 0;
		// When users last changed each record's content ("side:id"), in operation order.
		const touched = new Map<string, number>();
		let clock = 0;
		for (const step of ops) {
			if (step.kind === 'sync') {
				sync(step.mode, step.crashAfter, step.crmFirst);
			} else if (step.kind === 'overlappingSyncs') {
				// Two runs plan from the same state before either writes.
				const first = world.plan('complete');
				const second = world.plan('complete');
				world.applyPlan(first);
				world.applyPlan(second);
			} else if (step.kind === 'create') {
				const id = world.add(step.side, model.create(step.side, step.person, step.variant, `tag-${++tags}`));
				touched.set(`${step.side}:${id}`, ++clock);
			} else {
				const record = pickable(step.side, step.pick, step.kind === 'delete');
				if (!record) continue;
				const syncId = syncIdOf(step.side, record);
				if (step.kind === 'delete') {
					if (syncId !== undefined && isClean(step.side, record) && isConfirmed(step.side, record)) deletedForGood.add(syncId);
					world.remove(step.side, record.id as string);
				} else {
					if (syncId !== undefined) deletedForGood.delete(syncId);
					world.edit(step.side, record.id as string, model.edit(step.side, record, step.variant, step.value));
					// Only an edit that changes content is a change (e.g. '' over null is none).
					if (!sameContent(step.side, record, step.side, world.get(step.side, record.id as string)!)) {
						touched.set(`${step.side}:${record.id}`, ++clock);
					}
				}
			}
		}

		// Converge: a few complete runs reach a run with nothing left to do.
		let last: SyncPlan | undefined;
		for (let run = 0; run < 4; run++) {
			last = sync('complete', null, false);
			if (writesOf(last).length === 0) break;
		}
		expect(writesOf(last!)).toEqual([]);
		expect(last!.conflicts).toEqual([]);

		return { world, content, isClean, partnerOf, deletedForGood, touched, sameContent };
	};
}

describe('sync invariants under random edits, crashes and lost cursors', () => {
	it.each<[string, ConflictBehaviour, Model]>([
		['contacts', 'crmWins', contacts],
		['contacts', 'exchangeWins', contacts],
		['contacts', 'newestWins', contacts],
		['tasks', 'exchangeWins', tasks],
		['tasks', 'newestWins', tasks],
		['events', 'crmWins', events],
		['events', 'exchangeWins', events],
	])('two-way %s: converge without duplicates or resurrections (%s)', (_name, behaviour, model) => {
		const simulate = simulator(model, { conflictBehaviour: behaviour });
		fc.assert(
			fc.property(fc.array(op, { minLength: 1, maxLength: 30 }), (ops) => {
				const { world, content, isClean, partnerOf, deletedForGood } = simulate(ops);
				// No duplicates: each sync id once per side, and every record has its partner with equal content.
				for (const sideName of ['exchange', 'crm'] as const) {
					const ids = world.all(sideName).map((record) => syncIdOf(sideName, record));
					expect(ids.every((id) => id !== undefined)).toBe(true);
					expect(new Set(ids).size).toBe(ids.length);
				}
				expect(world.all('exchange').length).toBe(world.all('crm').length);
				for (const sideName of ['exchange', 'crm'] as const) {
					const tagsSeen = world.all(sideName).map((record) => content(sideName, record)[model.tagField]).filter((tag) => tag !== null);
					expect(new Set(tagsSeen).size).toBe(tagsSeen.length);
					if (model.sound) for (const record of world.all(sideName)) expect(model.sound(content(sideName, record))).toBe(true);
				}
				for (const record of world.all('exchange')) expect(isClean('exchange', record)).toBe(true);

				// No resurrected delete.
				for (const syncId of deletedForGood) {
					expect(partnerOf('exchange', syncId)).toBeUndefined();
					expect(partnerOf('crm', syncId)).toBeUndefined();
				}
			}),
			{ numRuns: model === contacts ? 80 : 50, seed: 20261125 },
		);
	});

	it.each(['exchangeToCrm', 'crmToExchange'] as const)('one-way (%s): the source is never written and the target mirrors it', (direction) => {
		const simulate = simulator(contacts, { syncType: 'oneWay', direction });
		const source: WorldSide = direction === 'exchangeToCrm' ? 'exchange' : 'crm';
		const target: WorldSide = source === 'exchange' ? 'crm' : 'exchange';
		fc.assert(
			fc.property(fc.array(op, { minLength: 1, maxLength: 30 }), (ops) => {
				const { world, touched, sameContent } = simulate(ops);
				const mirrors = (record: Record<string, unknown>) =>
					world.all(target).filter((copy) => JSON.parse(stateOf(target, copy) ?? '{}')[source === 'exchange' ? 'ex' : 'crm'] === record.id);
				for (const record of world.all(source)) {
					const copies = mirrors(record);
					expect(copies).toHaveLength(1);
					// A copy users edited keeps their edit until the source changes again; one they never
					// touched must equal its source.
					if (!touched.has(`${target}:${copies[0].id}`)) expect(sameContent(source, record, target, copies[0])).toBe(true);
				}
				// Nothing in the target still points at a source record that is gone.
				const sourceIds = new Set(world.all(source).map((record) => record.id));
				for (const copy of world.all(target)) {
					const origin = JSON.parse(stateOf(target, copy) ?? '{}')[source === 'exchange' ? 'ex' : 'crm'];
					if (origin !== undefined) expect(sourceIds.has(origin)).toBe(true);
				}
			}),
			{ numRuns: 60, seed: 20261126 },
		);
	});
});
