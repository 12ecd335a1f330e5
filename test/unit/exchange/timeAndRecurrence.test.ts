import { DateTime as LuxonDateTime } from 'luxon';
import { Appointment, ExchangeService, ExchangeVersion, ItemId, TimeZoneInfo } from 'ews-javascript-api';
import { XMLParser } from 'fast-xml-parser';
import { ianaZone, windowsZoneId } from '../../../nodes/MicrosoftExchange/transport/ews/timeZones';
import { parseRrule } from '../../../nodes/MicrosoftExchange/helpers/rrule';
import { recurrenceToRrule, rruleToRecurrence } from '../../../nodes/MicrosoftExchange/transport/ews/recurrence';
import { applyEventFields, eventFromEws } from '../../../nodes/MicrosoftExchange/transport/ews/eventMapping';
import { fullPropertySet } from '../../../nodes/MicrosoftExchange/transport/ews/ewsValues';
import { FakeEws, fakeSession, itemIdXml, responseMessages } from './support/fakeEws';

describe('IANA ⇄ Windows time zones', () => {
	it.each([
		['Europe/Berlin', 'W. Europe Standard Time'],
		['America/New_York', 'Eastern Standard Time'],
		['Asia/Kolkata', 'India Standard Time'],
		['Europe/London', 'GMT Standard Time'],
		['Australia/Sydney', 'AUS Eastern Standard Time'],
		['Asia/Tokyo', 'Tokyo Standard Time'],
	])('%s ⇄ %s', (iana, windows) => {
		expect(windowsZoneId(iana)).toBe(windows);
		expect(ianaZone(windows)).toBe(iana);
	});

	it('rejects names that are not zones', () => {
		expect(() => windowsZoneId('Mars/Olympus')).toThrow(/not an IANA time zone/);
		expect(() => ianaZone('Nowhere Standard Time')).toThrow(/Unknown Windows time zone/);
	});
});

describe('RRULE → EWS recurrence → RRULE', () => {
	const start = LuxonDateTime.fromISO('2026-03-02T09:00:00', { zone: 'Europe/Berlin' }); // a Monday

	it.each([
		'FREQ=DAILY;INTERVAL=2;COUNT=5',
		'FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=12',
		'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20261231',
		'FREQ=MONTHLY;BYMONTHDAY=15',
		'FREQ=MONTHLY;INTERVAL=3;BYDAY=-1FR;COUNT=4',
		'FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=2',
		'FREQ=YEARLY;BYMONTH=11;BYDAY=4TH',
	])('%s round-trips', (rrule) => {
		expect(recurrenceToRrule(rruleToRecurrence(rrule, start))).toBe(rrule);
	});

	it('fills in what EWS needs from the first occurrence', () => {
		expect(recurrenceToRrule(rruleToRecurrence('FREQ=WEEKLY', start))).toBe('FREQ=WEEKLY;BYDAY=MO');
		expect(recurrenceToRrule(rruleToRecurrence('FREQ=MONTHLY', start))).toBe('FREQ=MONTHLY;BYMONTHDAY=2');
	});

	it('anchors the pattern on the local start date', () => {
		// 00:30 in Tokyo is the previous day in UTC: the pattern must start on the Tokyo date.
		const tokyo = LuxonDateTime.fromISO('2026-03-03T00:30:00', { zone: 'Asia/Tokyo' });
		const pattern = rruleToRecurrence('FREQ=DAILY', tokyo);
		expect(pattern.StartDate.Format('YYYY-MM-DD')).toBe('2026-03-03');
	});

	it.each([
		['FREQ=HOURLY', /FREQ must be/],
		['FREQ=DAILY;BYSETPOS=1', /BYSETPOS is not supported/],
		['FREQ=YEARLY;INTERVAL=2', /cannot skip years/],
		['FREQ=DAILY;COUNT=3;UNTIL=20260101', /COUNT or UNTIL/],
		['FREQ=MONTHLY;BYDAY=5MO', /ordinal/],
	])('refuses %s', (rrule, message) => {
		expect(() => rruleToRecurrence(rrule, start)).toThrow(message);
	});

	it('parses the parts it supports', () => {
		expect(parseRrule('RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TU;UNTIL=20261231T235959Z')).toEqual({
			freq: 'WEEKLY',
			interval: 2,
			byDay: [{ day: 'MO' }, { day: 'TU' }],
			byMonthDay: undefined,
			byMonth: undefined,
			count: undefined,
			until: '2026-12-31',
		});
	});
});

