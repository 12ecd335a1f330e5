/**
 * Latency from a Zoho edit to the Exchange item through the nodes directly, without n8n: a CRM
 * edit, then the incremental contacts sync (CRM changes since the cursor → Sync node → Exchange
 * update), timed until the Exchange write is done. bench/webhookLatency.ts measures the same
 * through the real-time webhook workflow on real n8n.
 */
import type { SyncCursor, SyncRunner } from './pipeline';
import type { BenchServers } from './servers';

export interface Latency {
	path: string;
	samples: number;
	medianMs: number;
	p95Ms: number;
	size?: number;
}

const SAMPLES = 20;

export function percentile(sorted: number[], share: number): number {
	return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)];
}

export async function measureLatency(runner: SyncRunner, servers: BenchServers, mailbox: string, cursors: Map<string, SyncCursor>): Promise<Latency> {
	const key = `${mailbox}/contacts`;
	const linked = (await runner.zoho({ resource: 'record', operation: 'getAll', module: { __rl: true, value: 'Contacts', mode: 'name' }, returnAll: false, limit: SAMPLES }))
		.map((item) => String(item.json.id));
	const timings: number[] = [];
	for (const [index, id] of linked.entries()) {
		const started = performance.now();
		await servers.zohoControl.updateRecords('Contacts', [{ id, Department: `Latency ${index}` }]);
		const result = await runner.run({ object: 'contacts', mailbox, mode: 'changes', cursor: cursors.get(key) });
		cursors.set(key, result.cursor);
		if (result.writes.exchange < 1 || result.failures.length > 0) throw new Error(`edit ${index} did not reach Exchange`);
		timings.push(performance.now() - started);
	}
	const sorted = [...timings].sort((a, b) => a - b);
	return {
		path: 'CRM edit → incremental sync through the nodes directly (no n8n)',
		samples: sorted.length,
		medianMs: Math.round(percentile(sorted, 0.5)),
		p95Ms: Math.round(percentile(sorted, 0.95)),
	};
}
