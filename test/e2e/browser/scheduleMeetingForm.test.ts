/**
 * The "Schedule a meeting" form in a real browser (Debian's Chromium, headless, driven by
 * Playwright) on real n8n: fill the form, read the availability page, schedule. The first two pages
 * are saved as screenshots (in .cache/screenshots; with UPDATE_SCREENSHOTS=1, as the ones the docs
 * show). Only loopback traffic leaves the browser.
 */
jest.setTimeout(600_000);

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { chromium, type BrowserContext } from 'playwright-core';
import { repoRoot } from '../../../scripts/n8n/paths';
import { MEETING_FORM_PATH, MEETING_TIME_FORMAT, meetingWorkflow } from '../../../scripts/workflows/meeting';
import { RealtimeWorld } from '../realtime/support/realtimeWorld';
import { formReady } from '../meeting/support/formClient';
import { meetingRequest, NO_FIRST_SYNC, ORGANISER } from '../meeting/support/meetingRequest';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? path.join(repoRoot, 'docs', 'images') : path.join(repoRoot, '.cache', 'screenshots');
const ZONE = 'Europe/Berlin';

describe('Schedule a meeting form in Chromium', () => {
	let world: RealtimeWorld;
	let browser: BrowserContext;
	let userDataDir: string;

	beforeAll(async () => {
		execFileSync('sh', [path.join(repoRoot, 'scripts', 'browser', 'ensure-chromium.sh')], { stdio: 'inherit' });
		world = await RealtimeWorld.start([meetingWorkflow()], NO_FIRST_SYNC);
		userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'exzs-chromium-'));
		browser = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, viewport: { width: 900, height: 1300 } });
		// Web fonts and the like are not fetched: everything stays on 127.0.0.1.
		await browser.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort()));
	});

	afterAll(async () => {
		await browser?.close();
		await world?.dispose();
		if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
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
		const page = await browser.newPage();
		await formReady(world.url, MEETING_FORM_PATH);
		await page.goto(`${world.url}/form/${MEETING_FORM_PATH}`, { waitUntil: 'domcontentloaded' });
		for (const [index, value] of answers.entries()) await page.fill(`#field-${index}`, value);
		fs.mkdirSync(SCREENSHOTS, { recursive: true });
		await page.screenshot({ path: path.join(SCREENSHOTS, 'schedule-meeting-form.png'), fullPage: true });
		await page.click('#submit-btn');

		await page.waitForSelector('h1:has-text("See availability")', { timeout: 60_000 });
		const availability = await page.textContent('body');
		expect(availability).toContain('Everyone is free at the requested time.');
		expect(availability).toContain('Ana Ribeiro');
		expect(availability).toContain('bob@example.test (colleague): free');
		await page.screenshot({ path: path.join(SCREENSHOTS, 'schedule-meeting-availability.png'), fullPage: true });

		await page.selectOption('#field-1', { index: 1 });
		await page.click('#submit-btn');
		await page.waitForSelector('h1:has-text("Meeting scheduled")', { timeout: 60_000 });
		expect(await page.textContent('body')).toContain('Reminder 20 minutes before.');

		const event = (await world.servers.exchange.control.items(ORGANISER, 'calendar')).find((item) => item.subject === subject) as Record<string, unknown> | undefined;
		expect(event).toMatchObject({ location: 'Lisbon office, room 2', timeZone: ZONE, reminderMinutesBeforeStart: 20 });
	});
});
