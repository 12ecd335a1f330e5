/** The SOAP operations this server answers, by the name of the element inside soap:Body. */
import type { OperationContext } from '../context';
import type { RawXml, XNode } from '../xml';
import { getUserAvailability } from './availability';
import { createAttachment, deleteAttachment, getAttachment } from './attachments';
import { convertId, getRoomLists, resolveNames } from './directory';
import { createFolder, deleteFolder, emptyFolder, findFolder, getFolder, moveFolder, syncFolderHierarchy, updateFolder } from './folders';
import { copyItem, createItem, deleteItem, findItem, getItem, moveItem, sendItem, updateItem } from './items';
import { syncFolderItems } from './sync';
import { getServerTimeZones } from './timezones';

export type OperationHandler = (context: OperationContext, operation: XNode) => RawXml;

export const OPERATIONS: Record<string, OperationHandler> = {
	FindItem: findItem,
	GetItem: getItem,
	CreateItem: createItem,
	UpdateItem: updateItem,
	DeleteItem: deleteItem,
	MoveItem: moveItem,
	CopyItem: copyItem,
	SendItem: sendItem,
	CreateAttachment: createAttachment,
	GetAttachment: getAttachment,
	DeleteAttachment: deleteAttachment,
	SyncFolderItems: syncFolderItems,
	GetFolder: getFolder,
	FindFolder: findFolder,
	CreateFolder: createFolder,
	UpdateFolder: updateFolder,
	MoveFolder: moveFolder,
	DeleteFolder: deleteFolder,
	EmptyFolder: emptyFolder,
	SyncFolderHierarchy: syncFolderHierarchy,
	ResolveNames: resolveNames,
	ConvertId: convertId,
	GetRoomLists: getRoomLists,
	GetUserAvailability: getUserAvailability,
	GetServerTimeZones: getServerTimeZones,
	Subscribe: (context, operation) => context.notifications.subscribe(context, operation),
	GetEvents: (context, operation) => context.notifications.getEvents(context, operation),
	Unsubscribe: (context, operation) => context.notifications.unsubscribe(context, operation),
};
