/**
 * Event notifications: pull (Subscribe + GetEvents), push (SendNotification POSTed to the
 * subscriber, honouring its Unsubscribe answer) and streaming (GetStreamingEvents as a chunked
 * response of unprefixed `<Envelope>` frames, which is what ews-javascript-api looks for).
 */
import http from 'node:http';
import https from 'node:https';
import type { OperationContext } from './context';
import { resolveFolder } from './context';
import { EwsError, responseMessages, SERVER_VERSION } from './soap';
import type { ExchangeStore, StoreEvent } from './store';
import { child, children, isTrue, NS, textOf, xml, type RawXml, type XNode } from './xml';

interface Subscription {
	id: string;
	kind: 'pull' | 'push' | 'streaming';
	mailbox: string;
	/** Folder ids watched; undefined means every folder. */
	folderIds?: Set<string>;
	eventTypes: Set<string>;
	pending: StoreEvent[];
	/** Sequence number of the last event handed out. */
	watermark: number;
	url?: string;
	statusTimer?: NodeJS.Timeout;
	/** Open GetStreamingEvents connections waiting for events. */
	streams: Set<(events: StoreEvent[]) => void>;
}

const encodeWatermark = (seq: number) => Buffer.from(`wm:${seq}`).toString('base64');

function decodeWatermark(value: string | undefined): number | undefined {
	const match = /^wm:(\d+)$/.exec(Buffer.from(value ?? '', 'base64').toString('utf8'));
	return match ? Number(match[1]) : undefined;
}

export class Notifications {
	private subscriptions = new Map<string, Subscription>();
	private serial = 0;
	private pushesInFlight = new Set<Promise<void>>();

	constructor(private readonly store: ExchangeStore) {
		store.onEvent((event) => this.dispatch(event));
	}

	clear(): void {
		for (const subscription of this.subscriptions.values()) this.close(subscription);
		this.subscriptions.clear();
	}

	list(): Array<{ id: string; kind: string; mailbox: string; url?: string }> {
		return [...this.subscriptions.values()].map(({ id, kind, mailbox, url }) => ({ id, kind, mailbox, url }));
	}

	private close(subscription: Subscription): void {
		clearInterval(subscription.statusTimer);
		for (const stream of subscription.streams) stream([]);
		this.subscriptions.delete(subscription.id);
	}

	private dispatch(storeEvent: StoreEvent): void {
		let event = storeEvent;
		for (const subscription of this.subscriptions.values()) {
			if (subscription.mailbox !== event.mailbox || !subscription.eventTypes.has(event.kind)) continue;
			const folders = subscription.folderIds;
			// An event concerns the folder it happened in (and the one an item left); a folder's own modification concerns that folder.
			const concerned = [event.folderId, event.oldFolderId, event.isFolder && event.kind === 'ModifiedEvent' ? event.itemId : undefined];
			if (folders && !concerned.some((id) => id && folders.has(id))) continue;
			// The folder's unread count as the change left it, counted once and only when someone is told.
			if (event.contentsChanged && event.unreadCount === undefined) event = { ...event, unreadCount: this.unreadCount(event.mailbox, event.itemId) };
			subscription.pending.push(event);
			if (subscription.kind === 'streaming' && subscription.streams.size > 0) setImmediate(() => this.flushStreams(subscription));
			if (subscription.kind === 'push') setImmediate(() => this.flushPush(subscription));
		}
	}

	private take(subscription: Subscription): { previous: number; events: StoreEvent[] } {
		const previous = subscription.watermark;
		const events = subscription.pending.splice(0);
		if (events.length > 0) subscription.watermark = events[events.length - 1].seq;
		return { previous, events };
	}

	private flushStreams(subscription: Subscription): void {
		if (subscription.pending.length === 0) return;
		const events = subscription.pending.splice(0);
		for (const stream of subscription.streams) stream(events);
	}

	private eventXml(event: StoreEvent): RawXml {
		const item = event.isFolder ? undefined : this.store.findItem(event.itemId);
		const folder = (id: string) => this.store.mailbox(event.mailbox)?.folders.get(id);
		const folderId = (tag: string, id: string) => xml(tag, { Id: id, ChangeKey: folder(id)?.changeKey });
		const moved = event.kind === 'MovedEvent' || event.kind === 'CopiedEvent';
		return xml(
			`t:${event.kind}`,
			{},
			xml('t:Watermark', {}, encodeWatermark(event.seq)),
			xml('t:TimeStamp', {}, event.timeStamp),
			event.isFolder ? folderId('t:FolderId', event.itemId) : xml('t:ItemId', { Id: event.itemId, ChangeKey: item?.id === event.itemId ? item.changeKey : undefined }),
			folderId('t:ParentFolderId', event.folderId),
			moved && event.oldItemId ? xml(event.isFolder ? 't:OldFolderId' : 't:OldItemId', { Id: event.oldItemId }) : undefined,
			moved && event.oldFolderId ? folderId('t:OldParentFolderId', event.oldFolderId) : undefined,
			event.unreadCount === undefined ? undefined : xml('t:UnreadCount', {}, event.unreadCount),
		);
	}

