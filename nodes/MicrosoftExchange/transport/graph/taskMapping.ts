import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';
import type { TaskFields } from '../../helpers/itemTypes/task';
import type { ExchangeTask, ExchangeTaskStatus } from '../../helpers/itemShapes';
import type { GraphRequest } from './client';
import type { GraphItemMapping } from './itemMappings';

/**
 * Tasks between our item shape (the JSON the EWS transport gives) and Microsoft To Do's
 * microsoft.graph.todoTask, the only tasks Graph v1.0 has.
 *
 * Ids: a To Do task is addressed through its list, so a task's id over Microsoft 365 is
 * `<list id>/<task id>` (Graph ids are URL-safe and hold no "/"); get, update and delete find the
 * list in it. Tasks live in the mailbox's default list (wellknownListName `defaultList`) unless a
 * folder id names another list.
 *
 * The sync link: todoTask has no extended properties in v1.0, so the link the EWS transport keeps
 * in named properties lives in the task's one linked resource of ours: applicationName
 * `n8n Exchange Zoho Sync`, externalId the sync id, displayName the JSON text
 * `{"crmRecordId": …, "syncState": …}`. Graph cannot filter tasks on linked resources, so finds
 * by sync id or CRM record id read the list and match here.
 *
 * Fields To Do has no place for: percentComplete. It reads null and the shape lists it in
 * `unsupportedFields`, so the sync leaves the CRM's value alone; a write of it is not kept.
 */

export const LINK_APPLICATION = 'n8n Exchange Zoho Sync';

const STATUS_FROM_GRAPH: Record<string, ExchangeTaskStatus> = {
	notStarted: 'NotStarted',
	inProgress: 'InProgress',
	completed: 'Completed',
	waitingOnOthers: 'WaitingOnOthers',
	deferred: 'Deferred',
};
const STATUS_TO_GRAPH = Object.fromEntries(Object.entries(STATUS_FROM_GRAPH).map(([graph, ews]) => [ews, graph]));
const IMPORTANCE_FROM_GRAPH: Record<string, string> = { low: 'Low', normal: 'Normal', high: 'High' };
const IMPORTANCE_TO_GRAPH = Object.fromEntries(Object.entries(IMPORTANCE_FROM_GRAPH).map(([graph, ews]) => [ews, graph]));

/** Fields of the EWS task shape To Do has no place for. */
const UNSUPPORTED_FIELDS = ['percentComplete'] as const;

const DATE_FIELDS = { startDate: 'startDateTime', dueDate: 'dueDateTime', completeDate: 'completedDateTime' } as const;
const LINK_FIELDS = ['syncId', 'syncState', 'crmRecordId'] as const;

const orNull = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** A dateTimeTimeZone as an instant; zones Graph names in Windows form other than UTC read as UTC. */
function instant(value: unknown): DateTime | undefined {
	const { dateTime, timeZone } = (value ?? {}) as IDataObject;
	if (typeof dateTime !== 'string') return undefined;
	const zone = typeof timeZone === 'string' && DateTime.local().setZone(timeZone).isValid ? timeZone : 'utc';
	const parsed = DateTime.fromISO(dateTime, { zone });
	return parsed.isValid ? parsed.toUTC() : undefined;
}

/**
 * To Do keeps task dates as a day at midnight of the zone they were set in, and may answer that
 * midnight in UTC (the evening before, east of UTC): the nearest midnight is the day, as EWS's
 * date-only values are read.
 */
function dayOf(value: unknown): string | null {
	const dateTime = (value as IDataObject | null)?.dateTime;
	if (typeof dateTime !== 'string') return null;
	const wallClock = DateTime.fromISO(dateTime, { zone: 'utc' });
	return wallClock.isValid ? wallClock.plus({ hours: 12 }).toISODate() : null;
}

const midnight = (date: unknown) => (orNull(date) ? { dateTime: `${String(date).slice(0, 10)}T00:00:00`, timeZone: 'UTC' } : null);

