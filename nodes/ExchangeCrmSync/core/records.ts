/**
 * Input items as the planner sees them: a side record (content, fingerprints, link) or a
 * tombstone, and the pairing of records of the two sides into pairs by their link.
 */
import { exchangeItemKey, ZOHO_EXCHANGE_ITEM_KEY_FIELD, ZOHO_SYNC_ID_FIELD, ZOHO_SYNC_STATE_FIELD } from '../../ZohoCrm/helpers/syncFields';
import { fingerprint, nameBasedUuid, type Fingerprints } from './fingerprint';
import { isJsonObject, readContent, SIDES, otherSide, type JsonObject, type MapContext, type Side } from './fieldMap';
import type { ObjectProfile, SeriesModel } from './objects';
import { parseSyncState, type SyncState } from './syncState';
import type { InputError, SyncSettings } from './types';
import type { CanonicalRecord } from './values';

export interface SideRecord {
	side: Side;
	index: number;
	raw: JsonObject;
	id: string;
	syncId?: string;
	state?: SyncState;
	stateText?: string;
	content: CanonicalRecord;
	fp: Fingerprints;
	modifiedAt?: string;
	/** A CRM record another user owns (its Owner is not this run's Owner setting). */
	ownedElsewhere?: boolean;
	/**
	 * Its state names another id for it: a copy (e.g. a duplicated Exchange item carries the
	 * extended properties along), or the same item under another id (read through the other
	 * server after a mailbox moved between Exchange and Microsoft 365). It keeps the link only in
	 * a complete read where no record of its pair is the one the link names.
	 */
	idChanged?: boolean;
	/**
	 * The id its state names it by, which the Exchange node found to be another form of its own id
	 * (an EWS ItemId read over Microsoft 365, `linkedId` in the item): the link stays as it is.
	 */
	linkedId?: string;
}

/** The id a record's link names it by: its own, or the other form of it its link was made with. */
export const linkIdOf = (record: SideRecord): string => record.linkedId ?? record.id;

export interface Tombstone {
	side: Side;
	index: number;
	id?: string;
	syncId?: string;
}

export interface Pair {
	syncId: string;
	exchange?: SideRecord;
	crm?: SideRecord;
	tombstones: Partial<Record<Side, Tombstone>>;
	/** The pair's CRM record, now owned by another user: the Exchange item leaves this mailbox. */
	movedAway?: SideRecord;
}

/** The key of a side's own id inside the sync state. */
export const STATE_ID_KEY: Record<Side, 'ex' | 'crm'> = { exchange: 'ex', crm: 'crm' };

/**
 * Where a side keeps its link: the sync id, the state, and its partner's key in a field that side
 * can search, so that a deletion naming only the partner's id finds the record.
 */
export const LINK_FIELDS: Record<Side, { syncId: string; syncState: string; partnerKey: string; modifiedAt: string }> = {
	exchange: { syncId: 'syncId', syncState: 'syncState', partnerKey: 'crmRecordId', modifiedAt: 'lastModified' },
	crm: { syncId: ZOHO_SYNC_ID_FIELD, syncState: ZOHO_SYNC_STATE_FIELD, partnerKey: ZOHO_EXCHANGE_ITEM_KEY_FIELD, modifiedAt: 'Modified_Time' },
};

/** A side's key for its partner's id: the Zoho id as it is on an Exchange item; a hash of the ItemId in the CRM. */
export const partnerKey = (side: Side, partnerId: string): string => (side === 'crm' ? exchangeItemKey(partnerId) : partnerId);

/** The link fields a write sets: the sync id, the state and, once the state names the partner, its key. */
export function linkBody(side: Side, syncId: string, state: SyncState, stateText: string): Record<string, string> {
	const link = LINK_FIELDS[side];
	const partnerId = state[STATE_ID_KEY[otherSide(side)]];
	return { [link.syncId]: syncId, [link.syncState]: stateText, ...(partnerId !== undefined ? { [link.partnerKey]: partnerKey(side, partnerId) } : {}) };
}

const nonEmptyString = (value: unknown): string | undefined =>
	typeof value === 'string' && value.trim() !== '' ? value : undefined;

export interface ParsedSide {
	records: SideRecord[];
	tombstones: Tombstone[];
	errors: InputError[];
}

/**
 * Reads one side's input items. With an Owner setting, a CRM record another user owns is marked
 * (it only tells that an item of this mailbox moved away), and a link made in another mailbox is
 * none here: the record changed hands and is new in this mailbox.
 */
