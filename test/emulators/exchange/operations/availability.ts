/**
 * GetUserAvailability: free/busy computed from the attendees' calendars (series expanded), in
 * the request's TimeZoneContext zone, plus meeting-time suggestions when asked for.
 */
import { DateTime } from 'luxon';
import type { OperationContext } from '../context';
import { endOf, instances, startOf } from '../occurrences';
import { messageXml, operationResponse } from '../soap';
import { ianaZone, SerializableTimeZone } from '../timezones';
import { child, children, textOf, xml, type RawXml, type XNode } from '../xml';

const STATUS_RANK: Record<string, number> = { Free: 0, WorkingElsewhere: 1, Tentative: 2, Busy: 3, OOF: 4 };
const MERGED_CODE: Record<string, string> = { Free: '0', Tentative: '1', Busy: '2', OOF: '3', WorkingElsewhere: '4' };
const WORK_DAY = { startHour: 8, endHour: 17 };

export interface BusyBlock {
	start: DateTime;
	end: DateTime;
	status: string;
	subject?: string;
	location?: string;
	isMeeting: boolean;
	isRecurring: boolean;
}

const local = (time: DateTime) => time.toFormat("yyyy-MM-dd'T'HH:mm:ss");

/** A mailbox's calendar in [from, to) as busy blocks in `from`'s zone, series expanded; undefined for an unknown mailbox. */
export function busyBlocks(context: OperationContext, smtp: string, from: DateTime, to: DateTime): BusyBlock[] | undefined {
	const mailbox = context.store.mailbox(smtp);
	if (!mailbox) return undefined;
	const calendar = context.store.distinguished(mailbox, 'calendar')!;
	return context.store
		.itemsIn(mailbox, calendar.id)
		.filter((item) => item.props.get('IsCancelled')?.text !== 'true')
		.flatMap((item) =>
			instances(item, from, to).map((instance) => ({
				start: startOf(instance).setZone(from.zone),
				end: endOf(instance).setZone(from.zone),
				status: instance.props.get('LegacyFreeBusyStatus')?.text ?? 'Busy',
				subject: instance.props.get('Subject')?.text,
				location: instance.props.get('Location')?.text,
				isMeeting: instance.props.get('IsMeeting')?.text === 'true',
				isRecurring: item.props.has('Recurrence'),
			})),
		)
		.sort((a, b) => +a.start - +b.start);
}

/** The busiest status of the blocks overlapping [start, end) (Free when none). */
export function statusAt(blocks: BusyBlock[], start: DateTime, end: DateTime): string {
	return blocks
		.filter((b) => b.start < end && b.end > start)
		.reduce((worst, b) => ((STATUS_RANK[b.status] ?? 3) > STATUS_RANK[worst] ? b.status : worst), 'Free');
}

function freeBusyView(blocks: BusyBlock[], view: string, from: DateTime, to: DateTime, intervalMinutes: number): RawXml {
	const merged = view.includes('Merged') || view === 'MergedOnly';
	const detailed = view.startsWith('Detailed');
	let mergedText = '';
	for (let slot = from; slot < to; slot = slot.plus({ minutes: intervalMinutes })) {
		mergedText += MERGED_CODE[statusAt(blocks, slot, slot.plus({ minutes: intervalMinutes }))] ?? '2';
	}
	return xml(
		'm:FreeBusyView',
		{},
		xml('t:FreeBusyViewType', {}, view),
		merged ? xml('t:MergedFreeBusy', {}, mergedText) : undefined,
		view !== 'MergedOnly'
			? xml(
				't:CalendarEventArray',
				{},
				blocks.map((b) =>
					xml(
						't:CalendarEvent',
						{},
						xml('t:StartTime', {}, local(b.start)),
						xml('t:EndTime', {}, local(b.end)),
						xml('t:BusyType', {}, b.status),
						detailed
							? xml(
								't:CalendarEventDetails',
								{},
								xml('t:Subject', {}, b.subject ?? ''),
								xml('t:Location', {}, b.location ?? ''),
								xml('t:IsMeeting', {}, b.isMeeting),
								xml('t:IsRecurring', {}, b.isRecurring),
								xml('t:IsException', {}, false),
								xml('t:IsReminderSet', {}, false),
								xml('t:IsPrivate', {}, false),
							)
							: undefined,
					),
				),
			)
			: undefined,
	);
}

