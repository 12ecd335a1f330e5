import { DateTime } from 'luxon';
/**
 * Tasks (status and priority picklists, reminders) and events (instants across zones, all-day
 * dates, DST, recurrence with deleted occurrences, meetings that must not re-invite).
 */
import { planSync } from '../../../nodes/ExchangeCrmSync/core/planner';
import { settingsFor, SyncWorld, writesOf } from './world';

/** A CRM record as a user would have typed it: without the sync link. */
const unlinked = ({ Exchange_Sync_Id: _id, Exchange_Sync_State: _state, ...record }: Record<string, unknown>) => record;

const taskSettings = settingsFor({ object: 'tasks', crmModule: 'Tasks', matchRule: 'subjectAndDueDate' });
const eventSettings = (overrides = {}) =>
	settingsFor({ object: 'events', crmModule: 'Events', matchRule: 'organizerStartSubject', crmTimeZone: 'Asia/Kolkata', ...overrides });

describe('tasks', () => {
	it('maps status and priority both ways, and reads Zoho-only priorities as their neighbours', () => {
		const world = new SyncWorld(taskSettings);
		world.add('exchange', { subject: 'Quote', status: 'WaitingOnOthers', importance: 'High', dueDate: '2026-03-02' });
		world.add('crm', { Subject: 'Archive', Status: 'In Progress', Priority: 'Lowest', Due_Date: '2026-03-05' });
		const plan = world.run();
		expect(plan.toCrm.find((item) => item.json.action === 'create')!.json.record).toMatchObject({
			Subject: 'Quote',
			Status: 'Waiting for input',
			Priority: 'High',
			Due_Date: '2026-03-02',
		});
		expect(plan.toExchange.find((item) => item.json.action === 'create')!.json.fields).toMatchObject({
			subject: 'Archive',
			status: 'InProgress',
			importance: 'Low',
		});
		world.run();
		// Zoho keeps "Lowest": the Exchange "Low" it reads as is not a change, so nothing is rewritten.
		expect(writesOf(world.run())).toEqual([]);
		expect(world.all('crm').find((record) => record.Subject === 'Archive')!.Priority).toBe('Lowest');
	});

	it('rewrites the Zoho alarm when the due date moves, so the reminder keeps its time', () => {
		const world = new SyncWorld(taskSettings);
		const id = world.add('exchange', { subject: 'Quote', dueDate: '2026-03-10', reminderAt: '2026-03-09T08:30:45Z' });
		world.run();
		world.run();
		world.edit('exchange', id, { dueDate: '2026-03-12' });
		const plan = world.run();
		expect(plan.toCrm[0].json.record).toMatchObject({ Due_Date: '2026-03-12', Remind_At: { ALARM: 'ACTION=POPUP;TRIGGER=-P3D;TRIGGER_TIME=09:30' } });
		expect(plan.report.pairs[0].overwritten.map((entry) => entry.field)).toEqual(['dueDate']);
		expect(writesOf(world.run())).toEqual([]);
		expect(world.get('exchange', id)!.reminderAt).toBe('2026-03-09T08:30:45Z');
	});

	it('matches existing tasks by subject and due date on first sync', () => {
		const world = new SyncWorld(taskSettings);
		world.add('exchange', { subject: 'Call Baobab', dueDate: '2026-03-03' });
		world.add('crm', { Subject: 'call baobab', Due_Date: '2026-03-03' });
		world.add('crm', { Subject: 'Call Baobab', Due_Date: '2026-03-04' });
		world.run();
		expect(world.all('exchange')).toHaveLength(2);
		expect(world.all('crm')).toHaveLength(2);
	});

	it('turns an Exchange reminder into a Zoho alarm relative to the due date, and back', () => {
		const plan = planSync({
			exchange: [{ id: 'T1', changeKey: 'c', mailbox: 'a', subject: 'S', dueDate: '2026-03-10', reminderAt: '2026-03-09T08:30:00Z' }],
			crm: [],
			settings: taskSettings,
		});
		const record = plan.toCrm[0].json.record;
		expect(record.Remind_At).toEqual({ ALARM: 'ACTION=POPUP;TRIGGER=-P1D;TRIGGER_TIME=09:30' });
		const back = planSync({ exchange: [], crm: [{ id: 'Z1', ...unlinked(record) }], settings: taskSettings });
		expect(back.toExchange[0].json.fields.reminderAt).toBe('2026-03-09T08:30:00Z');
	});
});

