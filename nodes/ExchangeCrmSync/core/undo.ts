/**
 * Undoing a run from its journal rows. A field the run updated goes back to its old value on both
 * sides, unless either side holds something else than the run wrote (changed again since: skipped
 * and reported). A record the run deleted whose pair is gone on both sides is made again from the
 * content the journal kept, linked; the run after it makes its partner. A record the run created
 * stays (deleting it would delete its partner, which a user made).
 */
import { isJsonObject, type JsonObject, type Side } from './fieldMap';
import { JOURNAL_VALUE_LENGTH, journalValue } from './journal';
import type { CanonicalRecord, CanonicalValue, ValueKind } from './values';

export interface UndoEntry {
	system: Side;
	action: 'create' | 'update' | 'delete';
	syncId: string;
	field: string;
	oldValue: string;
	newValue: string;
}

export interface UndoSkip {
	syncId: string;
	system: Side;
	field?: string;
	reason: string;
}

/** The journal rows (Data Table rows) of one run for this mailbox and object, by sync id. */
export function undoEntriesOf(rows: unknown[], mailbox: string, object: string): Map<string, UndoEntry[]> {
	const bySyncId = new Map<string, UndoEntry[]>();
	for (const row of rows) {
		const json: JsonObject | undefined = isJsonObject(row) && isJsonObject(row.json) ? row.json : isJsonObject(row) ? row : undefined;
		if (!json || json.user !== mailbox.toLowerCase() || json.object !== object || typeof json.syncId !== 'string' || json.syncId === '') continue;
		if ((json.system !== 'exchange' && json.system !== 'crm') || !['create', 'update', 'delete'].includes(String(json.action))) continue;
		const entry: UndoEntry = {
			system: json.system,
			action: json.action as UndoEntry['action'],
			syncId: json.syncId,
			field: String(json.field ?? ''),
			oldValue: String(json.oldValue ?? ''),
			newValue: String(json.newValue ?? ''),
		};
		bySyncId.set(entry.syncId, [...(bySyncId.get(entry.syncId) ?? []), entry]);
	}
	return bySyncId;
}

/** The value a journal row holds, as the field's kind reads it; undefined when the journal did not keep it whole. */
export function restoredValue(kind: ValueKind, text: string): CanonicalValue | undefined {
	if (text.startsWith('body changed (') || ([...text].length > JOURNAL_VALUE_LENGTH && text.includes('… [cut] ('))) return undefined;
	if (text === '') return null;
	if (kind === 'boolean') return text === 'true';
	if (kind === 'number') return Number.isFinite(Number(text)) ? Number(text) : undefined;
	if (kind === 'emailList' || kind === 'dateList') {
		try {
			const list: unknown = JSON.parse(text);
			return Array.isArray(list) ? list.map(String) : undefined;
		} catch {
			return undefined;
		}
	}
	return text;
}

/**
 * The pair's content with the updated fields of the run set back, given each side's current
 * content. Returns the content and the fields it could not set back, with why.
 */
export function undoUpdates(
	entries: UndoEntry[],
	content: CanonicalRecord,
	current: Partial<Record<Side, CanonicalRecord>>,
	kindOf: (field: string) => ValueKind | undefined,
): { content: CanonicalRecord; undone: string[]; skipped: UndoSkip[] } {
	const result = { ...content };
	const undone: string[] = [];
	const skipped: UndoSkip[] = [];
	for (const entry of entries.filter((candidate) => candidate.action === 'update')) {
		const skip = (reason: string) => skipped.push({ syncId: entry.syncId, system: entry.system, field: entry.field, reason });
		const kind = kindOf(entry.field);
		if (kind === undefined || !(entry.field in result)) {
			skip(`${entry.field} is not synced now`);
			continue;
		}
		const changedSince = (['exchange', 'crm'] as const).filter((side) => current[side] && journalValue(entry.field, current[side]![entry.field]) !== entry.newValue);
		if (changedSince.length > 0) {
			skip(`${entry.field} changed again since the run in ${changedSince.map((side) => (side === 'exchange' ? 'Exchange' : 'the CRM')).join(' and ')}: kept as it is`);
			continue;
		}
		const value = restoredValue(kind, entry.oldValue);
		if (value === undefined) {
			skip(`${entry.field}: the journal kept only part of the old value (a long value or a body), so it is not set back`);
			continue;
		}
		result[entry.field] = value;
		undone.push(entry.field);
	}
	return { content: result, undone, skipped };
}

/** A deleted record's content as the journal kept it (its delete row's old value), or why it cannot be made again. */
export function deletedContent(entry: UndoEntry, kindOf: (field: string) => ValueKind | undefined): CanonicalRecord | string {
	let kept: unknown;
	try {
		kept = JSON.parse(entry.oldValue);
	} catch {
		return 'the journal holds no content for it';
	}
	if (!isJsonObject(kept)) return 'the journal holds no content for it';
	const content: CanonicalRecord = {};
	for (const [field, text] of Object.entries(kept)) {
		const kind = kindOf(field);
		if (kind === undefined) continue;
		const value = restoredValue(kind, String(text));
		// A value the journal cut is left out rather than made again cut.
		if (value !== undefined) content[field] = value;
	}
	return content;
}
