/**
 * Field-level analysis of a pair: which fields each side changed since the baseline, and the
 * content the pair should have after this run under a given winner rule.
 */
import { SIDES, otherSide, type FieldSpec, type Side } from './fieldMap';
import { contentHash, type Fingerprints } from './fingerprint';
import { STATE_ID_KEY, type Pair, type SideRecord } from './records';
import type { SyncState } from './syncState';
import { sameValue, type CanonicalRecord } from './values';

/** The pair's baseline: the state with the highest generation among its records. */
export function baselineOf(pair: Pair): SyncState | undefined {
	const states = SIDES.map((side) => pair[side]?.state).filter((state): state is SyncState => state !== undefined);
	return states.sort((a, b) => b.gen - a.gen)[0];
}


/**
 * Fields a side changed since the baseline. Without a baseline every non-empty field counts as
 * changed (a first sync fills blanks from the other side). A field still equal to the side's own
 * older state is not a change: an interrupted run left that side behind, and it catches up.
 */
export function changedFields(
	record: SideRecord,
	baseline: SyncState | undefined,
	fields: FieldSpec[],
): Set<string> {
	const changed = new Set<string>();
	// Not written by the run that made the baseline (its write failed or never ran) and untouched
	// since: behind, so a losing edit of a conflict is not read as a new change.
	// The cheap generation test first: the hash is computed only for a record the last run did not write.
	const seen = baseline?.seen?.[STATE_ID_KEY[record.side]];
	const behindTheBaseline =
		seen !== undefined && (record.state === undefined || record.state.gen < baseline!.gen) && seen === contentHash(record.fp);
	if (behindTheBaseline) return changed;
	for (const { field } of fields) {
		const base = baseline?.fp[field];
		const current = record.fp[field];
		if (base === undefined) {
			if (record.content[field] !== null && record.content[field] !== undefined) changed.add(field);
			continue;
		}
		if (current === base) continue;
		const behind = record.state !== undefined && record.state.gen < baseline!.gen && record.state.fp[field] === current;
		if (!behind) changed.add(field);
	}
	return changed;
}

export type ChangedFields = Record<Side, Set<string>>;

/** Who takes a field both sides changed to different values. */
export type FieldWinner = (field: string) => Side;

/**
 * The content after this run. A field changed on one side takes that side's value; a field both
 * changed takes the winner's; an unchanged field takes the value of a side that is current (not
 * left behind). `wholeRecord` makes the winner's value win every field either side changed.
 */
export function resolveContent(
	pair: Pair,
	baseline: SyncState | undefined,
	fields: FieldSpec[],
	changed: ChangedFields,
	winner: FieldWinner,
	wholeRecord: boolean,
): CanonicalRecord {
	const result: CanonicalRecord = {};
	for (const { field, kind } of fields) {
		const changedOn = SIDES.filter((side) => changed[side].has(field) && pair[side]);
		let source: Side | undefined;
		if (changedOn.length === 2) {
			source = sameValue(kind, pair.exchange!.content[field], pair.crm!.content[field]) ? 'exchange' : winner(field);
		} else if (changedOn.length === 1) {
			source = changedOn[0];
			if (wholeRecord && pair[otherSide(source)] && changed[otherSide(source)].size > 0) source = winner(field);
		} else {
			source = SIDES.find((side) => pair[side] && pair[side]!.fp[field] === baseline?.fp[field]) ?? SIDES.find((side) => pair[side]);
		}
		result[field] = source ? (pair[source]!.content[field] ?? null) : null;
	}
	return result;
}

/**
 * Fields whose values differ between the two sides: among those both sides changed, or with
 * `eitherSide` (a whole-record winner), among those either side changed.
 */
export function conflictingFields(pair: Pair, fields: FieldSpec[], changed: ChangedFields, eitherSide: boolean): string[] {
	if (!pair.exchange || !pair.crm) return [];
	return fields
		.filter(({ field }) =>
			eitherSide ? changed.exchange.has(field) || changed.crm.has(field) : changed.exchange.has(field) && changed.crm.has(field),
		)
		.filter(({ field, kind }) => !sameValue(kind, pair.exchange!.content[field], pair.crm!.content[field]))
		.map(({ field }) => field);
}

export function sameFingerprints(a: Fingerprints, b: Fingerprints): boolean {
	const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
	return [...keys].every((key) => a[key] === b[key]);
}