describe('events: time', () => {
	const meeting = {
		id: 'E1',
		changeKey: 'c',
		mailbox: 'alice@example.test',
		subject: 'Review',
		start: '2026-03-30T09:00:00+02:00',
		end: '2026-03-30T10:00:00+02:00',
		timeZone: 'Europe/Berlin',
		isAllDay: false,
		isMeeting: false,
	};

	it('writes Zoho date-times with the CRM user offset, the same instants, across a DST change', () => {
		// 2026-03-29 is the European switch to summer time; Berlin is +02:00 from then on.
		const plan = planSync({ exchange: [meeting], crm: [], settings: eventSettings() });
		expect(plan.toCrm[0].json.record).toMatchObject({
			Event_Title: 'Review',
			Start_DateTime: '2026-03-30T12:30:00+05:30',
			End_DateTime: '2026-03-30T13:30:00+05:30',
			All_day: false,
		});
		const winter = planSync({
			exchange: [{ ...meeting, start: '2026-03-27T09:00:00+01:00', end: '2026-03-27T10:00:00+01:00' }],
			crm: [],
			settings: eventSettings(),
		});
		expect(winter.toCrm[0].json.record.Start_DateTime).toBe('2026-03-27T13:30:00+05:30');
	});

	it('spells out a UTC offset as +00:00, the only form Zoho accepts', () => {
		const plan = planSync({ exchange: [meeting], crm: [], settings: eventSettings({ crmTimeZone: 'UTC' }) });
		expect(plan.toCrm[0].json.record).toMatchObject({ Start_DateTime: '2026-03-30T07:00:00+00:00', End_DateTime: '2026-03-30T08:00:00+00:00' });
		const allDay = planSync({
			exchange: [{ ...meeting, isAllDay: true, start: '2026-05-10T00:00:00+02:00', end: '2026-05-11T00:00:00+02:00' }],
			crm: [],
			settings: eventSettings({ crmTimeZone: 'UTC' }),
		});
		expect(allDay.toCrm[0].json.record).toMatchObject({ Start_DateTime: '2026-05-10T00:00:00+00:00', End_DateTime: '2026-05-10T23:59:00+00:00' });
	});

	it('creates Exchange events in their zone, with the local wall time', () => {
		const plan = planSync({
			exchange: [],
			crm: [{ id: 'Z1', Event_Title: 'Call', Start_DateTime: '2026-07-01T18:30:00+05:30', End_DateTime: '2026-07-01T19:00:00+05:30' }],
			settings: eventSettings({ exchangeTimeZone: 'America/New_York' }),
		});
		expect(plan.toExchange[0].json.fields).toMatchObject({ start: '2026-07-01T09:00:00-04:00', timeZone: 'America/New_York', isAllDay: false });
	});

	it('keeps all-day events on their dates in every zone', () => {
		const allDay = { ...meeting, isAllDay: true, start: '2026-05-10T00:00:00-04:00', end: '2026-05-12T00:00:00-04:00', timeZone: 'America/New_York' };
		const plan = planSync({ exchange: [allDay], crm: [], settings: eventSettings() });
		expect(plan.toCrm[0].json.record).toMatchObject({
			All_day: true,
			Start_DateTime: '2026-05-10T00:00:00+05:30',
			End_DateTime: '2026-05-11T23:59:00+05:30',
		});
		const back = planSync({
			exchange: [],
			crm: [{ id: 'Z1', ...unlinked(plan.toCrm[0].json.record) }],
			settings: eventSettings({ exchangeTimeZone: 'Pacific/Auckland' }),
		});
		expect(back.toExchange[0].json.fields).toMatchObject({ start: '2026-05-10T00:00:00+12:00', end: '2026-05-12T00:00:00+12:00', isAllDay: true });
	});

	it('reads the same instant written with different offsets as unchanged', () => {
		const world = new SyncWorld(eventSettings());
		const { id: _fixedId, ...fields } = meeting;
		const id = world.add('exchange', fields);
		world.run();
		world.run();
		world.edit('exchange', id, { start: '2026-03-30T07:00:00Z', end: '2026-03-30T08:00:00.000Z' });
		expect(writesOf(world.run())).toEqual([]);
	});

	it('an all-day flag never set in the CRM and false in Exchange is the same: the first sync settles in one run', () => {
		const world = new SyncWorld(eventSettings());
		world.add('crm', { Event_Title: 'Kickoff', Start_DateTime: '2026-03-30T09:00:00+02:00', End_DateTime: '2026-03-30T10:00:00+02:00' });
		world.run();
		// Exchange answers isAllDay false for the item the sync created without it.
		const [created] = world.all('exchange');
		world.edit('exchange', created.id as string, { isAllDay: false });
		expect(writesOf(world.run())).toEqual([]);
	});
});

