import { FolderId, WellKnownFolderName } from 'ews-javascript-api';
import type { BodyType, ExchangeService, Item, MessageDisposition, PropertyDefinitionBase, SearchFilter } from 'ews-javascript-api';
import type { IDataObject } from 'n8n-workflow';
import type { AnyItemType, ItemTypeName } from '../../helpers/itemTypes';
import type { FolderRef } from '../index';
import { contactMapping } from './contactMapping';
import { eventMapping } from './eventMapping';
import { messageMapping, sentMessageMapping } from './messageMapping';
import type { ExchangeSession } from './session';
import { taskMapping } from './taskMapping';

/**
 * How one item type maps to and from the client's objects: where its items live, how an item
 * becomes the type's JSON shape and how the shape's fields are written onto an item.
 */
export interface EwsItemMapping<TItem extends Item = Item> {
	folder: WellKnownFolderName;
	newItem(service: ExchangeService): TItem;
	toShape(item: TItem, mailbox: string): object;
	/** Writes fields onto an item; `undefined` leaves a field alone, `null` clears it. */
	applyFields(item: TItem, fields: IDataObject): void;
	/** Properties "search text" looks in. */
	searchProperties: PropertyDefinitionBase[];
	/** Restricts FindItem to this type in folders that hold others too (contacts vs. groups). */
	itemClass?: string;
	/** Restrictions for type-specific get-many filters (an event's date window). */
	extraRestrictions?(filters: IDataObject): SearchFilter[];
	/** How CreateItem stores the item (messages: SaveOnly into Drafts). */
	createDisposition?: MessageDisposition;
	/** Where create puts new items, when not `folder` (messages: Drafts). */
	createFolder?: WellKnownFolderName;
	/** Body format to read (default plain text; messages keep HTML). */
	bodyType?: BodyType;
}

const MAPPINGS: Record<ItemTypeName, EwsItemMapping<any>> = {
	contact: contactMapping,
	task: taskMapping,
	event: eventMapping,
	message: messageMapping,
	sentMessage: sentMessageMapping,
};

export function mappingOf(type: AnyItemType): EwsItemMapping<any> {
	return MAPPINGS[type.name];
}

/** A shape of an item read with the mapping, as plain JSON. */
export function shapeOf(mapping: EwsItemMapping<any>, item: Item, mailbox: string): IDataObject {
	return mapping.toShape(item, mailbox) as IDataObject;
}

const WELL_KNOWN_FOLDERS: Record<string, WellKnownFolderName> = {
	inbox: WellKnownFolderName.Inbox,
	sentitems: WellKnownFolderName.SentItems,
	drafts: WellKnownFolderName.Drafts,
	deleteditems: WellKnownFolderName.DeletedItems,
	junkemail: WellKnownFolderName.JunkEmail,
};

/** The client's folder id for a folder reference; `fallback` when there is none. */
export function folderId(
	session: ExchangeSession,
	folder: FolderRef | undefined,
	fallback: WellKnownFolderName,
	mailbox?: string,
): FolderId {
	if (!folder) return session.folder(fallback, mailbox);
	if ('id' in folder) return new FolderId(folder.id);
	return session.folder(WELL_KNOWN_FOLDERS[folder.wellKnown] ?? WellKnownFolderName.Inbox, mailbox);
}