	/** A folder's unread items. */
	private unreadCount(smtp: string, folderId: string): number {
		const mailbox = this.store.mailbox(smtp);
		return mailbox ? this.store.itemsIn(mailbox, folderId).filter((item) => item.props.get('IsRead')?.text === 'false').length : 0;
	}

	/** A `t:Notification` body: the events, or a StatusEvent when there are none. */
	private notificationContent(subscription: Subscription, previous: number, events: StoreEvent[]): RawXml[] {
		return [
			xml('t:SubscriptionId', {}, subscription.id),
			xml('t:PreviousWatermark', {}, encodeWatermark(previous)),
			xml('t:MoreEvents', {}, false),
			...(events.length > 0
				? events.map((e) => this.eventXml(e))
				: [xml('t:StatusEvent', {}, xml('t:Watermark', {}, encodeWatermark(subscription.watermark)))]),
		];
	}

	subscribe(context: OperationContext, operation: XNode): RawXml {
		const request = operation.children[0];
		const kinds: Record<string, Subscription['kind']> = {
			PullSubscriptionRequest: 'pull',
			PushSubscriptionRequest: 'push',
			StreamingSubscriptionRequest: 'streaming',
		};
		const kind = kinds[request?.name ?? ''];
		if (!kind) throw new EwsError('ErrorInvalidRequest', 'Unknown subscription request.');
		const folders = children(child(request, 'FolderIds')).map((node) => resolveFolder(context, node));
		const start = decodeWatermark(textOf(request, 'Watermark')) ?? this.store.currentSeq;
		const subscription: Subscription = {
			id: Buffer.from(`sub:${++this.serial}:${context.mailbox.smtp}`).toString('base64'),
			kind,
			mailbox: folders[0]?.mailbox ?? context.mailbox.smtp,
			folderIds: isTrue(request.attrs.SubscribeToAllFolders) ? undefined : new Set(folders.map((f) => f.id)),
			eventTypes: new Set(children(child(request, 'EventTypes')).map((e) => e.text)),
			pending: [],
			watermark: start,
			url: textOf(request, 'URL'),
			streams: new Set(),
		};
		this.subscriptions.set(subscription.id, subscription);
		if (kind === 'push') {
			const minutes = Number(textOf(request, 'StatusFrequency') ?? 30);
			subscription.statusTimer = setInterval(() => void this.push(subscription, subscription.watermark, []), minutes * 60_000);
			subscription.statusTimer.unref();
		}
		return responseMessages('Subscribe', [
			[xml('m:SubscriptionId', {}, subscription.id), xml('m:Watermark', {}, encodeWatermark(subscription.watermark))],
		]);
	}

	private find(context: OperationContext, id: string | undefined): Subscription {
		const subscription = this.subscriptions.get(id ?? '');
		if (!subscription) throw new EwsError('ErrorSubscriptionNotFound', 'The specified subscription was not found.');
		if (subscription.mailbox !== context.mailbox.smtp && !context.caller.impersonation) {
			throw new EwsError('ErrorSubscriptionAccessDenied', 'The subscription can only be used by its creator.');
		}
		return subscription;
	}

	getEvents(context: OperationContext, operation: XNode): RawXml {
		try {
			const subscription = this.find(context, textOf(operation, 'SubscriptionId'));
			const { previous, events } = this.take(subscription);
			return responseMessages('GetEvents', [[xml('m:Notification', {}, this.notificationContent(subscription, previous, events))]]);
		} catch (error) {
			if (error instanceof EwsError) return responseMessages('GetEvents', [error]);
			throw error;
		}
	}

	unsubscribe(context: OperationContext, operation: XNode): RawXml {
		try {
			this.close(this.find(context, textOf(operation, 'SubscriptionId')));
			return responseMessages('Unsubscribe', [[]]);
		} catch (error) {
			if (error instanceof EwsError) return responseMessages('Unsubscribe', [error]);
			throw error;
		}
	}

