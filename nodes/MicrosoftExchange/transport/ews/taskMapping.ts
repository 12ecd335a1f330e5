import { Importance, ItemSchema, Task, TaskSchema, TaskStatus, WellKnownFolderName } from 'ews-javascript-api';
import type { DateTime } from 'ews-javascript-api';
import { applyBaseFields, baseFields, bodyText, isoDate, isoDateTime, property, toEwsDate, toEwsDateTime } from './ewsValues';
import type { TaskFields } from '../../helpers/itemTypes/task';
import type { EwsItemMapping } from './itemMappings';
import type { ExchangeImportance, ExchangeTask, ExchangeTaskStatus } from '../../helpers/itemShapes';
import { optionalXmlText } from './xml';

export function taskFromEws(task: Task, mailbox: string): ExchangeTask {
	const status = property<TaskStatus>(task, TaskSchema.Status);
	const importance = property<Importance>(task, ItemSchema.Importance);
	const reminderSet = property<boolean>(task, ItemSchema.IsReminderSet);
	return {
		...baseFields(task, mailbox),
		subject: property<string>(task, ItemSchema.Subject) ?? '',
		body: bodyText(task),
		...(status !== undefined ? { status: TaskStatus[status] as ExchangeTaskStatus } : {}),
		...(importance !== undefined ? { importance: Importance[importance] as ExchangeImportance } : {}),
		startDate: isoDate(property<DateTime>(task, TaskSchema.StartDate)),
		dueDate: isoDate(property<DateTime>(task, TaskSchema.DueDate)),
		completeDate: isoDate(property<DateTime>(task, TaskSchema.CompleteDate)),
		percentComplete: property<number>(task, TaskSchema.PercentComplete) ?? 0,
		reminderAt: reminderSet ? isoDateTime(property<DateTime>(task, ItemSchema.ReminderDueBy)) : null,
	};
}

function enumValue<T>(enumeration: Record<string, T | string>, value: string, field: string): T {
	const result = enumeration[value];
	if (typeof result !== 'number') {
		const allowed = Object.keys(enumeration).filter((key) => isNaN(Number(key)));
		throw new Error(`${field} must be one of ${allowed.join(', ')} (got "${value}")`);
	}
	return result as T;
}

const dateOrNull = (value: string | null) => (value ? toEwsDate(value) : (null as unknown as DateTime));

export function applyTaskFields(task: Task, fields: TaskFields): void {
	if (fields.subject !== undefined) task.Subject = optionalXmlText(fields.subject) ?? '';
	if (fields.status) task.Status = enumValue<TaskStatus>(TaskStatus as never, fields.status, 'Status');
	if (fields.importance) task.Importance = enumValue<Importance>(Importance as never, fields.importance, 'Importance');
	if (fields.startDate !== undefined) task.StartDate = dateOrNull(fields.startDate);
	if (fields.dueDate !== undefined) task.DueDate = dateOrNull(fields.dueDate);
	// Exchange derives the completion date from the status; set it only for completed tasks.
	if (fields.completeDate && (fields.status ?? 'Completed') === 'Completed') task.CompleteDate = toEwsDate(fields.completeDate);
	if (fields.percentComplete !== undefined && fields.percentComplete !== null) {
		if (fields.percentComplete < 0 || fields.percentComplete > 100) throw new Error('Percent Complete must be between 0 and 100');
		task.PercentComplete = fields.percentComplete;
	}
	if (fields.reminderAt !== undefined) {
		task.IsReminderSet = fields.reminderAt !== null;
		if (fields.reminderAt) task.ReminderDueBy = toEwsDateTime(fields.reminderAt);
	}
	applyBaseFields(task, fields);
}

export const taskMapping: EwsItemMapping<Task> = {
	folder: WellKnownFolderName.Tasks,
	newItem: (service) => new Task(service),
	toShape: taskFromEws,
	applyFields: applyTaskFields,
	searchProperties: [ItemSchema.Subject],
	itemClass: 'IPM.Task',
};
