/**
 * Modules and fields of the emulated org: field and module definitions, the system fields every
 * module has, how fields metadata answers, and custom modules added at run time (through the
 * control API). The standard modules themselves are in standardModules.ts.
 */

export type ZohoDataType =
	| 'text'
	| 'textarea'
	| 'email'
	| 'phone'
	| 'website'
	| 'picklist'
	| 'multiselectpicklist'
	| 'date'
	| 'datetime'
	| 'integer'
	| 'bigint'
	| 'double'
	| 'currency'
	| 'boolean'
	| 'lookup'
	| 'ownerlookup'
	| 'multi_module_lookup'
	| 'participants'
	| 'multireminder'
	| 'RRULE'
	| 'ALARM'
	| 'profileimage';

/** Zoho's `json_type` for each data type, as the fields metadata reports it. */
const JSON_TYPE: Record<ZohoDataType, string> = {
	text: 'string',
	textarea: 'string',
	email: 'string',
	phone: 'string',
	website: 'string',
	picklist: 'string',
	multiselectpicklist: 'jsonarray',
	date: 'string',
	datetime: 'string',
	integer: 'integer',
	bigint: 'string',
	double: 'double',
	currency: 'double',
	boolean: 'boolean',
	lookup: 'jsonobject',
	ownerlookup: 'jsonobject',
	multi_module_lookup: 'jsonobject',
	participants: 'jsonarray',
	multireminder: 'jsonarray',
	RRULE: 'jsonobject',
	ALARM: 'jsonobject',
	profileimage: 'string',
};

/**
 * A field's `length` where the spec gives none. Zoho answers a length for every field: picklists,
 * lookups and datetimes 120, dates 20 and booleans 5 in its layouts sample (see
 * standardModules.ts); numbers carry their digit limits (integer 9, decimal and currency 16, long
 * 18, as custom fields are documented); the structured types' 2000 is assumed.
 */
const DEFAULT_LENGTH: Record<ZohoDataType, number> = {
	text: 255,
	textarea: 2000,
	email: 100,
	phone: 30,
	website: 255,
	picklist: 120,
	multiselectpicklist: 2000,
	date: 20,
	datetime: 120,
	integer: 9,
	bigint: 18,
	double: 16,
	currency: 16,
	boolean: 5,
	lookup: 120,
	ownerlookup: 120,
	multi_module_lookup: 120,
	participants: 2000,
	multireminder: 2000,
	RRULE: 2000,
	ALARM: 2000,
	profileimage: 255,
};

/** Value types whose length Zoho checks on writes: a longer value is refused, never cut. */
export const LENGTH_CHECKED_TYPES: ZohoDataType[] = ['text', 'textarea', 'email', 'phone', 'website'];

/**
 * The fields Zoho keeps on every record of every module, read-only to clients: the answers show
 * them and the fields metadata lists them.
 */
export const SYSTEM_FIELDS: FieldSpec[] = [
	{ apiName: 'Created_By', dataType: 'ownerlookup', readOnly: true },
	{ apiName: 'Modified_By', dataType: 'ownerlookup', readOnly: true },
	{ apiName: 'Created_Time', dataType: 'datetime', readOnly: true },
	{ apiName: 'Modified_Time', dataType: 'datetime', readOnly: true },
];


export interface FieldDefinition {
	id: string;
	apiName: string;
	label: string;
	dataType: ZohoDataType;
	/** System-mandatory: inserts without it fail with MANDATORY_NOT_FOUND. */
	mandatory: boolean;
	length: number;
	custom: boolean;
	readOnly: boolean;
	unique: boolean;
	/** External-ID field, addressable with the X-EXTERNAL header. */
	external: boolean;
	picklist?: string[];
	/** Modules a lookup points at (several for What_Id / Who_Id). */
	lookupModules?: string[];
}

export interface ModuleDefinition {
	id: string;
	apiName: string;
	singularLabel: string;
	pluralLabel: string;
	custom: boolean;
	/** Field whose value names a record in lookups (`{"name": …, "id": …}`). */
	displayField: string;
	/** Zoho's default duplicate-check fields for upsert; empty where upsert is unsupported. */
	upsertDefaults: string[];
	upsertSupported: boolean;
	fields: FieldDefinition[];
	/** API names of its related lists: modules whose records look this one up, and `Emails`. */
	relatedLists: string[];
}

export type FieldSpec = Partial<Omit<FieldDefinition, 'id' | 'apiName' | 'label' | 'dataType'>> & {
	apiName: string;
	label?: string;
	dataType: ZohoDataType;
};

