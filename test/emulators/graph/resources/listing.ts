/**
 * Answers made of stored items: one entity, or a collection read with the query options
 * ($filter, $orderby, $top/$skip paging with @odata.nextLink, $select, $expand of extended
 * properties and the type's other navigation properties).
 */
import type { StoredItem } from '../../exchange/store';
import { badRequest, GraphError, type GraphResponse } from '../errors';
import { canonicalPropertyIds, multiValueProperties, singleValueProperties } from './extended';
import { filterProperties, matchesFilter, type FilterRow } from '../odata/filter';
import { parseQuery, type ExpandOption, type QueryOptions } from '../odata/query';
import type { CsdlModel } from '../csdl/model';
import type { RouteContext } from '../router';
import { selectFields, type Json, type View } from './common';

/** Page size when $top is absent, and the most one page holds (Outlook's). */
export const DEFAULT_PAGE_SIZE = 10;
export const MAX_PAGE_SIZE = 1000;
/** Navigation properties a $filter may name (lambdas over them). */
const EXTENDED_NAVIGATION = new Set(['singleValueExtendedProperties', 'multiValueExtendedProperties']);

/** How one kind of item is shown in Graph. */
export interface Representation {
	/** The CSDL type (`microsoft.graph.contact`). */
	type: string;
	toGraph(item: StoredItem, view: View): Json;
	/** Single-value extended properties that are the item's own properties seen by MAPI tag (a contact's pager …). */
	extendedProperties?(item: StoredItem): Array<{ id: string; value: string | null }>;
	/** Properties Graph answers only when $select names them. */
	selectOnly?: string[];
	/** Navigation properties other than extended properties it can expand (attachments, linkedResources …). */
	expand?(name: string, item: StoredItem, option: ExpandOption, context: RouteContext): Json[] | undefined;
}

/** The item's single-value extended properties: the ones stored as such and the ones its representation computes. */
const singleValues = (item: StoredItem, representation: Representation) => [...singleValueProperties(item.extended), ...(representation.extendedProperties?.(item) ?? [])];

/** Reads a stored item's Graph properties for a filter, building the representation only when needed. */
export function filterRow(item: StoredItem, representation: Representation, view: View): FilterRow {
	let json: Json | undefined;
	return {
		get(name: string) {
			if (name === 'singleValueExtendedProperties') return singleValues(item, representation);
			if (name === 'multiValueExtendedProperties') return multiValueProperties(item.extended);
			json ??= representation.toGraph(item, view);
			return json[name];
		},
	};
}

export function queryFor(model: CsdlModel, representation: Representation, context: RouteContext): QueryOptions {
	const options = parseQuery(model, representation.type, context.query);
	if (options.filter) {
		for (const name of filterProperties(options.filter)) {
			const property = model.property(representation.type, name);
			if (!property) throw badRequest(`Could not find a property named '${name}' on type '${representation.type}'.`);
			// Only extended properties are filtered on as navigation properties (assumed refused for the others, e.g. a task's linkedResources).
			if (property.navigation && !EXTENDED_NAVIGATION.has(name)) throw badRequest(`Filtering on the navigation property '${name}' is not supported.`);
		}
		options.filter = canonicalPropertyIds(options.filter);
		// Outlook sorts filtered messages only by properties the filter names first, in the same order.
		const sorted = options.orderBy.map((order) => order.path[0]);
		if (representation.type === 'microsoft.graph.message' && sorted.some((name, index) => filterProperties(options.filter!)[index] !== name)) {
			throw new GraphError(400, 'InefficientFilter', 'The restriction or sort order is too complex for this operation.');
		}
	}
	for (const expand of options.expand) if (expand.filter) expand.filter = canonicalPropertyIds(expand.filter);
	return options;
}

