/**
 * The resource mapper's field list for a module, from Zoho's fields metadata: writable fields
 * with their types, mandatory ones marked, picklists as options, lookups marked as IDs.
 */
import type { FieldType, IDataObject, ILoadOptionsFunctions, ResourceMapperField, ResourceMapperFields } from 'n8n-workflow';

import { currentModule } from '../actions/common/module';
import { LOOKUP_FIELD_SUFFIX } from '../actions/common/recordInput';
import { zohoApiRequest } from '../transport';

// Values Zoho computes or owns; they cannot be written.
const READ_ONLY_TYPES = new Set(['autonumber', 'formula', 'rollup_summary', 'fileupload', 'imageupload', 'profileimage']);

const TYPE_BY_ZOHO_TYPE: Record<string, FieldType> = {
	integer: 'number',
	bigint: 'number',
	double: 'number',
	currency: 'number',
	percent: 'number',
	decimal: 'number',
	boolean: 'boolean',
	datetime: 'dateTime',
	picklist: 'options',
	multiselectpicklist: 'array',
	subform: 'array',
	multiselectlookup: 'array',
};

function toMapperField(field: IDataObject): ResourceMapperField | undefined {
	const dataType = String(field.data_type ?? '');
	if (field.read_only === true || field.field_read_only === true || READ_ONLY_TYPES.has(dataType)) return undefined;
	const isLookup = dataType === 'lookup' || dataType === 'ownerlookup' || dataType === 'userlookup';
	const type = TYPE_BY_ZOHO_TYPE[dataType] ?? 'string';
	const picklist = (field.pick_list_values as IDataObject[] | undefined) ?? [];
	return {
		id: String(field.api_name),
		displayName: `${String(field.field_label ?? field.api_name)}${isLookup ? LOOKUP_FIELD_SUFFIX : ''}`,
		required: field.system_mandatory === true,
		defaultMatch: false,
		canBeUsedToMatch: Boolean(field.unique),
		display: true,
		type,
		...(type === 'options'
			? { options: picklist.map((value) => ({ name: String(value.display_value), value: String(value.actual_value ?? value.display_value) })) }
			: {}),
	};
}

export async function getRecordFields(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	const module = currentModule.call(this);
	if (!module) return { fields: [], emptyFieldsNotice: 'Choose a module first' };
	const { body } = await zohoApiRequest.call(this, { method: 'GET', path: '/settings/fields', qs: { module } });
	const fields = ((body.fields as IDataObject[] | undefined) ?? [])
		.map(toMapperField)
		.filter((field): field is ResourceMapperField => field !== undefined);
	return { fields };
}