describe('events: recurrence', () => {
	it('round-trips an RRULE with deleted occurrences through Zoho Recurring_Activity', () => {
		const series = {
			subject: 'Stand-up',
			start: '2026-01-05T09:00:00+01:00',
			end: '2026-01-05T09:15:00+01:00',
			timeZone: 'Europe/Berlin',
			isAllDay: false,
			recurrence: { rrule: 'FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20260331', deletedOccurrences: ['2026-01-12', '2026-01-07'] },
		};
		const world = new SyncWorld(eventSettings({ crmTimeZone: 'Europe/Berlin' }));
		world.add('exchange', series);
		world.run();
		const record = world.all('crm')[0];
		expect(record.Recurring_Activity).toEqual({
			RRULE: 'BYDAY=MO,WE;FREQ=WEEKLY;INTERVAL=1;UNTIL=2026-03-31;DTSTART=2026-01-05',
			EXDATE: '2026-01-07,2026-01-12',
		});
		world.run();
		expect(writesOf(world.run())).toEqual([]);
		world.edit('crm', record.id as string, { Recurring_Activity: { ...(record.Recurring_Activity as object), EXDATE: '2026-01-07,2026-01-12,2026-01-14' } });
		const plan = world.run();
		expect(plan.toExchange[0].json.fields.recurrence).toEqual({
			rrule: 'BYDAY=MO,WE;FREQ=WEEKLY;UNTIL=20260331',
			deletedOccurrences: ['2026-01-07', '2026-01-12', '2026-01-14'],
		});
		// Moving the series start rewrites Zoho's RRULE, which carries the start date.
		const exchangeId = world.all('exchange')[0].id as string;
		world.edit('exchange', exchangeId, { start: '2026-01-06T09:00:00+01:00', end: '2026-01-06T09:15:00+01:00' });
		const moved = world.run();
		expect(moved.toCrm[0].json.record.Recurring_Activity).toEqual({
			RRULE: 'BYDAY=MO,WE;FREQ=WEEKLY;INTERVAL=1;UNTIL=2026-03-31;DTSTART=2026-01-06',
			EXDATE: '2026-01-07,2026-01-12,2026-01-14',
		});
	});

	it('a CRM rule stating INTERVAL=1 is the same rule as Exchange\'s without it: the series settles after it is made', () => {
		const world = new SyncWorld(eventSettings({ crmTimeZone: 'America/New_York' }));
		world.add('crm', {
			Event_Title: 'Weekly call',
			Start_DateTime: '2027-03-02T10:00:00-05:00',
			End_DateTime: '2027-03-02T10:30:00-05:00',
			All_day: false,
			Recurring_Activity: { RRULE: 'FREQ=WEEKLY;INTERVAL=1;BYDAY=TU;COUNT=5;DTSTART=2027-03-02' },
		});
		world.run();
		const item = world.all('exchange')[0];
		// Exchange answers the rule without the default interval, as EWS and Graph do.
		world.edit('exchange', item.id as string, { recurrence: { ...(item.recurrence as object), rrule: 'FREQ=WEEKLY;BYDAY=TU;COUNT=5' } });
		expect(writesOf(world.run())).toEqual([]);
	});
});

