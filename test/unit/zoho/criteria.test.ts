import { buildCriteria, escapeCriteriaValue, formatCondition } from '../../../nodes/ZohoCrm/transport/criteria';

describe('search criteria', () => {
	it('escapes parentheses, commas and backslashes in values', () => {
		expect(escapeCriteriaValue('Smith, (Jr.)')).toBe('Smith\\, \\(Jr.\\)');
		expect(escapeCriteriaValue('C:\\temp')).toBe('C:\\\\temp');
		// A backslash before a comma is escaped once, and the comma once: no double escaping.
		expect(escapeCriteriaValue('a\\,b')).toBe('a\\\\\\,b');
		expect(escapeCriteriaValue('plain')).toBe('plain');
	});

	it('builds one condition without an outer group', () => {
		expect(buildCriteria([{ field: 'Email', operator: 'equals', value: 'a@b.test' }])).toBe('(Email:equals:a@b.test)');
	});

	it('joins several conditions with the group operator inside one outer group', () => {
		const criteria = buildCriteria(
			[
				{ field: 'Last_Name', operator: 'equals', value: "O'Neill & Sons (Ltd), Dublin" },
				{ field: 'Exchange_Sync_Id', operator: 'equals', value: 'x' },
			],
			'or',
		);
		expect(criteria).toBe("((Last_Name:equals:O'Neill & Sons \\(Ltd\\)\\, Dublin)or(Exchange_Sync_Id:equals:x))");
	});

	it('escapes each value of a list but keeps the separating commas', () => {
		expect(formatCondition({ field: 'City', operator: 'in', value: ['Paris', 'Rome, Italy'] })).toBe(
			'(City:in:Paris,Rome\\, Italy)',
		);
	});

	it('rejects field names that could break out of the condition', () => {
		expect(() => formatCondition({ field: 'Email)or(id', operator: 'equals', value: 'x' })).toThrow(/API name/);
		expect(() => buildCriteria([])).toThrow(/at least one/);
	});
});
