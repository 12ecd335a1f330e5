/**
 * The Notification (watch) API: channels subscribed to `<Module>.<create|edit|delete|all>`
 * events, and the callbacks Zoho POSTs to a channel's notify_url when records change. Callbacks
 * carry ids only, are sent asynchronously (the API call that caused them never waits), and every
 * delivery is recorded with its outcome.
 */
import { DateTime } from 'luxon';
import { fail, type ZohoError, zohoError } from './errors';
import type { ModuleDefinition } from './metadata';
import type { RecordChange, ZohoStore } from './store';

const HOUR_MS = 60 * 60 * 1000;
const WEEK_MS = 7 * 24 * HOUR_MS;
const DELIVERY_TIMEOUT_MS = 5_000;
const MAX_TOKEN_LENGTH = 50;
const OPERATION_EVENT: Record<RecordChange['operation'], string> = { insert: 'create', update: 'edit', delete: 'delete' };

export interface WatchChannel {
	channelId: string;
	/** The channel id as the client sent it (Zoho answers numbers as numbers). */
	channelIdValue: number | string;
	events: string[];
	notifyUrl: string;
	token?: string;
	expiresAt: number;
	notifyOnRelatedAction: boolean;
	returnAffectedFieldValues: boolean;
}

export interface Delivery {
	url: string;
	channelId: string;
	body: Record<string, unknown>;
	/** HTTP status of the receiver's answer; 0 when it could not be reached. */
	status: number;
	error?: string;
	at: string;
}

interface WatchInput {
	channel_id?: unknown;
	events?: unknown;
	notify_url?: unknown;
	token?: unknown;
	channel_expiry?: unknown;
	notify_on_related_action?: unknown;
	return_affected_field_values?: unknown;
	_delete_events?: unknown;
}

export class Notifications {
	channels = new Map<string, WatchChannel>();
	deliveries: Delivery[] = [];
	private pending = new Set<Promise<void>>();

	constructor(
		private readonly store: ZohoStore,
		private readonly origin: () => string,
	) {
		store.onChange((change) => this.dispatch(change));
	}

	reset(): void {
		this.channels.clear();
		this.deliveries = [];
	}

	/** Resolves once every callback sent so far has been answered or has failed. */
	async settled(): Promise<void> {
		while (this.pending.size > 0) await Promise.all([...this.pending]);
	}

	/** POST (enable) and PUT (replace): validates a whole watch item and stores the channel. */
	subscribe(input: WatchInput, index: number): WatchChannel | ZohoError {
		const path = (name: string) => ({ api_name: name, json_path: `$.watch[${index}].${name}` });
		for (const name of ['channel_id', 'events', 'notify_url'] as const) {
			if (input[name] === undefined || input[name] === null || input[name] === '') {
				return zohoError('MANDATORY_NOT_FOUND', 'required field not found', path(name));
			}
		}
		const channelIdValue = input.channel_id as number | string;
		if (!/^\d+$/.test(String(channelIdValue))) return zohoError('INVALID_DATA', 'invalid data', path('channel_id'));
		const events = this.checkEvents(input.events);
		if (!events) return zohoError('INVALID_DATA', 'invalid data', path('events'));
		if (typeof input.notify_url !== 'string' || !/^https?:\/\//.test(input.notify_url)) {
			return zohoError('INVALID_DATA', 'invalid data', path('notify_url'));
		}
		if (input.token !== undefined && (typeof input.token !== 'string' || input.token.length > MAX_TOKEN_LENGTH)) {
			return zohoError('INVALID_DATA', 'invalid data', path('token'));
		}
		const channel: WatchChannel = {
			channelId: String(channelIdValue),
			channelIdValue,
			events,
			notifyUrl: input.notify_url,
			token: input.token as string | undefined,
			expiresAt: this.expiry(input.channel_expiry),
			notifyOnRelatedAction: input.notify_on_related_action !== false,
			returnAffectedFieldValues: input.return_affected_field_values === true,
		};
		this.channels.set(channel.channelId, channel);
		return channel;
	}

	/** PATCH: changes only what is sent; `_delete_events: true` removes the listed events. */
	patch(input: WatchInput, index: number): WatchChannel | ZohoError {
		const channel = this.liveChannel(String(input.channel_id ?? ''));
		if (!channel) {
			return zohoError('INVALID_DATA', 'invalid data', { api_name: 'channel_id', json_path: `$.watch[${index}].channel_id` });
		}
		if (input.events !== undefined) {
			const events = this.checkEvents(input.events);
			if (!events) return zohoError('INVALID_DATA', 'invalid data', { api_name: 'events', json_path: `$.watch[${index}].events` });
			channel.events =
				input._delete_events === true
					? channel.events.filter((event) => !events.includes(event))
					: [...new Set([...channel.events, ...events])];
		}
		if (typeof input.notify_url === 'string') channel.notifyUrl = input.notify_url;
		if (typeof input.token === 'string') channel.token = input.token;
		if (input.channel_expiry !== undefined) channel.expiresAt = this.expiry(input.channel_expiry);
		if (typeof input.notify_on_related_action === 'boolean') channel.notifyOnRelatedAction = input.notify_on_related_action;
		if (channel.events.length === 0) this.channels.delete(channel.channelId);
		return channel;
	}

	liveChannel(channelId: string): WatchChannel | undefined {
		const channel = this.channels.get(channelId);
		if (channel && channel.expiresAt <= this.store.now()) {
			this.channels.delete(channelId);
			return undefined;
		}
		return channel;
	}

