/**
 * The run's report from what was written, not what was planned: the plan's report plus the
 * results the write nodes returned (continuing on error). A record the other side refused is
 * listed with the server's reason; the counts are of writes that landed; and the run tells whether
 * the next run may start after this one's changes (only when every write landed) or must read them
 * again, so a refused record is retried next run and nothing else is written again.
 */
import { isJsonObject, SIDES, type Side } from './fieldMap';
import type { SyncReport } from './types';

export type WriteKind = 'create' | 'update' | 'delete' | 'link';

/** The Zoho CRM node's answer for an e-mail the record already had (Zoho keeps one per Message-ID). */
const ALREADY_ATTACHED = 'already associated';
export const WRITE_KINDS: readonly WriteKind[] = ['create', 'update', 'delete', 'link'];

/** What the write nodes returned, per side and kind of write (`link`: Link Created Records' saves). */
export type WriteResults = Record<Side, Partial<Record<WriteKind, unknown[]>>>;

export interface FailedWrite {
	side: Side;
	action: WriteKind;
	/** The pair the write was for, when the result names it. */
	syncId?: string;
	/** The ids of the pair's records, from the plan's report. */
	records?: Partial<Record<Side, string>>;
	/** The server's reason, in its words. */
	reason: string;
}

export interface RunSummary {
	object: string;
	mailbox: string;
	inputCompleteness: string;
	status: 'success' | 'completed with errors';
	/** Writes that landed, per side; `alreadyDone`: writes the server found done before (an e-mail attached earlier). */
	written: Record<Side, { created: number; updated: number; deleted: number; linked: number; alreadyDone: number }>;
	/** Writes the servers refused, each with its reason. */
	failed: FailedWrite[];
	conflicts: number;
	/** Deletes the brake held back, with why and how to release them. */
	held: { count: number; reason?: string; release?: string };
	/** Records the plan could not write (a required field is empty, a limit of the other side) and malformed input. */
	refused: Array<{ syncId?: string; reason: string }>;
	/** The linked pairs after this run, less the creates that failed: the next changes-only run's brake base. */
	linked?: number;
	/** Whether the next run may read only what changed after this one (every write landed, nothing left unpaired). */
	cursorMayAdvance: boolean;
	/** One sentence an admin reads first. */
	message: string;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);

/**
 * What a write node's failed output item carries of the Sync node write it failed on: its sync id,
 * so Summarise Run can name the record the server refused.
 */
export function writeReference(input: unknown): { syncId?: string } {
	const syncId = isJsonObject(input) ? text(input.syncId) : undefined;
	return syncId === undefined ? {} : { syncId };
}

function reasonOf(result: Record<string, unknown>): string {
	const error = result.error;
	if (typeof error === 'string') return error;
	if (isJsonObject(error) && typeof error.message === 'string') return error.message;
	return JSON.stringify(error);
}

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

export function summariseRun(report: SyncReport, results: WriteResults): RunSummary {
	const recordsOf = new Map(report.pairs.map((pair) => [pair.syncId, pair.records]));
	const written = {
		exchange: { created: 0, updated: 0, deleted: 0, linked: 0, alreadyDone: 0 },
		crm: { created: 0, updated: 0, deleted: 0, linked: 0, alreadyDone: 0 },
	};
	const failed: FailedWrite[] = [];
	const COUNT: Record<WriteKind, 'created' | 'updated' | 'deleted' | 'linked'> = { create: 'created', update: 'updated', delete: 'deleted', link: 'linked' };
	for (const side of SIDES) {
		for (const action of WRITE_KINDS) {
			for (const result of results[side][action] ?? []) {
				if (!isJsonObject(result)) continue;
				if (result.error === undefined) {
					written[side][result.status === ALREADY_ATTACHED ? 'alreadyDone' : COUNT[action]]++;
					continue;
				}
				const syncId = text(result.syncId);
				const records = syncId === undefined ? undefined : recordsOf.get(syncId);
				failed.push({ side, action, ...(syncId !== undefined ? { syncId } : {}), ...(records ? { records } : {}), reason: reasonOf(result) });
			}
		}
	}
	const refused = [
		...report.pairs.filter((pair) => pair.decision === 'error').map((pair) => ({ syncId: pair.syncId, reason: pair.reason })),
		...report.errors.map((error) => ({ reason: `${error.side === 'exchange' ? 'Exchange' : 'CRM'} item ${error.itemIndex}: ${error.reason}` })),
	];
	const conflicts = Math.max(report.counts.exchange.conflicts, report.counts.crm.conflicts);
	const held = report.massDelete.blocked
		? { count: report.massDelete.wouldDelete, reason: report.massDelete.reason, release: report.massDelete.release }
		: { count: 0 };
	const failedCreates = failed.filter((entry) => entry.action === 'create').length;
	const failedDeletes = failed.filter((entry) => entry.action === 'delete').length;
	const linked = report.linked === undefined ? undefined : report.linked - failedCreates + failedDeletes;
	const cursorMayAdvance = failed.length === 0 && report.unpairedDeletions === 0 && !report.massDelete.blocked;
	const status = failed.length > 0 || refused.length > 0 ? 'completed with errors' : 'success';
	const parts = [
		failed.length > 0 ? `${plural(failed.length, 'write')} refused (retried next run): ${failed.map((entry) => entry.reason).join('; ')}` : undefined,
		refused.length > 0 ? `${plural(refused.length, 'record')} not written: ${refused.map((entry) => entry.reason).join('; ')}` : undefined,
		held.count > 0 ? `${plural(held.count, 'delete')} held back: ${held.reason}. ${held.release}` : undefined,
		conflicts > 0 ? `${plural(conflicts, 'conflict')} to decide` : undefined,
		report.undo && report.undo.skipped.length > 0
			? `${plural(report.undo.skipped.length, 'change')} not undone: ${report.undo.skipped.map((skip) => skip.reason).join('; ')}`
			: undefined,
		report.fieldsNotRead ? `not synced, as the CRM read did not return them: ${report.fieldsNotRead.join(', ')} (add them to the read's Fields, or exclude them)` : undefined,
	].filter((part): part is string => part !== undefined);
	return {
		object: report.object,
		mailbox: report.mailbox,
		inputCompleteness: report.inputCompleteness,
		status,
		written,
		failed,
		conflicts,
		held,
		refused,
		...(linked !== undefined ? { linked } : {}),
		cursorMayAdvance,
		message: parts.join('. '),
	};
}