describe('events: all-day dates when Zoho answers in another user\'s zone', () => {
	it.each(['Pacific/Auckland', 'America/Los_Angeles', 'Asia/Kolkata'])(
		'an all-day event made in Outlook set to %s keeps its date in a New York CRM read through a Berlin API user, and settles',
		(outlookZone) => {
			const world = new SyncWorld(eventSettings({ crmTimeZone: 'America/New_York' }));
			world.crmAnswersIn = 'Europe/Berlin';
			const start = DateTime.fromISO('2027-02-10', { zone: outlookZone });
			const exchangeId = world.add('exchange', { subject: 'Offsite', start: start.toISO(), end: start.plus({ days: 1 }).toISO(), timeZone: outlookZone, isAllDay: true });
			world.run();
			const record = world.all('crm')[0];
			expect([record.Start_DateTime, record.End_DateTime]).toEqual(['2027-02-10T00:00:00-05:00', '2027-02-10T23:59:00-05:00']);
			expect(writesOf(world.run())).toEqual([]);
			// A CRM all-day event made in Zoho by its New York owner is one day in Exchange, the same day.
			world.add('crm', { Event_Title: 'Holiday', Start_DateTime: '2027-02-12T00:00:00-05:00', End_DateTime: '2027-02-12T23:59:00-05:00', All_day: true });
			world.run();
			const holiday = world.all('exchange').find((item) => item.subject === 'Holiday')!;
			expect(holiday).toMatchObject({ isAllDay: true });
			expect([String(holiday.start).slice(0, 10), String(holiday.end).slice(0, 10)]).toEqual(['2027-02-12', '2027-02-13']);
			expect(writesOf(world.run())).toEqual([]);
			expect(world.get('exchange', exchangeId)).toMatchObject({ isAllDay: true });
		},
	);
});

