/**
 * Outlook's throttling for Graph, per app and mailbox: at most 4 requests in flight
 * (MailboxConcurrency) and 10,000 requests in 10 minutes; past either, 429 ApplicationThrottled
 * with Retry-After. Both limits can be changed through the control API (the benchmarks raise
 * the request budget; tests lower it).
 */
import { GraphError } from './errors';

export interface ThrottlingSettings {
	mailboxConcurrency: number;
	requestsPerWindow: number;
	windowSeconds: number;
	/** Retry-After of a MailboxConcurrency refusal. */
	concurrencyRetryAfterSeconds: number;
}

export const DEFAULT_THROTTLING: ThrottlingSettings = { mailboxConcurrency: 4, requestsPerWindow: 10_000, windowSeconds: 600, concurrencyRetryAfterSeconds: 1 };

export class Throttling {
	settings: ThrottlingSettings = { ...DEFAULT_THROTTLING };
	private readonly inFlight = new Map<string, number>();
	/** Requests per app and mailbox, counted per second: [second, count] oldest first. */
	private readonly recent = new Map<string, Array<[number, number]>>();

	constructor(private readonly now: () => number = () => Date.now()) {}

	reset(): void {
		this.settings = { ...DEFAULT_THROTTLING };
		this.recent.clear();
	}

	/** Admits one request of `app` to `mailbox`, or throws the 429 Graph answers; call the returned release when it is done. */
	admit(app: string, mailbox: string): () => void {
		const key = `${app}|${mailbox}`;
		const running = this.inFlight.get(key) ?? 0;
		if (running >= this.settings.mailboxConcurrency) {
			throw new GraphError(429, 'ApplicationThrottled', 'Application is over its MailboxConcurrency limit.', { 'Retry-After': String(this.settings.concurrencyRetryAfterSeconds) });
		}
		const second = Math.floor(this.now() / 1000);
		const buckets = this.recent.get(key) ?? [];
		while (buckets.length > 0 && buckets[0][0] <= second - this.settings.windowSeconds) buckets.shift();
		const count = buckets.reduce((sum, [, n]) => sum + n, 0);
		if (count >= this.settings.requestsPerWindow) {
			this.recent.set(key, buckets);
			const retryAfter = Math.max(1, buckets[0][0] + this.settings.windowSeconds - second);
			throw new GraphError(429, 'ApplicationThrottled', 'Application is over its MailboxRequests limit.', { 'Retry-After': String(retryAfter) });
		}
		const last = buckets[buckets.length - 1];
		if (last?.[0] === second) last[1]++;
		else buckets.push([second, 1]);
		this.recent.set(key, buckets);
		this.inFlight.set(key, running + 1);
		let released = false;
		return () => {
			if (released) return;
			released = true;
			this.inFlight.set(key, (this.inFlight.get(key) ?? 1) - 1);
		};
	}
}
