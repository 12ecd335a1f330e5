import { FaultPlan } from '../../emulators/common/faults';

describe('FaultPlan', () => {
	it('fires a rule only for its operation and only as often as armed', () => {
		const plan = new FaultPlan();
		plan.arm([{ operation: 'FindItem', kind: 'throttle', count: 2 }]);
		expect(plan.take('GetItem')).toBeUndefined();
		expect(plan.take('FindItem')?.kind).toBe('throttle');
		expect(plan.take('FindItem')?.kind).toBe('throttle');
		expect(plan.take('FindItem')).toBeUndefined();
		expect(plan.status().injected).toBe(2);
	});

	it('skips the first matching requests when asked to fire "after" them', () => {
		const plan = new FaultPlan();
		plan.arm([{ operation: '*', kind: 'http500', after: 2 }]);
		expect(plan.take('a')).toBeUndefined();
		expect(plan.take('b')).toBeUndefined();
		expect(plan.take('c')?.kind).toBe('http500');
	});

	it('replays the same random faults from the same seed', () => {
		const draw = (seed: number) => {
			const plan = new FaultPlan();
			plan.arm([{ operation: '*', kind: 'drop', count: -1, probability: 0.3 }], seed);
			return Array.from({ length: 50 }, () => (plan.take('op') ? 1 : 0)).join('');
		};
		expect(draw(42)).toBe(draw(42));
		expect(draw(42)).not.toBe(draw(43));
		expect(draw(42)).toMatch(/1/);
	});
});
