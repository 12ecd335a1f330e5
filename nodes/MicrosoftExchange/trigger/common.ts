import type { IDataObject, IHookFunctions, INodeProperties, IPollFunctions, ITriggerFunctions, IWebhookFunctions } from 'n8n-workflow';
import { splitList } from '../helpers/fieldValues';
import type { AnyItemType } from '../helpers/itemTypes';
import { contactType } from '../helpers/itemTypes/contact';
import { eventType } from '../helpers/itemTypes/event';
import { messageType } from '../helpers/itemTypes/message';
import { taskType } from '../helpers/itemTypes/task';
import type { ExchangeTransport } from '../transport';
import { serverField } from '../descriptions/common.description';

const ITEM_TYPES: Record<string, AnyItemType> = {
	contact: contactType,
	task: taskType,
	event: eventType,
	message: messageType,
};

export const triggerProperties: INodeProperties[] = [
	serverField,
	{
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		options: [
			{
				name: 'Polling',
				value: 'polling',
				description: 'Ask Exchange for changes on the poll schedule (SyncFolderItems); nothing is missed between polls',
			},
			{
				name: 'Real-Time (Streaming)',
				value: 'streaming',
				description:
					"React within seconds. EWS: a streaming subscription. Microsoft 365: change notifications to n8n's webhook URL, which Microsoft must reach over public HTTPS; tasks are polled.",
			},
		],
		default: 'polling',
	},
	{
		displayName: 'Watch',
		name: 'itemType',
		type: 'options',
		options: [
			{ name: 'Calendar Items', value: 'event' },
			{ name: 'Contacts', value: 'contact' },
			{ name: 'Messages (Inbox)', value: 'message' },
			{ name: 'Tasks', value: 'task' },
		],
		default: 'contact',
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		options: [
			{ name: 'Created', value: 'created' },
			{ name: 'Deleted', value: 'deleted' },
			{ name: 'Updated', value: 'updated' },
		],
		default: ['created', 'updated'],
		description: 'Which changes start the workflow',
	},
	{
		displayName: 'Mailboxes',
		name: 'mailboxes',
		type: 'string',
		default: '',
		placeholder: 'alice@example.com, bob@example.com',
		description:
			"Comma-separated SMTP addresses to watch (EWS: impersonation or delegate access; Microsoft 365: mailboxes in the app's scope). Empty: the credential's own (EWS) or default (Microsoft 365) mailbox.",
	},
];

export interface TriggerSettings {
	type: AnyItemType;
	itemType: string;
	events: Set<string>;
	/** undefined stands for the credential's own mailbox. */
	mailboxes: Array<string | undefined>;
}

export function readSettings(context: IPollFunctions | ITriggerFunctions | IHookFunctions | IWebhookFunctions): TriggerSettings {
	const itemType = context.getNodeParameter('itemType', 'contact') as string;
	const mailboxes = splitList(String(context.getNodeParameter('mailboxes', '') ?? ''));
	return {
		type: ITEM_TYPES[itemType] ?? contactType,
		itemType,
		events: new Set(context.getNodeParameter('events', ['created', 'updated']) as string[]),
		mailboxes: mailboxes.length ? mailboxes : [undefined],
	};
}

/** A recent item of the first mailbox, so a manual test shows what the trigger emits. */
export async function sample(transport: ExchangeTransport, settings: TriggerSettings): Promise<IDataObject[]> {
	const [item] = await transport.findItems(settings.type, { mailbox: settings.mailboxes[0], filters: {}, limit: 1 });
	return item ? [{ changeType: 'created', itemType: settings.itemType, ...item }] : [];
}
