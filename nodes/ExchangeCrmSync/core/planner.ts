/**
 * The planner: pairs the two inputs, asks the decision table what each pair needs, applies the
 * settings (one-way, delete and conflict behaviour, the mass-delete limit) and returns the
 * ready-to-run writes for both sides, the conflicts and a report. Pure: same input, same plan.
 */
import { decide, type Decision, type SideStatus } from './decisions';
import { contentHash, fingerprint } from './fingerprint';
import { holds, isJsonObject, SIDES, otherSide, type MapContext, type Side } from './fieldMap';
import { objectProfile, type ObjectProfile } from './objects';
import { linkIdOf, pairRecords, parseSide, seriesSyncIdOf, STATE_ID_KEY, type Pair, type ParsedSide, type SideRecord } from './records';
import {
	baselineOf,
	changedFields,
	conflictingFields,
	HELD,
	resolveContent,
	sameFingerprints,
	type ChangedFields,
	type MergeRule,
	type Resolution,
} from './resolve';
import { serialiseSyncState, type SyncState } from './syncState';
import type {
	SyncReport,
	ConflictItem,
	InputError,
	PairReport,
	SideCounts,
	SuggestedWrites,
	SyncPlan,
	SyncSettings,
	ToCrmWrite,
	ToExchangeWrite,
} from './types';
import type { CanonicalRecord } from './values';
import { deletedContent, undoUpdates, type UndoEntry, type UndoSkip } from './undo';
import { contentWrite, deleteWrite, editsWrite, type PlannedWrite, type WriteInput } from './writes';

export interface SyncInput {
	exchange: unknown[];
	crm: unknown[];
	settings: SyncSettings;
	/** Clock for the report's duration; injectable for tests. */
	now?: () => number;
}

const SIDE_LABEL: Record<Side, string> = { exchange: 'Exchange', crm: 'the CRM' };
/** The side a decision writes content to, and how. */
const DECISION_TARGET: Partial<Record<Decision, { side: Side; kind: 'create' | 'copy' | 'delete' }>> = {
	copyToCrm: { side: 'crm', kind: 'copy' },
	copyToExchange: { side: 'exchange', kind: 'copy' },
	createInCrm: { side: 'crm', kind: 'create' },
	createInExchange: { side: 'exchange', kind: 'create' },
	recreateInCrm: { side: 'crm', kind: 'create' },
	recreateInExchange: { side: 'exchange', kind: 'create' },
	deleteInCrm: { side: 'crm', kind: 'delete' },
	deleteInExchange: { side: 'exchange', kind: 'delete' },
};

interface PairPlan {
	pair: Pair;
	decision: string;
	reason: string;
	writes: PlannedWrite[];
	conflict?: ConflictItem;
	skipped: Side[];
	errors: Side[];
	/** Undo a run: the fields set back, and what could not be undone. */
	undo?: { undone: number; skipped: UndoSkip[] };
}

/** The side a one-way sync reads from; the other side is the only one written. */
const sourceSide = (settings: SyncSettings): Side | undefined =>
	settings.syncType === 'oneWay' ? (settings.direction === 'exchangeToCrm' ? 'exchange' : 'crm') : undefined;

function statusOf(side: Side, pair: Pair, baseline: SyncState | undefined, changed: ChangedFields, settings: SyncSettings): SideStatus {
	if (pair[side]) return baseline === undefined ? 'new' : changed[side].size > 0 ? 'changed' : 'unchanged';
	if (baseline === undefined) return 'absent';
	if (pair.tombstones[side]) return 'deleted';
	// A changes-only input holds only what changed: the other side is assumed unchanged, unless the
	// input holds the partners of everything that changed (then a partner not there is gone).
	if (settings.inputCompleteness === 'changes' && !settings.partnersIncluded) return 'unseen';
	return baseline[STATE_ID_KEY[side]] !== undefined ? 'deleted' : 'missing';
}

function deleteAllowed(side: Side, settings: SyncSettings): boolean {
	switch (settings.deleteBehaviour) {
		case 'propagate':
			return true;
		case 'ignore':
			return false;
		case 'propagateToCrm':
			return side === 'crm';
		case 'propagateToExchange':
			return side === 'exchange';
	}
}

