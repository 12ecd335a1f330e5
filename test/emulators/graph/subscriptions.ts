/**
 * Change notifications (POST /v1.0/subscriptions) for Outlook resources: messages (all or one
 * mail folder), events (the calendar), contacts (the Contacts folder or one contact folder). A
 * subscription is created only after the validation handshake (POST `?validationToken=…` to the
 * notificationUrl, and to the lifecycleNotificationUrl when given, answered 200 text/plain with
 * the token within 10 s); its lifetime is at most 10,080 minutes; PATCH renews it, DELETE ends
 * it. Every change of the store (made through EWS, Graph or the control API) that the
 * subscription watches is POSTed to the subscriber: created, updated or deleted, with the
 * clientState and the item's id (immutable when the subscription was created with `Prefer:
 * IdType="ImmutableId"`). Lifecycle notifications (reauthorizationRequired, subscriptionRemoved,
 * missed) are sent when the control API asks. To Do tasks have no app-only notifications.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { StoreEvent, StoredItem } from '../exchange/store';
import { isMessageKind } from '../exchange/store';
import { badRequest, GraphError, type GraphResponse } from './errors';
import { isExchangePermission } from './identity/apps';
import type { GraphFront } from './front';
import { preferences } from './front';
import { pathSegments, type RouteContext } from './router';
import { PERMISSIONS } from './permissions';
import { etag } from './resources/common';
import { graphFolderId, restId, resolveUser, userObjectId } from './resources/ids';
import { findFolder } from './routes/items';

/** Outlook resources' longest subscription (Graph's documented maximum for them). */
export const MAX_SUBSCRIPTION_MINUTES = 10_080;
const VALIDATION_TIMEOUT_MS = 10_000;
const DELIVERY_TIMEOUT_MS = 3_000;
const SUBSCRIPTION_TYPE = 'microsoft.graph.subscription';
const CHANGE_TYPES = new Set(['created', 'updated', 'deleted']);
const MAIL_FOLDERS: Record<string, string> = { inbox: 'inbox', sentitems: 'sentitems', drafts: 'drafts', deleteditems: 'deleteditems', junkemail: 'junkemail', outbox: 'outbox', archive: 'archive' };

type Kind = 'messages' | 'events' | 'contacts';

interface Subscription {
	id: string;
	resource: string;
	changeTypes: Set<string>;
	notificationUrl: string;
	lifecycleNotificationUrl?: string;
	clientState?: string;
	expirationDateTime: string;
	applicationId: string;
	creatorId: string;
	immutable: boolean;
	mailbox: string;
	kind: Kind;
	/** The folders watched; null: every folder holding the kind (a mailbox's messages). */
	folderIds: Set<string> | null;
	needsReauthorization: boolean;
	timer?: NodeJS.Timeout;
}

export interface Delivery {
	subscriptionId: string;
	url: string;
	kind: 'notification' | 'lifecycle' | 'validation';
	changeTypes?: string[];
	lifecycleEvent?: string;
	status: number;
	error?: string;
	at: string;
}

const ENTITY: Record<Kind, string> = { messages: 'Messages', events: 'Events', contacts: 'Contacts' };
const ODATA_TYPE: Record<Kind, string> = { messages: '#Microsoft.Graph.Message', events: '#Microsoft.Graph.Event', contacts: '#Microsoft.Graph.Contact' };
const KIND_OF = (item: { kind: string }): Kind | undefined => (item.kind === 'Contact' ? 'contacts' : item.kind === 'CalendarItem' ? 'events' : isMessageKind(item.kind as StoredItem['kind']) ? 'messages' : undefined);

/** POSTs a body to a loopback URL; resolves with the status (0 when it failed) and the answer. */
function post(url: string, body: string, contentType: string, timeoutMs: number): Promise<{ status: number; text: string; contentType: string; error?: string }> {
	return new Promise((resolve) => {
		const target = new URL(url);
		const transport = target.protocol === 'https:' ? https : http;
		const request = transport.request(target, { method: 'POST', rejectUnauthorized: false, timeout: timeoutMs, headers: { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) } }, (response) => {
			let text = '';
			response.setEncoding('utf8');
			response.on('data', (chunk: string) => (text += chunk));
			response.on('end', () => resolve({ status: response.statusCode ?? 0, text, contentType: String(response.headers['content-type'] ?? '') }));
		});
		request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
		request.on('error', (error) => resolve({ status: 0, text: '', contentType: '', error: error.message }));
		request.end(body);
	});
}

