/**
 * Tasks, events and mail end to end on real n8n: the prebuilt "Sync Now" workflow, run through
 * its webhook for Alice with tasks, events and mail switched on, asserted on the local Exchange
 * and Zoho servers. The steps share one world and run in order.
 */
import { DateTime } from 'luxon';
import { DEMO_MAIL, DEMO_MEETINGS, DEMO_TASKS, DEMO_ZOHO } from '../emulators/demo/world';
import { demoCredentials } from '../../scripts/demo/demoCredentials';
import { SyncWorld } from './support/syncWorld';
import { CRM_PEOPLE_ATTENDEES, EXTRA, UserObjects, type CrmRecord, type ExchangeItem } from './support/objectsWorld';
import type { SyncReportRow } from '../../scripts/workflows/definitions';

const ALICE = 'alice@example.test';
const ALICE_ZONE = DEMO_ZOHO.users.find((user) => user.email === ALICE)!.timeZone;
const OBJECTS = ['tasks', 'events', 'mail'];
const TASK_STATUS: Record<string, string> = { NotStarted: 'Not Started', InProgress: 'In Progress', Completed: 'Completed' };
const EXCHANGE_WRITES = ['CreateItem', 'UpdateItem', 'DeleteItem'];
const CRM_WRITES = ['records.insert', 'records.update', 'records.upsert', 'records.delete'];

const lower = (value: unknown) => String(value ?? '').trim().toLowerCase();
const instant = (value: unknown) => DateTime.fromISO(String(value), { setZone: true }).toMillis();
const localDate = (value: unknown) => DateTime.fromISO(String(value), { setZone: true }).toISODate();
const dateIn = (value: unknown, zone: string) => DateTime.fromISO(String(value)).setZone(zone).toISODate();

function only<T extends Record<string, unknown>>(items: T[], field: string, value: string): T {
	const found = items.filter((item) => item[field] === value);
	if (found.length !== 1) throw new Error(`expected one item with ${field} "${value}", found ${found.length}`);
	return found[0];
}

function duplicates(values: string[]): string[] {
	return values.filter((value, index) => values.indexOf(value) !== index);
}

/** Both sides hold the same items (by subject), each once; returns the subjects. */
function expectSameItemsOnce(exchange: ExchangeItem[], exchangeKey: string, crm: CrmRecord[], crmKey: string): string[] {
	const exchangeKeys = exchange.map((item) => String(item[exchangeKey]));
	const crmKeys = crm.map((record) => String(record[crmKey]));
	expect(duplicates(exchangeKeys)).toEqual([]);
	expect(duplicates(crmKeys)).toEqual([]);
	expect([...crmKeys].sort()).toEqual([...exchangeKeys].sort());
	return exchangeKeys;
}

/** Both sides hold the same items, each once, every pair linked by one sync id. */
function expectLinked(exchange: ExchangeItem[], exchangeKey: string, crm: CrmRecord[], crmKey: string): void {
	expectSameItemsOnce(exchange, exchangeKey, crm, crmKey);
	for (const item of exchange) {
		expect({ item: item[exchangeKey], linked: typeof item.syncId === 'string' && item.syncId !== '' }).toEqual({ item: item[exchangeKey], linked: true });
		expect(only(crm, crmKey, String(item[exchangeKey])).Exchange_Sync_Id).toBe(item.syncId);
	}
}

type Counters = { exchange: { byOperation: Record<string, number>; invitationsByMeeting: Record<string, number> }; zoho: { byOperation: Record<string, number> } };

/** No create, update or delete reached either server, and no meeting mail was sent. */
function expectNoWrites(run: Counters): void {
	for (const write of EXCHANGE_WRITES) expect({ write, calls: run.exchange.byOperation[write] }).toEqual({ write, calls: undefined });
	for (const write of CRM_WRITES) expect({ write, calls: run.zoho.byOperation[write] }).toEqual({ write, calls: undefined });
	expect(run.exchange.invitationsByMeeting).toEqual({});
}

const aliceRows = (rows: SyncReportRow[]) => rows.filter((row) => row.mailbox === ALICE && OBJECTS.includes(row.object));

/** Zoho's event reminder (`[{unit, period}]`) in minutes. */
function reminderMinutes(record: CrmRecord): number | null {
	const first = (record.Remind_At as Array<{ unit: number; period: string }> | null)?.[0];
	if (!first) return null;
	return first.unit * ({ minutes: 1, hours: 60, days: 1440, weeks: 10080 }[first.period] ?? 1);
}

interface SeriesRecurrence {
	deletedOccurrences: string[];
	modifiedOccurrences: Array<{ id: string; originalStart: string; subject: string; location: string | null }>;
}
const recurrenceOf = (event: ExchangeItem) => event.recurrence as SeriesRecurrence;

