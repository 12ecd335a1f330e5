/**
 * Fault injection shared by the local Exchange and Zoho servers.
 *
 * A test arms rules through the control API (`POST /__control/faults`); each incoming request
 * asks the plan whether a rule matches its operation, and a matching rule is consumed. Rules
 * with a probability draw from a seeded generator so a failing random run can be replayed.
 */

/** What a fault does. Each server understands the generic kinds plus its own (e.g. `throttle`). */
export interface FaultRule {
	/** Operation name as counted by the server (`FindItem`, `records.insert` …) or `*` for any. */
	operation: string;
	/** `http500`, `hang`, `drop`, `malformed` are generic; servers add their own kinds. */
	kind: string;
	/** How many times the rule fires before it is used up; -1 means forever. Default 1. */
	count?: number;
	/** Skip this many matching requests before firing. Default 0. */
	after?: number;
	/** Fire with this probability (0..1) instead of always. Default 1. */
	probability?: number;
	/** Free-form parameters for the server (back-off milliseconds, status code …). */
	params?: Record<string, unknown>;
}

interface ArmedRule extends Required<Omit<FaultRule, 'params'>> {
	params: Record<string, unknown>;
	fired: number;
}

/** mulberry32: tiny, fast and good enough to make fault timing reproducible from a seed. */
export function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export class FaultPlan {
	private rules: ArmedRule[] = [];
	private random = seededRandom(1);
	private injected = 0;

	arm(rules: FaultRule[], seed?: number): void {
		if (seed !== undefined) this.random = seededRandom(seed);
		for (const rule of rules) {
			if (typeof rule.operation !== 'string' || typeof rule.kind !== 'string') {
				throw new Error('each fault needs "operation" and "kind" strings');
			}
			this.rules.push({
				operation: rule.operation,
				kind: rule.kind,
				count: rule.count ?? 1,
				after: rule.after ?? 0,
				probability: rule.probability ?? 1,
				params: rule.params ?? {},
				fired: 0,
			});
		}
	}

	/** The fault to apply to this request, if any; consumes one use of the rule. */
	take(operation: string): FaultRule | undefined {
		for (const rule of this.rules) {
			if (rule.operation !== '*' && rule.operation !== operation) continue;
			if (rule.count !== -1 && rule.fired >= rule.count) continue;
			if (rule.after > 0) {
				rule.after--;
				continue;
			}
			if (rule.probability < 1 && this.random() >= rule.probability) continue;
			rule.fired++;
			this.injected++;
			return { operation, kind: rule.kind, params: rule.params };
		}
		return undefined;
	}

	clear(): void {
		this.rules = [];
	}

	status(): { injected: number; armed: FaultRule[] } {
		return {
			injected: this.injected,
			armed: this.rules
				.filter((r) => r.count === -1 || r.fired < r.count)
				.map(({ fired: _fired, ...rule }) => rule),
		};
	}
}
