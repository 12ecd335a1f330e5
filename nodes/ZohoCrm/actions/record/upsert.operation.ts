import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { writeOptions } from '../common/descriptions';
import { UPSERT_RESOURCES, moduleFor } from '../common/module';
import { recordFromItem, recordInputProperties } from '../common/recordInput';
import { splitList } from '../common/utils';
import { batchWrite, triggerBody } from '../common/write';

const properties: INodeProperties[] = [
	{
		displayName: 'Duplicate Check Fields',
		name: 'duplicateCheckFields',
		type: 'string',
		default: '',
		placeholder: 'e.g. Email,Exchange_Sync_Id',
		description:
			'Comma-separated API names of unique fields that identify an existing record. Empty: Zoho\'s defaults (Email for contacts and leads, Account_Name for accounts, then unique custom fields).',
	},
	...recordInputProperties,
	writeOptions,
];

export const description = updateDisplayOptions(
	{ show: { resource: UPSERT_RESOURCES, operation: ['upsert'] } },
	properties,
);

export const batched = true;

export const execute = batchWrite(function (itemIndex) {
	const duplicateCheckFields = splitList(this.getNodeParameter('duplicateCheckFields', itemIndex, ''));
	return {
		record: recordFromItem.call(this, itemIndex),
		method: 'POST',
		path: `/${moduleFor.call(this, itemIndex)}/upsert`,
		headers: {},
		extra: {
			...triggerBody.call(this, itemIndex),
			...(duplicateCheckFields.length > 0 ? { duplicate_check_fields: duplicateCheckFields } : {}),
		},
	};
});
