import type { IBinaryKeyData, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { BasePropertySet, EmailMessage, FileAttachment, ItemId, ItemSchema, PropertySet } from 'ews-javascript-api';
import { mailboxOf } from '../../transport/ews/itemOperations';
import type { ItemResult } from '../../helpers/results';
import type { ExchangeSession } from '../../transport/ews/session';
import { getOperation } from '../itemOperation';
import { messageSpec } from './fields';

const read = getOperation(messageSpec);

export const description: INodeProperties[] = [
	...read.description,
	{
		displayName: 'Download Attachments',
		name: 'downloadAttachments',
		type: 'boolean',
		default: false,
		description: 'Whether to put the file attachments into binary properties attachment_0, attachment_1, …',
		displayOptions: { show: { resource: ['message'], operation: ['get'] } },
	},
];

/** Loads a message's file attachments (one GetItem for the list, one GetAttachment for all). */
async function attachmentsOf(
	context: IExecuteFunctions,
	session: ExchangeSession,
	mailbox: string | undefined,
	id: string,
	itemIndex: number,
): Promise<IBinaryKeyData> {
	const files = await session.call(
		mailbox,
		async (service) => {
			const message = await EmailMessage.Bind(service, new ItemId(id), new PropertySet(BasePropertySet.IdOnly, [ItemSchema.Attachments]));
			const attachments = message.Attachments.GetEnumerator().filter((attachment): attachment is FileAttachment => attachment instanceof FileAttachment);
			if (attachments.length) await service.GetAttachments(attachments, null as never, []);
			return attachments;
		},
		itemIndex,
	);
	const binary: IBinaryKeyData = {};
	for (const [position, file] of files.entries()) {
		binary[`attachment_${position}`] = await context.helpers.prepareBinaryData(
			Buffer.from(file.Base64Content ?? '', 'base64'),
			file.Name,
			file.ContentType || undefined,
		);
	}
	return binary;
}

export async function execute(this: IExecuteFunctions, session: ExchangeSession, itemIndexes: number[]): Promise<ItemResult[]> {
	const results = await read.execute.call(this, session, itemIndexes);
	for (const result of results) {
		const item = result.items?.[0];
		if (!item || !this.getNodeParameter('downloadAttachments', result.itemIndex, false) || !item.json.hasAttachments) continue;
		try {
			item.binary = await attachmentsOf(this, session, mailboxOf(this, result.itemIndex), String(item.json.id), result.itemIndex);
		} catch (error) {
			result.items = undefined;
			result.error = error as Error;
		}
	}
	return results;
}
