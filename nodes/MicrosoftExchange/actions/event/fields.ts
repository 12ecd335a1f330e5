import type { INodeProperties } from 'n8n-workflow';
import { eventType } from '../../helpers/itemTypes/event';
import type { ResourceSpec } from '../itemOperation';

const eventFields: INodeProperties = {
	displayName: 'Fields',
	name: 'eventFields',
	type: 'collection',
	placeholder: 'Add Field',
	default: {},
	options: [
		{ displayName: 'All Day', name: 'isAllDay', type: 'boolean', default: false, description: 'Whether the event lasts whole days (from midnight of the start date to midnight after the end date, in its time zone)' },
		{ displayName: 'Body', name: 'body', type: 'string', typeOptions: { rows: 3 }, default: '' },
		{ displayName: 'Categories', name: 'categories', type: 'string', default: '', description: 'Comma-separated category names' },
		{ displayName: 'End', name: 'end', type: 'dateTime', default: '' },
		{ displayName: 'Location', name: 'location', type: 'string', default: '' },
		{ displayName: 'Optional Attendees', name: 'optionalAttendees', type: 'string', default: '', description: 'Comma-separated email addresses' },
		{
			displayName: 'Recurrence',
			name: 'recurrence',
			type: 'string',
			default: '',
			placeholder: 'FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10',
			description: 'RRULE (DAILY, WEEKLY, MONTHLY or YEARLY with INTERVAL, BYDAY, BYMONTHDAY, BYMONTH, COUNT or UNTIL)',
		},
		{ displayName: 'Reminder (Minutes Before Start)', name: 'reminderMinutesBeforeStart', type: 'number', default: 15, description: 'Minutes before the start; -1 turns the reminder off' },
		{ displayName: 'Required Attendees', name: 'requiredAttendees', type: 'string', default: '', description: 'Comma-separated email addresses; attendees make the event a meeting' },
		{
			displayName: 'Show As',
			name: 'showAs',
			type: 'options',
			options: [
				{ name: 'Busy', value: 'Busy' },
				{ name: 'Free', value: 'Free' },
				{ name: 'Out of Office', value: 'OOF' },
				{ name: 'Tentative', value: 'Tentative' },
				{ name: 'Working Elsewhere', value: 'WorkingElsewhere' },
			],
			default: 'Busy',
		},
		{ displayName: 'Start', name: 'start', type: 'dateTime', default: '' },
		{ displayName: 'Subject', name: 'subject', type: 'string', default: '' },
		{ displayName: 'Sync ID', name: 'syncId', type: 'string', default: '', description: 'The sync link to store on the event' },
		{ displayName: 'Time Zone', name: 'timeZone', type: 'string', default: 'UTC', placeholder: 'Europe/Berlin', description: 'IANA time zone of the event; start and end without an offset are read in it' },
	],
};

const sendInvitations: INodeProperties = {
	displayName: 'Send Invitations',
	name: 'sendInvitations',
	type: 'options',
	options: [
		{ name: 'To All, Save a Copy', value: 'sendToAllAndSaveCopy' },
		{ name: 'To All, No Copy', value: 'sendOnlyToAll' },
		{ name: 'None', value: 'sendToNone', description: 'Save the meeting without inviting anyone' },
	],
	default: 'sendToAllAndSaveCopy',
	description: 'Whether attendees get invitations (only matters when there are attendees)',
	displayOptions: { show: { resource: ['event'], operation: ['create'] } },
};

const sendUpdates: INodeProperties = {
	displayName: 'Send Updates',
	name: 'sendUpdates',
	type: 'options',
	options: [
		{ name: 'None', value: 'sendToNone' },
		{ name: 'To All, No Copy', value: 'sendOnlyToAll' },
		{ name: 'To All, Save a Copy', value: 'sendToAllAndSaveCopy' },
		{ name: 'To Changed Attendees, No Copy', value: 'sendOnlyToChanged' },
		{ name: 'To Changed Attendees, Save a Copy', value: 'sendOnlyToChangedAndSaveCopy' },
	],
	default: 'sendOnlyToChangedAndSaveCopy',
	description: 'Who gets a meeting update. Nothing is sent when no field really changed.',
	displayOptions: { show: { resource: ['event'], operation: ['update'] } },
};

const sendCancellations: INodeProperties = {
	displayName: 'Send Cancellations',
	name: 'sendCancellations',
	type: 'options',
	options: [
		{ name: 'To All, Save a Copy', value: 'sendToAllAndSaveCopy' },
		{ name: 'To All, No Copy', value: 'sendOnlyToAll' },
		{ name: 'None', value: 'sendToNone' },
	],
	default: 'sendToAllAndSaveCopy',
	description: 'Whether attendees of a deleted meeting get a cancellation',
	displayOptions: { show: { resource: ['event'], operation: ['delete'] } },
};

const includeExceptions = (operation: string): INodeProperties => ({
	displayName: 'Include Modified Occurrences',
	name: 'includeExceptions',
	type: 'boolean',
	default: false,
	description:
		'Whether to output each modified occurrence of a recurring series (one moved or edited on its own) as an event of its own, right after its series, with seriesMasterId and originalStart',
	displayOptions: { show: { resource: ['event'], operation: [operation] } },
});

const windowFilters: INodeProperties[] = [
	{ displayName: 'Ends After', name: 'endsAfter', type: 'dateTime', default: '', description: 'Only events that end after this time' },
	{ displayName: 'Starts Before', name: 'startsBefore', type: 'dateTime', default: '', description: 'Only events that start before this time' },
];

export const eventSpec: ResourceSpec = {
	resource: 'event',
	type: eventType,
	fields: eventFields,
	extra: {
		create: [sendInvitations],
		update: [sendUpdates],
		delete: [sendCancellations],
		getAll: [includeExceptions('getAll')],
		getChanges: [includeExceptions('getChanges')],
	},
	filters: windowFilters,
};
