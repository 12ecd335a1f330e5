import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { parentRecordFor, parentRecordProperties } from '../common/parentRecord';
import { batchWrite } from '../common/write';

const properties: INodeProperties[] = [
	...parentRecordProperties,
	{ displayName: 'Title', name: 'title', type: 'string', default: '' },
	{ displayName: 'Content', name: 'content', type: 'string', typeOptions: { rows: 4 }, default: '', required: true },
];

export const description = updateDisplayOptions({ show: { resource: ['note'], operation: ['create'] } }, properties);

export const batched = true;

export const execute = batchWrite(function (itemIndex) {
	const parent = parentRecordFor.call(this, itemIndex);
	const title = String(this.getNodeParameter('title', itemIndex, ''));
	const record = {
		...(title ? { Note_Title: title } : {}),
		Note_Content: String(this.getNodeParameter('content', itemIndex)),
	};
	// Notes go to the record's Notes list; notes of one record are sent together.
	return { record, method: 'POST', path: `/${parent.module}/${encodeURIComponent(parent.id)}/Notes`, headers: {}, extra: {} };
});