describe('events: meetings do not spam', () => {
	const meeting = {
		subject: 'Pricing workshop',
		start: '2026-04-02T11:00:00-04:00',
		end: '2026-04-02T12:30:00-04:00',
		timeZone: 'America/New_York',
		isAllDay: false,
		isMeeting: true,
		organizer: { email: 'alice@example.test' },
		requiredAttendees: [{ email: 'marco@vela.test' }],
		optionalAttendees: [{ email: 'bob@example.test' }],
	};

	it('writes a meeting only when a synced field changed, with an explicit invitation mode', () => {
		const world = new SyncWorld(eventSettings());
		const id = world.add('exchange', meeting);
		const first = world.run();
		expect(first.toCrm[0].json.record.Participants).toEqual([
			{ type: 'email', Email: 'bob@example.test' },
			{ type: 'email', Email: 'marco@vela.test' },
		]);
		// The link-only write to the meeting itself, made once the CRM event exists, never sends anything.
		expect(first.toExchange).toEqual([]);
		expect(first.toCrm[0].json.partnerLink).toMatchObject({ action: 'update', invitationMode: 'SendToNone' });
		expect(writesOf(world.run())).toEqual([]);
		// Opening the meeting in Outlook bumps its ChangeKey and modified time: still nothing to do.
		world.edit('exchange', id, {});
		expect(writesOf(world.run())).toEqual([]);
		const crmId = world.all('crm')[0].id as string;
		world.edit('crm', crmId, { Venue: 'Room 4' });
		const plan = world.run();
		expect(plan.toExchange[0].json).toMatchObject({ fields: { location: 'Room 4' }, invitationMode: 'SendToChangedAndSaveCopy' });
		expect(plan.toExchange[0].json.fields).not.toHaveProperty('requiredAttendees');
	});

	it('a CRM change only the organiser sees (the reminder) is written without mailing anyone; a change attendees see mails those it concerns', () => {
		const world = new SyncWorld(eventSettings());
		world.add('exchange', { ...meeting, reminderMinutesBeforeStart: 15 });
		world.run();
		const crmId = world.all('crm')[0].id as string;
		world.edit('crm', crmId, { Remind_At: [{ unit: 30, period: 'minutes' }] });
		const reminder = world.run();
		expect(reminder.toExchange.map((item) => item.json)).toEqual([
			expect.objectContaining({ fields: expect.objectContaining({ reminderMinutesBeforeStart: 30 }), invitationMode: 'SendToNone' }),
		]);
		for (const change of [{ Event_Title: 'Pricing workshop II' }, { Description: 'Agenda attached' }, { Participants: [{ type: 'email', Email: 'new@x.test' }] }]) {
			world.edit('crm', crmId, change);
			expect(world.run().toExchange.map((item) => item.json.invitationMode)).toEqual(['SendToChangedAndSaveCopy']);
		}
		// Writing the same values again (a resync) writes nothing, so mails no one.
		expect(writesOf(world.run({ mode: 'complete' }))).toEqual([]);
	});

	it('with Meeting Updates set to never, no sync write mails attendees, creates included', () => {
		const world = new SyncWorld(eventSettings({ meetingUpdates: 'never' }));
		world.add('crm', { Event_Title: 'From the CRM', Start_DateTime: '2026-04-03T10:00:00+02:00', End_DateTime: '2026-04-03T11:00:00+02:00', All_day: false, Participants: [{ type: 'email', Email: 'x@y.test' }] });
		const plan = world.run();
		expect(plan.toExchange.map((item) => [item.json.action, item.json.invitationMode])).toEqual([['create', 'SendToNone']]);
		const crmId = world.all('crm')[0].id as string;
		world.edit('crm', crmId, { Venue: 'Room 9' });
		expect(world.run().toExchange.map((item) => item.json.invitationMode)).toEqual(['SendToNone']);
	});

	it('attendees\' responses reach the CRM participants\' status, from Exchange only, without mailing anyone', () => {
		const world = new SyncWorld(eventSettings());
		const id = world.add('exchange', meeting);
		world.run();
		const crmId = world.all('crm')[0].id as string;
		// Marco accepts, Bob declines: the organiser's copy records it.
		world.edit('exchange', id, {
			requiredAttendees: [{ email: 'marco@vela.test', response: 'Accept' }],
			optionalAttendees: [{ email: 'bob@example.test', response: 'Decline' }],
		});
		const plan = world.run();
		// Exchange gets only the pair's new state, silently.
		expect(plan.toExchange.map((item) => [Object.keys(item.json.fields).sort(), item.json.invitationMode])).toEqual([[['crmRecordId', 'syncId', 'syncState'], 'SendToNone']]);
		expect(world.get('crm', crmId)!.Participants).toEqual([
			{ type: 'email', Email: 'bob@example.test', status: 'declined' },
			{ type: 'email', Email: 'marco@vela.test', status: 'accepted' },
		]);
		expect(writesOf(world.run())).toEqual([]);
		// A status typed in the CRM does not reach Exchange (only an attendee answers for themselves).
		world.edit('crm', crmId, { Participants: [{ type: 'email', Email: 'bob@example.test', status: 'accepted' }, { type: 'email', Email: 'marco@vela.test', status: 'accepted' }] });
		const reverted = world.run();
		expect(reverted.toExchange.flatMap((item) => Object.keys(item.json.fields)).filter((key) => !['crmRecordId', 'syncId', 'syncState'].includes(key))).toEqual([]);
		expect(world.get('crm', crmId)!.Participants).toContainEqual({ type: 'email', Email: 'bob@example.test', status: 'declined' });
		expect(writesOf(world.run())).toEqual([]);
	});

	it('keeps attendee roles when the attendee list changes in the CRM', () => {
		const world = new SyncWorld(eventSettings());
		const id = world.add('exchange', meeting);
		world.run();
		world.run();
		const crm = world.all('crm')[0];
		world.edit('crm', crm.id as string, { Participants: [...(crm.Participants as object[]), { type: 'email', Email: 'new@x.test' }] });
		world.run();
		expect(world.get('exchange', id)).toMatchObject({
			requiredAttendees: [{ email: 'marco@vela.test' }, { email: 'new@x.test' }],
			optionalAttendees: [{ email: 'bob@example.test' }],
		});
	});
});

