/**
 * POST /crm/v8/coql: `select f1, f2, Lookup.Field from Module [where …] [order by f [asc|desc], …]
 * [limit count | limit offset, count | limit count offset n]`. WHERE supports and/or with
 * parentheses and =, !=, <>, <, >, <=, >=, [not] like, [not] in (at most 50 values), is [not] null, between.
 * At most 2,000 rows per call (default 200) and 100,000 reachable; lookups answer `{id}` only.
 */
import { DateTime } from 'luxon';
import type { RequestContext } from './context';
import { fail, type ApiResponse } from './errors';
import type { FieldDefinition, ModuleDefinition } from './metadata';
import { formatDateTime, renderRecord } from './records';
import { fieldValue } from './search';
import type { StoredRecord, ZohoStore } from './store';

const DEFAULT_LIMIT = 200;
const MAX_LIMIT = 2000;
const MAX_REACHABLE = 100_000;
/** Values an `in (…)` list takes. */
const MAX_IN_VALUES = 50;
const SYSTEM_DATETIMES = ['Created_Time', 'Modified_Time'];

type Literal = string | number | boolean | null;

type Condition =
	| { kind: 'compare'; column: string; operator: string; value: Literal }
	| { kind: 'like'; column: string; pattern: string; negated: boolean }
	| { kind: 'in'; column: string; values: Literal[]; negated: boolean }
	| { kind: 'null'; column: string; negated: boolean }
	| { kind: 'between'; column: string; low: Literal; high: Literal }
	| { kind: 'and'; parts: Condition[] }
	| { kind: 'or'; parts: Condition[] };

interface Query {
	columns: string[];
	module: string;
	where?: Condition;
	orderBy: Array<{ column: string; descending: boolean }>;
	offset: number;
	limit: number;
}

interface Token {
	type: 'word' | 'string' | 'number' | 'symbol';
	text: string;
	column: number;
}

function syntaxError(near: string, column: number): never {
	return fail(400, 'SYNTAX_ERROR', 'error occurred while parsing the query', { line: 1, column, near });
}

function clauseError(clause: string): never {
	return fail(400, 'SYNTAX_ERROR', `error occured in ${clause} clause`, { clause });
}

function tokenize(text: string): Token[] {
	const tokens: Token[] = [];
	let i = 0;
	while (i < text.length) {
		const char = text[i];
		if (/\s/.test(char)) {
			i++;
		} else if (char === "'") {
			let value = '';
			const start = i++;
			for (;;) {
				if (i >= text.length) syntaxError(text.slice(start, start + 20), start + 1);
				if (text[i] === '\\' && i + 1 < text.length) {
					value += text[i + 1];
					i += 2;
				} else if (text[i] === "'" && text[i + 1] === "'") {
					value += "'";
					i += 2;
				} else if (text[i] === "'") {
					i++;
					break;
				} else {
					value += text[i++];
				}
			}
			tokens.push({ type: 'string', text: value, column: start + 1 });
		} else if (/[0-9-]/.test(char) && /^-?\d/.test(text.slice(i, i + 2))) {
			const match = /^-?\d+(\.\d+)?/.exec(text.slice(i))!;
			tokens.push({ type: 'number', text: match[0], column: i + 1 });
			i += match[0].length;
		} else if (/[A-Za-z_$]/.test(char)) {
			const match = /^[A-Za-z_$][A-Za-z0-9_$.]*/.exec(text.slice(i))!;
			tokens.push({ type: 'word', text: match[0], column: i + 1 });
			i += match[0].length;
		} else {
			const match = /^(!=|<>|<=|>=|[=<>(),*])/.exec(text.slice(i));
			if (!match) syntaxError(text.slice(i, i + 10), i + 1);
			tokens.push({ type: 'symbol', text: match[0], column: i + 1 });
			i += match[0].length;
		}
	}
	return tokens;
}

