/**
 * The OData system query options Graph's Outlook endpoints take: $select, $filter, $orderby,
 * $top, $skip, $expand (with nested $filter/$select), $count. Names are checked against the
 * CSDL type the answer is made of, with OData's messages.
 */
import type { CsdlModel } from '../csdl/model';
import { badRequest } from '../errors';
import { parseFilter, type FilterNode } from './filter';

export interface ExpandOption {
	name: string;
	filter?: FilterNode;
	select?: string[];
}

export interface QueryOptions {
	select?: string[];
	filter?: FilterNode;
	orderBy: Array<{ path: string[]; descending: boolean }>;
	top?: number;
	skip: number;
	expand: ExpandOption[];
	count: boolean;
}

/** Splits at top-level commas (not inside parentheses or quotes). */
export function splitTopLevel(text: string, separator = ','): string[] {
	const parts: string[] = [];
	let depth = 0;
	let quoted = false;
	let current = '';
	for (const c of text) {
		if (c === "'") quoted = !quoted;
		else if (!quoted && c === '(') depth++;
		else if (!quoted && c === ')') depth--;
		if (c === separator && depth === 0 && !quoted) {
			parts.push(current.trim());
			current = '';
		} else current += c;
	}
	if (current.trim()) parts.push(current.trim());
	return parts;
}

function nonNegativeInteger(name: string, value: string | null): number | undefined {
	if (value === null) return undefined;
	if (!/^\d+$/.test(value)) throw badRequest(`Invalid value '${value}' for ${name} query option found. The ${name} query option requires a non-negative integer value.`);
	return Number(value);
}

function checkProperty(model: CsdlModel, typeName: string, name: string): void {
	if (!model.property(typeName, name)) throw badRequest(`Could not find a property named '${name}' on type '${typeName}'.`);
}

function parseExpand(model: CsdlModel, typeName: string, text: string): ExpandOption[] {
	return splitTopLevel(text).map((part) => {
		const match = /^([A-Za-z]+)(?:\((.*)\))?$/.exec(part);
		if (!match) throw badRequest(`Term '${part}' is not valid in a $select or $expand expression.`);
		const property = model.property(typeName, match[1]);
		if (!property?.navigation) throw badRequest(`Could not find a property named '${match[1]}' on type '${typeName}'.`);
		const option: ExpandOption = { name: match[1] };
		for (const nested of splitTopLevel(match[2] ?? '', ';')) {
			const equals = nested.indexOf('=');
			const key = nested.slice(0, equals).trim().toLowerCase();
			const value = nested.slice(equals + 1).trim();
			if (key === '$filter') option.filter = parseFilter(value);
			else if (key === '$select') option.select = value.split(',').map((s) => s.trim());
			else throw badRequest(`The query option '${nested}' is not supported inside $expand.`);
		}
		return option;
	});
}

/** Reads the query options for an answer made of `typeName` (a collection or one entity). */
export function parseQuery(model: CsdlModel, typeName: string, query: URLSearchParams): QueryOptions {
	const get = (name: string) => query.get(name) ?? query.get(name.slice(1));
	const options: QueryOptions = { orderBy: [], skip: 0, expand: [], count: false };
	const select = get('$select');
	if (select) {
		options.select = select.split(',').map((s) => s.trim()).filter(Boolean);
		for (const name of options.select) checkProperty(model, typeName, name);
	}
	const filter = get('$filter');
	if (filter) options.filter = parseFilter(filter);
	const orderBy = get('$orderby');
	if (orderBy) {
		options.orderBy = splitTopLevel(orderBy).map((part) => {
			const [path, direction = 'asc'] = part.split(/\s+/);
			if (!['asc', 'desc'].includes(direction.toLowerCase())) throw badRequest(`Invalid $orderby direction '${direction}'.`);
			const segments = path.split('/');
			checkProperty(model, typeName, segments[0]);
			return { path: segments, descending: direction.toLowerCase() === 'desc' };
		});
	}
	options.top = nonNegativeInteger('$top', get('$top'));
	options.skip = nonNegativeInteger('$skip', get('$skip')) ?? 0;
	const expand = get('$expand');
	if (expand) options.expand = parseExpand(model, typeName, expand);
	options.count = get('$count') === 'true';
	return options;
}
