/**
 * GET /crm/v8/{module}/search: `criteria` (conditions `(Field:operator:value)` joined by
 * and/or with parentheses; `(`, `)`, `,` and `\` in values escaped with a backslash), or
 * `email`, `phone`, `word` (precedence in that order). Search reads an index that trails the
 * data by the configured lag: a record written less than that long ago is not found yet (or is
 * found as it was).
 */
import { DateTime } from 'luxon';
import { intParam, requireModule, type RequestContext } from './context';
import { fail, invalidParam, requiredParam, type ApiResponse } from './errors';
import type { FieldDefinition, ModuleDefinition } from './metadata';
import { renderRecord } from './records';
import type { StoredRecord, ZohoStore } from './store';

const MAX_CRITERIA = 10;
const MAX_IN_VALUES = 100;
const SEARCH_RESULT_LIMIT = 2000;
const OPERATORS = ['equals', 'not_equal', 'starts_with', 'in', 'not_in', 'greater_than', 'greater_equal', 'less_than', 'less_equal', 'between'];

export type Criterion =
	| { kind: 'condition'; field: string; operator: string; values: string[] }
	| { kind: 'and'; parts: Criterion[] }
	| { kind: 'or'; parts: Criterion[] };

function queryError(reason: string): never {
	return fail(400, 'INVALID_QUERY', 'invalid query formed', { reason, param_name: 'criteria' });
}

/** Splits on unescaped separators, keeping escapes for the caller to undo. */
function splitUnescaped(text: string, separator: string, limit = Infinity): string[] {
	const parts: string[] = [];
	let current = '';
	for (let i = 0; i < text.length; i++) {
		const char = text[i];
		if (char === '\\' && i + 1 < text.length) {
			current += char + text[++i];
		} else if (char === separator && parts.length < limit - 1) {
			parts.push(current);
			current = '';
		} else {
			current += char;
		}
	}
	parts.push(current);
	return parts;
}

const unescape = (text: string) => text.replace(/\\(.)/g, '$1');

/** Parses Zoho search criteria into a tree. */
export function parseCriteria(text: string): Criterion {
	let position = 0;
	let conditions = 0;
	const peek = () => text[position];

	const parseGroup = (): Criterion => {
		if (peek() !== '(') queryError(`expected "(" at ${position}`);
		position++;
		if (peek() === '(') {
			const inner = parseExpression();
			if (peek() !== ')') queryError(`expected ")" at ${position}`);
			position++;
			return inner;
		}
		let raw = '';
		while (position < text.length && text[position] !== ')') {
			if (text[position] === '\\') raw += text[position++];
			raw += text[position++];
		}
		if (peek() !== ')') queryError('unbalanced parentheses');
		position++;
		const [field, operator, value] = splitUnescaped(raw, ':', 3);
		if (value === undefined || !field || !OPERATORS.includes(operator)) queryError(`invalid condition "${raw}"`);
		if (++conditions > MAX_CRITERIA) fail(400, 'LIMIT_EXCEEDED', 'Max field limit exceeded', { limit: MAX_CRITERIA, param_name: 'criteria' });
		const values = ['in', 'not_in', 'between'].includes(operator) ? splitUnescaped(value, ',').map(unescape) : [unescape(value)];
		if (values.length > MAX_IN_VALUES) fail(400, 'LIMIT_EXCEEDED', 'Max field limit exceeded', { limit: MAX_IN_VALUES, param_name: 'criteria' });
		return { kind: 'condition', field: field.trim(), operator, values };
	};

	// `and` binds tighter than `or`, so a chain reads as an OR of AND-groups.
	const parseExpression = (): Criterion => {
		const alternatives: Criterion[][] = [[parseGroup()]];
		for (;;) {
			const rest = text.slice(position);
			const joiner = /^\s*(and|or)\s*/i.exec(rest);
			if (!joiner) break;
			position += joiner[0].length;
			const part = parseGroup();
			if (joiner[1].toLowerCase() === 'and') alternatives[alternatives.length - 1].push(part);
			else alternatives.push([part]);
		}
		const groups = alternatives.map((parts): Criterion => (parts.length === 1 ? parts[0] : { kind: 'and', parts }));
		return groups.length === 1 ? groups[0] : { kind: 'or', parts: groups };
	};

	const tree = parseExpression();
	if (position !== text.length) queryError(`unexpected text at ${position}`);
	return tree;
}

/** Comparable form of a stored value for a field: instants for datetimes, lower-case text. */
function comparable(field: FieldDefinition | undefined, value: unknown): string | number | undefined {
	if (value === undefined || value === null) return undefined;
	if (field?.dataType === 'datetime' && typeof value === 'number') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return typeof value === 'number' ? value : String(value);
	return String(value).toLowerCase();
}

function comparableInput(field: FieldDefinition | undefined, value: string): string | number {
	if (field?.dataType === 'datetime') {
		const parsed = DateTime.fromISO(value, { setZone: true });
		if (!parsed.isValid) queryError(`"${value}" is not a datetime`);
		return parsed.toMillis();
	}
	if (['integer', 'double', 'currency'].includes(field?.dataType ?? '')) {
		const number = Number(value);
		if (Number.isNaN(number)) queryError(`"${value}" is not a number`);
		return number;
	}
	return value.toLowerCase();
}

