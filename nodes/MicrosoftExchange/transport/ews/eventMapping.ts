import { DateTime as LuxonDateTime } from 'luxon';
import {
	Appointment,
	AppointmentSchema,
	Attendee as EwsAttendee,
	DateTime,
	ItemSchema,
	LegacyFreeBusyStatus,
	MeetingResponseType,
	SearchFilter,
	SendCancellationsMode,
	SendInvitationsMode,
	SendInvitationsOrCancellationsMode,
	WellKnownFolderName,
} from 'ews-javascript-api';
import type {
	AttendeeCollection,
	DeletedOccurrenceInfoCollection,
	EmailAddress,
	OccurrenceInfoCollection,
	Recurrence as EwsRecurrence,
	TimeZoneInfo,
} from 'ews-javascript-api';
import { applyBaseFields, baseFields, bodyText, isoDateTime, property } from './ewsValues';
import { eventTimes, TIME_FIELDS } from '../../helpers/itemTypes/event';
import type { EventFields } from '../../helpers/itemTypes/event';
import type { EwsItemMapping } from './itemMappings';
import type { Attendee, ExchangeEvent, Recurrence } from '../../helpers/itemShapes';
import { recurrenceToRrule, rruleToRecurrence } from './recurrence';
import { exchangeTimeZone, ianaZone } from './timeZones';
import { optionalXmlText, xmlText } from './xml';

const SHOW_AS = ['Free', 'Tentative', 'Busy', 'OOF', 'WorkingElsewhere', 'NoData'] as const;

function attendees(collection: AttendeeCollection | undefined): Attendee[] {
	if (!collection) return [];
	return collection.GetEnumerator().map((attendee) => ({
		email: attendee.Address,
		name: attendee.Name || null,
		response: attendee.ResponseType !== undefined && attendee.ResponseType !== null ? MeetingResponseType[attendee.ResponseType] : null,
		lastResponseTime: isoDateTime(attendee.LastResponseTime),
	}));
}

function isoIn(value: DateTime | undefined, zone: string): string {
	if (!value) return '';
	return LuxonDateTime.fromMillis(value.TotalMilliSeconds, { zone }).toISO() ?? '';
}

function recurrenceOf(appointment: Appointment, zone: string): Recurrence | null {
	const pattern = property<EwsRecurrence>(appointment, AppointmentSchema.Recurrence);
	if (!pattern) return null;
	const localDate = (value: DateTime) => LuxonDateTime.fromMillis(value.TotalMilliSeconds, { zone }).toISODate() ?? '';
	const deleted = property<DeletedOccurrenceInfoCollection>(appointment, AppointmentSchema.DeletedOccurrences);
	const modified = property<OccurrenceInfoCollection>(appointment, AppointmentSchema.ModifiedOccurrences);
	return {
		rrule: recurrenceToRrule(pattern),
		deletedOccurrences: deleted ? deleted.GetEnumerator().map((occurrence) => localDate(occurrence.OriginalStart)) : [],
		modifiedOccurrences: modified
			? modified.GetEnumerator().map((occurrence) => ({
					id: occurrence.ItemId.UniqueId,
					originalStart: isoIn(occurrence.OriginalStart, zone),
					start: isoIn(occurrence.Start, zone),
					end: isoIn(occurrence.End, zone),
				}))
			: [],
	};
}

export function eventFromEws(appointment: Appointment, mailbox: string): ExchangeEvent {
	const zoneInfo = property<TimeZoneInfo>(appointment, AppointmentSchema.StartTimeZone);
	const timeZone = zoneInfo?.Id ? ianaZone(zoneInfo.Id) : 'UTC';
	const organizer = property<EmailAddress>(appointment, AppointmentSchema.Organizer);
	const reminderSet = property<boolean>(appointment, ItemSchema.IsReminderSet);
	const showAs = property<LegacyFreeBusyStatus>(appointment, AppointmentSchema.LegacyFreeBusyStatus);
	return {
		...baseFields(appointment, mailbox),
		subject: property<string>(appointment, ItemSchema.Subject) ?? '',
		body: bodyText(appointment),
		location: property<string>(appointment, AppointmentSchema.Location) || null,
		start: isoIn(property<DateTime>(appointment, AppointmentSchema.Start), timeZone),
		end: isoIn(property<DateTime>(appointment, AppointmentSchema.End), timeZone),
		timeZone,
		isAllDay: property<boolean>(appointment, AppointmentSchema.IsAllDayEvent) ?? false,
		isMeeting: property<boolean>(appointment, AppointmentSchema.IsMeeting) ?? false,
		organizer: organizer?.Address ? { email: organizer.Address, name: organizer.Name || null } : null,
		requiredAttendees: attendees(property<AttendeeCollection>(appointment, AppointmentSchema.RequiredAttendees)),
		optionalAttendees: attendees(property<AttendeeCollection>(appointment, AppointmentSchema.OptionalAttendees)),
		reminderMinutesBeforeStart: reminderSet
			? (property<number>(appointment, AppointmentSchema.ReminderMinutesBeforeStart) ?? null)
			: null,
		showAs: showAs !== undefined ? (LegacyFreeBusyStatus[showAs] as ExchangeEvent['showAs']) : undefined,
		recurrence: recurrenceOf(appointment, timeZone),
		iCalUid: property<string>(appointment, AppointmentSchema.ICalUid) ?? null,
		isCancelled: property<boolean>(appointment, AppointmentSchema.IsCancelled) ?? false,
	};
}

