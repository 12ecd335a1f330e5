import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { writeOptions } from '../common/descriptions';
import { MODULE_RESOURCES, moduleFor } from '../common/module';
import { recordFromItem, recordInputProperties } from '../common/recordInput';
import { batchWrite, triggerBody } from '../common/write';

const properties: INodeProperties[] = [...recordInputProperties, writeOptions];

export const description = updateDisplayOptions(
	{ show: { resource: MODULE_RESOURCES, operation: ['create'] } },
	properties,
);

export const batched = true;

export const execute = batchWrite(function (itemIndex) {
	return {
		record: recordFromItem.call(this, itemIndex),
		method: 'POST',
		path: `/${moduleFor.call(this, itemIndex)}`,
		headers: {},
		extra: triggerBody.call(this, itemIndex),
	};
});
