/**
 * The meeting-scheduling workflow: an n8n form (Form Trigger) asks for organiser, subject,
 * attendees, location, start, end, time zone and reminder; a second page shows the attendees'
 * free/busy from Exchange with suggested free times; "Schedule" creates the Exchange meeting (or an
 * appointment without attendees) and, through the Sync node, the linked Zoho event.
 *
 * The Zoho side is written by the Sync node in changes mode from the created Exchange event, so
 * the pair carries the same sync id and state the scheduled sync would write: the next events
 * sync sees it as linked and unchanged.
 */
import type { N8nWorkflow } from '../n8n/instance';
import {
	addRecordWrites,
	assignments,
	condition,
	conditions,
	connect,
	type Connections,
	exchangeCredentials,
	FORM_VERSION,
	formEnding,
	node,
	OBJECT_WORKFLOWS,
	PACKAGE,
	type WorkflowNode,
	zohoCredentials,
} from './definitions';

/** What differs between the EWS meeting workflow and the Microsoft 365 one, so both can be imported side by side. */
export interface MeetingWorkflowSet {
	id: string;
	name: string;
	/** The form is served at <n8n>/form/<this path> once the workflow is published. */
	formPath: string;
	formWebhookId: string;
}

/** The EWS set. A fixed webhook id, so the form's URL stays the same across imports. */
export const EWS_MEETING_SET: MeetingWorkflowSet = {
	id: 'exzsScheduleMeeting',
	name: 'Schedule a meeting',
	formPath: 'schedule-meeting',
	formWebhookId: '6b3e9d1c-4f2a-4e8b-9c7d-2a1f5e8b3c44',
};
export const MEETING_FORM_PATH = EWS_MEETING_SET.formPath;
/** The format the form asks start and end in. */
export const MEETING_TIME_FORMAT = 'yyyy-MM-dd HH:mm';

const code = (jsCode: string) => ({ mode: 'runOnceForAllItems', jsCode });
const ifTrue = (id: string, expression: string) => ({ conditions: conditions([condition(id, `={{ ${expression} }}`)]), options: {} });

const formField = (fieldName: string, fieldLabel: string, fieldType: string, extra: Record<string, unknown> = {}) => ({
	fieldName,
	fieldLabel,
	fieldType,
	...extra,
});

const REQUEST_FIELDS = [
	formField('organiser', 'Organiser mailbox', 'email', { requiredField: true, placeholder: 'alice@example.com' }),
	formField('subject', 'Subject', 'text', { requiredField: true }),
	formField('attendees', 'Attendees (e-mail addresses of CRM contacts, leads or colleagues; empty for an appointment)', 'textarea', {
		placeholder: 'bob@example.com, carol@example.org',
	}),
	formField('location', 'Location', 'text'),
	formField('start', `Start (${MEETING_TIME_FORMAT})`, 'text', { requiredField: true, placeholder: '2026-12-01 10:00' }),
	formField('end', `End (${MEETING_TIME_FORMAT})`, 'text', { requiredField: true, placeholder: '2026-12-01 11:00' }),
	formField('timeZone', 'Time zone (IANA name)', 'text', { requiredField: true, defaultValue: 'Europe/Berlin' }),
	formField('reminder', 'Reminder (minutes before the start)', 'number', { defaultValue: 15 }),
];

