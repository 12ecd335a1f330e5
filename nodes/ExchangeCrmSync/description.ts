/** The Sync node's settings, with the names the docs use. */
import * as groupChanges from './actions/groupChanges.operation';
import * as journalRun from './actions/journalRun.operation';
import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_MATCH_RULES } from './core';

const showFor = (object: string[]) => ({ show: { object } });

/** The first-sync match rule of one object: its rule, or none. */
function matchRuleProperty(object: keyof typeof DEFAULT_MATCH_RULES, ruleName: string): INodeProperties {
	const rule = DEFAULT_MATCH_RULES[object];
	return {
		displayName: 'First-Sync Match Rule',
		name: 'matchRule',
		type: 'options',
		options: [
			{ name: ruleName, value: rule },
			{ name: 'None (Never Match)', value: 'none' },
		],
		default: rule,
		description: 'How records that exist on both sides before their first sync are recognised',
		displayOptions: showFor([object]),
	};
}

const planProperties: INodeProperties[] = [
	{
		displayName: 'Object',
		name: 'object',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Contacts', value: 'contacts' },
			{ name: 'Events', value: 'events' },
			{
				name: 'Mail',
				value: 'mail',
				description: 'Attach Exchange messages to the CRM records of their senders and recipients; copy mail sent from the CRM to Sent Items',
			},
			{ name: 'Tasks', value: 'tasks' },
		],
		default: 'contacts',
	},
	{
		displayName: 'CRM Module',
		name: 'crmModule',
		type: 'options',
		options: [
			{ name: 'Contacts', value: 'Contacts' },
			{ name: 'Leads', value: 'Leads' },
		],
		default: 'Contacts',
		description: 'The Zoho module Exchange contacts sync with; for mail, the module of records that carry no $module',
		displayOptions: showFor(['contacts', 'mail']),
	},
	{
		displayName: 'Sync Type',
		name: 'syncType',
		type: 'options',
		options: [
			{ name: 'Two-Way', value: 'twoWay' },
			{ name: 'One-Way', value: 'oneWay' },
		],
		default: 'twoWay',
		displayOptions: showFor(['contacts', 'tasks', 'events', 'mail']),
	},
	{
		displayName: 'Direction',
		name: 'direction',
		type: 'options',
		options: [
			{ name: 'Exchange to CRM', value: 'exchangeToCrm' },
			{ name: 'CRM to Exchange', value: 'crmToExchange' },
		],
		default: 'exchangeToCrm',
		description: 'The side that is read; the other side is the only one written',
		displayOptions: { show: { syncType: ['oneWay'], object: ['contacts', 'tasks', 'events', 'mail'] } },
	},
	{
		displayName: 'Conflict Behaviour',
		name: 'conflictBehaviour',
		type: 'options',
		options: [
			{ name: 'CRM Always Wins', value: 'crmWins', description: 'A field both sides changed takes the CRM value' },
			{ name: 'Exchange Always Wins', value: 'exchangeWins', description: 'A field both sides changed takes the Exchange value' },
			{ name: 'Newest Wins', value: 'newestWins', description: 'A field both sides changed takes the value of the side modified last' },
			{
				name: 'Send to Conflicts Output',
				value: 'sendToConflicts',
				description: 'A record with fields both sides changed goes to the Conflicts output, with ready writes for each decision',
			},
		],
		default: 'crmWins',
		description:
			'Who takes a field that both sides changed to different values since the last sync. Fields only one side changed always go to the other side, whatever is chosen here.',
		displayOptions: { show: { syncType: ['twoWay'], object: ['contacts', 'tasks', 'events'] } },
	},
	{
		displayName: 'Delete Behaviour',
		name: 'deleteBehaviour',
		type: 'options',
		options: [
			{ name: 'Propagate Both Ways', value: 'propagate' },
			{ name: 'Only Exchange Deletes Reach the CRM', value: 'propagateToCrm' },
			{ name: 'Only CRM Deletes Reach Exchange', value: 'propagateToExchange' },
			{ name: 'Ignore Deletes', value: 'ignore' },
		],
		default: 'propagate',
		description: 'Deletes go to Deleted Items or the Zoho recycle bin, never purged',
		displayOptions: showFor(['contacts', 'tasks', 'events']),
	},
	{
		displayName: 'Mass-Delete Limit',
		name: 'massDeleteLimit',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 25,
		description: 'A run that would delete more records than this deletes none and reports why',
		displayOptions: showFor(['contacts', 'tasks', 'events']),
	},
	{
		displayName: 'Mass-Delete Share (%)',
		name: 'massDeletePercent',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 100 },
		default: 50,
		description:
			'A run that would delete more than this share of the linked records (and more than one), or every one of them, deletes none. In a Changes Only run the share is of Linked Records Before This Run.',
		displayOptions: showFor(['contacts', 'tasks', 'events']),
	},
	{
		displayName: 'Synced Mailboxes',
		name: 'syncedMailboxes',
		type: 'string',
		default: '',
		placeholder: 'e.g. alice@example.com, bob@example.com',
		description:
			'Every mailbox the sync covers (comma-separated, or a list by expression). A meeting has one CRM event: it syncs from its organiser\'s mailbox when that is covered, else from the first covered attendee\'s, so other copies are left out. Empty: every meeting in this mailbox syncs here.',
		displayOptions: showFor(['events']),
	},
	{
		displayName: 'Meeting Updates',
		name: 'meetingUpdates',
		type: 'options',
		options: [
			{
				name: 'Only for Changes Attendees See',
				value: 'visibleChanges',
				description:
					'Invitations and cancellations go out; an update only when subject, time, recurrence, location, body or attendees change, to the attendees it concerns',
			},
			{ name: 'Never', value: 'never', description: 'Sync writes to meetings mail no attendee; the organiser tells them' },
		],
		default: 'visibleChanges',
		description: 'When a write to a meeting with attendees mails them',
		displayOptions: showFor(['events']),
	},
	{
		displayName: 'Release Held Deletes',
		name: 'releaseHeldDeletes',
		type: 'boolean',
		default: false,
		description:
			'Whether this run deletes what the mass-delete brake would hold back. Turn it on for one run after checking that the records the report lists as held were really deleted.',
		displayOptions: showFor(['contacts', 'tasks', 'events']),
	},
	{
		displayName: 'Preview Only',
		name: 'preview',
		type: 'boolean',
		default: false,
		description:
			'Whether to plan as usual and write nothing: To Exchange, To CRM and Conflicts stay empty, and the Report carries the preview (every create, field change old → new, delete, held delete and conflict this run would make). A workflow that saves its cursor after the writes must not save it for a preview.',
	},
	{
		displayName: 'Conflicts Go To',
		name: 'conflictRoute',
		type: 'options',
		options: [
			{ name: 'CRM Wins', value: 'crmWins', description: 'The workflow writes each conflict\'s CRM-wins suggestion' },
			{ name: 'Exchange Wins', value: 'exchangeWins', description: 'The workflow writes each conflict\'s Exchange-wins suggestion' },
			{ name: 'Review', value: 'review', description: 'The workflow writes the hold suggestion: only what one side changed' },
		],
		default: 'review',
		description:
			'The route the workflow\'s Conflict behaviour Switch sends conflicts on: the preview lists the writes it then makes, and only conflicts sent to Review go to the review inbox. Any other value (e.g. the Conflict Behaviour setting newestWins or sendToConflicts) means Review.',
		displayOptions: { show: { object: ['contacts', 'tasks', 'events'] } },
	},
	matchRuleProperty('contacts', 'Email Address'),
	matchRuleProperty('tasks', 'Subject and Due Date'),
	matchRuleProperty('events', 'Organizer, Start and Subject'),
	{
		displayName: 'Mailbox',
		name: 'mailbox',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. alice@example.com',
		description: 'SMTP address of the Exchange mailbox this run is for',
	},
	{
		displayName: 'Owner',
		name: 'owner',
		type: 'string',
		default: '',
		description: 'Zoho user ID new CRM records are assigned to (empty: the connected user)',
		displayOptions: showFor(['contacts', 'tasks', 'events']),
	},
	{
		displayName: 'Input Completeness',
		name: 'inputCompleteness',
		type: 'options',
		options: [
			{
				name: 'Complete',
				value: 'complete',
				description: 'The inputs are the full sets: a linked record missing from one side was deleted there',
			},
			{
				name: 'Changes Only',
				value: 'changes',
				description: 'The inputs hold only what changed since the last run; deletions arrive as {deleted: true, ID or syncId}',
			},
		],
		default: 'complete',
	},
	{
		displayName: 'Partners Included',
		name: 'partnersIncluded',
		type: 'boolean',
		default: false,
		description:
			'Whether a Changes Only input also holds, for every changed or deleted record, the record the other side links to it (the Exchange node\'s Get by CRM Record ID, the Zoho CRM node\'s Get by Exchange Item ID, given the IDs of the other side\'s changes and deletions). Every pair in the input is then decided as a complete read would decide it, so a write that failed in an earlier run is caught up and a deletion is settled in the same run.',
		displayOptions: { show: { object: ['contacts', 'tasks', 'events'], inputCompleteness: ['changes'] } },
	},
	{
		displayName: 'Linked Records Before This Run',
		name: 'linkedBefore',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description:
			'The number of linked records the last run reported (its Report\'s linked), for the share a Changes Only run may delete. 0 means unknown: such a run then deletes at most one record.',
		displayOptions: { show: { object: ['contacts', 'tasks', 'events'], inputCompleteness: ['changes'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: showFor(['contacts', 'tasks', 'events']),
		options: [
			{
				displayName: 'CRM Fields',
				name: 'crmFields',
				type: 'json',
				default: '[]',
				description:
					'The CRM module\'s fields, as the Zoho CRM node\'s Field → Get Many answers them (API name, length, read-only). With them, a mapped field the module lacks is not synced, a read-only one flows from the CRM only, and a value longer than its field holds is refused for that record.',
			},
			{
				displayName: 'CRM Time Zone',
				name: 'crmTimeZone',
				type: 'string',
				default: '',
				placeholder: 'e.g. Europe/Berlin',
				description: "IANA time zone of the Zoho user; Zoho date-times are written with its offset (empty: the workflow's time zone)",
			},
			{
				displayName: 'Exchange Time Zone',
				name: 'exchangeTimeZone',
				type: 'string',
				default: '',
				placeholder: 'e.g. Europe/Berlin',
				description: "IANA time zone new Exchange events are created in (empty: the workflow's time zone)",
			},
			{
				displayName: 'Excluded Fields',
				name: 'excludedFields',
				type: 'string',
				default: '',
				placeholder: 'e.g. notes, birthday',
				description: 'Comma-separated default fields (by their Exchange name) not to sync',
			},
			{
				displayName: 'Truncate Long Values',
				name: 'truncateLongValues',
				type: 'boolean',
				default: false,
				description:
					'Whether a value longer than its CRM field holds (from CRM Fields) is cut to that length on both sides, and reported, instead of refusing the record',
			},
		],
	},
	{
		displayName: 'Field Mapping',
		name: 'fieldMapping',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Field Pair',
		default: {},
		description: 'Pairs added to the default map; a pair naming a mapped field replaces its default',
		displayOptions: showFor(['contacts', 'tasks', 'events']),
		options: [
			{
				displayName: 'Pair',
				name: 'pairs',
				values: [
					{
						displayName: 'Exchange Field',
						name: 'exchangeField',
						type: 'string',
						default: '',
						placeholder: 'e.g. department or businessAddress.city',
					},
					{
						displayName: 'CRM Field',
						name: 'crmField',
						type: 'string',
						default: '',
						placeholder: 'e.g. Department or a custom field like Region__c',
						description: 'API name of the Zoho field',
					},
					{
						displayName: 'Value Type',
						name: 'valueType',
						type: 'options',
						options: [
							{ name: 'Boolean', value: 'boolean' },
							{ name: 'Date', value: 'date' },
							{ name: 'Date-Time', value: 'instant' },
							{ name: 'Email', value: 'email' },
							{ name: 'Multiline Text', value: 'multiline' },
							{ name: 'Number', value: 'number' },
							{ name: 'Phone', value: 'phone' },
							{ name: 'Text', value: 'text' },
						],
						default: 'text',
						description: 'How values are compared: e.g. phones by digits, emails without case',
					},
				],
			},
		],
	},
];

/** Settings of "Plan Sync" show only for that operation. */
const forPlanning = (property: INodeProperties): INodeProperties => ({
	...property,
	displayOptions: { ...property.displayOptions, show: { ...property.displayOptions?.show, operation: ['plan'] } },
});

export const syncProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Group Changes by Mailbox',
				value: 'groupChanges',
				description: "Turn a real-time trigger's changes into one item per user's mailbox: each record once, the user's time zone, and the lookups of the records' counterparts on the other side",
				action: 'Group changes by mailbox',
			},
			{
				name: 'Journal Run',
				value: 'journalRun',
				description: 'Turn what a run wrote into rows of the Sync journal Data Table: per record created, field updated (old and new value) and record deleted (its content), on either side',
				action: 'Journal a sync run',
			},
			{
				name: 'Link Created Records',
				value: 'linkCreated',
				description: 'Complete the links of the records a run created, once their IDs are known',
				action: 'Link created records',
			},
			{
				name: 'Plan Sync',
				value: 'plan',
				description: 'Decide what Exchange and the CRM must each do to be in sync',
				action: 'Plan a sync',
			},
			{
				name: 'Preview Page',
				value: 'previewPage',
				description: 'Turn the previews of Plan Sync runs (Preview Only) into one HTML page an admin reads: totals, and per user and object every create, field change, delete, held delete and conflict',
				action: 'Render a sync preview page',
			},
			{
				name: 'Record for Review',
				value: 'recordForReview',
				description: 'Turn a run\'s conflicts sent for review, held deletes and rejected records into rows of the Sync review Data Table (seen again: last seen updated), and close the rows whose record the run wrote',
				action: 'Record a run for review',
			},
			{
				name: 'Review Page',
				value: 'reviewPage',
				description: 'Turn the open rows of the Sync review Data Table (the input items) into a form page that asks, per item, what to do',
				action: 'Build the review page',
			},
			{
				name: 'Save Review Decisions',
				value: 'decideReviews',
				description: 'Turn the answers of the review page (the input item) into the decided rows of the Sync review Data Table, which the next run applies',
				action: 'Save review decisions',
			},
			{
				name: 'Summarise Run',
				value: 'summariseRun',
				description: 'Turn Plan Sync\'s report and what the writes returned into the run\'s report: what was written, what was refused and why, and whether the next run may start from here',
				action: 'Summarise a sync run',
			},
		],
		default: 'plan',
	},
	{
		displayName: 'Write Nodes',
		name: 'writeNodes',
		type: 'json',
		default:
			'{\n  "exchange": { "create": ["Create in Exchange"], "update": ["Update in Exchange"], "delete": ["Delete in Exchange"], "link": [] },\n  "crm": { "create": ["Create in CRM"], "update": ["Update in CRM"], "delete": ["Delete in CRM"], "link": [] }\n}',
		required: true,
		description:
			'The names of the nodes that wrote, per side and kind of write (link: the saves after Link Created Records); this node reads what every run of each returned, so a run of any size is counted (an expression mapping the results would hit n8n\'s expression memory limit on a large first sync). Optional "failuresOnly": [{ "side", "kind", "node" }] for a lookup before a write whose failed items are lost writes. The input item is Plan Sync\'s Report.',
		displayOptions: { show: { operation: ['summariseRun'] } },
	},
	{
		displayName: 'Users',
		name: 'previewUsers',
		type: 'string',
		default: '',
		description: 'The users the preview was asked for (comma-separated emails; empty: every active user), shown again in the page\'s form',
		displayOptions: { show: { operation: ['previewPage'] } },
	},
	{
		displayName: 'Objects',
		name: 'previewObjects',
		type: 'string',
		default: 'contacts,tasks,events,mail',
		description: 'The objects the preview was asked for (comma-separated, or a list), ticked in the page\'s form. Each input item is one user\'s and object\'s preview: {user, mailbox, object, since, preview} or {mailbox, object, error}.',
		displayOptions: { show: { operation: ['previewPage'] } },
	},
	{
		displayName: 'Created In',
		name: 'createdIn',
		type: 'options',
		options: [
			{ name: 'Exchange', value: 'exchange' },
			{ name: 'CRM', value: 'crm' },
		],
		default: 'exchange',
		description: 'Where the input items were created: connect the output of that side\'s create operation',
		displayOptions: { show: { operation: ['linkCreated'] } },
	},
	{
		displayName: 'Planned Write',
		name: 'plannedWrite',
		type: 'json',
		default: '',
		required: true,
		placeholder: "e.g. {{ $('Exchange write').item.json }}",
		description: 'The create write Plan Sync made for this item (an item of its To Exchange or To CRM output)',
		displayOptions: { show: { operation: ['linkCreated'] } },
	},
	{
		displayName: 'Plan Node',
		name: 'planNode',
		type: 'string',
		default: 'Exchange ⇄ CRM Sync',
		required: true,
		description: 'The name of the Plan Sync node of this run: its Report is read from there. The input item is Summarise Run\'s output.',
		displayOptions: { show: { operation: ['recordForReview', 'journalRun'] } },
	},
	{
		displayName: 'Review Items',
		name: 'reviewItems',
		type: 'json',
		default: '[]',
		description:
			'The rows of the Sync review Data Table (Data Table → Get) of this mailbox and object that are not closed. Plan Sync applies the decided ones; Record for Review keeps when each was first seen.',
		displayOptions: { show: { operation: ['plan', 'recordForReview', 'decideReviews'] } },
	},
	{
		displayName: 'Undo Rows',
		name: 'undoRows',
		type: 'json',
		default: '',
		description:
			'Undo a run: the rows of the Sync journal Data Table of the run to undo (this mailbox\'s and object\'s). The fields it updated go back to their old values on both sides, unless changed again since (reported); records it deleted whose pair is gone are made again. Empty: a normal run.',
		displayOptions: { show: { operation: ['plan'] } },
	},
	{
		displayName: 'CRM Module',
		name: 'reviewCrmModule',
		type: 'string',
		default: 'Contacts',
		description: 'The Zoho module the records are in, for their links',
		displayOptions: { show: { operation: ['recordForReview'] } },
	},
	{
		displayName: 'CRM Web Address',
		name: 'crmWebAddress',
		type: 'string',
		default: 'https://crm.zoho.com',
		description: 'Where your users open Zoho CRM (e.g. https://crm.zoho.eu): the rows link to the records there',
		displayOptions: { show: { operation: ['recordForReview'] } },
	},
	{
		displayName: 'Outlook on the Web Address',
		name: 'exchangeWebAddress',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://mail.example.com',
		description: 'Where your users open Outlook on the web: the rows link to the Exchange items there. Empty: no Exchange link.',
		displayOptions: { show: { operation: ['recordForReview'] } },
	},
	{
		displayName: 'User',
		name: 'reviewUser',
		type: 'string',
		default: '',
		description: 'Only this user\'s items (their email); empty: everyone\'s',
		displayOptions: { show: { operation: ['reviewPage', 'decideReviews'] } },
	},
	...groupChanges.description,
	...journalRun.description,
	...planProperties.map(forPlanning),
];