describe('events: CRM contacts, leads and users as participants', () => {
	const meeting = {
		subject: 'Renewal',
		start: '2026-05-04T10:00:00+02:00',
		end: '2026-05-04T11:00:00+02:00',
		timeZone: 'Europe/Berlin',
		isAllDay: false,
		isMeeting: true,
		organizer: { email: 'alice@example.test' },
		requiredAttendees: [{ email: 'Marco@Vela.test' }, { email: 'bob@example.test' }, { email: 'guest@outside.test' }],
	};
	/** A participant as Zoho answers it: the record or user it names, with that one's e-mail and name. */
	const answered = (type: string, participant: string, Email: string, name: string) => ({ type, participant, Email, name, invited: false, status: 'not_known' });

	it('reads contact, lead and user participants as attendees with their e-mail, and settles', () => {
		const world = new SyncWorld(eventSettings());
		world.add('crm', {
			Event_Title: 'Pipeline review',
			Start_DateTime: '2026-05-05T14:00:00+05:30',
			End_DateTime: '2026-05-05T15:00:00+05:30',
			Participants: [
				answered('contact', '5001', 'marco@vela.test', 'Marco Rossi'),
				answered('lead', '5002', 'Lena@Lead.test', 'Lena Lee'),
				answered('user', '4001', 'bob@example.test', 'Bob Brown'),
				answered('email', 'guest@outside.test', 'guest@outside.test', 'guest@outside.test'),
			],
		});
		const plan = world.run();
		expect(plan.toExchange[0].json.fields.requiredAttendees).toEqual([
			{ email: 'bob@example.test' },
			{ email: 'guest@outside.test' },
			{ email: 'lena@lead.test' },
			{ email: 'marco@vela.test' },
		]);
		expect(writesOf(world.run())).toEqual([]);
	});

	it('writes new attendees as e-mail participants, keeps typed ones, and a run after Zoho typed them writes nothing', () => {
		const world = new SyncWorld(eventSettings());
		const id = world.add('exchange', meeting);
		const first = world.run();
		expect(first.toCrm[0].json.record.Participants).toEqual([
			{ type: 'email', Email: 'bob@example.test' },
			{ type: 'email', Email: 'guest@outside.test' },
			{ type: 'email', Email: 'marco@vela.test' },
		]);
		// "Find attendees in CRM" made Bob a user and Marco a contact; Zoho answers them with their e-mails.
		const crm = world.all('crm')[0];
		world.edit('crm', crm.id as string, {
			Participants: [
				answered('user', '4001', 'bob@example.test', 'Bob Brown'),
				answered('email', 'guest@outside.test', 'guest@outside.test', 'guest@outside.test'),
				answered('contact', '5001', 'marco@vela.test', 'Marco Rossi'),
			],
		});
		expect(writesOf(world.run())).toEqual([]);
		expect(writesOf(world.run({ mode: 'complete' }))).toEqual([]);

		world.edit('exchange', id, { requiredAttendees: [...meeting.requiredAttendees, { email: 'new@outside.test' }] });
		const plan = world.run();
		expect(plan.toCrm[0].json.record.Participants).toEqual([
			{ type: 'user', participant: '4001' },
			{ type: 'email', Email: 'guest@outside.test' },
			{ type: 'contact', participant: '5001' },
			{ type: 'email', Email: 'new@outside.test' },
		]);
	});

	it('reports a meeting with more attendees than a Zoho event takes, and syncs the others', () => {
		const world = new SyncWorld(eventSettings());
		const crowd = Array.from({ length: 51 }, (_, index) => ({ email: `guest${index}@outside.test` }));
		world.add('exchange', { ...meeting, subject: 'Town hall', requiredAttendees: crowd });
		world.add('exchange', meeting);
		const plan = world.run();
		expect(plan.toCrm.map((item) => item.json.record.Event_Title)).toEqual(['Renewal']);
		expect(plan.report.counts.crm.errors).toBe(1);
		expect(plan.report.pairs.find((pair) => pair.decision === 'error')!.reason).toBe(
			'new in Exchange; a Zoho meeting takes at most 50 participants and this one has 51',
		);
	});
});

