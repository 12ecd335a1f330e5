/**
 * The "Schedule a meeting" form in a real browser (Debian's Chromium, headless, driven by
 * Playwright) on real n8n: fill the form, read the availability page, schedule. The first two pages
 * are saved as screenshots (in .cache/screenshots; with UPDATE_SCREENSHOTS=1, as the ones the docs
 * show).
 */
jest.setTimeout(600_000);

import { DateTime } from 'luxon';
import { MEETING_FORM_PATH, MEETING_TIME_FORMAT, meetingWorkflow } from '../../../scripts/workflows/meeting';
import { RealtimeWorld } from '../realtime/support/realtimeWorld';
import { formReady } from '../meeting/support/formClient';
import { meetingRequest, NO_FIRST_SYNC, ORGANISER } from '../meeting/support/meetingRequest';
import { launchChromium, screenshot, type Browser } from './support/chromium';

const ZONE = 'Europe/Berlin';

describe('Schedule a meeting form in Chromium', () => {
	let world: RealtimeWorld;
	let browser: Browser;

	beforeAll(async () => {
		world = await RealtimeWorld.start([meetingWorkflow()], NO_FIRST_SYNC);
		browser = await launchChromium({ width: 900, height: 1300 });
	});

	afterAll(async () => {
		await browser?.close();
		await world?.dispose();
	});

	it('fills the form, shows availability and schedules the meeting', async () => {
		const start = DateTime.now().setZone(ZONE).plus({ days: 5 }).set({ hour: 14, minute: 0, second: 0, millisecond: 0 });
		const subject = 'Kick-off with Lumen Labs';
		const answers = meetingRequest({
			subject,
			attendees: 'ana.ribeiro@lumen-labs.test, bob@example.test',
			location: 'Lisbon office, room 2',
			start: start.toFormat(MEETING_TIME_FORMAT),
			end: start.plus({ minutes: 45 }).toFormat(MEETING_TIME_FORMAT),
			timeZone: ZONE,
			reminder: '20',
		});
		const page = await browser.context.newPage();
		await formReady(world.url, MEETING_FORM_PATH);
		await page.goto(`${world.url}/form/${MEETING_FORM_PATH}`, { waitUntil: 'domcontentloaded' });
		for (const [index, value] of answers.entries()) await page.fill(`#field-${index}`, value);
		await screenshot(page, 'schedule-meeting-form.png');
		await page.click('#submit-btn');

		await page.waitForSelector('h1:has-text("See availability")', { timeout: 60_000 });
		const availability = await page.textContent('body');
		expect(availability).toContain('Everyone is free at the requested time.');
		expect(availability).toContain('Ana Ribeiro');
		expect(availability).toContain('bob@example.test (colleague): free');
		await screenshot(page, 'schedule-meeting-availability.png');

		await page.selectOption('#field-1', { index: 1 });
		await page.click('#submit-btn');
		await page.waitForSelector('h1:has-text("Meeting scheduled")', { timeout: 60_000 });
		expect(await page.textContent('body')).toContain('Reminder 20 minutes before.');

		const event = (await world.servers.exchange.control.items(ORGANISER, 'calendar')).find((item) => item.subject === subject) as Record<string, unknown> | undefined;
		expect(event).toMatchObject({ location: 'Lisbon office, room 2', timeZone: ZONE, reminderMinutesBeforeStart: 20 });
	});
});