function newerSide(pair: Pair): Side {
	const time = (side: Side) => Date.parse(pair[side]?.modifiedAt ?? '');
	const exchange = time('exchange');
	const crm = time('crm');
	return Number.isFinite(exchange) && (!Number.isFinite(crm) || exchange > crm) ? 'exchange' : 'crm';
}

/**
 * How this run merges a pair: one-way, the source mirrors every field; two-way, per field, and the
 * conflict behaviour names who takes a field both sides changed to different values (sending
 * conflicts to the Conflicts output names nobody: those fields wait for a decision).
 */
function mergeRule(pair: Pair, settings: SyncSettings, creating: Side | undefined): MergeRule {
	const source = sourceSide(settings);
	if (source) return { source, creating };
	switch (settings.conflictBehaviour) {
		case 'crmWins':
			return { winner: () => 'crm', creating };
		case 'exchangeWins':
			return { winner: () => 'exchange', creating };
		case 'newestWins': {
			const newest = newerSide(pair);
			return { winner: () => newest, creating };
		}
		case 'sendToConflicts':
			return { creating };
	}
}

class PairPlanner {
	private readonly context: MapContext;
	private readonly source: Side | undefined;

	constructor(
		private readonly settings: SyncSettings,
		private readonly profile: ObjectProfile,
	) {
		this.context = { exchangeTimeZone: settings.exchangeTimeZone, crmTimeZone: settings.crmTimeZone, mailbox: settings.mailbox };
		this.source = sourceSide(settings);
	}

	plan(pair: Pair): PairPlan {
		if (pair.movedAway) return this.planMove(pair, pair.movedAway);
		const { fields } = this.profile;
		const baseline = baselineOf(pair);
		const changed: ChangedFields = {
			exchange: pair.exchange ? changedFields(pair.exchange, baseline, fields) : new Set(),
			crm: pair.crm ? changedFields(pair.crm, baseline, fields) : new Set(),
		};
		const statuses = { exchange: statusOf('exchange', pair, baseline, changed, this.settings), crm: statusOf('crm', pair, baseline, changed, this.settings) };
		let { decision, reason } = decide(statuses.exchange, statuses.crm);
		const review = this.settings.reviewDecisions?.[pair.syncId];
		if (review?.delete === 'discard' && (decision === 'deleteInCrm' || decision === 'deleteInExchange')) {
			decision = decision === 'deleteInCrm' ? 'recreateInExchange' : 'recreateInCrm';
			reason = `${reason}; the delete was discarded in review: the record is kept and made again where it was deleted`;
		}
		if (decision === 'recreateInExchange' && this.profile.series && seriesSyncIdOf(pair.syncId) !== undefined) {
			// EWS cannot make a modified occurrence again (a single event would double the occurrence
			// a reset series shows again): the Exchange delete wins.
			decision = 'deleteInCrm';
			reason = 'a modified occurrence deleted in Exchange (or reset by an edit of its series) but changed in the CRM: Exchange cannot make it again, so the CRM change is not kept';
		}
		const result: PairPlan = { pair, decision, reason, writes: [], skipped: [], errors: [] };
		const target = DECISION_TARGET[decision];

		if (this.source && target?.kind === 'create' && target.side === this.source && statuses[this.source] === 'deleted') {
			// One-way: the source is the truth, so its delete wins over an edit of the copy.
			const copy = otherSide(this.source);
			result.decision = copy === 'crm' ? 'deleteInCrm' : 'deleteInExchange';
			result.reason = `deleted in ${SIDE_LABEL[this.source]}, the source of this one-way sync: the edit in ${SIDE_LABEL[copy]} is not kept`;
			return this.planDelete(result, copy, baseline);
		}
		if (target && target.side === this.source) {
			const edited = SIDE_LABEL[otherSide(target.side)];
			return this.skip(
				result,
				target.side,
				`${reason}; one-way sync never writes ${SIDE_LABEL[target.side]} (an edit in ${edited} is overwritten by the next change in ${SIDE_LABEL[target.side]})`,
			);
		}
		if (target?.kind === 'delete') return this.planDelete(result, target.side, baseline);

		const creating = target?.kind === 'create' ? target.side : undefined;
		let rule: MergeRule = { ...mergeRule(pair, this.settings, creating), crmOnly: this.profile.readOnlyInCrm };
		const bothSides = decision === 'resolveConflict' || decision === 'linkFirstSync';
		const oneSided = new Set(fields.filter((spec) => spec.from !== undefined || this.profile.readOnlyInCrm.has(spec.field)).map((spec) => spec.field));
		const conflicting = bothSides ? conflictingFields(pair, fields, changed).filter((field) => !oneSided.has(field)) : [];
		// A decision made in review takes every conflicting field it covers; one it does not cover asks again.
		if (!this.source && review?.fields && conflicting.length > 0 && conflicting.every((field) => review.fields![field] !== undefined)) {
			rule = { ...rule, winner: undefined, decided: review.fields };
		}
		if (!this.source && !rule.winner && !rule.decided && conflicting.length > 0) {
			result.decision = 'conflict';
			result.conflict = this.conflictItem(pair, baseline, changed, conflicting);
			return result;
		}
		if (conflicting.length > 0) result.reason = `${reason}; ${this.conflictNote(rule, conflicting)}`;
		const resolution = this.undoUpdates(result, this.fitToCrm(resolveContent(pair, baseline, fields, changed, rule)));
		const state = this.nextState(pair, baseline, resolution, target);
		const stateText = serialiseSyncState(state);
		for (const side of SIDES) {
			if (side === this.source) continue;
			this.addWrite(result, { side, pair, baseline, content: resolution.content, state, stateText, create: creating === side });
		}
		if (creating) this.deferPartnerWrite(result, creating);
		return result;
	}

