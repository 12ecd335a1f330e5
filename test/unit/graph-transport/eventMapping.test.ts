import { eventFromGraph, eventMapping, eventToGraph, ianaZoneOf } from '../../../nodes/MicrosoftExchange/transport/graph/eventMapping';
import { graphToRrule, rruleToGraph } from '../../../nodes/MicrosoftExchange/transport/graph/recurrence';
import { DateTime } from 'luxon';

describe('events between the item shape and Graph', () => {
	it('reads zones as the EWS transport does, attendees without a name or response as null, and all-day dates as local midnights', () => {
		expect([ianaZoneOf('W. Europe Standard Time'), ianaZoneOf('Eastern Standard Time'), ianaZoneOf('Asia/Tokyo'), ianaZoneOf('tzone://Microsoft/Custom'), ianaZoneOf(undefined)]).toEqual([
			'Europe/Berlin',
			'America/New_York',
			'Asia/Tokyo',
			'UTC',
			'UTC',
		]);
		const event = eventFromGraph(
			{
				id: 'e1',
				changeKey: 'ck',
				lastModifiedDateTime: '2026-03-01T10:00:00Z',
				createdDateTime: '2026-03-01T09:00:00Z',
				categories: [],
				subject: 'Day off',
				body: { contentType: 'text', content: '' },
				location: { displayName: '' },
				isAllDay: true,
				originalStartTimeZone: 'Pacific Standard Time',
				start: { dateTime: '2026-07-01T00:00:00.0000000', timeZone: 'UTC' },
				end: { dateTime: '2026-07-03T00:00:00.0000000', timeZone: 'UTC' },
				attendees: [
					{ type: 'required', emailAddress: { address: 'bob@example.test', name: 'bob@example.test' }, status: { response: 'none', time: '0001-01-01T00:00:00Z' } },
					{ type: 'optional', emailAddress: { address: 'carol@example.test', name: 'Carol' }, status: { response: 'accepted', time: '2026-03-02T08:00:00Z' } },
				],
				organizer: { emailAddress: { address: 'alice@example.test', name: 'Alice' } },
				isReminderOn: false,
				reminderMinutesBeforeStart: 15,
				showAs: 'oof',
				recurrence: null,
				iCalUId: 'uid-1',
			},
			'alice@example.test',
		);
		expect(event).toMatchObject({
			start: '2026-07-01T00:00:00.000-07:00',
			end: '2026-07-03T00:00:00.000-07:00',
			timeZone: 'America/Los_Angeles',
			body: null,
			location: null,
			isMeeting: true,
			requiredAttendees: [{ email: 'bob@example.test', name: null, response: null, lastResponseTime: null }],
			optionalAttendees: [{ email: 'carol@example.test', name: 'Carol', response: 'Accept', lastResponseTime: '2026-03-02T08:00:00.000Z' }],
			reminderMinutesBeforeStart: null,
			showAs: 'OOF',
			recurrence: null,
			lastModified: '2026-03-01T10:00:00.000Z',
		});
		expect(event).not.toHaveProperty('categories');
	});

	it('writes times in the event zone, attendees as one list, the link as extended properties', () => {
		const body = eventToGraph(
			{ start: '2026-03-29T09:00:00+02:00', end: '2026-03-29T09:30:00+02:00', timeZone: 'Europe/Berlin', isAllDay: false, optionalAttendees: ['carol@example.test'], syncId: 's1', crmRecordId: null },
			{ requiredAttendees: [{ email: 'bob@example.test', name: 'Bob' }] },
		);
		expect(body).toEqual({
			start: { dateTime: '2026-03-29T09:00:00', timeZone: 'W. Europe Standard Time' },
			end: { dateTime: '2026-03-29T09:30:00', timeZone: 'W. Europe Standard Time' },
			isAllDay: false,
			attendees: [
				{ type: 'required', emailAddress: { address: 'bob@example.test', name: 'Bob' } },
				{ type: 'optional', emailAddress: { address: 'carol@example.test' } },
			],
			singleValueExtendedProperties: [
				{ id: 'String {6f1e9a52-3c1d-4b7e-9f0a-2d8c5e4b7a31} Name n8nExchangeZohoSyncId', value: 's1' },
				{ id: 'String {6f1e9a52-3c1d-4b7e-9f0a-2d8c5e4b7a31} Name n8nExchangeZohoCrmRecordId', value: '' },
			],
		});
		expect(() => eventToGraph({ start: '2026-03-29T09:00:00Z', end: '2026-03-29T10:00:00Z', timeZone: 'Mars/Olympus' })).toThrow('is not an IANA time zone');
		// A zone that is no Windows zone's first IANA name goes by its IANA name.
		expect(eventToGraph({ start: '2026-03-29T09:00:00Z', end: '2026-03-29T10:00:00Z', timeZone: 'Europe/Amsterdam' }).start).toEqual({ dateTime: '2026-03-29T11:00:00', timeZone: 'Europe/Amsterdam' });
	});

	it('refuses only the writes Graph would mail attendees for when the node says Send to None', () => {
		const meeting = { mailbox: 'alice@example.test', isMeeting: true, organizer: { email: 'alice@example.test' } };
		const refusal = eventMapping.mailRefusal!;
		expect(refusal('create', 'sendToNone', { attendees: [{}] })).toContain('Send Invitations: Send to None');
		expect(refusal('create', 'sendToNone', { subject: 'Alone' })).toBeUndefined();
		expect(refusal('update', 'sendToNone', { singleValueExtendedProperties: [], categories: [] }, meeting)).toBeUndefined();
		expect(refusal('update', 'sendToNone', { subject: 'x' }, meeting)).toContain('Send Updates');
		expect(refusal('update', 'sendToNone', { subject: 'x' }, { ...meeting, organizer: { email: 'bob@example.test' } })).toBeUndefined();
		expect(refusal('update', 'sendToAllAndSaveCopy', { subject: 'x' }, meeting)).toBeUndefined();
		expect(refusal('delete', 'sendToNone', {}, meeting)).toContain('Send Cancellations');
		expect(refusal('delete', 'sendToNone', {}, { ...meeting, isMeeting: false })).toBeUndefined();
	});

	it('turns RRULEs into patterned recurrences and back as EWS reads them', () => {
		const start = DateTime.fromISO('2026-01-05T09:00:00', { zone: 'Europe/Berlin' });
		for (const rrule of [
			'FREQ=DAILY;INTERVAL=2;COUNT=10',
			'FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20260630',
			'FREQ=MONTHLY;BYDAY=-1FR',
			'FREQ=MONTHLY;BYMONTHDAY=5;COUNT=3',
			'FREQ=YEARLY;BYMONTH=1;BYDAY=1MO',
			'FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=5',
		]) {
			expect(graphToRrule(rruleToGraph(rrule, start, 'Europe/Berlin'))).toBe(rrule);
		}
		expect(graphToRrule(rruleToGraph('FREQ=WEEKLY', start, 'Europe/Berlin'))).toBe('FREQ=WEEKLY;BYDAY=MO');
		expect(rruleToGraph('FREQ=DAILY', start, 'Europe/Berlin')).toEqual({
			pattern: { type: 'daily', interval: 1 },
			range: { type: 'noEnd', startDate: '2026-01-05', recurrenceTimeZone: 'Europe/Berlin' },
		});
		expect(() => rruleToGraph('FREQ=YEARLY;INTERVAL=2', start, 'UTC')).toThrow('cannot skip years');
	});
});
