import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { recordAddress, writeOptions } from '../common/descriptions';
import { MODULE_RESOURCES, moduleFor } from '../common/module';
import { recordAddressFor, requiredRecordId } from '../common/utils';
import { batchWrite, idsQuery } from '../common/write';

const properties: INodeProperties[] = [...recordAddress, writeOptions];

export const description = updateDisplayOptions(
	{ show: { resource: MODULE_RESOURCES, operation: ['delete'] } },
	properties,
);

export const batched = true;

/** Deleted records go to Zoho's recycle bin (recoverable for 60 days). */
export const execute = batchWrite(function (itemIndex) {
	const module = moduleFor.call(this, itemIndex);
	const address = recordAddressFor.call(this, itemIndex, module);
	const triggerWorkflows = this.getNodeParameter('options.triggerWorkflows', itemIndex, true) as boolean;
	return {
		record: { id: requiredRecordId.call(this, itemIndex, address) },
		method: 'DELETE',
		path: `/${module}`,
		headers: address.headers,
		extra: triggerWorkflows ? {} : { wf_trigger: 'false' },
	};
}, idsQuery);