export interface ModuleSpec {
	apiName: string;
	singularLabel: string;
	pluralLabel?: string;
	displayField: string;
	upsertDefaults?: string[];
	upsertSupported?: boolean;
	fields: FieldSpec[];
	relatedLists?: string[];
}

/** Default field set of a custom module: Owner, a mandatory Name and Email. */
export function customModuleSpec(apiName: string, singularLabel: string, fields: FieldSpec[] = []): ModuleSpec {
	return {
		apiName,
		singularLabel,
		displayField: 'Name',
		upsertDefaults: [],
		relatedLists: ['Notes'],
		fields: [
			{ apiName: 'Owner', label: `${singularLabel} Owner`, dataType: 'ownerlookup' },
			{ apiName: 'Name', label: `${singularLabel} Name`, dataType: 'text', length: 120, mandatory: true },
			{ apiName: 'Email', dataType: 'email', length: 100 },
			...fields,
		],
	};
}

/** A module's fields as the org keeps them: its own, then the system fields it does not list. */
export function moduleFieldSpecs(spec: ModuleSpec): FieldSpec[] {
	const own = new Set(spec.fields.map((field) => field.apiName));
	return [...spec.fields, ...SYSTEM_FIELDS.filter((field) => !own.has(field.apiName))];
}

/** Field ids derive from module and API name, so adding a standard field moves no record id. */
export function fieldFromSpec(module: string, spec: FieldSpec, custom: boolean): FieldDefinition {
	return {
		id: moduleIdFor(`${module}.${spec.apiName}`),
		apiName: spec.apiName,
		label: spec.label ?? spec.apiName.replace(/_/g, ' '),
		dataType: spec.dataType,
		mandatory: spec.mandatory ?? false,
		length: spec.length ?? DEFAULT_LENGTH[spec.dataType],
		custom: spec.custom ?? custom,
		readOnly: spec.readOnly ?? false,
		unique: spec.unique ?? false,
		external: spec.external ?? false,
		picklist: spec.picklist,
		lookupModules: spec.lookupModules,
	};
}

/** Zoho derives a custom field's API name from its label: `Exchange Sync Id` → `Exchange_Sync_Id`. */
export function apiNameFromLabel(label: string): string {
	return label
		.trim()
		.replace(/[^A-Za-z0-9]+/g, '_')
		.replace(/^_+|_+$/g, '');
}

/** A field as GET /settings/fields reports it (fields.json `fields`). */
export function renderField(field: FieldDefinition, module: ModuleDefinition): Record<string, unknown> {
	const lookupModule = field.lookupModules?.[0];
	return {
		api_name: field.apiName,
		field_label: field.label,
		display_label: field.label,
		data_type: field.dataType,
		json_type: JSON_TYPE[field.dataType],
		id: field.id,
		custom_field: field.custom,
		system_mandatory: field.mandatory,
		read_only: field.readOnly,
		field_read_only: field.readOnly,
		visible: true,
		length: field.length,
		decimal_place: field.dataType === 'currency' || field.dataType === 'double' ? 2 : null,
		filterable: true,
		sortable: true,
		searchable: ['text', 'email', 'phone', 'picklist'].includes(field.dataType),
		mass_update: !field.readOnly,
		created_source: field.custom ? 'crm' : 'default',
		operation_type: { web_update: !field.readOnly, api_create: !field.readOnly, web_create: !field.readOnly, api_update: !field.readOnly },
		view_type: { view: true, edit: !field.readOnly, quick_create: field.mandatory, create: !field.readOnly },
		pick_list_values: (field.picklist ?? []).map((value, index) => ({
			display_value: value,
			actual_value: value,
			id: `${field.id}${String(index + 1).padStart(2, '0')}`,
			sequence_number: index + 1,
			type: 'used',
			colour_code: null,
		})),
		lookup:
			lookupModule && field.dataType === 'lookup'
				? { display_label: field.label, api_name: field.apiName, module: { api_name: lookupModule, id: moduleIdFor(lookupModule) } }
				: null,
		unique: field.unique ? { casesensitive: 'false' } : null,
		...(field.external ? { external: { show: false, type: 'org', allow_multiple_config: false } } : {}),
		associated_module: { api_name: module.apiName, id: module.id },
	};
}

/** Zoho ids are 19-digit numeric strings: an org prefix, then a sequence. */
export const ORG_ID_PREFIX = '5725767000';

/** Module ids are derived from the API name, so lookups can name a module without a registry. */
export function moduleIdFor(apiName: string): string {
	let hash = 7;
	for (const char of apiName) hash = (hash * 31 + char.charCodeAt(0)) % 1_000_000_000;
	return `${ORG_ID_PREFIX}${String(hash).padStart(9, '0')}`;
}
