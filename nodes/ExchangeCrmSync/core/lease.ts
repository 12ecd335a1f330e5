/**
 * The lease that keeps two runs for one mailbox and object from overlapping, on any number of
 * n8n processes (queue-mode workers). It lives in a Data Table every process shares, one row per
 * mailbox and object, and is taken in two steps the workflow does with Data Table nodes:
 *
 * 1. Take: an upsert filtered on `key = <key> AND expiresAt < now` that sets `holder` and
 *    `expiresAt`. The UPDATE is one statement, so of two runs racing for an expired row only one
 *    updates it (PostgreSQL re-checks the filter on the row it waited for; SQLite writes one at a
 *    time). A run whose filter matched no row inserts a row of its own: the first run ever, or a
 *    run that found the lease held.
 * 2. Check (this file): read every row of the key; the run holds the lease only when it holds a
 *    live row and nobody else does. Two first runs that both inserted see each other and both
 *    skip, once: never both run.
 *
 * A run releases its rows when it ends (expiresAt 0), whether it ran or skipped; a run killed
 * on the way leaves its row to expire after the lease's minutes.
 */

export interface LeaseRow {
	key?: unknown;
	holder?: unknown;
	expiresAt?: unknown;
}

export interface LeaseDecision {
	held: boolean;
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
export function decideLease(rows: LeaseRow[], lease: { mailbox: string; object: string; holder: string; now: number }): LeaseDecision {
	const key = leaseKey(lease.mailbox, lease.object);
	const live = rows.filter((row) => String(row.key ?? '') === key && expiryOf(row) > lease.now);
	const ours = live.filter((row) => row.holder === lease.holder);
	const others = live.filter((row) => row.holder !== lease.holder);
	const iso = (epoch: number) => new Date(epoch).toISOString();
	if (ours.length > 0 && others.length === 0) {
		return { held: true, key, holder: lease.holder, until: iso(Math.max(...ours.map(expiryOf))), message: '' };
	}
	const what = `${lease.mailbox}'s ${lease.object}`;
	if (others.length === 0) {
		return {
			held: false,
			key,
			holder: lease.holder,
			until: '',
			message: `Skipped: the lease on ${what} could not be taken (no lease row was written: check the lease Data Table); nothing was read or written`,
		};
	}
	const until = iso(Math.max(...others.map(expiryOf)));
	return {
		held: false,
		key,
		holder: lease.holder,
		until,
		message: `Skipped: another run is syncing ${what} (its lease lasts until ${until} unless it ends sooner); nothing was read or written`,
	};
}