/** Form answers → the request, or the reasons it cannot be scheduled. Luxon's DateTime is a Code-node global. */
const CHECK_REQUEST = `const form = $input.first().json;
const zone = String(form.timeZone ?? '').trim() || 'UTC';
const parse = (text) => DateTime.fromFormat(String(text ?? '').trim().replace('T', ' '), '${MEETING_TIME_FORMAT}', { zone });
const organiser = String(form.organiser ?? '').trim().toLowerCase();
const attendees = [...new Set(String(form.attendees ?? '').split(/[\\s,;]+/).map((text) => text.trim().toLowerCase()).filter(Boolean))]
	.filter((email) => email !== organiser);
const problems = [];
const start = parse(form.start);
const end = parse(form.end);
if (!DateTime.now().setZone(zone).isValid) problems.push(\`"\${zone}" is not a time zone: use an IANA name such as Europe/Berlin.\`);
else {
	if (!start.isValid) problems.push('The start is not a date and time in the form ${MEETING_TIME_FORMAT}.');
	if (!end.isValid) problems.push('The end is not a date and time in the form ${MEETING_TIME_FORMAT}.');
	if (start.isValid && end.isValid && end <= start) problems.push('The end is before the start: a meeting must end after it starts.');
	if (start.isValid && start < DateTime.now()) problems.push('The start is in the past: pick a time from now on.');
}
for (const email of attendees) if (!/^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$/.test(email)) problems.push(\`"\${email}" is not an e-mail address.\`);
const reminder = form.reminder === '' || form.reminder === undefined ? 15 : Number(form.reminder);
if (!Number.isInteger(reminder) || reminder < 0) problems.push('The reminder must be a whole number of minutes, 0 or more.');
const everyone = [organiser, ...attendees];
return [{ json: {
	ok: problems.length === 0,
	problems,
	organiser,
	subject: String(form.subject ?? '').trim(),
	location: String(form.location ?? '').trim(),
	attendees,
	timeZone: zone,
	start: start.isValid ? start.toISO() : null,
	end: end.isValid ? end.toISO() : null,
	reminder,
	// Suggestions are looked for across the working day of the start.
	dayStart: start.isValid ? start.set({ hour: 8, minute: 0 }).toISO() : null,
	dayEnd: start.isValid ? start.set({ hour: 18, minute: 0 }).toISO() : null,
	durationMinutes: start.isValid && end.isValid ? Math.max(5, Math.round(end.diff(start, 'minutes').minutes)) : 30,
	everyone: everyone.join(','),
	emailCriteria: \`(Email:in:\${everyone.join(',')})\`,
} }];`;

/**
 * Who each attendee is (CRM contact, CRM lead, colleague with a mailbox, or unknown), who is busy
 * in the requested slot, and the times to offer: the requested one first, then Exchange's
 * suggestions. Builds the "See availability" page.
 */
