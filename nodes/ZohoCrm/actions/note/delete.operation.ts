import type { INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { batchWrite, idsQuery } from '../common/write';

const properties: INodeProperties[] = [
	{ displayName: 'Note ID', name: 'noteId', type: 'string', default: '', required: true },
];

export const description = updateDisplayOptions({ show: { resource: ['note'], operation: ['delete'] } }, properties);

export const batched = true;

export const execute = batchWrite(function (itemIndex) {
	const id = String(this.getNodeParameter('noteId', itemIndex)).trim();
	if (!id) throw new NodeOperationError(this.getNode(), 'Note ID is empty', { itemIndex });
	return { record: { id }, method: 'DELETE', path: '/Notes', headers: {}, extra: {} };
}, idsQuery);
