import type { IDataObject, ITriggerFunctions, ITriggerResponse } from 'n8n-workflow';
import { EventType, ItemEvent, ItemId, StreamingSubscriptionConnection } from 'ews-javascript-api';
import type { NotificationEventArgs, StreamingSubscription } from 'ews-javascript-api';
import { fullPropertySet } from './ewsValues';
import { classifyEwsError } from './errors';
import { ExchangeSession } from './session';
import { folderOf, readSettings, sample } from '../../trigger/common';
import type { TriggerSettings } from '../../trigger/common';

/** Minutes a streaming connection stays open before Exchange closes it and we reopen it. */
const CONNECTION_LIFETIME_MINUTES = 30;
const RECONNECT_DELAY_MS = 5_000;

const EVENT_TYPES: Record<string, EventType[]> = {
	created: [EventType.Created],
	updated: [EventType.Modified],
	deleted: [EventType.Deleted, EventType.Moved],
};

interface Watch {
	mailbox?: string;
	subscription?: StreamingSubscription;
	connection?: StreamingSubscriptionConnection;
	/** The pending reopen after a dropped connection; cleared on close so nothing outlives the workflow. */
	reconnectTimer?: NodeJS.Timeout;
}

/**
 * Real-time mode: one streaming subscription and connection per mailbox, held while the workflow
 * is active. Notifications say which items changed; the items are then read with one batched
 * GetItem and emitted. A dropped or expired connection is reopened (and the subscription renewed
 * when Exchange no longer knows it); closing the workflow unsubscribes.
 */
export async function trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
	const settings = readSettings(this);
	const session = await ExchangeSession.fromContext(this);
	if (this.getMode() === 'manual') {
		const emitSample = async () => this.emit([this.helpers.returnJsonArray(await sample(session, settings))]);
		return { manualTriggerFunction: emitSample };
	}
	const watches: Watch[] = settings.mailboxes.map((mailbox) => ({ mailbox }));
	let closing = false;

	const emitChanges = async (watch: Watch, args: NotificationEventArgs) => {
		const changes = await changesFrom(session, settings, watch.mailbox, args);
		if (changes.length) this.emit([this.helpers.returnJsonArray(changes)]);
	};

	const subscribe = async (watch: Watch) => {
		const types = [...settings.events].flatMap((event) => EVENT_TYPES[event] ?? []);
		watch.subscription = await session.call(watch.mailbox, async (service) =>
			await service.SubscribeToStreamingNotifications([folderOf(session, settings, watch.mailbox)], ...types),
		);
	};

	// Reopens a connection after it ended: with the same subscription while Exchange knows it,
	// with a new one after a subscription error. A failure to resubscribe is reported.
	const reconnect = (watch: Watch) => {
		if (closing || watch.reconnectTimer) return;
		watch.reconnectTimer = setTimeout(() => {
			watch.reconnectTimer = undefined;
			start(watch).catch((error: Error) => this.emitError(error));
		}, RECONNECT_DELAY_MS);
	};

	const connect = (watch: Watch) => {
		const connection = new StreamingSubscriptionConnection(session.service(watch.mailbox), CONNECTION_LIFETIME_MINUTES);
		connection.AddSubscription(watch.subscription as StreamingSubscription);
		connection.OnNotificationEvent.push((_, args) => {
			emitChanges(watch, args).catch((error: Error) => this.emitError(error));
		});
		// Exchange ends every connection after its lifetime; errors end it too.
		connection.OnDisconnect.push(() => reconnect(watch));
		connection.OnSubscriptionError.push(() => {
			watch.subscription = undefined;
			connection.Close();
		});
		watch.connection = connection;
		// Open() settles only when the hanging request ends; a failure to connect lands here.
		connection.Open().catch((error: unknown) => {
			if (closing) return;
			this.logger.warn(`Microsoft Exchange trigger: streaming connection failed: ${session.error(classifyEwsError(error), watch.mailbox).message}`);
			watch.subscription = undefined;
			reconnect(watch);
		});
	};

	const start = async (watch: Watch) => {
		if (!watch.subscription) await subscribe(watch);
		connect(watch);
	};

	await Promise.all(watches.map(async (watch) => await start(watch)));

	return {
		closeFunction: async () => {
			closing = true;
			for (const watch of watches) {
				clearTimeout(watch.reconnectTimer);
				watch.connection?.Close();
				await watch.subscription?.Unsubscribe().catch((error: Error) => this.logger.warn(`Microsoft Exchange trigger: could not unsubscribe: ${error.message}`));
			}
		},
	};
}

async function changesFrom(
	session: ExchangeSession,
	settings: TriggerSettings,
	mailbox: string | undefined,
	args: NotificationEventArgs,
): Promise<IDataObject[]> {
	const address = session.mailboxAddress(mailbox);
	const changes: IDataObject[] = [];
	const toLoad = new Map<string, string>();
	for (const event of args.Events) {
		if (!(event instanceof ItemEvent)) continue;
		if (event.EventType === EventType.Deleted || event.EventType === EventType.Moved) {
			if (settings.events.has('deleted')) changes.push({ changeType: 'deleted', itemType: settings.itemType, id: (event.OldItemId ?? event.ItemId).UniqueId, mailbox: address });
		} else {
			toLoad.set(event.ItemId.UniqueId, event.EventType === EventType.Created ? 'created' : 'updated');
		}
	}
	if (toLoad.size) {
		const ids = [...toLoad.keys()];
		const outcomes = await session.callBatch(mailbox, ids, async (service, part) =>
			await service.BindToItems(part.map((id) => new ItemId(id)), fullPropertySet(settings.kind.bodyType)),
		);
		outcomes.forEach((outcome, position) => {
			// An item gone again before we read it has nothing left to report.
			if (outcome.response) {
				changes.push({ changeType: toLoad.get(ids[position]), itemType: settings.itemType, ...settings.kind.toShape(outcome.response.Item, address) });
			}
		});
	}
	return changes;
}