	private kindOf = (field: string) => this.profile.fields.find((spec) => spec.field === field)?.kind;

	/** Undo a run: the fields the run updated go back to their old values (on both sides, with the pair's state). */
	private undoUpdates(result: PairPlan, resolution: Resolution): Resolution {
		const entries = this.settings.undo?.[result.pair.syncId];
		if (!entries) return resolution;
		const current = { exchange: result.pair.exchange?.content, crm: result.pair.crm?.content };
		const undo = undoUpdates(entries, resolution.content, current, this.kindOf);
		result.undo = { undone: undo.undone.length, skipped: undo.skipped };
		if (undo.undone.length > 0) {
			result.decision = 'undo';
			result.reason = `${undo.undone.join(', ')} set back to the value before the run being undone`;
		}
		return { ...resolution, content: undo.content };
	}

	/**
	 * Undo a run: a record it deleted, whose pair is gone on both sides, is made again on the side it
	 * was deleted from, from the content the journal kept, with the pair's sync id; the next run
	 * finds its partner missing and makes it too.
	 */
	recreate(entry: UndoEntry): PairPlan {
		const pair: Pair = { syncId: entry.syncId, tombstones: {} };
		const result: PairPlan = { pair, decision: 'undoDelete', reason: 'made again: the run being undone deleted it', writes: [], skipped: [], errors: [] };
		const content = deletedContent(entry, this.kindOf);
		if (typeof content === 'string') {
			result.undo = { undone: 0, skipped: [{ syncId: entry.syncId, system: entry.system, reason: `not made again: ${content}` }] };
			return result;
		}
		const state: SyncState = { v: 1, gen: 1, fp: fingerprint(this.profile.fields, content), mb: this.settings.mailbox.toLowerCase() };
		this.addWrite(result, { side: entry.system, pair, baseline: undefined, content, state, stateText: serialiseSyncState(state), create: true });
		result.undo = { undone: result.writes.length, skipped: [] };
		return result;
	}

	/**
	 * The partner of a record this run creates learns the new id only after the create: its link
	 * write rides on the create write and is made by `linkCreated`, once, with both ids. A partner
	 * whose link names the other record tells a later run that a missing record was deleted, not
	 * never made. Without a create (it could not be made) there is nothing to link.
	 */
	private deferPartnerWrite(result: PairPlan, createdSide: Side): void {
		const create = result.writes.find((planned) => planned.write.side === createdSide && planned.write.json.action === 'create');
		const partner = result.writes.find((planned) => planned.write.side !== createdSide);
		if (!partner) return;
		result.writes = result.writes.filter((planned) => planned !== partner);
		if (!create) return;
		create.overwritten.push(...partner.overwritten);
		if (create.write.side === 'exchange' && partner.write.side === 'crm') create.write.json.partnerLink = partner.write.json;
		else if (create.write.side === 'crm' && partner.write.side === 'exchange') create.write.json.partnerLink = partner.write.json;
	}