function parse(text: string): Query {
	const tokens = tokenize(text);
	let position = 0;
	const peek = () => tokens[position];
	const isWord = (word: string, token = peek()) => token?.type === 'word' && token.text.toLowerCase() === word;
	const next = () => tokens[position++] ?? syntaxError('end of query', text.length + 1);
	const expectWord = (word: string, clause: string) => {
		if (!isWord(word)) clauseError(clause);
		position++;
	};
	const identifier = (clause: string) => {
		const token = next();
		if (token.type !== 'word') clauseError(clause);
		return token.text;
	};
	const literal = (): Literal => {
		const token = next();
		if (token.type === 'string') return token.text;
		if (token.type === 'number') return Number(token.text);
		if (isWord('true', token)) return true;
		if (isWord('false', token)) return false;
		if (isWord('null', token)) return null;
		return syntaxError(token.text, token.column);
	};

	expectWord('select', 'select');
	const columns = [identifier('select')];
	while (peek()?.text === ',') {
		position++;
		columns.push(identifier('select'));
	}
	expectWord('from', 'from');
	const module = identifier('from');

	const condition = (): Condition => {
		if (peek()?.text === '(') {
			position++;
			const inner = disjunction();
			if (next().text !== ')') clauseError('where');
			return inner;
		}
		const column = identifier('where');
		if (isWord('is')) {
			position++;
			const negated = isWord('not');
			if (negated) position++;
			expectWord('null', 'where');
			return { kind: 'null', column, negated };
		}
		const negated = isWord('not');
		if (negated) position++;
		if (isWord('like')) {
			position++;
			const pattern = literal();
			if (typeof pattern !== 'string') clauseError('where');
			return { kind: 'like', column, pattern, negated };
		}
		if (isWord('in')) {
			position++;
			if (next().text !== '(') clauseError('where');
			const values = [literal()];
			while (peek()?.text === ',') {
				position++;
				values.push(literal());
			}
			if (next().text !== ')') clauseError('where');
			if (values.length > MAX_IN_VALUES) fail(400, 'LIMIT_EXCEEDED', 'limit exceeded', { by: 'in', limit: MAX_IN_VALUES });
			return { kind: 'in', column, values, negated };
		}
		if (isWord('between') && !negated) {
			position++;
			const low = literal();
			expectWord('and', 'where');
			return { kind: 'between', column, low, high: literal() };
		}
		const operator = next();
		if (operator.type !== 'symbol' || !['=', '!=', '<>', '<', '>', '<=', '>='].includes(operator.text)) clauseError('where');
		return { kind: 'compare', column, operator: operator.text === '<>' ? '!=' : operator.text, value: literal() };
	};
	const conjunction = (): Condition => {
		const parts = [condition()];
		while (isWord('and')) {
			position++;
			parts.push(condition());
		}
		return parts.length === 1 ? parts[0] : { kind: 'and', parts };
	};
	const disjunction = (): Condition => {
		const parts = [conjunction()];
		while (isWord('or')) {
			position++;
			parts.push(conjunction());
		}
		return parts.length === 1 ? parts[0] : { kind: 'or', parts };
	};

	let where: Condition | undefined;
	if (isWord('where')) {
		position++;
		where = disjunction();
	}
	const orderBy: Query['orderBy'] = [];
	if (isWord('order')) {
		position++;
		expectWord('by', 'order by');
		do {
			if (peek()?.text === ',') position++;
			const column = identifier('order by');
			const descending = isWord('desc');
			if (descending || isWord('asc')) position++;
			orderBy.push({ column, descending });
		} while (peek()?.text === ',');
	}
	let offset = 0;
	let limit = DEFAULT_LIMIT;
	if (isWord('limit')) {
		position++;
		const first = next();
		if (first.type !== 'number') clauseError('limit');
		limit = Number(first.text);
		if (peek()?.text === ',') {
			position++;
			const second = next();
			if (second.type !== 'number') clauseError('limit');
			offset = limit;
			limit = Number(second.text);
		} else if (isWord('offset')) {
			position++;
			const second = next();
			if (second.type !== 'number') clauseError('offset');
			offset = Number(second.text);
		}
	}
	if (position < tokens.length) syntaxError(peek().text, peek().column);
	return { columns, module, where, orderBy, offset, limit };
}

