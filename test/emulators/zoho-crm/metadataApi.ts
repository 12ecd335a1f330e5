/**
 * The metadata APIs: modules (modules.json), fields and custom field creation (fields.json),
 * layouts (layouts.json) and related lists (related_lists.json).
 */
import type { RequestContext } from './context';
import { fail, invalidId, invalidModule, requiredParam, zohoError, type ApiResponse, type ZohoError } from './errors';
import { apiNameFromLabel, moduleIdFor, renderField, SYSTEM_FIELDS, type ModuleDefinition, type ZohoDataType } from './metadata';
import { isZohoError } from './records';

function renderModule(module: ModuleDefinition, sequence: number): Record<string, unknown> {
	return {
		api_name: module.apiName,
		id: module.id,
		module_name: module.pluralLabel,
		singular_label: module.singularLabel,
		plural_label: module.pluralLabel,
		generated_type: module.custom ? 'custom' : 'default',
		api_supported: true,
		creatable: true,
		editable: true,
		deletable: true,
		viewable: true,
		visible: true,
		sequence_number: sequence,
	};
}

/** GET /settings/modules: the org's modules, with the ids that lookups and Parent_Id name. */
export function listModules(ctx: RequestContext): ApiResponse {
	return { status: 200, body: { modules: [...ctx.store.modules.values()].map((module, index) => renderModule(module, index + 1)) } };
}

/** GET /settings/modules/{api_name}: one module. */
export function getModule(ctx: RequestContext): ApiResponse {
	const modules = [...ctx.store.modules.values()];
	const index = modules.findIndex((module) => module.apiName.toLowerCase() === ctx.params.apiName.toLowerCase());
	if (index < 0) invalidModule();
	return { status: 200, body: { modules: [renderModule(modules[index], index + 1)] } };
}

function fieldsModule(ctx: RequestContext) {
	const name = ctx.query.get('module') ?? requiredParam('module');
	return ctx.store.module(name) ?? fail(400, 'INVALID_MODULE', 'the module name given seems to be invalid', { param_name: 'module' });
}

export function listFields(ctx: RequestContext): ApiResponse {
	const module = fieldsModule(ctx);
	return { status: 200, body: { fields: module.fields.map((field) => renderField(field, module)) } };
}

/** GET /settings/fields/{id}?module=: one field, by its id. */
export function getField(ctx: RequestContext): ApiResponse {
	const module = fieldsModule(ctx);
	const field = module.fields.find((candidate) => candidate.id === ctx.params.field) ?? invalidId(ctx.params.field);
	return { status: 200, body: { fields: [renderField(field, module)] } };
}

const CREATABLE_TYPES: ZohoDataType[] = ['text', 'textarea', 'email', 'phone', 'website', 'picklist', 'multiselectpicklist', 'date', 'datetime', 'integer', 'bigint', 'double', 'currency', 'boolean'];

/** POST /settings/fields?module=: creates custom fields; the API name comes from the label. */
export function createFields(ctx: RequestContext): ApiResponse {
	const module = fieldsModule(ctx);
	const items = (ctx.body as { fields?: unknown }).fields;
	if (!Array.isArray(items) || items.length === 0) {
		fail(400, 'MANDATORY_NOT_FOUND', 'required field not found', { api_name: 'fields', json_path: '$.fields' });
	}
	const results = (items as Array<Record<string, unknown>>).map((item, index): Record<string, unknown> | ZohoError => {
		const at = (name: string) => ({ api_name: name, json_path: `$.fields[${index}].${name}` });
		const label = item.field_label;
		if (typeof label !== 'string' || label.trim() === '') return zohoError('MANDATORY_NOT_FOUND', 'required field not found', at('field_label'));
		const dataType = item.data_type as ZohoDataType;
		if (!CREATABLE_TYPES.includes(dataType)) return zohoError('INVALID_DATA', 'invalid data', at('data_type'));
		const apiName = apiNameFromLabel(label);
		// fields.json declares no DUPLICATE_DATA for this call; a taken API name is invalid data.
		if (!apiName || ctx.store.field(module, apiName)) return zohoError('INVALID_DATA', 'invalid data', at('field_label'));
		const large = (item.textarea as { type?: string } | undefined)?.type === 'large';
		const defaultLength = dataType === 'textarea' ? (large ? 32000 : 2000) : dataType === 'text' ? 255 : 0;
		const picklist = Array.isArray(item.pick_list_values)
			? (item.pick_list_values as Array<{ display_value?: string; actual_value?: string }>).map((v) => v.actual_value ?? v.display_value ?? '')
			: undefined;
		const field = ctx.store.addField(module, {
			apiName,
			label: label.trim(),
			dataType,
			length: typeof item.length === 'number' ? item.length : defaultLength,
			unique: Boolean(item.unique),
			external: Boolean(item.external),
			picklist,
		});
		return { code: 'SUCCESS', details: { id: field.id }, message: 'field created', status: 'success' };
	});
	const failed = results.filter(isZohoError).length;
	return { status: failed === 0 ? 201 : 400, body: { fields: results } };
}