export function parseSide(side: Side, items: unknown[], profile: ObjectProfile, context: MapContext, settings: Pick<SyncSettings, 'owner' | 'syncedMailboxes'>): ParsedSide {
	const { owner } = settings;
	const parsed: ParsedSide = { records: [], tombstones: [], errors: [] };
	const link = LINK_FIELDS[side];
	const seen = new Set<string>();
	items.forEach((item, index) => {
		if (!isJsonObject(item)) {
			parsed.errors.push({ side, itemIndex: index, reason: 'The item is not a JSON object' });
			return;
		}
		// The Exchange node's Get Changes output as it comes: its summary and read-flag changes carry
		// no content, and a deletion is a tombstone.
		if (item.summary === true || item.changeType === 'readFlagChanged') return;
		if (item.deleted === true || item.changeType === 'deleted') {
			const tombstone = { side, index, id: nonEmptyString(item.id), syncId: nonEmptyString(item.syncId) };
			if (tombstone.id === undefined && tombstone.syncId === undefined) {
				parsed.errors.push({ side, itemIndex: index, reason: 'A deleted item needs an id or a syncId' });
			} else parsed.tombstones.push(tombstone);
			return;
		}
		const id = nonEmptyString(item.id);
		if (id === undefined) {
			parsed.errors.push({ side, itemIndex: index, reason: 'The item has no id' });
			return;
		}
		// Another synced mailbox's copy of a meeting is that mailbox's to sync.
		if (side === 'exchange' && profile.meetings && settings.syncedMailboxes?.length && !profile.meetings.syncsHere(item, context.mailbox, settings.syncedMailboxes)) return;
		// A record read twice (by two reads the workflow merges, e.g. a change and a deletion's partner) is one record.
		if (seen.has(id)) return;
		seen.add(id);
		let content: CanonicalRecord;
		try {
			content = readContent(side, profile.fields, item, context);
		} catch (error) {
			parsed.errors.push({ side, itemIndex: index, reason: `Unreadable content: ${(error as Error).message}` });
			return;
		}
		const stateText = nonEmptyString(item[link.syncState]);
		let state = parseSyncState(stateText);
		let syncId = nonEmptyString(item[link.syncId]);
		const ownIdInState = state?.[STATE_ID_KEY[side]];
		const linkedId = side === 'exchange' && ownIdInState !== undefined && nonEmptyString(item.linkedId) === ownIdInState ? ownIdInState : undefined;
		const idChanged = ownIdInState !== undefined && ownIdInState !== id && linkedId === undefined;
		const ownerId = isJsonObject(item.Owner) ? nonEmptyString(item.Owner.id) : undefined;
		const ownedElsewhere = side === 'crm' && owner !== undefined && ownerId !== undefined && ownerId !== owner;
		const linkedElsewhere = owner !== undefined && !ownedElsewhere && state?.mb !== undefined && state.mb !== context.mailbox.toLowerCase();
		if (linkedElsewhere) {
			state = undefined;
			syncId = undefined;
		}
		parsed.records.push({
			side,
			index,
			raw: item,
			id,
			syncId,
			state,
			stateText: state ? stateText : undefined,
			content,
			fp: fingerprint(profile.fields, content),
			modifiedAt: nonEmptyString(item[link.modifiedAt]),
			...(ownedElsewhere ? { ownedElsewhere } : {}),
			...(idChanged && syncId !== undefined ? { idChanged } : {}),
			...(linkedId !== undefined ? { linkedId } : {}),
		});
	});
	return parsed;
}

const byId = (a: SideRecord, b: SideRecord) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export interface Pairing {
	pairs: Pair[];
	unresolvedTombstones: Tombstone[];
	/**
	 * Extra copies of one create, made by overlapping runs or, in a one-way sync, by a source
	 * change seen without its copy (Exchange has no unique field to refuse the second): same sync
	 * id and a link of their own, beside the record the partner names.
	 */
	duplicates: Array<{ extra: SideRecord; kept: SideRecord }>;
}

const confirmed = (record: SideRecord) => record.state?.[STATE_ID_KEY[record.side]] === linkIdOf(record);

/** Edited since the sync wrote it. */
const isEdited = (record: SideRecord) =>
	record.state !== undefined && Object.keys(record.fp).some((field) => record.fp[field] !== record.state!.fp[field]);

