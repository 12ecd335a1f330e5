/** CreateAttachment and GetAttachment. */
import { perElement, resolveItem, type OperationContext } from '../context';
import { attachmentXml, decodeAttachmentId } from '../items';
import { EwsError, responseMessages } from '../soap';
import { child, children, cloneNode, type RawXml, type XNode, xml } from '../xml';

export function createAttachment(context: OperationContext, operation: XNode): RawXml {
	const parent = perElement(() => resolveItem(context, child(operation, 'ParentItemId')!));
	const outcomes = children(child(operation, 'Attachments')).map((attachment) =>
		perElement(() => {
			if (parent instanceof EwsError) throw parent;
			parent.attachments.push(cloneNode(attachment));
			context.store.updated(parent);
			const ids = { RootItemId: parent.id, RootItemChangeKey: parent.changeKey };
			return [xml('m:Attachments', {}, attachmentXml(parent, parent.attachments.length - 1, false, ids))];
		}),
	);
	return responseMessages('CreateAttachment', outcomes);
}

export function getAttachment(context: OperationContext, operation: XNode): RawXml {
	const outcomes = children(child(operation, 'AttachmentIds')).map((idNode) =>
		perElement(() => {
			const decoded = decodeAttachmentId(idNode.attrs.Id ?? '');
			if (!decoded) throw new EwsError('ErrorInvalidIdMalformed', 'Id is malformed.');
			const item = resolveItem(context, { name: 'ItemId', attrs: { Id: decoded.itemId }, children: [], text: '' });
			if (!item.attachments[decoded.index]) throw new EwsError('ErrorItemNotFound', 'The attachment was not found.');
			return [xml('m:Attachments', {}, attachmentXml(item, decoded.index, true))];
		}),
	);
	return responseMessages('GetAttachment', outcomes);
}