const AVAILABILITY = `const request = $('Check request').first().json;
const zone = request.timeZone;
const records = (name) => $(name).all().map(({ json }) => json).filter((record) => record.id && record.Email);
const byEmail = (list) => new Map(list.map((record) => [String(record.Email).toLowerCase(), record]));
const contacts = byEmail(records('Find CRM contacts'));
const leads = byEmail(records('Find CRM leads'));
const freeBusy = new Map($('Free/busy').all().map(({ json }) => [String(json.email ?? '').toLowerCase(), json]));
const nameOf = (record) => [record.First_Name, record.Last_Name].filter(Boolean).join(' ');
const people = request.attendees.map((email) => {
	const mailbox = freeBusy.get(email);
	const calendar = mailbox && !mailbox.error ? mailbox.busy : null;
	if (contacts.has(email)) return { email, kind: 'contact', id: contacts.get(email).id, name: nameOf(contacts.get(email)), calendar };
	if (leads.has(email)) return { email, kind: 'lead', id: leads.get(email).id, name: nameOf(leads.get(email)), calendar };
	if (calendar) return { email, kind: 'colleague', name: '', calendar };
	return { email, kind: 'unknown', name: '', calendar: null };
});
const unknown = people.filter((person) => person.kind === 'unknown').map((person) => person.email);
const organiserCalendar = freeBusy.get(request.organiser)?.busy ?? [];
const calendars = [{ email: request.organiser, calendar: organiserCalendar }, ...people.filter((person) => person.calendar)];
const busyIn = (start, end) => calendars
	.filter(({ calendar }) => calendar.some((block) => block.status !== 'Free' && DateTime.fromISO(block.start) < DateTime.fromISO(end) && DateTime.fromISO(block.end) > DateTime.fromISO(start)))
	.map(({ email }) => email);
const label = (start, end) => {
	const from = DateTime.fromISO(start).setZone(zone);
	return \`\${from.toFormat('ccc d LLL yyyy, HH:mm')}–\${DateTime.fromISO(end).setZone(zone).toFormat('HH:mm')} (\${zone})\`;
};
const requested = { start: request.start, end: request.end, requested: true };
const suggested = $('Suggested times').all().map(({ json }) => json).filter((time) => time.start && time.end)
	.map((time) => ({ start: DateTime.fromISO(time.start).setZone(zone).toISO(), end: DateTime.fromISO(time.start).plus({ minutes: request.durationMinutes }).setZone(zone).toISO() }))
	.filter((time) => time.start !== DateTime.fromISO(request.start).setZone(zone).toISO());
const slots = [requested, ...suggested].map((slot) => {
	const busy = busyIn(slot.start, slot.end);
	const state = busy.length ? \`busy: \${busy.join(', ')}\` : 'everyone free';
	return { ...slot, busy, label: \`\${label(slot.start, slot.end)}\${slot.requested ? ' — requested' : ''} — \${state}\` };
}).filter((slot, index) => index === 0 || !slot.busy.length);
const escape = (text) => String(text).replace(/[&<>"]/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[char]);
const blocks = (calendar) => calendar.filter((block) => block.status !== 'Free')
	.map((block) => \`\${label(block.start, block.end)} \${block.status}\`).join('; ') || 'free';
const rows = [
	{ email: request.organiser, kind: 'organiser', name: '', calendar: organiserCalendar },
	...people,
].map((person) => \`<li><strong>\${escape(person.name || person.email)}</strong> (\${person.kind}\${person.name ? ', ' + escape(person.email) : ''}): \${person.calendar ? escape(blocks(person.calendar)) : 'no calendar to check (outside the organisation)'}</li>\`);
const requestedSlot = slots[0];
const html = [
	\`<h3>Availability for \${escape(label(request.start, request.end))}</h3>\`,
	\`<ul id="availability">\${rows.join('')}</ul>\`,
	requestedSlot.busy.length
		? \`<p id="slot-status"><strong>The requested time is busy for \${escape(requestedSlot.busy.join(', '))}.</strong> Pick a suggested free time below.</p>\`
		: '<p id="slot-status">Everyone is free at the requested time.</p>',
	\`<p>Suggested free times: \${escape(slots.slice(1).map((slot) => label(slot.start, slot.end)).join('; ') || 'none on that day')}</p>\`,
].join('');
const page = [
	{ fieldType: 'html', html },
	{ fieldName: 'slot', fieldLabel: 'Time', fieldType: 'dropdown', requiredField: true, fieldOptions: { values: slots.map((slot) => ({ option: slot.label })) } },
];
return [{ json: { ...request, people, unknown, slots, page } }];`;

/** The time picked on the availability page → the Exchange event to create, or why not. */
const CHOSEN_TIME = `const proposal = $('Availability').first().json;
const picked = String($input.first().json.slot ?? '');
const slot = proposal.slots.find((candidate) => candidate.label === picked) ?? proposal.slots[0];
const problems = slot.busy.length
	? [\`\${slot.busy.join(', ')} \${slot.busy.length > 1 ? 'are' : 'is'} busy at that time. Start again and pick one of the suggested free times.\`]
	: [];
const event = {
	subject: proposal.subject,
	location: proposal.location || null,
	start: slot.start,
	end: slot.end,
	timeZone: proposal.timeZone,
	isAllDay: false,
	reminderMinutesBeforeStart: proposal.reminder,
	requiredAttendees: proposal.attendees.map((email) => ({ email })),
};
return [{ json: { ok: problems.length === 0, problems, event, mailbox: proposal.organiser, meeting: proposal.attendees.length > 0 } }];`;

/** The completion page's text: what was created on each side. */
const SCHEDULED = `const created = $('Create event in Exchange').first().json;
const crm = $('Create in CRM').isExecuted ? $('Create in CRM').first().json : { error: 'no Zoho event was planned' };
const zone = created.timeZone;
const from = DateTime.fromISO(created.start).setZone(zone);
const to = DateTime.fromISO(created.end).setZone(zone);
const attendees = (created.requiredAttendees ?? []).map((attendee) => attendee.email);
const what = attendees.length ? \`Meeting "\${created.subject}" scheduled; invitations sent to \${attendees.join(', ')}.\` : \`Appointment "\${created.subject}" saved.\`;
const reminder = created.reminderMinutesBeforeStart == null ? 'No reminder.' : \`Reminder \${created.reminderMinutesBeforeStart} minutes before.\`;
const zoho = crm.error ? \`The Zoho CRM event could not be created (\${crm.error}); the next events sync creates it.\` : 'The Zoho CRM event with its participants is created and linked.';
return [{ json: { title: attendees.length ? 'Meeting scheduled' : 'Appointment saved', message: \`\${what} \${from.toFormat('ccc d LLL yyyy, HH:mm')}–\${to.toFormat('HH:mm')} (\${zone}). \${reminder} \${zoho}\` } }];`;

