/** Settings several review operations share: the Sync review Data Table's rows and the user they are for. */
import type { INodeProperties } from 'n8n-workflow';

export const description: INodeProperties[] = [
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
		displayName: 'User',
		name: 'reviewUser',
		type: 'string',
		default: '',
		description: 'Only this user\'s items (their email); empty: everyone\'s',
		displayOptions: { show: { operation: ['reviewPage', 'decideReviews'] } },
	},
];
