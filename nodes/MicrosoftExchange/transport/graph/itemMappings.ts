import type { IDataObject } from 'n8n-workflow';
import type { AnyItemType, ItemTypeName } from '../../helpers/itemTypes';
import type { FolderRef } from '../index';
import type { GraphRequest } from './client';
import { contactMapping } from './contactMapping';
import { messageMapping, sentMessageMapping } from './messageMapping';
import { eventMapping } from './eventMapping';
import { taskMapping } from './taskMapping';

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
	/** Whether Graph sends apps change notifications for the type's collection (not for To Do tasks). */
	changeNotifications?: boolean;
	/** `$expand` that brings every extended property the shape needs. */
	expand: string;
	/**
	 * Whether a create's or update's answer is the whole item apart from its extended properties,
	 * which are then the ones it held with the ones written: the item is not read again after a
	 * write (each read is a Graph request counted against the mailbox's limit).
	 */
	wholeWriteAnswers?: boolean;
	fromGraph(entity: IDataObject, mailbox: string): IDataObject;
	/** The body that writes `fields` onto an item whose current shape is `current` (absent: a new item). */
	toGraph(fields: IDataObject, current?: IDataObject): IDataObject;
	/** Properties "search text" matches the start of. */
	searchProperties: string[];
	/** The item's action for each delete mode beside DELETE (Move to Deleted Items); a mode without one cannot be made over Graph. */
	deleteActions?: Partial<Record<'softDelete' | 'hardDelete', { action: string; body?: IDataObject }>>;
	/** Whether items move between mail folders (`POST …/move`). */
	movable?: boolean;
	/** `$select` of reads, where a property the shape needs comes only when selected. */
	select?: string;
	/** The Prefer header of reads (e.g. the zone answers give times in). */
	prefer?: string;
	/** `$filter` clauses for the type's own find filters (events: endsAfter, startsBefore, recurringOnly; messages: unreadOnly). */
	findClauses?(filters: IDataObject): string[];
	/**
	 * Delta through a view of the collection (events: calendarView/delta, a window of occurrences,
	 * graph/eventDelta.ts) instead of the collection's own delta; `itemIdOf` names the item an entry stands for.
	 */
	delta?: {
		viewPath(userPath: string, folder?: FolderRef): string | undefined;
		/** The window the first round's delta covers, in days before and after it. */
		window: { pastDays: number; futureDays: number };
		itemIdOf(entry: IDataObject): string;
	};
	/** Why this write would mail people although the node's notification value (`mode`) says not to, which Graph cannot honour; undefined when it may go. */
	mailRefusal?(kind: 'create' | 'update' | 'delete', mode: string | undefined, body: IDataObject, current?: IDataObject): string | undefined;
	/**
	 * The extended property ids of the sync id and of the CRM record id; absent when the link is no
	 * extended property (To Do tasks keep it in a linked resource, which Graph cannot filter on):
	 * finds by sync id or CRM record id then read the collection and match the shapes here.
	 */
	syncIdProperty?: string;
	crmRecordIdProperty?: string;
	/** The collection when no folder is given and it must be looked up (To Do's default list has no alias). */
	defaultCollection?: {
		listsPath(userPath: string): string;
		pick(lists: IDataObject[]): IDataObject | undefined;
		path(userPath: string, list: IDataObject): string;
	};
	/** The id the shape reports for an entity's Graph id read at `path` (To Do tasks carry their list); absent: the Graph id. */
	scopedId?(graphId: string, path: string): string;
	/** The request beyond the PATCH that writes the link fields of `fields` onto the entity at `itemPath` (To Do task links are their own resource). */
	linkWrite?(fields: IDataObject, entity: IDataObject, itemPath: string): GraphRequest | undefined;
}

const MAPPINGS: Partial<Record<ItemTypeName, GraphItemMapping>> = {
	contact: contactMapping,
	message: messageMapping,
	sentMessage: sentMessageMapping,
	event: eventMapping,
	task: taskMapping,
};

/** The type's mapping, or undefined when the type is not carried over Graph yet. */
export function graphMappingOf(type: AnyItemType): GraphItemMapping | undefined {
	return MAPPINGS[type.name];
}
