/**
 * Dates are exact, on real n8n with the prebuilt workflows, for two CRM users in other zones than
 * the meetings they hold: Bob (CRM zone America/New_York) and Carol (Asia/Kolkata). All-day
 * events keep their calendar date on both sides whichever zone the Outlook event was made in;
 * meetings and weekly series keep their wall-clock time in their own zone across the US and EU
 * daylight-saving changes of March 2027; and the run right after the first sync writes nothing.
 */
import { DateTime } from 'luxon';

import type { SyncReportRow } from '../../scripts/workflows/definitions';
import { SyncWorld } from './support/syncWorld';
import { UserObjects, type CrmRecord, type ExchangeItem } from './support/objectsWorld';

const BOB = 'bob@example.test';
const CAROL = 'carol@example.test';

let world: SyncWorld;
let bob: UserObjects;
let carol: UserObjects;

const only = <T extends Record<string, unknown>>(items: T[], field: string, value: string): T => {
	const found = items.filter((item) => item[field] === value);
	expect({ value, count: found.length }).toEqual({ value, count: 1 });
	return found[0];
};

/** The calendar date an ISO date-time was written on, in its own offset. */
const dateOf = (value: unknown) => DateTime.fromISO(String(value), { setZone: true }).toISODate();
/** The calendar date of an instant on a zone's wall clock: Zoho answers in the API user's zone, its owner sees their own. */
const dateIn = (value: unknown, zone: string) => DateTime.fromISO(String(value)).setZone(zone).toISODate();
/** The wall-clock time of an instant in a zone. */
const wallClock = (value: unknown, zone: string) => DateTime.fromISO(String(value)).setZone(zone).toFormat('HH:mm');

/** An all-day event from Outlook in another zone than the CRM user's, on `date`. */
const exchangeAllDay = (subject: string, date: string, zone: string) => {
	const start = DateTime.fromISO(date, { zone });
	return { subject, start: start.toISO(), end: start.plus({ days: 1 }).toISO(), timeZone: zone, isAllDay: true };
};

/** An all-day event made in Zoho: first day 00:00 to last day 23:59 in the user's zone. */
const crmAllDay = (title: string, date: string, zone: string, owner: string) => {
	const start = DateTime.fromISO(date, { zone });
	return { Event_Title: title, Start_DateTime: start.toISO({ suppressMilliseconds: true }), End_DateTime: start.set({ hour: 23, minute: 59 }).toISO({ suppressMilliseconds: true }), All_day: true, Owner: { id: owner } };
};

/** A weekly series in Outlook: `count` Mondays (the first day is one) at `time` in `zone` from `firstDay`. */
const weeklySeries = (subject: string, firstDay: string, time: string, zone: string, count: number) => {
	const start = DateTime.fromISO(`${firstDay}T${time}`, { zone });
	return { subject, start: start.toISO(), end: start.plus({ minutes: 30 }).toISO(), timeZone: zone, isAllDay: false, recurrence: { rrule: `FREQ=WEEKLY;BYDAY=MO;COUNT=${count}`, deletedOccurrences: [] } };
};

const rowsOf = (rows: SyncReportRow[]) => rows.filter((row) => row.object === 'events' && [BOB, CAROL].includes(row.mailbox));

beforeAll(async () => {
	world = await SyncWorld.start({ syncContacts: false, syncTasks: false, syncEvents: true, syncMails: false, users: `${BOB},${CAROL}` });
	bob = new UserObjects(world.servers, BOB);
	carol = new UserObjects(world.servers, CAROL);
	const { exchange, zoho } = world.servers;
	await exchange.control.insertItems(BOB, 'event', [
		// Made in Outlook while Bob's calendar was set to New Zealand, a day ahead of New York.
		exchangeAllDay('Bob Auckland workshop (all day)', '2027-02-10', 'Pacific/Auckland'),
		// Weekly at 09:00 New York, across the US change to summer time on 14 March 2027.
		weeklySeries('Bob weekly pipeline review', '2027-03-01', '09:00', 'America/New_York', 6),
	]);
	await exchange.control.insertItems(CAROL, 'event', [
		// Made in Outlook set to Los Angeles, half a day behind Kolkata.
		exchangeAllDay('Carol LA roadshow (all day)', '2027-02-11', 'America/Los_Angeles'),
		// Weekly at 09:00 Berlin, across the EU change on 28 March 2027; Kolkata has no summer time.
		weeklySeries('Carol weekly Berlin sync', '2027-03-15', '09:00', 'Europe/Berlin', 4),
	]);
	await zoho.control.insertRecords('Events', [
		crmAllDay('Bob CRM holiday (all day)', '2027-02-12', 'America/New_York', await bob.ownerId()),
		crmAllDay('Carol CRM holiday (all day)', '2027-02-13', 'Asia/Kolkata', await carol.ownerId()),
	]);
});

afterAll(async () => {
	await world?.dispose();
});

