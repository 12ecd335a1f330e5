/**
 * Real time over Microsoft 365: Graph change notifications, the n8n way for webhook triggers.
 *
 * - Activation (`create`) subscribes each watched mailbox's collection (contacts, events, Inbox
 *   messages) with one random clientState, notification URL = the node's webhook URL with the
 *   mailbox in its query, and notes each mailbox's delta cursor.
 * - `webhook()` answers Graph's validation handshake, refuses POSTs without the clientState
 *   (compared in constant time), acknowledges the rest at once with 202 and emits the changed items
 *   read by id through the transport (the same JSON as polling and EWS streaming give); lifecycle
 *   events renew (`reauthorizationRequired`), recreate (`subscriptionRemoved`) or catch up from
 *   the delta cursor (`missed`).
 * - The node's poll (n8n gives webhook nodes no timer) renews subscriptions nearing expiry,
 *   recreates lost ones, removes strays, moves the delta cursors on, and polls To Do tasks, for
 *   which Graph gives apps no notifications.
 *
 * Static data is written only at activation and by the poll, never by `webhook()`: n8n saves what a
 * webhook writes, but a poller of the same workflow keeps its own copy of the static data and
 * would overwrite it on its next save.
 */
import { DateTime as LuxonDateTime } from 'luxon';
import { NodeOperationError, randomString } from 'n8n-workflow';
import type { NodeApiError } from 'n8n-workflow';
import type { IDataObject, IHookFunctions, INodeExecutionData, IPollFunctions, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { collapseChanges } from '../helpers/changes';
import { GraphTransport } from '../transport/graph/transport';
import { GraphSubscriptions, subscriptionResource } from '../transport/graph/subscriptions';
import type { GraphSubscription } from '../transport/graph/subscriptions';
import { readSettings } from './common';
import type { TriggerSettings } from './common';
import { pollChanges, pollMailbox, stateKey } from './polling';
import type { PollCursor } from './polling';

/** A subscription with less than this left is renewed by the poll (Graph allows at most 7 days). */
const RENEW_WHEN_LEFT_MS = 3 * 86_400_000;
const CLIENT_STATE_LENGTH = 64;

/** What activation keeps for the webhook and the poll. */
interface NotificationState extends IDataObject {
	/** The secret every notification must carry. */
	clientState: string;
	/** The node's webhook URL when the subscriptions were made (the poll has no other way to know it). */
	webhookUrl: string;
}

interface TriggerState {
	graph?: NotificationState;
	cursors?: Record<string, PollCursor>;
}

interface Notification {
	subscriptionId?: string;
	clientState?: string | null;
	changeType?: string;
	lifecycleEvent?: string;
	resourceData?: { id?: string };
}

/** Whether `received` equals `expected`, taking as long whatever the received text. */
export function sameSecret(received: string, expected: string): boolean {
	let difference = received.length ^ expected.length;
	for (let index = 0; index < expected.length; index++) difference |= (received.charCodeAt(index) | 0) ^ expected.charCodeAt(index);
	return difference === 0;
}

/** Where Graph POSTs one mailbox's changes: the webhook URL, the mailbox in the query. */
function notificationUrl(webhookUrl: string, mailbox: string): string {
	return `${webhookUrl}${webhookUrl.includes('?') ? '&' : '?'}mailbox=${encodeURIComponent(mailbox)}`;
}

/** Whether a subscription was made for this webhook. */
function ofWebhook(subscription: GraphSubscription, webhookUrl: string): boolean {
	return subscription.notificationUrl === webhookUrl || subscription.notificationUrl.startsWith(notificationUrl(webhookUrl, ''));
}

interface Watched {
	/** As the node's Mailboxes names it (undefined: the credential's default mailbox). */
	mailbox: string | undefined;
	address: string;
	resource: string;
	url: string;
}

/** The subscriptions the node wants: one per mailbox. */
function watched(transport: GraphTransport, settings: TriggerSettings, webhookUrl: string): Watched[] {
	return settings.mailboxes.map((mailbox) => {
		const address = transport.mailboxAddress(mailbox);
		const resource = subscriptionResource(settings.type, address);
		if (!resource) throw new NodeOperationError(transport.client.node, `Microsoft 365 sends no change notifications for ${settings.type.noun}s`);
		return { mailbox, address, resource, url: notificationUrl(webhookUrl, address) };
	});
}

const sameResource = (subscription: GraphSubscription, wanted: Watched) =>
	subscription.notificationUrl === wanted.url && subscription.resource.toLowerCase() === wanted.resource.toLowerCase();

function subscribe(subscriptions: GraphSubscriptions, wanted: Watched, settings: TriggerSettings, clientState: string): Promise<GraphSubscription> {
	return subscriptions.create(wanted.address, { resource: wanted.resource, notificationUrl: wanted.url, clientState, changeTypes: [...settings.events] });
}

/** Whether Graph notifies this node's item type (else it is polled, also in real-time mode). */
export function notifiesOverGraph(context: IPollFunctions | IHookFunctions): boolean {
	return subscriptionResource(readSettings(context).type, 'mailbox') !== undefined;
}

/** n8n's webhook methods: the subscriptions live while the workflow is active. */
export const graphWebhookMethods = {
	async checkExists(this: IHookFunctions): Promise<boolean> {
		const state = (this.getWorkflowStaticData('node') as TriggerState).graph;
		const webhookUrl = this.getNodeWebhookUrl('default') as string;
		if (!state || state.webhookUrl !== webhookUrl) return false;
		const transport = await GraphTransport.fromContext(this);
		const wanted = watched(transport, readSettings(this), webhookUrl);
		const existing = await new GraphSubscriptions(transport.client).list(wanted[0].address);
		return wanted.every((entry) => existing.some((subscription) => sameResource(subscription, entry)));
	},

	async create(this: IHookFunctions): Promise<boolean> {
		const staticData = this.getWorkflowStaticData('node') as TriggerState;
		const webhookUrl = this.getNodeWebhookUrl('default') as string;
		const settings = readSettings(this);
		const transport = await GraphTransport.fromContext(this);
		const subscriptions = new GraphSubscriptions(transport.client);
		const wanted = watched(transport, settings, webhookUrl);
		for (const stale of (await subscriptions.list(wanted[0].address)).filter((subscription) => ofWebhook(subscription, webhookUrl))) {
			await subscriptions.remove(wanted[0].address, stale.id);
		}
		const state: NotificationState = { clientState: randomString(CLIENT_STATE_LENGTH), webhookUrl };
		// Cursors first: what changes from here on is either notified or found by a catch-up.
		const now = LuxonDateTime.utc().toISO() as string;
		const cursors: Record<string, PollCursor> = { ...(staticData.cursors ?? {}) };
		for (const entry of wanted) {
			cursors[stateKey(settings, entry.mailbox)] = { cursor: await transport.currentCursor(settings.type, entry.mailbox), lastPoll: now };
		}
		for (const entry of wanted) await subscribe(subscriptions, entry, settings, state.clientState);
		staticData.graph = state;
		staticData.cursors = cursors;
		return true;
	},

	async delete(this: IHookFunctions): Promise<boolean> {
		const staticData = this.getWorkflowStaticData('node') as TriggerState;
		const webhookUrl = staticData.graph?.webhookUrl ?? (this.getNodeWebhookUrl('default') as string);
		const transport = await GraphTransport.fromContext(this);
		const subscriptions = new GraphSubscriptions(transport.client);
		const mailbox = transport.mailboxAddress(readSettings(this).mailboxes[0]);
		for (const subscription of (await subscriptions.list(mailbox)).filter((entry) => ofWebhook(entry, webhookUrl))) {
			await subscriptions.remove(mailbox, subscription.id);
		}
		delete staticData.graph;
		return true;
	},
};

/**
 * The poll in real-time mode over Microsoft 365: keeps one subscription per mailbox alive (renewed
 * before it expires, recreated when gone, duplicates and strays removed), then follows the delta
 * cursors: emitting for To Do tasks, only moving them on for notified types.
 */
export async function graphRealtimePoll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const settings = readSettings(this);
	const transport = await GraphTransport.fromContext(this);
	if (!notifiesOverGraph(this)) {
		const emitted = await pollChanges(this, transport, settings);
		return emitted.length ? [this.helpers.returnJsonArray(emitted)] : null;
	}
	const state = (this.getWorkflowStaticData('node') as TriggerState).graph;
	if (!state) {
		this.logger.warn('Microsoft Exchange trigger: no Microsoft 365 subscriptions were made at activation; deactivate and activate the workflow');
		return null;
	}
	await keepSubscriptions(transport, settings, state);
	await pollChanges(this, transport, settings, false);
	return null;
}