	/**
	 * The CRM record now belongs to another user: the item leaves this mailbox (to Deleted Items) and
	 * the CRM record stays, once; the new owner's run makes its own copy. What this mailbox changed
	 * since the last sync is first written to the CRM record (its link untouched), so nothing is lost.
	 */
	private planMove(pair: Pair, moved: SideRecord): PairPlan {
		const ownerName = isJsonObject(moved.raw.Owner) && typeof moved.raw.Owner.name === 'string' ? moved.raw.Owner.name : 'another user';
		const result: PairPlan = {
			pair,
			decision: 'moveToOtherUser',
			reason: `the CRM record is now owned by ${ownerName}: it leaves this mailbox and stays in the CRM`,
			writes: [],
			skipped: [],
			errors: [],
		};
		if (this.source === 'exchange') return this.skip(result, 'exchange', `${result.reason}; one-way sync never writes Exchange`);
		const item = pair.exchange;
		const changed = item ? changedFields(item, baselineOf(pair), this.profile.fields) : new Set<string>();
		if (item && this.source === undefined && changed.size > 0) {
			const write = editsWrite({ ...pair, crm: moved }, 'crm', item.content, [...changed], this.settings, this.profile, this.context);
			if (write) result.writes.push(write);
		}
		// Not in a changes-only input, the item is the one the CRM record's link names in this mailbox.
		const itemId = item?.id ?? moved.state!.ex!;
		result.writes.push({ write: deleteWrite('exchange', pair, itemId, this.settings, this.profile), overwritten: [] });
		return result;
	}

	/**
	 * Deletes (recoverably) the extra copy overlapping runs made of one create; values it holds
	 * that the kept record does not are reported as overwritten.
	 */
	removeDuplicate(record: SideRecord, kept: SideRecord): PairPlan {
		const pair: Pair = { syncId: record.syncId!, [record.side]: record, tombstones: {} };
		const result: PairPlan = {
			pair,
			decision: 'removeDuplicate',
			reason: 'a second copy of one create, made by two overlapping runs',
			writes: [],
			skipped: [],
			errors: [],
		};
		if (record.side === this.source) return this.skip(result, record.side, `${result.reason}; one-way sync never writes ${SIDE_LABEL[record.side]}`);
		const overwritten = this.profile.fields
			.filter((spec) => record.fp[spec.field] !== kept.fp[spec.field])
			.map((spec) => ({ side: record.side, field: spec.field, oldValue: record.content[spec.field] ?? null, newValue: kept.content[spec.field] ?? null }));
		result.writes.push({ write: deleteWrite(record.side, pair, record.id, this.settings, this.profile), overwritten });
		return result;
	}

	private skip(result: PairPlan, side: Side, reason: string): PairPlan {
		result.decision = 'skip';
		result.reason = reason;
		result.skipped.push(side);
		return result;
	}

	private planDelete(result: PairPlan, side: Side, baseline: SyncState | undefined): PairPlan {
		if (!deleteAllowed(side, this.settings)) {
			return this.skip(result, side, `${result.reason}; the delete behaviour does not delete in ${SIDE_LABEL[side]}`);
		}
		const id = result.pair[side]?.id ?? baseline?.[STATE_ID_KEY[side]];
		if (id === undefined) return this.skip(result, side, `${result.reason}; the record to delete is unknown`);
		result.writes.push({ write: deleteWrite(side, result.pair, id, this.settings, this.profile), overwritten: [] });
		return result;
	}

	private conflictNote(rule: MergeRule, fields: string[]): string {
		if (rule.decided) return `${fields.join(', ')} changed on both sides: decided in review`;
		const winner = rule.source ?? rule.winner!(fields[0]);
		return `${fields.join(', ')} changed on both sides: ${SIDE_LABEL[winner]} wins`;
	}

