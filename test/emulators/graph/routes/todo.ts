/** Microsoft To Do: lists (the mailbox's task folders), tasks, linked resources, tasks delta. */
import { deriveProperties } from '../../exchange/items';
import type { Folder, StoredItem } from '../../exchange/store';
import { badRequest, GraphError, notFound, type GraphResponse } from '../errors';
import type { GraphFront } from '../front';
import { deltaAnswer } from '../delta';
import { PERMISSIONS } from '../permissions';
import { graphFolderId } from '../resources/ids';
import { entityAnswer, jsonCollection, jsonEntity, listAnswer } from '../resources/listing';
import { applyTask, LINKED_RESOURCE_TYPE, linkedResource, linkedResources, setLinkedResources, TASK_TYPE, taskRepresentation, type LinkedResource } from '../resources/tasks';
import type { RouteContext } from '../router';
import type { Json } from '../resources/common';
import { checkIfMatch, createItem, findStored, inDumpster } from './items';

const LIST_TYPE = 'microsoft.graph.todoTaskList';

export function registerTodoRoutes(front: GraphFront): void {
	const { router, store, model } = front;
	const R = PERMISSIONS.tasksRead;
	const W = PERMISSIONS.tasksWrite;
	const lists = (context: RouteContext) => [...context.mailbox.folders.values()].filter((folder) => folder.kind === 'TasksFolder' && !inDumpster(context.mailbox, folder.id));
	const list = (context: RouteContext) => {
		const found = lists(context).find((folder) => graphFolderId(folder) === context.params.list || folder.id === context.params.list);
		if (!found) throw new GraphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
		return found;
	};
	const listJson = (folder: Folder) => ({
		'@odata.etag': `W/"${folder.changeKey}"`,
		displayName: folder.displayName,
		isOwner: true,
		isShared: false,
		wellknownListName: folder.distinguishedId === 'tasks' ? 'defaultList' : 'none',
		id: graphFolderId(folder),
	});
	const listAnswerOne = (context: RouteContext, folder: Folder, status = 200): GraphResponse => jsonEntity(context, 'todo/lists', LIST_TYPE, listJson(folder), status);
	const task = (context: RouteContext): StoredItem => {
		const item = findStored(context, context.params.id, ['Task']);
		if (item.folderId !== list(context).id) throw notFound();
		return item;
	};
	const showTask = (context: RouteContext, item: StoredItem, status = 200) => entityAnswer(item, taskRepresentation, context, `todo/lists('${context.params.list}')/tasks`, model, status);

	router.add('GET', 'users/{user}/todo/lists', 'todoLists.list', R, (context) => jsonCollection(context, 'todo/lists', LIST_TYPE, lists(context).map(listJson)));
	router.add('POST', 'users/{user}/todo/lists', 'todoLists.create', W, (context) => {
		const displayName = String(context.body.displayName ?? '').trim();
		if (!displayName) throw new GraphError(400, 'invalidRequest', 'A list needs a displayName.');
		const folder = store.addFolder(context.mailbox, { displayName, kind: 'TasksFolder', folderClass: 'IPF.Task', parentId: store.distinguished(context.mailbox, 'msgfolderroot')!.id });
		return listAnswerOne(context, folder, 201);
	}, LIST_TYPE);
	router.add('GET', 'users/{user}/todo/lists/{list}', 'todoLists.get', R, (context) => listAnswerOne(context, list(context)));
	router.add('PATCH', 'users/{user}/todo/lists/{list}', 'todoLists.update', W, (context) => {
		const folder = list(context);
		if (typeof context.body.displayName === 'string' && context.body.displayName.trim()) {
			folder.displayName = context.body.displayName.trim();
			store.folderChanged(folder);
		}
		return listAnswerOne(context, folder);
	}, LIST_TYPE);
	router.add('DELETE', 'users/{user}/todo/lists/{list}', 'todoLists.delete', W, (context) => {
		const folder = list(context);
		if (folder.distinguishedId) throw new GraphError(400, 'invalidRequest', 'The default list cannot be deleted.');
		store.deleteFolder(folder);
		return { status: 204 };
	});

	router.add('GET', 'users/{user}/todo/lists/{list}/tasks/delta', 'todoTasks.delta', R, (context) => deltaAnswer(front, context, { kind: 'tasks', folder: list(context), representation: taskRepresentation }));
	router.add('GET', 'users/{user}/todo/lists/{list}/tasks', 'todoTasks.list', R, (context) =>
		listAnswer(store.itemsIn(context.mailbox, list(context).id).filter((item) => item.kind === 'Task').sort((a, b) => b.createdSeq - a.createdSeq), taskRepresentation, context, model, `todo/lists('${context.params.list}')/tasks`),
	);
	router.add('POST', 'users/{user}/todo/lists/{list}/tasks', 'todoTasks.create', W, (context) => {
		const folder = list(context);
		const props = new Map();
		const written = applyTask(props, context.body);
		const given = Array.isArray(context.body.linkedResources) ? (context.body.linkedResources as Json[]) : [];
		// As To Do answers a task created with several links (microsoft-graph-docs issue 12699).
		if (given.length > 1) throw badRequest('Only one item in linkedResources is allowed.', 'invalidRequest');
		setLinkedResources(props, given.map((value) => linkedResource(value)));
		const item = createItem(front, context, folder, 'Task', props);
		deriveProperties(item, context.mailbox, written);
		return showTask(context, item, 201);
	}, TASK_TYPE);
	router.add('GET', 'users/{user}/todo/lists/{list}/tasks/{id}', 'todoTasks.get', R, (context) => showTask(context, task(context)));
	router.add('PATCH', 'users/{user}/todo/lists/{list}/tasks/{id}', 'todoTasks.update', W, (context) => {
		const item = task(context);
		checkIfMatch(context, item);
		const written = applyTask(item.props, context.body);
		deriveProperties(item, context.mailbox, written);
		store.updated(item);
		return showTask(context, item);
	}, TASK_TYPE);
	router.add('DELETE', 'users/{user}/todo/lists/{list}/tasks/{id}', 'todoTasks.delete', W, (context) => {
		const item = task(context);
		checkIfMatch(context, item);
		store.discardItem(item, 'MoveToDeletedItems');
		return { status: 204 };
	});

	const resourcesOf = (context: RouteContext) => {
		const item = task(context);
		return { item, resources: linkedResources(item) };
	};
	const linkedPath = (context: RouteContext) => `todo/lists('${context.params.list}')/tasks('${context.params.id}')/linkedResources`;
	const resourceAnswer = (context: RouteContext, resource: LinkedResource, status = 200): GraphResponse => jsonEntity(context, linkedPath(context), LINKED_RESOURCE_TYPE, resource, status);
	const base = 'users/{user}/todo/lists/{list}/tasks/{id}/linkedResources';
	router.add('GET', base, 'linkedResources.list', R, (context) => jsonCollection(context, linkedPath(context), LINKED_RESOURCE_TYPE, resourcesOf(context).resources));
	router.add('POST', base, 'linkedResources.create', W, (context) => {
		const { item, resources } = resourcesOf(context);
		const added = linkedResource(context.body);
		setLinkedResources(item.props, [...resources, added]);
		store.updated(item);
		return resourceAnswer(context, added, 201);
	}, LINKED_RESOURCE_TYPE);
	const one = (context: RouteContext) => {
		const { item, resources } = resourcesOf(context);
		const found = resources.find((resource) => resource.id === context.params.resource);
		if (!found) throw notFound();
		return { item, resources, found };
	};
	router.add('GET', `${base}/{resource}`, 'linkedResources.get', R, (context) => resourceAnswer(context, one(context).found));
	router.add('PATCH', `${base}/{resource}`, 'linkedResources.update', W, (context) => {
		const { item, resources, found } = one(context);
		const updated = linkedResource(context.body, found);
		setLinkedResources(item.props, resources.map((resource) => (resource.id === found.id ? updated : resource)));
		store.updated(item);
		return resourceAnswer(context, updated);
	}, LINKED_RESOURCE_TYPE);
	router.add('DELETE', `${base}/{resource}`, 'linkedResources.delete', W, (context) => {
		const { item, resources, found } = one(context);
		setLinkedResources(item.props, resources.filter((resource) => resource.id !== found.id));
		store.updated(item);
		return { status: 204 };
	});
}
