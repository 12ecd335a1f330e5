import { DateTime as LuxonDateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';
import {
	AttendeeInfo,
	AvailabilityData,
	AvailabilityOptions,
	ConflictType,
	DateTime,
	LegacyFreeBusyStatus,
	ServiceResult,
	SuggestionQuality,
	TimeWindow,
} from 'ews-javascript-api';
import type { GetUserAvailabilityResults } from 'ews-javascript-api';
import type { AvailabilityRequest, SuggestionRequest } from '../index';
import { describeFailure, responseFailure } from './errors';
import type { ExchangeSession } from './session';
import { xmlText } from './xml';

/** Availability windows are whole days in EWS: the window is widened to midnights (UTC). */
async function requestAvailability(
	session: ExchangeSession,
	request: AvailabilityRequest,
	data: AvailabilityData,
	options: AvailabilityOptions,
	itemIndex: number,
): Promise<GetUserAvailabilityResults> {
	const from = request.start.toUTC().startOf('day');
	const to = request.end.toUTC().endOf('day').plus({ milliseconds: 1 });
	return await session.call(
		request.mailbox,
		async (service) =>
			await service.GetUserAvailability(
				request.attendees.map((email) => new AttendeeInfo(xmlText(email))),
				new TimeWindow(new DateTime(from.toMillis()), new DateTime(to.toMillis())),
				data,
				options,
			),
		itemIndex,
	);
}

const iso = (value: DateTime) => LuxonDateTime.fromMillis(value.TotalMilliSeconds, { zone: 'utc' }).toISO();

/** One output item per attendee: busy blocks inside the requested window, or why there are none. */
export async function getFreeBusy(session: ExchangeSession, request: AvailabilityRequest, itemIndex: number): Promise<IDataObject[]> {
	const results = await requestAvailability(session, request, AvailabilityData.FreeBusy, new AvailabilityOptions(), itemIndex);
	const windowStart = request.start.toMillis();
	const windowEnd = request.end.toMillis();
	return results.AttendeesAvailability.Responses.map((availability, position) => {
		const email = request.attendees[position];
		if (availability.Result === ServiceResult.Error) {
			const failure = responseFailure(availability);
			return { email, error: describeFailure(failure, session.failureContext(email)), code: failure.code };
		}
		const busy = (availability.CalendarEvents ?? [])
			.filter((event) => event.EndTime.TotalMilliSeconds > windowStart && event.StartTime.TotalMilliSeconds < windowEnd)
			.map((event) => ({
				start: iso(event.StartTime),
				end: iso(event.EndTime),
				status: LegacyFreeBusyStatus[event.FreeBusyStatus],
			}));
		return { email, free: busy.every((block) => block.status === 'Free'), busy };
	});
}

/** Meeting times Exchange suggests for the attendees, best first within each day. */
export async function getSuggestions(session: ExchangeSession, request: SuggestionRequest, itemIndex: number): Promise<IDataObject[]> {
	const options = new AvailabilityOptions();
	options.MeetingDuration = request.durationMinutes;
	options.MaximumSuggestionsPerDay = request.maxPerDay;
	const results = await requestAvailability(session, request, AvailabilityData.Suggestions, options, itemIndex);
	return (results.Suggestions ?? []).flatMap((day) =>
		day.TimeSuggestions.filter(
			(time) =>
				time.MeetingTime.TotalMilliSeconds >= request.start.toMillis() &&
				time.MeetingTime.TotalMilliSeconds + options.MeetingDuration * 60_000 <= request.end.toMillis(),
		).map((time) => ({
			start: iso(time.MeetingTime),
			end: iso(time.MeetingTime.AddMinutes(options.MeetingDuration)),
			quality: SuggestionQuality[time.Quality],
			isWorkTime: time.IsWorkTime,
			conflicts: (time.Conflicts ?? []).map((conflict) => ({
				type: ConflictType[conflict.ConflictType],
				status: conflict.FreeBusyStatus,
			})),
		})),
	);
}
