import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { ExchangeSession } from '../transport/ews/session';
import { listFolders } from '../transport/ews/folders';

/** Mail folders of the mailbox named in the node (or the account's own), for folder pickers. */
export async function getFolders(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const session = await ExchangeSession.fromContext(this);
	const mailbox = String(this.getCurrentNodeParameter('mailbox') ?? '').trim() || undefined;
	const folders = await listFolders(session, mailbox);
	return folders.map((folder) => ({ name: folder.path, value: folder.id }));
}