/** The row limit a query asks for (it decides the credits the call costs). */
export function coqlLimitOf(ctx: RequestContext): number {
	const query = (ctx.body as { select_query?: unknown } | undefined)?.select_query;
	const match = typeof query === 'string' ? /\blimit\s+(\d+)(?:\s*,\s*(\d+))?/i.exec(query) : null;
	return match ? Number(match[2] ?? match[1]) : DEFAULT_LIMIT;
}

interface Column {
	field?: FieldDefinition;
	/** For `Lookup.Field`: the field of the looked-up record. */
	path?: string;
	system?: 'id' | 'datetime' | 'owner';
}

function resolveColumn(store: ZohoStore, module: ModuleDefinition, name: string): Column {
	const invalid = () => fail(400, 'INVALID_QUERY', 'column given seems to be invalid', { column_name: name });
	const [head, tail] = name.split('.', 2);
	if (head === 'id' && !tail) return { system: 'id' };
	if (SYSTEM_DATETIMES.includes(head) && !tail) return { system: 'datetime' };
	if (['Owner', 'Created_By', 'Modified_By'].includes(head) && (!tail || tail === 'id')) return { system: 'owner', path: head };
	const field = store.field(module, head) ?? invalid();
	if (tail) {
		if (field.dataType !== 'lookup' && field.dataType !== 'multi_module_lookup') invalid();
		return { field, path: tail };
	}
	return { field };
}

function valueOf(store: ZohoStore, record: StoredRecord, column: Column, name: string): unknown {
	if (column.system === 'owner') {
		const key = column.path === 'Created_By' ? record.createdById : column.path === 'Modified_By' ? record.modifiedById : record.ownerId;
		return key;
	}
	if (column.system) return fieldValue(record, record.values, name);
	const raw = fieldValue(record, record.values, column.field!.apiName);
	if (!column.path) return raw;
	const target = typeof raw === 'string' ? store.records.get(raw) : undefined;
	if (!target) return undefined;
	return column.path === 'id' ? target.id : fieldValue(target, target.values, column.path);
}

function comparable(column: Column, value: unknown): string | number | boolean | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value === 'number' || typeof value === 'boolean') return value;
	if (Array.isArray(value) || typeof value === 'object') return JSON.stringify(value).toLowerCase();
	return column.system === 'id' ? String(value) : String(value).toLowerCase();
}

function literalFor(column: Column, name: string, value: Literal): string | number | boolean | undefined {
	if (value === null) return undefined;
	const isDatetime = column.system === 'datetime' || (!column.path && column.field?.dataType === 'datetime');
	if (isDatetime) {
		const parsed = typeof value === 'string' ? DateTime.fromISO(value, { setZone: true }) : undefined;
		if (!parsed?.isValid) fail(400, 'INVALID_QUERY', 'value given seems to be invalid for the column', { column_name: name });
		return parsed.toMillis();
	}
	return typeof value === 'string' ? (column.system === 'id' ? value : value.toLowerCase()) : value;
}

