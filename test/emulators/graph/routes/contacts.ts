/** Contacts and contact folders: /users/{user}/contacts, /contactFolders, /contactFolders/{id}/contacts, delta. */
import { GraphError } from '../errors';
import type { GraphFront } from '../front';
import { applyContact, CONTACT_TYPE, contactRepresentation, withoutPhoneProperties } from '../resources/contacts';
import { graphFolderId } from '../resources/ids';
import { entityAnswer, jsonCollection, jsonEntity, listAnswer } from '../resources/listing';
import type { RouteContext } from '../router';
import { PERMISSIONS } from '../permissions';
import type { Folder } from '../../exchange/store';
import { createItem, deleteItem, findFolder, findStored, updateItem } from './items';
import { deltaAnswer } from '../delta';

const CONTACT_FOLDER_TYPE = 'microsoft.graph.contactFolder';
/** `contacts` names the default Contacts folder where a contact folder id is expected. */
const WELL_KNOWN = { contacts: 'contacts' };

function contactFolderJson(folder: Folder) {
	return { id: graphFolderId(folder), displayName: folder.displayName, parentFolderId: folder.parentId ? graphFolderId({ id: folder.parentId } as Folder) : '' };
}

export function registerContactRoutes(front: GraphFront): void {
	const { router, store, model } = front;
	const contactsFolder = (context: RouteContext) => store.distinguished(context.mailbox, 'contacts')!;
	const contactFolder = (context: RouteContext) => {
		const folder = findFolder(context, context.params.folder, WELL_KNOWN);
		if (folder.kind !== 'ContactsFolder') throw new GraphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
		return folder;
	};
	const listIn = (context: RouteContext, folder: Folder) =>
		listAnswer(store.itemsIn(context.mailbox, folder.id).filter((item) => item.kind === 'Contact').sort((a, b) => b.createdSeq - a.createdSeq), contactRepresentation, context, model, 'contacts');
	// The phone numbers a body writes by MAPI tag are the contact's PhoneNumbers, not extended properties of their own.
	const phonesApplied = (context: RouteContext): RouteContext => ({ ...context, body: withoutPhoneProperties(context.body) });
	const create = (context: RouteContext, folder: Folder) => {
		const props = new Map();
		applyContact(props, context.body);
		const item = createItem(front, phonesApplied(context), folder, 'Contact', props);
		return entityAnswer(item, contactRepresentation, context, 'contacts', model, 201);
	};
	const R = PERMISSIONS.contactsRead;
	const W = PERMISSIONS.contactsWrite;

	router.add('GET', 'users/{user}/contacts/delta', 'contacts.delta', R, (context) => deltaAnswer(front, context, { kind: 'contacts', folder: contactsFolder(context), representation: contactRepresentation }));
	router.add('GET', 'users/{user}/contactFolders/{folder}/contacts/delta', 'contacts.delta', R, (context) => deltaAnswer(front, context, { kind: 'contacts', folder: contactFolder(context), representation: contactRepresentation }));
	router.add('GET', 'users/{user}/contacts', 'contacts.list', R, (context) => listIn(context, contactsFolder(context)));
	router.add('POST', 'users/{user}/contacts', 'contacts.create', W, (context) => create(context, contactsFolder(context)), CONTACT_TYPE);
	router.add('GET', 'users/{user}/contacts/{id}', 'contacts.get', R, (context) => entityAnswer(findStored(context, context.params.id, ['Contact']), contactRepresentation, context, 'contacts', model));
	router.add('PATCH', 'users/{user}/contacts/{id}', 'contacts.update', W, (context) => {
		const item = findStored(context, context.params.id, ['Contact']);
		updateItem(front, phonesApplied(context), item, (props) => applyContact(props, context.body));
		return entityAnswer(item, contactRepresentation, context, 'contacts', model);
	}, CONTACT_TYPE);
	router.add('DELETE', 'users/{user}/contacts/{id}', 'contacts.delete', W, (context) => {
		deleteItem(front, context, findStored(context, context.params.id, ['Contact']));
		return { status: 204 };
	});
	router.add('POST', 'users/{user}/contacts/{id}/permanentDelete', 'contacts.permanentDelete', W, (context) => {
		deleteItem(front, context, findStored(context, context.params.id, ['Contact']), true);
		return { status: 204 };
	});
	for (const path of ['users/{user}/contactFolders/{folder}/contacts/{id}']) {
		router.add('GET', path, 'contacts.get', R, (context) => entityAnswer(findStored(context, context.params.id, ['Contact']), contactRepresentation, context, 'contacts', model));
	}
	router.add('GET', 'users/{user}/contactFolders/{folder}/contacts', 'contacts.list', R, (context) => listIn(context, contactFolder(context)));
	router.add('POST', 'users/{user}/contactFolders/{folder}/contacts', 'contacts.create', W, (context) => create(context, contactFolder(context)), CONTACT_TYPE);

	const folderList = (context: RouteContext, parent: Folder) => {
		const folders = store.subfolders(parent, false).filter((folder) => folder.kind === 'ContactsFolder');
		return jsonCollection(context, 'contactFolders', CONTACT_FOLDER_TYPE, folders.map(contactFolderJson));
	};
	router.add('GET', 'users/{user}/contactFolders', 'contactFolders.list', R, (context) => folderList(context, contactsFolder(context)));
	router.add('GET', 'users/{user}/contactFolders/{folder}/childFolders', 'contactFolders.list', R, (context) => folderList(context, contactFolder(context)));
	router.add('GET', 'users/{user}/contactFolders/{folder}', 'contactFolders.get', R, (context) => jsonEntity(context, 'contactFolders', CONTACT_FOLDER_TYPE, contactFolderJson(contactFolder(context))));
	router.add('POST', 'users/{user}/contactFolders', 'contactFolders.create', W, (context) => {
		const displayName = String(context.body.displayName ?? '').trim();
		if (!displayName) throw new GraphError(400, 'ErrorInvalidRequest', 'A folder needs a displayName.');
		const parent = contactsFolder(context);
		if (store.subfolders(parent, false).some((folder) => folder.displayName.toLowerCase() === displayName.toLowerCase())) {
			throw new GraphError(409, 'ErrorFolderExists', 'A folder with the specified name already exists.');
		}
		const folder = store.addFolder(context.mailbox, { displayName, kind: 'ContactsFolder', folderClass: 'IPF.Contact', parentId: parent.id });
		return jsonEntity(context, 'contactFolders', CONTACT_FOLDER_TYPE, contactFolderJson(folder), 201);
	}, CONTACT_FOLDER_TYPE);
}
