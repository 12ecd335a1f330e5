/**
 * Validates the emulator's responses (and clients' request bodies) against Zoho's official
 * OpenAPI 3.0 files for CRM v8 (`reference/zoho-crm/oas-v8/`).
 *
 * The files reference each other through absolute GitHub URLs; each file is registered with ajv
 * under that URL as its `$id`, so cross-file `$ref`s resolve to the local copies. OpenAPI 3.0
 * dialect is translated to JSON Schema (`nullable`), and a short, documented list of
 * corrections (SCHEMA_CORRECTIONS) fixes places where the files contradict real Zoho payloads
 * or are too loose to tell a success from an error.
 */
import fs from 'node:fs';
import path from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

export const OAS_BASE_URL = 'https://raw.githubusercontent.com/Zohocorp-Pvt-Ltd/crm-oas/refs/heads/main/v8.0/';

const repoRoot = path.resolve(__dirname, '../../..');
export const DEFAULT_OAS_DIRECTORY = path.resolve(repoRoot, '..', 'shared', 'reference', 'zoho-crm', 'oas-v8');

/** The OAS operation a route answers for: file, path template and method. */
export interface OasOperation {
	file: string;
	path: string;
	method: 'get' | 'post' | 'put' | 'patch' | 'delete';
}

export interface SchemaViolation {
	/** JSON pointer into the body. */
	at: string;
	message: string;
}

type Json = Record<string, unknown>;

/**
 * Where the official files disagree with what Zoho really sends, or leave a schema so open that
 * anything validates. Each entry names the schema (a component name or a `#/…` pointer), what it
 * changes and why.
 */
const SCHEMA_CORRECTIONS: Array<{ file: string; schema: string; why: string; apply(schema: Json): void }> = [
	{
		file: 'notes.json',
		schema: '#/paths/~1crm~1v8~1Notes/post/responses/202/content/application~1json/schema/anyOf/0/properties/data/items',
		why: 'a batch with some failed notes answers 202 with the successes beside the errors, which the file cannot express',
		apply: (schema) => {
			(schema.anyOf as Json[]).push({ $ref: '#/components/schemas/Success_Response' });
		},
	},
	...['record.json', 'notes.json'].map((file) => ({
		file,
		schema: 'Info',
		why: 'Zoho sends null page tokens on the last page (API-NOTES §2 sample); the files type them as plain strings',
		apply: (schema: Json) => {
			const properties = schema.properties as Record<string, Json>;
			for (const name of ['next_page_token', 'previous_page_token', 'page_token_expiry']) {
				properties[name] = { ...properties[name], type: ['string', 'null'] };
			}
		},
	})),
	{
		file: 'record.json',
		schema: 'Success_Response',
		why: 'upsert answers duplicate_field null when it inserted (API-NOTES §2); the file types it as a plain string',
		apply: (schema) => {
			(schema.properties as Record<string, Json>).duplicate_field = { type: ['string', 'null'] };
		},
	},
	{
		file: 'record.json',
		schema: 'File_Body_Wrapper',
		why: 'the file download answer always carries its file; without it this alternative accepts any record answer',
		apply: (schema) => {
			schema.required = ['file'];
		},
	},
	{
		file: 'record.json',
		schema: 'Response_Wrapper',
		why: 'every records answer carries data; without it any error object would also pass as a record list',
		apply: (schema) => {
			schema.required = ['data'];
		},
	},
	{
		file: 'record.json',
		schema: 'Deleted_Records_Wrapper',
		why: 'as Response_Wrapper',
		apply: (schema) => {
			schema.required = ['data', 'info'];
		},
	},
	{
		file: 'fields.json',
		schema: 'fields',
		why: 'the file marks all 70 properties of the SDK field model required, including lookup/subform-only ones real fields omit; the schema serves requests too, so only what both carry stays required',
		apply: (schema) => {
			schema.required = ['data_type', 'field_label'];
		},
	},
	{
		file: 'modules.json',
		schema: 'modules',
		why: 'as fields.json: every property of the SDK module model is marked required',
		apply: (schema) => {
			schema.required = ['api_name', 'id', 'module_name'];
		},
	},
	{
		file: 'layouts.json',
		schema: 'layouts',
		why: 'as fields.json: every property of the SDK layout model is marked required; and a standard layout nobody created or edited answers created_by, modified_by (and created_for, convert_mapping, subform_properties) null, as the layouts answer in Zoho\'s embedded-app SDK shows',
		apply: (schema) => {
			schema.required = ['id', 'name', 'sections'];
			const properties = schema.properties as Record<string, Json>;
			for (const name of ['created_by', 'modified_by', 'created_for', 'convert_mapping', 'subform_properties']) {
				properties[name] = { anyOf: [properties[name], { type: 'null' }] };
			}
		},
	},
	...[
		{ schema: 'sections', required: ['name', 'fields'] },
		{ schema: 'fields', required: ['api_name', 'data_type'] },
		{ schema: 'profiles', required: ['name', 'id'] },
	].map(({ schema, required }) => ({
		file: 'layouts.json',
		schema,
		why: 'as layouts: the SDK-union required list names properties only some layouts, sections, fields and profiles carry',
		apply: (target: Json) => {
			target.required = required;
		},
	})),
	{
		file: 'send_mail.json',
		schema: 'data',
		why: 'the file marks every property of a mail required (templates, attachments, scheduling …); Zoho requires from and to, and answers their absence with MANDATORY_NOT_FOUND (sendMail checks them)',
		apply: (schema) => {
			delete schema.required;
		},
	},
	{
		file: 'notes.json',
		schema: 'Note',
		why: 'the file marks every Note property required, so no request could create a note; Zoho requires Note_Content',
		apply: (schema) => {
			delete schema.required;
		},
	},
	{
		file: 'associate_email.json',
		schema: 'error',
		why: 'Zoho answers DUPLICATE_DATA for an original_message_id already associated (API-NOTES §3, DOC7 Associate_Email); the file lists only INVALID_DATA and REQUIRED_PARAM_MISSING',
		apply: (schema) => {
			const code = (schema.properties as Record<string, Json>).code;
			code.enum = [...(code.enum as string[]), 'DUPLICATE_DATA'];
		},
	},
	{
		file: 'notifications.json',
		schema: 'Notification',
		why: 'channel_id is a number in Zoho requests and answers (typed "object" in the file)',
		apply: (schema) => {
			const properties = schema.properties as Record<string, Json>;
			properties.channel_id = { type: ['integer', 'string'] };
		},
	},
	{
		file: 'users.json',
		schema: 'users',
		why: 'time_zone is an IANA zone name string in Zoho answers (typed "object" in the file)',
		apply: (schema) => {
			(schema.properties as Record<string, Json>).time_zone = { type: ['string', 'null'] };
		},
	},
];