function setAttendees(collection: AttendeeCollection, list: Array<Attendee | string> | null): void {
	collection.Clear();
	for (const entry of list ?? []) {
		const attendee = typeof entry === 'string' ? { email: entry } : entry;
		if (!attendee.email) continue;
		collection.Add(
			attendee.name ? new EwsAttendee(xmlText(attendee.name), xmlText(attendee.email)) : new EwsAttendee(xmlText(attendee.email)),
		);
	}
}

/**
 * Start, end, zone, all-day and recurrence depend on each other, so they are always written
 * together. Times are set as instants with StartTimeZone/EndTimeZone naming the event's zone (the
 * client would otherwise claim the process zone); all-day events start and end at local midnight.
 */
function applyTimes(appointment: Appointment, fields: EventFields): void {
	const { zone, start, end } = eventTimes(fields);
	const exchangeZone = exchangeTimeZone(zone);
	appointment.StartTimeZone = exchangeZone;
	appointment.EndTimeZone = exchangeZone;
	appointment.Start = new DateTime(start.toMillis());
	appointment.End = new DateTime(end.toMillis());
	appointment.IsAllDayEvent = fields.isAllDay === true;
	if (fields.recurrence !== undefined) {
		appointment.Recurrence = fields.recurrence?.rrule
			? rruleToRecurrence(fields.recurrence.rrule, start)
			: (null as unknown as EwsRecurrence);
	}
}

export function applyEventFields(appointment: Appointment, fields: EventFields): void {
	if (fields.subject !== undefined) appointment.Subject = optionalXmlText(fields.subject) ?? '';
	if (fields.location !== undefined) appointment.Location = optionalXmlText(fields.location) ?? (null as unknown as string);
	if (TIME_FIELDS.some((field) => fields[field] !== undefined)) applyTimes(appointment, fields);
	if (fields.requiredAttendees !== undefined) setAttendees(appointment.RequiredAttendees, fields.requiredAttendees ?? null);
	if (fields.optionalAttendees !== undefined) setAttendees(appointment.OptionalAttendees, fields.optionalAttendees ?? null);
	if (fields.reminderMinutesBeforeStart !== undefined) {
		appointment.IsReminderSet = fields.reminderMinutesBeforeStart !== null;
		if (fields.reminderMinutesBeforeStart !== null) appointment.ReminderMinutesBeforeStart = fields.reminderMinutesBeforeStart;
	}
	if (fields.showAs) {
		if (!SHOW_AS.includes(fields.showAs)) throw new Error(`Show As must be one of ${SHOW_AS.join(', ')}`);
		appointment.LegacyFreeBusyStatus = LegacyFreeBusyStatus[fields.showAs];
	}
	// The iCalendar UID can only be chosen when the event is created.
	if (fields.iCalUid && appointment.IsNew) appointment.ICalUid = xmlText(fields.iCalUid);
	applyBaseFields(appointment, fields);
}

const INVITATION_MODES: Record<string, SendInvitationsMode> = {
	sendToNone: SendInvitationsMode.SendToNone,
	sendOnlyToAll: SendInvitationsMode.SendOnlyToAll,
	sendToAllAndSaveCopy: SendInvitationsMode.SendToAllAndSaveCopy,
};

const UPDATE_MODES: Record<string, SendInvitationsOrCancellationsMode> = {
	sendToNone: SendInvitationsOrCancellationsMode.SendToNone,
	sendOnlyToAll: SendInvitationsOrCancellationsMode.SendOnlyToAll,
	sendToAllAndSaveCopy: SendInvitationsOrCancellationsMode.SendToAllAndSaveCopy,
	sendOnlyToChanged: SendInvitationsOrCancellationsMode.SendOnlyToChanged,
	sendOnlyToChangedAndSaveCopy: SendInvitationsOrCancellationsMode.SendToChangedAndSaveCopy,
};

const CANCELLATION_MODES: Record<string, SendCancellationsMode> = {
	sendToNone: SendCancellationsMode.SendToNone,
	sendOnlyToAll: SendCancellationsMode.SendOnlyToAll,
	sendToAllAndSaveCopy: SendCancellationsMode.SendToAllAndSaveCopy,
};

/** The node's Send Invitations / Send Updates / Send Cancellations values as the client's modes. */
export const invitationModes = {
	create: (value: string | undefined) => (value === undefined ? undefined : INVITATION_MODES[value]),
	update: (value: string | undefined) => (value === undefined ? undefined : UPDATE_MODES[value]),
	cancel: (value: string | undefined) => (value === undefined ? undefined : CANCELLATION_MODES[value]),
};

export const eventMapping: EwsItemMapping<Appointment> = {
	folder: WellKnownFolderName.Calendar,
	newItem: (service) => new Appointment(service),
	toShape: eventFromEws,
	applyFields: applyEventFields,
	searchProperties: [ItemSchema.Subject, AppointmentSchema.Location],
	extraRestrictions(filters) {
		const restrictions: SearchFilter[] = [];
		if (filters.endsAfter) {
			restrictions.push(new SearchFilter.IsGreaterThan(AppointmentSchema.End, new DateTime(Date.parse(String(filters.endsAfter)))));
		}
		if (filters.startsBefore) {
			restrictions.push(new SearchFilter.IsLessThan(AppointmentSchema.Start, new DateTime(Date.parse(String(filters.startsBefore)))));
		}
		if (filters.recurringOnly === true) restrictions.push(new SearchFilter.IsEqualTo(AppointmentSchema.IsRecurring, true));
		return restrictions;
	},
};
