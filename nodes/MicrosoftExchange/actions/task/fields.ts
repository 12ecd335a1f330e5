import type { INodeProperties } from 'n8n-workflow';
import { taskType } from '../../helpers/itemTypes/task';
import type { ResourceSpec } from '../itemOperation';

const taskFields: INodeProperties = {
	displayName: 'Fields',
	name: 'taskFields',
	type: 'collection',
	placeholder: 'Add Field',
	default: {},
	options: [
		{ displayName: 'Body', name: 'body', type: 'string', typeOptions: { rows: 3 }, default: '' },
		{ displayName: 'Categories', name: 'categories', type: 'string', default: '', description: 'Comma-separated category names' },
		{ displayName: 'Complete Date', name: 'completeDate', type: 'dateTime', default: '' },
		{ displayName: 'Due Date', name: 'dueDate', type: 'dateTime', default: '' },
		{
			displayName: 'Importance',
			name: 'importance',
			type: 'options',
			options: [
				{ name: 'Low', value: 'Low' },
				{ name: 'Normal', value: 'Normal' },
				{ name: 'High', value: 'High' },
			],
			default: 'Normal',
		},
		{ displayName: 'Percent Complete', name: 'percentComplete', type: 'number', typeOptions: { minValue: 0, maxValue: 100 }, default: 0 },
		{ displayName: 'Reminder At', name: 'reminderAt', type: 'dateTime', default: '' },
		{ displayName: 'Start Date', name: 'startDate', type: 'dateTime', default: '' },
		{
			displayName: 'Status',
			name: 'status',
			type: 'options',
			options: [
				{ name: 'Completed', value: 'Completed' },
				{ name: 'Deferred', value: 'Deferred' },
				{ name: 'In Progress', value: 'InProgress' },
				{ name: 'Not Started', value: 'NotStarted' },
				{ name: 'Waiting on Others', value: 'WaitingOnOthers' },
			],
			default: 'NotStarted',
		},
		{ displayName: 'Subject', name: 'subject', type: 'string', default: '' },
		{ displayName: 'Sync ID', name: 'syncId', type: 'string', default: '', description: 'The sync link to store on the task' },
	],
};

export const taskSpec: ResourceSpec = { resource: 'task', type: taskType, fields: taskFields };