/**
 * Pairs records by sync id; then repairs links an interrupted run left half-written (a record
 * the other side's state names by id); then matches the remaining unlinked records by the
 * first-sync rule; what is left is new on one side. New pairs get a sync id derived from a
 * record id, so a repeated create carries the same id and the CRM's unique field refuses it.
 */
export function pairRecords(
	sides: Record<Side, ParsedSide>,
	profile: ObjectProfile,
	settings: SyncSettings,
): Pairing {
	const bySyncId = new Map<string, Pair>();
	const unlinked: Record<Side, SideRecord[]> = { exchange: [], crm: [] };
	const duplicates: Pairing['duplicates'] = [];
	// In a one-way sync the written side is a mirror: it holds one copy per source record.
	const mirrorSide: Side | undefined =
		settings.syncType === 'oneWay' ? (settings.direction === 'exchangeToCrm' ? 'crm' : 'exchange') : undefined;
	const pairFor = (syncId: string): Pair => {
		let pair = bySyncId.get(syncId);
		if (!pair) {
			pair = { syncId, tombstones: {} };
			bySyncId.set(syncId, pair);
		}
		return pair;
	};

	// Records a record of the other side names in its link (`syncId|side|id`).
	const named = new Set<string>();
	for (const side of SIDES) {
		for (const record of sides[side].records) {
			const partnerId = record.state?.[STATE_ID_KEY[otherSide(side)]];
			if (record.syncId !== undefined && partnerId !== undefined) named.add(`${record.syncId}|${otherSide(side)}|${partnerId}`);
		}
	}
	// CRM records other users own are not this user's to sync; one that an item of this mailbox
	// links to tells that the item moved away (below).
	const ownedElsewhere = sides.crm.records.filter((record) => record.ownedElsewhere);
	for (const side of SIDES) {
		// Of several records with one sync id, the one its partner names keeps the link, else a
		// confirmed one, else an edited one (its edit then syncs as a change of the pair).
		// A record whose state names another id for it comes last: the named record keeps the link.
		const rank = (record: SideRecord) =>
			named.has(`${record.syncId}|${side}|${linkIdOf(record)}`) ? 0 : confirmed(record) ? 1 : record.idChanged ? 4 : isEdited(record) ? 2 : 3;
		const ordered = sides[side].records.filter((record) => !record.ownedElsewhere).sort((a, b) => rank(a) - rank(b) || byId(a, b));
		for (const record of ordered) {
			const kept = record.syncId === undefined ? undefined : bySyncId.get(record.syncId)?.[side];
			// A copy beside the record it was copied from is a new record; so is one read without it
			// in a changes-only read, where only a complete read would show that record is gone.
			if (record.idChanged && (kept || settings.inputCompleteness !== 'complete')) unlinked[side].push({ ...record, syncId: undefined, state: undefined, stateText: undefined, idChanged: undefined });
			else if (record.syncId !== undefined && !kept) pairFor(record.syncId)[side] = record;
			// A second record with a link of the same pair (a copy would name another id and has
			// none by now) is a second copy of one create, made by overlapping runs.
			else if (kept && (record.state !== undefined || side === mirrorSide)) duplicates.push({ extra: record, kept });
			else unlinked[side].push({ ...record, syncId: undefined, state: undefined, stateText: undefined });
		}
	}

	// Pairs by the id one of their records' state gives for the record they lack (`side|id`), and
	// by the ids of the records they have: so a half-written link and a tombstone find their pair.
	const namingPair = new Map<string, Pair>();
	const holdingPair = new Map<string, Pair>();
	for (const pair of bySyncId.values()) {
		for (const side of SIDES) {
			const present = pair[side];
			if (present) holdingPair.set(`${side}|${present.id}`, pair);
			const named = pair[otherSide(side)]?.state?.[STATE_ID_KEY[side]];
			if (!present && named !== undefined) namingPair.set(`${side}|${named}`, pair);
		}
	}

	for (const side of SIDES) {
		unlinked[side] = unlinked[side].filter((record) => {
			const pair = namingPair.get(`${side}|${record.id}`);
			if (!pair || pair[side]) return true;
			pair[side] = record;
			return false;
		});
	}

	const unresolvedTombstones: Tombstone[] = [];
	for (const side of SIDES) {
		for (const tombstone of sides[side].tombstones) {
			const pairOfId = tombstone.id === undefined ? undefined : (holdingPair.get(`${side}|${tombstone.id}`) ?? namingPair.get(`${side}|${tombstone.id}`));
			const pair = (tombstone.syncId !== undefined ? bySyncId.get(tombstone.syncId) : undefined) ?? pairOfId;
			if (pair && !pair[side]) pair.tombstones[side] = tombstone;
			else if (!pair) unresolvedTombstones.push(tombstone);
		}
	}

	const matchKey = profile.matchRules[settings.matchRule] ?? profile.matchRules.none;
	const keyOf = (record: SideRecord) => matchKey(record.content, record.raw, record.side, settings);
	if (settings.inputCompleteness === 'complete') unlinked.exchange = relinkUnseen(bySyncId, unlinked.exchange, profile, keyOf);
	const crmByKey = new Map<string, SideRecord[]>();
	for (const record of unlinked.crm) {
		const key = keyOf(record);
		if (key !== null) crmByKey.set(key, [...(crmByKey.get(key) ?? []), record]);
	}
	const matchedCrm = new Set<SideRecord>();
	// Events: Exchange series by item id, so a new exception takes its sync id from its series' pair.
	const seriesPairs = new Map<string, Pair>();
	if (profile.series) for (const pair of bySyncId.values()) if (pair.exchange) seriesPairs.set(pair.exchange.id, pair);
	const place = (syncId: string, records: Partial<Record<Side, SideRecord>>) => {
		const pair = pairFor(syncId);
		for (const side of SIDES) {
			const record = records[side];
			if (!record) continue;
			if (pair[side]) pairFor(nameBasedUuid(`${side}:${settings.mailbox}:${record.id}:copy`))[side] = record;
			else pair[side] = record;
		}
		if (records.exchange && profile.series) seriesPairs.set(records.exchange.id, pair);
	};
	const occurrenceOf = (record: SideRecord) => profile.series?.occurrenceOf(record.raw);
	// Series before their exceptions.
	const exchangeFirstSeries = profile.series ? [...unlinked.exchange].sort((a, b) => Number(!!occurrenceOf(a)) - Number(!!occurrenceOf(b))) : unlinked.exchange;
	for (const record of exchangeFirstSeries) {
		const key = keyOf(record);
		const partner = key === null ? undefined : crmByKey.get(key)?.find((candidate) => !matchedCrm.has(candidate));
		if (partner) matchedCrm.add(partner);
		const occurrence = occurrenceOf(record);
		const series = occurrence && seriesPairs.get(occurrence.seriesId);
		const name = profile.sharedName?.(record.raw) ?? `exchange:${settings.mailbox}:${record.id}`;
		place(series ? exceptionSyncId(series.syncId, occurrence.originalStart) : nameBasedUuid(name), { exchange: record, crm: partner });
	}
	for (const record of unlinked.crm) {
		if (!matchedCrm.has(record)) place(nameBasedUuid(`crm:${settings.crmModule}:${record.id}`), { crm: record });
	}
	const pairs = [...bySyncId.values()];
	if (profile.series) markRemovedExceptions(pairs, profile.series);
	if (ownedElsewhere.length > 0) pairs.push(...markMovedAway(pairs, ownedElsewhere, settings));
	return { pairs, unresolvedTombstones, duplicates };
}

