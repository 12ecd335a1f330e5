/** The SOAP operations this server answers, by the name of the element inside soap:Body. */
import type { OperationContext } from '../context';
import type { RawXml, XNode } from '../xml';
import { getUserAvailability } from './availability';
import { createAttachment, getAttachment } from './attachments';
import { convertId, resolveNames } from './directory';
import { createFolder, findFolder, getFolder, syncFolderHierarchy } from './folders';
import { copyItem, createItem, deleteItem, findItem, getItem, moveItem, sendItem, updateItem } from './items';
import { syncFolderItems } from './sync';

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
	SyncFolderItems: syncFolderItems,
	GetFolder: getFolder,
	FindFolder: findFolder,
	CreateFolder: createFolder,
	SyncFolderHierarchy: syncFolderHierarchy,
	ResolveNames: resolveNames,
	ConvertId: convertId,
	GetUserAvailability: getUserAvailability,
	Subscribe: (context, operation) => context.notifications.subscribe(context, operation),
	GetEvents: (context, operation) => context.notifications.getEvents(context, operation),
	Unsubscribe: (context, operation) => context.notifications.unsubscribe(context, operation),
};
