/**
 * "Check Meeting Request": the input item is the "Schedule a meeting" form's answers (organiser,
 * subject, attendees, location, start, end, timeZone, reminder); the Report output is the request
 * with `ok` and, when it cannot be scheduled, one message per problem.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { checkMeetingRequest } from '../core';
import { asNodeError, reportOutput } from '../helpers/outputs';

const showFor = { show: { operation: ['checkMeetingRequest'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Working Day Starts',
		name: 'workingDayStart',
		type: 'string',
		default: '08:00',
		description: 'HH:mm in the meeting\'s time zone: Exchange suggests other times between this and the end of the working day',
		displayOptions: showFor,
	},
	{
		displayName: 'Working Day Ends',
		name: 'workingDayEnd',
		type: 'string',
		default: '18:00',
		description: 'HH:mm in the meeting\'s time zone',
		displayOptions: showFor,
	},
];

export function execute(this: IExecuteFunctions, items: INodeExecutionData[]): INodeExecutionData[][] {
	const workingDay = { start: String(this.getNodeParameter('workingDayStart', 0, '08:00')), end: String(this.getNodeParameter('workingDayEnd', 0, '18:00')) };
	const request = asNodeError.call(this, () => checkMeetingRequest(items[0]?.json ?? {}, workingDay));
	return reportOutput([request], items);
}
