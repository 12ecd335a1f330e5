import {
	Appointment,
	AppointmentOccurrenceId,
	AppointmentSchema,
	AppointmentType,
	AttendeeInfo,
	AvailabilityData,
	AvailabilityOptions,
	BasePropertySet,
	CalendarView,
	ChangeType,
	ConflictResolutionMode,
	DateTime,
	DayOfTheWeek,
	DeleteMode,
	ExtendedPropertyDefinition,
	FolderId,
	FreeBusyViewType,
	Guid,
	ItemId,
	type ItemChange,
	MapiPropertyType,
	PropertySet,
	Recurrence,
	SendCancellationsMode,
	SendInvitationsMode,
	SendInvitationsOrCancellationsMode,
	ServiceError,
	SyncFolderItemsScope,
	TimeWindow,
	WellKnownFolderName,
	type ExchangeService,
} from 'ews-javascript-api';
import { DateTime as Luxon } from 'luxon';
import { SYNC_ID_PROPERTY_NAME, SYNC_PROPERTY_SET_GUID, SYNC_STATE_PROPERTY_NAME, type ExchangeEvent } from '../../../nodes/MicrosoftExchange/helpers/itemShapes';
import { berlin, ewsTime, exchangeService, extendedValue, postRawSoap, rejectionOf, soapEnvelope, useExchangeEmulator } from './client';

const emulator = useExchangeEmulator();
const berlinTime = (time: DateTime) => Luxon.fromMillis(time.TotalMilliSeconds, { zone: 'Europe/Berlin' }).toFormat("yyyy-MM-dd'T'HH:mm");
const syncId = new ExtendedPropertyDefinition(new Guid(SYNC_PROPERTY_SET_GUID), SYNC_ID_PROPERTY_NAME, MapiPropertyType.String);
const syncState = new ExtendedPropertyDefinition(new Guid(SYNC_PROPERTY_SET_GUID), SYNC_STATE_PROPERTY_NAME, MapiPropertyType.String);
const withSyncLink = () => new PropertySet(BasePropertySet.FirstClassProperties, [syncId, syncState]);
const noIgnoredIds = null as unknown as ItemId[];

function service(mailbox = 'alice@example.test'): ExchangeService {
	return exchangeService(emulator.url, { impersonate: mailbox, timeZone: berlin() });
}

/** Alice's stand-up: Mondays and Wednesdays 09:00–09:30 Berlin time from 10 March 2031, six times, linked to a CRM record. */
async function createStandUp(organizer: ExchangeService, attendees: string[] = []): Promise<Appointment> {
	const series = new Appointment(organizer);
	series.Subject = 'Stand-up';
	series.Location = 'Room 1';
	const start = Luxon.fromISO('2031-03-10T09:00', { zone: 'Europe/Berlin' });
	series.Start = ewsTime(start);
	series.End = ewsTime(start.plus({ minutes: 30 }));
	series.StartTimeZone = berlin();
	series.EndTimeZone = berlin();
	const pattern = new Recurrence.WeeklyPattern();
	pattern.StartDate = ewsTime(start);
	pattern.DaysOfTheWeek.Add(DayOfTheWeek.Monday);
	pattern.DaysOfTheWeek.Add(DayOfTheWeek.Wednesday);
	pattern.NumberOfOccurrences = 6;
	series.Recurrence = pattern;
	series.SetExtendedProperty(syncId, 'crm-series');
	series.SetExtendedProperty(syncState, 'state-1');
	for (const attendee of attendees) series.RequiredAttendees.Add(attendee);
	await series.Save(WellKnownFolderName.Calendar, attendees.length ? SendInvitationsMode.SendToAllAndSaveCopy : SendInvitationsMode.SendToNone);
	return series;
}

