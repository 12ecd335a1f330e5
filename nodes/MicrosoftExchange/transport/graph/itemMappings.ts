import type { IDataObject } from 'n8n-workflow';
import type { AnyItemType, ItemTypeName } from '../../helpers/itemTypes';
import type { FolderRef } from '../index';
import { contactMapping } from './contactMapping';
import { messageMapping, sentMessageMapping } from './messageMapping';

/**
 * How one item type maps to and from Graph's resources: where its items live, how a Graph entity
 * becomes the type's JSON shape (the same JSON the EWS transport gives) and how the shape's
 * fields become a Graph body. The transport's create, get, update, delete, find and delta logic is
 * shared by every type that has a mapping; a type without one is not carried over Graph yet.
 */
export interface GraphItemMapping {
	/** The word errors use for one item ("contact"). */
	noun: string;
	/**
	 * The collection new items go to and finds and delta read (`userPath` is `/users/{mailbox}`);
	 * undefined when the folder cannot hold this type.
	 */
	collectionPath(userPath: string, folder?: FolderRef): string | undefined;
	itemPath(userPath: string, id: string): string;
	/** Where new items go, when not `collectionPath` (messages: Drafts, sent copies: Sent Items). */
	createPath?(userPath: string, folder?: FolderRef): string | undefined;
	/** `$expand` that brings every extended property the shape needs. */
	expand: string;
	fromGraph(entity: IDataObject, mailbox: string): IDataObject;
	/** The body that writes `fields` onto an item whose current shape is `current` (absent: a new item). */
	toGraph(fields: IDataObject, current?: IDataObject): IDataObject;
	/** Properties "search text" matches the start of. */
	searchProperties: string[];
	/** `$filter` clauses for type-specific get-many filters (messages: unread only). */
	extraFilters?(filters: IDataObject): string[];
	/** Whether items move between mail folders (`POST …/move`). */
	movable?: boolean;
	/** The extended property ids of the sync id and of the CRM record id. */
	syncIdProperty: string;
	crmRecordIdProperty: string;
}

const MAPPINGS: Partial<Record<ItemTypeName, GraphItemMapping>> = {
	contact: contactMapping,
	message: messageMapping,
	sentMessage: sentMessageMapping,
};

/** The type's mapping, or undefined when the type is not carried over Graph yet. */
export function graphMappingOf(type: AnyItemType): GraphItemMapping | undefined {
	return MAPPINGS[type.name];
}
