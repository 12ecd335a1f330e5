/**
 * Default field map for tasks: Exchange task ⇄ Zoho Tasks. Status and priority are picklists with
 * other words on each side; the canonical values are Exchange's.
 */
import { DateTime } from 'luxon';

import { enumAccess, getPath, isJsonObject, pathAccess, setPath, simpleField, type FieldAccess, type FieldSpec } from '../fieldMap';
import type { MatchKey } from '../objects';
import { ZOHO_DATE_TIME_FORMAT } from '../time';

const TASK_STATUS_TO_ZOHO: Record<string, string> = {
	NotStarted: 'Not Started',
	InProgress: 'In Progress',
	Completed: 'Completed',
	WaitingOnOthers: 'Waiting for input',
	Deferred: 'Deferred',
};

const TASK_PRIORITY_TO_ZOHO: Record<string, string> = { High: 'High', Normal: 'Normal', Low: 'Low' };
/** Zoho has five priorities, Exchange three: the outer two read as their neighbours. */
const ZOHO_PRIORITY_ALIASES: Record<string, string> = { Highest: 'High', Lowest: 'Low' };

/**
 * Zoho keeps a task reminder as an alarm relative to the due date
 * (`ACTION=POPUP;TRIGGER=-P1D;TRIGGER_TIME=09:00`) or at a fixed time (`TRIGGER=DATE-TIME:…`);
 * Exchange as an instant. Relative alarms are read in the CRM user's zone.
 */
const zohoTaskReminder: FieldAccess = {
	keys: ['Remind_At'],
	read: (item, context) => {
		const remind = getPath(item, 'Remind_At');
		const alarm = isJsonObject(remind) ? remind.ALARM : undefined;
		if (typeof alarm !== 'string') return null;
		const parts = Object.fromEntries(alarm.split(';').map((part) => part.split('=', 2) as [string, string]));
		const trigger = parts.TRIGGER ?? '';
		if (trigger.startsWith('DATE-TIME:')) return trigger.slice('DATE-TIME:'.length);
		const due = getPath(item, 'Due_Date');
		const days = /^-P(\d+)D$/.exec(trigger);
		if (typeof due !== 'string' || !days) return null;
		const [hour, minute] = (parts.TRIGGER_TIME ?? '09:00').split(':').map(Number);
		return DateTime.fromISO(due, { zone: context.crmTimeZone })
			.minus({ days: Number(days[1]) })
			.set({ hour, minute })
			.toISO();
	},
	write: (target, value, context, existing, content) => {
		if (typeof value !== 'string') {
			setPath(target, 'Remind_At', null, existing);
			return;
		}
		const at = DateTime.fromISO(value, { zone: 'utc' }).setZone(context.crmTimeZone);
		const due = typeof content.dueDate === 'string' ? DateTime.fromISO(content.dueDate, { zone: context.crmTimeZone }) : undefined;
		const days = due ? Math.round(due.startOf('day').diff(at.startOf('day'), 'days').days) : -1;
		const alarm =
			due && days >= 0
				? `ACTION=POPUP;TRIGGER=-P${days}D;TRIGGER_TIME=${at.toFormat('HH:mm')}`
				: `ACTION=POPUP;TRIGGER=DATE-TIME:${at.toFormat(ZOHO_DATE_TIME_FORMAT)}`;
		setPath(target, 'Remind_At', { ALARM: alarm }, existing);
	},
};

/** Zoho keeps reminders to the minute, so both sides compare them to the minute. */
function minuteAccess(path: string): FieldAccess {
	const access = pathAccess(path);
	return {
		...access,
		read: (item, context) => {
			const value = access.read(item, context);
			if (typeof value !== 'string') return value;
			const time = DateTime.fromISO(value, { setZone: true });
			return time.isValid ? time.startOf('minute').toISO() : value;
		},
	};
}

export function taskFieldMap(): FieldSpec[] {
	return [
		simpleField('subject', 'text', 'subject', 'Subject'),
		simpleField('body', 'multiline', 'body', 'Description'),
		{ field: 'status', kind: 'text', exchange: enumAccess('status', {}), crm: enumAccess('Status', TASK_STATUS_TO_ZOHO) },
		{
			field: 'importance',
			kind: 'text',
			exchange: enumAccess('importance', {}),
			crm: enumAccess('Priority', TASK_PRIORITY_TO_ZOHO, ZOHO_PRIORITY_ALIASES),
		},
		simpleField('dueDate', 'date', 'dueDate', 'Due_Date'),
		{ field: 'reminderAt', kind: 'instant', exchange: minuteAccess('reminderAt'), crm: zohoTaskReminder, dependsOn: ['dueDate'] },
	];
}

export const taskMatchRules: Record<string, MatchKey> = {
	subjectAndDueDate: (content) =>
		typeof content.subject === 'string' ? `${content.subject.toLowerCase()}|${content.dueDate ?? ''}` : null,
};