function isLoopback(url: string): boolean {
	try {
		const { hostname, protocol } = new URL(url);
		return (protocol === 'http:' || protocol === 'https:') && ['127.0.0.1', 'localhost', '[::1]', '::1'].includes(hostname);
	} catch {
		return false;
	}
}

export class Subscriptions {
	private readonly subscriptions = new Map<string, Subscription>();
	readonly deliveries: Delivery[] = [];
	/** Each watched item's kind and immutable id, so a deletion (the item already gone) can still be told. */
	private readonly known = new Map<string, { kind: Kind; immutableId: string; changeKey: string }>();
	private readonly queue = new Map<string, Array<Record<string, unknown>>>();
	private flushScheduled = false;

	constructor(private readonly front: GraphFront) {
		front.store.onEvent((event) => this.onStoreEvent(event));
	}

	clear(): void {
		for (const subscription of this.subscriptions.values()) clearTimeout(subscription.timer);
		this.subscriptions.clear();
		this.deliveries.length = 0;
		this.known.clear();
		this.queue.clear();
	}

	list(): Array<Record<string, unknown>> {
		return [...this.subscriptions.values()].map((s) => this.json(s));
	}

	private json(subscription: Subscription): Record<string, unknown> {
		return {
			id: subscription.id,
			resource: subscription.resource,
			applicationId: subscription.applicationId,
			changeType: [...subscription.changeTypes].join(','),
			clientState: subscription.clientState ?? null,
			notificationUrl: subscription.notificationUrl,
			notificationQueryOptions: null,
			lifecycleNotificationUrl: subscription.lifecycleNotificationUrl ?? null,
			expirationDateTime: subscription.expirationDateTime,
			creatorId: subscription.creatorId,
			includeResourceData: false,
			latestSupportedTlsVersion: 'v1_2',
			encryptionCertificate: null,
			encryptionCertificateId: null,
			notificationUrlAppId: null,
		};
	}

	private answer(context: RouteContext, subscription: Subscription, status = 200): GraphResponse {
		return { status, body: { '@odata.context': context.link('$metadata#subscriptions/$entity'), ...this.json(subscription) }, shape: { entity: SUBSCRIPTION_TYPE } };
	}

	private record(delivery: Omit<Delivery, 'at'>): void {
		this.deliveries.push({ ...delivery, at: new Date().toISOString() });
		if (this.deliveries.length > 1000) this.deliveries.shift();
	}

	private expiration(value: unknown): string {
		const time = typeof value === 'string' ? Date.parse(value) : NaN;
		if (Number.isNaN(time)) throw badRequest('expirationDateTime is required and must be a date-time.', 'InvalidRequest');
		const now = this.front.store.now().getTime();
		if (time <= now) throw new GraphError(400, 'ExtensionError', 'Operation: Create; Exception: [Status Code: BadRequest; Reason: Subscription expiration date must be in the future.]');
		if (time > now + MAX_SUBSCRIPTION_MINUTES * 60_000) {
			throw new GraphError(400, 'ExtensionError', `Operation: Create; Exception: [Status Code: BadRequest; Reason: Subscription expiration can only be ${MAX_SUBSCRIPTION_MINUTES} minutes in the future.]`);
		}
		return new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z');
	}

	/** Which mailbox, kind and folders a resource path names; the permissions it needs. */
	private target(context: RouteContext, resource: string): { mailbox: string; kind: Kind; folderIds: Set<string> | null; permissions: string[] } {
		const invalid = () => new GraphError(400, 'ExtensionError', 'Operation: Create; Exception: [Status Code: BadRequest; Reason: Invalid resource specified in payload]');
		const segments = pathSegments(resource.split('?')[0]);
		const lower = segments.map((s) => s.toLowerCase());
		if (lower[0] === 'me') throw badRequest('/me request is only valid with delegated authentication flow.');
		if (lower[0] !== 'users' || segments.length < 3) throw invalid();
		const mailbox = resolveUser(this.front.store, segments[1]);
		if (!mailbox) throw new GraphError(404, 'ErrorInvalidUser', `The requested user '${segments[1]}' is invalid.`);
		const scoped = { ...context, mailbox };
		const rest = lower.slice(2).join('/');
		if (lower[2] === 'todo') {
			throw new GraphError(403, 'ExtensionError', 'Operation: Create; Exception: [Status Code: Forbidden; Reason: Change notifications for To Do tasks are available with delegated permissions only.]');
		}
		if (rest === 'messages') return { mailbox: mailbox.smtp, kind: 'messages', folderIds: null, permissions: PERMISSIONS.mailRead };
		if (lower[2] === 'mailfolders' && lower[4] === 'messages' && segments.length === 5) {
			return { mailbox: mailbox.smtp, kind: 'messages', folderIds: new Set([findFolder(scoped, segments[3], MAIL_FOLDERS).id]), permissions: PERMISSIONS.mailRead };
		}
		if (rest === 'events' || rest === 'calendar/events') {
			return { mailbox: mailbox.smtp, kind: 'events', folderIds: new Set([this.front.store.distinguished(mailbox, 'calendar')!.id]), permissions: PERMISSIONS.calendarsRead };
		}
		if (rest === 'contacts') return { mailbox: mailbox.smtp, kind: 'contacts', folderIds: new Set([this.front.store.distinguished(mailbox, 'contacts')!.id]), permissions: PERMISSIONS.contactsRead };
		if (lower[2] === 'contactfolders' && lower[4] === 'contacts' && segments.length === 5) {
			return { mailbox: mailbox.smtp, kind: 'contacts', folderIds: new Set([findFolder(scoped, segments[3], { contacts: 'contacts' }).id]), permissions: PERMISSIONS.contactsRead };
		}
		throw invalid();
	}

