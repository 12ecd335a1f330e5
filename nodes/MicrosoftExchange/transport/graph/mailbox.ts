import type { IDataObject } from 'n8n-workflow';
import type { Attachment, FolderInfo, OutgoingMessage } from '../index';
import type { GraphRequest } from './client';
import { messageToGraph } from './messageMapping';

/**
 * Mail beyond items (sending, attachments) and the mailbox's directory and folders over Graph,
 * in the shapes the EWS transport answers (transport/ews/mail.ts, folders.ts, ResolveNames).
 */

/** Every entry of a collection, all pages. */
export type ReadPages = (request: GraphRequest) => Promise<IDataObject[]>;

/** The Graph message of an outgoing message, its file attachments inline. */
export function outgoingMessage(message: OutgoingMessage): IDataObject {
	return {
		...messageToGraph(message.fields),
		attachments: message.attachments.map((attachment) => ({
			'@odata.type': '#microsoft.graph.fileAttachment',
			name: attachment.fileName,
			...(attachment.contentType ? { contentType: attachment.contentType } : {}),
			contentBytes: attachment.base64,
		})),
	};
}

/** A message's file attachments, with their content (item attachments are left out, as over EWS). */
export async function fileAttachments(pages: ReadPages, messagePath: string): Promise<Attachment[]> {
	const attachments = await pages({ method: 'GET', path: `${messagePath}/attachments` });
	return attachments
		.filter((attachment) => attachment['@odata.type'] === '#microsoft.graph.fileAttachment')
		.map((attachment) => ({
			fileName: String(attachment.name ?? ''),
			contentType: typeof attachment.contentType === 'string' && attachment.contentType ? attachment.contentType : undefined,
			base64: String(attachment.contentBytes ?? ''),
		}));
}

/** An OData string literal. */
export const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;
const startsWithAny = (properties: string[], text: string) => properties.map((property) => `startswith(${property},${literal(text)})`).join(' or ');

/**
 * Names resolved as EWS's ResolveNames (directory, then the mailbox's contacts) answers them:
 * users whose name or address starts with the text, then contacts whose name does.
 */
export async function resolveNames(pages: ReadPages, userPath: string, name: string): Promise<IDataObject[]> {
	const text = name.replace(/^smtp:/i, '').trim();
	const users = await pages({
		method: 'GET',
		path: '/users',
		query: { $filter: startsWithAny(['displayName', 'givenName', 'surname', 'mail', 'userPrincipalName'], text), $select: 'displayName,mail,userPrincipalName' },
	});
	const contacts = await pages({
		method: 'GET',
		path: `${userPath}/contacts`,
		query: { $filter: startsWithAny(['displayName', 'givenName', 'surname'], text), $select: 'displayName,emailAddresses' },
	});
	return [
		...users.map((user) => ({ name: user.displayName ?? null, email: user.mail ?? user.userPrincipalName ?? null, routingType: 'SMTP', mailboxType: 'Mailbox' })),
		...contacts.map((contact) => {
			const email = ((contact.emailAddresses ?? []) as IDataObject[])[0]?.address ?? null;
			return { name: contact.displayName || email, email, routingType: 'SMTP', mailboxType: 'Contact' };
		}),
	];
}

interface FolderSource {
	/** The first level's collection and each folder's children's. */
	top: string;
	children?: (id: string) => string;
	folderClass: string;
	name: (entry: IDataObject) => string;
	count?: (entry: IDataObject) => number | null;
	childCount?: (entry: IDataObject) => number | null;
	/** The path the first level's folders sit below ('' for the root). */
	under: string;
}

/** The folders of one kind, their children included, with paths. */
async function foldersOf(pages: ReadPages, source: FolderSource): Promise<FolderInfo[]> {
	const folders: FolderInfo[] = [];
	const visit = async (path: string, prefix: string, parentId: string | null) => {
		for (const entry of await pages({ method: 'GET', path, query: { $top: '100' } })) {
			const displayName = source.name(entry);
			const folder: FolderInfo = {
				id: String(entry.id),
				displayName,
				path: prefix ? `${prefix}/${displayName}` : displayName,
				folderClass: source.folderClass,
				totalCount: source.count?.(entry) ?? null,
				childFolderCount: source.childCount?.(entry) ?? null,
				parentId: typeof entry.parentFolderId === 'string' && entry.parentFolderId ? entry.parentFolderId : parentId,
			};
			folders.push(folder);
			// Mail folders say how many children they have; other folders are asked.
			if (source.children && folder.childFolderCount !== 0) await visit(source.children(folder.id), folder.path, folder.id);
		}
	};
	await visit(source.top, source.under, null);
	return folders;
}

/**
 * The mailbox's folders as EWS lists them (FolderInfo): mail folders with their child folders,
 * the contact folders below Contacts, the calendars and the To Do task lists.
 */
export async function listFolders(pages: ReadPages, userPath: string): Promise<FolderInfo[]> {
	const byId = (kind: string) => (id: string) => `${userPath}/${kind}/${encodeURIComponent(id)}/childFolders`;
	const mail = await foldersOf(pages, {
		top: `${userPath}/mailFolders`,
		children: byId('mailFolders'),
		folderClass: 'IPF.Note',
		name: (entry) => String(entry.displayName ?? ''),
		count: (entry) => (typeof entry.totalItemCount === 'number' ? entry.totalItemCount : null),
		childCount: (entry) => (typeof entry.childFolderCount === 'number' ? entry.childFolderCount : null),
		under: '',
	});
	const contacts = await foldersOf(pages, {
		top: `${userPath}/contactFolders`,
		children: byId('contactFolders'),
		folderClass: 'IPF.Contact',
		name: (entry) => String(entry.displayName ?? ''),
		under: 'Contacts',
	});
	const calendars = await foldersOf(pages, { top: `${userPath}/calendars`, folderClass: 'IPF.Appointment', name: (entry) => String(entry.name ?? ''), under: '' });
	const taskLists = await foldersOf(pages, { top: `${userPath}/todo/lists`, folderClass: 'IPF.Task', name: (entry) => String(entry.displayName ?? ''), under: '' });
	return [...mail, ...contacts, ...calendars, ...taskLists];
}