	liveChannels(): WatchChannel[] {
		return [...this.channels.keys()].map((id) => this.liveChannel(id)).filter((c): c is WatchChannel => Boolean(c));
	}

	/** The per-module `events` entries of a channel, as enable/update answers list them. */
	eventDetails(channel: WatchChannel, timeZone: string): Array<Record<string, unknown>> {
		return this.modulesOf(channel).map((module) => ({
			channel_expiry: this.formatExpiry(channel, timeZone),
			resource_uri: `${this.origin()}/crm/v8/${module.apiName}`,
			resource_id: module.id,
			resource_name: module.apiName,
			channel_id: String(channel.channelId),
			notification_condition: [],
		}));
	}

	/** GET /actions/watch entries: one per channel and module. */
	describe(channel: WatchChannel, timeZone: string): Array<Record<string, unknown>> {
		return this.modulesOf(channel).map((module) => ({
			notify_on_related_action: channel.notifyOnRelatedAction,
			return_affected_field_values: channel.returnAffectedFieldValues,
			channel_expiry: this.formatExpiry(channel, timeZone),
			resource_uri: `${this.origin()}/crm/v8/${module.apiName}`,
			resource_id: module.id,
			resource_name: module.apiName,
			channel_id: channel.channelIdValue,
			events: channel.events.filter((event) => event.startsWith(`${module.apiName}.`)),
			token: channel.token ?? null,
			notify_url: channel.notifyUrl,
		}));
	}

	private modulesOf(channel: WatchChannel): ModuleDefinition[] {
		const names = [...new Set(channel.events.map((event) => event.split('.')[0]))];
		return names.map((name) => this.store.module(name)).filter((m): m is ModuleDefinition => Boolean(m));
	}

	private formatExpiry(channel: WatchChannel, timeZone: string): string {
		return DateTime.fromMillis(channel.expiresAt, { zone: timeZone }).toISO({ suppressMilliseconds: true })!;
	}

	private checkEvents(events: unknown): string[] | undefined {
		if (!Array.isArray(events) || events.length === 0) return undefined;
		const canonical: string[] = [];
		for (const event of events) {
			const match = typeof event === 'string' ? /^([A-Za-z0-9_]+)\.(all|create|edit|delete)$/.exec(event) : null;
			const module = match ? this.store.module(match[1]) : undefined;
			if (!match || !module) return undefined;
			canonical.push(`${module.apiName}.${match[2]}`);
		}
		return canonical;
	}

	/** Up to a week ahead; absent, unparsable or beyond a week → one hour (Zoho's rule). */
	private expiry(value: unknown): number {
		const now = this.store.now();
		if (typeof value !== 'string') return now + HOUR_MS;
		const parsed = DateTime.fromISO(value, { setZone: true });
		if (!parsed.isValid || parsed.toMillis() <= now) {
			fail(400, 'INVALID_DATA', 'invalid data', { api_name: 'channel_expiry' });
		}
		return parsed.toMillis() - now > WEEK_MS ? now + HOUR_MS : parsed.toMillis();
	}

	private dispatch(change: RecordChange): void {
		this.notify(change, false);
		// A note written on a record is a related action on its parent: channels watching the
		// parent's edits hear of it unless they opted out with notify_on_related_action: false.
		if (change.module !== 'Notes') return;
		const parents = new Map<string, string[]>();
		for (const id of change.ids) {
			const note = this.store.records.get(id);
			const parentModule = note?.values.$se_module;
			if (typeof parentModule !== 'string' || typeof note?.values.Parent_Id !== 'string') continue;
			parents.set(parentModule, [...(parents.get(parentModule) ?? []), note.values.Parent_Id]);
		}
		for (const [module, ids] of parents) this.notify({ module, operation: 'update', ids: [...new Set(ids)], affectedFields: {} }, true);
	}

	private notify(change: RecordChange, related: boolean): void {
		const event = OPERATION_EVENT[change.operation];
		for (const channel of this.liveChannels()) {
			if (related && !channel.notifyOnRelatedAction) continue;
			const matches = channel.events.includes(`${change.module}.all`) || channel.events.includes(`${change.module}.${event}`);
			if (!matches) continue;
			const notifyUrl = new URL(channel.notifyUrl);
			const body: Record<string, unknown> = {
				server_time: this.store.now(),
				query_params: Object.fromEntries(notifyUrl.searchParams),
				module: change.module,
				resource_uri: `${this.origin()}/crm/v8/${change.module}`,
				ids: change.ids,
				affected_fields:
					change.operation === 'update' && channel.returnAffectedFieldValues
						? change.ids.map((id) => ({ [id]: change.affectedFields[id] ?? [] }))
						: [],
				operation: change.operation,
				channel_id: channel.channelIdValue,
				token: channel.token ?? null,
			};
			this.deliver(channel, body);
		}
	}

	private deliver(channel: WatchChannel, body: Record<string, unknown>): void {
		const delivery: Delivery = { url: channel.notifyUrl, channelId: channel.channelId, body, status: 0, at: new Date(this.store.now()).toISOString() };
		this.deliveries.push(delivery);
		const sending = fetch(channel.notifyUrl, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify(body),
			signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
		})
			.then(async (response) => {
				delivery.status = response.status;
				await response.arrayBuffer();
			})
			.catch((error: unknown) => {
				delivery.error = error instanceof Error ? error.message : String(error);
			})
			.finally(() => this.pending.delete(sending));
		this.pending.add(sending);
	}
}
