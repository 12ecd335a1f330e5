import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { locatorFields } from '../../descriptions/common.description';
import { updateItems } from '../../helpers/itemOperations';
import { messageType } from '../../helpers/itemTypes/message';
import type { ExchangeTransport } from '../../transport';

/** Mark read / unread: an update of `isRead` only, batched like any update. */
export function readStateDescription(operation: string): INodeProperties[] {
	return locatorFields('message', [operation], 'message', false);
}

export async function setReadState(this: IExecuteFunctions, transport: ExchangeTransport, itemIndexes: number[], isRead: boolean) {
	return await updateItems.call(this, transport, itemIndexes, { ...messageType, fieldsFromParameters: () => ({ isRead }) });
}