export function meetingWorkflow(set: MeetingWorkflowSet = EWS_MEETING_SET): N8nWorkflow {
	const nodes: WorkflowNode[] = [];
	const connections: Connections = {};
	const add = (workflowNode: WorkflowNode) => nodes.push(workflowNode);
	const events = OBJECT_WORKFLOWS.find((spec) => spec.object === 'events');
	if (!events) throw new Error('the events workflow spec is missing');
	const request = (field: string) => `$('Check request').first().json.${field}`;
	const once = { executeOnce: true, alwaysOutputData: true, onError: 'continueRegularOutput' };
	const problemsText = "={{ $json.problems.join(' ') }}";

	add(
		node('Schedule a meeting', 'n8n-nodes-base.formTrigger', FORM_VERSION, [0, 0], {
			formTitle: 'Schedule a meeting',
			formDescription: 'Invite CRM contacts, leads and colleagues. The next page shows their availability.',
			formFields: { values: REQUEST_FIELDS },
			options: { path: set.formPath, buttonLabel: 'See availability' },
		}, { webhookId: set.formWebhookId }),
	);
	add(node('Check request', 'n8n-nodes-base.code', 2, [220, 0], code(CHECK_REQUEST)));
	add(node('Request valid?', 'n8n-nodes-base.if', 2.2, [440, 0], ifTrue('request-ok', '$json.ok')));
	add(formEnding('Cannot schedule', [660, 240], 'Cannot schedule this meeting', problemsText));
	const rl = (module: string) => ({ __rl: true, value: module, mode: 'name' });
	const search = (module: string) => ({ resource: 'record', operation: 'search', module: rl(module), searchBy: 'criteria', criteria: `={{ ${request('emailCriteria')} }}`, returnAll: true });
	add(node('Find CRM contacts', `${PACKAGE}.zohoCrm`, 1, [660, 0], search('Contacts'), { credentials: zohoCredentials, ...once }));
	add(node('Find CRM leads', `${PACKAGE}.zohoCrm`, 1, [880, 0], search('Leads'), { credentials: zohoCredentials, ...once }));
	const window = (start: string, end: string) => ({ attendees: `={{ ${request('everyone')} }}`, start: `={{ ${request(start)} }}`, end: `={{ ${request(end)} }}` });
	add(
		node('Free/busy', `${PACKAGE}.microsoftExchange`, 1, [1100, 0], {
			resource: 'availability',
			operation: 'getFreeBusy',
			mailbox: `={{ ${request('organiser')} }}`,
			...window('start', 'end'),
		}, { credentials: exchangeCredentials, ...once }),
	);
	add(
		node('Suggested times', `${PACKAGE}.microsoftExchange`, 1, [1320, 0], {
			resource: 'availability',
			operation: 'getSuggestions',
			mailbox: `={{ ${request('organiser')} }}`,
			...window('dayStart', 'dayEnd'),
			duration: `={{ ${request('durationMinutes')} }}`,
			maxPerDay: 5,
		}, { credentials: exchangeCredentials, ...once }),
	);
	add(node('Availability', 'n8n-nodes-base.code', 2, [1540, 0], code(AVAILABILITY)));
	add(node('Attendees known?', 'n8n-nodes-base.if', 2.2, [1760, 0], ifTrue('attendees-known', '$json.unknown.length === 0')));
	add(
		formEnding('Unknown attendees', [1980, 240], 'Unknown attendees', "={{ 'Not a CRM contact, lead or colleague: ' + $json.unknown.join(', ') + '. Add them to the CRM or check the addresses, then start again.' }}"),
	);
	add(
		node('See availability', 'n8n-nodes-base.form', FORM_VERSION, [1980, 0], {
			operation: 'page',
			defineForm: 'json',
			jsonOutput: '={{ JSON.stringify($json.page) }}',
			options: { formTitle: 'See availability', buttonLabel: 'Schedule' },
		}),
	);
	add(node('Chosen time', 'n8n-nodes-base.code', 2, [2200, 0], code(CHOSEN_TIME)));
	add(node('Time free?', 'n8n-nodes-base.if', 2.2, [2420, 0], ifTrue('time-free', '$json.ok')));
	add(formEnding('Busy at that time', [2640, 240], 'That time is busy', problemsText));
	add(
		node('Create event in Exchange', `${PACKAGE}.microsoftExchange`, 1, [2640, 0], {
			resource: 'event',
			operation: 'create',
			mailbox: '={{ $json.mailbox }}',
			inputMode: 'json',
			itemJson: '={{ $json.event }}',
			sendInvitations: "={{ $json.meeting ? 'sendToAllAndSaveCopy' : 'sendToNone' }}",
		}, { credentials: exchangeCredentials }),
	);
	add(
		// Passes the created event through to the Sync node; the write nodes read the conflict behaviour here.
		node('Sync settings', 'n8n-nodes-base.set', 3.4, [2860, 0], { ...assignments([['conflictBehaviour', 'string', 'crmWins']]), includeOtherFields: true }),
	);
	const sync = 'Exchange ⇄ CRM Sync';
	add(
		node(sync, `${PACKAGE}.exchangeCrmSync`, 1, [3080, 0], {
			object: 'events',
			crmModule: 'Events',
			syncType: 'twoWay',
			direction: 'exchangeToCrm',
			conflictBehaviour: 'sendToConflicts',
			mailbox: "={{ $('Chosen time').first().json.mailbox }}",
			inputCompleteness: 'changes',
		}),
	);
	// Placed below the write branches: n8n runs branches top to bottom, so the page comes after the writes.
	add(node('Scheduled', 'n8n-nodes-base.code', 2, [3340, 1400], code(SCHEDULED)));
	add(formEnding('Meeting scheduled', [3560, 1400], '={{ $json.title }}', '={{ $json.message }}'));

	connect(connections, 'Schedule a meeting', 0, 'Check request');
	connect(connections, 'Check request', 0, 'Request valid?');
	connect(connections, 'Request valid?', 0, 'Find CRM contacts');
	connect(connections, 'Request valid?', 1, 'Cannot schedule');
	connect(connections, 'Find CRM contacts', 0, 'Find CRM leads');
	connect(connections, 'Find CRM leads', 0, 'Free/busy');
	connect(connections, 'Free/busy', 0, 'Suggested times');
	connect(connections, 'Suggested times', 0, 'Availability');
	connect(connections, 'Availability', 0, 'Attendees known?');
	connect(connections, 'Attendees known?', 0, 'See availability');
	connect(connections, 'Attendees known?', 1, 'Unknown attendees');
	connect(connections, 'See availability', 0, 'Chosen time');
	connect(connections, 'Chosen time', 0, 'Time free?');
	connect(connections, 'Time free?', 0, 'Create event in Exchange');
	connect(connections, 'Time free?', 1, 'Busy at that time');
	connect(connections, 'Create event in Exchange', 0, 'Sync settings');
	connect(connections, 'Sync settings', 0, sync);
	connect(connections, sync, 3, 'Scheduled');
	connect(connections, 'Scheduled', 0, 'Meeting scheduled');
	// The attendees "Availability" found as CRM contacts and leads are known; only the users are read.
	const foundInCrm = "$('Availability').first().json.people.filter((person) => person.kind === 'contact' || person.kind === 'lead')";
	addRecordWrites(events, add, connections, {
		syncNode: sync,
		settingsNode: 'Sync settings',
		suffix: '',
		origin: [3340, -320],
		attendees: { knownPeople: `={{ ${foundInCrm}.map((person) => ({ email: person.email, type: person.kind, id: person.id })) }}`, lookUp: "={{ ['users'] }}" },
	});

	return { id: set.id, name: set.name, active: false, settings: { executionOrder: 'v1' }, nodes, connections, pinData: {}, tags: [] };
}

export function meetingWorkflows(set: MeetingWorkflowSet = EWS_MEETING_SET): Record<string, N8nWorkflow> {
	return { 'schedule-meeting.json': meetingWorkflow(set) };
}
