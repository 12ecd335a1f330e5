import type { IDataObject } from 'n8n-workflow';
import { EventType, ItemEvent, ItemId, StreamingSubscriptionConnection } from 'ews-javascript-api';
import type { NotificationEventArgs, StreamingSubscription } from 'ews-javascript-api';
import type { AnyItemType } from '../../helpers/itemTypes';
import type { Watch, WatchRequest } from '../index';
import { classifyEwsError } from './errors';
import { fullPropertySet } from './ewsValues';
import { mappingOf, shapeOf } from './itemMappings';
import type { ExchangeSession } from './session';

/** Minutes a streaming connection stays open before Exchange closes it and we reopen it. */
const CONNECTION_LIFETIME_MINUTES = 30;
const RECONNECT_DELAY_MS = 5_000;

const EVENT_TYPES: Record<string, EventType[]> = {
	created: [EventType.Created],
	updated: [EventType.Modified],
	deleted: [EventType.Deleted, EventType.Moved],
};

interface MailboxWatch {
	mailbox?: string;
	subscription?: StreamingSubscription;
	connection?: StreamingSubscriptionConnection;
	/** The pending reopen after a dropped connection; cleared on close so nothing outlives the workflow. */
	reconnectTimer?: NodeJS.Timeout;
}

/**
 * Real time over EWS: one streaming subscription and connection per mailbox, held until closed.
 * Notifications say which items changed; the items are then read with one batched GetItem. A
 * dropped or expired connection is reopened (and the subscription renewed when Exchange no longer
 * knows it); closing unsubscribes.
 */
export async function watch(session: ExchangeSession, type: AnyItemType, request: WatchRequest): Promise<Watch> {
	const watches: MailboxWatch[] = request.mailboxes.map((mailbox) => ({ mailbox }));
	const folder = (mailbox?: string) => session.folder(mappingOf(type).folder, mailbox);
	let closing = false;

	const emitChanges = async (entry: MailboxWatch, args: NotificationEventArgs) => {
		const changes = await changesFrom(session, type, request.events, entry.mailbox, args);
		if (changes.length) request.onChanges(changes);
	};

	const subscribe = async (entry: MailboxWatch) => {
		const types = [...request.events].flatMap((event) => EVENT_TYPES[event] ?? []);
		entry.subscription = await session.call(entry.mailbox, async (service) =>
			await service.SubscribeToStreamingNotifications([folder(entry.mailbox)], ...types),
		);
	};

	// Reopens a connection after it ended: with the same subscription while Exchange knows it,
	// with a new one after a subscription error. A failure to resubscribe is reported.
	const reconnect = (entry: MailboxWatch) => {
		if (closing || entry.reconnectTimer) return;
		entry.reconnectTimer = setTimeout(() => {
			entry.reconnectTimer = undefined;
			start(entry).catch((error: Error) => request.onError(error));
		}, RECONNECT_DELAY_MS);
	};

	const connect = (entry: MailboxWatch) => {
		const connection = new StreamingSubscriptionConnection(session.service(entry.mailbox), CONNECTION_LIFETIME_MINUTES);
		connection.AddSubscription(entry.subscription as StreamingSubscription);
		connection.OnNotificationEvent.push((_, args) => {
			emitChanges(entry, args).catch((error: Error) => request.onError(error));
		});
		// Exchange ends every connection after its lifetime; errors end it too.
		connection.OnDisconnect.push(() => reconnect(entry));
		connection.OnSubscriptionError.push(() => {
			entry.subscription = undefined;
			connection.Close();
		});
		entry.connection = connection;
		// Open() settles only when the hanging request ends; a failure to connect lands here.
		connection.Open().catch((error: unknown) => {
			if (closing) return;
			request.warn(`streaming connection failed: ${session.error(classifyEwsError(error), entry.mailbox).message}`);
			entry.subscription = undefined;
			reconnect(entry);
		});
	};

	const start = async (entry: MailboxWatch) => {
		if (!entry.subscription) await subscribe(entry);
		connect(entry);
	};

	await Promise.all(watches.map(async (entry) => await start(entry)));

	return {
		close: async () => {
			closing = true;
			for (const entry of watches) {
				clearTimeout(entry.reconnectTimer);
				entry.connection?.Close();
				await entry.subscription?.Unsubscribe().catch((error: Error) => request.warn(`could not unsubscribe: ${error.message}`));
			}
		},
	};
}

async function changesFrom(
	session: ExchangeSession,
	type: AnyItemType,
	events: Set<string>,
	mailbox: string | undefined,
	args: NotificationEventArgs,
): Promise<IDataObject[]> {
	const mapping = mappingOf(type);
	const address = session.mailboxAddress(mailbox);
	const changes: IDataObject[] = [];
	const toLoad = new Map<string, string>();
	for (const event of args.Events) {
		if (!(event instanceof ItemEvent)) continue;
		if (event.EventType === EventType.Deleted || event.EventType === EventType.Moved) {
			if (events.has('deleted')) changes.push({ changeType: 'deleted', id: (event.OldItemId ?? event.ItemId).UniqueId, mailbox: address });
		} else {
			toLoad.set(event.ItemId.UniqueId, event.EventType === EventType.Created ? 'created' : 'updated');
		}
	}
	if (toLoad.size) {
		const ids = [...toLoad.keys()];
		const outcomes = await session.callBatch(mailbox, ids, async (service, part) =>
			await service.BindToItems(part.map((id) => new ItemId(id)), fullPropertySet(mapping.bodyType)),
		);
		outcomes.forEach((outcome, position) => {
			// An item gone again before we read it has nothing left to report.
			if (outcome.response) {
				changes.push({ changeType: toLoad.get(ids[position]), ...shapeOf(mapping, outcome.response.Item, address) });
			}
		});
	}
	return changes;
}
