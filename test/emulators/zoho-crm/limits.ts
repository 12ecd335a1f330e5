/**
 * Zoho's API limits: credits over a rolling 24-hour window, concurrent requests per org, and the
 * sub-concurrency of 10 for heavy calls (COQL, sorted lists, writes of more than 10 records).
 * Both answer 429 TOO_MANY_REQUESTS. Defaults are an Enterprise org with four users.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

export interface LimitSettings {
	creditsPer24h: number;
	concurrency: number;
	subConcurrency: number;
}

export const DEFAULT_LIMITS: LimitSettings = { creditsPer24h: 54_000, concurrency: 20, subConcurrency: 10 };

/** Credits a call costs (API-NOTES §5): writes 1 per 10 records, COQL by LIMIT, else 1. */
export function creditCost(operation: string, detail: { records?: number; coqlLimit?: number }): number {
	if (['records.insert', 'records.update', 'records.upsert', 'notes.create'].includes(operation)) {
		return Math.max(1, Math.ceil((detail.records ?? 1) / 10));
	}
	if (operation === 'coql') {
		const limit = detail.coqlLimit ?? 200;
		return limit <= 200 ? 1 : limit <= 1000 ? 2 : 3;
	}
	return 1;
}

export class ApiLimits {
	settings: LimitSettings = { ...DEFAULT_LIMITS };
	private spent: Array<{ at: number; credits: number }> = [];
	private inFlight = 0;
	private heavyInFlight = 0;

	constructor(private readonly now: () => number) {}

	reset(): void {
		this.settings = { ...DEFAULT_LIMITS };
		this.resetCredits();
	}

	resetCredits(): void {
		this.spent = [];
	}

	creditsUsed(): number {
		const since = this.now() - DAY_MS;
		this.spent = this.spent.filter((entry) => entry.at > since);
		return this.spent.reduce((sum, entry) => sum + entry.credits, 0);
	}

	creditsRemaining(): number {
		return Math.max(0, this.settings.creditsPer24h - this.creditsUsed());
	}

	/** Charges the call; false when the window has not enough credits left. */
	charge(credits: number): boolean {
		if (this.creditsRemaining() < credits) return false;
		this.spent.push({ at: this.now(), credits });
		return true;
	}

	/** Zoho reports remaining credits in a header once more than half the allowance is spent. */
	creditHeaders(): Record<string, string> {
		const used = this.creditsUsed();
		return used > this.settings.creditsPer24h / 2 ? { 'X-API-CREDITS-REMAINING': String(this.creditsRemaining()) } : {};
	}

	/** Takes a concurrency slot; returns its release, or undefined when the org is at its limit. */
	enter(heavy: boolean): (() => void) | undefined {
		if (this.inFlight >= this.settings.concurrency) return undefined;
		if (heavy && this.heavyInFlight >= this.settings.subConcurrency) return undefined;
		this.inFlight++;
		if (heavy) this.heavyInFlight++;
		let released = false;
		return () => {
			if (released) return;
			released = true;
			this.inFlight--;
			if (heavy) this.heavyInFlight--;
		};
	}
}
