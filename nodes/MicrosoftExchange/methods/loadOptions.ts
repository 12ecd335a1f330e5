import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { exchangeTransport } from '../transport';

/** Mail folders of the mailbox named in the node (or the account's own), for folder pickers. */
export async function getFolders(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const transport = await exchangeTransport(this);
	const mailbox = String(this.getCurrentNodeParameter('mailbox') ?? '').trim() || undefined;
	const folders = await transport.listFolders(mailbox);
	return folders.map((folder) => ({ name: folder.path, value: folder.id }));
}
