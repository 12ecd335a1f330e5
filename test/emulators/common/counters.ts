/** Requests counted per operation, so tests and benchmarks can assert what a sync cost. */
export class RequestCounters {
	private counts = new Map<string, number>();

	increment(operation: string, by = 1): void {
		this.counts.set(operation, (this.counts.get(operation) ?? 0) + by);
	}

	snapshot(): { total: number; byOperation: Record<string, number> } {
		const byOperation = Object.fromEntries([...this.counts.entries()].sort());
		const total = [...this.counts.values()].reduce((sum, n) => sum + n, 0);
		return { total, byOperation };
	}

	reset(): void {
		this.counts.clear();
	}
}