const PROFILES = (ctx: RequestContext) => {
	const prefix = ctx.user.id.slice(0, 10);
	return [
		{ id: `${prefix}000000026`, name: 'Administrator', default: true },
		{ id: `${prefix}000000027`, name: 'Standard', default: true },
	];
};

/**
 * GET /settings/layouts?module=: a new org's one layout per module, "Standard", its fields in
 * one section (the system fields, which no layout places, excepted).
 */
export function listLayouts(ctx: RequestContext): ApiResponse {
	const module = fieldsModule(ctx);
	const system = new Set(SYSTEM_FIELDS.map((field) => field.apiName));
	const fields = module.fields.filter((field) => !system.has(field.apiName));
	const layoutId = moduleIdFor(`${module.apiName}.layout.Standard`);
	const section = (name: string, sequence: number) => ({
		display_label: name,
		sequence_number: sequence,
		column_count: 2,
		name,
		api_name: name.replace(/ /g, '_'),
		generated_type: 'default',
		id: moduleIdFor(`${module.apiName}.section.${name}`),
		type: 'used',
		tab_traversal: 'left_to_right',
		isSubformSection: false,
		fields: fields.map((field) => renderField(field, module)),
	});
	return {
		status: 200,
		body: {
			layouts: [
				{
					id: layoutId,
					name: 'Standard',
					display_label: 'Standard',
					api_name: 'Standard',
					visible: true,
					status: 'active',
					source: 'crm',
					mode: null,
					generated_type: 'default',
					show_business_card: false,
					has_more_profiles: false,
					created_time: null,
					modified_time: null,
					created_by: null,
					modified_by: null,
					created_for: null,
					convert_mapping: null,
					subform_properties: null,
					actions_allowed: { edit: true, clone: true, downgrade: false, delete: false, deactivate: false, rename: true, set_layout_permissions: true },
					profiles: PROFILES(ctx),
					sections: [section(`${module.singularLabel} Information`, 1)],
				},
			],
		},
	};
}

/**
 * GET /settings/related_lists?module=: the related lists a record of the module answers through
 * `GET /{module}/{id}/{related list}`: modules whose records look it up (their lookup decides
 * which records belong), and `Emails` (module null).
 */
export function listRelatedLists(ctx: RequestContext): ApiResponse {
	const module = fieldsModule(ctx);
	const relatedLists = module.relatedLists.map((name, index) => {
		const related = ctx.store.module(name);
		const label = related?.pluralLabel ?? name;
		return {
			id: moduleIdFor(`${module.apiName}.related.${name}`),
			sequence_number: String(index + 1),
			display_label: label,
			api_name: name,
			module: related ? { api_name: related.apiName, id: related.id } : { api_name: null, id: null },
			name: label,
			action: null,
			href: `${module.apiName}/{ENTITYID}/${name}`,
			type: 'default',
			visible: true,
			status: 'visible',
			customize_sort: false,
			customize_fields: false,
			customize_display_label: true,
			sort_by: { api_name: null, id: null },
			sort_order: null,
			fields: [],
		};
	});
	if (relatedLists.length === 0) return { status: 204 };
	return { status: 200, body: { related_lists: relatedLists } };
}
