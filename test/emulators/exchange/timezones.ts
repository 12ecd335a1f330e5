import { DateTime, Zone } from 'luxon';
import { findIana, findIanaAliases, findWindows } from 'windows-iana';
import { child, element, textOf, type XNode } from './xml';

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/**
 * Windows time zones (what EWS speaks) with their IANA names (what luxon and the item shapes use)
 * and the display names Windows gives them.
 */
const WINDOWS_ZONES: Record<string, { iana: string; displayName: string }> = {
	UTC: { iana: 'UTC', displayName: '(UTC) Coordinated Universal Time' },
	'Greenwich Standard Time': { iana: 'Atlantic/Reykjavik', displayName: '(UTC+00:00) Monrovia, Reykjavik' },
	'GMT Standard Time': { iana: 'Europe/London', displayName: '(UTC+00:00) Dublin, Edinburgh, Lisbon, London' },
	'W. Europe Standard Time': { iana: 'Europe/Berlin', displayName: '(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna' },
	'Romance Standard Time': { iana: 'Europe/Paris', displayName: '(UTC+01:00) Brussels, Copenhagen, Madrid, Paris' },
	'Central Europe Standard Time': { iana: 'Europe/Budapest', displayName: '(UTC+01:00) Belgrade, Bratislava, Budapest, Ljubljana, Prague' },
	'Central European Standard Time': { iana: 'Europe/Warsaw', displayName: '(UTC+01:00) Sarajevo, Skopje, Warsaw, Zagreb' },
	'GTB Standard Time': { iana: 'Europe/Bucharest', displayName: '(UTC+02:00) Athens, Bucharest' },
	'FLE Standard Time': { iana: 'Europe/Kiev', displayName: '(UTC+02:00) Helsinki, Kyiv, Riga, Sofia, Tallinn, Vilnius' },
	'Turkey Standard Time': { iana: 'Europe/Istanbul', displayName: '(UTC+03:00) Istanbul' },
	'Russian Standard Time': { iana: 'Europe/Moscow', displayName: '(UTC+03:00) Moscow, St. Petersburg' },
	'Israel Standard Time': { iana: 'Asia/Jerusalem', displayName: '(UTC+02:00) Jerusalem' },
	'South Africa Standard Time': { iana: 'Africa/Johannesburg', displayName: '(UTC+02:00) Harare, Pretoria' },
	'W. Central Africa Standard Time': { iana: 'Africa/Lagos', displayName: '(UTC+01:00) West Central Africa' },
	'Morocco Standard Time': { iana: 'Africa/Casablanca', displayName: '(UTC+01:00) Casablanca' },
	'Arabian Standard Time': { iana: 'Asia/Dubai', displayName: '(UTC+04:00) Abu Dhabi, Muscat' },
	'India Standard Time': { iana: 'Asia/Kolkata', displayName: '(UTC+05:30) Chennai, Kolkata, Mumbai, New Delhi' },
	'China Standard Time': { iana: 'Asia/Shanghai', displayName: '(UTC+08:00) Beijing, Chongqing, Hong Kong, Urumqi' },
	'Singapore Standard Time': { iana: 'Asia/Singapore', displayName: '(UTC+08:00) Kuala Lumpur, Singapore' },
	'Tokyo Standard Time': { iana: 'Asia/Tokyo', displayName: '(UTC+09:00) Osaka, Sapporo, Tokyo' },
	'Korea Standard Time': { iana: 'Asia/Seoul', displayName: '(UTC+09:00) Seoul' },
	'AUS Eastern Standard Time': { iana: 'Australia/Sydney', displayName: '(UTC+10:00) Canberra, Melbourne, Sydney' },
	'New Zealand Standard Time': { iana: 'Pacific/Auckland', displayName: '(UTC+12:00) Auckland, Wellington' },
	'Eastern Standard Time': { iana: 'America/New_York', displayName: '(UTC-05:00) Eastern Time (US & Canada)' },
	'Central Standard Time': { iana: 'America/Chicago', displayName: '(UTC-06:00) Central Time (US & Canada)' },
	'Mountain Standard Time': { iana: 'America/Denver', displayName: '(UTC-07:00) Mountain Time (US & Canada)' },
	'Pacific Standard Time': { iana: 'America/Los_Angeles', displayName: '(UTC-08:00) Pacific Time (US & Canada)' },
	'E. South America Standard Time': { iana: 'America/Sao_Paulo', displayName: '(UTC-03:00) Brasilia' },
	'Argentina Standard Time': { iana: 'America/Argentina/Buenos_Aires', displayName: '(UTC-03:00) City of Buenos Aires' },
	'Pacific SA Standard Time': { iana: 'America/Santiago', displayName: '(UTC-04:00) Santiago' },
};

const IANA_TO_WINDOWS: Record<string, string> = Object.fromEntries(
	Object.entries(WINDOWS_ZONES).map(([windows, { iana }]) => [iana, windows]),
);