interface TaskLink {
	syncId: string | null;
	syncState: string | null;
	crmRecordId: string | null;
}

function ourLinkedResource(task: IDataObject): IDataObject | undefined {
	return ((task.linkedResources ?? []) as IDataObject[]).find((resource) => resource.applicationName === LINK_APPLICATION);
}

export function linkFromGraph(task: IDataObject): TaskLink {
	const resource = ourLinkedResource(task);
	let details: IDataObject = {};
	try {
		details = JSON.parse(String(resource?.displayName ?? '{}')) as IDataObject;
	} catch {
		// A display name someone edited by hand: the sync id alone still links the task.
	}
	return { syncId: orNull(resource?.externalId), syncState: orNull(details.syncState), crmRecordId: orNull(details.crmRecordId) };
}

/** The linked resource's body for a link. */
function linkBody(link: TaskLink): IDataObject {
	return {
		applicationName: LINK_APPLICATION,
		externalId: link.syncId,
		displayName: JSON.stringify({ crmRecordId: link.crmRecordId, syncState: link.syncState }),
	};
}

export function taskFromGraph(task: IDataObject, mailbox: string): ExchangeTask {
	const categories = (task.categories ?? []) as string[];
	const createdAt = instant({ dateTime: task.createdDateTime });
	const link = linkFromGraph(task);
	const body = task.body as IDataObject | undefined;
	const reminder = task.isReminderOn === true ? instant(task.reminderDateTime) : undefined;
	return {
		id: String(task.id),
		changeKey: String(task['@odata.etag'] ?? '').replace(/^W\/"(.*)"$/, '$1'),
		mailbox,
		lastModified: instant({ dateTime: task.lastModifiedDateTime })?.toISO() ?? '',
		...(createdAt ? { createdAt: createdAt.toISO()! } : {}),
		...(categories.length ? { categories } : {}),
		syncId: link.syncId,
		syncState: link.syncState,
		...(link.crmRecordId ? { crmRecordId: link.crmRecordId } : {}),
		subject: String(task.title ?? ''),
		body: orNull(body?.content),
		status: STATUS_FROM_GRAPH[String(task.status)] ?? 'NotStarted',
		importance: (IMPORTANCE_FROM_GRAPH[String(task.importance)] ?? 'Normal') as ExchangeTask['importance'],
		startDate: dayOf(task.startDateTime),
		dueDate: dayOf(task.dueDateTime),
		completeDate: dayOf(task.completedDateTime),
		percentComplete: null,
		reminderAt: reminder?.toISO() ?? null,
		unsupportedFields: [...UNSUPPORTED_FIELDS],
	};
}

function graphValue(table: Record<string, string>, value: unknown, field: string): string {
	const result = table[String(value)];
	if (!result) throw new Error(`${field} must be one of ${Object.keys(table).join(', ')} (got "${String(value)}")`);
	return result;
}

/**
 * The Graph body that writes `fields` onto a task whose current shape is `current` (absent: a new
 * task, whose link goes in the same request as its one linked resource). On an existing task the
 * link is written by `linkWrites`, as To Do keeps linked resources apart from the task.
 */
