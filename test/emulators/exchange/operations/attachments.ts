/** CreateAttachment, GetAttachment and DeleteAttachment. */
import { perElement, resolveItem, type OperationContext } from '../context';
import { addAttachment, attachmentXml, decodeAttachmentId } from '../items';
import { EwsError, responseMessages } from '../soap';
import type { StoredItem } from '../store';
import { child, children, type RawXml, type XNode, xml } from '../xml';

export function createAttachment(context: OperationContext, operation: XNode): RawXml {
	const parent = perElement(() => resolveItem(context, child(operation, 'ParentItemId')!));
	const outcomes = children(child(operation, 'Attachments')).map((attachment) =>
		perElement(() => {
			if (parent instanceof EwsError) throw parent;
			addAttachment(parent.attachments, attachment);
			context.store.updated(parent);
			const ids = { RootItemId: parent.id, RootItemChangeKey: parent.changeKey };
			return [xml('m:Attachments', {}, attachmentXml(parent, parent.attachments.length - 1, false, ids))];
		}),
	);
	return responseMessages('CreateAttachment', outcomes);
}

/** The item and position of the attachment an AttachmentId names, or the error Exchange answers. */
function attachmentOf(context: OperationContext, idNode: XNode): { item: StoredItem; index: number } {
	const found = decodeAttachmentId(idNode.attrs.Id ?? '', (itemId) => resolveItem(context, { name: 'ItemId', attrs: { Id: itemId }, children: [], text: '' }));
	if (!found) throw new EwsError('ErrorInvalidIdMalformed', 'Id is malformed.');
	if (found.index < 0) throw new EwsError('ErrorItemNotFound', 'The attachment was not found.');
	return found;
}

export function getAttachment(context: OperationContext, operation: XNode): RawXml {
	const outcomes = children(child(operation, 'AttachmentIds')).map((idNode) =>
		perElement(() => {
			const { item, index } = attachmentOf(context, idNode);
			return [xml('m:Attachments', {}, attachmentXml(item, index, true))];
		}),
	);
	return responseMessages('GetAttachment', outcomes);
}

export function deleteAttachment(context: OperationContext, operation: XNode): RawXml {
	const outcomes = children(child(operation, 'AttachmentIds')).map((idNode) =>
		perElement(() => {
			const { item, index } = attachmentOf(context, idNode);
			item.attachments.splice(index, 1);
			context.store.updated(item);
			return [xml('m:RootItemId', { RootItemId: item.id, RootItemChangeKey: item.changeKey })];
		}),
	);
	return responseMessages('DeleteAttachment', outcomes);
}
