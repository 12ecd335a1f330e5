/** Mail folders, messages, attachments, move/copy, sending (drafts and sendMail), messages delta. */
import { applyCreationTags, deriveProperties } from '../../exchange/items';
import { deliverMessage } from '../../exchange/mail';
import { sendSaved } from '../../exchange/operations/items';
import { isMessageKind, type ExtendedValue, type Folder, type StoredItem } from '../../exchange/store';
import { element, type XNode } from '../../exchange/xml';
import { badRequest, GraphError, notFound, type GraphResponse } from '../errors';
import type { GraphFront } from '../front';
import { deltaAnswer } from '../delta';
import { PERMISSIONS } from '../permissions';
import { writeExtended } from '../resources/extended';
import { graphFolderId } from '../resources/ids';
import { entityAnswer, jsonCollection, jsonEntity, listAnswer } from '../resources/listing';
import { addFileAttachment, applyMessage, ATTACHMENT_TYPE, attachmentToGraph, findAttachment, MESSAGE_TYPE, messageRepresentation } from '../resources/messages';
import type { RouteContext } from '../router';
import type { Json } from '../resources/common';
import { deleteItem, findFolder, findStored, inDumpster, updateItem } from './items';

const MAIL_FOLDER_TYPE = 'microsoft.graph.mailFolder';
const MESSAGE_KINDS = ['Message', 'MeetingRequest', 'MeetingResponse', 'MeetingCancellation'] as const;

/** The well-known folder names Graph takes where a mail folder id is expected. */
export const WELL_KNOWN_MAIL_FOLDERS: Record<string, string> = Object.fromEntries(
	['inbox', 'drafts', 'sentitems', 'deleteditems', 'junkemail', 'outbox', 'msgfolderroot', 'recoverableitemsdeletions', 'syncissues', 'conflicts', 'localfailures', 'serverfailures'].map((name) => [name, name]),
);

/** What a Graph message body gives: the properties, extended properties and file attachments to store. */
function readMessage(json: Json): { props: Map<string, XNode>; extended: ExtendedValue[]; attachments: XNode[] } {
	const props = new Map<string, XNode>();
	applyMessage(props, json);
	const holder: { extended: ExtendedValue[] } = { extended: [] };
	writeExtended(holder, json);
	const attachments: XNode[] = [];
	for (const attachment of (Array.isArray(json.attachments) ? json.attachments : []) as Json[]) addFileAttachment(attachments, attachment);
	return { props, extended: holder.extended, attachments };
}

function isMailFolder(folder: Folder): boolean {
	return folder.kind === 'Folder' && (folder.folderClass ?? '').startsWith('IPF.Note');
}

