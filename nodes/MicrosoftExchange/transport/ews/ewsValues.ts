import { DateTime as LuxonDateTime } from 'luxon';
import {
	BasePropertySet,
	BodyType,
	DateTime,
	ExtendedPropertyDefinition,
	Guid,
	ItemSchema,
	MapiPropertyType,
	MessageBody,
	PropertySet,
	StringList,
} from 'ews-javascript-api';
import type { IOutParam, Item, PropertyDefinitionBase } from 'ews-javascript-api';
import { CRM_RECORD_ID_PROPERTY_NAME, SYNC_ID_PROPERTY_NAME, SYNC_PROPERTY_SET_GUID, SYNC_STATE_PROPERTY_NAME } from '../../helpers/itemShapes';
import type { ExchangeItemBase } from '../../helpers/itemShapes';
import { optionalXmlText, xmlText } from './xml';

/**
 * Reading and writing the values every item type shares (ids, dates, categories, bodies and the
 * sync-link extended properties) between the client's objects and our JSON shapes.
 */

/** A string property in the product's own property set: where every link value is kept. */
const linkProperty = (name: string) => (): ExtendedPropertyDefinition =>
	new ExtendedPropertyDefinition(new Guid(SYNC_PROPERTY_SET_GUID), name, MapiPropertyType.String);

export const syncIdProperty = linkProperty(SYNC_ID_PROPERTY_NAME);
export const syncStateProperty = linkProperty(SYNC_STATE_PROPERTY_NAME);
export const crmRecordIdProperty = linkProperty(CRM_RECORD_ID_PROPERTY_NAME);

/** All first-class properties, the sync link, and bodies as plain text unless asked otherwise. */
export function fullPropertySet(bodyType: BodyType = BodyType.Text, extra: PropertyDefinitionBase[] = []): PropertySet {
	const propertySet = new PropertySet(BasePropertySet.FirstClassProperties, [
		syncIdProperty(),
		syncStateProperty(),
		crmRecordIdProperty(),
		...extra,
	]);
	propertySet.RequestedBodyType = bodyType;
	return propertySet;
}

/** A property the response may or may not carry; the client throws when reading an unloaded one. */
export function property<T>(item: Item, definition: PropertyDefinitionBase): T | undefined {
	const out = { outValue: null } as unknown as IOutParam<T>;
	return item.TryGetProperty<T>(definition, out) && out.outValue !== null && out.outValue !== undefined
		? out.outValue
		: undefined;
}

export function isoDateTime(value: DateTime | undefined | null): string | null {
	if (!value) return null;
	return LuxonDateTime.fromMillis(value.TotalMilliSeconds, { zone: 'utc' }).toISO();
}

/** A date-only value (birthday, task dates): Exchange stores these as a time near midnight UTC. */
export function isoDate(value: DateTime | undefined | null): string | null {
	if (!value) return null;
	return LuxonDateTime.fromMillis(value.TotalMilliSeconds, { zone: 'utc' }).plus({ hours: 12 }).toISODate();
}

export function toEwsDateTime(iso: string): DateTime {
	const parsed = LuxonDateTime.fromISO(iso, { setZone: true });
	if (!parsed.isValid) throw new Error(`"${iso}" is not an ISO 8601 date-time`);
	return new DateTime(parsed.toMillis());
}

/** A yyyy-MM-dd date as midnight UTC, the form Exchange uses for date-only values. */
export function toEwsDate(isoDate: string): DateTime {
	const parsed = LuxonDateTime.fromISO(isoDate, { zone: 'utc' });
	if (!parsed.isValid) throw new Error(`"${isoDate}" is not an ISO 8601 date`);
	return new DateTime(parsed.startOf('day').toMillis());
}

function extendedValue(item: Item, definition: ExtendedPropertyDefinition): string | null {
	const collection = property<{ GetEnumerator(): Array<{ PropertyDefinition: ExtendedPropertyDefinition; Value: unknown }> }>(
		item,
		ItemSchema.ExtendedProperties,
	);
	if (!collection) return null;
	const match = collection
		.GetEnumerator()
		.find(
			(entry) =>
				entry.PropertyDefinition.Name === definition.Name &&
				String(entry.PropertyDefinition.PropertySetId).toLowerCase() === SYNC_PROPERTY_SET_GUID,
		);
	return match && match.Value !== null && match.Value !== undefined ? String(match.Value) : null;
}

export function syncIdOf(item: Item): string | null {
	return extendedValue(item, syncIdProperty());
}

/** The fields every item shape has. */
export function baseFields(item: Item, mailbox: string): ExchangeItemBase {
	const categories = property<StringList>(item, ItemSchema.Categories);
	const list = categories ? categories.GetEnumerator() : [];
	const createdAt = isoDateTime(property<DateTime>(item, ItemSchema.DateTimeCreated));
	const crmRecordId = extendedValue(item, crmRecordIdProperty());
	return {
		id: item.Id.UniqueId,
		changeKey: item.Id.ChangeKey,
		mailbox,
		lastModified: isoDateTime(property<DateTime>(item, ItemSchema.LastModifiedTime)) ?? '',
		...(createdAt ? { createdAt } : {}),
		...(list.length ? { categories: list } : {}),
		syncId: extendedValue(item, syncIdProperty()),
		syncState: extendedValue(item, syncStateProperty()),
		...(crmRecordId ? { crmRecordId } : {}),
	};
}

export function bodyText(item: Item): string | null {
	const body = property<MessageBody>(item, ItemSchema.Body);
	return body?.Text ? body.Text : null;
}

/** Sets or clears the fields every item shape can write: categories, body, sync link. */
export function applyBaseFields(
	item: Item,
	fields: Partial<ExchangeItemBase> & { body?: string | null; notes?: string | null },
	bodyType: BodyType = BodyType.Text,
): void {
	if (fields.categories !== undefined) {
		item.Categories = new StringList((fields.categories ?? []).map((category) => xmlText(category)));
	}
	const body = fields.body !== undefined ? fields.body : fields.notes;
	if (body !== undefined) item.Body = new MessageBody(bodyType, optionalXmlText(body) ?? '');
	if (fields.syncId !== undefined) setExtended(item, syncIdProperty(), fields.syncId);
	if (fields.syncState !== undefined) setExtended(item, syncStateProperty(), fields.syncState);
	if (fields.crmRecordId !== undefined) setExtended(item, crmRecordIdProperty(), fields.crmRecordId);
}

function setExtended(item: Item, definition: ExtendedPropertyDefinition, value: string | null): void {
	if (value === null || value === '') item.RemoveExtendedProperty(definition);
	else item.SetExtendedProperty(definition, xmlText(value));
}
