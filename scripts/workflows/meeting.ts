/**
 * The meeting-scheduling workflow: an n8n form (Form Trigger) asks for organiser, subject,
 * attendees, location, start, end, time zone and reminder; a second page shows the attendees'
 * free/busy from Exchange with suggested free times; "Schedule" creates the Exchange meeting (or an
 * appointment without attendees) and, through the Sync node, the linked Zoho event.
 *
 * The Zoho side is written by the Sync node in changes mode from the created Exchange event, so
 * the pair carries the same sync id and state the scheduled sync would write: the next events
 * sync sees it as linked and unchanged. No Code node: the checks, the availability page and the
 * confirmation are the Sync node's meeting operations.
 */
import type { N8nWorkflow } from '../n8n/instance';
import { MEETING_TIME_FORMAT } from '../../nodes/ExchangeCrmSync/core';
import {
	assignments,
	condition,
	conditions,
	connect,
	type Connections,
	continueOnError,
	crmWrite,
	exchangeCredentials,
	exchangeWrite,
	FORM_VERSION,
	formEnding,
	node,
	noteAround,
	OBJECT_WORKFLOWS,
	type ObjectWorkflowSpec,
	PACKAGE,
	switchOn,
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
export { MEETING_TIME_FORMAT };

/** The workflow's node names that other nodes read. */
const SETTINGS = 'Meeting settings';
const CHECK_REQUEST = 'Check Meeting Request';
const MEETING_TIMES = 'Meeting Times';
const CHOSEN_TIME = 'Chosen Meeting Time';
const CONFIRMATION = 'Meeting Confirmation';
const REFUSED = 'Cannot schedule';
const SYNC = 'Exchange ⇄ CRM Sync';

/** An Exchange ⇄ CRM Sync node. */
const sync = (name: string, position: [number, number], parameters: Record<string, unknown>) => node(name, `${PACKAGE}.exchangeCrmSync`, 1, position, parameters);
/** An If on the `ok` of the check before it. */
const ifOk = (id: string) => ({ conditions: conditions([condition(id, '={{ $json.ok }}')]), options: {} });

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

export function meetingWorkflow(set: MeetingWorkflowSet = EWS_MEETING_SET): N8nWorkflow {
	const nodes: WorkflowNode[] = [];
	const connections: Connections = {};
	const add = (workflowNode: WorkflowNode) => nodes.push(workflowNode);
	const events = OBJECT_WORKFLOWS.find((spec) => spec.object === 'events');
	if (!events) throw new Error('the events workflow spec is missing');
	const setting = (field: string) => `$('${SETTINGS}').first().json.${field}`;
	const request = (field: string) => `$('${CHECK_REQUEST}').first().json.${field}`;
	const once = { executeOnce: true, alwaysOutputData: true, onError: 'continueRegularOutput' };
	// Each step of the Sync node answers on its Report output.
	const REPORT = 3;

	add(
		node('Schedule a meeting', 'n8n-nodes-base.formTrigger', FORM_VERSION, [0, 0], {
			formTitle: 'Schedule a meeting',
			formDescription: 'Invite CRM contacts, leads and colleagues. The next page shows their availability.',
			formFields: { values: REQUEST_FIELDS },
			options: { path: set.formPath, buttonLabel: 'See availability' },
		}, { webhookId: set.formWebhookId }),
	);
	add(
		node(SETTINGS, 'n8n-nodes-base.set', 3.4, [220, 0], {
			...assignments([
				['workingDayStart', 'string', '08:00'],
				['workingDayEnd', 'string', '18:00'],
				['suggestionsPerDay', 'number', 5],
				['conflictBehaviour', 'string', 'crmWins'],
			]),
			includeOtherFields: true,
		}),
	);
	add(sync(CHECK_REQUEST, [440, 0], { operation: 'checkMeetingRequest', workingDayStart: `={{ ${setting('workingDayStart')} }}`, workingDayEnd: `={{ ${setting('workingDayEnd')} }}` }));
	add(node('Request valid?', 'n8n-nodes-base.if', 2.2, [660, 0], ifOk('request-ok')));
	const rl = (module: string) => ({ __rl: true, value: module, mode: 'name' });
	const search = (module: string) => ({ resource: 'record', operation: 'search', module: rl(module), searchBy: 'criteria', criteria: `={{ ${request('emailCriteria')} }}`, returnAll: true });
	add(node('Find CRM contacts', `${PACKAGE}.zohoCrm`, 1, [880, 0], search('Contacts'), { credentials: zohoCredentials, ...once }));
	add(node('Find CRM leads', `${PACKAGE}.zohoCrm`, 1, [1100, 0], search('Leads'), { credentials: zohoCredentials, ...once }));
	const window = (start: string, end: string) => ({ attendees: `={{ ${request('everyone')} }}`, start: `={{ ${request(start)} }}`, end: `={{ ${request(end)} }}` });
	add(
		node('Free/busy', `${PACKAGE}.microsoftExchange`, 1, [1320, 0], {
			resource: 'availability',
			operation: 'getFreeBusy',
			mailbox: `={{ ${request('organiser')} }}`,
			...window('start', 'end'),
		}, { credentials: exchangeCredentials, ...once }),
	);
	add(
		node('Suggested times', `${PACKAGE}.microsoftExchange`, 1, [1540, 0], {
			resource: 'availability',
			operation: 'getSuggestions',
			mailbox: `={{ ${request('organiser')} }}`,
			...window('dayStart', 'dayEnd'),
			duration: `={{ ${request('durationMinutes')} }}`,
			maxPerDay: `={{ ${setting('suggestionsPerDay')} }}`,
		}, { credentials: exchangeCredentials, ...once }),
	);
	add(
		sync(MEETING_TIMES, [1760, 0], {
			operation: 'meetingTimes',
			requestNode: CHECK_REQUEST,
			crmContactsNode: 'Find CRM contacts',
			crmLeadsNode: 'Find CRM leads',
			freeBusyNode: 'Free/busy',
			suggestionsNode: 'Suggested times',
		}),
	);
	add(node('Attendees known?', 'n8n-nodes-base.if', 2.2, [1980, 0], ifOk('attendees-known')));
	add(
		node('See availability', 'n8n-nodes-base.form', FORM_VERSION, [2200, 0], {
			operation: 'page',
			defineForm: 'json',
			jsonOutput: '={{ JSON.stringify($json.page) }}',
			options: { formTitle: 'See availability', buttonLabel: 'Schedule' },
		}),
	);
	add(sync(CHOSEN_TIME, [2420, 0], { operation: 'chosenMeetingTime', meetingTimesNode: MEETING_TIMES }));
	add(node('Time free?', 'n8n-nodes-base.if', 2.2, [2640, 0], ifOk('time-free')));
	// One page for every refusal: each check names its page title and says each problem.
	add(formEnding(REFUSED, [2860, 300], '={{ $json.refusal }}', "={{ $json.problems.join(' ') }}"));
	add(
		node('Create event in Exchange', `${PACKAGE}.microsoftExchange`, 1, [2860, 0], {
			resource: 'event',
			operation: 'create',
			mailbox: '={{ $json.mailbox }}',
			inputMode: 'json',
			itemJson: '={{ $json.event }}',
			sendInvitations: "={{ $json.meeting ? 'sendToAllAndSaveCopy' : 'sendToNone' }}",
		}, { credentials: exchangeCredentials }),
	);
	add(
		sync(SYNC, [3080, 0], {
			object: 'events',
			crmModule: 'Events',
			syncType: 'twoWay',
			direction: 'exchangeToCrm',
			conflictBehaviour: 'sendToConflicts',
			mailbox: `={{ $('${CHOSEN_TIME}').first().json.mailbox }}`,
			inputCompleteness: 'changes',
		}),
	);
	addZohoEventWrites(events, add, connections);
	// Below the writes: n8n runs a node's branches top to bottom, so the page comes after the writes.
	add(sync(CONFIRMATION, [3300, 560], { operation: 'meetingConfirmation', exchangeEventNode: 'Create event in Exchange', crmEventNode: 'Create in CRM' }));
	add(formEnding('Meeting scheduled', [3520, 560], '={{ $json.title }}', '={{ $json.message }}'));

	connect(connections, 'Schedule a meeting', 0, SETTINGS);
	connect(connections, SETTINGS, 0, CHECK_REQUEST);
	connect(connections, CHECK_REQUEST, REPORT, 'Request valid?');
	connect(connections, 'Request valid?', 0, 'Find CRM contacts');
	connect(connections, 'Request valid?', 1, REFUSED);
	connect(connections, 'Find CRM contacts', 0, 'Find CRM leads');
	connect(connections, 'Find CRM leads', 0, 'Free/busy');
	connect(connections, 'Free/busy', 0, 'Suggested times');
	connect(connections, 'Suggested times', 0, MEETING_TIMES);
	connect(connections, MEETING_TIMES, REPORT, 'Attendees known?');
	connect(connections, 'Attendees known?', 0, 'See availability');
	connect(connections, 'Attendees known?', 1, REFUSED);
	connect(connections, 'See availability', 0, CHOSEN_TIME);
	connect(connections, CHOSEN_TIME, REPORT, 'Time free?');
	connect(connections, 'Time free?', 0, 'Create event in Exchange');
	connect(connections, 'Time free?', 1, REFUSED);
	connect(connections, 'Create event in Exchange', 0, SYNC);
	connect(connections, SYNC, REPORT, CONFIRMATION);
	connect(connections, CONFIRMATION, REPORT, 'Meeting scheduled');

	addNotes(nodes, add);
	return { id: set.id, name: set.name, active: false, settings: { executionOrder: 'v1' }, nodes, connections, pinData: {}, tags: [] };
}

/**
 * The Zoho side of the meeting, written as the events workflow writes it. The event is new and
 * the Sync node reads no CRM records, so the only write it can plan is a CRM create; its link is
 * then saved on both sides.
 */
function addZohoEventWrites(events: ObjectWorkflowSpec, add: (workflowNode: WorkflowNode) => void, connections: Connections): void {
	const crmWriteSwitch = 'CRM write';
	add(
		// The attendees Meeting Times found as CRM contacts and leads are known; only the users are read.
		node('Find attendees in CRM', `${PACKAGE}.zohoCrm`, 1, [3300, 0], {
			resource: 'event',
			operation: 'matchParticipants',
			recordField: 'record',
			knownPeople: `={{ $('${MEETING_TIMES}').first().json.crmAttendees }}`,
			lookUp: "={{ ['users'] }}",
		}, { credentials: zohoCredentials, ...continueOnError }),
	);
	add(node(crmWriteSwitch, 'n8n-nodes-base.switch', 3.2, [3520, 0], switchOn('$json.action', ['create', 'update', 'delete'])));
	add(node('Create in CRM', `${PACKAGE}.zohoCrm`, 1, [3740, 0], crmWrite('create'), { credentials: zohoCredentials, ...continueOnError }));
	add(sync('Link created records', [3960, 0], { operation: 'linkCreated', createdIn: 'crm', plannedWrite: `={{ $('${crmWriteSwitch}').item.json }}` }));
	add(node('Save links in Exchange', `${PACKAGE}.microsoftExchange`, 1, [4180, -120], exchangeWrite(events, 'update'), { credentials: exchangeCredentials, ...continueOnError }));
	add(node('Save links in CRM', `${PACKAGE}.zohoCrm`, 1, [4180, 120], crmWrite('update'), { credentials: zohoCredentials, ...continueOnError }));
	// A new meeting meets no conflict; the Switch is where the events workflow routes them, for an admin to re-route.
	add(node('Conflict behaviour', 'n8n-nodes-base.switch', 3.2, [3300, 280], switchOn(`$('${SETTINGS}').first().json.conflictBehaviour`, ['crmWins', 'exchangeWins'], 'Review')));
	connect(connections, SYNC, 1, 'Find attendees in CRM');
	connect(connections, SYNC, 2, 'Conflict behaviour');
	connect(connections, 'Find attendees in CRM', 0, crmWriteSwitch);
	connect(connections, crmWriteSwitch, 0, 'Create in CRM');
	connect(connections, 'Create in CRM', 0, 'Link created records');
	connect(connections, 'Link created records', 0, 'Save links in Exchange');
	connect(connections, 'Link created records', 1, 'Save links in CRM');
}

/** What each part does and what to change there. */
function addNotes(nodes: WorkflowNode[], add: (workflowNode: WorkflowNode) => void): void {
	add(noteAround(nodes, 'Form and settings', ['Schedule a meeting', SETTINGS], [
		'## Schedule a meeting',
		'The form at `/form/<path>` asks for the meeting. **Change here**: the form\'s fields and texts; in *Meeting settings* the working day in which other times are suggested, how many per day, and the conflict behaviour the Zoho writes follow.',
	]));
	add(noteAround(nodes, 'Check the request', [CHECK_REQUEST, 'Request valid?'], [
		'## Check the request',
		'Times, time zone, addresses and reminder are checked; each problem gets its own message on the *Cannot schedule* page.',
	]));
	add(noteAround(nodes, 'Who and when', ['Find CRM contacts', 'Find CRM leads', 'Free/busy', 'Suggested times', MEETING_TIMES, 'Attendees known?', 'See availability'], [
		'## Who is invited, and when they are free',
		'Attendees are searched among CRM contacts and leads; Exchange free/busy tells colleagues (they have a calendar) and who is busy; Exchange suggests other times on the same working day. *Meeting Times* builds the availability page; unknown attendees are refused.',
	]));
	add(noteAround(nodes, 'Create the meeting', [CHOSEN_TIME, 'Time free?', 'Create event in Exchange', REFUSED], [
		'## Create the meeting in Exchange',
		'The time picked is refused when someone is busy then; otherwise the meeting (with invitations) or appointment is created in the organiser\'s mailbox.',
	]));
	add(noteAround(nodes, 'Zoho CRM event', [SYNC, 'Find attendees in CRM', 'CRM write', 'Create in CRM', 'Link created records', 'Save links in Exchange', 'Save links in CRM', 'Conflict behaviour'], [
		'## The Zoho CRM event, linked',
		'The Sync node writes the Zoho event from the Exchange one, as the events sync would: contacts, leads and users as participants, the same sync id on both sides. A new meeting has no conflicts; *Conflict behaviour* is where they would be routed.',
	]));
	add(noteAround(nodes, 'Confirmation', [CONFIRMATION, 'Meeting scheduled'], [
		'## Confirmation',
		'Says what was created on each side.',
	], 140));
}

export function meetingWorkflows(set: MeetingWorkflowSet = EWS_MEETING_SET): Record<string, N8nWorkflow> {
	return { 'schedule-meeting.json': meetingWorkflow(set) };
}