export function registerMessageRoutes(front: GraphFront): void {
	const { router, store, model } = front;
	const R = PERMISSIONS.mailRead;
	const W = PERMISSIONS.mailWrite;
	const mailFolder = (context: RouteContext, id = context.params.folder) => findFolder(context, id, WELL_KNOWN_MAIL_FOLDERS);
	const message = (context: RouteContext) => findStored(context, context.params.id, [...MESSAGE_KINDS]);
	const byReceived = (items: StoredItem[]) =>
		items.filter((item) => isMessageKind(item.kind)).sort((a, b) => (b.props.get('DateTimeReceived')?.text ?? '').localeCompare(a.props.get('DateTimeReceived')?.text ?? '') || b.createdSeq - a.createdSeq);

	const folderJson = (folder: Folder) => {
		const items = store.itemsIn(store.mailbox(folder.mailbox)!, folder.id);
		return {
			id: graphFolderId(folder),
			displayName: folder.displayName,
			parentFolderId: folder.parentId ? graphFolderId({ id: folder.parentId } as Folder) : '',
			childFolderCount: store.subfolders(folder, false).length,
			unreadItemCount: items.filter((item) => isMessageKind(item.kind) && item.props.get('IsRead')?.text !== 'true').length,
			totalItemCount: items.length,
			isHidden: false,
		};
	};
	const folderList = (context: RouteContext, parent: Folder): GraphResponse => jsonCollection(context, 'mailFolders', MAIL_FOLDER_TYPE, store.subfolders(parent, false).filter(isMailFolder).map(folderJson));
	router.add('GET', 'users/{user}/mailFolders', 'mailFolders.list', R, (context) => folderList(context, store.distinguished(context.mailbox, 'msgfolderroot')!));
	router.add('GET', 'users/{user}/mailFolders/{folder}/childFolders', 'mailFolders.list', R, (context) => folderList(context, mailFolder(context)));
	router.add('GET', 'users/{user}/mailFolders/{folder}', 'mailFolders.get', R, (context) => jsonEntity(context, 'mailFolders', MAIL_FOLDER_TYPE, folderJson(mailFolder(context))));

	/**
	 * A new message in a folder: a draft, unless PR_MESSAGE_FLAGS says otherwise (a copy of mail
	 * sent elsewhere, filed as EWS files it).
	 */
	const create = (context: RouteContext, folder: Folder): GraphResponse => {
		const { props, extended, attachments } = readMessage(context.body);
		props.set('IsDraft', element('IsDraft', {}, 'true'));
		if (!props.has('IsRead')) props.set('IsRead', element('IsRead', {}, 'true'));
		applyCreationTags({ kind: 'Message', props, extended, attachments });
		const item = store.createItem(context.mailbox, folder, 'Message', props, extended, attachments);
		deriveProperties(item, context.mailbox);
		return entityAnswer(item, messageRepresentation, context, 'messages', model, 201);
	};
	router.add('GET', 'users/{user}/messages', 'messages.list', R, (context) => {
		const items = [...context.mailbox.items.values()].filter((item) => !inDumpster(context.mailbox, item.folderId) && isMailFolder(context.mailbox.folders.get(item.folderId)!));
		return listAnswer(byReceived(items), messageRepresentation, context, model, 'messages');
	});
	router.add('POST', 'users/{user}/messages', 'messages.create', W, (context) => create(context, store.distinguished(context.mailbox, 'drafts')!), MESSAGE_TYPE);
	router.add('GET', 'users/{user}/mailFolders/{folder}/messages/delta', 'messages.delta', R, (context) => deltaAnswer(front, context, { kind: 'messages', folder: mailFolder(context), representation: messageRepresentation }));
	router.add('GET', 'users/{user}/mailFolders/{folder}/messages', 'messages.list', R, (context) => listAnswer(byReceived(store.itemsIn(context.mailbox, mailFolder(context).id)), messageRepresentation, context, model, 'messages'));
	router.add('POST', 'users/{user}/mailFolders/{folder}/messages', 'messages.create', W, (context) => create(context, mailFolder(context)), MESSAGE_TYPE);
	for (const base of ['users/{user}/messages/{id}', 'users/{user}/mailFolders/{folder}/messages/{id}']) {
		router.add('GET', base, 'messages.get', R, (context) => entityAnswer(message(context), messageRepresentation, context, 'messages', model));
		router.add('PATCH', base, 'messages.update', W, (context) => {
			const item = message(context);
			const readFlagOnly = Object.keys(context.body).every((key) => key === 'isRead');
			updateItem(front, context, item, (props) => applyMessage(props, context.body), readFlagOnly);
			return entityAnswer(item, messageRepresentation, context, 'messages', model);
		}, MESSAGE_TYPE);
		router.add('DELETE', base, 'messages.delete', W, (context) => {
			deleteItem(front, context, message(context));
			return { status: 204 };
		});
		router.add('POST', `${base}/permanentDelete`, 'messages.permanentDelete', W, (context) => {
			deleteItem(front, context, message(context), true);
			return { status: 204 };
		});
	}
	for (const [action, move] of [['move', true], ['copy', false]] as const) {
		router.add('POST', `users/{user}/messages/{id}/${action}`, `messages.${action}`, W, (context) => {
			const destination = context.body.destinationId;
			if (typeof destination !== 'string') throw badRequest('destinationId is required.', 'ErrorInvalidRequest');
			const copy = store.copyItem(message(context), mailFolder(context, destination), move);
			return entityAnswer(copy, messageRepresentation, context, 'messages', model, 201);
		});
	}
	router.add('POST', 'users/{user}/messages/{id}/send', 'messages.send', PERMISSIONS.mailSend, (context) => {
		const draft = message(context);
		if (draft.props.get('IsDraft')?.text !== 'true') throw new GraphError(400, 'ErrorInvalidOperation', 'Only a draft can be sent.');
		sendSaved(front.emulator.actingAs(context.mailbox), draft, true);
		return { status: 202 };
	});
	router.add('POST', 'users/{user}/sendMail', 'sendMail', PERMISSIONS.mailSend, (context) => {
		const given = context.body.message;
		if (!given || typeof given !== 'object') throw badRequest('sendMail needs a message.', 'ErrorInvalidRequest');
		front.checkRequestBody(MESSAGE_TYPE, given);
		const { props, extended, attachments } = readMessage(given as Json);
		if (!props.has('ToRecipients') && !props.has('CcRecipients') && !props.has('BccRecipients')) throw badRequest('The message has no recipients.', 'ErrorInvalidRecipients');
		const acting = front.emulator.actingAs(context.mailbox);
		const parsed = { kind: 'Message' as const, props, extended, attachments };
		if (context.body.saveToSentItems === false) {
			deliverMessage(acting, parsed);
			return { status: 202 };
		}
		props.set('IsDraft', element('IsDraft', {}, 'false'));
		props.set('IsRead', element('IsRead', {}, 'true'));
		const saved = store.createItem(context.mailbox, store.distinguished(context.mailbox, 'sentitems')!, 'Message', props, extended, attachments);
		deriveProperties(saved, context.mailbox);
		deliverMessage(acting, parsed, saved);
		return { status: 202 };
	});

	const attachmentOf = (context: RouteContext) => {
		const item = message(context);
		const attachment = findAttachment(item, context.params.attachment);
		if (!attachment) throw notFound();
		return { item, attachment };
	};
	router.add('GET', 'users/{user}/messages/{id}/attachments', 'attachments.list', R, (context) => {
		const item = message(context);
		return jsonCollection(context, `messages('${context.params.id}')/attachments`, ATTACHMENT_TYPE, item.attachments.map((a) => attachmentToGraph(item, a)));
	});
	router.add('GET', 'users/{user}/messages/{id}/attachments/{attachment}', 'attachments.get', R, (context) => {
		const { item, attachment } = attachmentOf(context);
		return jsonEntity(context, `messages('${context.params.id}')/attachments`, ATTACHMENT_TYPE, attachmentToGraph(item, attachment));
	});
	router.add('POST', 'users/{user}/messages/{id}/attachments', 'attachments.create', W, (context) => {
		const item = message(context);
		const added = addFileAttachment(item.attachments, context.body);
		store.updated(item);
		return jsonEntity(context, `messages('${context.params.id}')/attachments`, ATTACHMENT_TYPE, attachmentToGraph(item, added), 201);
	}, 'microsoft.graph.fileAttachment');
	router.add('POST', 'users/{user}/messages/{id}/attachments/createUploadSession', 'attachments.createUploadSession', W, (context) => ({
		status: 201,
		body: { '@odata.context': context.link('$metadata#microsoft.graph.uploadSession'), ...front.uploads.create(message(context), context.body, context.call.origin) },
		shape: { entity: 'microsoft.graph.uploadSession' },
	}));
	router.add('DELETE', 'users/{user}/messages/{id}/attachments/{attachment}', 'attachments.delete', W, (context) => {
		const { item, attachment } = attachmentOf(context);
		item.attachments.splice(item.attachments.indexOf(attachment), 1);
		store.updated(item);
		return { status: 204 };
	});
}
