import type { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';
import { parseRrule, WEEKDAYS } from '../../helpers/rrule';
import type { Weekday } from '../../helpers/rrule';

/** RRULE (helpers/rrule.ts) ⇄ Graph's patternedRecurrence, read as the EWS transport reads the same series. */

const DAY_NAMES: Record<Weekday, string> = {
	SU: 'sunday',
	MO: 'monday',
	TU: 'tuesday',
	WE: 'wednesday',
	TH: 'thursday',
	FR: 'friday',
	SA: 'saturday',
};
const WEEKDAY_OF = Object.fromEntries(Object.entries(DAY_NAMES).map(([day, name]) => [name, day]));
const INDEX_BY_ORDINAL: Record<string, string> = { '1': 'first', '2': 'second', '3': 'third', '4': 'fourth', '-1': 'last' };
const ORDINAL_BY_INDEX = Object.fromEntries(Object.entries(INDEX_BY_ORDINAL).map(([ordinal, index]) => [index, ordinal]));

/**
 * The patternedRecurrence for an RRULE, anchored at the series' first occurrence (`start`, in the
 * event's zone, named `zone` as Graph is told it: the range's dates are local dates of that zone).
 */
export function rruleToGraph(rrule: string, start: DateTime, zone: string): IDataObject {
	const rule = parseRrule(rrule);
	const nthDay = rule.byDay.find((day) => day.ordinal !== undefined);
	const relative = nthDay ? { daysOfWeek: [DAY_NAMES[nthDay.day]], index: INDEX_BY_ORDINAL[nthDay.ordinal as string] } : undefined;
	let pattern: IDataObject;
	switch (rule.freq) {
		case 'DAILY':
			pattern = { type: 'daily', interval: rule.interval };
			break;
		case 'WEEKLY': {
			const days = rule.byDay.length ? rule.byDay.map((day) => DAY_NAMES[day.day]) : [DAY_NAMES[WEEKDAYS[start.weekday % 7]]];
			pattern = { type: 'weekly', interval: rule.interval, daysOfWeek: days, firstDayOfWeek: 'sunday' };
			break;
		}
		case 'MONTHLY':
			pattern = relative
				? { type: 'relativeMonthly', interval: rule.interval, ...relative }
				: { type: 'absoluteMonthly', interval: rule.interval, dayOfMonth: rule.byMonthDay ?? start.day };
			break;
		case 'YEARLY': {
			// As over EWS: Exchange's yearly patterns repeat every year.
			if (rule.interval !== 1) throw new Error('Exchange yearly recurrences cannot skip years (INTERVAL must be 1)');
			const month = rule.byMonth ?? start.month;
			pattern = relative
				? { type: 'relativeYearly', interval: 1, month, ...relative }
				: { type: 'absoluteYearly', interval: 1, month, dayOfMonth: rule.byMonthDay ?? start.day };
			break;
		}
	}
	const startDate = start.toISODate();
	const range: IDataObject =
		rule.count !== undefined
			? { type: 'numbered', startDate, numberOfOccurrences: rule.count }
			: rule.until !== undefined
				? { type: 'endDate', startDate, endDate: rule.until }
				: { type: 'noEnd', startDate };
	return { pattern, range: { ...range, recurrenceTimeZone: zone } };
}

/** The RRULE for a patternedRecurrence read from Graph (the form the EWS transport gives). */
export function graphToRrule(recurrence: IDataObject): string {
	const pattern = (recurrence.pattern ?? {}) as IDataObject;
	const range = (recurrence.range ?? {}) as IDataObject;
	const days = ((pattern.daysOfWeek ?? []) as string[]).map((name) => WEEKDAY_OF[String(name).toLowerCase()]).filter(Boolean);
	const nth = () => `${ORDINAL_BY_INDEX[String(pattern.index ?? 'first')] ?? '1'}${days[0]}`;
	const parts: string[] = [];
	switch (pattern.type) {
		case 'daily':
			parts.push('FREQ=DAILY');
			break;
		case 'weekly':
			parts.push('FREQ=WEEKLY', `BYDAY=${days.join(',')}`);
			break;
		case 'relativeMonthly':
			parts.push('FREQ=MONTHLY', `BYDAY=${nth()}`);
			break;
		case 'absoluteMonthly':
			parts.push('FREQ=MONTHLY', `BYMONTHDAY=${String(pattern.dayOfMonth)}`);
			break;
		case 'relativeYearly':
			parts.push('FREQ=YEARLY', `BYMONTH=${String(pattern.month)}`, `BYDAY=${nth()}`);
			break;
		case 'absoluteYearly':
			parts.push('FREQ=YEARLY', `BYMONTH=${String(pattern.month)}`, `BYMONTHDAY=${String(pattern.dayOfMonth)}`);
			break;
		default:
			throw new Error(`The recurrence pattern ${String(pattern.type)} has no RRULE equivalent`);
	}
	const interval = Number(pattern.interval ?? 1);
	if (interval > 1 && !String(pattern.type).endsWith('Yearly')) parts.splice(1, 0, `INTERVAL=${interval}`);
	if (range.type === 'numbered') parts.push(`COUNT=${String(range.numberOfOccurrences)}`);
	else if (range.type === 'endDate') parts.push(`UNTIL=${String(range.endDate).slice(0, 10).replace(/-/g, '')}`);
	return parts.join(';');
}