function suggestions(options: XNode, calendars: BusyBlock[][], from: DateTime, to: DateTime): RawXml {
	const window = child(options, 'DetailedSuggestionsWindow');
	const zone = from.zone;
	const start = window ? DateTime.fromISO(textOf(window, 'StartTime')!, { zone }) : from;
	const end = window ? DateTime.fromISO(textOf(window, 'EndTime')!, { zone }) : to;
	const duration = Number(textOf(options, 'MeetingDurationInMinutes') ?? 30);
	const perDay = Number(textOf(options, 'MaximumResultsByDay') ?? 10);
	const days: RawXml[] = [];
	for (let day = start.startOf('day'); day < end; day = day.plus({ days: 1 })) {
		const found: RawXml[] = [];
		for (let slot = day.set({ hour: WORK_DAY.startHour }); slot.plus({ minutes: duration }) <= day.set({ hour: WORK_DAY.endHour }) && found.length < perDay; slot = slot.plus({ minutes: 30 })) {
			const slotEnd = slot.plus({ minutes: duration });
			if (slot < start || slotEnd > end) continue;
			const conflicts = calendars.filter((blocks) => statusAt(blocks, slot, slotEnd) !== 'Free').length;
			if (conflicts > 0) continue;
			found.push(xml('t:Suggestion', {}, xml('t:MeetingTime', {}, local(slot)), xml('t:IsWorkTime', {}, true), xml('t:SuggestionQuality', {}, 'Excellent')));
		}
		days.push(
			xml(
				't:SuggestionDayResult',
				{},
				xml('t:Date', {}, local(day)),
				xml('t:DayQuality', {}, found.length > 0 ? 'Excellent' : 'Poor'),
				xml('t:SuggestionArray', {}, found),
			),
		);
	}
	return xml(
		'm:SuggestionsResponse',
		{},
		xml('m:ResponseMessage', { ResponseClass: 'Success' }, xml('m:ResponseCode', {}, 'NoError')),
		xml('m:SuggestionDayResultArray', {}, days),
	);
}

export function getUserAvailability(context: OperationContext, operation: XNode): RawXml {
	// The request's own time zone (required before Exchange 2010) wins over the TimeZoneContext header.
	const described = child(operation, 'TimeZone');
	const zone = described ? new SerializableTimeZone(described) : ianaZone(context.timeZoneId);
	const freeBusyOptions = child(operation, 'FreeBusyViewOptions');
	const suggestionOptions = child(operation, 'SuggestionsViewOptions');
	const window = child(freeBusyOptions, 'TimeWindow') ?? child(child(suggestionOptions, 'DetailedSuggestionsWindow'), 'TimeWindow') ?? child(suggestionOptions, 'DetailedSuggestionsWindow');
	const from = DateTime.fromISO(textOf(window, 'StartTime')!, { zone });
	const to = DateTime.fromISO(textOf(window, 'EndTime')!, { zone });
	const view = textOf(freeBusyOptions, 'RequestedView') ?? 'FreeBusy';
	const interval = Number(textOf(freeBusyOptions, 'MergedFreeBusyIntervalInMinutes') ?? 30);
	const attendees = children(child(operation, 'MailboxDataArray'), 'MailboxData').map((data) => textOf(data, 'Email', 'Address') ?? '');
	const calendars = attendees.map((smtp) => busyBlocks(context, smtp, from, to));
	const responses = calendars.map((blocks, index) =>
		blocks
			? xml('m:FreeBusyResponse', {}, xml('m:ResponseMessage', { ResponseClass: 'Success' }, xml('m:ResponseCode', {}, 'NoError')), freeBusyView(blocks, view, from, to, interval))
			: xml(
				'm:FreeBusyResponse',
				{},
				xml(
					'm:ResponseMessage',
					{ ResponseClass: 'Error' },
					xml('m:MessageText', {}, `No mailbox was found for ${attendees[index]}.`),
					xml('m:ResponseCode', {}, 'ErrorMailRecipientNotFound'),
					xml('m:DescriptiveLinkKey', {}, 0),
					messageXml({ SmtpAddress: attendees[index] }),
				),
				xml('m:FreeBusyView', {}, xml('t:FreeBusyViewType', {}, 'None')),
			),
	);
	return operationResponse(
		'GetUserAvailability',
		freeBusyOptions ? xml('m:FreeBusyResponseArray', {}, responses) : undefined,
		suggestionOptions ? suggestions(suggestionOptions, calendars.filter((c): c is BusyBlock[] => !!c), from, to) : undefined,
	);
}
