import type { IDataObject, INodeProperties, IPollFunctions, ITriggerFunctions } from 'n8n-workflow';
import type { FolderId } from 'ews-javascript-api';
import { contactKind } from '../transport/ews/contactMapping';
import { eventKind } from '../transport/ews/eventMapping';
import { splitList } from '../helpers/fieldValues';
import { findItems } from '../transport/ews/itemOperations';
import type { AnyItemKind } from '../transport/ews/itemOperations';
import { messageKind } from '../transport/ews/messageMapping';
import { taskKind } from '../transport/ews/taskMapping';
import type { ExchangeSession } from '../transport/ews/session';

export const ITEM_KINDS: Record<string, AnyItemKind> = {
	contact: contactKind,
	task: taskKind,
	event: eventKind,
	message: messageKind,
};

export const triggerProperties: INodeProperties[] = [
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
				description: 'Keep a streaming subscription open and react within seconds',
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
		description: "Comma-separated SMTP addresses to watch (impersonation or delegate access). Empty: the credential's own mailbox.",
	},
];

export interface TriggerSettings {
	kind: AnyItemKind;
	itemType: string;
	events: Set<string>;
	/** undefined stands for the credential's own mailbox. */
	mailboxes: Array<string | undefined>;
}

export function readSettings(context: IPollFunctions | ITriggerFunctions): TriggerSettings {
	const itemType = context.getNodeParameter('itemType', 'contact') as string;
	const mailboxes = splitList(String(context.getNodeParameter('mailboxes', '') ?? ''));
	return {
		kind: ITEM_KINDS[itemType] ?? contactKind,
		itemType,
		events: new Set(context.getNodeParameter('events', ['created', 'updated']) as string[]),
		mailboxes: mailboxes.length ? mailboxes : [undefined],
	};
}

export function folderOf(session: ExchangeSession, settings: TriggerSettings, mailbox?: string): FolderId {
	return session.folder(settings.kind.folder, mailbox);
}

/** A recent item of the first mailbox, so a manual test shows what the trigger emits. */
export async function sample(session: ExchangeSession, settings: TriggerSettings): Promise<IDataObject[]> {
	const mailbox = settings.mailboxes[0];
	const [item] = await findItems(session, settings.kind, mailbox, folderOf(session, settings, mailbox), undefined, 1);
	return item ? [{ changeType: 'created', itemType: settings.itemType, ...item }] : [];
}
