/**
 * Sync states of SyncFolderItems and SyncFolderHierarchy. Like Exchange's (ICS: the ids the
 * client was given and the changes it has seen), a state remembers what its client was sent:
 * every change up to `seen`, and the objects it holds, by their creation sequence numbers. So an
 * object the client never had is a Create however it changed since, and one it had is an Update
 * or a ReadFlagChange. The state is self-contained, gzipped and base64-encoded, as Exchange's
 * states are (`H4sI…`).
 */
import zlib from 'node:zlib';
import { EwsError } from './soap';

export interface SyncState {
	/** `items` or `folders`: a hierarchy state is refused by SyncFolderItems and back. */
	kind: 'items' | 'folders';
	/** The folder (or hierarchy root; empty when the request named none) the state is for. */
	folderId: string;
	/** Every change with a sequence number up to this one has been sent. */
	seen: number;
	/** Creation sequence numbers of the objects the client holds, ascending. */
	given: number[];
}

export function encodeSyncState(state: SyncState): string {
	// Sorted sequence numbers are written as differences: small numbers compress well.
	const deltas = state.given.map((value, index) => value - (index > 0 ? state.given[index - 1] : 0));
	const text = JSON.stringify({ k: state.kind, f: state.folderId, s: state.seen, g: deltas });
	return zlib.gzipSync(Buffer.from(text, 'utf8')).toString('base64');
}

function invalid(): EwsError {
	return new EwsError('ErrorInvalidSyncStateData', 'Synchronization state data is corrupt or otherwise invalid.');
}

/** The state a request sent, or the empty state of an initial sync; a garbled or foreign one is refused. */
export function decodeSyncState(text: string | undefined, kind: SyncState['kind'], folderId: string, currentSeq: number): SyncState {
	if (!text) return { kind, folderId, seen: 0, given: [] };
	let parsed: { k?: unknown; f?: unknown; s?: unknown; g?: unknown };
	try {
		parsed = JSON.parse(zlib.gunzipSync(Buffer.from(text, 'base64')).toString('utf8')) as typeof parsed;
	} catch {
		throw invalid();
	}
	const deltas = parsed.g;
	if (parsed.k !== kind || parsed.f !== folderId || typeof parsed.s !== 'number' || parsed.s > currentSeq || !Array.isArray(deltas)) throw invalid();
	const given: number[] = [];
	for (const delta of deltas as unknown[]) {
		if (typeof delta !== 'number') throw invalid();
		given.push((given.length > 0 ? given[given.length - 1] : 0) + delta);
	}
	return { kind, folderId, seen: parsed.s, given };
}

/** A change to report: what it is, its sequence number (changes go oldest first), and what it does to the given set. */
export interface SyncChange<T> {
	seq: number;
	change: T;
	/** Creation sequence number the client gains (Create) or loses (Delete). */
	gains?: number;
	loses?: number;
}

/**
 * Takes the oldest `max` changes and the state after them: everything up to the last change
 * sent is seen (everything up to `currentSeq` once all changes were sent).
 */
export function nextPage<T>(state: SyncState, changes: Array<SyncChange<T>>, max: number, currentSeq: number): { page: T[]; includesLast: boolean; next: SyncState } {
	changes.sort((a, b) => a.seq - b.seq);
	const page = changes.slice(0, max);
	const includesLast = page.length === changes.length;
	const given = new Set(state.given);
	for (const { gains, loses } of page) {
		if (gains !== undefined) given.add(gains);
		if (loses !== undefined) given.delete(loses);
	}
	return {
		page: page.map((entry) => entry.change),
		includesLast,
		next: { ...state, seen: includesLast ? currentSeq : page[page.length - 1].seq, given: [...given].sort((a, b) => a - b) },
	};
}
