import { DateTime } from 'luxon';
import { occurrenceAt, occurrenceOn, occurrences, recurrenceFromRrule, rruleFromRecurrence } from '../../emulators/exchange/recurrence';
import type { StoredItem } from '../../emulators/exchange/store';
import { element, type XNode } from '../../emulators/exchange/xml';

function series(start: string, end: string, zoneId: string, recurrence: XNode): StoredItem {
	const props = new Map<string, XNode>([
		['Start', element('Start', {}, start)],
		['End', element('End', {}, end)],
		['StartTimeZone', element('StartTimeZone', { Id: zoneId })],
		['Recurrence', recurrence],
	]);
	return { id: 'x', immutableId: 'z', changeKey: 'y', version: 1, mailbox: 'a@example.test', folderId: 'f', kind: 'CalendarItem', props, extended: [], attachments: [], createdSeq: 1, contentSeq: 1, modifiedSeq: 1 };
}

const localStarts = (item: StoredItem, from: string, to: string, zone: string) =>
	occurrences(item, DateTime.fromISO(from, { zone }), DateTime.fromISO(to, { zone })).map((o) => o.start.setZone(zone).toFormat("yyyy-MM-dd'T'HH:mm"));

describe('RRULE ⇄ EWS Recurrence', () => {
	it.each([
		['FREQ=DAILY;INTERVAL=2;COUNT=5', 'DailyRecurrence'],
		['FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=12', 'WeeklyRecurrence'],
		['FREQ=MONTHLY;BYMONTHDAY=15;UNTIL=20301231', 'AbsoluteMonthlyRecurrence'],
		['FREQ=MONTHLY;BYDAY=FR;BYSETPOS=-1', 'RelativeMonthlyRecurrence'],
		['FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=10', 'AbsoluteYearlyRecurrence'],
	])('round-trips %s through %s', (rrule, pattern) => {
		const recurrence = recurrenceFromRrule(rrule, '2030-03-10');
		expect(recurrence.children[0].name).toBe(pattern);
		expect(rruleFromRecurrence(recurrence)).toBe(rrule);
	});
});

describe('occurrences', () => {
	it('keeps the wall-clock time of a weekly series across a DST change', () => {
		const item = series('2030-03-25T08:00:00Z', '2030-03-25T08:15:00Z', 'W. Europe Standard Time', recurrenceFromRrule('FREQ=WEEKLY;BYDAY=MO,WE;COUNT=4', '2030-03-25'));
		// Summer time starts on 31 March 2030; the stand-up stays at 09:00 Berlin time.
		expect(localStarts(item, '2030-03-01', '2030-05-01', 'Europe/Berlin')).toEqual(['2030-03-25T09:00', '2030-03-27T09:00', '2030-04-01T09:00', '2030-04-03T09:00']);
	});

	it('finds the last Friday of each month and stops at the end date', () => {
		const item = series('2030-01-25T15:00:00Z', '2030-01-25T16:00:00Z', 'UTC', recurrenceFromRrule('FREQ=MONTHLY;BYDAY=FR;BYSETPOS=-1;UNTIL=20300430', '2030-01-25'));
		expect(localStarts(item, '2030-01-01', '2030-12-31', 'UTC')).toEqual(['2030-01-25T15:00', '2030-02-22T15:00', '2030-03-29T15:00', '2030-04-26T15:00']);
	});

	it('returns only occurrences inside the window, counting from the series start', () => {
		const item = series('2030-01-01T09:00:00Z', '2030-01-01T10:00:00Z', 'UTC', recurrenceFromRrule('FREQ=DAILY;INTERVAL=3;COUNT=10', '2030-01-01'));
		expect(localStarts(item, '2030-01-10', '2030-01-17', 'UTC')).toEqual(['2030-01-10T09:00', '2030-01-13T09:00', '2030-01-16T09:00']);
		expect(localStarts(item, '2030-01-27', '2030-02-10', 'UTC')).toEqual(['2030-01-28T09:00']);
	});

	it('finds an occurrence by its instance index or its date, and none past the end of the series', () => {
		const item = series('2030-01-01T09:00:00Z', '2030-01-01T10:00:00Z', 'UTC', recurrenceFromRrule('FREQ=DAILY;INTERVAL=3;COUNT=10', '2030-01-01'));
		expect(occurrenceAt(item, 4)?.start.toISO()).toBe('2030-01-10T09:00:00.000Z');
		expect(occurrenceOn(item, '2030-01-10')?.index).toBe(4);
		expect(occurrenceOn(item, '2030-01-11')).toBeUndefined();
		expect([occurrenceAt(item, 0), occurrenceAt(item, 11)]).toEqual([undefined, undefined]);
	});

	it('ends the expansion of a pattern that matches no day', () => {
		const item = series('2030-02-01T09:00:00Z', '2030-02-01T10:00:00Z', 'UTC', recurrenceFromRrule('FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30', '2030-02-01'));
		expect(occurrenceAt(item, 1)).toBeUndefined();
	});
});