	/**
	 * The pair's next state: the fingerprints of the content it syncs now; a held conflict marked
	 * held; a field this run did not sync (a side did not hold it) keeps its last synced fingerprint.
	 */
	private nextState(pair: Pair, baseline: SyncState | undefined, resolution: Resolution, target: { side: Side; kind: string } | undefined): SyncState {
		const fp = fingerprint(this.profile.fields, resolution.content);
		for (const { field } of this.profile.fields) {
			if (field in fp) continue;
			if (resolution.held.includes(field)) fp[field] = HELD;
			else if (baseline?.fp[field] !== undefined) fp[field] = baseline.fp[field];
		}
		const newGeneration = baseline === undefined || !sameFingerprints(fp, baseline.fp);
		const gen = baseline === undefined ? 1 : newGeneration ? baseline.gen + 1 : baseline.gen;
		const idOf = (side: Side) => {
			if (target?.side === side && target.kind === 'create') return undefined;
			const present = pair[side];
			return present ? linkIdOf(present) : baseline?.[STATE_ID_KEY[side]];
		};
		const ex = idOf('exchange');
		const crm = idOf('crm');
		// A new generation records what each side held when read; the same generation keeps what it had.
		const seenOf = (side: Side) => (pair[side] ? contentHash(pair[side]!.fp) : undefined);
		const seen = newGeneration ? { ex: seenOf('exchange'), crm: seenOf('crm') } : baseline?.seen;
		const seenPart = seen && (seen.ex !== undefined || seen.crm !== undefined) ? { seen } : {};
		return { v: 1, gen, fp, ...(ex !== undefined ? { ex } : {}), ...(crm !== undefined ? { crm } : {}), mb: this.settings.mailbox.toLowerCase(), ...seenPart };
	}

	/**
	 * With Truncate Long Values, a value longer than its CRM field holds is cut to that length, and
	 * the cut value is what both sides get (the report lists what it replaced); without it the record
	 * is refused (see `tooLong`).
	 */
	private fitToCrm(resolution: Resolution): Resolution {
		if (!this.settings.truncateLongValues) return resolution;
		const content = { ...resolution.content };
		for (const [field, length] of this.profile.crmLengths) {
			const value = content[field];
			if (typeof value === 'string' && [...value].length > length) content[field] = [...value].slice(0, length).join('').trimEnd();
		}
		return { ...resolution, content };
	}

	/** Why the CRM would refuse this content: a value longer than its field holds (never cut silently). */
	private tooLong(content: CanonicalRecord): string | undefined {
		const long = [...this.profile.crmLengths].filter(([field, length]) => typeof content[field] === 'string' && [...(content[field] as string)].length > length);
		if (long.length === 0) return undefined;
		const detail = long.map(([field, length]) => `${field} has ${[...(content[field] as string)].length} characters, its CRM field holds ${length}`).join('; ');
		return `not written to the CRM: ${detail} (shorten it, or turn on Truncate Long Values)`;
	}

	private addWrite(result: PairPlan, input: WriteInput): void {
		const { side, pair, baseline, content, create } = input;
		const missing = create ? this.profile.requiredOnCreate[side].filter((field) => content[field] === null || content[field] === undefined) : [];
		const problem =
			missing.length > 0
				? `cannot create in ${SIDE_LABEL[side]}: ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} empty`
				: (this.profile.refusal?.[side]?.(content) ?? (side === 'crm' ? this.tooLong(content) : undefined));
		if (problem !== undefined) {
			result.decision = 'error';
			result.reason = `${result.reason}; ${problem}`;
			result.errors.push(side);
			return;
		}
		if (!create && !pair[side] && (baseline === undefined || baseline[STATE_ID_KEY[side]] === undefined)) return;
		const write = contentWrite(input, this.settings, this.profile, this.context);
		if (write) result.writes.push(write);
	}

	/**
	 * A pair with fields both sides changed to different values, for someone to decide: each way of
	 * deciding as ready writes, and `hold`, which writes what only one side changed and keeps the
	 * conflicting fields undecided (they come back on the next run).
	 */
	private conflictItem(pair: Pair, baseline: SyncState | undefined, changed: ChangedFields, conflicting: string[]): ConflictItem {
		const suggestion = (rule: MergeRule): SuggestedWrites => {
			const resolution = resolveContent(pair, baseline, this.profile.fields, changed, rule);
			const state = this.nextState(pair, baseline, resolution, undefined);
			const stateText = serialiseSyncState(state);
			const writes: SuggestedWrites = {};
			for (const side of SIDES) {
				const input = { side, pair, baseline, content: resolution.content, state, stateText, create: false };
				const write = contentWrite(input, this.settings, this.profile, this.context)?.write;
				if (write?.side === 'exchange') writes.toExchange = write.json;
				else if (write?.side === 'crm') writes.toCrm = write.json;
			}
			return writes;
		};
		return {
			syncId: pair.syncId,
			object: this.settings.object,
			exchange: pair.exchange?.raw ?? null,
			crm: pair.crm?.raw ?? null,
			baseline: baseline ?? null,
			fields: conflicting.map((field) => ({
				field,
				exchangeValue: pair.exchange?.content[field] ?? null,
				crmValue: pair.crm?.content[field] ?? null,
			})),
			suggested: { crmWins: suggestion({ winner: () => 'crm' }), exchangeWins: suggestion({ winner: () => 'exchange' }), hold: suggestion({}) },
		};
	}
}

