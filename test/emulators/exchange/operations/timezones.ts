/**
 * GetServerTimeZones (getservertimezones-operation): the zones the server knows, all of them or
 * the Ids asked for, as full definitions unless ReturnFullTimeZoneData is false.
 */
import type { OperationContext } from '../context';
import { responseMessages } from '../soap';
import { serverTimeZoneIds, timeZoneDefinition, timeZoneName } from '../timezones';
import { child, children, isTrue, raw, writeNode, xml, type RawXml, type XNode } from '../xml';

export function getServerTimeZones(_context: OperationContext, operation: XNode): RawXml {
	const full = operation.attrs.ReturnFullTimeZoneData === undefined || isTrue(operation.attrs.ReturnFullTimeZoneData);
	const known = serverTimeZoneIds();
	const asked = child(operation, 'Ids') ? children(child(operation, 'Ids')).map((id) => id.text.trim()) : known;
	// Ids the server does not know are left out (the answer lists the zones it has).
	const ids = asked.filter((id) => known.includes(id));
	const definitions = ids.map((id) => raw(writeNode(full ? timeZoneDefinition('TimeZoneDefinition', id) : timeZoneName('TimeZoneDefinition', id))));
	return responseMessages('GetServerTimeZones', [[xml('m:TimeZoneDefinitions', {}, definitions)]]);
}
