/** Graph's patternedRecurrence ⇄ the EWS Recurrence the local server's store keeps. */
import { ewsRecurrence, graphRecurrence } from '../../emulators/graph/resources/recurrence';
import { GraphError } from '../../emulators/graph/errors';

const ZONE = 'W. Europe Standard Time';
const roundTrip = (recurrence: unknown) => graphRecurrence(ewsRecurrence(recurrence, '2031-01-06'), ZONE);

describe('recurrence', () => {
	it.each([
		['daily', { type: 'daily', interval: 2 }, { type: 'endDate', startDate: '2031-01-06', endDate: '2031-02-06' }],
		['weekly', { type: 'weekly', interval: 1, daysOfWeek: ['monday', 'thursday'], firstDayOfWeek: 'monday' }, { type: 'numbered', startDate: '2031-01-06', numberOfOccurrences: 10 }],
		['absoluteMonthly', { type: 'absoluteMonthly', interval: 1, dayOfMonth: 31 }, { type: 'noEnd', startDate: '2031-01-31' }],
		['relativeMonthly', { type: 'relativeMonthly', interval: 3, daysOfWeek: ['friday'], index: 'last' }, { type: 'noEnd', startDate: '2031-01-31' }],
		['absoluteYearly', { type: 'absoluteYearly', interval: 1, dayOfMonth: 29, month: 2 }, { type: 'noEnd', startDate: '2032-02-29' }],
		['relativeYearly', { type: 'relativeYearly', interval: 1, daysOfWeek: ['sunday'], index: 'second', month: 11 }, { type: 'numbered', startDate: '2031-11-09', numberOfOccurrences: 3 }],
	])('keeps a %s series the same both ways, with every field Graph answers', (_name, pattern, range) => {
		const answered = roundTrip({ pattern, range });
		expect(answered.pattern).toMatchObject(pattern);
		expect(answered.range).toMatchObject({ ...range, recurrenceTimeZone: ZONE });
		// Fields the pattern or range has no use for are answered as Graph answers them, not left out.
		expect(Object.keys(answered.pattern as object).sort()).toEqual(['dayOfMonth', 'daysOfWeek', 'firstDayOfWeek', 'index', 'interval', 'month', 'type']);
		expect(Object.keys(answered.range as object).sort()).toEqual(['endDate', 'numberOfOccurrences', 'recurrenceTimeZone', 'startDate', 'type']);
	});

	it('takes the start date from the event when the range gives none, and refuses what Graph refuses', () => {
		expect(roundTrip({ pattern: { type: 'daily', interval: 1 }, range: { type: 'noEnd' } }).range).toMatchObject({ startDate: '2031-01-06', endDate: '0001-01-01', numberOfOccurrences: 0 });
		const refused = [
			{ pattern: { type: 'hourly' } },
			{ pattern: { type: 'weekly', daysOfWeek: [] } },
			{ pattern: { type: 'weekly', daysOfWeek: ['funday'] } },
			{ pattern: { type: 'relativeMonthly', daysOfWeek: ['monday'], index: 'fifth' } },
			{ pattern: { type: 'absoluteMonthly', dayOfMonth: 32 } },
			{ pattern: { type: 'absoluteYearly', dayOfMonth: 1, month: 13 } },
			{ pattern: { type: 'daily' }, range: { type: 'numbered', numberOfOccurrences: 0 } },
			{ pattern: { type: 'daily' }, range: { type: 'endDate', startDate: '2031-02-01', endDate: '2031-01-01' } },
			{ pattern: { type: 'daily' }, range: { type: 'forever' } },
		];
		const refusal = (recurrence: unknown) => {
			try {
				ewsRecurrence(recurrence, '2031-01-06');
			} catch (error) {
				return error as GraphError;
			}
			return undefined;
		};
		for (const recurrence of refused) {
			const error = refusal(recurrence);
			expect(error).toBeInstanceOf(GraphError);
			expect(error).toMatchObject({ status: 400, code: 'ErrorInvalidRecurrence' });
		}
	});
});
