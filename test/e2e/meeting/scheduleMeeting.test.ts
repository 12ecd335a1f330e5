/**
 * The "Schedule a meeting" form on real n8n (`n8n start`), submitted over HTTP as n8n's form page
 * does: a meeting scheduled through the form appears in Exchange (attendees, time zone, reminder,
 * sync link) and in Zoho (participants, reminder, the same link), and the form explains requests
 * it cannot schedule.
 */
jest.setTimeout(600_000);

import { DateTime } from 'luxon';
import { MEETING_FORM_PATH, MEETING_TIME_FORMAT, meetingWorkflow } from '../../../scripts/workflows/meeting';
import { SYNC_NOW_WEBHOOK_PATH, type SyncReportRow } from '../../../scripts/workflows/definitions';
import { RealtimeWorld } from '../realtime/support/realtimeWorld';
import { submitForm, submitPage } from './support/formClient';
import { meetingRequest, NO_FIRST_SYNC, ORGANISER, scheduleAtRequestedTime } from './support/meetingRequest';

const CONTACT = 'ana.ribeiro@lumen-labs.test';
const COLLEAGUE = 'bob@example.test';
const ZONE = 'America/New_York';

describe('Schedule a meeting form on real n8n', () => {
	let world: RealtimeWorld;

	beforeAll(async () => {
		world = await RealtimeWorld.start([meetingWorkflow()], { ...NO_FIRST_SYNC, syncEvents: true });
	});

	afterAll(async () => {
		await world?.dispose();
	});

	it('schedules a meeting on both sides with attendees, time zone, reminder and one link', async () => {
		const start = DateTime.now().setZone(ZONE).plus({ days: 3 }).set({ hour: 9, minute: 0, second: 0, millisecond: 0 });
		const subject = `Quarterly review ${start.toMillis()}`;
		const { availability, done } = await scheduleAtRequestedTime(world.url, MEETING_FORM_PATH, {
			subject,
			attendees: `${CONTACT}, ${COLLEAGUE}`,
			start: start.toFormat(MEETING_TIME_FORMAT),
			end: start.plus({ hours: 1 }).toFormat(MEETING_TIME_FORMAT),
			timeZone: ZONE,
			reminder: '30',
		});
		expect(availability.html).toContain('Everyone is free at the requested time.');
		expect(availability.html).toContain('Ana Ribeiro');
		expect(availability.html).toContain('(colleague)');
		expect(done.html).toContain('Meeting scheduled');
		expect(done.html).toContain('Reminder 30 minutes before.');

		const event = (await world.servers.exchange.control.items(ORGANISER, 'calendar')).find((item) => item.subject === subject) as Record<string, any>;
		expect(event).toBeDefined();
		expect(event.timeZone).toBe(ZONE);
		expect(DateTime.fromISO(event.start).toMillis()).toBe(start.toMillis());
		expect(event.reminderMinutesBeforeStart).toBe(30);
		expect(event.requiredAttendees.map((attendee: { email: string }) => attendee.email.toLowerCase()).sort()).toEqual([CONTACT, COLLEAGUE].sort());
		expect(event.syncId).toBeTruthy();

		const crmEvent = (await world.servers.zoho.control.records('Events')).find((record) => record.Event_Title === subject) as Record<string, any>;
		expect(crmEvent).toBeDefined();
		expect(DateTime.fromISO(crmEvent.Start_DateTime).toMillis()).toBe(start.toMillis());
		expect(crmEvent.Remind_At).toEqual([expect.objectContaining({ unit: 30, period: 'minutes' })]);
		// The contact the form found and the colleague, a CRM user, are linked to the meeting as themselves.
		const contact = (await world.servers.zoho.control.records('Contacts')).find((record) => !record.$deleted && String(record.Email).toLowerCase() === CONTACT)!;
		const colleague = (await world.servers.zoho.control.records('Contacts')).find((record) => (record.Owner as { email: string }).email === COLLEAGUE)!;
		const participants = crmEvent.Participants.map((participant: { type: string; participant: string; Email: string }) => [participant.Email.toLowerCase(), participant.type, participant.participant]);
		expect(participants.sort()).toEqual([
			[CONTACT, 'contact', contact.id],
			[COLLEAGUE, 'user', (colleague.Owner as { id: string }).id],
		]);
		expect(crmEvent.Exchange_Sync_Id).toBe(event.syncId);
		expect(JSON.parse(crmEvent.Exchange_Sync_State)).toMatchObject({ ex: event.id });
		expect(JSON.parse(event.syncState)).toMatchObject({ ex: event.id });

		// The next events sync (its first, so it also links the demo meetings) takes the pair as linked:
		// no second copy on either side, the link kept.
		const report = (await (await fetch(`${world.url}/webhook/${SYNC_NOW_WEBHOOK_PATH}`, { method: 'POST' })).json()) as SyncReportRow[];
		expect(report.find((row) => row.object === 'events' && row.mailbox === ORGANISER)).toMatchObject({ status: 'success' });
		const crmCopies = (await world.servers.zoho.control.records('Events')).filter((record) => !record.$deleted && record.Event_Title === subject);
		expect(crmCopies.map((record) => [record.id, record.Exchange_Sync_Id])).toEqual([[crmEvent.id, event.syncId]]);
		const exchangeCopies = (await world.servers.exchange.control.items(ORGANISER, 'calendar')).filter((item) => item.subject === subject);
		expect(exchangeCopies.map((item) => [item.id, item.syncId])).toEqual([[event.id, event.syncId]]);
	});

	/** Submits a request `days` days ahead at `hour` in New York, lasting `minutes` (negative: ending before it starts). */
	const submitRequest = (subject: string, attendees: string, hour: number, minutes: number, days = 2) => {
		const start = DateTime.now().setZone(ZONE).plus({ days }).set({ hour, minute: 0 });
		return submitForm(world.url, MEETING_FORM_PATH, meetingRequest({
			subject,
			attendees,
			start: start.toFormat(MEETING_TIME_FORMAT),
			end: start.plus({ minutes }).toFormat(MEETING_TIME_FORMAT),
			timeZone: ZONE,
			reminder: '15',
		}));
	};

	it('refuses an end before the start', async () => {
		const page = await submitRequest('Backwards', COLLEAGUE, 15, -60);
		expect(page.html).toContain('Cannot schedule this meeting');
		expect(page.html).toContain('The end is before the start');
	});

	it('names an attendee who is neither in the CRM nor a colleague', async () => {
		const page = await submitRequest('Stranger', `${COLLEAGUE}, nobody@nowhere.test`, 11, 30);
		expect(page.html).toContain('Unknown attendees');
		expect(page.html).toContain('nobody@nowhere.test');
	});

	it('refuses a start in the past', async () => {
		const page = await submitRequest('Yesterday', COLLEAGUE, 10, 30, -1);
		expect(page.html).toContain('The start is in the past');
	});

	it('shows a busy attendee and refuses the busy time', async () => {
		const start = DateTime.now().setZone(ZONE).plus({ days: 4 }).set({ hour: 13, minute: 0, second: 0, millisecond: 0 });
		await world.servers.exchange.control.insertItems(COLLEAGUE, 'event', [
			{ subject: 'Dentist', start: start.toISO(), end: start.plus({ hours: 1 }).toISO(), timeZone: ZONE, isAllDay: false, showAs: 'Busy' },
		]);
		const availability = await submitForm(world.url, MEETING_FORM_PATH, meetingRequest({
			subject: 'Clash',
			attendees: COLLEAGUE,
			start: start.toFormat(MEETING_TIME_FORMAT),
			end: start.plus({ minutes: 30 }).toFormat(MEETING_TIME_FORMAT),
			timeZone: ZONE,
			reminder: '15',
		}));
		expect(availability.html).toContain(`The requested time is busy for ${COLLEAGUE}.`);
		const requestedTime = /<option[^>]*value='([^']*requested[^']*)'/.exec(availability.html)?.[1];
		expect(requestedTime).toContain(`busy: ${COLLEAGUE}`);
		const refused = await submitPage(availability, ['', requestedTime!]);
		expect(refused.html).toContain('That time is busy');
		expect(refused.html).toContain(`${COLLEAGUE} is busy at that time.`);
		expect((await world.servers.exchange.control.items(ORGANISER, 'calendar')).some((item) => item.subject === 'Clash')).toBe(false);
	});
});