	/** The validation handshake: the endpoint must echo the token, as text/plain, with 200, within 10 s. */
	private async validate(subscriptionId: string, url: string): Promise<void> {
		if (!isLoopback(url)) throw new GraphError(400, 'ValidationError', `Subscription validation request failed. The local server only notifies loopback addresses (127.0.0.1, localhost); '${url}' is not one.`);
		const token = `Validation: Testing client application reachability for subscription Request-Id: ${crypto.randomUUID()}`;
		const target = new URL(url);
		target.searchParams.set('validationToken', token);
		const answer = await post(target.toString(), '', 'text/plain; charset=utf-8', VALIDATION_TIMEOUT_MS);
		this.record({ subscriptionId, url, kind: 'validation', status: answer.status, error: answer.error });
		if (answer.status !== 200 || answer.text !== token || !answer.contentType.toLowerCase().includes('text/plain')) {
			const why = answer.error ?? (answer.status !== 200 ? `it answered ${answer.status}` : answer.text !== token ? 'it did not echo the validation token' : 'its answer was not text/plain');
			throw new GraphError(400, 'ValidationError', `Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request (${why}).`);
		}
	}

	private checkAccess(context: RouteContext, mailbox: string, permissions: string[]): void {
		const roles = new Set(context.call.claims.roles ?? []);
		if (!permissions.some((permission) => roles.has(permission))) {
			throw new GraphError(403, 'ExtensionError', `Operation: Create; Exception: [Status Code: Forbidden; Reason: Missing role permissions on the request. API requires one of '${permissions.join(', ')}'. Roles on the request '${[...roles].join(', ')}'.]`);
		}
		if (permissions.some(isExchangePermission) && !this.front.tenant.inScope(context.call.app, mailbox)) {
			throw new GraphError(403, 'ExtensionError', 'Operation: Create; Exception: [Status Code: Forbidden; Reason: Access is denied. Check credentials and try again.]');
		}
	}

	async create(context: RouteContext): Promise<GraphResponse> {
		const body = context.body;
		const resource = String(body.resource ?? '');
		const changeTypes = new Set(String(body.changeType ?? '').split(',').map((s) => s.trim()).filter(Boolean));
		if (changeTypes.size === 0 || [...changeTypes].some((type) => !CHANGE_TYPES.has(type))) throw badRequest(`changeType must be created, updated and/or deleted, comma-separated; got '${String(body.changeType ?? '')}'.`, 'InvalidRequest');
		if (typeof body.notificationUrl !== 'string') throw badRequest('notificationUrl is required.', 'InvalidRequest');
		if (body.clientState !== undefined && body.clientState !== null && String(body.clientState).length > 128) throw badRequest('clientState is at most 128 characters.', 'InvalidRequest');
		const expirationDateTime = this.expiration(body.expirationDateTime);
		const target = this.target(context, resource);
		this.checkAccess(context, target.mailbox, target.permissions);
		const id = crypto.randomUUID();
		await this.validate(id, body.notificationUrl);
		if (typeof body.lifecycleNotificationUrl === 'string') await this.validate(id, body.lifecycleNotificationUrl);
		const subscription: Subscription = {
			id,
			resource,
			changeTypes,
			notificationUrl: body.notificationUrl,
			lifecycleNotificationUrl: typeof body.lifecycleNotificationUrl === 'string' ? body.lifecycleNotificationUrl : undefined,
			clientState: body.clientState === undefined || body.clientState === null ? undefined : String(body.clientState),
			expirationDateTime,
			applicationId: context.call.app.clientId,
			creatorId: context.call.app.objectId,
			immutable: preferences(context.call.headers).get('idtype')?.toLowerCase() === 'immutableid',
			needsReauthorization: false,
			...target,
		};
		this.remember(subscription);
		this.schedule(subscription);
		this.subscriptions.set(id, subscription);
		return this.answer(context, subscription, 201);
	}

