import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { DateTime as LuxonDateTime } from 'luxon';
import {
	AttendeeInfo,
	AvailabilityData,
	AvailabilityOptions,
	DateTime,
	LegacyFreeBusyStatus,
	ServiceResult,
	TimeWindow,
} from 'ews-javascript-api';
import type { GetUserAvailabilityResults } from 'ews-javascript-api';
import { splitList } from '../../helpers/fieldValues';
import { mailboxOf } from '../../transport/ews/itemOperations';
import { responseFailure, describeFailure } from '../../transport/ews/errors';
import type { ExchangeSession } from '../../transport/ews/session';
import { xmlText } from '../../transport/ews/xml';

export function windowFields(operation: string): INodeProperties[] {
	const show = { show: { resource: ['availability'], operation: [operation] } };
	return [
		{
			displayName: 'Attendees',
			name: 'attendees',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'alice@example.com, bob@example.com',
			description: 'Comma-separated email addresses of the people (or rooms) to check',
			displayOptions: show,
		},
		{ displayName: 'Start', name: 'start', type: 'dateTime', default: '', required: true, displayOptions: show },
		{ displayName: 'End', name: 'end', type: 'dateTime', default: '', required: true, displayOptions: show },
	];
}

export interface AvailabilityRequest {
	mailbox?: string;
	attendees: string[];
	start: LuxonDateTime;
	end: LuxonDateTime;
}

export function readRequest(context: IExecuteFunctions, itemIndex: number): AvailabilityRequest {
	const attendees = splitList(String(context.getNodeParameter('attendees', itemIndex, '')));
	const zone = context.getTimezone();
	const start = LuxonDateTime.fromISO(String(context.getNodeParameter('start', itemIndex, '')), { zone });
	const end = LuxonDateTime.fromISO(String(context.getNodeParameter('end', itemIndex, '')), { zone });
	const problem = !attendees.length
		? 'Add at least one attendee'
		: !start.isValid || !end.isValid
			? 'Start and end must be dates'
			: end <= start
				? 'The end must be after the start'
				: undefined;
	if (problem) throw new NodeOperationError(context.getNode(), problem, { itemIndex });
	return { mailbox: mailboxOf(context, itemIndex), attendees, start, end };
}

/** Availability windows are whole days in EWS: the window is widened to midnights (UTC). */
export async function requestAvailability(
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

export const iso = (value: DateTime) => LuxonDateTime.fromMillis(value.TotalMilliSeconds, { zone: 'utc' }).toISO();

/** One output item per attendee: busy blocks inside the requested window, or why there are none. */
export function attendeeAvailability(
	session: ExchangeSession,
	request: AvailabilityRequest,
	results: GetUserAvailabilityResults,
): IDataObject[] {
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
