import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ZohoApiUsage } from '../../transport';
import { getAllByPageNumber } from '../../transport/paging';
import { returnAllAndLimit } from '../common/descriptions';
import { parentRecordFor, parentRecordProperties } from '../common/parentRecord';
import { limitFor, toItems } from '../common/utils';

const NOTE_FIELDS = 'Note_Title,Note_Content,Parent_Id,Owner,Created_Time,Modified_Time';

const properties: INodeProperties[] = [...parentRecordProperties, ...returnAllAndLimit()];

export const description = updateDisplayOptions({ show: { resource: ['note'], operation: ['getAll'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number, usage: ZohoApiUsage): Promise<INodeExecutionData[]> {
	const parent = parentRecordFor.call(this, itemIndex);
	const notes = await getAllByPageNumber.call(
		this,
		{
			method: 'GET',
			path: `/${parent.module}/${encodeURIComponent(parent.id)}/Notes`,
			qs: { fields: NOTE_FIELDS },
			itemIndex,
			usage,
		},
		'data',
		limitFor.call(this, itemIndex),
	);
	return toItems.call(this, itemIndex, notes);
}
