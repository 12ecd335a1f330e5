import { changedFields } from '../../../nodes/MicrosoftExchange/helpers/itemTypes';
import { contactType } from '../../../nodes/MicrosoftExchange/helpers/itemTypes/contact';
import { eventType } from '../../../nodes/MicrosoftExchange/helpers/itemTypes/event';

/** What an update sends is decided here: only fields whose content really differs. */
describe('changed fields', () => {
	it('ignores line-end and trailing-whitespace differences Exchange introduces', () => {
		expect(changedFields(contactType, { notes: 'a\r\nb\r\n' }, { notes: 'a\nb' })).toEqual({});
		expect(changedFields(contactType, { notes: 'a\r\nb' }, { notes: 'a\nc' })).toEqual({ notes: 'a\nc' });
	});

	it('treats empty, null and missing alike, and leaves unspecified parts of an object alone', () => {
		expect(changedFields(contactType, { jobTitle: null, categories: [] }, { jobTitle: '', categories: null })).toEqual({});
		const current = { businessAddress: { city: 'Lisbon', countryOrRegion: 'Portugal', street: null } };
		expect(changedFields(contactType, current, { businessAddress: { city: 'Lisbon' } })).toEqual({});
		expect(changedFields(contactType, current, { businessAddress: { city: 'Porto' } })).toEqual({ businessAddress: { city: 'Porto' } });
	});

	it('compares event times as instants and attendees as sets of addresses', () => {
		const current = {
			start: '2026-03-27T10:00:00.000+01:00',
			requiredAttendees: [{ email: 'Bob@Example.test', name: 'Bob' }, { email: 'carol@example.test' }],
			recurrence: { rrule: 'FREQ=WEEKLY;BYDAY=FR', deletedOccurrences: ['2026-04-03'] },
			iCalUid: 'uid-1',
		};
		const same = {
			start: '2026-03-27T09:00:00Z',
			requiredAttendees: [{ email: 'carol@example.test' }, { email: 'bob@example.test' }],
			recurrence: { rrule: 'FREQ=WEEKLY;BYDAY=FR' },
			iCalUid: 'another',
		};
		expect(changedFields(eventType, current, same)).toEqual({});
		expect(changedFields(eventType, current, { start: '2026-03-27T09:30:00Z' })).toEqual({ start: '2026-03-27T09:30:00Z' });
	});

	it('writes an event\'s times together when any of them changed', () => {
		const current = { start: '2026-03-27T09:00:00Z', end: '2026-03-27T10:00:00Z', timeZone: 'Europe/Berlin', isAllDay: false, location: 'A' };
		const changed = changedFields(eventType, current, { end: '2026-03-27T11:00:00Z', location: 'A' });
		expect(eventType.completeChange?.(current, changed)).toEqual({
			start: '2026-03-27T09:00:00Z',
			end: '2026-03-27T11:00:00Z',
			timeZone: 'Europe/Berlin',
			isAllDay: false,
		});
	});
});