/** One item as Graph answers it, with the $select and $expand asked for. */
export function render(item: StoredItem, representation: Representation, options: QueryOptions, context: RouteContext): Json {
	const json = selectFields(representation.toGraph(item, context.view), options.select);
	for (const name of representation.selectOnly ?? []) if (!options.select?.includes(name)) delete json[name];
	for (const expand of options.expand) {
		let related: Json[] | undefined;
		if (expand.name === 'singleValueExtendedProperties') related = singleValues(item, representation);
		else if (expand.name === 'multiValueExtendedProperties') related = multiValueProperties(item.extended);
		else related = representation.expand?.(expand.name, item, expand, context);
		if (related === undefined) throw badRequest(`Expanding '${expand.name}' is not supported on ${representation.type}.`);
		if (expand.filter) related = related.filter((entry) => matchesFilter(expand.filter!, { get: (name) => entry[name] }));
		// Graph leaves out an expanded extended-property list that matched nothing.
		if (related.length === 0 && expand.name.endsWith('ExtendedProperties')) continue;
		json[expand.name] = expand.select ? related.map((entry) => selectFields(entry, expand.select)) : related;
	}
	return json;
}

export function contextUrl(context: RouteContext, collection: string, entity = false): string {
	return context.link(`$metadata#users('${encodeURIComponent(context.mailbox.smtp)}')/${collection}${entity ? '/$entity' : ''}`);
}

/** A JSON entity that is no stored item (a folder, a list, an attachment …), under the user's `path`. */
export function jsonEntity(context: RouteContext, path: string, type: string, json: Json, status = 200): GraphResponse {
	return { status, body: { '@odata.context': contextUrl(context, path, true), ...json }, shape: { entity: type } };
}

/** A collection of such entities (one page, no nextLink). */
export function jsonCollection(context: RouteContext, path: string, type: string, value: Json[]): GraphResponse {
	return { status: 200, body: { '@odata.context': contextUrl(context, path), value }, shape: { collection: type } };
}

export function entityAnswer(item: StoredItem, representation: Representation, context: RouteContext, collection: string, model: CsdlModel, status = 200): GraphResponse {
	const options = queryFor(model, representation, context);
	return {
		status,
		body: { '@odata.context': contextUrl(context, collection, true), ...render(item, representation, options, context) },
		shape: { entity: representation.type },
	};
}

function pathValue(json: Json, path: string[]): unknown {
	let value: unknown = json;
	for (const segment of path) value = value && typeof value === 'object' ? (value as Json)[segment] : undefined;
	return value;
}

function compareValues(a: unknown, b: unknown): number {
	if (a === b) return 0;
	if (a === null || a === undefined) return -1;
	if (b === null || b === undefined) return 1;
	if (typeof a === 'number' && typeof b === 'number') return a - b;
	return String(a).localeCompare(String(b), 'en', { sensitivity: 'base' });
}

/** A collection answer: the items filtered, ordered (else in the given order), paged. */
export function listAnswer(items: StoredItem[], representation: Representation, context: RouteContext, model: CsdlModel, collection: string): GraphResponse {
	const options = queryFor(model, representation, context);
	const view = context.view;
	let selected = options.filter ? items.filter((item) => matchesFilter(options.filter!, filterRow(item, representation, view))) : items;
	if (options.orderBy.length > 0) {
		const keyed = selected.map((item) => ({ item, json: representation.toGraph(item, view) }));
		keyed.sort((x, y) => {
			for (const order of options.orderBy) {
				const difference = compareValues(pathValue(x.json, order.path), pathValue(y.json, order.path));
				if (difference !== 0) return order.descending ? -difference : difference;
			}
			return 0;
		});
		selected = keyed.map((entry) => entry.item);
	}
	const size = Math.min(options.top ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
	const page = selected.slice(options.skip, options.skip + size);
	const body: Json = { '@odata.context': contextUrl(context, collection) };
	if (options.count) body['@odata.count'] = selected.length;
	body.value = page.map((item) => render(item, representation, options, context));
	if (options.skip + size < selected.length) {
		const next = new URLSearchParams(context.query);
		next.set('$skip', String(options.skip + size));
		if (options.top === undefined) next.set('$top', String(size));
		body['@odata.nextLink'] = context.link(`${context.call.url.split('?')[0].replace(/^\//, '')}?${next.toString()}`);
	}
	return { status: 200, body, shape: { collection: representation.type } };
}