async function calendarView(organizer: ExchangeService): Promise<Appointment[]> {
	const from = Luxon.fromISO('2031-03-09', { zone: 'Europe/Berlin' });
	const view = new CalendarView(ewsTime(from), ewsTime(from.plus({ days: 14 })));
	view.PropertySet = new PropertySet(BasePropertySet.FirstClassProperties);
	return (await organizer.FindAppointments(WellKnownFolderName.Calendar, view)).Items;
}

const master = (organizer: ExchangeService, series: Appointment) => Appointment.Bind(organizer, series.Id, withSyncLink());

/** Moves occurrence 2 (Wednesday 12 March) to 11:00–12:00 with its own subject and CRM link. */
async function moveSecond(organizer: ExchangeService, series: Appointment): Promise<Appointment> {
	const occurrence = await Appointment.BindToOccurrence(organizer, series.Id, 2, withSyncLink());
	occurrence.Subject = 'Stand-up (moved)';
	const start = Luxon.fromISO('2031-03-12T11:00', { zone: 'Europe/Berlin' });
	occurrence.Start = ewsTime(start);
	occurrence.End = ewsTime(start.plus({ hours: 1 }));
	occurrence.SetExtendedProperty(syncId, 'crm-occurrence-2');
	await occurrence.Update(ConflictResolutionMode.NeverOverwrite, SendInvitationsOrCancellationsMode.SendToNone);
	return occurrence;
}

async function changesSince(organizer: ExchangeService, state: string) {
	const changes = await organizer.SyncFolderItems(new FolderId(WellKnownFolderName.Calendar), PropertySet.IdOnly, noIgnoredIds, 512, SyncFolderItemsScope.NormalItems, state);
	return { state: changes.SyncState, changes: changes.GetEnumerator().map((change: ItemChange) => [ChangeType[change.ChangeType], change.ItemId.UniqueId]) };
}

beforeEach(() => emulator.control.seed('empty'));

describe('addressing occurrences', () => {
	it('binds an occurrence by series and index, or by the id a CalendarView gives it, as a plain Occurrence', async () => {
		const alice = service();
		const series = await createStandUp(alice);
		const byIndex = await Appointment.BindToOccurrence(alice, series.Id, 2, withSyncLink());
		expect(AppointmentType[byIndex.AppointmentType]).toBe('Occurrence');
		expect(berlinTime(byIndex.Start)).toBe('2031-03-12T09:00');
		expect(berlinTime(byIndex.OriginalStart)).toBe('2031-03-12T09:00');
		expect(byIndex.Recurrence).toBeNull();
		expect(byIndex.Subject).toBe('Stand-up');
		expect(extendedValue(byIndex, syncId)).toBe('crm-series');

		const listed = await calendarView(alice);
		expect(listed.map((a) => berlinTime(a.Start))).toEqual(['2031-03-10T09:00', '2031-03-12T09:00', '2031-03-17T09:00', '2031-03-19T09:00']);
		expect(listed[1].Id.UniqueId).toBe(byIndex.Id.UniqueId);
		const byId = await Appointment.Bind(alice, new ItemId(listed[1].Id.UniqueId), new PropertySet(BasePropertySet.FirstClassProperties));
		expect(AppointmentType[byId.AppointmentType]).toBe('Occurrence');
		expect(berlinTime(byId.OriginalStart)).toBe('2031-03-12T09:00');

		const recurringMaster = await Appointment.BindToRecurringMaster(alice, byId.Id);
		expect(recurringMaster.Id.UniqueId).toBe(series.Id.UniqueId);
		expect(AppointmentType[recurringMaster.AppointmentType]).toBe('RecurringMaster');
	});

	it('updates and deletes an occurrence named by OccurrenceItemId', async () => {
		const alice = service();
		const series = await createStandUp(alice);
		const fourthId = (await Appointment.BindToOccurrence(alice, series.Id, 4, PropertySet.IdOnly)).Id.UniqueId;
		const answer = await postRawSoap(
			emulator.url,
			soapEnvelope(
				'<m:UpdateItem ConflictResolution="AlwaysOverwrite" SendMeetingInvitationsOrCancellations="SendToNone"><m:ItemChanges><t:ItemChange>' +
					`<t:OccurrenceItemId RecurringMasterId="${series.Id.UniqueId}" InstanceIndex="4"></t:OccurrenceItemId>` +
					'<t:Updates><t:SetItemField><t:FieldURI FieldURI="item:Subject"></t:FieldURI><t:CalendarItem><t:Subject>Fourth</t:Subject></t:CalendarItem></t:SetItemField></t:Updates>' +
					'</t:ItemChange></m:ItemChanges></m:UpdateItem>',
			),
		);
		expect(answer.text).toContain('ResponseClass="Success"');
		expect(answer.text).toContain(`Id="${fourthId}"`);
		expect((await Appointment.Bind(alice, new ItemId(fourthId))).Subject).toBe('Fourth');

		await alice.DeleteItems([new AppointmentOccurrenceId(series.Id.UniqueId, 5)], DeleteMode.MoveToDeletedItems, SendCancellationsMode.SendToNone, null as never);
		const after = await master(alice, series);
		expect(berlinTime(after.DeletedOccurrences._getItem(0).OriginalStart)).toBe('2031-03-24T09:00');
		expect(after.ModifiedOccurrences._getItem(0).ItemId.UniqueId).toBe(fourthId);
	});

	it('refuses an index past the end of the series', async () => {
		const alice = service();
		const series = await createStandUp(alice);
		const refused = await rejectionOf(Appointment.BindToOccurrence(alice, series.Id, 7));
		expect(refused.ErrorCode).toBe(ServiceError.ErrorCalendarOccurrenceIndexIsOutOfRecurrenceRange);
	});
});

