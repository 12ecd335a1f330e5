/**
 * The trust rules of a sync run, as properties over random edit histories of linked contacts:
 * edits and clears of random fields on either side, conflicting and not, fields the CRM module
 * lacks, deletes on either side, in complete and changes-only reads. After one run:
 * - both sides hold the per-field merge: a field changed on one side only has that side's value on
 *   both sides, one both changed has the winner's, an untouched one keeps its value;
 * - a field the CRM does not hold keeps its Exchange value;
 * - every value the run replaced on a side is in the report;
 * - a second run writes nothing;
 * - deletes are written only within the brake: never every linked record, never more than one
 *   and more than the share, never more than the limit.
 */
import fc from 'fast-check';

import { readContent } from '../../../nodes/ExchangeCrmSync/core/fieldMap';
import { objectProfile } from '../../../nodes/ExchangeCrmSync/core/objects';
import type { ConflictBehaviour, SyncPlan } from '../../../nodes/ExchangeCrmSync/core/types';
import { comparable, type CanonicalRecord } from '../../../nodes/ExchangeCrmSync/core/values';
import { syncIdOf } from './properties';
import { settingsFor, SyncWorld, writesOf, type WorldSide } from './world';

type Json = Record<string, unknown>;

/** Fields users edit: canonical name, Exchange property, Zoho field, the values they type. */
const FIELDS = [
	{ field: 'jobTitle', exchange: 'jobTitle', crm: 'Title', values: ['CEO', 'Head of Sales', '', 'CTO'] },
	{ field: 'department', exchange: 'department', crm: 'Department', values: ['R&D', 'Sales', '', 'Ops'] },
	{ field: 'mobilePhone', exchange: 'mobilePhone', crm: 'Mobile', values: ['+1 555 0100', '+1 (555) 0101', '', '+44 20 7946 0000'] },
	{ field: 'homePhone', exchange: 'homePhone', crm: 'Home_Phone', values: ['+49 30 1', '+49 30 2', '', '+49 30 3'] },
	{ field: 'notes', exchange: 'notes', crm: 'Description', values: ['met at fair', 'prefers mail', '', 'VIP'] },
] as const;

const CONTACTS = 8;

interface Edit {
	side: WorldSide;
	contact: number;
	field: number;
	value: number;
}

interface History {
	behaviour: Exclude<ConflictBehaviour, 'sendToConflicts'>;
	mode: 'complete' | 'changes';
	/** The CRM module lacks Home_Phone (a Zoho org whose Contacts have no such field). */
	crmLacksHomePhone: boolean;
	edits: Edit[];
	deletes: Array<{ side: WorldSide; contact: number }>;
}

const history: fc.Arbitrary<History> = fc.record({
	behaviour: fc.constantFrom('crmWins', 'exchangeWins', 'newestWins'),
	mode: fc.constantFrom('complete', 'changes'),
	crmLacksHomePhone: fc.boolean(),
	edits: fc.array(
		fc.record({ side: fc.constantFrom<WorldSide>('exchange', 'crm'), contact: fc.nat(CONTACTS - 1), field: fc.nat(FIELDS.length - 1), value: fc.nat(3) }),
		{ maxLength: 20 },
	),
	deletes: fc.array(fc.record({ side: fc.constantFrom<WorldSide>('exchange', 'crm'), contact: fc.nat(CONTACTS - 1) }), { maxLength: 6 }),
});

const other = (side: WorldSide): WorldSide => (side === 'exchange' ? 'crm' : 'exchange');

