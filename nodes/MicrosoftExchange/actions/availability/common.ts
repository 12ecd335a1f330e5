import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { DateTime as LuxonDateTime } from 'luxon';
import { splitList } from '../../helpers/fieldValues';
import { mailboxOf } from '../../helpers/itemOperations';
import type { AvailabilityRequest } from '../../transport';

export function windowFields(operation: string): INodeProperties[] {
	const show = { show: { resource: ['availability'], operation: [operation] } };
	return [
		{
			displayName: 'Attendees',
			name: 'attendees',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'alice@example.com, bob@example.com',
			description: 'Comma-separated email addresses of the people (or rooms) to check',
			displayOptions: show,
		},
		{ displayName: 'Start', name: 'start', type: 'dateTime', default: '', required: true, displayOptions: show },
		{ displayName: 'End', name: 'end', type: 'dateTime', default: '', required: true, displayOptions: show },
	];
}

export function readRequest(context: IExecuteFunctions, itemIndex: number): AvailabilityRequest {
	const attendees = splitList(String(context.getNodeParameter('attendees', itemIndex, '')));
	const zone = context.getTimezone();
	const start = LuxonDateTime.fromISO(String(context.getNodeParameter('start', itemIndex, '')), { zone });
	const end = LuxonDateTime.fromISO(String(context.getNodeParameter('end', itemIndex, '')), { zone });
	const problem = !attendees.length
		? 'Add at least one attendee'
		: !start.isValid || !end.isValid
			? 'Start and end must be dates'
			: end <= start
				? 'The end must be after the start'
				: undefined;
	if (problem) throw new NodeOperationError(context.getNode(), problem, { itemIndex });
	return { mailbox: mailboxOf(context, itemIndex), attendees, start, end };
}