function evaluate(store: ZohoStore, module: ModuleDefinition, record: StoredRecord, condition: Condition): boolean {
	if (condition.kind === 'and') return condition.parts.every((part) => evaluate(store, module, record, part));
	if (condition.kind === 'or') return condition.parts.some((part) => evaluate(store, module, record, part));
	const column = resolveColumn(store, module, condition.column);
	const actual = comparable(column, valueOf(store, record, column, condition.column));
	switch (condition.kind) {
		case 'null':
			return (actual === undefined) !== condition.negated;
		case 'like': {
			const pattern = condition.pattern.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*');
			const found = actual !== undefined && new RegExp(`^${pattern}$`, 's').test(String(actual));
			return found !== condition.negated;
		}
		case 'in': {
			const found = actual !== undefined && condition.values.some((value) => literalFor(column, condition.column, value) === actual);
			return found !== condition.negated;
		}
		case 'between': {
			const low = literalFor(column, condition.column, condition.low);
			const high = literalFor(column, condition.column, condition.high);
			return actual !== undefined && low !== undefined && high !== undefined && actual >= low && actual <= high;
		}
		case 'compare': {
			const wanted = literalFor(column, condition.column, condition.value);
			if (actual === undefined || wanted === undefined) return condition.operator === '!=' ? actual !== wanted : false;
			switch (condition.operator) {
				case '=':
					return actual === wanted;
				case '!=':
					return actual !== wanted;
				case '<':
					return actual < wanted;
				case '>':
					return actual > wanted;
				case '<=':
					return actual <= wanted;
				default:
					return actual >= wanted;
			}
		}
	}
}

export function runCoql(ctx: RequestContext): ApiResponse {
	const text = (ctx.body as { select_query?: unknown } | undefined)?.select_query;
	if (typeof text !== 'string' || text.trim() === '') {
		fail(400, 'MANDATORY_NOT_FOUND', 'required field not found', { api_name: 'select_query', json_path: '$.select_query' });
	}
	const query = parse(text.trim());
	const module = ctx.store.module(query.module) ?? fail(400, 'INVALID_QUERY', 'invalid query formed', { reason: 'invalid module', module: query.module });
	if (query.limit > MAX_LIMIT) fail(400, 'LIMIT_EXCEEDED', 'limit exceeded', { by: 'limit', limit: MAX_LIMIT });
	if (query.offset + query.limit > MAX_REACHABLE) fail(400, 'LIMIT_EXCEEDED', 'limit exceeded', { by: 'offset', limit: MAX_REACHABLE });
	const columns = query.columns.map((name) => ({ name, column: resolveColumn(ctx.store, module, name) }));
	const order = query.orderBy.map((entry) => ({ ...entry, column: resolveColumn(ctx.store, module, entry.column) }));
	let rows = ctx.store.liveRecords(module.apiName).filter((record) => !query.where || evaluate(ctx.store, module, record, query.where));
	rows = rows.sort((a, b) => {
		for (const entry of order) {
			const x = comparable(entry.column, valueOf(ctx.store, a, entry.column, entry.column.field?.apiName ?? ''));
			const y = comparable(entry.column, valueOf(ctx.store, b, entry.column, entry.column.field?.apiName ?? ''));
			if (x === y) continue;
			// Empty values sort first ascending, as in SQL with NULLS FIRST.
			const less = x === undefined || (y !== undefined && x < y);
			return (less ? -1 : 1) * (entry.descending ? -1 : 1);
		}
		return BigInt(a.id) < BigInt(b.id) ? -1 : 1;
	});
	const page = rows.slice(query.offset, query.offset + query.limit);
	if (page.length === 0) return { status: 204 };
	const plain = columns.filter((entry) => !entry.column.path || entry.column.system === 'owner').map((entry) => entry.name.split('.')[0]);
	return {
		status: 200,
		body: {
			data: page.map((record) => {
				const row = renderRecord(ctx.store, record, { fields: plain, lookupsAsIdOnly: true, timeZone: ctx.user.timeZone });
				for (const { name, column } of columns) {
					if (!column.path || column.system) continue;
					const value = valueOf(ctx.store, record, column, name);
					row[name] = typeof value === 'number' && column.path.endsWith('Time') ? formatDateTime(value, ctx.user.timeZone) : (value ?? null);
				}
				return row;
			}),
			info: { count: page.length, more_records: rows.length > query.offset + query.limit },
		},
	};
}