describe('modified occurrences', () => {
	it('makes an updated occurrence an exception of its series, listed on the series and moved in the CalendarView', async () => {
		const alice = service();
		const series = await createStandUp(alice);
		const before = await master(alice, series);
		const { state } = await changesSince(alice, null as unknown as string);

		const moved = await moveSecond(alice, series);

		const after = await master(alice, series);
		expect(after.Id.ChangeKey).not.toBe(before.Id.ChangeKey);
		expect(after.LastModifiedTime.TotalMilliSeconds).toBeGreaterThanOrEqual(before.LastModifiedTime.TotalMilliSeconds);
		expect(after.ModifiedOccurrences.Count).toBe(1);
		const info = after.ModifiedOccurrences._getItem(0);
		expect(info.ItemId.UniqueId).toBe(moved.Id.UniqueId);
		expect([berlinTime(info.Start), berlinTime(info.End), berlinTime(info.OriginalStart)]).toEqual(['2031-03-12T11:00', '2031-03-12T12:00', '2031-03-12T09:00']);
		expect(after.DeletedOccurrences).toBeNull();
		expect(extendedValue(after, syncId)).toBe('crm-series');

		const exception = await Appointment.BindToOccurrence(alice, series.Id, 2, withSyncLink());
		expect(AppointmentType[exception.AppointmentType]).toBe('Exception');
		expect(exception.Subject).toBe('Stand-up (moved)');
		expect(exception.Location).toBe('Room 1');
		expect([berlinTime(exception.Start), berlinTime(exception.OriginalStart)]).toEqual(['2031-03-12T11:00', '2031-03-12T09:00']);
		expect(extendedValue(exception, syncId)).toBe('crm-occurrence-2');
		expect(extendedValue(exception, syncState)).toBe('state-1');

		const listed = await calendarView(alice);
		const second = listed.find((a) => a.Id.UniqueId === moved.Id.UniqueId)!;
		expect([berlinTime(second.Start), second.Subject, AppointmentType[second.AppointmentType]]).toEqual(['2031-03-12T11:00', 'Stand-up (moved)', 'Exception']);
		expect(listed).toHaveLength(4);

		expect((await changesSince(alice, state)).changes).toEqual([['Update', series.Id.UniqueId]]);
	});

	it('refuses an update of an occurrence made from a stale ChangeKey', async () => {
		const alice = service();
		const series = await createStandUp(alice);
		const stale = await Appointment.BindToOccurrence(alice, series.Id, 2);
		await moveSecond(alice, series);
		stale.Location = 'Room 2';
		const refused = await rejectionOf(stale.Update(ConflictResolutionMode.NeverOverwrite, SendInvitationsOrCancellationsMode.SendToNone));
		expect(refused.ErrorCode).toBe(ServiceError.ErrorIrresolvableConflict);
		expect((await Appointment.BindToOccurrence(alice, series.Id, 2)).Location).toBe('Room 1');
	});

	it('refuses to move an occurrence onto the day of a neighbouring occurrence or past it', async () => {
		const alice = service();
		const series = await createStandUp(alice);
		const moveSecondTo = async (start: string) => {
			const occurrence = await Appointment.BindToOccurrence(alice, series.Id, 2);
			occurrence.Start = ewsTime(Luxon.fromISO(start, { zone: 'Europe/Berlin' }));
			occurrence.End = ewsTime(Luxon.fromISO(start, { zone: 'Europe/Berlin' }).plus({ minutes: 30 }));
			return occurrence.Update(ConflictResolutionMode.AutoResolve, SendInvitationsOrCancellationsMode.SendToNone);
		};
		for (const start of ['2031-03-10T15:00', '2031-03-17T08:00', '2031-03-18T09:00']) {
			expect((await rejectionOf(moveSecondTo(start))).ErrorCode).toBe(ServiceError.ErrorOccurrenceCrossingBoundary);
		}
		expect((await master(alice, series)).ModifiedOccurrences).toBeNull();
		await moveSecondTo('2031-03-11T09:00');
		expect(berlinTime((await Appointment.BindToOccurrence(alice, series.Id, 2)).Start)).toBe('2031-03-11T09:00');
	});

	it('keeps exceptions through a subject-only series edit; they inherit the new subject unless they have their own', async () => {
		const alice = service();
		const series = await createStandUp(alice);
		await moveSecond(alice, series);
		const fourth = await Appointment.BindToOccurrence(alice, series.Id, 4);
		fourth.Location = 'Room 4';
		await fourth.Update(ConflictResolutionMode.AutoResolve, SendInvitationsOrCancellationsMode.SendToNone);

		const edited = await master(alice, series);
		edited.Subject = 'Daily sync';
		await edited.Update(ConflictResolutionMode.AutoResolve, SendInvitationsOrCancellationsMode.SendToNone);

		expect((await master(alice, series)).ModifiedOccurrences.Count).toBe(2);
		const second = await Appointment.BindToOccurrence(alice, series.Id, 2);
		expect([second.Subject, second.Location]).toEqual(['Stand-up (moved)', 'Room 1']);
		const fourthNow = await Appointment.BindToOccurrence(alice, series.Id, 4);
		expect([fourthNow.Subject, fourthNow.Location, AppointmentType[fourthNow.AppointmentType]]).toEqual(['Daily sync', 'Room 4', 'Exception']);
		expect((await Appointment.BindToOccurrence(alice, series.Id, 3)).Subject).toBe('Daily sync');
	});

	it.each([
		['the recurrence', (series: Appointment) => (series.Recurrence.NumberOfOccurrences = 8)],
		['the start', (series: Appointment) => {
			const start = Luxon.fromISO('2031-03-10T10:00', { zone: 'Europe/Berlin' });
			series.Start = ewsTime(start);
			series.End = ewsTime(start.plus({ minutes: 30 }));
		}],
	])('drops every exception and deletion when %s of the series changes', async (_what, edit) => {
		const alice = service();
		const series = await createStandUp(alice);
		await moveSecond(alice, series);
		await (await Appointment.BindToOccurrence(alice, series.Id, 3)).Delete(DeleteMode.MoveToDeletedItems, SendCancellationsMode.SendToNone);

		const edited = await master(alice, series);
		edit(edited);
		await edited.Update(ConflictResolutionMode.AutoResolve, SendInvitationsOrCancellationsMode.SendToNone);

		const after = await master(alice, series);
		expect(after.ModifiedOccurrences).toBeNull();
		expect(after.DeletedOccurrences).toBeNull();
		expect(AppointmentType[(await Appointment.BindToOccurrence(alice, series.Id, 2)).AppointmentType]).toBe('Occurrence');
		expect((await calendarView(alice)).map((a) => a.Subject)).toEqual(['Stand-up', 'Stand-up', 'Stand-up', 'Stand-up']);
	});
});