async function keepSubscriptions(transport: GraphTransport, settings: TriggerSettings, state: NotificationState): Promise<void> {
	const subscriptions = new GraphSubscriptions(transport.client);
	const wanted = watched(transport, settings, state.webhookUrl);
	const mine = (await subscriptions.list(wanted[0].address)).filter((subscription) => ofWebhook(subscription, state.webhookUrl));
	const kept = new Set<string>();
	for (const entry of wanted) {
		const [first] = mine.filter((subscription) => sameResource(subscription, entry));
		if (!first) {
			await subscribe(subscriptions, entry, settings, state.clientState);
			continue;
		}
		kept.add(first.id);
		if (Date.parse(first.expirationDateTime) - Date.now() < RENEW_WHEN_LEFT_MS) await subscriptions.renew(entry.address, first.id);
	}
	// Duplicates (a recreation racing the poll) and mailboxes no longer watched.
	for (const stray of mine.filter((subscription) => !kept.has(subscription.id))) await subscriptions.remove(wanted[0].address, stray.id);
}

/**
 * Graph's POSTs: the validation handshake, change notifications and lifecycle events of this
 * node's subscriptions.
 */
export async function graphWebhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const response = this.getResponseObject();
	const query = this.getQueryData() as IDataObject;
	if (typeof query.validationToken === 'string') {
		response.status(200).type('text/plain').send(query.validationToken);
		return { noWebhookResponse: true };
	}
	const staticData = this.getWorkflowStaticData('node') as TriggerState;
	const settings = readSettings(this);
	const transport = await GraphTransport.fromContext(this);
	const address = String(query.mailbox ?? '');
	const mailbox = settings.mailboxes.find((entry) => transport.mailboxAddress(entry).toLowerCase() === address.toLowerCase());
	const notifications = (((this.getBodyData() as IDataObject).value ?? []) as Notification[]).filter((notification) =>
		sameSecret(String(notification.clientState ?? ''), staticData.graph?.clientState ?? ''),
	);
	if (!staticData.graph || notifications.length === 0 || (mailbox === undefined && !settings.mailboxes.includes(undefined))) {
		response.status(403).json({ error: 'unknown subscription or wrong clientState' });
		return { noWebhookResponse: true };
	}
	// Graph wants an answer within 3 seconds: acknowledge, then read.
	response.status(202).end();
	const notified: IDataObject[] = [];
	const caughtUp: IDataObject[] = [];
	for (const notification of notifications) {
		if (notification.lifecycleEvent) caughtUp.push(...(await lifecycle(transport, settings, staticData, mailbox, address, notification)));
		else if (notification.resourceData?.id && notification.changeType) notified.push({ changeType: notification.changeType, id: notification.resourceData.id, mailbox: address });
	}
	const changes = collapseChanges([...caughtUp, ...(await readNotified(transport, settings, mailbox, collapseChanges(notified)))]);
	const items = changes.filter((change) => settings.events.has(String(change.changeType))).map((change) => ({ itemType: settings.itemType, ...change }));
	return { noWebhookResponse: true, workflowData: items.length ? [this.helpers.returnJsonArray(items)] : undefined };
}

