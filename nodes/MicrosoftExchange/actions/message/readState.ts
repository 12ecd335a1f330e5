import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { locatorFields } from '../../descriptions/common.description';
import { updateItems } from '../../helpers/itemOperations';
import { messageKind } from '../../helpers/messageMapping';
import type { ExchangeSession } from '../../transport/session';

/** Mark read / unread: an update of `isRead` only, batched like any update. */
export function readStateDescription(operation: string): INodeProperties[] {
	return locatorFields('message', [operation], 'message', false);
}

export async function setReadState(this: IExecuteFunctions, session: ExchangeSession, itemIndexes: number[], isRead: boolean) {
	return await updateItems.call(this, session, itemIndexes, { ...messageKind, fieldsFromParameters: () => ({ isRead }) });
}