/** A field's value for comparisons: system fields from the record, the rest from the indexed values. */
export function fieldValue(record: StoredRecord, values: Record<string, unknown>, name: string): unknown {
	if (name === 'id') return record.id;
	if (name === 'Owner') return record.ownerId;
	if (name === 'Created_Time') return record.createdAt;
	if (name === 'Modified_Time') return record.modifiedAt;
	if (name === 'Full_Name') return [values.First_Name, values.Last_Name].filter(Boolean).join(' ');
	return values[name];
}

function matches(store: ZohoStore, module: ModuleDefinition, record: StoredRecord, values: Record<string, unknown>, criterion: Criterion): boolean {
	if (criterion.kind === 'and') return criterion.parts.every((part) => matches(store, module, record, values, part));
	if (criterion.kind === 'or') return criterion.parts.some((part) => matches(store, module, record, values, part));
	const systemTimes = ['Created_Time', 'Modified_Time'];
	const field = systemTimes.includes(criterion.field)
		? ({ dataType: 'datetime' } as FieldDefinition)
		: criterion.field === 'id'
			? undefined
			: store.field(module, criterion.field) ?? queryError(`unknown field ${criterion.field}`);
	const actual = comparable(field, fieldValue(record, values, field?.apiName ?? criterion.field));
	if (criterion.values.length === 1 && criterion.values[0] === '${EMPTY}') {
		return criterion.operator === 'equals' ? actual === undefined || actual === '' : actual !== undefined && actual !== '';
	}
	const wanted = criterion.values.map((value) => comparableInput(field, value));
	if (actual === undefined) return criterion.operator === 'not_equal' || criterion.operator === 'not_in';
	switch (criterion.operator) {
		case 'equals':
			return actual === wanted[0];
		case 'not_equal':
			return actual !== wanted[0];
		case 'starts_with':
			return String(actual).startsWith(String(wanted[0]));
		case 'in':
			return wanted.includes(actual);
		case 'not_in':
			return !wanted.includes(actual);
		case 'greater_than':
			return actual > wanted[0];
		case 'greater_equal':
			return actual >= wanted[0];
		case 'less_than':
			return actual < wanted[0];
		case 'less_equal':
			return actual <= wanted[0];
		default:
			return actual >= wanted[0] && actual <= wanted[1];
	}
}

/** The record as the search index currently sees it, or undefined if not indexed yet. */
function indexedValues(store: ZohoStore, record: StoredRecord): Record<string, unknown> | undefined {
	const now = store.now();
	return [...record.indexed].reverse().find((snapshot) => snapshot.visibleFrom <= now)?.values;
}

function textMatcher(module: ModuleDefinition, ctx: RequestContext): ((values: Record<string, unknown>) => boolean) | undefined {
	const ofType = (types: string[]) => module.fields.filter((field) => types.includes(field.dataType)).map((field) => field.apiName);
	const email = ctx.query.get('email');
	if (email !== null) {
		const fields = ofType(['email']);
		return (values) => fields.some((name) => String(values[name] ?? '').toLowerCase() === email.toLowerCase());
	}
	const phone = ctx.query.get('phone');
	if (phone !== null) {
		const digits = phone.replace(/\D/g, '');
		const fields = ofType(['phone']);
		return (values) => fields.some((name) => digits !== '' && String(values[name] ?? '').replace(/\D/g, '') === digits);
	}
	const word = ctx.query.get('word');
	if (word !== null) {
		if (word.trim().length < 2) invalidParam('word');
		const fields = ofType(['text', 'textarea', 'email', 'phone', 'website', 'picklist']);
		return (values) => fields.some((name) => String(values[name] ?? '').toLowerCase().includes(word.toLowerCase()));
	}
	return undefined;
}

export function searchRecords(ctx: RequestContext): ApiResponse {
	const module = requireModule(ctx);
	const criteria = ctx.query.get('criteria');
	const tree = criteria ? parseCriteria(criteria) : undefined;
	const text = tree ? undefined : textMatcher(module, ctx);
	if (!tree && !text) requiredParam('criteria');
	const perPage = intParam(ctx, 'per_page', 200, 200);
	const page = intParam(ctx, 'page', 1);
	const offset = (page - 1) * perPage;
	if (offset >= SEARCH_RESULT_LIMIT) fail(400, 'LIMIT_REACHED', 'search results limit reached', { limit: SEARCH_RESULT_LIMIT });
	const found = ctx.store
		.liveRecords(module.apiName)
		.filter((record) => {
			const values = indexedValues(ctx.store, record);
			if (!values) return false;
			return tree ? matches(ctx.store, module, record, values, tree) : text!(values);
		})
		.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? 1 : -1));
	const slice = found.slice(offset, offset + perPage);
	if (slice.length === 0) return { status: 204 };
	const fields = ctx.query.get('fields')?.split(',').filter(Boolean);
	return {
		status: 200,
		body: {
			data: slice.map((record) => renderRecord(ctx.store, record, { fields, timeZone: ctx.user.timeZone })),
			info: { per_page: perPage, count: slice.length, page, more_records: offset + perPage < Math.min(found.length, SEARCH_RESULT_LIMIT) },
		},
	};
}
