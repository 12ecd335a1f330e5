/**
 * The lease that keeps two runs for one mailbox and object from overlapping, on any number of
 * n8n processes (queue-mode workers). It lives in a Data Table every process shares, one row per
 * mailbox and object, and the workflow takes it with Data Table nodes:
 *
 * 1. Take: an update filtered on `key = <key> AND expiresAt < now` that sets `holder` and
 *    `expiresAt`. It is one UPDATE statement, so of two runs racing for an expired row only one
 *    updates it (PostgreSQL re-checks the filter on the row it waited for; SQLite writes one at a
 *    time); the other's filter then matches nothing.
 * 2. Check (this file): read every row of the key. The run holds the lease only when it holds a
 *    live row and nobody else does. When the key has no row yet (its first run ever), the run adds
 *    one with itself as holder and checks again; two first runs that both add one see each other
 *    and both skip, once: never both run.
 *
 * A run releases its rows when it ends (expiresAt 0), whether it ran or skipped; a run killed on
 * the way leaves its row to expire after the lease's minutes.
 */

export interface LeaseRow {
	key?: unknown;
	holder?: unknown;
	expiresAt?: unknown;
}

/** What the run does next: sync, add the key's first row and check again, or skip. */
export type LeaseNext = 'sync' | 'addRow' | 'skip';

export interface LeaseDecision {
	held: boolean;
	next: LeaseNext;
	key: string;
	holder: string;
	/** When the lease ends (ISO): ours when held, the other run's when not. */
	until: string;
	/** Why the run skips (empty when held). */
	message: string;
}

/** The lease row's key of a mailbox and object (the same as the cursor row's). */
export const leaseKey = (mailbox: string, object: string): string => `${mailbox.toLowerCase()}|${object}`;

const expiryOf = (row: LeaseRow): number => {
	const value = Number(row.expiresAt);
	return Number.isFinite(value) ? value : 0;
};

/**
 * Whether `holder` holds the lease of `mailbox` and `object`, given every row of its key read
 * after the take; `now` in epoch milliseconds.
 */
export function decideLease(rows: LeaseRow[], lease: { mailbox: string; object: string; holder: string; now: number; wanted?: boolean }): LeaseDecision {
	const key = leaseKey(lease.mailbox, lease.object);
	if (lease.wanted === false) {
		return { key, holder: lease.holder, held: false, next: 'sync', until: '', message: 'No lease asked for: this run syncs without one' };
	}
	const ofKey = rows.filter((row) => String(row.key ?? '') === key);
	const live = ofKey.filter((row) => expiryOf(row) > lease.now);
	const ours = live.filter((row) => row.holder === lease.holder);
	const others = live.filter((row) => row.holder !== lease.holder);
	const iso = (epoch: number) => new Date(epoch).toISOString();
	const decision = { key, holder: lease.holder };
	if (ours.length > 0 && others.length === 0) {
		return { ...decision, held: true, next: 'sync', until: iso(Math.max(...ours.map(expiryOf))), message: '' };
	}
	if (ofKey.length === 0) {
		return { ...decision, held: false, next: 'addRow', until: '', message: 'No lease row yet: this run adds one and checks again' };
	}
	const what = `${lease.mailbox}'s ${lease.object}`;
	if (others.length === 0) {
		// The lease was held when this run took it, and released since: the next run syncs.
		return {
			...decision,
			held: false,
			next: 'skip',
			until: '',
			message: `Skipped: another run was syncing ${what} when this run started; nothing was read or written`,
		};
	}
	const until = iso(Math.max(...others.map(expiryOf)));
	return {
		...decision,
		held: false,
		next: 'skip',
		until,
		message: `Skipped: another run is syncing ${what} (its lease lasts until ${until} unless it ends sooner); nothing was read or written`,
	};
}
