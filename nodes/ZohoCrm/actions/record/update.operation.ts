import type { INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { recordAddress, writeOptions } from '../common/descriptions';
import { MODULE_RESOURCES, moduleFor } from '../common/module';
import { recordFromItem, recordInputProperties } from '../common/recordInput';
import { recordAddressFor, unmodifiedSinceHeader } from '../common/utils';
import { batchWrite, triggerBody } from '../common/write';

const ifUnmodifiedSinceOption: INodeProperties = {
	displayName: 'Only If Unmodified Since',
	name: 'ifUnmodifiedSince',
	type: 'dateTime',
	default: '',
	description:
		'Zoho refuses the write (ALREADY_MODIFIED) for a record changed after this time, so an edit made since you read it is kept, not overwritten (sent as If-Unmodified-Since)',
};

const properties: INodeProperties[] = [
	...recordAddress,
	...recordInputProperties,
	{ ...writeOptions, options: [ifUnmodifiedSinceOption, ...(writeOptions.options ?? [])] },
];

export const description = updateDisplayOptions(
	{ show: { resource: MODULE_RESOURCES, operation: ['update'] } },
	properties,
);

export const batched = true;

/** The record is found by the Record ID parameter, else by the id (or external ID) inside it. */
export const execute = batchWrite(function (itemIndex) {
	const module = moduleFor.call(this, itemIndex);
	const address = recordAddressFor.call(this, itemIndex, module);
	const record = recordFromItem.call(this, itemIndex);
	const key = address.externalField ?? 'id';
	if (address.value) record[key] = address.value;
	if (record[key] === undefined || record[key] === null || record[key] === '') {
		throw new NodeOperationError(this.getNode(), `The record to update has no ${key}`, {
			itemIndex,
			description: 'Give the Record ID, or include it in the record (JSON)',
		});
	}
	const headers = { ...address.headers, ...unmodifiedSinceHeader(this.getNodeParameter('options.ifUnmodifiedSince', itemIndex, '')) };
	return { record, method: 'PUT', path: `/${module}`, headers, extra: triggerBody.call(this, itemIndex) };
});
