/**
 * Time zones and dateTimeTimeZone values: Graph takes Windows names ("W. Europe Standard Time")
 * or IANA names ("Europe/Berlin"); the store keeps Windows ids, as EWS does, and UTC instants.
 */
import { DateTime } from 'luxon';
import { ianaZone, windowsZone } from '../../exchange/timezones';
import { badRequest, GraphError } from '../errors';
import { wallClock } from './common';

/** A zone name as Graph accepts it, with its IANA and Windows names; undefined when neither. */
export function resolveZone(name: string): { iana: string; windows: string } | undefined {
	const trimmed = name.trim();
	if (/^(utc|etc\/utc|coordinated universal time|gmt)$/i.test(trimmed)) return { iana: 'UTC', windows: 'UTC' };
	const fromWindows = ianaZone(trimmed);
	if (fromWindows !== 'UTC') return { iana: fromWindows, windows: trimmed };
	if (DateTime.now().setZone(trimmed).isValid && trimmed.includes('/')) return { iana: trimmed, windows: windowsZone(trimmed) };
	return undefined;
}

export function zoneOrError(name: unknown): { iana: string; windows: string } {
	const zone = typeof name === 'string' ? resolveZone(name) : undefined;
	if (!zone) throw new GraphError(400, 'TimeZoneNotSupportedException', `A valid TimeZone value must be specified. The following TimeZone value is not supported: '${String(name)}'.`);
	return zone;
}

/** A dateTimeTimeZone value read as an instant in its zone (its dateTime may not carry an offset of its own). */
export function readDateTimeTimeZone(value: unknown, what: string): { time: DateTime; zone: { iana: string; windows: string } } {
	const given = value as { dateTime?: unknown; timeZone?: unknown } | null;
	if (!given || typeof given.dateTime !== 'string') throw badRequest(`${what} needs a dateTime.`, 'ErrorInvalidRequest');
	const zone = zoneOrError(given.timeZone ?? 'UTC');
	const time = DateTime.fromISO(given.dateTime, { zone: zone.iana });
	if (!time.isValid) throw badRequest(`'${given.dateTime}' is not a valid dateTime for ${what}.`, 'ErrorInvalidRequest');
	return { time, zone };
}

/** An instant as a dateTimeTimeZone in the answer's zone. */
export function dateTimeTimeZone(instant: DateTime, zone: { iana: string; label: string }): { dateTime: string; timeZone: string } {
	return { dateTime: wallClock(instant.setZone(zone.iana)), timeZone: zone.label };
}

/**
 * The window of calendarView, instances and calendarView/delta (`startDateTime`, `endDateTime`):
 * ISO date-times, UTC when they carry no offset.
 */
export function timeWindow(query: URLSearchParams): { from: DateTime; to: DateTime } {
	const read = (name: string) => {
		const text = query.get(name) ?? query.get(name.toLowerCase());
		if (!text) throw new GraphError(400, 'ErrorInvalidParameter', 'This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.');
		const time = DateTime.fromISO(text, { zone: 'utc' });
		if (!time.isValid) throw badRequest(`'${text}' is not a valid ${name}.`, 'ErrorInvalidParameter');
		return time;
	};
	return { from: read('startDateTime'), to: read('endDateTime') };
}