	/** Notes what the watched folders hold now, so their later deletions can be told. */
	private remember(subscription: Subscription): void {
		const mailbox = this.front.store.mailbox(subscription.mailbox)!;
		for (const item of mailbox.items.values()) {
			const kind = KIND_OF(item);
			if (kind && this.watches(subscription, item.folderId, kind)) this.known.set(item.id, { kind, immutableId: item.immutableId, changeKey: item.changeKey });
		}
	}

	private schedule(subscription: Subscription): void {
		clearTimeout(subscription.timer);
		const delay = Date.parse(subscription.expirationDateTime) - this.front.store.now().getTime();
		// Timers longer than 24 days overflow; no test waits that long.
		subscription.timer = setTimeout(() => this.subscriptions.delete(subscription.id), Math.min(Math.max(delay, 0), 2 ** 31 - 1));
		subscription.timer.unref();
	}

	private owned(context: RouteContext): Subscription {
		const subscription = this.subscriptions.get(context.params.id);
		if (!subscription || subscription.applicationId !== context.call.app.clientId) throw new GraphError(404, 'ResourceNotFound', 'The object was not found.');
		return subscription;
	}

	get(context: RouteContext): GraphResponse {
		return this.answer(context, this.owned(context));
	}

	listFor(context: RouteContext): GraphResponse {
		const mine = [...this.subscriptions.values()].filter((s) => s.applicationId === context.call.app.clientId);
		return { status: 200, body: { '@odata.context': context.link('$metadata#subscriptions'), value: mine.map((s) => this.json(s)) }, shape: { collection: SUBSCRIPTION_TYPE } };
	}

	renew(context: RouteContext): GraphResponse {
		const subscription = this.owned(context);
		if (context.body.expirationDateTime !== undefined) subscription.expirationDateTime = this.expiration(context.body.expirationDateTime);
		subscription.needsReauthorization = false;
		this.schedule(subscription);
		return this.answer(context, subscription);
	}

	reauthorize(context: RouteContext): GraphResponse {
		this.owned(context).needsReauthorization = false;
		return { status: 204 };
	}

	delete(context: RouteContext): GraphResponse {
		const subscription = this.owned(context);
		clearTimeout(subscription.timer);
		this.subscriptions.delete(subscription.id);
		return { status: 204 };
	}

	private watches(subscription: Subscription, folderId: string, kind: Kind): boolean {
		if (subscription.kind !== kind) return false;
		if (subscription.folderIds) return subscription.folderIds.has(folderId);
		// A mailbox's messages: every mail folder, not the dumpster.
		const mailbox = this.front.store.mailbox(subscription.mailbox)!;
		for (let folder = mailbox.folders.get(folderId); folder; folder = folder.parentId ? mailbox.folders.get(folder.parentId) : undefined) {
			if (folder.distinguishedId === 'msgfolderroot') return true;
		}
		return false;
	}

	private onStoreEvent(event: StoreEvent): void {
		if (event.isFolder || event.kind === 'NewMailEvent' || this.subscriptions.size === 0) return;
		const mailbox = this.front.store.mailbox(event.mailbox);
		const item = mailbox?.items.get(event.itemId);
		const before = this.known.get(event.oldItemId ?? event.itemId);
		const kind = item ? KIND_OF(item) : before?.kind;
		if (!kind) return;
		if (item) this.known.set(item.id, { kind, immutableId: item.immutableId, changeKey: item.changeKey });
		for (const subscription of this.subscriptions.values()) {
			if (subscription.mailbox !== event.mailbox) continue;
			const here = this.watches(subscription, event.folderId, kind);
			const wasHere = event.oldFolderId !== undefined && this.watches(subscription, event.oldFolderId, kind);
			let changeType: string | undefined;
			let id = item;
			if (event.kind === 'CreatedEvent' || event.kind === 'CopiedEvent') changeType = here ? 'created' : undefined;
			else if (event.kind === 'ModifiedEvent') changeType = here ? 'updated' : undefined;
			else if (event.kind === 'DeletedEvent') changeType = here ? 'deleted' : undefined;
			else if (event.kind === 'MovedEvent') {
				if (here && wasHere) changeType = 'updated';
				else if (here) changeType = 'created';
				else if (wasHere) {
					changeType = 'deleted';
					id = undefined;
				}
			}
			if (!changeType || !subscription.changeTypes.has(changeType)) continue;
			const shownId = id
				? subscription.immutable ? restId(id.immutableId) : restId(id.id)
				: subscription.immutable ? restId(before?.immutableId ?? event.itemId) : restId(event.oldItemId ?? event.itemId);
			this.enqueue(subscription, changeType, shownId, id ? etag(id) : undefined);
		}
		if (event.kind === 'DeletedEvent' || event.kind === 'MovedEvent') this.known.delete(event.oldItemId ?? event.itemId);
	}