describe('event times on the wire', () => {
	async function createdCalendarItem(fields: Parameters<typeof applyEventFields>[1]) {
		const fake = new FakeEws(() => responseMessages('CreateItem', [{ ok: itemIdXml('new', 'CalendarItem') }]));
		const session = fakeSession(fake, { impersonation: false });
		const appointment = new Appointment(session.service());
		applyEventFields(appointment, fields);
		await session.call(undefined, async (service) => await service.CreateItems([appointment], null as never, null as never, 0));
		const parsed = new XMLParser({ ignoreAttributes: false, removeNSPrefix: true }).parse(fake.requests[0].body);
		return parsed.Envelope.Body.CreateItem.Items.CalendarItem;
	}

	it('sends the instant and names the event zone instead of the process zone', async () => {
		const item = await createdCalendarItem({ subject: 's', start: '2026-07-01T10:00:00', end: '2026-07-01T11:00:00', timeZone: 'Europe/Berlin' });
		expect(Date.parse(item.Start)).toBe(Date.parse('2026-07-01T08:00:00Z'));
		expect(item.StartTimeZone['@_Id']).toBe('W. Europe Standard Time');
		expect(item.EndTimeZone['@_Id']).toBe('W. Europe Standard Time');
	});

	it('keeps all-day events on their local dates', async () => {
		const item = await createdCalendarItem({ subject: 's', start: '2026-12-24', end: '2026-12-24', isAllDay: true, timeZone: 'America/New_York' });
		expect(Date.parse(item.Start)).toBe(Date.parse('2026-12-24T05:00:00Z'));
		expect(Date.parse(item.End)).toBe(Date.parse('2026-12-25T05:00:00Z'));
		expect(item.IsAllDayEvent).toBe(true);
	});

	it('uses UTC for the service itself', () => {
		const service = fakeSession(new FakeEws(() => ({ body: '' }))).service();
		expect(service.TimeZone.Id).toBe(TimeZoneInfo.Utc.Id);
		expect(service).toBeInstanceOf(ExchangeService);
		expect(service.RequestedServerVersion).toBe(ExchangeVersion.Exchange2013_SP1);
	});
});

describe('reading an event as Exchange sends it', () => {
	const rule = (name: string) => `trule:Microsoft/Registry/W. Europe Standard Time/2006-${name}`;
	const transition = (to: string, offset: string, month: number) =>
		`<t:RecurringDayTransition><t:To Kind="Period">${rule(to)}</t:To><t:TimeOffset>${offset}</t:TimeOffset>` +
		`<t:Month>${month}</t:Month><t:DayOfWeek>Sunday</t:DayOfWeek><t:Occurrence>-1</t:Occurrence></t:RecurringDayTransition>`;
	// Exchange 2010+ answers StartTimeZone with the full definition; the client needs all of it.
	const berlin =
		'<t:StartTimeZone Id="W. Europe Standard Time" Name="(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna">' +
		`<t:Periods><t:Period Bias="-PT1H" Name="Standard" Id="${rule('Standard')}"/><t:Period Bias="-PT2H" Name="Daylight" Id="${rule('Daylight')}"/></t:Periods>` +
		`<t:TransitionsGroups><t:TransitionsGroup Id="0">${transition('Daylight', 'PT2H', 3)}${transition('Standard', 'PT3H', 10)}</t:TransitionsGroup></t:TransitionsGroups>` +
		'<t:Transitions><t:Transition><t:To Kind="Group">0</t:To></t:Transition></t:Transitions></t:StartTimeZone>';

	it('reports the IANA zone and times in it, with the recurrence as an RRULE', async () => {
		const calendarItem =
			'<t:CalendarItem><t:ItemId Id="ev1" ChangeKey="ck1"/><t:Subject>Stand-up &amp; coffee</t:Subject>' +
			'<t:LastModifiedTime>2026-03-01T08:00:00Z</t:LastModifiedTime>' +
			'<t:Start>2026-03-30T07:00:00Z</t:Start><t:End>2026-03-30T07:15:00Z</t:End>' +
			'<t:IsAllDayEvent>false</t:IsAllDayEvent><t:IsMeeting>true</t:IsMeeting>' +
			'<t:RequiredAttendees><t:Attendee><t:Mailbox><t:Name>Bob</t:Name><t:EmailAddress>bob@example.test</t:EmailAddress></t:Mailbox><t:ResponseType>Accept</t:ResponseType></t:Attendee></t:RequiredAttendees>' +
			'<t:Recurrence><t:WeeklyRecurrence><t:Interval>1</t:Interval><t:DaysOfWeek>Monday Wednesday Friday</t:DaysOfWeek></t:WeeklyRecurrence>' +
			'<t:NumberedRecurrence><t:StartDate>2026-03-30+02:00</t:StartDate><t:NumberOfOccurrences>12</t:NumberOfOccurrences></t:NumberedRecurrence></t:Recurrence>' +
			berlin +
			'</t:CalendarItem>';
		const fake = new FakeEws(() => responseMessages('GetItem', [{ ok: `<m:Items>${calendarItem}</m:Items>` }]));
		const session = fakeSession(fake);
		const response = await session.call(undefined, async (service) =>
			await service.BindToItems([new ItemId('ev1')], fullPropertySet()),
		);
		const event = eventFromEws(response.Responses[0].Item as Appointment, 'alice@example.test');
		expect(event).toMatchObject({
			subject: 'Stand-up & coffee',
			timeZone: 'Europe/Berlin',
			start: '2026-03-30T09:00:00.000+02:00',
			end: '2026-03-30T09:15:00.000+02:00',
			isMeeting: true,
			requiredAttendees: [{ email: 'bob@example.test', name: 'Bob', response: 'Accept' }],
			recurrence: expect.objectContaining({ rrule: 'FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=12' }),
		});
	});
});
