/**
 * "Microsoft 365 ⇄ CRM: Schedule a meeting" (workflows/microsoft-365/schedule-meeting.json) on
 * real n8n against the local Microsoft 365 server: the form, filled over HTTP, reads free/busy
 * over Graph, creates the meeting in the organizer's mailbox and its linked Zoho event, with not
 * one EWS call on the way.
 */
jest.setTimeout(600_000);

import { DateTime } from 'luxon';
import { MEETING_TIME_FORMAT } from '../../../scripts/workflows/meeting';
import { MICROSOFT_365_MEETING_SET, microsoft365Workflows } from '../../../scripts/workflows/microsoft365';
import { RealtimeWorld } from '../realtime/support/realtimeWorld';
import { NO_FIRST_SYNC, ORGANISER, scheduleAtRequestedTime } from './support/meetingRequest';

const CONTACT = 'ana.ribeiro@lumen-labs.test';
const COLLEAGUE = 'bob@example.test';
const ZONE = 'Europe/Berlin';
const EWS_OPERATIONS = ['GetUserAvailability', 'CreateItem', 'UpdateItem', 'FindItem', 'GetItem'];

describe('Schedule a meeting for Microsoft 365 on real n8n', () => {
	let world: RealtimeWorld;

	beforeAll(async () => {
		world = await RealtimeWorld.start([microsoft365Workflows()['schedule-meeting.json']], NO_FIRST_SYNC, {}, { microsoft365: true });
	});

	afterAll(async () => {
		await world?.dispose();
	});

	it('schedules a meeting in the organizer\'s Microsoft 365 calendar and in the CRM, linked, over Graph only', async () => {
		const { exchange, zoho } = world.servers;
		const start = DateTime.now().setZone(ZONE).plus({ days: 3 }).set({ hour: 14, minute: 0, second: 0, millisecond: 0 });
		const subject = `Graph planning ${start.toMillis()}`;
		await exchange.control.resetCounters();
		const { availability, done } = await scheduleAtRequestedTime(world.url, MICROSOFT_365_MEETING_SET.formPath, {
			subject,
			attendees: `${CONTACT}, ${COLLEAGUE}`,
			start: start.toFormat(MEETING_TIME_FORMAT),
			end: start.plus({ minutes: 45 }).toFormat(MEETING_TIME_FORMAT),
			timeZone: ZONE,
			reminder: '10',
		});
		expect(availability.html).toContain('Everyone is free at the requested time.');
		expect(availability.html).toContain('Ana Ribeiro');
		expect(availability.html).toContain('(colleague)');
		expect(done.html).toContain('Meeting scheduled');
		expect(done.html).toContain('The Zoho CRM event with its participants is created and linked.');

		const event = (await exchange.control.items(ORGANISER, 'calendar')).find((item) => item.subject === subject) as Record<string, any>;
		expect(event).toBeDefined();
		expect(event.timeZone).toBe(ZONE);
		expect(DateTime.fromISO(event.start).toMillis()).toBe(start.toMillis());
		expect(DateTime.fromISO(event.end).toMillis()).toBe(start.plus({ minutes: 45 }).toMillis());
		expect(event.reminderMinutesBeforeStart).toBe(10);
		expect(event.requiredAttendees.map((attendee: { email: string }) => attendee.email.toLowerCase()).sort()).toEqual([CONTACT, COLLEAGUE].sort());
		expect(event.syncId).toBeTruthy();

		const calls = (await exchange.control.counters()).byOperation;
		expect(calls['calendar.getSchedule']).toBeGreaterThan(0);
		expect(calls['events.create']).toBe(1);
		for (const operation of EWS_OPERATIONS) expect(calls[operation]).toBeUndefined();

		const crmEvent = (await zoho.control.records('Events')).find((record) => record.Event_Title === subject) as Record<string, any>;
		expect(crmEvent).toBeDefined();
		expect(DateTime.fromISO(crmEvent.Start_DateTime).toMillis()).toBe(start.toMillis());
		expect(crmEvent.Remind_At).toEqual([expect.objectContaining({ unit: 10, period: 'minutes' })]);
		expect(crmEvent.Participants.map((participant: { Email: string; type: string }) => [participant.Email.toLowerCase(), participant.type]).sort()).toEqual([
			[CONTACT, 'contact'],
			[COLLEAGUE, 'user'],
		]);
		expect(crmEvent.Exchange_Sync_Id).toBe(event.syncId);
		// Both sides carry the same link state, naming the event by its Graph id.
		const linkState = JSON.parse(crmEvent.Exchange_Sync_State);
		expect(linkState.ex).toBeTruthy();
		expect(JSON.parse(event.syncState)).toMatchObject({ ex: linkState.ex });
	});
});