describe('events: a meeting organised outside the sync, held by two synced attendees', () => {
	it('syncs from the first synced attendee\'s mailbox only: one CRM event, no refused create, both runs settle', () => {
		const synced = ['carol@example.test', 'bob@example.test'];
		// Each mailbox syncs the CRM records its user owns, as the prebuilt workflows set it.
		const bobWorld = new SyncWorld(eventSettings({ mailbox: 'bob@example.test', owner: 'u-bob', syncedMailboxes: synced }));
		const carolWorld = bobWorld.otherMailbox(eventSettings({ mailbox: 'carol@example.test', owner: 'u-carol', syncedMailboxes: synced }));
		const copy = {
			subject: 'Vendor review',
			start: '2027-01-20T10:00:00+01:00',
			end: '2027-01-20T11:00:00+01:00',
			timeZone: 'Europe/Berlin',
			isAllDay: false,
			isMeeting: true,
			iCalUid: 'uid-vendor-review',
			organizer: { email: 'alice@example.test' },
			requiredAttendees: [{ email: 'bob@example.test' }, { email: 'carol@example.test' }],
		};
		bobWorld.add('exchange', copy);
		carolWorld.add('exchange', copy);
		for (const world of [carolWorld, bobWorld]) world.run();
		expect(bobWorld.all('crm').filter((record) => record.Event_Title === 'Vendor review')).toHaveLength(1);
		expect(bobWorld.refused).toEqual([]);
		expect(carolWorld.refused).toEqual([]);
		for (const world of [carolWorld, bobWorld]) expect(writesOf(world.run())).toEqual([]);
	});

	it('syncs only from the organiser\'s mailbox when the organiser is synced too', () => {
		const synced = ['alice@example.test', 'bob@example.test'];
		const bobWorld = new SyncWorld(eventSettings({ mailbox: 'bob@example.test', syncedMailboxes: synced }));
		bobWorld.add('exchange', { subject: 'Alice\'s sync', start: '2027-01-21T10:00:00+01:00', end: '2027-01-21T11:00:00+01:00', isAllDay: false, isMeeting: true, organizer: { email: 'alice@example.test' }, requiredAttendees: [{ email: 'bob@example.test' }] });
		expect(writesOf(bobWorld.run())).toEqual([]);
	});
});

describe('events: one meeting in several mailboxes', () => {
	it('gives every copy of a meeting the same sync id (from its iCalendar UID), so the CRM gets one event', () => {
		const copy = (mailbox: string, id: string) => ({
			id,
			changeKey: 'c',
			mailbox,
			subject: 'Quarterly review',
			start: '2026-04-02T10:00:00+02:00',
			end: '2026-04-02T11:00:00+02:00',
			timeZone: 'Europe/Berlin',
			isAllDay: false,
			iCalUid: '040000008200E00074C5B7101A82E008',
		});
		const alice = planSync({ exchange: [copy('alice@example.test', 'A1')], crm: [], settings: eventSettings() });
		const bob = planSync({ exchange: [copy('bob@example.test', 'B1')], crm: [], settings: eventSettings({ mailbox: 'bob@example.test' }) });
		expect(alice.toCrm[0].json.syncId).toBe(bob.toCrm[0].json.syncId);
		expect(alice.toCrm[0].json.duplicateCheckFields).toEqual(['Exchange_Sync_Id']);
	});
});

