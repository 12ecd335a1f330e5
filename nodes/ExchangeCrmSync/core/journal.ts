/**
 * The run journal: every write a run made that landed, one row per record and field, for the "Sync
 * journal" Data Table. Rows stay small and hold nothing secret: a value longer than
 * JOURNAL_VALUE_LENGTH is cut with a marker, and a body is journaled as "body changed" with its
 * length and a hash, never its text.
 */
import { hash } from './fingerprint';
import { isJsonObject, SIDES, type Side } from './fieldMap';
import type { RunSummary } from './summary';
import type { SyncReport } from './types';
import type { CanonicalRecord, CanonicalValue } from './values';

export const JOURNAL_TABLE = 'Sync journal';
export const JOURNAL_COLUMNS = ['runId', 'user', 'object', 'system', 'action', 'syncId', 'exchangeId', 'crmId', 'field', 'oldValue', 'newValue', 'at'] as const;
export type JournalRow = Record<(typeof JOURNAL_COLUMNS)[number], string>;

/** The longest value a journal row holds; a longer one ends in CUT_MARKER and the length it had. */
export const JOURNAL_VALUE_LENGTH = 200;
const CUT_MARKER = '… [cut]';
/** Fields holding a message or item body: journaled by length and hash only. */
const BODY_FIELDS = new Set(['body']);

export interface JournalInput {
	/** The n8n execution id of the run (Sync Now's, or the object workflow's own). */
	runId: string;
	report: SyncReport;
	summary: RunSummary;
	/**
	 * What the Link Created Records nodes emitted: per side, the link writes (each `{syncId, id}`),
	 * the ids of the records of pairs this run created.
	 */
	links: Record<Side, unknown[]>;
	now: string;
}

function cut(text: string): string {
	const characters = [...text];
	if (characters.length <= JOURNAL_VALUE_LENGTH) return text;
	return `${characters.slice(0, JOURNAL_VALUE_LENGTH).join('')}${CUT_MARKER} (${characters.length} characters)`;
}

/** A value as a journal row holds it: text as is, lists and other values as JSON; a body never. */
export function journalValue(field: string, value: CanonicalValue | undefined): string {
	if (value === undefined || value === null) return '';
	const text = typeof value === 'string' ? value : JSON.stringify(value);
	if (BODY_FIELDS.has(field) && text !== '') return `body changed (${[...text].length} characters, hash ${hash(text)})`;
	return cut(text);
}

/** A deleted record's content, each value shortened as in journalValue, as JSON. */
function contentText(content: CanonicalRecord): string {
	const shortened: Record<string, string> = {};
	for (const field of Object.keys(content).sort()) {
		const value = journalValue(field, content[field]);
		if (value !== '') shortened[field] = value;
	}
	return JSON.stringify(shortened);
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** Side → sync id → record id, from Link Created Records' writes. */
function linkedIds(links: Record<Side, unknown[]>): Record<Side, Map<string, string>> {
	const ids = { exchange: new Map<string, string>(), crm: new Map<string, string>() };
	for (const side of SIDES) {
		for (const write of links[side]) {
			if (!isJsonObject(write)) continue;
			const syncId = text(write.syncId);
			const id = text(write.id);
			if (syncId !== undefined && id !== undefined) ids[side].set(syncId, id);
		}
	}
	return ids;
}

const CREATED: Record<string, Side> = { createInExchange: 'exchange', recreateInExchange: 'exchange', createInCrm: 'crm', recreateInCrm: 'crm' };

/**
 * The journal rows of one run: per pair the run wrote, a `create` row for a record it made, an
 * `update` row per field it overwrote (old and new value), a `delete` row for a record it deleted
 * (the old value: its content, to make it again). A write a server refused is not journaled.
 */
export function journalRun(input: JournalInput): JournalRow[] {
	const { report, summary } = input;
	const refused = new Set(summary.failed.map((failure) => `${failure.side}|${failure.syncId ?? ''}`));
	const landed = (side: Side, syncId: string) => !refused.has(`${side}|${syncId}`);
	const ids = linkedIds(input.links);
	const rows: JournalRow[] = [];
	for (const pair of report.pairs) {
		const idOf = (side: Side) => pair.records?.[side] ?? ids[side].get(pair.syncId) ?? '';
		const row = (system: Side, action: 'create' | 'update' | 'delete', field: string, oldValue: string, newValue: string): JournalRow => ({
			runId: input.runId,
			user: report.mailbox.toLowerCase(),
			object: report.object,
			system,
			action,
			syncId: pair.syncId,
			exchangeId: idOf('exchange'),
			crmId: idOf('crm'),
			field,
			oldValue,
			newValue,
			at: input.now,
		});
		// A record an undo made again: on the side its link was written.
		const created = CREATED[pair.decision] ?? (pair.decision === 'undoDelete' ? SIDES.find((side) => ids[side].has(pair.syncId)) : undefined);
		if (created !== undefined && landed(created, pair.syncId) && ids[created].has(pair.syncId)) rows.push(row(created, 'create', '', '', ''));
		for (const entry of pair.overwritten) {
			if (entry.side === created || !landed(entry.side, pair.syncId)) continue;
			rows.push(row(entry.side, 'update', entry.field, journalValue(entry.field, entry.oldValue), journalValue(entry.field, entry.newValue)));
		}
		for (const side of SIDES) {
			const removed = pair.removed?.[side];
			if (removed !== undefined && landed(side, pair.syncId)) rows.push(row(side, 'delete', '', contentText(removed), ''));
		}
	}
	return rows;
}
