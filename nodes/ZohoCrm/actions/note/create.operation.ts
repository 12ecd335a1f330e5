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
		Parent_Id: { module: { api_name: parent.module }, id: parent.id },
		...(title ? { Note_Title: title } : {}),
		Note_Content: String(this.getNodeParameter('content', itemIndex)),
	};
	return { record, method: 'POST', path: '/Notes', headers: {}, extra: {} };
});