/**
 * Notified changes as the trigger emits them: created and updated items read by id through the
 * transport (one deleted since is left to its own `deleted` notification), deleted ones as
 * `{ changeType, id, mailbox }`.
 */
async function readNotified(transport: GraphTransport, settings: TriggerSettings, mailbox: string | undefined, changes: IDataObject[]): Promise<IDataObject[]> {
	const toRead = changes.filter((change) => change.changeType !== 'deleted');
	const read = await transport.getItems(
		settings.type,
		toRead.map((change, itemIndex) => ({ itemIndex, mailbox, id: String(change.id) })),
	);
	const items = new Map<unknown, IDataObject>();
	for (const result of read) {
		if (result.error && (result.error as NodeApiError).httpCode !== '404') throw result.error;
		const item = result.items?.[0]?.json;
		if (item) items.set(toRead[result.itemIndex].id, item);
	}
	const shaped: IDataObject[] = [];
	for (const change of changes) {
		if (change.changeType === 'deleted') shaped.push(change);
		else if (items.has(change.id)) shaped.push({ changeType: change.changeType, ...items.get(change.id) });
	}
	return shaped;
}

/** A lifecycle event: the changes it brings (a `missed` catch-up), after renewing or recreating. */
async function lifecycle(
	transport: GraphTransport,
	settings: TriggerSettings,
	staticData: TriggerState,
	mailbox: string | undefined,
	address: string,
	notification: Notification,
): Promise<IDataObject[]> {
	const subscriptions = new GraphSubscriptions(transport.client);
	const state = staticData.graph as NotificationState;
	if (notification.lifecycleEvent === 'reauthorizationRequired' && notification.subscriptionId) {
		await subscriptions.renew(address, notification.subscriptionId);
	} else if (notification.lifecycleEvent === 'subscriptionRemoved') {
		const [entry] = watched(transport, { ...settings, mailboxes: [mailbox] }, state.webhookUrl);
		await subscribe(subscriptions, entry, settings, state.clientState);
	} else if (notification.lifecycleEvent === 'missed') {
		const previous = staticData.cursors?.[stateKey(settings, mailbox)];
		if (!previous) return [];
		// From the poll's cursor, without moving it (the poll owns it): a catch-up may repeat changes already emitted.
		const caughtUp = await pollMailbox(transport, settings, mailbox, previous, LuxonDateTime.utc().toISO() as string);
		return caughtUp.changes;
	}
	return [];
}
