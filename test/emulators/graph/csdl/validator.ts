/**
 * JSON bodies checked against the CSDL's types: every property must be declared on the type (or
 * the derived type `@odata.type` names), every value must have the declared type, and nulls only
 * where the type allows them. Annotations (`@odata.etag`, `x@odata.nextLink`, `@removed` …) are
 * not properties. Open types are checked as if closed: Graph sends no dynamic properties for the
 * types this server serves, so an undeclared one is a bug here.
 */
import type { CsdlModel, CsdlProperty } from './model';

export interface JsonViolation {
	/** JSON pointer into the body. */
	at: string;
	message: string;
}

/** What a body is: one entity or complex value, a collection of them (`value`), an error, or free JSON. */
export type BodyShape =
	| { entity: string }
	| { collection: string; delta?: boolean }
	| { error: true }
	| { free: true };

const DATE_TIME_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME_OF_DAY = /^\d{2}:\d{2}(:\d{2}(\.\d{1,12})?)?$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BASE64 = /^[A-Za-z0-9+/\-_]*={0,2}$/;
const DURATION = /^-?P(\d+D)?(T(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;
const COLLECTION_KEYS = new Set(['value', '@odata.context', '@odata.nextLink', '@odata.deltaLink', '@odata.count']);
const INT32 = { min: -2147483648, max: 2147483647 };

const escapePointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

export class JsonValidator {
	constructor(private readonly model: CsdlModel) {}

	validate(shape: BodyShape, body: unknown): JsonViolation[] {
		const violations: JsonViolation[] = [];
		if ('free' in shape) return violations;
		if ('error' in shape) {
			this.error(body, violations);
			return violations;
		}
		if ('entity' in shape) {
			this.structured(shape.entity, body, '', violations, false);
			return violations;
		}
		if (!isObject(body)) return [{ at: '', message: 'a collection answer must be a JSON object' }];
		for (const key of Object.keys(body)) if (!COLLECTION_KEYS.has(key)) violations.push({ at: `/${escapePointer(key)}`, message: `"${key}" is not part of a collection answer` });
		if (!Array.isArray(body.value)) violations.push({ at: '/value', message: 'a collection answer needs a "value" array' });
		else body.value.forEach((entry, index) => this.structured(shape.collection, entry, `/value/${index}`, violations, shape.delta === true));
		return violations;
	}

	/** Checks a request body: the same rules, for the properties a client may send. */
	validateRequest(typeName: string, body: unknown): JsonViolation[] {
		const violations: JsonViolation[] = [];
		this.structured(typeName, body, '', violations, false);
		return violations;
	}

	private error(body: unknown, violations: JsonViolation[]): void {
		const error = isObject(body) ? body.error : undefined;
		if (!isObject(body) || Object.keys(body).length !== 1 || !isObject(error)) {
			violations.push({ at: '', message: 'an error answer is {"error": {"code", "message", …}}' });
			return;
		}
		if (typeof error.code !== 'string') violations.push({ at: '/error/code', message: 'the error code must be a string' });
		if (typeof error.message !== 'string') violations.push({ at: '/error/message', message: 'the error message must be a string' });
		for (const key of Object.keys(error)) {
			if (!['code', 'message', 'innerError', 'details', 'target'].includes(key)) violations.push({ at: `/error/${escapePointer(key)}`, message: `"${key}" is not part of an OData error` });
		}
	}

	private structured(typeName: string, value: unknown, at: string, violations: JsonViolation[], delta: boolean): void {
		if (!isObject(value)) {
			violations.push({ at, message: `expected a ${typeName} object, got ${describe(value)}` });
			return;
		}
		let actual = typeName;
		const named = value['@odata.type'];
		if (named !== undefined) {
			const name = typeof named === 'string' ? named.replace(/^#/, '') : '';
			if (!this.model.structured.has(name) || !this.model.derivesFrom(name, typeName)) {
				violations.push({ at: `${at}/@odata.type`, message: `${String(named)} is not ${typeName} or a type derived from it` });
				return;
			}
			actual = name;
		}
		if (delta && value['@removed'] !== undefined) {
			const removed = value['@removed'];
			if (!isObject(removed) || !['changed', 'deleted'].includes(String(removed.reason))) violations.push({ at: `${at}/@removed`, message: '@removed must be {"reason": "changed" | "deleted"}' });
		}
		for (const [key, entry] of Object.entries(value)) {
			if (key.includes('@')) continue;
			const property = this.model.property(actual, key);
			const path = `${at}/${escapePointer(key)}`;
			if (!property) {
				violations.push({ at: path, message: `"${key}" is not a property of ${actual}` });
				continue;
			}
			this.property(property, entry, path, violations);
		}
	}

	private property(property: CsdlProperty, value: unknown, at: string, violations: JsonViolation[]): void {
		if (property.collection) {
			if (value === null) return;
			if (!Array.isArray(value)) {
				violations.push({ at, message: `${property.name} is a collection of ${property.type}, got ${describe(value)}` });
				return;
			}
			value.forEach((element, index) => this.single(property, element, `${at}/${index}`, violations));
			return;
		}
		this.single(property, value, at, violations);
	}

	private single(property: CsdlProperty, value: unknown, at: string, violations: JsonViolation[]): void {
		if (value === null) {
			if (!property.nullable) violations.push({ at, message: `${property.name} may not be null` });
			return;
		}
		const type = property.type;
		if (this.model.structured.has(type)) return this.structured(type, value, at, violations, false);
		const enumType = this.model.enums.get(type);
		if (enumType) {
			const names = typeof value === 'string' ? (enumType.flags ? value.split(',').map((v) => v.trim()) : [value]) : [];
			if (names.length === 0 || names.some((name) => !enumType.members.has(name))) {
				violations.push({ at, message: `${JSON.stringify(value)} is not a member of ${type} (${[...enumType.members].join(', ')})` });
			}
			return;
		}
		const problem = primitiveProblem(type, value);
		if (problem) violations.push({ at, message: `${property.name}: ${problem}` });
	}
}

/** Why a value is not of an Edm primitive type, or undefined when it is. */
export function primitiveProblem(type: string, value: unknown): string | undefined {
	const isString = typeof value === 'string';
	const pattern = (regex: RegExp, what: string) => (isString && regex.test(value) ? undefined : `expected ${what} (${type}), got ${describe(value)}`);
	switch (type) {
		case 'Edm.String':
			return isString ? undefined : `expected a string, got ${describe(value)}`;
		case 'Edm.Boolean':
			return typeof value === 'boolean' ? undefined : `expected a boolean, got ${describe(value)}`;
		case 'Edm.Int32':
		case 'Edm.Int16':
		case 'Edm.Byte':
		case 'Edm.SByte':
			return Number.isInteger(value) && (value as number) >= INT32.min && (value as number) <= INT32.max ? undefined : `expected an integer (${type}), got ${describe(value)}`;
		case 'Edm.Int64':
			return Number.isInteger(value) ? undefined : `expected an integer (${type}), got ${describe(value)}`;
		case 'Edm.Double':
		case 'Edm.Single':
		case 'Edm.Decimal':
			return typeof value === 'number' || value === 'NaN' || value === 'INF' || value === '-INF' ? undefined : `expected a number (${type}), got ${describe(value)}`;
		case 'Edm.DateTimeOffset':
			return pattern(DATE_TIME_OFFSET, 'an ISO 8601 date-time with offset');
		case 'Edm.Date':
			return pattern(DATE, 'a date yyyy-mm-dd');
		case 'Edm.TimeOfDay':
			return pattern(TIME_OF_DAY, 'a time of day hh:mm:ss');
		case 'Edm.Guid':
			return pattern(GUID, 'a GUID');
		case 'Edm.Binary':
			return pattern(BASE64, 'base64');
		case 'Edm.Duration':
			return pattern(DURATION, 'an ISO 8601 duration');
		case 'Edm.Stream':
		case 'Edm.Untyped':
			return undefined;
		default:
			return `unknown type ${type}`;
	}
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	return typeof value === 'string' ? `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}` : `${typeof value} ${JSON.stringify(value)}`;
}
