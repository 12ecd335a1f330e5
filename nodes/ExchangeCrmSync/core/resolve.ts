/**
 * Field-level analysis of a pair: which fields each side changed since the baseline, which fields
 * the pair syncs in this run, and the content the pair should have after it.
 *
 * The merge is per field under every behaviour: a field changed on one side only takes that side's
 * value; only a field both sides changed to different values is a conflict, decided by the winner
 * rule or held until someone decides. A field a side does not hold (its module lacks it, or the
 * read did not return it) is never compared, written or blanked on either side.
 */
import { SIDES, type FieldSpec, type Side } from './fieldMap';
import { contentHash, type Fingerprints } from './fingerprint';
import { STATE_ID_KEY, type Pair, type SideRecord } from './records';
import type { SyncState } from './syncState';
import type { FieldDecision } from './types';
import { canonicalise, sameValue, type CanonicalRecord } from './values';

/**
 * The baseline fingerprint of a field both sides changed to different values that nobody decided
 * yet: it equals no value, so the field reads as changed on both sides until it is decided.
 */
export const HELD = 'held';

/** The pair's baseline: the state with the highest generation among its records. */
export function baselineOf(pair: Pair): SyncState | undefined {
	const states = SIDES.map((side) => pair[side]?.state).filter((state): state is SyncState => state !== undefined);
	return states.sort((a, b) => b.gen - a.gen)[0];
}

const holds = (record: SideRecord | undefined, field: string): record is SideRecord => record !== undefined && field in record.content;

/**
 * Fields a side changed since the baseline. Without a baseline every non-empty field counts as
 * changed (a first sync fills blanks from the other side). A field still equal to the side's own
 * older state is not a change: an interrupted run left that side behind, and it catches up. A held
 * field (a conflict nobody decided) always counts as changed.
 */
export function changedFields(record: SideRecord, baseline: SyncState | undefined, fields: FieldSpec[]): Set<string> {
	const changed = new Set<string>();
	const held = fields.filter(({ field }) => baseline?.fp[field] === HELD && field in record.content).map(({ field }) => field);
	// Not written by the run that made the baseline (its write failed or never ran) and untouched
	// since: behind, so a losing edit of a conflict is not read as a new change. Held fields stay
	// changed: the side's own edit of them is still undecided.
	// The cheap generation test first: the hash is computed only for a record the last run did not write.
	const seen = baseline?.seen?.[STATE_ID_KEY[record.side]];
	const behindTheBaseline =
		seen !== undefined && (record.state === undefined || record.state.gen < baseline!.gen) && seen === contentHash(record.fp);
	if (behindTheBaseline) return new Set(held);
	for (const { field } of fields) {
		if (!(field in record.content)) continue;
		const base = baseline?.fp[field];
		const current = record.fp[field];
		if (base === undefined) {
			if (record.content[field] !== null) changed.add(field);
			continue;
		}
		if (current === base) continue;
		const behind = base !== HELD && record.state !== undefined && record.state.gen < baseline!.gen && record.state.fp[field] === current;
		if (!behind) changed.add(field);
	}
	return changed;
}

export type ChangedFields = Record<Side, Set<string>>;

/** Who takes a field both sides changed to different values. */
export type FieldWinner = (field: string) => Side;

export interface MergeRule {
	/** One-way: the side that is read; the other side mirrors it, every field. */
	source?: Side;
	/** Who takes a conflicting field; without a winner the field is held for a decision. */
	winner?: FieldWinner;
	/** Conflicting fields an admin decided in review: they take the decision, before any winner. */
	decided?: Record<string, FieldDecision>;
	/** The side this run creates the record on: it takes every field the other side holds. */
	creating?: Side;
	/** Fields the CRM keeps read-only: they take the CRM's value whatever Exchange did. */
	crmOnly?: Set<string>;
}

export interface Resolution {
	/** The pair's content after this run, for the fields it syncs in this run. */
	content: CanonicalRecord;
	/** Conflicting fields left undecided (no winner): written to neither side. */
	held: string[];
}

/**
 * Whether the pair syncs a field in this run: both records hold it; or one record holds it and the
 * other side is being created (it takes what the record has), or is not in this changes-only input
 * and held the field at the last sync (a held conflict waits until both sides are read).
 */
function synced(pair: Pair, baseline: SyncState | undefined, field: string, creating: Side | undefined): boolean {
	const holders = SIDES.filter((side) => holds(pair[side], field));
	if (holders.length === 2) return true;
	if (holders.length === 0 || (pair.exchange && pair.crm)) return false;
	if (creating !== undefined && creating !== holders[0]) return true;
	const base = baseline?.fp[field];
	return base !== undefined && base !== HELD;
}

/**
 * The content after this run, field by field (docs/sync.md, "Field by field"):
 *
 *   Exchange   CRM        outcome
 *   not held   any        untouched (not in the content; the state keeps its fingerprint)
 *   any        not held   untouched
 *   unchanged  unchanged  the value of a side that is current (not left behind)
 *   changed    unchanged  Exchange's value
 *   unchanged  changed    the CRM's value
 *   changed X  changed X  that value
 *   changed X  changed Y  the value decided in review, else the winner's, else held (send to conflicts)
 *   any        read-only  the CRM's value
 *
 * A one-way sync takes the source's value for every field the source holds.
 */
export function resolveContent(pair: Pair, baseline: SyncState | undefined, fields: FieldSpec[], changed: ChangedFields, rule: MergeRule): Resolution {
	const content: CanonicalRecord = {};
	const held: string[] = [];
	for (const { field, kind, from } of fields) {
		if (!synced(pair, baseline, field, rule.creating)) continue;
		const holders = SIDES.filter((side) => holds(pair[side], field));
		const changedOn = holders.filter((side) => changed[side].has(field));
		let source: Side;
		const fieldSource = from ?? (rule.crmOnly?.has(field) ? 'crm' : rule.source);
		if (fieldSource !== undefined && holders.includes(fieldSource)) {
			source = fieldSource;
		} else if (changedOn.length === 2) {
			const decided = rule.decided?.[field];
			if (sameValue(kind, pair.exchange!.content[field], pair.crm!.content[field])) source = 'exchange';
			else if (decided && 'value' in decided) {
				content[field] = canonicalise(kind, decided.value);
				continue;
			} else if (decided) source = decided.take;
			else if (rule.winner) source = rule.winner(field);
			else {
				held.push(field);
				continue;
			}
		} else if (changedOn.length === 1) {
			source = changedOn[0];
		} else {
			source = holders.find((side) => pair[side]!.fp[field] === baseline?.fp[field]) ?? holders[0];
		}
		content[field] = pair[source]!.content[field] ?? null;
	}
	return { content, held };
}

/** Fields both sides hold and changed to different values since the baseline. */
export function conflictingFields(pair: Pair, fields: FieldSpec[], changed: ChangedFields): string[] {
	if (!pair.exchange || !pair.crm) return [];
	return fields
		.filter(({ field }) => changed.exchange.has(field) && changed.crm.has(field))
		.filter(({ field, kind }) => !sameValue(kind, pair.exchange!.content[field], pair.crm!.content[field]))
		.map(({ field }) => field);
}

export function sameFingerprints(a: Fingerprints, b: Fingerprints): boolean {
	const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
	return [...keys].every((key) => a[key] === b[key]);
}
