/** Settings several review operations share: the Sync review Data Table's rows and the user they are for. */
import type { INodeProperties } from 'n8n-workflow';

export const description: INodeProperties[] = [
	{
		displayName: 'Review Items Node',
		name: 'reviewItemsNode',
		type: 'string',
		default: '',
		placeholder: 'e.g. Open reviews',
		description:
			'The name of the Data Table node (Data Table → Get) that read the Sync review rows: for Plan Sync and Record for Review this mailbox\'s and object\'s rows that are not closed, for Save Review Decisions the open rows. This node reads them itself, so an inbox of any size fits (an expression would hit n8n\'s expression memory limit). Plan Sync applies the decided rows (empty: none); Record for Review keeps when each was first seen and closes the settled ones.',
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