	/** Pushes events (or a status ping) to a push subscriber; "Unsubscribe" ends the subscription. */
	private push(subscription: Subscription, previous: number, events: StoreEvent[]): Promise<void> {
		const body =
			`<?xml version="1.0" encoding="utf-8"?><soap11:Envelope xmlns:soap11="${NS.soap}"><soap11:Header>` +
			`<t:RequestServerVersion xmlns:t="${NS.types}" Version="Exchange2010"/></soap11:Header><soap11:Body>` +
			xml(
				'm:SendNotification',
				{ 'xmlns:m': NS.messages, 'xmlns:t': NS.types },
				xml(
					'm:ResponseMessages',
					{},
					xml(
						'm:SendNotificationResponseMessage',
						{ ResponseClass: 'Success' },
						xml('m:ResponseCode', {}, 'NoError'),
						xml('m:Notification', {}, this.notificationContent(subscription, previous, events)),
					),
				),
			).raw +
			`</soap11:Body></soap11:Envelope>`;
		const url = new URL(subscription.url!);
		const transport = url.protocol === 'https:' ? https : http;
		const delivery = new Promise<void>((resolve) => {
			const request = transport.request(
				url,
				{
					method: 'POST',
					rejectUnauthorized: false,
					headers: {
						'Content-Type': 'text/xml; charset=utf-8',
						SOAPAction: `${NS.messages}/SendNotification`,
						'Content-Length': Buffer.byteLength(body),
					},
					timeout: 10_000,
				},
				(response) => {
					let answer = '';
					response.setEncoding('utf8');
					response.on('data', (chunk: string) => (answer += chunk));
					response.on('end', () => {
						if (/SubscriptionStatus>\s*Unsubscribe\s*</.test(answer)) this.close(subscription);
						resolve();
					});
				},
			);
			request.on('error', () => resolve());
			request.on('timeout', () => request.destroy());
			request.end(body);
		});
		this.pushesInFlight.add(delivery);
		void delivery.finally(() => this.pushesInFlight.delete(delivery));
		return delivery;
	}

	private flushPush(subscription: Subscription): void {
		if (subscription.pending.length === 0 || !this.subscriptions.has(subscription.id)) return;
		const { previous, events } = this.take(subscription);
		void this.push(subscription, previous, events);
	}

	/** Answers GetStreamingEvents: frames as events happen, until ConnectionTimeout minutes pass. */
	stream(context: OperationContext, operation: XNode, res: http.ServerResponse, check: (frame: string) => string | undefined): void {
		const ids = children(child(operation, 'SubscriptionIds')).map((n) => n.text);
		let subscriptions: Subscription[];
		try {
			subscriptions = ids.map((id) => this.find(context, id));
		} catch (error) {
			if (!(error instanceof EwsError)) throw error;
			const text = frame(responseMessages('GetStreamingEvents', [error]));
			res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8' });
			res.end(check(text) ?? text);
			return;
		}
		res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8' });
		const write = (content: RawXml[]) => {
			const text = frame(responseMessages('GetStreamingEvents', [content]));
			res.write(check(text) ?? text);
		};
		const status = (value: 'OK' | 'Closed') => write([xml('m:ConnectionStatus', {}, value)]);
		const minutes = Math.min(30, Math.max(1, Number(textOf(operation, 'ConnectionTimeout') ?? 30)));
		let open = true;
		const listeners = new Map<Subscription, (events: StoreEvent[]) => void>();
		const finish = () => {
			if (!open) return;
			open = false;
			clearTimeout(closer);
			clearInterval(heartbeat);
			for (const [subscription, listener] of listeners) subscription.streams.delete(listener);
			if (!res.writableEnded && !res.destroyed) {
				status('Closed');
				res.end();
			}
		};
		for (const subscription of subscriptions) {
			const listener = (events: StoreEvent[]) => {
				if (events.length === 0) return finish();
				const previous = subscription.watermark;
				subscription.watermark = events[events.length - 1].seq;
				write([xml('m:Notifications', {}, xml('t:Notification', {}, this.notificationContent(subscription, previous, events)))]);
			};
			listeners.set(subscription, listener);
			subscription.streams.add(listener);
		}
		status('OK');
		for (const subscription of subscriptions) this.flushStreams(subscription);
		const closer = setTimeout(finish, minutes * 60_000);
		const heartbeat = setInterval(() => status('OK'), 30_000);
		res.on('close', finish);
	}
}

/** One streaming frame: an unprefixed Envelope, as real Exchange writes it (CLIENT-NOTES §0.4). */
function frame(body: RawXml): string {
	return (
		`<Envelope xmlns="${NS.soap}"><soap11:Header xmlns:soap11="${NS.soap}">${SERVER_VERSION.raw}</soap11:Header>` +
		`<soap11:Body xmlns:soap11="${NS.soap}">${body.raw}</soap11:Body></Envelope>`
	);
}