/**
 * IANA name for a Windows id: the table's, else the zone CLDR lists first for it (Exchange knows
 * every Windows zone, not only the table's). Unknown ids fall back to UTC.
 */
export function ianaZone(windowsId: string | undefined): string {
	if (!windowsId) return 'UTC';
	return WINDOWS_ZONES[windowsId]?.iana ?? findIana(windowsId)[0] ?? 'UTC';
}

/**
 * Windows id for an IANA name: the table's, else CLDR's (by the name or one of its aliases, e.g.
 * Europe/Lisbon → GMT Standard Time), as Exchange keeps a zone a client names in IANA form.
 * Names CLDR does not map fall back to UTC.
 */
export function windowsZone(iana: string | undefined): string {
	if (!iana) return 'UTC';
	return IANA_TO_WINDOWS[iana] ?? [iana, ...findIanaAliases(iana)].flatMap((name) => findWindows(name))[0] ?? 'UTC';
}

/** A change of UTC offset: the first instant on the new offset, and the offsets either side. */
interface OffsetChange {
	at: DateTime;
	before: number;
	after: number;
}

const DAY_MS = 86_400_000;
const QUARTER_HOUR_MS = 900_000;

/** Offset changes per zone and year: they are looked up for every calendar item written out. */
const changesByZoneAndYear = new Map<string, OffsetChange[]>();

/** The offset changes of an IANA zone during one year, found day by day, then to the quarter hour. */
function offsetChanges(zone: string, year: number): OffsetChange[] {
	const key = `${zone}|${year}`;
	const known = changesByZoneAndYear.get(key);
	if (known) return known;
	const offsetAt = (ms: number) => DateTime.fromMillis(ms, { zone }).offset;
	const changes: OffsetChange[] = [];
	const end = Date.UTC(year + 1, 0, 1);
	for (let day = Date.UTC(year, 0, 1); day < end; day += DAY_MS) {
		if (offsetAt(day) === offsetAt(day + DAY_MS)) continue;
		let instant = day;
		while (offsetAt(instant) === offsetAt(day)) instant += QUARTER_HOUR_MS;
		changes.push({ at: DateTime.fromMillis(instant, { zone: 'UTC' }), before: offsetAt(day), after: offsetAt(instant) });
	}
	changesByZoneAndYear.set(key, changes);
	return changes;
}

/** Windows' bias (UTC minus local time) as an xs:duration, e.g. +05:30 → `-PT5H30M`. */
function biasDuration(offsetMinutes: number): string {
	const minutes = Math.abs(offsetMinutes);
	const hours = Math.floor(minutes / 60);
	const rest = minutes % 60;
	return `${offsetMinutes > 0 ? '-' : ''}PT${hours}H${rest ? `${rest}M` : ''}`;
}

/** A yearly offset change as Windows writes it: the n-th (or last, -1) weekday of a month, at a wall-clock time. */
function recurringDayTransition(change: OffsetChange, toPeriod: string): XNode {
	// Windows states the time on the wall clock before the change (e.g. 02:00 into summer time, 03:00 back).
	const wall = change.at.plus({ minutes: change.before }).setLocale('en-US');
	const timeOfDay = wall.hour * 60 + wall.minute;
	const occurrence = wall.day + 7 > wall.daysInMonth! ? -1 : Math.ceil(wall.day / 7);
	return element(
		'RecurringDayTransition',
		{},
		element('To', { Kind: 'Period' }, toPeriod),
		element('TimeOffset', {}, `PT${Math.floor(timeOfDay / 60)}H${timeOfDay % 60 ? `${timeOfDay % 60}M` : ''}`),
		element('Month', {}, String(wall.month)),
		element('DayOfWeek', {}, wall.weekdayLong!),
		element('Occurrence', {}, String(occurrence)),
	);
}

/**
 * The full TimeZoneDefinition Exchange answers for StartTimeZone/EndTimeZone (2010 SP1 and
 * later): periods, one transition group with this year's rule, and the transition into it.
 * Clients read only this form; a bare Id/Name is rejected as an invalid definition.
 */
