import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	ZOHO_EXCHANGE_ITEM_KEY_FIELD,
	ZOHO_EXCHANGE_ITEM_KEY_FIELD_LABEL,
	ZOHO_SYNC_ID_FIELD,
	ZOHO_SYNC_ID_FIELD_LABEL,
	ZOHO_SYNC_STATE_FIELD,
	ZOHO_SYNC_STATE_FIELD_LABEL,
} from '../../helpers/syncFields';
import type { ZohoErrorBody } from '../../transport/errors';
import { zohoRecordError } from '../../transport/errors';
import type { ZohoApiUsage } from '../../transport';
import { zohoApiRequest } from '../../transport';
import { moduleFor } from '../common/module';
import { toItems } from '../common/utils';

/**
 * The sync link: a unique external-ID text field, a long text field for the baseline, and a
 * filterable text field naming the Exchange partner (searchable with COQL, unlike long text).
 */
export const SYNC_FIELDS: Array<{ apiName: string; definition: IDataObject }> = [
	{
		apiName: ZOHO_SYNC_ID_FIELD,
		definition: {
			field_label: ZOHO_SYNC_ID_FIELD_LABEL,
			data_type: 'text',
			length: 255,
			filterable: true,
			unique: { case_sensitive: false },
			external: { type: 'org', show: false },
		},
	},
	{
		apiName: ZOHO_SYNC_STATE_FIELD,
		definition: { field_label: ZOHO_SYNC_STATE_FIELD_LABEL, data_type: 'textarea', textarea: { type: 'large' } },
	},
	{
		apiName: ZOHO_EXCHANGE_ITEM_KEY_FIELD,
		definition: { field_label: ZOHO_EXCHANGE_ITEM_KEY_FIELD_LABEL, data_type: 'text', length: 255, filterable: true },
	},
];

const properties: INodeProperties[] = [];

export const description = updateDisplayOptions(
	{ show: { resource: ['field'], operation: ['createSyncFields'] } },
	properties,
);

/** Creates the sync fields the module lacks; fields already there are reported, not duplicated. */
export async function execute(this: IExecuteFunctions, itemIndex: number, usage: ZohoApiUsage): Promise<INodeExecutionData[]> {
	const module = moduleFor.call(this, itemIndex);
	const request = { path: '/settings/fields', qs: { module }, itemIndex, usage };
	const { body } = await zohoApiRequest.call(this, { ...request, method: 'GET' });
	const existing = (body.fields as IDataObject[] | undefined) ?? [];
	const report: IDataObject[] = [];
	const missing: typeof SYNC_FIELDS = [];
	for (const field of SYNC_FIELDS) {
		const found = existing.find(
			(candidate) => candidate.api_name === field.apiName || candidate.field_label === field.definition.field_label,
		);
		if (found) report.push({ module, api_name: found.api_name, field_label: found.field_label, id: found.id, status: 'exists' });
		else missing.push(field);
	}
	if (missing.length > 0) {
		const created = await zohoApiRequest.call(this, {
			...request,
			method: 'POST',
			body: { fields: missing.map((field) => field.definition) },
		});
		const results = (created.body.fields as ZohoErrorBody[] | undefined) ?? [];
		missing.forEach((field, position) => {
			const result = results[position];
			if (result?.status !== 'success') {
				throw zohoRecordError(this.getNode(), result ?? { code: 'NO_RESULT', message: 'no result for the field' }, itemIndex);
			}
			report.push({
				module,
				api_name: field.apiName,
				field_label: field.definition.field_label,
				id: result.details?.id,
				status: 'created',
			});
		});
	}
	return toItems.call(this, itemIndex, report);
}
