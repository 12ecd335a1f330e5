import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';
import type { AvailabilityRequest, SuggestionRequest } from '../index';
import { ianaZoneOf, SHOW_AS } from './eventMapping';

/**
 * Free/busy and meeting suggestions from Graph's getSchedule, in the EWS transport's output
 * shapes. Graph's findMeetingTimes takes delegated permissions only, so suggestions are worked out
 * here from the attendees' schedules and working hours.
 */

/** EWS's LegacyFreeBusyStatus numbers, as the EWS transport reports a suggestion's conflicts. */
const STATUS_NUMBER: Record<string, number> = { Free: 0, Tentative: 1, Busy: 2, OOF: 3, WorkingElsewhere: 4, NoData: 5 };
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const SLOT_MINUTES = 30;

/** The getSchedule body for the attendees (and `organizer`, for working hours) over the request's window, in UTC. */
export function scheduleBody(request: AvailabilityRequest, organizer?: string): IDataObject {
	const utc = (time: DateTime) => ({ dateTime: time.toUTC().toFormat("yyyy-MM-dd'T'HH:mm:ss"), timeZone: 'UTC' });
	const schedules = [...new Set([...request.attendees, ...(organizer ? [organizer] : [])])];
	return { schedules, startTime: utc(request.start), endTime: utc(request.end), availabilityViewInterval: SLOT_MINUTES };
}

interface Block {
	start: number;
	end: number;
	status: string;
}

interface Schedule {
	email: string;
	error?: { message: string; code: string };
	blocks: Block[];
	workingHours?: IDataObject;
}

const millis = (value: unknown) => DateTime.fromISO(String(((value ?? {}) as IDataObject).dateTime ?? ''), { zone: 'utc' }).toMillis();

/** Each attendee's schedule (in the request's order), blocks overlapping the window. */
function schedules(request: AvailabilityRequest, value: IDataObject[]): Schedule[] {
	const byAddress = new Map(value.map((entry) => [String(entry.scheduleId).toLowerCase(), entry]));
	const from = request.start.toMillis();
	const to = request.end.toMillis();
	return request.attendees.map((email) => {
		const entry = byAddress.get(email.toLowerCase());
		const error = entry?.error as IDataObject | undefined;
		if (!entry || error) {
			return { email, blocks: [], error: { message: String(error?.message ?? `Microsoft 365 gave no schedule for ${email}`), code: String(error?.responseCode ?? 'ErrorMailRecipientNotFound') } };
		}
		const blocks = ((entry.scheduleItems ?? []) as IDataObject[])
			.map((item) => ({ start: millis(item.start), end: millis(item.end), status: SHOW_AS[String(item.status)] ?? 'Busy' }))
			.filter((block) => block.end > from && block.start < to);
		return { email, blocks, workingHours: entry.workingHours as IDataObject | undefined };
	});
}

const iso = (time: number) => new Date(time).toISOString();

/** One item per attendee: `{ email, free, busy: [{ start, end, status }] }` or `{ email, error, code }`. */
export function freeBusy(request: AvailabilityRequest, value: IDataObject[]): IDataObject[] {
	return schedules(request, value).map((schedule) =>
		schedule.error
			? { email: schedule.email, error: schedule.error.message, code: schedule.error.code }
			: {
					email: schedule.email,
					free: schedule.blocks.every((block) => block.status === 'Free'),
					busy: schedule.blocks.map((block) => ({ start: iso(block.start), end: iso(block.end), status: block.status })),
				},
	);
}

/** Whether [start, end) lies in the working hours (none known: any time). */
function inWorkingHours(hours: IDataObject | undefined, start: number, end: number): boolean {
	if (!hours) return true;
	const zone = ianaZoneOf(((hours.timeZone ?? {}) as IDataObject).name);
	const from = DateTime.fromMillis(start, { zone });
	const to = DateTime.fromMillis(end, { zone });
	if (from.toISODate() !== to.minus({ milliseconds: 1 }).toISODate()) return false;
	const days = ((hours.daysOfWeek ?? []) as string[]).map((day) => day.toLowerCase());
	if (!days.includes(WEEKDAYS[from.weekday - 1])) return false;
	const at = (time: unknown) => DateTime.fromISO(`${from.toISODate()}T${String(time)}`, { zone }).toMillis();
	return start >= at(hours.startTime) && end <= at(hours.endTime);
}

/** Exchange's suggestion qualities by the share of attendees free; below Fair is not suggested (EWS's default minimum). */
function quality(freeShare: number): string | undefined {
	if (freeShare === 1) return 'Excellent';
	if (freeShare >= 0.75) return 'Good';
	if (freeShare >= 0.5) return 'Fair';
	return undefined;
}
const QUALITY_RANK: Record<string, number> = { Excellent: 0, Good: 1, Fair: 2 };

/**
 * Meeting times of `durationMinutes` on the half hours of the window, inside the organizer's
 * working hours, with at least half the attendees free (their busy times, as EWS, not the
 * organizer's); `isWorkTime` when inside every attendee's working hours too. Per day (UTC) at
 * most `maxPerDay`, best first.
 */
export function suggestions(request: SuggestionRequest, value: IDataObject[], organizer: string): IDataObject[] {
	const known = schedules(request, value).filter((schedule) => !schedule.error);
	const organizerHours = value.find((entry) => String(entry.scheduleId).toLowerCase() === organizer.toLowerCase())?.workingHours as IDataObject | undefined;
	const duration = request.durationMinutes * 60_000;
	const slot = SLOT_MINUTES * 60_000;
	const end = request.end.toMillis();
	const byDay = new Map<string, IDataObject[]>();
	for (let start = Math.ceil(request.start.toMillis() / slot) * slot; start + duration <= end; start += slot) {
		if (known.length === 0 || !inWorkingHours(organizerHours, start, start + duration)) continue;
		const conflicts = known.flatMap((schedule) =>
			schedule.blocks.filter((block) => block.status !== 'Free' && block.start < start + duration && block.end > start).slice(0, 1),
		);
		const rating = quality((known.length - conflicts.length) / known.length);
		if (!rating) continue;
		const day = iso(start).slice(0, 10);
		byDay.set(day, [
			...(byDay.get(day) ?? []),
			{
				start: iso(start),
				end: iso(start + duration),
				quality: rating,
				isWorkTime: known.every((schedule) => inWorkingHours(schedule.workingHours, start, start + duration)),
				conflicts: conflicts.map((block) => ({ type: 'IndividualAttendeeConflict', status: STATUS_NUMBER[block.status] })),
			},
		]);
	}
	return [...byDay.values()].flatMap((day) =>
		day
			.sort((a, b) => QUALITY_RANK[String(a.quality)] - QUALITY_RANK[String(b.quality)] || String(a.start).localeCompare(String(b.start)))
			.slice(0, request.maxPerDay),
	);
}
