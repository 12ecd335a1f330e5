/**
 * OData `$filter` expressions as Graph's Outlook endpoints take them: comparisons (eq, ne, gt,
 * ge, lt, le), and, or, not, parentheses, the string functions (startswith, endswith, contains)
 * and lambdas over collections (`singleValueExtendedProperties/Any(ep: ep/id eq '…' and
 * ep/value eq '…')`, `emailAddresses/any(a: a/address eq '…')`). Strings compare without regard
 * to case, as Exchange compares them; date-times compare as instants.
 */
import { badRequest } from '../errors';

export type FilterNode =
	| { kind: 'literal'; value: string | number | boolean | null; unquoted?: boolean }
	| { kind: 'path'; segments: string[] }
	| { kind: 'binary'; op: string; left: FilterNode; right: FilterNode }
	| { kind: 'not'; operand: FilterNode }
	| { kind: 'call'; name: string; args: FilterNode[] }
	| { kind: 'lambda'; collection: string[]; quantifier: 'any' | 'all'; variable: string; body: FilterNode };

/** Reads a property of the thing a filter runs over (an item as Graph shows it). */
export interface FilterRow {
	get(name: string): unknown;
}

type Token = { type: 'string' | 'number' | 'word' | 'symbol'; text: string };

const COMPARISONS = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const FUNCTIONS = new Set(['startswith', 'endswith', 'contains', 'tolower', 'toupper']);
const DATE_LITERAL = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;

function tokenize(text: string): Token[] {
	const tokens: Token[] = [];
	let i = 0;
	while (i < text.length) {
		const c = text[i];
		if (/\s/.test(c)) {
			i++;
			continue;
		}
		if (c === "'") {
			let value = '';
			i++;
			for (;;) {
				if (i >= text.length) throw badRequest(`Invalid filter clause: unterminated string literal in "${text}".`);
				if (text[i] === "'") {
					if (text[i + 1] === "'") {
						value += "'";
						i += 2;
						continue;
					}
					i++;
					break;
				}
				value += text[i++];
			}
			tokens.push({ type: 'string', text: value });
			continue;
		}
		if ('()/,:'.includes(c)) {
			tokens.push({ type: 'symbol', text: c });
			i++;
			continue;
		}
		const word = /^[A-Za-z0-9_.+\-:]+/.exec(text.slice(i));
		if (!word) throw badRequest(`Invalid filter clause: unexpected "${c}" in "${text}".`);
		let value = word[0];
		// Outside a date-time literal a colon ends a lambda's variable (`ep: ep/id eq …`).
		if (value.includes(':') && !DATE_LITERAL.test(value)) value = value.slice(0, value.indexOf(':'));
		tokens.push({ type: /^-?\d+(\.\d+)?$/.test(value) ? 'number' : 'word', text: value });
		i += value.length;
	}
	return tokens;
}

class Parser {
	private position = 0;

	constructor(
		private readonly tokens: Token[],
		private readonly source: string,
	) {}

	parse(): FilterNode {
		const node = this.or();
		if (this.position < this.tokens.length) this.fail(`unexpected "${this.tokens[this.position].text}"`);
		return node;
	}

	private fail(why: string): never {
		throw badRequest(`Invalid filter clause: ${why} in "${this.source}".`);
	}

	private peek(): Token | undefined {
		return this.tokens[this.position];
	}

	private isWord(text: string): boolean {
		const token = this.peek();
		return token?.type === 'word' && token.text.toLowerCase() === text;
	}

	private expectSymbol(text: string): void {
		const token = this.peek();
		if (token?.type !== 'symbol' || token.text !== text) this.fail(`expected "${text}"`);
		this.position++;
	}

	private or(): FilterNode {
		let node = this.and();
		while (this.isWord('or')) {
			this.position++;
			node = { kind: 'binary', op: 'or', left: node, right: this.and() };
		}
		return node;
	}

	private and(): FilterNode {
		let node = this.not();
		while (this.isWord('and')) {
			this.position++;
			node = { kind: 'binary', op: 'and', left: node, right: this.not() };
		}
		return node;
	}

	private not(): FilterNode {
		if (this.isWord('not')) {
			this.position++;
			return { kind: 'not', operand: this.not() };
		}
		return this.comparison();
	}

	private comparison(): FilterNode {
		const left = this.primary();
		const token = this.peek();
		if (token?.type === 'word' && COMPARISONS.has(token.text.toLowerCase())) {
			this.position++;
			return { kind: 'binary', op: token.text.toLowerCase(), left, right: this.primary() };
		}
		return left;
	}

	private primary(): FilterNode {
		const token = this.peek();
		if (!token) this.fail('the expression ends too early');
		this.position++;
		if (token.type === 'symbol' && token.text === '(') {
			const inner = this.or();
			this.expectSymbol(')');
			return inner;
		}
		if (token.type === 'string') return { kind: 'literal', value: token.text };
		if (token.type === 'number') return { kind: 'literal', value: Number(token.text) };
		if (token.type !== 'word') this.fail(`unexpected "${token.text}"`);
		const lower = token.text.toLowerCase();
		if (lower === 'true' || lower === 'false') return { kind: 'literal', value: lower === 'true' };
		if (lower === 'null') return { kind: 'literal', value: null };
		if (DATE_LITERAL.test(token.text)) return { kind: 'literal', value: token.text, unquoted: true };
		if (FUNCTIONS.has(lower) && this.peek()?.text === '(') {
			this.position++;
			const args: FilterNode[] = [this.or()];
			while (this.peek()?.text === ',') {
				this.position++;
				args.push(this.or());
			}
			this.expectSymbol(')');
			return { kind: 'call', name: lower, args };
		}
		const segments = [token.text];
		while (this.peek()?.text === '/') {
			this.position++;
			const next = this.peek();
			if (next?.type !== 'word') this.fail('a path segment must follow "/"');
			this.position++;
			const quantifier = next.text.toLowerCase();
			if ((quantifier === 'any' || quantifier === 'all') && this.peek()?.text === '(') {
				this.position++;
				const variable = this.peek();
				if (variable?.type !== 'word') this.fail('a lambda needs a variable');
				this.position++;
				this.expectSymbol(':');
				const body = this.or();
				this.expectSymbol(')');
				return { kind: 'lambda', collection: segments, quantifier, variable: variable.text, body };
			}
			segments.push(next.text);
		}
		return { kind: 'path', segments };
	}
}

