/**
 * The suite's randomness: one seed per run, printed, and replayed with `RELIABILITY_SEED=…`.
 * Each loop derives its own seed from it, so a failing loop can be replayed alone too.
 */
import { seededRandom } from '../../emulators/common/faults';

/**
 * CI replays one known seed so that a landing is judged on the same loops every time; elsewhere
 * each run draws a new seed. This seed's incremental loops once ended 4 of 30 times with the sides
 * apart, so CI keeps it. Seeds that still fail (open defects) are listed in docs/reliability.md.
 */
const CI_SEED = 646242955;

export const RELIABILITY_SEED = process.env.RELIABILITY_SEED
	? Number(process.env.RELIABILITY_SEED)
	: process.env.CI
		? CI_SEED
		: Math.floor(Math.random() * 2 ** 31);

export class Random {
	private readonly next: () => number;

	constructor(readonly seed: number) {
		this.next = seededRandom(seed);
	}

	/** A whole number in [0, n). */
	int(n: number): number {
		return Math.floor(this.next() * n);
	}

	chance(probability: number): boolean {
		return this.next() < probability;
	}

	pick<T>(values: readonly T[]): T {
		return values[this.int(values.length)];
	}

	/** Up to `count` distinct values, in random order. */
	sample<T>(values: readonly T[], count: number): T[] {
		const pool = [...values];
		const chosen: T[] = [];
		while (chosen.length < count && pool.length > 0) chosen.push(pool.splice(this.int(pool.length), 1)[0]);
		return chosen;
	}
}