const emptyCounts = (): SideCounts => ({ created: 0, updated: 0, deleted: 0, conflicts: 0, skipped: 0, errors: 0 });

/** A plan that deletes a record. An item leaving this mailbox because its CRM record changed owner deletes no record: it moves. */
const isDelete = (plan: PairPlan) => plan.decision !== 'moveToOtherUser' && plan.writes.some((planned) => planned.write.json.action === 'delete');

/**
 * The linked pairs a run starts from: in a complete run, those in its input; in a changes-only run,
 * the count the last run reported (the input holds only a few pairs), unknown without it.
 */
function linkedBefore(plans: PairPlan[], settings: SyncSettings): number | undefined {
	if (settings.inputCompleteness === 'changes') return settings.linkedBefore;
	return plans.filter((plan) => plan.decision !== 'removeDuplicate' && baselineOf(plan.pair) !== undefined).length;
}

/** A plan that links a pair that had no link: a record made on the other side, or two matched on a first sync. */
const linksAPair = (plan: PairPlan) =>
	plan.writes.length > 0 && (plan.decision === 'createInCrm' || plan.decision === 'createInExchange' || plan.decision === 'linkFirstSync') && baselineOf(plan.pair) === undefined;

/** A plan after which the pair is no longer linked here: a record deleted, or moved to another user's mailbox. */
const unlinksAPair = (plan: PairPlan) =>
	plan.decision !== 'removeDuplicate' && plan.writes.some((planned) => planned.write.json.action === 'delete');

/**
 * Why this run's deletes must be held back, if they must. Deletes are braked where absence could be
 * a fault rather than deletion: a side that lists nothing, or none of the linked records; more
 * deletes than the limit; more than one delete and more than the share of the user's linked
 * records, in every read mode, so a small mailbox that loses all its contacts at once is braked
 * too. One delete among several linked records goes through.
 */
function deleteBrake(plans: PairPlan[], sides: Record<Side, ParsedSide>, settings: SyncSettings): string | undefined {
	const braked = (plan: PairPlan) => isDelete(plan) && !releasedInReview(plan, settings);
	const deletes = plans.filter(braked).length;
	if (deletes === 0 || settings.releaseHeldDeletes) return undefined;
	// An extra copy of one create is no record lost: it counts against the limit, not the share.
	const linkedDeletes = plans.filter((plan) => braked(plan) && plan.decision !== 'removeDuplicate').length;
	const linked = linkedBefore(plans, settings);
	if (settings.inputCompleteness === 'complete') {
		for (const side of SIDES) {
			const ownRecords = sides[side].records.filter((record) => !record.ownedElsewhere);
			if (ownRecords.length === 0 && sides[side].tombstones.length === 0) {
				return `the ${SIDE_LABEL[side]} input is empty: read as a failed read, not as everything deleted`;
			}
			const linkedListed = plans.some((plan) => plan.pair[side] !== undefined && baselineOf(plan.pair) !== undefined);
			if (!linkedListed && linked! > 0) {
				return `${SIDE_LABEL[side]} lists none of the ${linked} linked records: read as a failed read (a wrong folder, lost permissions), not as everything deleted`;
			}
		}
	}
	if (deletes > settings.massDeleteLimit) return `${deletes} deletes exceed the mass-delete limit of ${settings.massDeleteLimit}`;
	if (linked === undefined) {
		return linkedDeletes > 1
			? `${linkedDeletes} deletes, and the number of linked records is unknown (Linked Records Before This Run is empty), so their share cannot be checked`
			: undefined;
	}
	if (linkedDeletes > 0 && linkedDeletes >= linked) return `every one of the ${linked} linked records would be deleted: read as a fault, not as deletions`;
	if (linkedDeletes > 1 && linkedDeletes * 100 > settings.massDeletePercent * linked) {
		return `${linkedDeletes} deletes are more than ${settings.massDeletePercent}% of ${linked} linked records`;
	}
	return undefined;
}

