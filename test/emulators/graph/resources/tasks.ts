/**
 * To Do tasks (microsoft.graph.todoTask) over the store's EWS tasks, and their linked resources.
 * Tasks have no extended properties in Graph v1.0; a task's links to other systems are its
 * linkedResources, kept on the task for Graph only (EWS does not see them).
 */
import crypto from 'node:crypto';
import { DateTime } from 'luxon';
import type { StoredItem } from '../../exchange/store';
import { element, type XNode } from '../../exchange/xml';
import { badRequest } from '../errors';
import type { Representation } from './listing';
import { dateTimeOffset, etag, graphOnly, itemBody, PropertyWriter, setBody, setCategories, setGraphOnly, setText, wallClock, type Json, type View } from './common';
import { graphItemId } from './ids';
import { ewsRecurrence, graphRecurrence } from './recurrence';
import { readDateTimeTimeZone } from './times';

export const TASK_TYPE = 'microsoft.graph.todoTask';
export const LINKED_RESOURCE_TYPE = 'microsoft.graph.linkedResource';

const STATUS: Record<string, string> = { NotStarted: 'notStarted', InProgress: 'inProgress', Completed: 'completed', WaitingOnOthers: 'waitingOnOthers', Deferred: 'deferred' };
const STATUS_EWS: Record<string, string> = Object.fromEntries(Object.entries(STATUS).map(([ews, graph]) => [graph, ews]));
const IMPORTANCE: Record<string, string> = { low: 'Low', normal: 'Normal', high: 'High' };

export type LinkedResource = {
	id: string;
	applicationName: string | null;
	displayName: string | null;
	externalId: string | null;
	webUrl: string | null;
};

export function linkedResources(item: StoredItem): LinkedResource[] {
	return (graphOnly(item.props).linkedResources as LinkedResource[] | undefined) ?? [];
}

export function setLinkedResources(props: Map<string, XNode>, resources: LinkedResource[]): void {
	setGraphOnly(props, 'linkedResources', resources.length > 0 ? resources : null);
}

/** A linked resource from a Graph body (a new one gets an id). */
export function linkedResource(value: Json, existing?: LinkedResource): LinkedResource {
	const text = (key: string) => (key in value ? (value[key] === null ? null : String(value[key])) : (existing?.[key as keyof LinkedResource] ?? null));
	const resource = { id: existing?.id ?? crypto.randomUUID(), applicationName: text('applicationName'), displayName: text('displayName'), externalId: text('externalId'), webUrl: text('webUrl') };
	if (!resource.applicationName) throw badRequest('A linked resource needs an applicationName.', 'invalidRequest');
	return resource;
}

/** A date-only task property (EWS keeps the day) as dateTimeTimeZone at midnight UTC. */
function day(item: StoredItem, name: string): { dateTime: string; timeZone: string } | undefined {
	const text = item.props.get(name)?.text;
	return text ? { dateTime: `${text.slice(0, 10)}T00:00:00.0000000`, timeZone: 'UTC' } : undefined;
}

export function taskToGraph(item: StoredItem, view: View): Json {
	const props = item.props;
	const json: Json = {
		'@odata.etag': etag(item),
		id: graphItemId(item, view.immutable),
		importance: (props.get('Importance')?.text ?? 'Normal').toLowerCase(),
		isReminderOn: props.get('ReminderIsSet')?.text === 'true',
		status: STATUS[props.get('Status')?.text ?? 'NotStarted'] ?? 'notStarted',
		title: props.get('Subject')?.text ?? '',
		createdDateTime: dateTimeOffset(props.get('DateTimeCreated')?.text),
		lastModifiedDateTime: dateTimeOffset(props.get('LastModifiedTime')?.text),
		hasAttachments: item.attachments.length > 0,
		categories: (props.get('Categories')?.children ?? []).map((c) => c.text),
		bodyLastModifiedDateTime: dateTimeOffset(props.get('LastModifiedTime')?.text),
		body: itemBody(props.get('Body'), view),
	};
	const due = day(item, 'DueDate');
	if (due) json.dueDateTime = due;
	const start = day(item, 'StartDate');
	if (start) json.startDateTime = start;
	const completed = day(item, 'CompleteDate');
	if (completed) json.completedDateTime = completed;
	const reminder = props.get('ReminderDueBy')?.text;
	if (reminder && props.get('ReminderIsSet')?.text === 'true') json.reminderDateTime = { dateTime: wallClock(DateTime.fromISO(reminder, { zone: 'utc' })), timeZone: 'UTC' };
	const recurrence = props.get('Recurrence');
	if (recurrence) json.recurrence = graphRecurrence(recurrence, 'UTC');
	return json;
}

export const taskRepresentation: Representation = {
	type: TASK_TYPE,
	toGraph: taskToGraph,
	expand(name, item) {
		return name === 'linkedResources' ? linkedResources(item).map((resource) => ({ ...resource })) : undefined;
	},
};

/** Applies a Graph task body (create or PATCH); returns the EWS properties written, in order. */
export function applyTask(props: Map<string, XNode>, json: Json): string[] {
	const w = new PropertyWriter(props, json);
	const day = (key: string, name: string) =>
		w.on(key, name, (value) => w.set(name, value === null ? null : element(name, {}, `${readDateTimeTimeZone(value, key).time.toISODate()}T00:00:00Z`)));
	w.on('title', 'Subject', (value) => setText(props, 'Subject', value));
	w.on('body', 'Body', (value) => setBody(props, 'Body', value));
	w.on('importance', 'Importance', (value) => {
		const importance = IMPORTANCE[String(value)];
		if (!importance) throw badRequest(`'${String(value)}' is not an importance (low, normal, high).`, 'RequestBodyRead');
		w.set('Importance', element('Importance', {}, importance));
	});
	w.on('status', 'Status', (value) => {
		const status = STATUS_EWS[String(value)];
		if (!status) throw badRequest(`'${String(value)}' is not a task status.`, 'RequestBodyRead');
		w.set('Status', element('Status', {}, status));
	});
	day('startDateTime', 'StartDate');
	day('dueDateTime', 'DueDate');
	day('completedDateTime', 'CompleteDate');
	w.on('reminderDateTime', 'ReminderDueBy', (value) => {
		w.set('ReminderDueBy', value === null ? null : element('ReminderDueBy', {}, readDateTimeTimeZone(value, 'reminderDateTime').time.toUTC().toISO({ suppressMilliseconds: true })!));
		if (value !== null && !('isReminderOn' in json)) w.flag('ReminderIsSet', true);
	});
	w.on('isReminderOn', 'ReminderIsSet', (value) => w.flag('ReminderIsSet', value === true));
	w.on('categories', 'Categories', (value) => setCategories(props, value));
	w.on('recurrence', 'Recurrence', (value) => w.set('Recurrence', value === null ? null : ewsRecurrence(value, (props.get('DueDate')?.text ?? DateTime.utc().toISO()!).slice(0, 10))));
	return w.written;
}
