import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { locatorFields } from '../../descriptions/common.description';
import { updateItems } from '../../transport/ews/itemOperations';
import { messageKind } from '../../transport/ews/messageMapping';
import type { ExchangeSession } from '../../transport/ews/session';

/** Mark read / unread: an update of `isRead` only, batched like any update. */
export function readStateDescription(operation: string): INodeProperties[] {
	return locatorFields('message', [operation], 'message', false);
}

export async function setReadState(this: IExecuteFunctions, session: ExchangeSession, itemIndexes: number[], isRead: boolean) {
	return await updateItems.call(this, session, itemIndexes, { ...messageKind, fieldsFromParameters: () => ({ isRead }) });
}