/** A delete an admin released in review after the brake held it: it passes the brake, once. */
const releasedInReview = (plan: PairPlan, settings: SyncSettings) => settings.reviewDecisions?.[plan.pair.syncId]?.delete === 'release';

/** How an admin lets held deletes through, once they checked the records are really gone. */
const RELEASE_HELD_DELETES =
	'If these records were really deleted, run once with Release Held Deletes on (or with a higher Mass-Delete Limit or Share); nothing is deleted until then.';

export function planSync(input: SyncInput): SyncPlan {
	const now = input.now ?? Date.now;
	const started = now();
	const { settings } = input;
	const profile = objectProfile(settings);
	const context: MapContext = { exchangeTimeZone: settings.exchangeTimeZone, crmTimeZone: settings.crmTimeZone, mailbox: settings.mailbox };
	const sides: Record<Side, ParsedSide> = {
		exchange: parseSide('exchange', input.exchange, profile, context, settings),
		crm: parseSide('crm', input.crm, profile, context, settings),
	};
	const { pairs, unresolvedTombstones, duplicates } = pairRecords(sides, profile, settings);
	const planner = new PairPlanner(settings, profile);
	const plans = [
		...pairs.map((pair) => planner.plan(pair)),
		...duplicates.map(({ extra, kept }) => planner.removeDuplicate(extra, kept)),
		...recreatedDeletes(pairs, settings).map((entry) => planner.recreate(entry)),
	];

	const blockedReason = deleteBrake(plans, sides, settings);
	let wouldDelete = 0;
	for (const plan of plans) {
		if (!isDelete(plan)) continue;
		wouldDelete++;
		if (blockedReason === undefined || releasedInReview(plan, settings)) continue;
		plan.skipped.push(...plan.writes.map((planned) => planned.write.side));
		plan.writes = [];
		plan.decision = 'blocked';
		plan.reason = `${plan.reason}; not deleted: ${blockedReason}`;
	}

	const counts: Record<Side, SideCounts> = { exchange: emptyCounts(), crm: emptyCounts() };
	const errors: InputError[] = [...sides.exchange.errors, ...sides.crm.errors];
	for (const error of errors) counts[error.side].errors++;
	// A deletion whose pair is not in a changes-only input (an Exchange deletion names only the
	// item's id) is not an error: a complete read finds the pair and propagates it. When the input
	// holds the partners of the deletions, one without its partner there has none to delete.
	for (const tombstone of unresolvedTombstones) counts[tombstone.side].skipped++;
	const unpaired = settings.partnersIncluded ? 0 : unresolvedTombstones.length;

	const plan: SyncPlan = {
		toExchange: [],
		toCrm: [],
		conflicts: [],
		report: {
			object: settings.object,
			mailbox: settings.mailbox,
			syncType: settings.syncType,
			inputCompleteness: settings.inputCompleteness,
			counts,
			pairs: [],
			errors,
			massDelete: {
				blocked: blockedReason !== undefined,
				wouldDelete,
				...(blockedReason ? { reason: blockedReason, release: RELEASE_HELD_DELETES } : {}),
			},
			unpairedDeletions: unpaired,
			deletionsWithoutPartner: unresolvedTombstones.length - unpaired,
			durationMs: 0,
		},
	};
	const pairReports: PairReport[] = [];
	for (const pairPlan of plans) {
		const sources = sourcesOf(pairPlan.pair);
		for (const { write } of pairPlan.writes) {
			const action = write.json.action;
			const key = action === 'create' ? 'created' : action === 'update' ? 'updated' : 'deleted';
			counts[write.side][key]++;
			if (write.side === 'exchange') plan.toExchange.push({ json: write.json as ToExchangeWrite, sources });
			else plan.toCrm.push({ json: write.json as ToCrmWrite, sources });
		}
		if (pairPlan.conflict) {
			plan.conflicts.push({ json: pairPlan.conflict, sources });
			for (const side of SIDES) counts[side].conflicts++;
		}
		for (const side of pairPlan.skipped) counts[side].skipped++;
		for (const side of pairPlan.errors) counts[side].errors++;
		if (pairPlan.decision === 'nothing' && pairPlan.writes.length === 0) continue;
		const repair = pairPlan.decision === 'nothing';
		const removed = removedContent(pairPlan);
		pairReports.push({
			syncId: pairPlan.pair.syncId,
			records: recordIdsOf(pairPlan.pair),
			decision: repair ? 'repairLink' : pairPlan.decision,
			reason: repair ? 'the link is completed or repaired (a new record, or an interrupted run)' : pairPlan.reason,
			overwritten: pairPlan.writes.flatMap((planned) => planned.overwritten),
			...(removed ? { removed } : {}),
		});
	}
	plan.report.pairs = pairReports;
	const undo = undoReport(plans, settings);
	if (undo) plan.report.undo = undo;
	const crmRecords = sides.crm.records.map((record) => record.raw);
	const notRead = crmRecords.length === 0 ? [] : profile.fields.filter((spec) => !crmRecords.some((raw) => holds(spec.crm, raw))).flatMap((spec) => spec.crm.keys);
	if (notRead.length > 0) plan.report.fieldsNotRead = [...new Set(notRead)];
	const linked = linkedBefore(plans, settings);
	if (linked !== undefined) plan.report.linked = linked + plans.filter(linksAPair).length - plans.filter(unlinksAPair).length;
	plan.report.durationMs = Math.max(0, now() - started);
	return plan;
}

