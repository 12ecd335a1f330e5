/** FindItem restrictions and sort orders evaluated against stored items. */
import { child, isTrue, type XNode } from './xml';
import { elementNameOf, readPath } from './properties';
import { isBooleanElement } from './schemaOrder';
import type { StoredItem } from './store';

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/;
const NUMBER = /^-?\d+(\.\d+)?$/;

// One collator for every comparison: localeCompare with options builds a new one per call, which
// made a FindItem restricted to 50 ids over a large folder take a second.
const compareText = new Intl.Collator(undefined, { sensitivity: 'accent' }).compare;

/** Compares two property values as EWS does: dates as instants, numbers as numbers, text ignoring case. */
export function compareValues(a: string, b: string): number {
	if (ISO_DATE_TIME.test(a) && ISO_DATE_TIME.test(b)) return Date.parse(a) - Date.parse(b);
	if (NUMBER.test(a) && NUMBER.test(b)) return Number(a) - Number(b);
	return compareText(a, b);
}

/**
 * A string extended property holds text whatever it looks like (a 19-digit CRM id is not a
 * number: as one it would lose its last digits), so it compares as text.
 */
function compareFor(path: XNode): (a: string, b: string) => number {
	if (path.name === 'ExtendedFieldURI') return path.attrs.PropertyType === 'String' ? compareText : path.attrs.PropertyType === 'Boolean' ? compareBooleans : compareValues;
	return path.name === 'FieldURI' && isBooleanElement(elementNameOf(path.attrs.FieldURI)) ? compareBooleans : compareValues;
}

/** Booleans compare by value: a constant `1` equals a stored `true`. */
const compareBooleans = (a: string, b: string) => Number(isTrue(a)) - Number(isTrue(b));

const PATH_NAMES = ['FieldURI', 'IndexedFieldURI', 'ExtendedFieldURI'];

function pathOf(node: XNode): XNode {
	const found = node.children.find((c) => PATH_NAMES.includes(c.name));
	if (!found) throw new Error(`${node.name} needs a property path`);
	return found;
}

function rightHandValues(node: XNode, item: StoredItem): string[] {
	const operand = child(node, 'FieldURIOrConstant');
	const constant = child(operand, 'Constant');
	if (constant) return [constant.attrs.Value ?? ''];
	const other = operand?.children[0];
	return other ? readPath(item, other) : [];
}

const COMPARISONS: Record<string, (difference: number) => boolean> = {
	IsEqualTo: (d) => d === 0,
	IsNotEqualTo: (d) => d !== 0,
	IsGreaterThan: (d) => d > 0,
	IsGreaterThanOrEqualTo: (d) => d >= 0,
	IsLessThan: (d) => d < 0,
	IsLessThanOrEqualTo: (d) => d <= 0,
};

function contains(node: XNode, item: StoredItem): boolean {
	const needle = child(node, 'Constant')?.attrs.Value ?? '';
	const ignoreCase = (node.attrs.ContainmentComparison ?? 'Exact') !== 'Exact';
	const fold = (text: string) => (ignoreCase ? text.toLowerCase() : text);
	const mode = node.attrs.ContainmentMode ?? 'FullString';
	return readPath(item, pathOf(node)).some((value) => {
		const haystack = fold(value);
		const target = fold(needle);
		switch (mode) {
			case 'FullString':
				return haystack === target;
			case 'Prefixed':
				return haystack.startsWith(target);
			case 'PrefixOnWords':
				return haystack.split(/\s+/).some((word) => word.startsWith(target));
			default:
				return haystack.includes(target);
		}
	});
}

export function matches(restriction: XNode, item: StoredItem): boolean {
	const comparison = COMPARISONS[restriction.name];
	if (comparison) {
		const path = pathOf(restriction);
		const left = readPath(item, path);
		const right = rightHandValues(restriction, item);
		// A missing property never matches, except that it is "not equal" to anything.
		if (left.length === 0 || right.length === 0) return restriction.name === 'IsNotEqualTo';
		const compare = compareFor(path);
		return left.some((l) => right.some((r) => comparison(compare(l, r))));
	}
	switch (restriction.name) {
		case 'Restriction':
			return restriction.children.every((c) => matches(c, item));
		case 'And':
			return restriction.children.every((c) => matches(c, item));
		case 'Or':
			return restriction.children.some((c) => matches(c, item));
		case 'Not':
			return !matches(restriction.children[0], item);
		case 'Exists':
			return readPath(item, pathOf(restriction)).length > 0;
		case 'Contains':
			return contains(restriction, item);
		case 'Excludes': {
			const mask = Number(child(restriction, 'Bitmask')?.attrs.Value ?? 0);
			return readPath(item, pathOf(restriction)).every((value) => (Number(value) & mask) === 0);
		}
		default:
			throw new Error(`unsupported restriction ${restriction.name}`);
	}
}

/** Sorts by a SortOrder element (FieldOrder Order="Ascending|Descending" + path). */
export function sortItems(items: StoredItem[], sortOrder: XNode | undefined): StoredItem[] {
	const orders = sortOrder?.children.filter((c) => c.name === 'FieldOrder') ?? [];
	if (orders.length === 0) return items;
	return [...items].sort((a, b) => {
		for (const order of orders) {
			const path = pathOf(order);
			const left = readPath(a, path)[0];
			const right = readPath(b, path)[0];
			let difference = 0;
			if (left === undefined || right === undefined) difference = left === right ? 0 : left === undefined ? -1 : 1;
			else difference = compareValues(left, right);
			if (difference !== 0) return order.attrs.Order === 'Descending' ? -difference : difference;
		}
		return 0;
	});
}
