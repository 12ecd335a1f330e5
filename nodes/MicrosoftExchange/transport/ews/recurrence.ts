import { DateTime as LuxonDateTime } from 'luxon';
import { DateTime, DayOfTheWeek, DayOfTheWeekIndex, Month, Recurrence } from 'ews-javascript-api';
import { parseRrule, WEEKDAYS } from '../../helpers/rrule';
import type { Weekday } from '../../helpers/rrule';

/** RRULE (helpers/rrule.ts) ⇄ EWS recurrence patterns. */


const DAY_OF_WEEK: Record<Weekday, DayOfTheWeek> = {
	SU: DayOfTheWeek.Sunday,
	MO: DayOfTheWeek.Monday,
	TU: DayOfTheWeek.Tuesday,
	WE: DayOfTheWeek.Wednesday,
	TH: DayOfTheWeek.Thursday,
	FR: DayOfTheWeek.Friday,
	SA: DayOfTheWeek.Saturday,
};

const INDEX_BY_ORDINAL: Record<string, DayOfTheWeekIndex> = {
	'1': DayOfTheWeekIndex.First,
	'2': DayOfTheWeekIndex.Second,
	'3': DayOfTheWeekIndex.Third,
	'4': DayOfTheWeekIndex.Fourth,
	'-1': DayOfTheWeekIndex.Last,
};
const ORDINAL_BY_INDEX: Record<number, string> = { 0: '1', 1: '2', 2: '3', 3: '4', 4: '-1' };

// The client's typings declare these constructors without their parameters.
const DailyPattern = Recurrence.DailyPattern as unknown as new (start: DateTime, interval: number) => Recurrence;
const WeeklyPattern = Recurrence.WeeklyPattern as unknown as new (start: DateTime, interval: number, days: DayOfTheWeek[]) => Recurrence;
const MonthlyPattern = Recurrence.MonthlyPattern as unknown as new (start: DateTime, interval: number, dayOfMonth: number) => Recurrence;
const RelativeMonthlyPattern = Recurrence.RelativeMonthlyPattern as unknown as new (
	start: DateTime,
	interval: number,
	day: DayOfTheWeek,
	index: DayOfTheWeekIndex,
) => Recurrence;
const YearlyPattern = Recurrence.YearlyPattern as unknown as new (start: DateTime, month: Month, dayOfMonth: number) => Recurrence;
const RelativeYearlyPattern = Recurrence.RelativeYearlyPattern as unknown as new (
	start: DateTime,
	month: Month,
	day: DayOfTheWeek,
	index: DayOfTheWeekIndex,
) => Recurrence;

function ewsDate(date: LuxonDateTime): DateTime {
	return new DateTime(date.year, date.month, date.day);
}

/**
 * The EWS pattern for an RRULE, anchored at the series' first occurrence (`start`, in the event's
 * own zone: EWS recurrence dates are local dates of that zone).
 */
export function rruleToRecurrence(rrule: string, start: LuxonDateTime): Recurrence {
	const rule = parseRrule(rrule);
	const startDate = ewsDate(start);
	const nthDay = rule.byDay.find((day) => day.ordinal !== undefined);
	let pattern: Recurrence;
	switch (rule.freq) {
		case 'DAILY':
			pattern = new DailyPattern(startDate, rule.interval);
			break;
		case 'WEEKLY': {
			const days = rule.byDay.length ? rule.byDay.map((day) => DAY_OF_WEEK[day.day]) : [DAY_OF_WEEK[WEEKDAYS[start.weekday % 7]]];
			pattern = new WeeklyPattern(startDate, rule.interval, days);
			break;
		}
		case 'MONTHLY':
			pattern = nthDay
				? new RelativeMonthlyPattern(
						startDate,
						rule.interval,
						DAY_OF_WEEK[nthDay.day],
						INDEX_BY_ORDINAL[nthDay.ordinal as string],
					)
				: new MonthlyPattern(startDate, rule.interval, rule.byMonthDay ?? start.day);
			break;
		case 'YEARLY': {
			// EWS yearly patterns repeat every year; there is no interval to set.
			if (rule.interval !== 1) throw new Error('Exchange yearly recurrences cannot skip years (INTERVAL must be 1)');
			const month = (rule.byMonth ?? start.month) as Month;
			pattern = nthDay
				? new RelativeYearlyPattern(startDate, month, DAY_OF_WEEK[nthDay.day], INDEX_BY_ORDINAL[nthDay.ordinal as string])
				: new YearlyPattern(startDate, month, rule.byMonthDay ?? start.day);
			break;
		}
	}
	if (rule.count !== undefined) pattern.NumberOfOccurrences = rule.count;
	else if (rule.until !== undefined) pattern.EndDate = ewsDate(LuxonDateTime.fromISO(rule.until));
	else pattern.NeverEnds();
	return pattern;
}

function weekday(day: DayOfTheWeek): string {
	const entry = Object.entries(DAY_OF_WEEK).find(([, value]) => value === day);
	if (!entry) throw new Error(`Exchange day ${DayOfTheWeek[day]} has no RRULE equivalent`);
	return entry[0];
}

function ymd(date: DateTime): string {
	return date.Format('YYYYMMDD');
}

/** The RRULE for an EWS pattern (read from an item). */
export function recurrenceToRrule(pattern: Recurrence): string {
	const parts: string[] = [];
	const interval = (pattern as Recurrence & { Interval?: number }).Interval;
	if (pattern instanceof Recurrence.DailyPattern) parts.push('FREQ=DAILY');
	else if (pattern instanceof Recurrence.WeeklyPattern) {
		parts.push('FREQ=WEEKLY', `BYDAY=${pattern.DaysOfTheWeek.GetEnumerator().map(weekday).join(',')}`);
	} else if (pattern instanceof Recurrence.RelativeMonthlyPattern) {
		parts.push('FREQ=MONTHLY', `BYDAY=${ORDINAL_BY_INDEX[pattern.DayOfTheWeekIndex]}${weekday(pattern.DayOfTheWeek)}`);
	} else if (pattern instanceof Recurrence.MonthlyPattern) {
		parts.push('FREQ=MONTHLY', `BYMONTHDAY=${pattern.DayOfMonth}`);
	} else if (pattern instanceof Recurrence.RelativeYearlyPattern) {
		parts.push('FREQ=YEARLY', `BYMONTH=${pattern.Month}`, `BYDAY=${ORDINAL_BY_INDEX[pattern.DayOfTheWeekIndex]}${weekday(pattern.DayOfTheWeek)}`);
	} else if (pattern instanceof Recurrence.YearlyPattern) {
		parts.push('FREQ=YEARLY', `BYMONTH=${pattern.Month}`, `BYMONTHDAY=${pattern.DayOfMonth}`);
	} else {
		throw new Error(`The recurrence ${pattern.constructor.name} has no RRULE equivalent`);
	}
	if (interval && interval > 1) parts.splice(1, 0, `INTERVAL=${interval}`);
	if (pattern.NumberOfOccurrences) parts.push(`COUNT=${pattern.NumberOfOccurrences}`);
	else if (pattern.EndDate) parts.push(`UNTIL=${ymd(pattern.EndDate)}`);
	return parts.join(';');
}
