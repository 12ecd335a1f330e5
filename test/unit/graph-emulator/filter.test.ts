/** OData $filter as the local Graph server reads it. */
import { canonicalPropertyIds, formatPropertyId, parsePropertyId } from '../../emulators/graph/resources/extended';
import { filterProperties, matchesFilter, parseFilter } from '../../emulators/graph/odata/filter';

const row = (values: Record<string, unknown>) => ({ get: (name: string) => values[name] });
const matches = (filter: string, values: Record<string, unknown>) => matchesFilter(canonicalPropertyIds(parseFilter(filter)), row(values));

describe('$filter', () => {
	const contact = {
		surname: "O'Neill",
		givenName: 'Zoë',
		birthday: '1990-05-15T11:59:00Z',
		start: { dateTime: '2031-03-17T08:00:00.0000000', timeZone: 'UTC' },
		emailAddresses: [{ address: 'Tom@Example.org' }],
		singleValueExtendedProperties: [{ id: 'String {6f1e9a52-3c1d-4b7e-9f0a-2d8c5e4b7a31} Name SyncId', value: '3141592653589793238' }],
	};

	it('compares strings without case, dates as instants, and reads lambdas over collections', () => {
		expect(matches("surname eq 'o''neill'", contact)).toBe(true);
		expect(matches("givenName eq 'Zoë' and surname ne 'x'", contact)).toBe(true);
		expect(matches('birthday ge 1990-05-15T00:00:00Z and birthday lt 1990-05-16', contact)).toBe(true);
		expect(matches("start/dateTime ge '2031-03-17T08:00:00' and start/dateTime lt '2031-03-17T08:00:01'", contact)).toBe(true);
		expect(matches("emailAddresses/any(a:a/address eq 'tom@example.org')", contact)).toBe(true);
		expect(matches("not (startswith(surname, 'O') or contains(givenName, 'x'))", contact)).toBe(false);
	});

	it('finds an extended property by id and value whatever case or hex spelling the id has', () => {
		const id = 'String {6F1E9A52-3C1D-4B7E-9F0A-2D8C5E4B7A31} Name SyncId';
		expect(matches(`singleValueExtendedProperties/Any(ep: ep/id eq '${id}' and ep/value eq '3141592653589793238')`, contact)).toBe(true);
		expect(matches(`singleValueExtendedProperties/Any(ep: ep/id eq '${id}' and ep/value eq '3141592653589793239')`, contact)).toBe(false);
		expect(formatPropertyId(parsePropertyId('Integer 0xe07'))).toBe('Integer 0x0E07');
		expect(formatPropertyId({ DistinguishedPropertySetId: 'PublicStrings', PropertyName: 'x', PropertyType: 'String' })).toBe('String {00020329-0000-0000-c000-000000000046} Name x');
	});

	it('names the properties it reads and refuses what it cannot parse', () => {
		expect(filterProperties(parseFilter("singleValueExtendedProperties/any(ep: ep/id eq 'x') or surname eq 'y'"))).toEqual(['singleValueExtendedProperties', 'surname']);
		expect(() => parseFilter("surname eq 'unterminated")).toThrow('Invalid filter clause');
		expect(() => parseFilter('surname eq')).toThrow('Invalid filter clause');
		expect(() => parsePropertyId('String SyncId')).toThrow('PropertyId values may only be in one of the following formats');
	});
});