/**
 * An Exchange item that shows no link, in a complete read where the item a pair's link names is
 * missing: the same item read through a server that cannot show the link (To Do tasks over
 * Microsoft 365 have no extended properties, so the links EWS wrote are not seen after a mailbox
 * moved to Microsoft 365; the item has a new id there too). It takes that pair's place instead of
 * the pair reading as deleted and the item as new: first an item whose content is what the pair
 * last synced, then one the first-sync match rule pairs with the pair's CRM record. Answers the
 * items still unlinked.
 */
function relinkUnseen(bySyncId: Map<string, Pair>, unlinked: SideRecord[], profile: ObjectProfile, keyOf: (record: SideRecord) => string | null): SideRecord[] {
	const neverLinked = (record: SideRecord) => nonEmptyString(record.raw[LINK_FIELDS.exchange.syncId]) === undefined && !profile.series?.occurrenceOf(record.raw);
	const orphans = [...bySyncId.values()].filter(
		(pair) => pair.crm?.state?.ex !== undefined && !pair.exchange && !pair.tombstones.exchange && seriesSyncIdOf(pair.syncId) === undefined,
	);
	if (orphans.length === 0 || !unlinked.some(neverLinked)) return unlinked;
	const lastSynced = (pair: Pair) => contentKey(pair.crm!.state!.fp);
	const rules: Array<[(record: SideRecord) => string | null, (pair: Pair) => string | null]> = [
		[(record) => contentKey(record.fp), lastSynced],
		[keyOf, (pair) => keyOf(pair.crm!)],
	];
	let rest = unlinked;
	for (const [recordKey, pairKey] of rules) {
		const waiting = new Map<string, Pair[]>();
		for (const pair of orphans) {
			const key = pairKey(pair);
			if (key !== null && !pair.exchange) waiting.set(key, [...(waiting.get(key) ?? []), pair]);
		}
		rest = rest.filter((record) => {
			const key = neverLinked(record) ? recordKey(record) : null;
			const pair = key === null ? undefined : waiting.get(key)?.find((candidate) => !candidate.exchange);
			if (!pair) return true;
			pair.exchange = record;
			return false;
		});
	}
	return rest;
}