/** The first dates (in the start's zone) of a weekly series on these ISO weekdays. */
function occurrenceDates(start: string, weekdays: number[], count = 6): string[] {
	const dates: string[] = [];
	for (let day = DateTime.fromISO(start, { setZone: true }); dates.length < count; day = day.plus({ days: 1 })) {
		if (weekdays.includes(day.weekday)) dates.push(day.toISODate()!);
	}
	return dates;
}

const attendeesOf = (event: ExchangeItem) =>
	[...(event.requiredAttendees as Array<{ email: string }>), ...(event.optionalAttendees as Array<{ email: string }>)].map((attendee) => lower(attendee.email));

describe('Sync Now on real n8n: tasks, events and mail', () => {
	let world: SyncWorld;
	let alice: UserObjects;
	let exchangeEventsBefore: ExchangeItem[];
	let crmEventsBefore: CrmRecord[];
	let firstRun: SyncReportRow[];
	let firstRunInvitations: Record<string, number>;

	const counters = async (): Promise<Counters> => {
		// The Exchange server's counters also hold the meeting mail sent per meeting UID (test/emulators/exchange/mail.ts).
		const [exchange, zoho] = await Promise.all([
			world.servers.exchange.control.call<Counters['exchange']>('GET', 'counters'),
			world.servers.zoho.control.counters(),
		]);
		return { exchange, zoho };
	};
	const resetCounters = () => Promise.all([world.servers.exchange.control.resetCounters(), world.servers.zoho.control.resetCounters()]);
	/**
	 * One Sync Now. Each run starts more than 2 s after the one before ended: the CRM side reads
	 * from 2 s before the previous run started, and runs that close together would read the writes
	 * of the run before the previous one again.
	 */
	let lastRunAt = 0;
	const timedSyncNow = async (label: string) => {
		await new Promise((resolve) => setTimeout(resolve, Math.max(0, lastRunAt + 2_100 - Date.now())));
		const started = Date.now();
		const rows = await world.syncNow();
		lastRunAt = Date.now();
		process.stdout.write(`objects e2e: ${label} took ${lastRunAt - started} ms\n`);
		return rows;
	};

	/** Resets both servers' counters, runs Sync Now, and returns Alice's rows and the calls it made. */
	const measure = async (label: string) => {
		await new Promise((resolve) => setTimeout(resolve, Math.max(0, lastRunAt + 2_100 - Date.now())));
		await resetCounters();
		const rows = aliceRows(await timedSyncNow(label));
		return { rows, ...(await counters()) };
	};

	/** Alice's received and sent mail to and from CRM contacts, each attached once to the contact's record. */
	const expectMailAttachedOnce = async () => {
		for (const folder of ['inbox', 'sentitems'] as const) {
			const items = await world.servers.exchange.control.items(ALICE, folder);
			for (const mail of DEMO_MAIL.filter((message) => message.mailbox === ALICE && message.folder === folder)) {
				const sent = folder === 'sentitems';
				const contact = await alice.crmContact(sent ? mail.to[0] : mail.from);
				const attached = (await alice.crmEmails('Contacts', contact.id)).filter((email) => email.subject === mail.subject);
				expect(attached).toHaveLength(1);
				expect(lower(attached[0].from.email)).toBe(mail.from);
				expect(attached[0].to.map((address) => lower(address.email))).toEqual(mail.to);
				// Sent by Alice or received by her; dated when it was sent (Zoho keeps whole seconds).
				expect(attached[0].sent).toBe(sent);
				const sentAt = only(items, 'subject', mail.subject).sentAt;
				expect(Math.floor(instant(attached[0].time) / 1000)).toBe(Math.floor(instant(sentAt) / 1000));
			}
		}
	};

	beforeAll(async () => {
		world = await SyncWorld.start({ syncContacts: false, syncTasks: true, syncEvents: true, syncMails: true, users: ALICE });
		alice = new UserObjects(world.servers, ALICE);
		await alice.addExtras();
		exchangeEventsBefore = await alice.exchangeEvents();
		crmEventsBefore = await alice.crmEvents();
		await resetCounters();
		firstRun = await timedSyncNow('first Sync Now');
		firstRunInvitations = (await counters()).exchange.invitationsByMeeting;
	});

	afterAll(async () => {
		await world?.dispose();
	});

	it('the first run syncs tasks, events and mail for Alice without errors', () => {
		const rows = aliceRows(firstRun);
		expect(rows.map((row) => row.object).sort()).toEqual([...OBJECTS].sort());
		for (const row of rows) expect({ object: row.object, status: row.status, errors: row.errors, message: row.message }).toEqual({ object: row.object, status: 'success', errors: 0, message: '' });
	});

	it('tasks: each side-only task appears once on the other side with its fields; the task on both sides is matched', async () => {
		const exchange = await alice.exchangeTasks();
		const crm = await alice.crmTasks();
		const subjects = expectSameItemsOnce(exchange, 'subject', crm, 'Subject');
		const expected = [...DEMO_TASKS.filter((task) => task.owner === ALICE).map((task) => task.subject), EXTRA.taskOnBothSides];
		expect([...subjects].sort()).toEqual(expected.sort());

		for (const task of DEMO_TASKS.filter((candidate) => candidate.owner === ALICE)) {
			const exchangeTask = only(exchange, 'subject', task.subject);
			const crmTask = only(crm, 'Subject', task.subject);
			expect((crmTask.Owner as { email: string }).email).toBe(ALICE);
			expect(crmTask.Due_Date).toBe(exchangeTask.dueDate);
			expect(crmTask.Status).toBe(TASK_STATUS[task.status]);
			expect(exchangeTask.status).toBe(task.status);
			expect(crmTask.Priority).toBe(task.priority);
			expect(exchangeTask.importance).toBe(task.priority);
		}
		// Copies carry their sync id from their create; expectLinked checks both sides after the run that confirms the links.
		const [fromExchange, fromCrm] = ['exchange', 'zoho'].map((side) => DEMO_TASKS.find((task) => task.owner === ALICE && task.on === side)!.subject);
		expect(only(crm, 'Subject', fromExchange).Exchange_Sync_Id).toBeTruthy();
		expect(only(exchange, 'subject', fromCrm).syncId).toBeTruthy();
		const matched = only(exchange, 'subject', EXTRA.taskOnBothSides);
		expect(matched.syncId).toBeTruthy();
		expect(only(crm, 'Subject', EXTRA.taskOnBothSides).Exchange_Sync_Id).toBe(matched.syncId);
	});

	it('events: Alice’s appointments and meetings appear once in the CRM at the same instant, with attendees and reminder', async () => {
		const crm = await alice.crmEvents();
		expect(duplicates(crm.map((event) => String(event.Event_Title)))).toEqual([]);
		const demo = DEMO_MEETINGS.filter((meeting) => meeting.on === 'exchange' && (meeting.organizer === ALICE || meeting.attendees.includes(ALICE)));
		expect(exchangeEventsBefore.map((event) => event.subject).sort()).toEqual(
			[...demo.map((meeting) => meeting.subject), EXTRA.exchangeAllDay, EXTRA.meetingWithCrmPeople].sort(),
		);

		for (const event of exchangeEventsBefore) {
			const record = only(crm, 'Event_Title', String(event.subject));
			expect(record.All_day).toBe(event.isAllDay);
			if (event.isAllDay) {
				expect(dateIn(record.Start_DateTime, ALICE_ZONE)).toBe(localDate(event.start));
				// Zoho spans an all-day event from its first day 00:00 to its last day 23:59.
				expect(instant(record.End_DateTime) - instant(record.Start_DateTime)).toBe(instant(event.end) - instant(event.start) - 60_000);
			} else {
				expect(instant(record.Start_DateTime)).toBe(instant(event.start));
				expect(instant(record.End_DateTime)).toBe(instant(event.end));
			}
			const organizer = lower((event.organizer as { email: string }).email);
			const participants = (record.Participants as Array<{ Email: string | null }>).map((participant) => lower(participant.Email));
			expect(participants.sort()).toEqual(attendeesOf(event).filter((email) => email !== organizer && email !== ALICE).sort());
			expect(reminderMinutes(record)).toBe(event.reminderMinutesBeforeStart);
			expect(record.Venue ?? null).toBe(event.location ?? null);
			expect(record.Exchange_Sync_Id).toBeTruthy();
		}
		const standUp = only(crm, 'Event_Title', 'Team stand-up');
		expect(String((standUp.Recurring_Activity as { RRULE: string }).RRULE).split(';')).toEqual(
			expect.arrayContaining(['FREQ=WEEKLY', 'BYDAY=MO,WE,FR', 'COUNT=12']),
		);
	});

	it('events: attendees who are a CRM contact or user are those participants in Zoho, others e-mail participants', async () => {
		const record = only(await alice.crmEvents(), 'Event_Title', EXTRA.meetingWithCrmPeople);
		const contact = (await world.servers.zoho.control.records('Contacts')).find((candidate) => !candidate.$deleted && lower(candidate.Email) === CRM_PEOPLE_ATTENDEES.contact)!;
		const bob = await new UserObjects(world.servers, CRM_PEOPLE_ATTENDEES.user).ownerId();
		const participants = (record.Participants as Array<{ type: string; participant: string; Email: string }>).map(({ type, participant, Email }) => ({ type, participant, email: lower(Email) }));
		expect(participants.sort((a, b) => a.email.localeCompare(b.email))).toEqual([
			{ type: 'user', participant: bob, email: CRM_PEOPLE_ATTENDEES.user },
			{ type: 'email', participant: CRM_PEOPLE_ATTENDEES.outsider, email: CRM_PEOPLE_ATTENDEES.outsider },
			{ type: 'contact', participant: contact.id, email: CRM_PEOPLE_ATTENDEES.contact },
		]);
	});

	it('events: CRM-only events appear once in Alice’s calendar; only the new meeting sent invitations', async () => {
		const calendar = await alice.exchangeEvents();
		expect(duplicates(calendar.map((event) => String(event.subject)))).toEqual([]);
		expect(crmEventsBefore.map((record) => record.Event_Title).sort()).toEqual(['Nordwerk kickoff', EXTRA.crmAllDay].sort());

		for (const record of crmEventsBefore) {
			const event = only(calendar, 'subject', String(record.Event_Title));
			expect(event.isAllDay).toBe(record.All_day);
			if (record.All_day) {
				expect(localDate(event.start)).toBe(localDate(record.Start_DateTime));
				expect(localDate(event.end)).toBe(DateTime.fromISO(String(record.End_DateTime), { setZone: true }).plus({ days: 1 }).toISODate());
			} else {
				expect(instant(event.start)).toBe(instant(record.Start_DateTime));
				expect(instant(event.end)).toBe(instant(record.End_DateTime));
			}
			const participants = (record.Participants as Array<{ Email: string | null }>).map((participant) => lower(participant.Email));
			expect(attendeesOf(event).sort()).toEqual(participants.sort());
			expect(event.syncId).toBeTruthy();
		}
		const kickoff = only(calendar, 'subject', 'Nordwerk kickoff');
		expect(kickoff.location).toBe('Hamburg office');
		// Creating the meeting invites its one attendee once; the meetings that came from Exchange were not re-sent.
		expect(firstRunInvitations).toEqual({ [String(kickoff.iCalUid)]: 1 });
	});

	it('mail: each message from or to a CRM contact, received or sent, is attached once to that contact’s record', async () => {
		await expectMailAttachedOnce();
	});

	it('the first run linked what it created: every pair carries one sync id on both sides, and the next run writes nothing', async () => {
		const confirming = await measure('Sync Now after the first');
		for (const row of confirming.rows) {
			expect([row.object, row.status, row.created, row.updated, row.deleted, row.conflicts, row.errors]).toEqual([row.object, 'success', 0, 0, 0, 0, 0]);
		}
		expectNoWrites(confirming);
		expect(confirming.exchange.byOperation.CreateItem).toBeUndefined();
		expect(confirming.zoho.byOperation['records.insert']).toBeUndefined();
		expect(confirming.exchange.invitationsByMeeting).toEqual({});
		expectLinked(await alice.exchangeTasks(), 'subject', await alice.crmTasks(), 'Subject');
		expectLinked(await alice.exchangeEvents(), 'subject', await alice.crmEvents(), 'Event_Title');
	});

	it('a rerun with nothing changed writes nothing, sends no invitation and attaches no message again', async () => {
		const rerun = await measure('unchanged Sync Now');
		process.stdout.write(`objects e2e: unchanged rerun calls: Exchange ${JSON.stringify(rerun.exchange.byOperation)}, Zoho ${JSON.stringify(rerun.zoho.byOperation)}\n`);
		for (const row of rerun.rows) {
			if (row.object === 'mail') expect([row.updated, row.deleted, row.errors]).toEqual([0, 0, 0]);
			else expect([row.object, row.created, row.updated, row.deleted, row.conflicts, row.errors]).toEqual([row.object, 0, 0, 0, 0, 0]);
		}
		expectNoWrites(rerun);
		// The only queries are the mail workflow's, one per module mail can be sent from (Contacts,
		// Leads, Accounts, Deals) per user: attendees are looked up only for meetings being written.
		const mailRuns = rerun.rows.filter((row) => row.object === 'mail').length;
		expect(rerun.zoho.byOperation.coql).toBe(4 * mailRuns);

		expectLinked(await alice.exchangeTasks(), 'subject', await alice.crmTasks(), 'Subject');
		expectLinked(await alice.exchangeEvents(), 'subject', await alice.crmEvents(), 'Event_Title');
		await expectMailAttachedOnce();
	});

	it('a CRM edit of a meeting mails its attendees only when it changes what they see; an attendee\'s answer reaches the CRM', async () => {
		const subject = 'Lumen Labs quarterly review';
		const BOB = 'bob@example.test';
		const meeting = only(await alice.exchangeEvents(), 'subject', subject);
		const record = only(await alice.crmEvents(), 'Event_Title', subject);
		const bobsInvitations = async () => (await world.servers.exchange.control.items(BOB, 'inbox')).filter((item) => String(item.subject) === subject).length;
		const before = await bobsInvitations();

		// The reminder is the organiser's own: the meeting is updated, nobody is mailed.
		await world.servers.zoho.control.updateRecords('Events', [{ id: record.id, Remind_At: [{ unit: 45, period: 'minutes' }] }]);
		const reminder = await measure('Sync Now after a CRM reminder edit');
		// Two writes: the meeting, and the CRM record's copy of the pair's new sync state.
		expect(reminder.rows.find((row) => row.object === 'events')).toMatchObject({ updated: 2, errors: 0 });
		expect(reminder.exchange.byOperation.UpdateItem).toBe(1);
		expect(only(await alice.exchangeEvents(), 'subject', subject).reminderMinutesBeforeStart).toBe(45);
		expect(reminder.exchange.invitationsByMeeting).toEqual({});
		expect(await bobsInvitations()).toBe(before);

		// A new place is news to every attendee: one update each.
		await world.servers.zoho.control.updateRecords('Events', [{ id: record.id, Venue: 'Room 12' }]);
		const venue = await measure('Sync Now after a CRM venue edit');
		expect(venue.rows.find((row) => row.object === 'events')).toMatchObject({ updated: 2, errors: 0 });
		expect(venue.exchange.byOperation.UpdateItem).toBe(1);
		expect(only(await alice.exchangeEvents(), 'subject', subject).location).toBe('Room 12');
		expect(venue.exchange.invitationsByMeeting).toEqual({ [String(meeting.iCalUid)]: 2 });
		expect(await bobsInvitations()).toBe(before + 1);

		// The run after reads its own write back: no write, no mail.
		const after = await measure('Sync Now after the meeting edits were synced');
		expectNoWrites(after);
		expect(after.exchange.invitationsByMeeting).toEqual({});
		expect(await bobsInvitations()).toBe(before + 1);

		// Bob accepts in Outlook: his answer reaches Alice's copy, then the CRM participant's status.
		await world.servers.exchange.control.respondToMeeting(BOB, { uid: String(meeting.iCalUid) }, 'Accept');
		const answered = await measure('Sync Now after Bob accepted');
		expect(answered.exchange.invitationsByMeeting).toEqual({});
		const statuses = (only(await alice.crmEvents(), 'Event_Title', subject).Participants as Array<{ Email: string; status: string }>).map((participant) => [participant.Email, participant.status]);
		expect(statuses).toContainEqual([BOB, 'accepted']);
		expectNoWrites(await measure('Sync Now after the answer was synced'));
	});

	it('mail Alice sends from a CRM contact lands once in her Sent Items, as a sent message, and is not attached back; the next run adds nothing', async () => {
		const contact = (await world.servers.zoho.control.records('Contacts')).find(
			(record) => !record.$deleted && (record.Owner as { email?: string }).email === ALICE && typeof record.Email === 'string',
		)!;
		const subject = 'Proposal sent from the CRM';
		const sent = await world.servers.zoho.control.sendEmailFromRecord({
			module: 'Contacts',
			recordId: contact.id as string,
			from: ALICE,
			cc: ['carol@example.test'],
			subject,
			content: '<p>Our <b>proposal</b> &amp; terms</p>',
		});
		const crmCopies = async () => (await alice.crmEmails('Contacts', contact.id as string)).filter((email) => email.subject === subject);
		const sentItems = async () => (await world.servers.exchange.control.items(ALICE, 'sentitems')).filter((item) => item.subject === subject);

		const run = await measure('Sync Now after mail sent from the CRM');
		const mail = run.rows.find((row) => row.object === 'mail')!;
		expect([mail.status, mail.created, mail.errors]).toEqual(['success', 1, 0]);
		expect(run.exchange.byOperation.CreateItem).toBe(1);
		const copies = await sentItems();
		expect(copies).toHaveLength(1);
		expect(copies[0]).toMatchObject({
			isDraft: false,
			isRead: true,
			from: { email: ALICE },
			to: [{ email: lower(contact.Email) }],
			cc: [{ email: 'carol@example.test' }],
			syncId: `zoho-email:${sent.messageId}`,
		});
		expect(copies[0].body).toContain('<b>proposal</b> &amp; terms');
		expect(instant(copies[0].sentAt)).toBe(instant(sent.sentAt));
		expect(instant(copies[0].receivedAt)).toBe(instant(sent.sentAt));
		expect(await crmCopies()).toHaveLength(1);

		const again = await measure('Sync Now after the CRM mail was copied');
		expect(again.rows.find((row) => row.object === 'mail')).toMatchObject({ created: 0, errors: 0 });
		expectNoWrites(again);
		expect(again.zoho.byOperation['emails.associate']).toBeUndefined();
		expect(await sentItems()).toHaveLength(1);
		expect(await crmCopies()).toHaveLength(1);
	});

	it('a task’s status edited on one side reaches the other side on the next run, and the run after writes nothing', async () => {
		const fromExchange = 'Send Lumen Labs the renewal quote';
		const fromCrm = 'Prepare Nordwerk onboarding pack';
		await world.servers.exchange.control.updateItem(only(await alice.exchangeTasks(), 'subject', fromExchange).id, { status: 'Completed' });
		await world.servers.zoho.control.updateRecords('Tasks', [{ id: only(await alice.crmTasks(), 'Subject', fromCrm).id, Status: 'Deferred' }]);

		const edited = (await measure('Sync Now after the status edits')).rows.find((row) => row.object === 'tasks')!;
		expect([edited.created, edited.deleted, edited.conflicts, edited.errors]).toEqual([0, 0, 0, 0]);
		expect(only(await alice.crmTasks(), 'Subject', fromExchange).Status).toBe('Completed');
		expect(only(await alice.exchangeTasks(), 'subject', fromCrm).status).toBe('Deferred');
		expect(only(await alice.exchangeTasks(), 'subject', fromExchange).status).toBe('Completed');
		expect(only(await alice.crmTasks(), 'Subject', fromCrm).Status).toBe('Deferred');

		const settled = await measure('Sync Now after the edits were synced');
		const tasks = settled.rows.find((row) => row.object === 'tasks')!;
		expect([tasks.created, tasks.updated, tasks.deleted, tasks.conflicts, tasks.errors]).toEqual([0, 0, 0, 0, 0]);
		expectNoWrites(settled);
		expectLinked(await alice.exchangeTasks(), 'subject', await alice.crmTasks(), 'Subject');
	});

	it('a task and an event deleted on each side of a small mailbox are held back and explained; released, they are deleted on the other side; the runs after read changes only', async () => {
		const quiet = await measure('Sync Now before the deletions');
		expectNoWrites(quiet);
		const exchangeTask = only(await alice.exchangeTasks(), 'subject', 'Send Lumen Labs the renewal quote');
		const crmTask = only(await alice.crmTasks(), 'Subject', 'Prepare Nordwerk onboarding pack');
		const exchangeEvent = only(await alice.exchangeEvents(), 'subject', EXTRA.exchangeAllDay);
		const crmEvent = only(await alice.crmEvents(), 'Event_Title', EXTRA.crmAllDay);
		const linkedTasks = (await alice.crmTasks()).length;
		await world.servers.exchange.control.deleteItems([exchangeTask.id, exchangeEvent.id]);
		await world.servers.zoho.control.deleteRecords('Tasks', [crmTask.id]);
		await world.servers.zoho.control.deleteRecords('Events', [crmEvent.id]);

		// Two of Alice's three tasks at once are more than half of them: the brake holds both deletes
		// and the report says why and how to let them through. Two of her events are not: they go.
		const held = await measure('Sync Now after deletions on both sides');
		const tasksRow = held.rows.find((row) => row.object === 'tasks')!;
		expect([tasksRow.status, tasksRow.deleted, tasksRow.errors]).toEqual(['success', 0, 0]);
		expect(tasksRow.message).toBe(
			`2 deletes held back: 2 deletes are more than 50% of ${linkedTasks} linked records. If these records were really deleted, run once with Release Held Deletes on (or with a higher Mass-Delete Limit or Share); nothing is deleted until then.`,
		);
		expect(only(await alice.crmTasks(), 'Subject', 'Send Lumen Labs the renewal quote')).toBeDefined();
		const eventsRow = held.rows.find((row) => row.object === 'events')!;
		expect([eventsRow.status, eventsRow.deleted, eventsRow.errors, eventsRow.message]).toEqual(['success', 2, 0, '']);

		// Released for one run, the held task deletes reach the other side.
		await world.deploy({ syncContacts: false, syncTasks: true, syncEvents: true, syncMails: true, users: ALICE, releaseHeldDeletes: true });
		const deletion = await measure('Sync Now with Release Held Deletes');
		const released = deletion.rows.find((row) => row.object === 'tasks')!;
		expect([released.status, released.created, released.updated, released.deleted, released.conflicts, released.errors]).toEqual(['success', 0, 0, 2, 0, 0]);
		await world.deploy({ syncContacts: false, syncTasks: true, syncEvents: true, syncMails: true, users: ALICE });
		const tasks = expectSameItemsOnce(await alice.exchangeTasks(), 'subject', await alice.crmTasks(), 'Subject');
		const events = expectSameItemsOnce(await alice.exchangeEvents(), 'subject', await alice.crmEvents(), 'Event_Title');
		for (const gone of [exchangeTask.subject, crmTask.Subject]) expect(tasks).not.toContain(gone);
		for (const gone of [exchangeEvent.subject, crmEvent.Event_Title]) expect(events).not.toContain(gone);

		// The next runs read back the deletions this sync made, whose partners are gone: lookups,
		// no writes; then the runs are quiet again.
		const echo = await measure('Sync Now after the deletions were synced');
		expectNoWrites(echo);
		for (const row of echo.rows) expect([row.object, row.status, row.deleted, row.errors]).toEqual([row.object, 'success', 0, 0]);
		const after = await measure('Sync Now two runs after the deletions');
		expectNoWrites(after);
		expect(after.exchange.byOperation).toEqual(quiet.exchange.byOperation);
		expect(after.zoho.byOperation).toEqual(quiet.zoho.byOperation);
	});

	it('events: a moved occurrence of Alice’s stand-up becomes a CRM event of its own and a deleted one an excluded date; the moved one then syncs edits and its deletion', async () => {
		const control = world.servers.exchange.control;
		const standUp = async () => only(await alice.exchangeEvents(), 'subject', 'Team stand-up');
		const crmEvent = async (title: string) => only(await alice.crmEvents(), 'Event_Title', title);
		const excluded = (record: CrmRecord) => String((record.Recurring_Activity as { EXDATE?: string }).EXDATE ?? '').split(',').filter(Boolean).sort();
		const seriesId = String((await standUp()).id);
		const seriesSyncId = (await crmEvent('Team stand-up')).Exchange_Sync_Id as string;

		// In Outlook: the second occurrence moved an hour later and renamed, the third deleted.
		await control.updateOccurrence(seriesId, { index: 2 }, { subject: 'Team stand-up (moved)' });
		const originalStart = String(recurrenceOf(await standUp()).modifiedOccurrences[0].originalStart);
		const movedStart = DateTime.fromISO(originalStart, { setZone: true }).plus({ hours: 1 });
		await control.updateOccurrence(seriesId, { index: 2 }, { start: movedStart.toISO(), end: movedStart.plus({ minutes: 15 }).toISO() });
		await control.deleteOccurrence(seriesId, { index: 3 });
		const exchangeExcluded = () =>
			standUp().then((series) => {
				const recurrence = recurrenceOf(series);
				return [...recurrence.deletedOccurrences, ...recurrence.modifiedOccurrences.map((occurrence) => localDate(occurrence.originalStart))].sort();
			});
		expect(await exchangeExcluded()).toHaveLength(2);

		const synced = await measure('Sync Now after editing single occurrences');
		const events = synced.rows.find((row) => row.object === 'events')!;
		expect([events.created, events.deleted, events.conflicts, events.errors]).toEqual([1, 0, 0, 0]);
		const moved = await crmEvent('Team stand-up (moved)');
		expect(instant(moved.Start_DateTime)).toBe(movedStart.toMillis());
		expect(instant(moved.End_DateTime)).toBe(movedStart.plus({ minutes: 15 }).toMillis());
		expect(moved.Recurring_Activity ?? null).toBeNull();
		expect(moved.Exchange_Sync_Id).toBe(`${seriesSyncId}/${DateTime.fromISO(originalStart).toUTC().toISO({ suppressMilliseconds: true })}`);
		expect(excluded(await crmEvent('Team stand-up'))).toEqual(await exchangeExcluded());
		// Only the series was written in Exchange (its link), never re-invited; the next run is quiet.
		expect(synced.exchange.invitationsByMeeting).toEqual({});
		expectNoWrites(await measure('Sync Now after the occurrences were synced'));

		// In Zoho: a venue for the moved occurrence, and one more date excluded from the series.
		await world.servers.zoho.control.updateRecords('Events', [{ id: moved.id, Venue: 'Room 4' }]);
		const series = await crmEvent('Team stand-up');
		const addedDate = occurrenceDates(String((await standUp()).start), [1, 3, 5])[3];
		await world.servers.zoho.control.updateRecords('Events', [
			{ id: series.id, Recurring_Activity: { ...(series.Recurring_Activity as object), EXDATE: [...excluded(series), addedDate].join(',') } },
		]);
		const fromCrm = (await measure('Sync Now after the CRM edits')).rows.find((row) => row.object === 'events')!;
		expect([fromCrm.created, fromCrm.deleted, fromCrm.conflicts, fromCrm.errors]).toEqual([0, 0, 0, 0]);
		expect(recurrenceOf(await standUp()).modifiedOccurrences).toEqual([expect.objectContaining({ subject: 'Team stand-up (moved)', location: 'Room 4' })]);
		expect((await standUp()).location ?? null).toBeNull();
		expect(recurrenceOf(await standUp()).deletedOccurrences).toContain(addedDate);
		expectNoWrites(await measure('Sync Now after the CRM edits were synced'));

		// In Outlook: the moved occurrence deleted. Exchange reports only the series as changed.
		await control.deleteOccurrence(seriesId, { index: 2 });
		const deleted = (await measure('Sync Now after deleting the moved occurrence')).rows.find((row) => row.object === 'events')!;
		expect([deleted.created, deleted.deleted, deleted.conflicts, deleted.errors]).toEqual([0, 1, 0, 0]);
		expect((await alice.crmEvents()).filter((record) => record.Event_Title === 'Team stand-up (moved)')).toEqual([]);
		expect(excluded(await crmEvent('Team stand-up'))).toEqual(await exchangeExcluded());
		expectNoWrites(await measure('Sync Now after the deletion was synced'));

		// In Outlook another occurrence renamed; once synced, its CRM event deleted in Zoho.
		await control.updateOccurrence(seriesId, { index: 5 }, { subject: 'Team stand-up (fifth)' });
		await measure('Sync Now after renaming the fifth occurrence');
		const fifth = await crmEvent('Team stand-up (fifth)');
		const fifthDate = localDate(only(recurrenceOf(await standUp()).modifiedOccurrences, 'subject', 'Team stand-up (fifth)').originalStart);
		await world.servers.zoho.control.deleteRecords('Events', [fifth.id]);
		const crmDeleted = (await measure('Sync Now after deleting the fifth occurrence in Zoho')).rows.find((row) => row.object === 'events')!;
		expect([crmDeleted.created, crmDeleted.deleted, crmDeleted.conflicts, crmDeleted.errors, crmDeleted.message]).toEqual([0, 1, 0, 0, '']);
		expect(recurrenceOf(await standUp()).modifiedOccurrences).toEqual([]);
		expect(recurrenceOf(await standUp()).deletedOccurrences).toContain(fifthDate);
		expect(excluded(await crmEvent('Team stand-up'))).toEqual(await exchangeExcluded());
	});

	it('reinstalled with a fresh n8n database, the sync finds its links and mail identities in the two systems: nothing made or attached twice', async () => {
		const emailsBefore = await Promise.all(DEMO_MAIL.filter((mail) => mail.mailbox === ALICE).map(async (mail) => {
			const contact = await alice.crmContact(mail.folder === 'sentitems' ? mail.to[0] : mail.from);
			return (await alice.crmEmails('Contacts', contact.id)).length;
		}));
		const counts = async () => ({ tasks: (await alice.crmTasks()).length, events: (await alice.crmEvents()).length, exchangeTasks: (await alice.exchangeTasks()).length, exchangeEvents: (await alice.exchangeEvents()).length });
		const before = await counts();
		await world.stopN8n();
		world.n8n.removeDatabase();
		await world.reinstallPackage();
		await world.n8n.importCredentials(await demoCredentials(world.servers));
		await world.deploy({ syncContacts: false, syncTasks: true, syncEvents: true, syncMails: true, users: ALICE });

		// State lost: every object reads both sides in full, and mail every message in the folders again.
		const rerun = await measure('Sync Now after reinstalling with a fresh database');
		for (const row of rerun.rows) {
			expect([row.object, row.status, row.created, row.deleted, row.errors, row.message]).toEqual([row.object, 'success', 0, 0, 0, '']);
		}
		expect(await counts()).toEqual(before);
		expect(rerun.exchange.byOperation.CreateItem).toBeUndefined();
		expect(rerun.zoho.byOperation['records.insert']).toBeUndefined();
		const emailsAfter = await Promise.all(DEMO_MAIL.filter((mail) => mail.mailbox === ALICE).map(async (mail) => {
			const contact = await alice.crmContact(mail.folder === 'sentitems' ? mail.to[0] : mail.from);
			return (await alice.crmEmails('Contacts', contact.id)).length;
		}));
		expect(emailsAfter).toEqual(emailsBefore);
		await expectMailAttachedOnce();
		expectNoWrites(await measure('Sync Now after the reinstall was synced'));
	});

	it('every request and answer of these runs matched the EWS schema and Zoho’s OpenAPI description', async () => {
		const exchange = await world.servers.exchange.control.call<{ errors: unknown[] }>('GET', 'validation-errors');
		expect(exchange.errors).toEqual([]);
		expect(await world.servers.zoho.control.validationErrors()).toEqual([]);
	});
});