export function timeZoneDefinition(name: string, windowsId: string): XNode {
	const zone = ianaZone(windowsId);
	const periodId = (kind: string) => `trule:Microsoft/Registry/${windowsId}/1-${kind}`;
	const year = DateTime.utc().year;
	const changes = offsetChanges(zone, year);
	const intoDaylight = changes.find((change) => change.after > change.before);
	const intoStandard = changes.find((change) => change.after < change.before);
	const periods = [element('Period', { Bias: biasDuration(intoStandard?.after ?? DateTime.fromObject({ year }, { zone }).offset), Name: 'Standard', Id: periodId('Standard') })];
	let group: XNode;
	if (intoDaylight && intoStandard) {
		periods.push(element('Period', { Bias: biasDuration(intoDaylight.after), Name: 'Daylight', Id: periodId('Daylight') }));
		group = element('TransitionsGroup', { Id: '0' }, recurringDayTransition(intoDaylight, periodId('Daylight')), recurringDayTransition(intoStandard, periodId('Standard')));
	} else {
		group = element('TransitionsGroup', { Id: '0' }, element('Transition', {}, element('To', { Kind: 'Period' }, periodId('Standard'))));
	}
	return element(
		name,
		{ Id: windowsId, Name: WINDOWS_ZONES[windowsId]?.displayName ?? windowsId },
		element('Periods', {}, ...periods),
		element('TransitionsGroups', {}, group),
		element('Transitions', {}, element('Transition', {}, element('To', { Kind: 'Group' }, '0'))),
	);
}

/** The Windows time zone ids this server knows (GetServerTimeZones lists them). */
export function serverTimeZoneIds(): string[] {
	return Object.keys(WINDOWS_ZONES);
}

/** A zone's Id and display name only, as GetServerTimeZones answers without ReturnFullTimeZoneData. */
export function timeZoneName(name: string, windowsId: string): XNode {
	return element(name, { Id: windowsId, Name: WINDOWS_ZONES[windowsId]?.displayName ?? windowsId });
}

interface RecurringOffset {
	/** Minutes to add to UTC in this period. */
	offset: number;
	/** When the period starts each year, on the wall clock of the period before it. */
	month: number;
	/** 1–4, or 5 for the last such weekday of the month. */
	dayOrder: number;
	weekday: number;
	minutesOfDay: number;
}

/**
 * The legacy time zone of GetUserAvailabilityRequest (timezone-availability): a bias and the
 * yearly rules into standard and daylight time, as a luxon zone, so the request's times are
 * read, and the answer's written, in exactly the zone the client described.
 */
export class SerializableTimeZone extends Zone {
	private readonly standard: RecurringOffset;
	private readonly daylight?: RecurringOffset;

	constructor(node: XNode) {
		super();
		const bias = Number(textOf(node, 'Bias') ?? 0);
		const rule = (period: XNode | undefined): RecurringOffset => {
			const [hours, minutes] = (textOf(period, 'Time') ?? '00:00:00').split(':').map(Number);
			return {
				offset: -(bias + Number(textOf(period, 'Bias') ?? 0)),
				month: Number(textOf(period, 'Month') ?? 0),
				dayOrder: Number(textOf(period, 'DayOrder') ?? 0),
				weekday: WEEKDAYS.indexOf(textOf(period, 'DayOfWeek') ?? 'Sunday') + 1,
				minutesOfDay: hours * 60 + minutes,
			};
		};
		this.standard = rule(child(node, 'StandardTime'));
		const daylight = rule(child(node, 'DaylightTime'));
		// A zone without daylight saving time has no daylight rule (DayOrder 0).
		if (daylight.month > 0 && daylight.dayOrder > 0 && this.standard.month > 0) this.daylight = daylight;
	}

	get type(): string {
		return 'serializable';
	}

	get name(): string {
		return `UTC${this.standard.offset >= 0 ? '+' : ''}${this.standard.offset / 60}`;
	}

	get isUniversal(): boolean {
		return !this.daylight;
	}

	get isValid(): boolean {
		return true;
	}

	offsetName(): string {
		return this.name;
	}

	formatOffset(ts: number, format: 'narrow' | 'short' | 'techie'): string {
		const offset = this.offset(ts);
		const sign = offset < 0 ? '-' : '+';
		const hours = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
		const minutes = String(Math.abs(offset) % 60).padStart(2, '0');
		return format === 'techie' ? `${sign}${hours}${minutes}` : `${sign}${hours}:${minutes}`;
	}

	equals(other: Zone): boolean {
		return other === this;
	}

	/** The instant (ms) a period starts in `year`: its weekday rule on the wall clock of the offset before it. */
	private start(rule: RecurringOffset, year: number, offsetBefore: number): number {
		const first = DateTime.utc(year, rule.month, 1);
		let day = 1 + ((rule.weekday - first.weekday + 7) % 7) + 7 * (Math.min(rule.dayOrder, 5) - 1);
		while (day > first.daysInMonth!) day -= 7;
		return Date.UTC(year, rule.month - 1, day) + (rule.minutesOfDay - offsetBefore) * 60_000;
	}

	offset(ts: number): number {
		if (!this.daylight) return this.standard.offset;
		const year = new Date(ts).getUTCFullYear();
		const intoDaylight = this.start(this.daylight, year, this.standard.offset);
		const intoStandard = this.start(this.standard, year, this.daylight.offset);
		const inDaylight = intoDaylight < intoStandard ? ts >= intoDaylight && ts < intoStandard : ts >= intoDaylight || ts < intoStandard;
		return inDaylight ? this.daylight.offset : this.standard.offset;
	}
}
