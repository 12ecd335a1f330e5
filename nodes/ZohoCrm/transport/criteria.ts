/**
 * Search criteria for `GET /{module}/search?criteria=…`. Zoho reads `(field:operator:value)`
 * groups joined by `and`/`or`; inside a value, `(`, `)`, `,` and `\` must be escaped with a
 * backslash (the HTTP client then URL-encodes the whole string).
 */

export type CriteriaOperator =
	| 'equals'
	| 'not_equal'
	| 'starts_with'
	| 'in'
	| 'not_in'
	| 'greater_than'
	| 'greater_equal'
	| 'less_than'
	| 'less_equal'
	| 'between';

export interface CriteriaCondition {
	field: string;
	operator: CriteriaOperator;
	/** For `in`/`not_in` a list of values; for `between` two values. */
	value: string | string[];
}

/** Escapes one value: backslash first, so the escapes it adds are not doubled. */
export function escapeCriteriaValue(value: string): string {
	return value.replace(/[\\(),]/g, (character) => `\\${character}`);
}

function formatValue(condition: CriteriaCondition): string {
	const values = Array.isArray(condition.value) ? condition.value : [condition.value];
	// Lists are comma-separated, so each element is escaped on its own.
	return values.map(escapeCriteriaValue).join(',');
}

export function formatCondition(condition: CriteriaCondition): string {
	if (!/^[A-Za-z0-9_$.]+$/.test(condition.field)) {
		throw new Error(`"${condition.field}" is not a Zoho field API name`);
	}
	return `(${condition.field}:${condition.operator}:${formatValue(condition)})`;
}

/** `(A)` for one condition, `((A)and(B)…)` for several. */
export function buildCriteria(conditions: CriteriaCondition[], groupOperator: 'and' | 'or' = 'and'): string {
	if (conditions.length === 0) throw new Error('Search criteria need at least one condition');
	const parts = conditions.map(formatCondition);
	return parts.length === 1 ? parts[0] : `(${parts.join(groupOperator)})`;
}