/** The content of each record the plan deletes, as read. */
function removedContent(plan: PairPlan): Partial<Record<Side, CanonicalRecord>> | undefined {
	const deleted = plan.writes.filter(({ write }) => write.json.action === 'delete' && plan.pair[write.side] !== undefined);
	if (deleted.length === 0) return undefined;
	return Object.fromEntries(deleted.map(({ write }) => [write.side, plan.pair[write.side]!.content]));
}

/** Undo a run: its deletes whose pair is gone on both sides (a pair still there is planned as any other). */
function recreatedDeletes(pairs: Pair[], settings: SyncSettings): UndoEntry[] {
	const present = new Set(pairs.filter((pair) => pair.exchange || pair.crm).map((pair) => pair.syncId));
	return Object.values(settings.undo ?? {})
		.flat()
		.filter((entry) => entry.action === 'delete' && !present.has(entry.syncId));
}

/**
 * Undo a run: what it undid, and what it could not (changed again since, a record the run created,
 * a pair the run being undone touched that this run plans otherwise).
 */
function undoReport(plans: PairPlan[], settings: SyncSettings): SyncReport['undo'] {
	if (!settings.undo) return undefined;
	const planned = new Set(plans.filter((plan) => plan.undo).map((plan) => plan.pair.syncId));
	const skipped = plans.flatMap((plan) => plan.undo?.skipped ?? []);
	for (const entry of Object.values(settings.undo).flat()) {
		if (entry.action === 'create') skipped.push({ syncId: entry.syncId, system: entry.system, reason: 'a record the run created is kept: delete it on either side and the next run deletes its partner' });
		else if (entry.action === 'update' && !planned.has(entry.syncId)) {
			skipped.push({ syncId: entry.syncId, system: entry.system, field: entry.field, reason: `${entry.field}: the record was deleted or is in conflict since the run` });
		}
	}
	return { undone: plans.reduce((sum, plan) => sum + (plan.undo?.undone ?? 0), 0), skipped };
}

function recordIdsOf(pair: Pair): Partial<Record<Side, string>> {
	const baseline = baselineOf(pair);
	const ids: Partial<Record<Side, string>> = {};
	for (const side of SIDES) {
		const id = pair[side]?.id ?? pair.tombstones[side]?.id ?? baseline?.[STATE_ID_KEY[side]];
		if (id !== undefined) ids[side] = id;
	}
	return ids;
}

function sourcesOf(pair: Pair): Record<Side, number[]> {
	const sources: Record<Side, number[]> = { exchange: [], crm: [] };
	for (const side of SIDES) {
		const record = pair[side];
		if (record) sources[side].push(record.index);
		const tombstone = pair.tombstones[side];
		if (tombstone) sources[side].push(tombstone.index);
	}
	return sources;
}