describe('deleted occurrences', () => {
	it('deletes one occurrence: listed on the series, gone from the CalendarView and from free/busy', async () => {
		const alice = service();
		const series = await createStandUp(alice);
		await moveSecond(alice, series);
		const { state } = await changesSince(alice, null as unknown as string);

		const third = await Appointment.BindToOccurrence(alice, series.Id, 3);
		await third.Delete(DeleteMode.MoveToDeletedItems, SendCancellationsMode.SendToNone);

		const after = await master(alice, series);
		expect(after.DeletedOccurrences.Count).toBe(1);
		expect(berlinTime(after.DeletedOccurrences._getItem(0).OriginalStart)).toBe('2031-03-17T09:00');
		expect(after.ModifiedOccurrences.Count).toBe(1);
		expect((await calendarView(alice)).map((a) => berlinTime(a.Start))).toEqual(['2031-03-10T09:00', '2031-03-12T11:00', '2031-03-19T09:00']);
		expect((await changesSince(alice, state)).changes).toEqual([['Update', series.Id.UniqueId]]);
		expect((await rejectionOf(Appointment.BindToOccurrence(alice, series.Id, 3))).ErrorCode).toBe(ServiceError.ErrorCalendarOccurrenceIsDeletedFromRecurrence);
		expect((await rejectionOf(Appointment.Bind(alice, new ItemId(third.Id.UniqueId)))).ErrorCode).toBe(ServiceError.ErrorCalendarOccurrenceIsDeletedFromRecurrence);

		const options = new AvailabilityOptions();
		options.RequestedFreeBusyView = FreeBusyViewType.Detailed;
		const window = Luxon.fromISO('2031-03-10T12:00:00Z');
		const availability = await alice.GetUserAvailability(
			[new AttendeeInfo('alice@example.test')],
			new TimeWindow(ewsTime(window), ewsTime(window.plus({ days: 10 }))),
			AvailabilityData.FreeBusy,
			options,
		);
		const busy = availability.AttendeesAvailability.Responses[0].CalendarEvents.map((e) => berlinTime(e.StartTime));
		expect(busy).toEqual(['2031-03-10T09:00', '2031-03-12T11:00', '2031-03-19T09:00']);
	});

	it('drops the exception of an occurrence it deletes, and deleting the series deletes everything', async () => {
		const alice = service();
		const series = await createStandUp(alice);
		const moved = await moveSecond(alice, series);
		await Appointment.Bind(alice, new ItemId(moved.Id.UniqueId)).then((o) => o.Delete(DeleteMode.HardDelete, SendCancellationsMode.SendToNone));
		const after = await master(alice, series);
		expect(after.ModifiedOccurrences).toBeNull();
		expect(berlinTime(after.DeletedOccurrences._getItem(0).OriginalStart)).toBe('2031-03-12T09:00');

		await after.Delete(DeleteMode.HardDelete, SendCancellationsMode.SendToNone);
		expect(await calendarView(alice)).toEqual([]);
		expect((await rejectionOf(Appointment.Bind(alice, new ItemId(moved.Id.UniqueId)))).ErrorCode).toBe(ServiceError.ErrorItemNotFound);
	});
});

