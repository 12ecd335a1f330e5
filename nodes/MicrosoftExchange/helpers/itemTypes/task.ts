import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { pickFields } from '../fieldValues';
import type { FieldType } from '../fieldValues';
import type { ExchangeTask } from '../itemShapes';
import type { ItemType } from './index';

export type TaskFields = Partial<Omit<ExchangeTask, 'id' | 'changeKey' | 'mailbox' | 'lastModified'>> & IDataObject;

const TASK_FIELD_TYPES: Record<string, FieldType> = {
	subject: 'string',
	body: 'string',
	status: 'string',
	importance: 'string',
	startDate: 'string',
	dueDate: 'string',
	completeDate: 'string',
	percentComplete: 'number',
	reminderAt: 'string',
	categories: 'stringArray',
	syncId: 'string',
	syncState: 'string',
	crmRecordId: 'string',
};

/** Dates from n8n's date pickers carry a time; tasks keep the date only. */
function dateOnly(fields: IDataObject): TaskFields {
	for (const key of ['startDate', 'dueDate', 'completeDate']) {
		if (typeof fields[key] === 'string') fields[key] = (fields[key] as string).slice(0, 10);
	}
	return fields as TaskFields;
}

export const taskType: ItemType<TaskFields> = {
	name: 'task',
	noun: 'task',
	fieldsFromParameters: (context: IExecuteFunctions, itemIndex: number) =>
		dateOnly(pickFields(context.getNodeParameter('taskFields', itemIndex, {}) as IDataObject, TASK_FIELD_TYPES)),
	fieldsFromJson: (json) => dateOnly(pickFields(json, TASK_FIELD_TYPES)),
};