/** OpenAPI 3.0 → JSON Schema, plus: error and success objects always carry their four keys. */
function translate(node: unknown): unknown {
	if (Array.isArray(node)) return node.map(translate);
	if (node === null || typeof node !== 'object') return node;
	const source = node as Json;
	const out: Json = {};
	for (const [key, value] of Object.entries(source)) {
		// oneOf alternatives in these files overlap (no discriminators, few required keys), so an
		// object matching two alternatives must still be valid: anyOf is what the files mean.
		out[key === 'oneOf' ? 'anyOf' : key] = translate(value);
	}
	if (out.nullable === true) {
		if (typeof out.type === 'string') out.type = [out.type, 'null'];
		if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
	}
	delete out.nullable;
	// The files' regex patterns are copied from sample values (an email must be nine letters "@"
	// five letters ".com", a notify_url must be www.<5 letters>zoho.com): they describe no real data.
	if (typeof out.pattern === 'string' && typeof out.type !== 'undefined') delete out.pattern;
	// A list wrapper (`{"data": […]}`, `{"watch": […]}` …) always carries its list; without this,
	// every alternative with no required keys would accept any object.
	const wrapped = out.properties ? Object.entries(out.properties as Record<string, Json>) : [];
	if (wrapped.length === 1 && wrapped[0][1].type === 'array' && !out.required) out.required = [wrapped[0][0]];
	const statusEnum = ((out.properties as Record<string, Json> | undefined)?.status?.enum ?? []) as unknown[];
	const properties = out.properties as Record<string, unknown> | undefined;
	if (properties?.code && statusEnum.length === 1 && (statusEnum[0] === 'error' || statusEnum[0] === 'success')) {
		const required = new Set([...((out.required as string[] | undefined) ?? []), 'code', 'status', 'message', 'details']);
		out.required = [...required];
	}
	return out;
}

