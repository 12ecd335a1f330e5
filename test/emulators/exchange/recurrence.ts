/**
 * Recurring series: expanding an EWS Recurrence into occurrences (CalendarView, free/busy) and
 * converting between EWS Recurrence XML and RFC 5545 RRULEs (the item shapes' form).
 */
import { DateTime } from 'luxon';
import type { StoredItem } from './store';
import { ianaZone } from './timezones';
import { element, textOf, type XNode } from './xml';

const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const RRULE_DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const INDEXES = ['First', 'Second', 'Third', 'Fourth', 'Last'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** Expansion stops here even for series without an end. */
const MAX_OCCURRENCES = 1000;

export interface Occurrence {
	start: DateTime;
	end: DateTime;
	index: number;
}

/** The IANA zone a calendar item's wall-clock times are defined in. */
export function itemZone(item: StoredItem): string {
	return ianaZone(item.props.get('StartTimeZone')?.attrs.Id ?? item.props.get('MeetingTimeZone')?.attrs.TimeZoneName);
}

function dayMatches(pattern: XNode, day: DateTime, first: DateTime): boolean {
	const interval = Number(textOf(pattern, 'Interval') ?? 1);
	const daysOfWeek = (textOf(pattern, 'DaysOfWeek') ?? '').split(/\s+/).filter(Boolean);
	const weekday = DAYS[day.weekday - 1];
	const dayIndexMatches = () => {
		const index = textOf(pattern, 'DayOfWeekIndex') ?? 'First';
		const wantedDay = daysOfWeek.includes('Day') || daysOfWeek.includes(weekday) || (daysOfWeek.includes('Weekday') && day.weekday <= 5) || (daysOfWeek.includes('WeekendDay') && day.weekday > 5);
		if (!wantedDay) return false;
		if (index === 'Last') return day.plus({ days: 7 }).month !== day.month;
		return Math.floor((day.day - 1) / 7) === INDEXES.indexOf(index);
	};
	const months = (day.year - first.year) * 12 + day.month - first.month;
	switch (pattern.name) {
		case 'DailyRecurrence':
			return Math.round(day.diff(first, 'days').days) % interval === 0;
		case 'WeeklyRecurrence': {
			const weeks = Math.floor(day.startOf('week').diff(first.startOf('week'), 'days').days / 7 + 0.5);
			return weeks % interval === 0 && daysOfWeek.includes(weekday);
		}
		case 'AbsoluteMonthlyRecurrence':
			return months % interval === 0 && day.day === Number(textOf(pattern, 'DayOfMonth'));
		case 'RelativeMonthlyRecurrence':
			return months % interval === 0 && dayIndexMatches();
		case 'AbsoluteYearlyRecurrence':
			return MONTHS[day.month - 1] === textOf(pattern, 'Month') && day.day === Number(textOf(pattern, 'DayOfMonth'));
		case 'RelativeYearlyRecurrence':
			return MONTHS[day.month - 1] === textOf(pattern, 'Month') && dayIndexMatches();
		default:
			return false;
	}
}

/** Whether [start, end) overlaps [from, to); an instant counts when it falls inside. */
export function overlapsWindow(start: DateTime, end: DateTime, from: DateTime, to: DateTime): boolean {
	return start < to && (end > from || (+end === +start && start >= from));
}

/**
 * The occurrences of a series as defined, in order, with their 1-based instance indexes; they
 * stop at the range's end, at MAX_OCCURRENCES, or at the first one starting on or after `until`.
 */
function* expandSeries(item: StoredItem, recurrence: XNode, until?: DateTime): Generator<Occurrence> {
	const start = DateTime.fromISO(item.props.get('Start')?.text ?? '', { setZone: true });
	const end = DateTime.fromISO(item.props.get('End')?.text ?? '', { setZone: true });
	if (!start.isValid || !end.isValid) return;
	const zone = itemZone(item);
	const localStart = start.setZone(zone);
	const duration = end.diff(start);
	const [pattern, range] = recurrence.children;
	const firstDay = DateTime.fromISO((textOf(range, 'StartDate') ?? localStart.toISODate()!).slice(0, 10), { zone });
	const endDate = textOf(range, 'EndDate');
	// A pattern that matches no day (30 February) must still end: no series spans a century.
	const lastDay = endDate ? DateTime.fromISO(endDate.slice(0, 10), { zone }) : firstDay.plus({ years: 100 });
	const count = range?.name === 'NumberedRecurrence' ? Number(textOf(range, 'NumberOfOccurrences')) : MAX_OCCURRENCES;
	let index = 0;
	for (let day = firstDay; index < Math.min(count, MAX_OCCURRENCES) && day <= lastDay; day = day.plus({ days: 1 })) {
		if (!dayMatches(pattern, day, firstDay)) continue;
		index++;
		const occurrenceStart = day.set({ hour: localStart.hour, minute: localStart.minute, second: localStart.second });
		if (until && occurrenceStart >= until) return;
		yield { start: occurrenceStart, end: occurrenceStart.plus(duration), index };
	}
}

/** Occurrences of an item as defined (exceptions aside) overlapping [from, to); a single item yields itself. */
export function occurrences(item: StoredItem, from: DateTime, to: DateTime): Occurrence[] {
	const recurrence = item.props.get('Recurrence');
	if (recurrence) return [...expandSeries(item, recurrence, to)].filter((o) => overlapsWindow(o.start, o.end, from, to));
	const start = DateTime.fromISO(item.props.get('Start')?.text ?? '', { setZone: true });
	const end = DateTime.fromISO(item.props.get('End')?.text ?? '', { setZone: true });
	return start.isValid && end.isValid && overlapsWindow(start, end, from, to) ? [{ start, end, index: 0 }] : [];
}

/** The occurrences of a series as defined, in order, and whether the series ends (NoEndRecurrence does not). */
export function seriesOccurrences(item: StoredItem): { occurrences: Iterable<Occurrence>; ends: boolean } {
	const recurrence = item.props.get('Recurrence');
	if (!recurrence) return { occurrences: [], ends: true };
	return { occurrences: expandSeries(item, recurrence), ends: recurrence.children[1]?.name !== 'NoEndRecurrence' };
}

/** Occurrence `index` of a series as defined, or undefined when the series has no such instance. */
export function occurrenceAt(item: StoredItem, index: number): Occurrence | undefined {
	const recurrence = item.props.get('Recurrence');
	if (!recurrence || index < 1) return undefined;
	for (const occurrence of expandSeries(item, recurrence)) if (occurrence.index === index) return occurrence;
	return undefined;
}

/** The occurrence of a series as defined that starts on `date` (yyyy-MM-dd in the series' zone). */
export function occurrenceOn(item: StoredItem, date: string): Occurrence | undefined {
	const recurrence = item.props.get('Recurrence');
	if (!recurrence) return undefined;
	for (const occurrence of expandSeries(item, recurrence)) if (occurrence.start.toISODate() === date) return occurrence;
	return undefined;
}

/** EWS Recurrence element for an RRULE, starting on `startDate` (yyyy-MM-dd). */
export function recurrenceFromRrule(rrule: string, startDate: string): XNode {
	const parts = Object.fromEntries(rrule.split(';').map((p) => p.split('=') as [string, string]));
	const interval = parts.INTERVAL ?? '1';
	const byDay = (parts.BYDAY ?? '').split(',').filter(Boolean);
	const dayNames = (days: string[]) => days.map((d) => DAYS[RRULE_DAYS.indexOf(d.slice(-2))]).join(' ');
	const text = (name: string, value: string) => element(name, {}, value);
	let pattern: XNode;
	const start = DateTime.fromISO(startDate);
	switch (parts.FREQ) {
		case 'DAILY':
			pattern = element('DailyRecurrence', {}, text('Interval', interval));
			break;
		case 'WEEKLY':
			pattern = element('WeeklyRecurrence', {}, text('Interval', interval), text('DaysOfWeek', dayNames(byDay.length ? byDay : [RRULE_DAYS[start.weekday - 1]])));
			break;
		case 'MONTHLY': {
			const position = Number(parts.BYSETPOS ?? (byDay[0]?.slice(0, -2) || '1'));
			const indexName = position === -1 ? 'Last' : INDEXES[Math.min(position, 4) - 1];
			pattern = byDay.length
				? element('RelativeMonthlyRecurrence', {}, text('Interval', interval), text('DaysOfWeek', dayNames(byDay)), text('DayOfWeekIndex', indexName))
				: element('AbsoluteMonthlyRecurrence', {}, text('Interval', interval), text('DayOfMonth', parts.BYMONTHDAY ?? String(start.day)));
			break;
		}
		case 'YEARLY':
			pattern = element('AbsoluteYearlyRecurrence', {}, text('DayOfMonth', parts.BYMONTHDAY ?? String(start.day)), text('Month', MONTHS[Number(parts.BYMONTH ?? start.month) - 1]));
			break;
		default:
			throw new Error(`unsupported RRULE frequency ${parts.FREQ}`);
	}
	let range: XNode;
	if (parts.COUNT) range = element('NumberedRecurrence', {}, text('StartDate', startDate), text('NumberOfOccurrences', parts.COUNT));
	else if (parts.UNTIL) {
		const until = `${parts.UNTIL.slice(0, 4)}-${parts.UNTIL.slice(4, 6)}-${parts.UNTIL.slice(6, 8)}`;
		range = element('EndDateRecurrence', {}, text('StartDate', startDate), text('EndDate', until));
	} else range = element('NoEndRecurrence', {}, text('StartDate', startDate));
	return element('Recurrence', {}, pattern, range);
}

/** RRULE for an EWS Recurrence element. */
export function rruleFromRecurrence(recurrence: XNode): string {
	const [pattern, range] = recurrence.children;
	const interval = textOf(pattern, 'Interval') ?? '1';
	const days = (textOf(pattern, 'DaysOfWeek') ?? '').split(/\s+/).filter((d) => DAYS.includes(d)).map((d) => RRULE_DAYS[DAYS.indexOf(d)]);
	const setPosition = () => {
		const index = INDEXES.indexOf(textOf(pattern, 'DayOfWeekIndex') ?? 'First');
		return index === 4 ? -1 : index + 1;
	};
	const rule: string[] = [];
	switch (pattern.name) {
		case 'DailyRecurrence':
			rule.push('FREQ=DAILY');
			break;
		case 'WeeklyRecurrence':
			rule.push('FREQ=WEEKLY', `BYDAY=${days.join(',')}`);
			break;
		case 'AbsoluteMonthlyRecurrence':
			rule.push('FREQ=MONTHLY', `BYMONTHDAY=${textOf(pattern, 'DayOfMonth')}`);
			break;
		case 'RelativeMonthlyRecurrence':
			rule.push('FREQ=MONTHLY', `BYDAY=${days.join(',')}`, `BYSETPOS=${setPosition()}`);
			break;
		case 'AbsoluteYearlyRecurrence':
			rule.push('FREQ=YEARLY', `BYMONTH=${MONTHS.indexOf(textOf(pattern, 'Month')!) + 1}`, `BYMONTHDAY=${textOf(pattern, 'DayOfMonth')}`);
			break;
		default:
			rule.push('FREQ=YEARLY', `BYMONTH=${MONTHS.indexOf(textOf(pattern, 'Month')!) + 1}`, `BYDAY=${days.join(',')}`, `BYSETPOS=${setPosition()}`);
	}
	if (interval !== '1' && !pattern.name.includes('Yearly')) rule.push(`INTERVAL=${interval}`);
	if (range?.name === 'NumberedRecurrence') rule.push(`COUNT=${textOf(range, 'NumberOfOccurrences')}`);
	if (range?.name === 'EndDateRecurrence') rule.push(`UNTIL=${textOf(range, 'EndDate')!.slice(0, 10).replace(/-/g, '')}`);
	return rule.join(';');
}
