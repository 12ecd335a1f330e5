import type { EwsFailure } from './errors';

/**
 * How the node waits out Exchange throttling. The client has no retry logic of its own; EWS says
 * how long to back off (BackOffMilliseconds) on ErrorServerBusy, so we wait exactly that, within
 * a cap and a bounded number of attempts, and fall back to exponential back-off when it doesn't.
 */
export interface RetryPolicy {
	/** Attempts in total, including the first. */
	maxAttempts: number;
	/** A back-off longer than this is not waited out: the call fails and says so. */
	maxBackOffMs: number;
	/** First back-off when the server does not say; doubled on each further attempt. */
	fallbackBackOffMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxAttempts: 4,
	maxBackOffMs: 60_000,
	fallbackBackOffMs: 1_000,
};

/** For interactive checks (credential test) where waiting minutes would help no one. */
export const NO_RETRIES: RetryPolicy = { maxAttempts: 1, maxBackOffMs: 0, fallbackBackOffMs: 0 };

export function isThrottled(failure: EwsFailure): boolean {
	return failure.code === 'ErrorServerBusy';
}

/**
 * Milliseconds to wait before attempt `attempt + 1`, or undefined when the failure is not worth
 * retrying or the budget is spent. `attempt` counts from 1.
 */
export function retryDelayMs(failure: EwsFailure, attempt: number, policy: RetryPolicy): number | undefined {
	if (!isThrottled(failure) || attempt >= policy.maxAttempts) return undefined;
	const delay = failure.backOffMs ?? policy.fallbackBackOffMs * 2 ** (attempt - 1);
	return delay <= policy.maxBackOffMs ? delay : undefined;
}

/** Why a throttled call was given up, for the error's description. */
export function throttledDetail(failure: EwsFailure, attempts: number, policy: RetryPolicy): string {
	if (failure.backOffMs !== undefined && failure.backOffMs > policy.maxBackOffMs) {
		return `Exchange asked to wait ${Math.ceil(failure.backOffMs / 1000)} s, longer than the ${policy.maxBackOffMs / 1000} s this node waits; try again later`;
	}
	return `Still throttled after ${attempts} attempts`;
}