	private enqueue(subscription: Subscription, changeType: string, id: string, itemEtag?: string): void {
		const path = `Users/${userObjectId(subscription.mailbox)}/${ENTITY[subscription.kind]}/${id}`;
		const notification: Record<string, unknown> = {
			subscriptionId: subscription.id,
			subscriptionExpirationDateTime: subscription.expirationDateTime,
			changeType,
			resource: path,
			resourceData: { '@odata.type': ODATA_TYPE[subscription.kind], '@odata.id': path, ...(itemEtag ? { '@odata.etag': itemEtag } : {}), id },
			clientState: subscription.clientState ?? null,
			tenantId: this.front.tenant.id,
		};
		this.queue.set(subscription.id, [...(this.queue.get(subscription.id) ?? []), notification]);
		if (!this.flushScheduled) {
			this.flushScheduled = true;
			setImmediate(() => void this.flush());
		}
	}

	/** POSTs what is queued: one request per subscription, the notifications of that moment together. */
	private async flush(): Promise<void> {
		this.flushScheduled = false;
		const batches = [...this.queue];
		this.queue.clear();
		await Promise.all(
			batches.map(async ([subscriptionId, value]) => {
				const subscription = this.subscriptions.get(subscriptionId);
				if (!subscription) return;
				const answer = await post(subscription.notificationUrl, JSON.stringify({ value }), 'application/json; charset=utf-8', DELIVERY_TIMEOUT_MS);
				this.front.count('notificationsDelivered');
				if (answer.status < 200 || answer.status > 299) this.front.count('notificationsFailed');
				this.record({ subscriptionId, url: subscription.notificationUrl, kind: 'notification', changeTypes: value.map((n) => String(n.changeType)), status: answer.status, error: answer.error });
			}),
		);
	}

	/** Sends a lifecycle notification (the control API's trigger); subscriptionRemoved also ends the subscription. */
	async lifecycle(subscriptionId: string | undefined, event: string): Promise<number> {
		if (!['reauthorizationRequired', 'subscriptionRemoved', 'missed'].includes(event)) throw new Error('lifecycleEvent must be reauthorizationRequired, subscriptionRemoved or missed');
		const targets = [...this.subscriptions.values()].filter((s) => !subscriptionId || s.id === subscriptionId);
		if (subscriptionId && targets.length === 0) throw new Error(`no subscription ${subscriptionId}`);
		let sent = 0;
		for (const subscription of targets) {
			if (event === 'reauthorizationRequired') subscription.needsReauthorization = true;
			if (event === 'subscriptionRemoved') {
				clearTimeout(subscription.timer);
				this.subscriptions.delete(subscription.id);
			}
			if (!subscription.lifecycleNotificationUrl) continue;
			const body = {
				value: [{ subscriptionId: subscription.id, subscriptionExpirationDateTime: subscription.expirationDateTime, tenantId: this.front.tenant.id, clientState: subscription.clientState ?? null, lifecycleEvent: event }],
			};
			const answer = await post(subscription.lifecycleNotificationUrl, JSON.stringify(body), 'application/json; charset=utf-8', DELIVERY_TIMEOUT_MS);
			this.record({ subscriptionId: subscription.id, url: subscription.lifecycleNotificationUrl, kind: 'lifecycle', lifecycleEvent: event, status: answer.status, error: answer.error });
			sent++;
		}
		return sent;
	}

	/** For the control API: each subscription with the fields tests look at. */
	describe(): Array<Record<string, unknown>> {
		return [...this.subscriptions.values()].map((s) => ({ ...this.json(s), mailbox: s.mailbox, kind: s.kind, folders: s.folderIds ? [...s.folderIds].map((id) => graphFolderId({ id } as never)) : null, needsReauthorization: s.needsReauthorization, immutableIds: s.immutable }));
	}
}
