import {
	Appointment,
	AppointmentSchema,
	AttendeeInfo,
	AvailabilityData,
	AvailabilityOptions,
	BasePropertySet,
	CalendarView,
	ConflictResolutionMode,
	DayOfTheWeek,
	DeleteMode,
	FreeBusyViewType,
	ItemView,
	LegacyFreeBusyStatus,
	PropertySet,
	Recurrence,
	SendCancellationsMode,
	SendInvitationsMode,
	SendInvitationsOrCancellationsMode,
	ServiceError,
	ServiceResult,
	TimeWindow,
	WellKnownFolderName,
	type ExchangeService,
} from 'ews-javascript-api';
import { DateTime as Luxon } from 'luxon';
import type { ExchangeEvent } from '../../../nodes/MicrosoftExchange/helpers/itemShapes';
import { berlin, escapeForEws, ewsTime, exchangeService, useExchangeEmulator } from './client';

const emulator = useExchangeEmulator();


function service(mailbox: string): ExchangeService {
	return exchangeService(emulator.url, { impersonate: mailbox, timeZone: berlin() });
}

async function createMeeting(organizer: ExchangeService, subject: string, attendees: string[]): Promise<Appointment> {
	const meeting = new Appointment(organizer);
	meeting.Subject = escapeForEws(subject);
	const start = Luxon.fromISO('2031-03-10T09:00', { zone: 'Europe/Berlin' });
	meeting.Start = ewsTime(start);
	meeting.End = ewsTime(start.plus({ hours: 1 }));
	meeting.StartTimeZone = berlin();
	meeting.EndTimeZone = berlin();
	meeting.Location = escapeForEws('Room <1> & 2');
	meeting.ReminderMinutesBeforeStart = 10;
	for (const attendee of attendees) meeting.RequiredAttendees.Add(attendee);
	await meeting.Save(WellKnownFolderName.Calendar, SendInvitationsMode.SendToAllAndSaveCopy);
	return meeting;
}

