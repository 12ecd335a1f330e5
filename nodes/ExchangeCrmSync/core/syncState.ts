/**
 * The sync state both records of a pair carry next to their sync id (DESIGN §4.2/4.3): the
 * generation of the last synced content, its per-field fingerprints, and the ids of the two
 * records, written together with the content so that the baseline can never drift from it.
 */
import type { Fingerprints } from './fingerprint';

export interface SyncState {
	v: 1;
	/** Grows by one each time the synced content of the pair changes. */
	gen: number;
	fp: Fingerprints;
	/** EWS ItemId of the Exchange item, once known. */
	ex?: string;
	/** Zoho record id of the CRM record, once known. */
	crm?: string;
	/** The mailbox (lower-case) the Exchange item lives in: a CRM record linked in another mailbox moved there. */
	mb?: string;
	/**
	 * The content hash of each side as the run that wrote this generation read it. A side whose
	 * write did not land still holds that content: it is behind, not changed by a user.
	 */
	seen?: { ex?: string; crm?: string };
}

function isSeen(value: unknown): value is SyncState['seen'] {
	return (
		typeof value === 'object' &&
		value !== null &&
		!Array.isArray(value) &&
		Object.entries(value).every(([key, entry]) => (key === 'ex' || key === 'crm') && typeof entry === 'string')
	);
}

function isFingerprints(value: unknown): value is Fingerprints {
	return (
		typeof value === 'object' &&
		value !== null &&
		!Array.isArray(value) &&
		Object.values(value).every((entry) => typeof entry === 'string')
	);
}

/** Reads a stored state; anything unreadable counts as no state (the pair is then matched afresh). */
export function parseSyncState(text: unknown): SyncState | undefined {
	if (typeof text !== 'string' || text.trim() === '') return undefined;
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch {
		return undefined;
	}
	if (typeof parsed !== 'object' || parsed === null) return undefined;
	const candidate = parsed as Record<string, unknown>;
	if (candidate.v !== 1 || typeof candidate.gen !== 'number' || !isFingerprints(candidate.fp)) return undefined;
	return {
		v: 1,
		gen: candidate.gen,
		fp: candidate.fp,
		...(typeof candidate.ex === 'string' ? { ex: candidate.ex } : {}),
		...(typeof candidate.crm === 'string' ? { crm: candidate.crm } : {}),
		...(typeof candidate.mb === 'string' ? { mb: candidate.mb } : {}),
		...(isSeen(candidate.seen) ? { seen: candidate.seen } : {}),
	};
}

/** Serialises with sorted keys so equal states are equal strings. */
export function serialiseSyncState(state: SyncState): string {
	const fp: Fingerprints = {};
	for (const key of Object.keys(state.fp).sort()) fp[key] = state.fp[key];
	return JSON.stringify({
		v: 1,
		gen: state.gen,
		fp,
		...(state.ex !== undefined ? { ex: state.ex } : {}),
		...(state.crm !== undefined ? { crm: state.crm } : {}),
		...(state.mb !== undefined ? { mb: state.mb } : {}),
		...(state.seen !== undefined ? { seen: { ...(state.seen.ex !== undefined ? { ex: state.seen.ex } : {}), ...(state.seen.crm !== undefined ? { crm: state.seen.crm } : {}) } } : {}),
	});
}