describe('tasks: a mailbox read through a server that cannot show the links (EWS → Microsoft 365 To Do)', () => {
	/** The tasks as To Do shows them: other ids, no sync link (todoTask has no extended properties); content unchanged. */
	function readWithoutLinks(world: SyncWorld): Map<string, string> {
		const records = world.stores.exchange.records;
		const newIds = new Map<string, string>();
		for (const [id, record] of [...records]) {
			const newId = `list/${id}`;
			records.set(newId, { ...record, id: newId, syncId: null, syncState: null, crmRecordId: null });
			records.delete(id);
			newIds.set(id, newId);
		}
		return newIds;
	}

	function linkedTasks() {
		const world = new SyncWorld(taskSettings);
		const quote = world.add('exchange', { subject: 'Quote', dueDate: '2026-03-02', status: 'InProgress' });
		const call = world.add('exchange', { subject: 'Call', dueDate: '2026-03-03', body: 'Ask for the order' });
		world.add('crm', { Subject: 'Archive', Due_Date: '2026-03-05', Status: 'Deferred' });
		world.run();
		world.run();
		expect(writesOf(world.run())).toEqual([]);
		return { world, quote, call };
	}

	const createsAndDeletes = (plan: ReturnType<SyncWorld['run']>) => {
		const { exchange, crm } = plan.report.counts;
		return [exchange.created, exchange.deleted, crm.created, crm.deleted];
	};

	it('re-links every task to its CRM record: nothing created or deleted, each link written once, then nothing to do', () => {
		const { world } = linkedTasks();
		const crmIds = world.all('crm').map((record) => record.id);
		const newIds = readWithoutLinks(world);
		const plan = world.run();
		expect(createsAndDeletes(plan)).toEqual([0, 0, 0, 0]);
		expect(plan.report.massDelete.wouldDelete).toBe(0);
		// One link write per task on each side: the task gets its link, the CRM record names the task's new id.
		expect(writesOf(plan).map((write) => [write.side, write.json.action])).toEqual(Array.from({ length: 6 }, (_, n) => [n < 3 ? 'exchange' : 'crm', 'update']));
		expect(world.all('crm').map((record) => record.id)).toEqual(crmIds);
		for (const id of newIds.values()) expect(world.get('exchange', id)!.syncId).toEqual(expect.any(String));
		expect(writesOf(world.run())).toEqual([]);
	});

	it('re-links an edited task by the match rule and carries its edit and the CRM edit', () => {
		const { world, quote, call } = linkedTasks();
		const newIds = readWithoutLinks(world);
		world.edit('exchange', newIds.get(quote)!, { status: 'Completed' });
		const callRecord = world.all('crm').find((record) => record.Subject === 'Call')!;
		world.edit('crm', callRecord.id as string, { Description: 'Ask for the order, twice' });
		const plan = world.run();
		expect(createsAndDeletes(plan)).toEqual([0, 0, 0, 0]);
		expect(world.all('crm').find((record) => record.Subject === 'Quote')!.Status).toBe('Completed');
		expect(world.get('exchange', newIds.get(call)!)!.body).toBe('Ask for the order, twice');
		expect(writesOf(world.run())).toEqual([]);
	});

	it('still reads a linked task that is gone as deleted, and an unlinked task that matches nothing as new', () => {
		const { world, quote } = linkedTasks();
		world.remove('exchange', quote);
		world.add('exchange', { subject: 'Something else', dueDate: '2026-04-01' });
		const plan = world.run();
		expect(createsAndDeletes(plan)).toEqual([0, 0, 1, 1]);
		expect(world.all('crm').map((record) => record.Subject).sort()).toEqual(['Archive', 'Call', 'Something else']);
	});

	it('does not re-link in a changes-only read, where a missing task is only unseen', () => {
		const { world, quote } = linkedTasks();
		world.run({ mode: 'changes' });
		world.remove('exchange', quote);
		world.add('exchange', { subject: 'Quote', dueDate: '2026-03-02', status: 'InProgress' });
		const plan = world.run({ mode: 'changes' });
		expect(plan.report.counts.crm.created).toBe(1);
	});
});

describe('tasks: a field the Exchange server cannot hold', () => {
	it('a percent complete Microsoft 365 reads as null and lists as unsupported neither clears the CRM value nor is written to Exchange', () => {
		const world = new SyncWorld({ ...taskSettings, customFieldMappings: [{ exchangeField: 'percentComplete', crmField: 'Percent_Done', valueType: 'number' }] });
		const id = world.add('exchange', { subject: 'Quote', dueDate: '2026-03-02', percentComplete: 50 });
		world.run();
		world.run();
		expect(world.all('crm')[0].Percent_Done).toBe(50);
		// Read as over Microsoft 365: To Do has no percent complete.
		world.edit('exchange', id, { percentComplete: null, unsupportedFields: ['percentComplete'], status: 'InProgress' });
		const plan = world.run();
		expect(plan.toExchange.some((item) => 'percentComplete' in item.json.fields)).toBe(false);
		expect(world.all('crm')[0]).toMatchObject({ Percent_Done: 50, Status: 'In Progress' });
		// A CRM edit of it is kept in the CRM, and no run rewrites it.
		world.edit('crm', world.all('crm')[0].id as string, { Percent_Done: 75 });
		const after = world.run();
		expect(after.toExchange.some((item) => 'percentComplete' in item.json.fields)).toBe(false);
		expect(world.all('crm')[0].Percent_Done).toBe(75);
		expect(writesOf(world.run())).toEqual([]);
	});
});