describe('meetings', () => {
	it('sends invitations into internal attendees\' mailboxes and counts them per meeting', async () => {
		await emulator.control.seed('empty');
		await createMeeting(service('alice@example.test'), 'Planning & review', ['bob@example.test', 'partner@outside.test']);
		const [event] = await emulator.control.items<ExchangeEvent & Record<string, unknown>>('alice@example.test', 'calendar');
		expect(event).toMatchObject({
			subject: 'Planning & review',
			location: 'Room <1> & 2',
			start: '2031-03-10T09:00:00+01:00',
			end: '2031-03-10T10:00:00+01:00',
			timeZone: 'Europe/Berlin',
			isMeeting: true,
			isAllDay: false,
			reminderMinutesBeforeStart: 10,
			organizer: { email: 'alice@example.test' },
		});
		const [copy] = await emulator.control.items<ExchangeEvent & Record<string, unknown>>('bob@example.test', 'calendar');
		expect(copy).toMatchObject({ subject: 'Planning & review', iCalUid: event.iCalUid });
		const [request] = await emulator.control.items('bob@example.test', 'inbox');
		expect(request).toMatchObject({ subject: 'Planning & review', itemClass: 'IPM.Schedule.Meeting.Request', from: { email: 'alice@example.test' } });
		expect((await emulator.control.counters()).invitationsByMeeting).toEqual({ [event.iCalUid!]: 2 });
	});

	it('does not re-send invitations for an update sent to nobody, and cancels on delete', async () => {
		await emulator.control.seed('empty');
		const organizer = service('alice@example.test');
		const meeting = await createMeeting(organizer, 'Budget', ['bob@example.test']);
		const loaded = await Appointment.Bind(organizer, meeting.Id);
		loaded.Subject = 'Budget 2031';
		await loaded.Update(ConflictResolutionMode.AutoResolve, SendInvitationsOrCancellationsMode.SendToNone);
		const uid = (await emulator.control.items<ExchangeEvent & Record<string, unknown>>('alice@example.test', 'calendar'))[0].iCalUid!;
		expect((await emulator.control.counters()).invitationsByMeeting[uid]).toBe(1);

		loaded.Location = 'Room 9';
		await loaded.Update(ConflictResolutionMode.AutoResolve, SendInvitationsOrCancellationsMode.SendToAllAndSaveCopy);
		expect((await emulator.control.counters()).invitationsByMeeting[uid]).toBe(2);
		expect((await emulator.control.items('bob@example.test', 'calendar'))[0]).toMatchObject({ subject: 'Budget 2031', location: 'Room 9' });

		await loaded.Delete(DeleteMode.MoveToDeletedItems, SendCancellationsMode.SendToAllAndSaveCopy);
		expect((await emulator.control.counters()).cancellationsByMeeting[uid]).toBe(1);
		expect((await emulator.control.items('bob@example.test', 'calendar'))[0]).toMatchObject({ isCancelled: true });
		expect((await emulator.control.items('alice@example.test', 'deleteditems')).map((i) => i.subject)).toEqual(['Budget 2031']);
		const inbox = await emulator.control.items('bob@example.test', 'inbox');
		expect(inbox.map((i) => i.itemClass)).toEqual(['IPM.Schedule.Meeting.Request', 'IPM.Schedule.Meeting.Request', 'IPM.Schedule.Meeting.Canceled']);
	});

	it('stores all-day recurring series and expands them in a CalendarView', async () => {
		await emulator.control.seed('empty');
		const organizer = service('carol@example.test');
		const weekly = new Appointment(organizer);
		weekly.Subject = 'Weekly review';
		const monday = Luxon.fromISO('2031-03-10', { zone: 'Europe/Berlin' });
		weekly.Start = ewsTime(monday);
		weekly.End = ewsTime(monday.plus({ days: 1 }));
		weekly.IsAllDayEvent = true;
		weekly.StartTimeZone = berlin();
		const pattern = new Recurrence.WeeklyPattern();
		pattern.StartDate = ewsTime(monday);
		pattern.Interval = 1;
		pattern.DaysOfTheWeek.Add(DayOfTheWeek.Monday);
		pattern.NumberOfOccurrences = 10;
		weekly.Recurrence = pattern;
		await weekly.Save(WellKnownFolderName.Calendar, SendInvitationsMode.SendToNone);

		const [stored] = await emulator.control.items<ExchangeEvent & Record<string, unknown>>('carol@example.test', 'calendar');
		expect(stored).toMatchObject({ isAllDay: true, start: '2031-03-10T00:00:00+01:00', recurrence: { rrule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=10' } });

		const view = new CalendarView(ewsTime(monday.minus({ days: 1 })), ewsTime(monday.plus({ days: 20 })));
		view.PropertySet = new PropertySet(BasePropertySet.FirstClassProperties);
		const found = await organizer.FindAppointments(WellKnownFolderName.Calendar, view);
		const starts = found.Items.map((a) => Luxon.fromMillis(a.Start.TotalMilliSeconds, { zone: 'Europe/Berlin' }).toISODate());
		// The DST change on 30 March must not move the all-day occurrences off their day.
		expect(starts).toEqual(['2031-03-10', '2031-03-17', '2031-03-24']);
		expect(found.Items.every((a) => a.IsAllDayEvent)).toBe(true);
		const occurrence = await Appointment.Bind(organizer, found.Items[1].Id, new PropertySet(BasePropertySet.IdOnly, [AppointmentSchema.Subject]));
		expect(occurrence.Subject).toBe('Weekly review');
	});

	it('seeds the demo meetings, with the attendees\' copies sharing the organizer\'s UID', async () => {
		const aliceEvents = await emulator.control.items<ExchangeEvent & Record<string, unknown>>('alice@example.test', 'calendar');
		const standUp = aliceEvents.find((e) => e.subject === 'Team stand-up')!;
		expect(standUp).toMatchObject({ timeZone: 'Europe/Berlin', recurrence: { rrule: 'FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=12' } });
		expect(Luxon.fromISO(standUp.start, { setZone: true }).toFormat('HH:mm')).toBe('09:00');
		const bobEvents = await emulator.control.items<ExchangeEvent & Record<string, unknown>>('bob@example.test', 'calendar');
		expect(bobEvents.filter((e) => e.iCalUid === standUp.iCalUid)).toHaveLength(1);
		const bobsOwn = bobEvents.find((e) => e.subject === 'Vela pricing workshop')!;
		expect(bobsOwn).toMatchObject({ timeZone: 'America/New_York', location: 'Room <Harbor>' });
		const view = new ItemView(50);
		const found = await service('alice@example.test').FindItems(WellKnownFolderName.Calendar, view);
		expect(found.TotalCount).toBe(aliceEvents.length);
	});
});

describe('free/busy', () => {
	it('computes free/busy and suggestions from calendar contents in the requested time zone', async () => {
		const alice = service('alice@example.test');
		// The client sends the window as dates only (the UTC date of each end), read in the
		// request's time zone; noon UTC names the intended day.
		const tomorrow = Luxon.fromISO(`${Luxon.now().setZone('Europe/Berlin').plus({ days: 1 }).toISODate()}T12:00:00Z`);
		const options = new AvailabilityOptions();
		options.RequestedFreeBusyView = FreeBusyViewType.DetailedMerged;
		options.MergedFreeBusyInterval = 60;
		options.MeetingDuration = 60;
		const result = await alice.GetUserAvailability(
			[new AttendeeInfo('alice@example.test'), new AttendeeInfo('bob@example.test'), new AttendeeInfo('ghost@example.test')],
			new TimeWindow(ewsTime(tomorrow), ewsTime(tomorrow.plus({ days: 1 }))),
			AvailabilityData.FreeBusyAndSuggestions,
			options,
		);
		const [aliceView, bobView, ghost] = result.AttendeesAvailability.Responses;
		expect(aliceView.Result).toBe(ServiceResult.Success);
		const review = aliceView.CalendarEvents.find((e) => e.Details?.Subject === 'Lumen Labs quarterly review')!;
		expect(Luxon.fromMillis(review.StartTime.TotalMilliSeconds).setZone('Europe/Berlin').toFormat('HH:mm')).toBe('10:00');
		expect(review.FreeBusyStatus).toBe(LegacyFreeBusyStatus.Busy);
		expect(aliceView.MergedFreeBusyStatus[10]).toBe(LegacyFreeBusyStatus.Busy);
		expect(aliceView.MergedFreeBusyStatus[12]).toBe(LegacyFreeBusyStatus.Free);
		expect(bobView.CalendarEvents.some((e) => e.Details?.Subject === 'Lumen Labs quarterly review')).toBe(true);
		expect(ghost.ErrorCode).toBe(ServiceError.ErrorMailRecipientNotFound);
		const suggestedHours = result.Suggestions[0].TimeSuggestions.map((s) => Luxon.fromMillis(s.MeetingTime.TotalMilliSeconds).setZone('Europe/Berlin').hour);
		expect(suggestedHours).toContain(8);
		expect(suggestedHours).not.toContain(10);
	});
});