function escapePointer(segment: string): string {
	return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

export class OasValidator {
	private readonly ajv: Ajv;
	private readonly documents = new Map<string, Json>();
	private readonly compiled = new Map<string, ValidateFunction | null>();

	constructor(private readonly directory = DEFAULT_OAS_DIRECTORY) {
		this.ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, logger: false });
		addFormats(this.ajv);
	}

	/** Validates a response body; [] when valid or when the OAS has no schema for it. */
	validateResponse(operation: OasOperation, status: number, body: unknown): SchemaViolation[] {
		const validate = this.responseValidator(operation, status);
		return validate ? this.run(validate, body) : [];
	}

	/** Validates a request body against the operation's requestBody schema, if it declares one. */
	validateRequest(operation: OasOperation, body: unknown): SchemaViolation[] {
		const key = `request ${operation.file} ${operation.method} ${operation.path}`;
		if (!this.compiled.has(key)) {
			const op = this.operationObject(operation);
			const declared = op.requestBody as Json | undefined;
			const ref = declared?.$ref as string | undefined;
			const requestBody = ref ? this.resolveLocal(operation.file, ref) : declared;
			const hasSchema = Boolean((requestBody?.content as Json | undefined)?.['application/json']);
			const pointer = ref ?? `${this.operationPointer(operation)}/requestBody`;
			this.compiled.set(
				key,
				hasSchema ? this.ajv.compile({ $ref: this.refTo(operation.file, `${pointer}/content/application~1json/schema`) }) : null,
			);
		}
		const validate = this.compiled.get(key);
		return validate ? this.run(validate, body) : [];
	}

	/** Validates against a named component schema, e.g. ('common.json', 'API_Exception'). */
	validateComponent(file: string, schema: string, body: unknown): SchemaViolation[] {
		const key = `component ${file} ${schema}`;
		if (!this.compiled.has(key)) {
			this.load(file);
			this.compiled.set(key, this.ajv.compile({ $ref: `${OAS_BASE_URL}${file}#/components/schemas/${schema}` }));
		}
		return this.run(this.compiled.get(key)!, body);
	}

	private run(validate: ValidateFunction, body: unknown): SchemaViolation[] {
		if (validate(body)) return [];
		return (validate.errors ?? []).slice(0, 20).map((error: ErrorObject) => {
			const params = error.params && Object.keys(error.params).length ? ` ${JSON.stringify(error.params)}` : '';
			return { at: error.instancePath || '/', message: `${error.message ?? 'invalid'}${params}`.slice(0, 300) };
		});
	}

	/**
	 * The schema for this status: the declared one, else (the files declare mostly 200 and put
	 * errors in it) the 200 schema for any status; undefined when the OAS says nothing.
	 */
	private responseValidator(operation: OasOperation, status: number): ValidateFunction | undefined {
		const key = `response ${operation.file} ${operation.method} ${operation.path} ${status}`;
		if (!this.compiled.has(key)) {
			const responses = this.operationObject(operation).responses as Record<string, Json>;
			const declared = [String(status), status < 300 ? '200' : '400', '200'].find((code) => {
				const response = responses[code];
				if (!response) return false;
				const resolved = response.$ref ? this.resolveLocal(operation.file, response.$ref as string) : response;
				return Boolean((resolved.content as Json | undefined)?.['application/json']);
			});
			let validate: ValidateFunction | null = null;
			if (declared) {
				const response = responses[declared];
				const pointer = response.$ref
					? (response.$ref as string)
					: `${this.operationPointer(operation)}/responses/${declared}`;
				validate = this.ajv.compile({ $ref: this.refTo(operation.file, `${pointer}/content/application~1json/schema`) });
			}
			this.compiled.set(key, validate);
		}
		return this.compiled.get(key) ?? undefined;
	}

	private operationPointer(operation: OasOperation): string {
		return `#/paths/${escapePointer(operation.path)}/${operation.method}`;
	}

	private operationObject(operation: OasOperation): Json {
		const document = this.load(operation.file);
		const op = ((document.paths as Record<string, Json>)[operation.path] ?? {})[operation.method] as Json | undefined;
		if (!op) throw new Error(`${operation.file} has no operation ${operation.method.toUpperCase()} ${operation.path}`);
		return op;
	}

	private refTo(file: string, pointer: string): string {
		return `${OAS_BASE_URL}${file}${pointer}`;
	}

	private resolveLocal(file: string, ref: string): Json {
		return this.pointerInto(this.load(file), ref);
	}

	private pointerInto(document: Json, ref: string): Json {
		let node: unknown = document;
		for (const segment of ref.replace(/^#\//, '').split('/')) {
			node = (node as Json)[segment.replace(/~1/g, '/').replace(/~0/g, '~')];
		}
		return node as Json;
	}

	/** Loads a file and, transitively, every file it references, registering each with ajv. */
	private load(file: string): Json {
		const existing = this.documents.get(file);
		if (existing) return existing;
		const raw = JSON.parse(fs.readFileSync(path.join(this.directory, file), 'utf8')) as Json;
		const document = translate(raw) as Json;
		const schemas = ((document.components as Json | undefined)?.schemas ?? {}) as Record<string, Json>;
		for (const correction of SCHEMA_CORRECTIONS) {
			if (correction.file !== file) continue;
			const target = correction.schema.startsWith('#/') ? this.pointerInto(document, correction.schema) : schemas[correction.schema];
			correction.apply(target);
		}
		document.$id = `${OAS_BASE_URL}${file}`;
		this.documents.set(file, document);
		this.ajv.addSchema(document);
		const referenced = new Set<string>();
		JSON.stringify(raw, (key, value: unknown) => {
			if (key === '$ref' && typeof value === 'string' && value.startsWith(OAS_BASE_URL)) {
				referenced.add(value.slice(OAS_BASE_URL.length).replace(/#.*$/, ''));
			}
			return value;
		});
		for (const other of referenced) this.load(other);
		return document;
	}
}