export function taskToGraph(fields: TaskFields, current?: IDataObject): IDataObject {
	const body: IDataObject = {};
	const has = (field: string) => fields[field] !== undefined;
	if (has('subject')) body.title = fields.subject ?? '';
	if (has('body')) body.body = { contentType: 'text', content: fields.body ?? '' };
	if (fields.status) body.status = graphValue(STATUS_TO_GRAPH, fields.status, 'Status');
	if (fields.importance) body.importance = graphValue(IMPORTANCE_TO_GRAPH, fields.importance, 'Importance');
	for (const [field, property] of Object.entries(DATE_FIELDS)) {
		if (field === 'completeDate') continue;
		if (has(field)) body[property] = midnight(fields[field]);
	}
	// As over EWS, the completion date is To Do's to set, and is taken only for a completed task.
	if (fields.completeDate && (fields.status ?? current?.status ?? 'Completed') === 'Completed') body.completedDateTime = midnight(fields.completeDate);
	if (has('reminderAt')) {
		body.isReminderOn = fields.reminderAt !== null;
		if (fields.reminderAt) {
			const at = DateTime.fromISO(String(fields.reminderAt), { setZone: true });
			if (!at.isValid) throw new Error(`"${String(fields.reminderAt)}" is not an ISO 8601 date-time`);
			body.reminderDateTime = { dateTime: at.toUTC().toFormat("yyyy-MM-dd'T'HH:mm:ss"), timeZone: 'UTC' };
		}
	}
	if (has('categories')) body.categories = fields.categories ?? [];
	if (!current && LINK_FIELDS.some(has)) {
		const link = { syncId: orNull(fields.syncId), syncState: orNull(fields.syncState), crmRecordId: orNull(fields.crmRecordId) };
		if (link.syncId || link.syncState || link.crmRecordId) body.linkedResources = [linkBody(link)];
	}
	return body;
}

/** The request that writes the link fields of `fields` onto the existing task `task` (a Graph entity read with its linked resources) at `itemPath`. */
export function taskLinkWrite(fields: IDataObject, task: IDataObject, itemPath: string): GraphRequest | undefined {
	if (!LINK_FIELDS.some((field) => fields[field] !== undefined)) return undefined;
	const current = linkFromGraph(task);
	const link: TaskLink = { ...current };
	for (const field of LINK_FIELDS) if (fields[field] !== undefined) link[field] = orNull(fields[field]);
	const resource = ourLinkedResource(task);
	const path = `${itemPath}/linkedResources`;
	if (!link.syncId && !link.syncState && !link.crmRecordId) {
		return resource ? { method: 'DELETE', path: `${path}/${encodeURIComponent(String(resource.id))}` } : undefined;
	}
	if (!resource) return { method: 'POST', path, body: linkBody(link) };
	return { method: 'PATCH', path: `${path}/${encodeURIComponent(String(resource.id))}`, body: linkBody(link) };
}

/** `<list id>/<task id>` → its parts. */
function splitTaskId(id: string): { list: string; task: string } {
	const slash = id.lastIndexOf('/');
	if (slash <= 0) throw new Error(`"${id}" is not a task id over Microsoft 365 (<list id>/<task id>)`);
	return { list: id.slice(0, slash), task: id.slice(slash + 1) };
}

/** The list a collection, delta or item path (or a next link) is in. */
function listOfPath(path: string): string {
	const match = /\/todo\/lists\/([^/?]+)/.exec(path);
	if (!match) throw new Error(`"${path}" is in no To Do list`);
	return decodeURIComponent(match[1]);
}

export const taskMapping: GraphItemMapping = {
	noun: 'task',
	collectionPath(userPath, folder) {
		if (!folder) return undefined;
		return 'id' in folder ? `${userPath}/todo/lists/${encodeURIComponent(folder.id)}/tasks` : undefined;
	},
	defaultCollection: {
		listsPath: (userPath) => `${userPath}/todo/lists`,
		pick: (lists) => lists.find((list) => list.wellknownListName === 'defaultList'),
		path: (userPath, list) => `${userPath}/todo/lists/${encodeURIComponent(String(list.id))}/tasks`,
	},
	itemPath(userPath, id) {
		const { list, task } = splitTaskId(id);
		return `${userPath}/todo/lists/${encodeURIComponent(list)}/tasks/${encodeURIComponent(task)}`;
	},
	scopedId: (graphId, path) => `${listOfPath(path)}/${graphId}`,
	expand: 'linkedResources',
	fromGraph: (entity, mailbox) => taskFromGraph(entity, mailbox) as unknown as IDataObject,
	toGraph: (fields, current) => taskToGraph(fields as TaskFields, current),
	linkWrite: taskLinkWrite,
	searchProperties: ['title'],
};
