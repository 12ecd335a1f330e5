/**
 * What a scenario cost: wall time, peak memory of this (the sync's) process, and the calls the
 * two servers counted, read from their counters (reset before each scenario). Over Microsoft
 * Graph also the HTTP requests the nodes sent (a $batch is one), counted by the nodes' request
 * helper, beside the requests Graph counted (each one in a batch: what Outlook's throttling counts).
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
	/** Over Microsoft Graph only. */
	graph?: GraphCost;
}

export interface GraphCost {
	/** HTTP requests to Graph: a $batch is one, a request sent again after a 429 another. */
	calls: number;
	/** Graph requests, each one in a $batch counted: what Outlook's 10,000-per-10-minutes limit counts. */
	requests: number;
	/** Requests per Graph operation ($batch and the requests in it). */
	byOperation: Record<string, number>;
	/** 429 answers (ApplicationThrottled: over 4 in flight, or over 10,000 in 10 minutes, per mailbox). */
	throttled: number;
	/** Access tokens issued. */
	tokens: number;
}

/** The calls a scenario made to the CRM and to Exchange (HTTP requests to Graph, EWS requests). */
export function callsOf(cost: Cost): number {
	return cost.zohoCalls + (cost.graph ? cost.graph.calls : cost.ewsCalls);
}

/** The Microsoft 365 server counts EWS and Graph on one store: split its counters. */
function graphCost(servers: BenchServers, counted: Record<string, number>): { graph: GraphCost; ews: Record<string, number> } {
	const bench = servers.graph!;
	const byOperation = Object.fromEntries(Object.entries(counted).filter(([name]) => bench.operations.has(name)));
	// EWS operation names are PascalCase; the server's other counters (token, throttled …) are not.
	const ews = Object.fromEntries(Object.entries(counted).filter(([name]) => /^[A-Z][A-Za-z]+$/.test(name)));
	const requests = Object.entries(byOperation).reduce((sum, [name, n]) => sum + (name === '$batch' ? 0 : n), 0);
	return { graph: { calls: bench.stats.requests, requests, byOperation, throttled: counted.throttled ?? 0, tokens: counted['token.issued'] ?? 0 }, ews };
}

const MB = 1024 * 1024;

export async function resetCounters(servers: BenchServers): Promise<void> {
	await Promise.all([servers.exchangeControl.resetCounters(), servers.zohoControl.resetCounters()]);
	if (servers.graph) Object.assign(servers.graph.stats, { requests: 0, tokens: 0 });
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
	const split = servers.graph ? graphCost(servers, exchange.byOperation) : undefined;
	const ewsByOperation = split ? split.ews : exchange.byOperation;
	return {
		result,
		cost: {
			wallMs: Math.round(wallMs),
			peakRssMb: Math.round(peakRss / MB),
			peakHeapMb: Math.round(peakHeap / MB),
			zohoCalls: zoho.total,
			zohoCredits: zoho.creditsUsed,
			zohoByOperation: zoho.byOperation,
			ewsCalls: split ? Object.values(ewsByOperation).reduce((sum, n) => sum + n, 0) : exchange.total,
			ewsByOperation,
			...(split ? { graph: split.graph } : {}),
		},
	};
}