/** Fingerprints as one comparable key, fields in a fixed order. */
const contentKey = (fp: Fingerprints): string => JSON.stringify(Object.keys(fp).sort().map((field) => [field, fp[field]]));

/**
 * A linked item of this mailbox whose CRM record another user owns now: by the sync id they share
 * or the CRM id the item's link names; in a changes-only run, where the item itself is seldom in
 * the input, also by the item the CRM record's link names in this mailbox. The item leaves this
 * mailbox; the CRM record stays. Returns the pairs made for items not in the input.
 */
function markMovedAway(pairs: Pair[], ownedElsewhere: SideRecord[], settings: SyncSettings): Pair[] {
	const bySyncId = new Map(ownedElsewhere.filter((record) => record.syncId !== undefined).map((record) => [record.syncId!, record]));
	const byId = new Map(ownedElsewhere.map((record) => [record.id, record]));
	const found = new Set<SideRecord>();
	for (const pair of pairs) {
		if (!pair.exchange?.state || pair.crm || pair.tombstones.crm) continue;
		const linkedId = pair.exchange.state.crm;
		pair.movedAway = bySyncId.get(pair.syncId) ?? (linkedId !== undefined ? byId.get(linkedId) : undefined);
		if (pair.movedAway) found.add(pair.movedAway);
	}
	if (settings.inputCompleteness !== 'changes') return [];
	const mailbox = settings.mailbox.toLowerCase();
	return ownedElsewhere
		.filter((record) => !found.has(record) && record.syncId !== undefined && record.state?.mb === mailbox && record.state.ex !== undefined)
		.map((record) => ({ syncId: record.syncId!, tombstones: {}, movedAway: record }));
}

/**
 * An exception's sync id: its series' sync id and its original start. Every mailbox that holds the
 * series derives the same one, and the CRM events of a series' exceptions are found by the prefix.
 */
export function exceptionSyncId(seriesSyncId: string, originalStart: string): string {
	return `${seriesSyncId}/${originalStart}`;
}

/** The sync id of the series an exception's sync id belongs to; undefined for any other sync id. */
export function seriesSyncIdOf(syncId: string): string | undefined {
	const slash = syncId.lastIndexOf('/');
	return slash > 0 ? syncId.slice(0, slash) : undefined;
}

/**
 * An Exchange series in the input lists all of its exceptions, so a linked exception it no longer
 * lists was deleted or reset by an edit of the whole series: Exchange reports only the series as
 * changed, never the exception as deleted. Its pair gets the deletion.
 */
function markRemovedExceptions(pairs: Pair[], series: SeriesModel): void {
	const bySeries = new Map<string, Pair[]>();
	for (const pair of pairs) {
		const seriesSyncId = seriesSyncIdOf(pair.syncId);
		if (seriesSyncId === undefined) continue;
		const exceptions = bySeries.get(seriesSyncId);
		if (exceptions) exceptions.push(pair);
		else bySeries.set(seriesSyncId, [pair]);
	}
	for (const pair of pairs) {
		if (!pair.exchange) continue;
		const listed = new Set(series.exceptionStarts(pair.exchange.raw).map((start) => exceptionSyncId(pair.syncId, start)));
		for (const exception of bySeries.get(pair.syncId) ?? []) {
			if (exception.exchange || exception.tombstones.exchange || !exception.crm || listed.has(exception.syncId)) continue;
			exception.tombstones.exchange = { side: 'exchange', index: pair.exchange.index, id: exception.crm.state?.ex, syncId: exception.syncId };
		}
	}
}