export function parseFilter(text: string): FilterNode {
	return new Parser(tokenize(text), text).parse();
}

/** The property names a filter reads from its row (first path segments outside lambdas' variables). */
export function filterProperties(node: FilterNode, variables: Set<string> = new Set()): string[] {
	switch (node.kind) {
		case 'path':
			return variables.has(node.segments[0]) ? [] : [node.segments[0]];
		case 'binary':
			return [...filterProperties(node.left, variables), ...filterProperties(node.right, variables)];
		case 'not':
			return filterProperties(node.operand, variables);
		case 'call':
			return node.args.flatMap((arg) => filterProperties(arg, variables));
		case 'lambda':
			return [node.collection[0], ...filterProperties(node.body, new Set([...variables, node.variable]))];
		default:
			return [];
	}
}

type Scope = { row: FilterRow; variables: Map<string, unknown> };

function follow(value: unknown, segments: string[]): unknown {
	let current = value;
	for (const segment of segments) {
		if (current === null || current === undefined || typeof current !== 'object') return undefined;
		current = (current as Record<string, unknown>)[segment];
	}
	return current;
}

function evaluate(node: FilterNode, scope: Scope): unknown {
	switch (node.kind) {
		case 'literal':
			return node.value;
		case 'path': {
			const [first, ...rest] = node.segments;
			const start = scope.variables.has(first) ? scope.variables.get(first) : scope.row.get(first);
			return follow(start, rest);
		}
		case 'not':
			return !truthy(evaluate(node.operand, scope));
		case 'call': {
			const args = node.args.map((arg) => evaluate(arg, scope));
			const text = (value: unknown) => (value === null || value === undefined ? '' : String(value).toLowerCase());
			switch (node.name) {
				case 'startswith':
					return text(args[0]).startsWith(text(args[1]));
				case 'endswith':
					return text(args[0]).endsWith(text(args[1]));
				case 'contains':
					return text(args[0]).includes(text(args[1]));
				case 'tolower':
					return typeof args[0] === 'string' ? args[0].toLowerCase() : args[0];
				default:
					return typeof args[0] === 'string' ? args[0].toUpperCase() : args[0];
			}
		}
		case 'lambda': {
			const collection = scope.variables.has(node.collection[0]) ? follow(scope.variables.get(node.collection[0]), node.collection.slice(1)) : follow(scope.row.get(node.collection[0]), node.collection.slice(1));
			const entries = Array.isArray(collection) ? collection : [];
			const test = (entry: unknown) => truthy(evaluate(node.body, { row: scope.row, variables: new Map([...scope.variables, [node.variable, entry]]) }));
			return node.quantifier === 'any' ? entries.some(test) : entries.every(test);
		}
		case 'binary': {
			if (node.op === 'and') return truthy(evaluate(node.left, scope)) && truthy(evaluate(node.right, scope));
			if (node.op === 'or') return truthy(evaluate(node.left, scope)) || truthy(evaluate(node.right, scope));
			return compare(node.op, evaluate(node.left, scope), evaluate(node.right, scope));
		}
	}
}

const truthy = (value: unknown) => value === true;

function instant(value: unknown): number | undefined {
	if (typeof value !== 'string' || !DATE_LITERAL.test(value.replace(/\.\d+/, ''))) return undefined;
	// A date-time without offset (a dateTimeTimeZone's dateTime) is read as UTC.
	const time = Date.parse(/T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value) ? `${value}Z` : value);
	return Number.isNaN(time) ? undefined : time;
}

/** OData comparison: null only equals null; dates as instants, numbers as numbers, strings without case. */
export function compare(op: string, left: unknown, right: unknown): boolean {
	if (left === undefined) left = null;
	if (right === undefined) right = null;
	if (left === null || right === null) {
		if (op === 'eq') return left === right;
		if (op === 'ne') return left !== right;
		return false;
	}
	let difference: number;
	const leftTime = instant(left);
	const rightTime = instant(right);
	if (leftTime !== undefined && rightTime !== undefined) difference = leftTime - rightTime;
	else if (typeof left === 'number' && typeof right === 'number') difference = left - right;
	else if (typeof left === 'boolean' || typeof right === 'boolean') difference = String(left) === String(right) ? 0 : 1;
	else {
		const a = String(left).toLowerCase();
		const b = String(right).toLowerCase();
		difference = a === b ? 0 : a < b ? -1 : 1;
	}
	switch (op) {
		case 'eq':
			return difference === 0;
		case 'ne':
			return difference !== 0;
		case 'gt':
			return difference > 0;
		case 'ge':
			return difference >= 0;
		case 'lt':
			return difference < 0;
		default:
			return difference <= 0;
	}
}

export function matchesFilter(node: FilterNode, row: FilterRow): boolean {
	return truthy(evaluate(node, { row, variables: new Map() }));
}