describe('trust rules of one run, over random edit histories', () => {
	it('merge per field, nothing held by one side lost, every overwrite reported, quiet rerun, deletes within the brake', () => {
		fc.assert(
			fc.property(history, (story) => {
				const settings = settingsFor({ conflictBehaviour: story.behaviour, massDeleteLimit: 3, massDeletePercent: 50 });
				const world = new SyncWorld(settings);
				if (story.crmLacksHomePhone) world.lacks.crm.push('Home_Phone');
				const profile = objectProfile(settings);
				const context = { exchangeTimeZone: settings.exchangeTimeZone, crmTimeZone: settings.crmTimeZone, mailbox: settings.mailbox };
				const content = (side: WorldSide, record: Json): CanonicalRecord => readContent(side, profile.fields, record, context);
				const kindOf = (field: string) => profile.fields.find((spec) => spec.field === field)!.kind;
				const same = (field: string, a: unknown, b: unknown) => comparable(kindOf(field), (a ?? null) as never) === comparable(kindOf(field), (b ?? null) as never);

				for (let n = 0; n < CONTACTS; n++) world.add('exchange', { surname: `P${n}`, email1: `p${n}@x.test`, jobTitle: 'Buyer', homePhone: `+49 30 ${n}00` });
				world.run();
				world.run({ mode: 'changes' });
				const recordOf = (side: WorldSide, n: number) => world.all(side).find((record) => content(side, record).surname === `P${n}`);
				const before = (side: WorldSide) => {
					const contents = new Map<number, CanonicalRecord>();
					for (let n = 0; n < CONTACTS; n++) {
						const record = recordOf(side, n);
						if (record) contents.set(n, content(side, record));
					}
					return contents;
				};
				const synced = { exchange: before('exchange'), crm: before('crm') };

				// Users edit (the last edit of a field on a side is what that side holds), then delete.
				const editedAt = new Map<string, number>();
				story.edits.forEach((edit, order) => {
					const spec = FIELDS[edit.field];
					const record = recordOf(edit.side, edit.contact)!;
					world.edit(edit.side, record.id as string, { [spec[edit.side]]: spec.values[edit.value] });
					editedAt.set(`${edit.side}|${edit.contact}`, order);
				});
				const deleted = new Set<string>();
				for (const { side, contact } of story.deletes) {
					const record = recordOf(side, contact);
					if (!record) continue;
					world.remove(side, record.id as string);
					deleted.add(`${side}|${contact}`);
				}
				const held = { exchange: before('exchange'), crm: before('crm') };
				const plan: SyncPlan = world.run({ mode: story.mode, partners: story.mode === 'changes' });

				// Deletes within the brake.
				const deletes = writesOf(plan).filter((write) => write.json.action === 'delete').length;
				// A pair deleted on both sides is simply forgotten, and one whose other side was edited is
				// made again (the edit is kept): only the rest need a delete.
				const untouched = (side: WorldSide, n: number) =>
					profile.fields.every((spec) => same(spec.field, held[side].get(n)?.[spec.field], synced[side].get(n)?.[spec.field]));
				const deletedPairs = Array.from({ length: CONTACTS }, (_, n) => {
					const gone = (['exchange', 'crm'] as const).filter((side) => deleted.has(`${side}|${n}`));
					return gone.length === 1 && untouched(other(gone[0]), n);
				}).filter(Boolean).length;
				if (deletes > 0) {
					expect(deletes).toBeLessThanOrEqual(3);
					expect(deletes).toBeLessThan(CONTACTS);
					if (deletes > 1) expect(deletes * 100).toBeLessThanOrEqual(50 * CONTACTS);
				}
				if (deletedPairs > 3 || (deletedPairs > 1 && deletedPairs * 2 > CONTACTS)) expect(deletes).toBe(0);

				for (let n = 0; n < CONTACTS; n++) {
					if (deleted.has(`exchange|${n}`) || deleted.has(`crm|${n}`)) continue;
					const now = { exchange: content('exchange', recordOf('exchange', n)!), crm: content('crm', recordOf('crm', n)!) };
					const pair = plan.report.pairs.find((entry) => entry.syncId === syncIdOf('exchange', recordOf('exchange', n)!));
					for (const { field } of FIELDS) {
						const crmHolds = !(story.crmLacksHomePhone && field === 'homePhone');
						const changed = (side: WorldSide) => !same(field, held[side].get(n)![field], synced[side].get(n)![field]);
						if (!crmHolds) {
							// The CRM does not hold it: Exchange keeps its own value, whatever happened.
							expect(now.exchange[field] ?? null).toEqual(held.exchange.get(n)![field] ?? null);
							continue;
						}
						let expected: unknown;
						if (changed('exchange') && changed('crm') && !same(field, held.exchange.get(n)![field], held.crm.get(n)![field])) {
							const newer = (editedAt.get(`exchange|${n}`) ?? -1) > (editedAt.get(`crm|${n}`) ?? -1) ? 'exchange' : 'crm';
							const winner: WorldSide = story.behaviour === 'crmWins' ? 'crm' : story.behaviour === 'exchangeWins' ? 'exchange' : newer;
							expected = held[winner].get(n)![field];
						} else if (changed('exchange')) expected = held.exchange.get(n)![field];
						else if (changed('crm')) expected = held.crm.get(n)![field];
						else expected = synced.exchange.get(n)![field];
						for (const side of ['exchange', 'crm'] as const) {
							expect({ contact: n, field, side, value: now[side][field] ?? null }).toEqual({ contact: n, field, side, value: expected ?? null });
							// A value the run replaced is in the report.
							if (!same(field, held[side].get(n)![field], now[side][field])) {
								expect(pair?.overwritten).toContainEqual(expect.objectContaining({ side, field }));
							}
						}
						expect(same(field, now[other('exchange')][field], now.exchange[field])).toBe(true);
					}
				}
				// A second run writes nothing (the deletes the brake held stay held, they are no write).
				expect(writesOf(world.run({ mode: story.mode, partners: story.mode === 'changes' }))).toEqual([]);
			}),
			{ numRuns: 150, seed: 20261207 },
		);
	});
});
