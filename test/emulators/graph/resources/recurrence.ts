/**
 * Graph's patternedRecurrence ⇄ the EWS Recurrence the store keeps (the same series either way):
 * daily, weekly, absolute and relative monthly and yearly patterns; endDate, noEnd and numbered
 * ranges. Graph answers every field, with 0, 'first', 'sunday' and '0001-01-01' where a pattern or
 * range has no use for one, as Graph does.
 */
import { element, textOf, type XNode } from '../../exchange/xml';
import { badRequest } from '../errors';

const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const EWS_DAY = (day: string) => day[0].toUpperCase() + day.slice(1);
const INDEXES = ['first', 'second', 'third', 'fourth', 'last'];
const EWS_INDEX = (index: string) => EWS_DAY(index);
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const NO_DATE = '0001-01-01';

type Json = Record<string, unknown>;

/** The stored Recurrence as Graph's patternedRecurrence; `zone` is the series' Windows zone. */
export function graphRecurrence(recurrence: XNode, zone: string): Json {
	const [pattern, range] = recurrence.children;
	const days = (textOf(pattern, 'DaysOfWeek') ?? '').split(/\s+/).filter((d) => DAYS.includes(d.toLowerCase())).map((d) => d.toLowerCase());
	const types: Record<string, string> = {
		DailyRecurrence: 'daily',
		WeeklyRecurrence: 'weekly',
		AbsoluteMonthlyRecurrence: 'absoluteMonthly',
		RelativeMonthlyRecurrence: 'relativeMonthly',
		AbsoluteYearlyRecurrence: 'absoluteYearly',
		RelativeYearlyRecurrence: 'relativeYearly',
	};
	const month = textOf(pattern, 'Month');
	const graphPattern = {
		type: types[pattern.name] ?? 'daily',
		interval: Number(textOf(pattern, 'Interval') ?? 1),
		month: month ? MONTHS.indexOf(month) + 1 : 0,
		dayOfMonth: Number(textOf(pattern, 'DayOfMonth') ?? 0),
		daysOfWeek: days,
		firstDayOfWeek: (textOf(pattern, 'FirstDayOfWeek') ?? 'Sunday').toLowerCase(),
		index: (textOf(pattern, 'DayOfWeekIndex') ?? 'First').toLowerCase(),
	};
	const rangeTypes: Record<string, string> = { EndDateRecurrence: 'endDate', NoEndRecurrence: 'noEnd', NumberedRecurrence: 'numbered' };
	const graphRange = {
		type: rangeTypes[range?.name] ?? 'noEnd',
		startDate: (textOf(range, 'StartDate') ?? NO_DATE).slice(0, 10),
		endDate: (textOf(range, 'EndDate') ?? NO_DATE).slice(0, 10),
		recurrenceTimeZone: zone,
		numberOfOccurrences: Number(textOf(range, 'NumberOfOccurrences') ?? 0),
	};
	return { pattern: graphPattern, range: graphRange };
}

/** A Graph patternedRecurrence as the EWS Recurrence element; `defaultStart` (yyyy-MM-dd) when the range has no startDate. */
export function ewsRecurrence(value: unknown, defaultStart: string): XNode {
	const given = (value ?? {}) as { pattern?: Json; range?: Json };
	const pattern = given.pattern ?? {};
	const range = given.range ?? {};
	const text = (name: string, content: unknown) => element(name, {}, String(content));
	const interval = text('Interval', Number(pattern.interval ?? 1) || 1);
	const days = () => {
		const list = Array.isArray(pattern.daysOfWeek) ? (pattern.daysOfWeek as unknown[]).map(String) : [];
		if (list.length === 0 || list.some((d) => !DAYS.includes(d))) throw badRequest('recurrence.pattern.daysOfWeek must name the days (sunday … saturday).', 'ErrorInvalidRecurrence');
		return text('DaysOfWeek', list.map(EWS_DAY).join(' '));
	};
	const index = () => {
		const name = String(pattern.index ?? 'first');
		if (!INDEXES.includes(name)) throw badRequest(`'${name}' is not a week index (first … last).`, 'ErrorInvalidRecurrence');
		return text('DayOfWeekIndex', EWS_INDEX(name));
	};
	const month = () => {
		const number = Number(pattern.month);
		if (!Number.isInteger(number) || number < 1 || number > 12) throw badRequest('recurrence.pattern.month must be 1 to 12 for a yearly pattern.', 'ErrorInvalidRecurrence');
		return text('Month', MONTHS[number - 1]);
	};
	const dayOfMonth = () => {
		const number = Number(pattern.dayOfMonth);
		if (!Number.isInteger(number) || number < 1 || number > 31) throw badRequest('recurrence.pattern.dayOfMonth must be 1 to 31.', 'ErrorInvalidRecurrence');
		return text('DayOfMonth', number);
	};
	let ewsPattern: XNode;
	switch (pattern.type) {
		case 'daily':
			ewsPattern = element('DailyRecurrence', {}, interval);
			break;
		case 'weekly':
			ewsPattern = element('WeeklyRecurrence', {}, interval, days(), ...(pattern.firstDayOfWeek ? [text('FirstDayOfWeek', EWS_DAY(String(pattern.firstDayOfWeek)))] : []));
			break;
		case 'absoluteMonthly':
			ewsPattern = element('AbsoluteMonthlyRecurrence', {}, interval, dayOfMonth());
			break;
		case 'relativeMonthly':
			ewsPattern = element('RelativeMonthlyRecurrence', {}, interval, days(), index());
			break;
		case 'absoluteYearly':
			ewsPattern = element('AbsoluteYearlyRecurrence', {}, dayOfMonth(), month());
			break;
		case 'relativeYearly':
			ewsPattern = element('RelativeYearlyRecurrence', {}, days(), index(), month());
			break;
		default:
			throw badRequest(`'${String(pattern.type)}' is not a recurrence pattern type.`, 'ErrorInvalidRecurrence');
	}
	const startDate = text('StartDate', String(range.startDate ?? defaultStart).slice(0, 10));
	let ewsRange: XNode;
	switch (range.type ?? 'noEnd') {
		case 'noEnd':
			ewsRange = element('NoEndRecurrence', {}, startDate);
			break;
		case 'endDate':
			if (typeof range.endDate !== 'string' || range.endDate < String(range.startDate ?? defaultStart)) throw badRequest('recurrence.range.endDate must be on or after its startDate.', 'ErrorInvalidRecurrence');
			ewsRange = element('EndDateRecurrence', {}, startDate, text('EndDate', range.endDate.slice(0, 10)));
			break;
		case 'numbered': {
			const count = Number(range.numberOfOccurrences);
			if (!Number.isInteger(count) || count < 1) throw badRequest('recurrence.range.numberOfOccurrences must be at least 1.', 'ErrorInvalidRecurrence');
			ewsRange = element('NumberedRecurrence', {}, startDate, text('NumberOfOccurrences', count));
			break;
		}
		default:
			throw badRequest(`'${String(range.type)}' is not a recurrence range type.`, 'ErrorInvalidRecurrence');
	}
	return element('Recurrence', {}, ewsPattern, ewsRange);
}