describe('meetings and the control API', () => {
	it('carries an occurrence update and cancellation to the attendees\' copies of the series', async () => {
		const alice = service();
		const series = await createStandUp(alice, ['bob@example.test']);
		const occurrence = await Appointment.BindToOccurrence(alice, series.Id, 2);
		occurrence.Location = 'Room 7';
		await occurrence.Update(ConflictResolutionMode.AutoResolve, SendInvitationsOrCancellationsMode.SendToAllAndSaveCopy);
		await (await Appointment.BindToOccurrence(alice, series.Id, 5)).Delete(DeleteMode.MoveToDeletedItems, SendCancellationsMode.SendToAllAndSaveCopy);

		const [copy] = await emulator.control.items<ExchangeEvent & Record<string, unknown>>('bob@example.test', 'calendar');
		expect(copy.recurrence).toMatchObject({ deletedOccurrences: ['2031-03-24'], modifiedOccurrences: [{ originalStart: '2031-03-12T09:00:00+01:00', subject: 'Stand-up' }] });
		expect((await Appointment.BindToOccurrence(service('bob@example.test'), new ItemId(copy.id), 2)).Location).toBe('Room 7');
		const counters = await emulator.control.counters();
		expect([counters.invitationsByMeeting[copy.iCalUid!], counters.cancellationsByMeeting[copy.iCalUid!]]).toEqual([2, 1]);
		const inbox = await emulator.control.items('bob@example.test', 'inbox');
		expect(inbox.map((m) => m.itemClass)).toEqual(['IPM.Schedule.Meeting.Request', 'IPM.Schedule.Meeting.Request', 'IPM.Schedule.Meeting.Canceled']);
	});

	it('changes and deletes single occurrences as a user in Outlook would, and lists them on the series', async () => {
		const alice = service();
		const series = await createStandUp(alice);
		const changed = await emulator.control.updateOccurrence(series.Id.UniqueId, { originalDate: '2031-03-19' }, {
			subject: 'Stand-up with guests',
			start: '2031-03-19T14:00:00+01:00',
			end: '2031-03-19T15:00:00+01:00',
			syncId: 'crm-occurrence-4',
		});
		const deleted = await emulator.control.deleteOccurrence(series.Id.UniqueId, { index: 1 });
		expect(deleted.masterChangeKey).not.toBe(changed.masterChangeKey);

		const [event] = await emulator.control.items<ExchangeEvent & Record<string, unknown>>('alice@example.test', 'calendar');
		expect(event.recurrence).toEqual({
			rrule: 'FREQ=WEEKLY;BYDAY=MO,WE;COUNT=6',
			deletedOccurrences: ['2031-03-10'],
			modifiedOccurrences: [
				{ id: changed.id, originalStart: '2031-03-19T09:00:00+01:00', start: '2031-03-19T14:00:00+01:00', end: '2031-03-19T15:00:00+01:00', subject: 'Stand-up with guests', location: 'Room 1' },
			],
		});
		const exception = await Appointment.Bind(alice, new ItemId(changed.id), withSyncLink());
		expect([exception.Subject, berlinTime(exception.Start), extendedValue(exception, syncId)]).toEqual(['Stand-up with guests', '2031-03-19T14:00', 'crm-occurrence-4']);
		expect((await calendarView(alice)).map((a) => berlinTime(a.Start))).toEqual(['2031-03-12T09:00', '2031-03-17T09:00', '2031-03-19T14:00']);
		const requested = await Appointment.Bind(alice, series.Id, new PropertySet(BasePropertySet.IdOnly, [AppointmentSchema.DeletedOccurrences]));
		expect(requested.DeletedOccurrences.Count).toBe(1);
	});
});
