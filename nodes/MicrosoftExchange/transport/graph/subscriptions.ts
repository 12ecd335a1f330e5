import type { IDataObject } from 'n8n-workflow';
import type { AnyItemType } from '../../helpers/itemTypes';
import type { GraphClient } from './client';
import { graphMappingOf } from './itemMappings';

/** Outlook resources (messages, events, contacts): a subscription lasts at most this long. */
const MAX_SUBSCRIPTION_MINUTES = 10_080;
/** Asked for a little under the limit, so the clocks of n8n and Graph may differ. */
const SUBSCRIPTION_MINUTES = MAX_SUBSCRIPTION_MINUTES - 60;

/** A Graph change-notification subscription as the trigger keeps it apart. */
export interface GraphSubscription {
	id: string;
	resource: string;
	notificationUrl: string;
	expirationDateTime: string;
}

export interface SubscriptionRequest {
	resource: string;
	/** Where changes and lifecycle events are POSTed (one URL for both). */
	notificationUrl: string;
	clientState: string;
	changeTypes: string[];
}

/**
 * The resource a subscription watches for one item type in one mailbox (the collection delta and
 * finds read: contacts, events, the Inbox's messages), or undefined when Graph gives apps no change
 * notifications for it (To Do tasks, which are polled with delta instead).
 */
export function subscriptionResource(type: AnyItemType, mailbox: string): string | undefined {
	const mapping = graphMappingOf(type);
	if (!mapping?.changeNotifications) return undefined;
	return mapping.collectionPath(`users/${mailbox}`);
}

/** The expiration a new or renewed subscription asks for. */
export function nextExpiration(now = Date.now()): string {
	return new Date(now + SUBSCRIPTION_MINUTES * 60_000).toISOString();
}

function asSubscription(body: IDataObject): GraphSubscription {
	return {
		id: String(body.id),
		resource: String(body.resource ?? ''),
		notificationUrl: String(body.notificationUrl ?? ''),
		expirationDateTime: String(body.expirationDateTime ?? ''),
	};
}

/**
 * Graph's subscriptions API for the app (`/subscriptions`: create with the validation handshake
 * answered by the trigger's webhook, list, renew, reauthorize, delete). Calls are counted against
 * the mailbox they watch, like every other call for it.
 */
export class GraphSubscriptions {
	constructor(private readonly client: GraphClient) {}

	/** Every subscription of the app (Graph lists only the caller's own). */
	async list(mailbox: string): Promise<GraphSubscription[]> {
		const subscriptions: GraphSubscription[] = [];
		let path: string | undefined = '/subscriptions';
		while (path) {
			const page = await this.client.call(mailbox, { method: 'GET', path });
			subscriptions.push(...((page.value ?? []) as IDataObject[]).map(asSubscription));
			const next = page['@odata.nextLink'];
			path = typeof next === 'string' ? next : undefined;
		}
		return subscriptions;
	}

	async create(mailbox: string, request: SubscriptionRequest): Promise<GraphSubscription> {
		const body = {
			changeType: request.changeTypes.join(','),
			resource: request.resource,
			notificationUrl: request.notificationUrl,
			lifecycleNotificationUrl: request.notificationUrl,
			clientState: request.clientState,
			expirationDateTime: nextExpiration(),
		};
		return asSubscription(await this.client.call(mailbox, { method: 'POST', path: '/subscriptions', body }));
	}

	/** Moves the expiration to the longest Graph allows (also clears a pending reauthorization). */
	async renew(mailbox: string, id: string): Promise<GraphSubscription> {
		const path = `/subscriptions/${encodeURIComponent(id)}`;
		return asSubscription(await this.client.call(mailbox, { method: 'PATCH', path, body: { expirationDateTime: nextExpiration() } }));
	}

	/** Deletes a subscription; one already gone counts as deleted. */
	async remove(mailbox: string, id: string): Promise<void> {
		const response = await this.client.send(mailbox, { method: 'DELETE', path: `/subscriptions/${encodeURIComponent(id)}` });
		if (response.status >= 300 && response.status !== 404) throw this.client.error(response, mailbox, undefined, 'subscription');
	}
}
