import type { IBinaryKeyData, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { mailboxOf } from '../../helpers/itemOperations';
import type { ItemResult } from '../../helpers/results';
import type { ExchangeTransport } from '../../transport';
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

/** A message's file attachments as binary properties attachment_0, attachment_1, … */
async function attachmentsOf(
	context: IExecuteFunctions,
	transport: ExchangeTransport,
	mailbox: string | undefined,
	id: string,
	itemIndex: number,
): Promise<IBinaryKeyData> {
	const files = await transport.getAttachments(mailbox, id, itemIndex);
	const binary: IBinaryKeyData = {};
	for (const [position, file] of files.entries()) {
		binary[`attachment_${position}`] = await context.helpers.prepareBinaryData(
			Buffer.from(file.base64, 'base64'),
			file.fileName,
			file.contentType,
		);
	}
	return binary;
}

export async function execute(this: IExecuteFunctions, transport: ExchangeTransport, itemIndexes: number[]): Promise<ItemResult[]> {
	const results = await read.execute.call(this, transport, itemIndexes);
	for (const result of results) {
		const item = result.items?.[0];
		if (!item || !this.getNodeParameter('downloadAttachments', result.itemIndex, false) || !item.json.hasAttachments) continue;
		try {
			item.binary = await attachmentsOf(this, transport, mailboxOf(this, result.itemIndex), String(item.json.id), result.itemIndex);
		} catch (error) {
			result.items = undefined;
			result.error = error as Error;
		}
	}
	return results;
}