describe('dates on real n8n, CRM users in New York and Kolkata', () => {
	let first: SyncReportRow[];

	it('the first sync runs without errors', async () => {
		first = rowsOf(await world.syncNow());
		expect(first.map((row) => [row.mailbox, row.status, row.errors, row.message]).sort()).toEqual([
			[BOB, 'success', 0, ''],
			[CAROL, 'success', 0, ''],
		]);
	});

	it('all-day events keep their calendar date on both sides, whichever zone they were made in', async () => {
		const cases: Array<[UserObjects, string, string, string]> = [
			[bob, 'Bob Auckland workshop (all day)', '2027-02-10', 'America/New_York'],
			[carol, 'Carol LA roadshow (all day)', '2027-02-11', 'Asia/Kolkata'],
			[bob, 'Bob CRM holiday (all day)', '2027-02-12', 'America/New_York'],
			[carol, 'Carol CRM holiday (all day)', '2027-02-13', 'Asia/Kolkata'],
		];
		for (const [user, subject, date, crmZone] of cases) {
			const item = only<ExchangeItem>(await user.exchangeEvents(), 'subject', subject);
			const record = only<CrmRecord>(await user.crmEvents(), 'Event_Title', subject);
			expect({ subject, exchange: [item.isAllDay, dateOf(item.start), dateOf(item.end)] }).toEqual({ subject, exchange: [true, date, DateTime.fromISO(date).plus({ days: 1 }).toISODate()] });
			expect({ subject, crm: [record.All_day, dateIn(record.Start_DateTime, crmZone), dateIn(record.End_DateTime, crmZone)] }).toEqual({ subject, crm: [true, date, date] });
		}
	});

	it('weekly series keep their wall-clock time in their own zone across the US and EU summer-time changes', async () => {
		for (const [user, subject, zone] of [
			[bob, 'Bob weekly pipeline review', 'America/New_York'],
			[carol, 'Carol weekly Berlin sync', 'Europe/Berlin'],
		] as const) {
			const item = only<ExchangeItem>(await user.exchangeEvents(), 'subject', subject);
			const record = only<CrmRecord>(await user.crmEvents(), 'Event_Title', subject);
			expect(item.timeZone).toBe(zone);
			expect(wallClock(item.start, zone)).toBe('09:00');
			// The CRM event starts at the same instant, and repeats by the same rule.
			expect(DateTime.fromISO(String(record.Start_DateTime)).toMillis()).toBe(DateTime.fromISO(String(item.start)).toMillis());
			expect(String((record.Recurring_Activity as { RRULE: string }).RRULE)).toContain('FREQ=WEEKLY');
			expect(String((record.Recurring_Activity as { RRULE: string }).RRULE)).toContain('COUNT=');
		}
	});

	it('the run right after the first sync writes nothing, and the one after reads only changes', async () => {
		const second = rowsOf(await world.syncNow());
		expect(second.map((row) => [row.mailbox, row.status, row.created, row.updated, row.deleted, row.errors]).sort()).toEqual([
			[BOB, 'success', 0, 0, 0, 0],
			[CAROL, 'success', 0, 0, 0, 0],
		]);
		await new Promise((resolve) => setTimeout(resolve, 2_100));
		await world.servers.exchange.control.resetCounters();
		const third = rowsOf(await world.syncNow());
		expect(third.every((row) => row.created + row.updated + row.deleted === 0)).toBe(true);
		const calls = (await world.servers.exchange.control.counters()).byOperation;
		for (const write of ['CreateItem', 'UpdateItem', 'DeleteItem']) expect(calls[write]).toBeUndefined();
	});

	it('a series made in the CRM is made in Exchange in the CRM user\'s zone, at the same wall-clock time after summer time starts', async () => {
		const owner = await bob.ownerId();
		await world.servers.zoho.control.insertRecords('Events', [
			{
				Event_Title: 'Bob CRM weekly call',
				Start_DateTime: '2027-03-02T10:00:00-05:00',
				End_DateTime: '2027-03-02T10:30:00-05:00',
				All_day: false,
				Recurring_Activity: { RRULE: 'FREQ=WEEKLY;INTERVAL=1;BYDAY=TU;COUNT=5;DTSTART=2027-03-02' },
				Owner: { id: owner },
			},
		]);
		await new Promise((resolve) => setTimeout(resolve, 2_100));
		const rows = rowsOf(await world.syncNow());
		expect(rows.find((row) => row.mailbox === BOB)).toMatchObject({ status: 'success', created: 1, errors: 0 });
		const item = only<ExchangeItem>(await bob.exchangeEvents(), 'subject', 'Bob CRM weekly call');
		expect(item.timeZone).toBe('America/New_York');
		expect(wallClock(item.start, 'America/New_York')).toBe('10:00');
		await new Promise((resolve) => setTimeout(resolve, 2_100));
		const after = rowsOf(await world.syncNow());
		expect(after.every((row) => row.created + row.updated + row.deleted + row.errors === 0)).toBe(true);
	});
});
