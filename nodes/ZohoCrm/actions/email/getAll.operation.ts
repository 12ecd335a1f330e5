import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ZohoApiUsage } from '../../transport';
import { getAllEmails } from '../../transport/paging';
import { returnAllAndLimit } from '../common/descriptions';
import { parentRecordFor, parentRecordProperties } from '../common/parentRecord';
import { limitFor, toItems } from '../common/utils';

const properties: INodeProperties[] = [
	...parentRecordProperties,
	{
		displayName: 'Type',
		name: 'emailType',
		type: 'options',
		options: [
			{ name: 'All', value: '' },
			{ name: 'Drafts', value: 'drafts' },
			{ name: 'Scheduled in CRM', value: 'scheduled_in_crm' },
			{ name: 'Sent From CRM', value: 'sent_from_crm' },
			{ name: 'User Emails', value: 'user_emails', description: 'Emails associated from mailboxes' },
		],
		default: '',
	},
	...returnAllAndLimit(),
];

export const description = updateDisplayOptions({ show: { resource: ['email'], operation: ['getAll'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number, usage: ZohoApiUsage): Promise<INodeExecutionData[]> {
	const parent = parentRecordFor.call(this, itemIndex);
	const emails = await getAllEmails.call(
		this,
		{
			method: 'GET',
			path: `/${parent.module}/${encodeURIComponent(parent.id)}/Emails`,
			qs: { type: this.getNodeParameter('emailType', itemIndex, '') as string },
			itemIndex,
			usage,
		},
		limitFor.call(this, itemIndex),
	);
	return toItems.call(this, itemIndex, emails);
}
