/**
 * What a scenario cost: wall time, peak memory of this (the sync's) process, and the calls the
 * two servers counted, read from their counters (reset before each scenario).
 */
import type { BenchServers } from './servers';

export interface Cost {
	wallMs: number;
	peakRssMb: number;
	peakHeapMb: number;
	zohoCalls: number;
	zohoCredits: number;
	zohoByOperation: Record<string, number>;
	ewsCalls: number;
	ewsByOperation: Record<string, number>;
}

const MB = 1024 * 1024;

export async function resetCounters(servers: BenchServers): Promise<void> {
	await Promise.all([servers.exchangeControl.resetCounters(), servers.zohoControl.resetCounters()]);
}

/** Runs `work` with fresh counters and memory sampling; returns its result and what it cost. */
export async function measure<T>(servers: BenchServers, work: () => Promise<T>): Promise<{ result: T; cost: Cost }> {
	await resetCounters(servers);
	global.gc?.();
	let peakRss = 0;
	let peakHeap = 0;
	const sample = () => {
		const usage = process.memoryUsage();
		peakRss = Math.max(peakRss, usage.rss);
		peakHeap = Math.max(peakHeap, usage.heapUsed);
	};
	sample();
	const sampler = setInterval(sample, 25);
	const started = performance.now();
	let result: T;
	try {
		result = await work();
	} finally {
		clearInterval(sampler);
	}
	const wallMs = performance.now() - started;
	sample();
	const [exchange, zoho] = await Promise.all([servers.exchangeControl.counters(), servers.zohoControl.counters()]);
	return {
		result,
		cost: {
			wallMs: Math.round(wallMs),
			peakRssMb: Math.round(peakRss / MB),
			peakHeapMb: Math.round(peakHeap / MB),
			zohoCalls: zoho.total,
			zohoCredits: zoho.creditsUsed,
			zohoByOperation: zoho.byOperation,
			ewsCalls: exchange.total,
			ewsByOperation: exchange.byOperation,
		},
	};
}
