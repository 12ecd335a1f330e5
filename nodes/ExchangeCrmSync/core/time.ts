/**
 * Event times between Exchange (ISO with offset + IANA zone) and Zoho (ISO with the CRM user's
 * offset). Timed events compare as instants; all-day events as dates (end exclusive), so they stay
 * on their date in every zone. All date math is luxon's.
 */
import { DateTime } from 'luxon';

const parse = (value: unknown): DateTime | undefined => {
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	const parsed = DateTime.fromISO(value.trim(), { setZone: true });
	return parsed.isValid ? parsed : undefined;
};

export function toInstant(value: unknown): string | null {
	return parse(value)?.toUTC().toISO({ suppressMilliseconds: true }) ?? null;
}

/** The calendar date a date-time was written on, in its own offset. */
export function toLocalDate(value: unknown): string | null {
	return parse(value)?.toISODate() ?? null;
}

/**
 * Zoho shows an all-day event as its first day 00:00 to its last day 23:59; an end at midnight is
 * already exclusive. Returns the exclusive end date.
 */
export function zohoAllDayEnd(value: unknown): string | null {
	const end = parse(value);
	if (!end) return null;
	const midnight = end.hour === 0 && end.minute === 0;
	return (midnight ? end : end.plus({ days: 1 })).toISODate();
}

/** A date-time as it reads on the wall clock of `zone` (the same instant, that zone's offset); null when unreadable. */
export function onWallClock(value: unknown, zone: string): string | null {
	return parse(value)?.setZone(zone).toISO({ suppressMilliseconds: true }) ?? null;
}

export function instantInZone(instant: string, zone: string): string {
	return DateTime.fromISO(instant, { zone: 'utc' }).setZone(zone).toISO({ suppressMilliseconds: true }) ?? instant;
}

/**
 * Zoho's date-time form, `yyyy-MM-ddTHH:mm:ss±HH:mm`. Zoho rejects the `Z` luxon's toISO writes
 * for UTC (INVALID_DATA), so the offset is always spelled out.
 */
export const ZOHO_DATE_TIME_FORMAT = "yyyy-MM-dd'T'HH:mm:ssZZ";

export function zohoDateTime(value: string): string {
	return parse(value)?.toFormat(ZOHO_DATE_TIME_FORMAT) ?? value;
}

export function midnightInZone(date: string, zone: string): string {
	return DateTime.fromISO(date, { zone }).startOf('day').toISO({ suppressMilliseconds: true }) ?? date;
}

/** Zoho's last-minute of the day before an exclusive end date. */
export function zohoAllDayEndFromExclusive(date: string, zone: string): string {
	return (
		DateTime.fromISO(date, { zone })
			.minus({ days: 1 })
			.set({ hour: 23, minute: 59, second: 0, millisecond: 0 })
			.toISO({ suppressMilliseconds: true }) ?? date
	);
}

/** Normalises an RRULE UNTIL (`20250131`, `20250131T000000Z`, `2025-01-31`) to `yyyy-MM-dd`. */
export function untilDate(value: string): string {
	const compact = /^(\d{4})(\d{2})(\d{2})/.exec(value.replace(/-/g, ''));
	return compact ? `${compact[1]}-${compact[2]}-${compact[3]}` : value;
}
