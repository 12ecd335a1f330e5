/**
 * "Schedule a meeting" without Code nodes: the Sync node's Check Meeting Request, Meeting Times,
 * Chosen Meeting Time and Meeting Confirmation, on their own and as node operations reading the
 * other nodes of the workflow by name.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { DateTime } from 'luxon';

import { ExchangeCrmSync } from '../../../nodes/ExchangeCrmSync/ExchangeCrmSync.node';
import { checkMeetingRequest, chosenMeetingTime, meetingConfirmation, meetingTimes } from '../../../nodes/ExchangeCrmSync/core';
import { nodeContext } from '../../support/nodeContext';

const ZONE = 'America/New_York';
const NOW = DateTime.fromISO('2026-12-01T09:00:00', { zone: ZONE });
const WORKING_DAY = { start: '08:00', end: '18:00' };
const FORM = {
	organiser: ' Alice@Example.test ',
	subject: ' Review ',
	attendees: 'ana@lumen.test, BOB@example.test;bob@example.test\nlee@lead.test alice@example.test stranger@nowhere.test',
	location: 'Room 1',
	start: '2026-12-03 13:00',
	end: '2026-12-03 13:30',
	timeZone: ZONE,
	reminder: '20',
};

const request = (form: Record<string, unknown> = FORM) => checkMeetingRequest(form, WORKING_DAY, NOW);
const at = (clock: string, day = '2026-12-03') => DateTime.fromISO(`${day}T${clock}`, { zone: ZONE }).toISO()!;

const LOOKUPS = {
	crmContacts: [{ id: 'c1', Email: 'Ana@Lumen.test', First_Name: 'Ana', Last_Name: 'Ribeiro <CEO>' }, {}],
	crmLeads: [{ id: 'l1', Email: 'lee@lead.test', First_Name: 'Lee' }],
	freeBusy: [
		{ email: 'alice@example.test', busy: [] },
		{ email: 'bob@example.test', busy: [{ start: at('13:00'), end: at('14:00'), status: 'Busy' }, { start: at('15:00'), end: at('16:00'), status: 'Free' }] },
		{ email: 'stranger@nowhere.test', error: 'no mailbox' },
	],
	suggestions: [
		{ start: at('13:00'), end: at('13:30') },
		{ start: at('13:30'), end: at('14:00') },
		{ start: at('15:00'), end: at('15:30') },
		{ start: '', end: '' },
	],
};

describe('Check Meeting Request', () => {
	it('normalises the answers: addresses once, lower case, the organiser left out; the working day and the search criteria of everyone', () => {
		const checked = request();
		expect(checked).toMatchObject({
			ok: true,
			refusal: '',
			problems: [],
			organiser: 'alice@example.test',
			subject: 'Review',
			attendees: ['ana@lumen.test', 'bob@example.test', 'lee@lead.test', 'stranger@nowhere.test'],
			start: at('13:00'),
			end: at('13:30'),
			reminder: 20,
			dayStart: at('08:00'),
			dayEnd: at('18:00'),
			durationMinutes: 30,
			everyone: 'alice@example.test,ana@lumen.test,bob@example.test,lee@lead.test,stranger@nowhere.test',
			emailCriteria: '(Email:in:alice@example.test,ana@lumen.test,bob@example.test,lee@lead.test,stranger@nowhere.test)',
		});
		expect(request({ ...FORM, reminder: '' }).reminder).toBe(15);
	});

	it('says each problem in its own message under the title "Cannot schedule this meeting"', () => {
		const backwards = request({ ...FORM, end: '2026-12-03 12:00', attendees: 'not-an-address, ok@x.test', reminder: '-5' });
		expect(backwards).toMatchObject({ ok: false, refusal: 'Cannot schedule this meeting' });
		expect(backwards.problems).toEqual([
			'The end is before the start: a meeting must end after it starts.',
			'"not-an-address" is not an e-mail address.',
			'The reminder must be a whole number of minutes, 0 or more.',
		]);
		expect(request({ ...FORM, start: '2026-11-30 10:00' }).problems).toEqual(['The start is in the past: pick a time from now on.']);
		expect(request({ ...FORM, start: 'tomorrow' }).problems).toEqual(['The start is not a date and time in the form yyyy-MM-dd HH:mm.']);
		expect(request({ ...FORM, timeZone: 'Mars/Olympus' }).problems).toEqual(['"Mars/Olympus" is not a time zone: use an IANA name such as Europe/Berlin.']);
	});

	it('refuses a working day that is not HH:mm', () => {
		expect(() => checkMeetingRequest(FORM, { start: '8am', end: '18:00' }, NOW)).toThrow('Working Day Starts "8am" is not a time of day');
	});
});

describe('Meeting Times', () => {
	const times = () => meetingTimes(request(), LOOKUPS);

	it('tells a CRM contact, a CRM lead, a colleague (a calendar in Exchange) and an unknown address apart, and refuses the unknown', () => {
		const result = times();
		expect(result.people.map((person) => [person.email, person.kind, person.id, person.name])).toEqual([
			['ana@lumen.test', 'contact', 'c1', 'Ana Ribeiro <CEO>'],
			['bob@example.test', 'colleague', undefined, ''],
			['lee@lead.test', 'lead', 'l1', 'Lee'],
			['stranger@nowhere.test', 'unknown', undefined, ''],
		]);
		expect(result.crmAttendees).toEqual([
			{ email: 'ana@lumen.test', type: 'contact', id: 'c1' },
			{ email: 'lee@lead.test', type: 'lead', id: 'l1' },
		]);
		expect(result).toMatchObject({ ok: false, refusal: 'Unknown attendees', unknown: ['stranger@nowhere.test'] });
		expect(result.problems).toEqual(['Not a CRM contact, lead or colleague: stranger@nowhere.test. Add them to the CRM or check the addresses, then start again.']);
	});

	it('offers the requested time first with who is busy, then the suggested times at which everyone is free, on a page that escapes names', () => {
		const known = meetingTimes(request({ ...FORM, attendees: 'ana@lumen.test, bob@example.test' }), LOOKUPS);
		expect(known).toMatchObject({ ok: true, refusal: '', problems: [] });
		expect(known.slots.map((slot) => [slot.start, slot.busy, slot.label])).toEqual([
			[at('13:00'), ['bob@example.test'], 'Thu 3 Dec 2026, 13:00–13:30 (America/New_York) — requested — busy: bob@example.test'],
			// 13:00 is the requested time; 13:30 is busy for Bob; a Free block does not count.
			[at('15:00'), [], 'Thu 3 Dec 2026, 15:00–15:30 (America/New_York) — everyone free'],
		]);
		const [html, dropdown] = known.page;
		expect(html.html).toContain('<strong>Ana Ribeiro &lt;CEO&gt;</strong> (contact, ana@lumen.test): no calendar to check');
		expect(html.html).toContain('<strong>bob@example.test</strong> (colleague): Thu 3 Dec 2026, 13:00–14:00 (America/New_York) Busy');
		expect(html.html).toContain('The requested time is busy for bob@example.test.');
		expect(html.html).toContain('Suggested free times: Thu 3 Dec 2026, 15:00–15:30 (America/New_York)');
		expect(dropdown).toMatchObject({ fieldName: 'slot', fieldType: 'dropdown', fieldOptions: { values: known.slots.map((slot) => ({ option: slot.label })) } });
	});

	it('says when everyone is free at the requested time, and shows the organiser free', () => {
		const free = meetingTimes(request({ ...FORM, attendees: 'ana@lumen.test', start: '2026-12-03 10:00', end: '2026-12-03 11:00' }), { ...LOOKUPS, suggestions: [] });
		expect(free.page[0].html).toContain('Everyone is free at the requested time.');
		expect(free.page[0].html).toContain('Suggested free times: none on that day');
		expect(free.page[0].html).toContain('<strong>alice@example.test</strong> (organiser): free');
	});
});

describe('Chosen Meeting Time and Meeting Confirmation', () => {
	const known = () => meetingTimes(request({ ...FORM, attendees: 'ana@lumen.test, bob@example.test' }), LOOKUPS);

	it('turns a free time into the Exchange meeting, and refuses a busy one', () => {
		const offered = known();
		const chosen = chosenMeetingTime(offered, offered.slots[1].label);
		expect(chosen).toEqual({
			ok: true,
			refusal: '',
			problems: [],
			mailbox: 'alice@example.test',
			meeting: true,
			event: {
				subject: 'Review',
				location: 'Room 1',
				start: at('15:00'),
				end: at('15:30'),
				timeZone: ZONE,
				isAllDay: false,
				reminderMinutesBeforeStart: 20,
				requiredAttendees: [{ email: 'ana@lumen.test' }, { email: 'bob@example.test' }],
			},
		});
		const refused = chosenMeetingTime(offered, 'a label no longer offered');
		expect(refused).toMatchObject({ ok: false, refusal: 'That time is busy', problems: ['bob@example.test is busy at that time. Start again and pick one of the suggested free times.'] });
	});

	it('confirms a meeting or an appointment, and says when the Zoho event was not created', () => {
		const created = { subject: 'Review', start: at('15:00'), end: at('15:30'), timeZone: ZONE, reminderMinutesBeforeStart: 20, requiredAttendees: [{ email: 'ana@lumen.test' }] };
		expect(meetingConfirmation(created, { id: 'z1' })).toEqual({
			title: 'Meeting scheduled',
			message:
				'Meeting "Review" scheduled; invitations sent to ana@lumen.test. Thu 3 Dec 2026, 15:00–15:30 (America/New_York). Reminder 20 minutes before. The Zoho CRM event with its participants is created and linked.',
		});
		const appointment = meetingConfirmation({ ...created, requiredAttendees: [], reminderMinutesBeforeStart: null }, { error: 'INVALID_DATA' });
		expect(appointment.title).toBe('Appointment saved');
		expect(appointment.message).toContain('Appointment "Review" saved.');
		expect(appointment.message).toContain('No reminder. The Zoho CRM event could not be created (INVALID_DATA); the next events sync creates it.');
		expect(meetingConfirmation(created, undefined).message).toContain('(no Zoho event was planned)');
	});
});

describe('the meeting steps as operations of the Sync node', () => {
	const items = (json: IDataObject): INodeExecutionData[] => [{ json }];
	const run = (parameters: Record<string, unknown>, input: IDataObject, workflowNodes: Record<string, INodeExecutionData[][]> = {}) =>
		new ExchangeCrmSync().execute.call(nodeContext({ parameters, inputs: [items(input)], workflowNodes }));
	const future = DateTime.now().setZone(ZONE).plus({ days: 2 }).set({ hour: 10, minute: 0, second: 0, millisecond: 0 });
	const form = { ...FORM, start: future.toFormat('yyyy-MM-dd HH:mm'), end: future.plus({ hours: 1 }).toFormat('yyyy-MM-dd HH:mm'), attendees: 'ana@lumen.test' };

	it('answer on the Report output, paired with their input, each reading the nodes it names', async () => {
		const [exchange, crm, conflicts, [checked]] = await run({ operation: 'checkMeetingRequest', workingDayStart: '09:00', workingDayEnd: '17:00' }, form);
		expect([exchange, crm, conflicts]).toEqual([[], [], []]);
		expect(checked.json).toMatchObject({ ok: true, dayStart: future.set({ hour: 9 }).toISO(), dayEnd: future.set({ hour: 17 }).toISO() });
		expect(checked.pairedItem).toEqual([{ item: 0 }]);

		const names = { requestNode: 'Check', crmContactsNode: 'Contacts', crmLeadsNode: 'Leads', freeBusyNode: 'Free/busy', suggestionsNode: 'Suggestions' };
		const lookups = {
			Check: [[checked]],
			Contacts: [items(LOOKUPS.crmContacts[0])],
			Leads: [[{ json: {} }]],
			'Free/busy': [[{ json: { email: 'alice@example.test', busy: [] } }]],
			Suggestions: [[]],
		};
		const [, , , [times]] = await run({ operation: 'meetingTimes', ...names }, { start: 'the last suggestion' }, lookups);
		expect(times.json).toMatchObject({ ok: true, crmAttendees: [{ email: 'ana@lumen.test', type: 'contact', id: 'c1' }] });
		await expect(run({ operation: 'meetingTimes', ...names, crmLeadsNode: 'Made up' }, {}, lookups)).rejects.toThrow(
			'CRM Leads Node names "Made up", which is not a node of this workflow',
		);

		const slot = (times.json.slots as Array<{ label: string }>)[0].label;
		const [, , , [chosen]] = await run({ operation: 'chosenMeetingTime', meetingTimesNode: 'Times' }, { slot }, { Times: [[times]] });
		expect(chosen.json).toMatchObject({ ok: true, mailbox: 'alice@example.test', event: { start: future.toISO(), subject: 'Review' } });

		const created = { ...(chosen.json.event as IDataObject), id: 'e1' };
		const confirm = { operation: 'meetingConfirmation', exchangeEventNode: 'Create event', crmEventNode: 'Create in CRM' };
		const [, , , [page]] = await run(confirm, {}, { 'Create event': [items(created)], 'Create in CRM': [] });
		expect(page.json).toMatchObject({ title: 'Meeting scheduled' });
		expect(page.json.message).toContain('(no Zoho event was planned)');
	});

	it('report a step run out of order or misconfigured as a node error', async () => {
		await expect(run({ operation: 'checkMeetingRequest', workingDayStart: '25:00', workingDayEnd: '17:00' }, form)).rejects.toThrow(
			'Working Day Starts "25:00" is not a time of day',
		);
		await expect(run({ operation: 'chosenMeetingTime', meetingTimesNode: 'Times' }, { slot: 'x' }, { Times: [] })).rejects.toThrow(
			'Meeting Times Node has no output',
		);
		await expect(run({ operation: 'meetingConfirmation', exchangeEventNode: 'Create event', crmEventNode: 'Create in CRM' }, {}, { 'Create event': [], 'Create in CRM': [] })).rejects.toThrow(
			'Exchange Event Node has no output',
		);
	});
});
