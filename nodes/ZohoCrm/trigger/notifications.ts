/**
 * The Zoho CRM Trigger's work: keeping one notification channel per active workflow (created,
 * checked and renewed, deleted), checking the secret token of each callback, and turning the
 * ids a callback carries into the changed records.
 */
import { randomBytes, randomInt, timingSafeEqual } from 'crypto';
import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

import { splitList } from '../actions/common/utils';
import { fieldSetsToRead, getRecordsByIds } from '../transport/fields';
import { channelExpiry, disableChannels, enableChannel, listChannels, renewChannel } from '../helpers/channels';
import type { ZohoContext } from '../transport';
import { getAllByPageNumber } from '../transport/paging';

/**
 * Renew when less than this is left of the channel's week: so any notification (or a
 * re-activation check) more than a day after the last renewal pushes the expiry a week ahead.
 */
export const RENEW_WHEN_REMAINING_MS = 6 * 24 * 60 * 60 * 1000;

/** What the trigger keeps in the node's static data. */
export interface ChannelState {
	channelId?: string;
	token?: string;
	expiry?: string;
	events?: string[];
}

export type TriggerOperation = 'create' | 'edit' | 'delete';

/** Zoho event names for the chosen modules and operations (`<Module>.all` when all three). */
export function eventNames(modules: string[], operations: TriggerOperation[]): string[] {
	const all = ['create', 'edit', 'delete'].every((operation) => operations.includes(operation as TriggerOperation));
	return modules.flatMap((module) => (all ? [`${module}.all`] : operations.map((operation) => `${module}.${operation}`)));
}

/** A random numeric channel id (Zoho wants digits) and a random 48-character token (≤ 50). */
export function newChannelIdentity(): { channelId: string; token: string } {
	return { channelId: `${randomInt(1, 9)}${String(randomInt(0, 1e12)).padStart(12, '0')}`, token: randomBytes(24).toString('hex') };
}

/** Constant-time check of the token a callback carries. */
export function tokenMatches(received: unknown, expected: string | undefined): boolean {
	if (typeof received !== 'string' || !expected) return false;
	const a = Buffer.from(received);
	const b = Buffer.from(expected);
	return a.length === b.length && timingSafeEqual(a, b);
}

export function needsRenewal(state: ChannelState, now: Date): boolean {
	const expiry = state.expiry ? Date.parse(state.expiry) : Number.NaN;
	return Number.isNaN(expiry) || expiry - now.getTime() < RENEW_WHEN_REMAINING_MS;
}

function sameEvents(a: unknown, b: string[]): boolean {
	const list = Array.isArray(a) ? a.map(String).sort() : [];
	return list.length === b.length && [...b].sort().every((event, index) => event === list[index]);
}

export async function renewIfDue(this: ZohoContext, state: ChannelState, now = new Date()): Promise<void> {
	if (!state.channelId || !state.events || !needsRenewal(state, now)) return;
	const expiry = channelExpiry(now);
	await renewChannel.call(this, { channelId: state.channelId, events: state.events, expiry });
	state.expiry = expiry;
}

/**
 * Whether the channel this workflow created still exists with the same URL and events. A
 * channel that changed is disabled so that `create` can make the right one.
 */
export async function checkChannel(this: IHookFunctions, state: ChannelState, notifyUrl: string, events: string[]): Promise<boolean> {
	if (!state.channelId) return false;
	const [channel] = await listChannels.call(this, state.channelId);
	if (channel && channel.notify_url === notifyUrl && sameEvents(channel.events, events)) {
		state.expiry = typeof channel.channel_expiry === 'string' ? channel.channel_expiry : state.expiry;
		await renewIfDue.call(this, state);
		return true;
	}
	if (channel) await disableChannels.call(this, [state.channelId]);
	clearChannel(state);
	return false;
}

export async function createChannel(this: IHookFunctions, state: ChannelState, notifyUrl: string, events: string[]): Promise<void> {
	const { channelId, token } = newChannelIdentity();
	const expiry = channelExpiry(new Date());
	await enableChannel.call(this, { channelId, events, notifyUrl, token, expiry });
	Object.assign(state, { channelId, token, expiry, events });
}

export async function deleteChannel(this: IHookFunctions, state: ChannelState): Promise<void> {
	if (state.channelId) await disableChannels.call(this, [state.channelId]);
	clearChannel(state);
}

function clearChannel(state: ChannelState): void {
	delete state.channelId;
	delete state.token;
	delete state.expiry;
	delete state.events;
}

/** Zoho's callback: which records of which module changed, and how. */
export interface ZohoNotification {
	module: string;
	operation: string;
	ids: string[];
	channel_id: string | number;
	token?: string;
	server_time?: number;
	affected_fields?: unknown[];
}

async function changedRecords(this: IWebhookFunctions, module: string, ids: string[], sets: string[][]): Promise<Map<string, IDataObject>> {
	const records = await getRecordsByIds.call(this, module, ids, sets);
	return new Map(records.map((record) => [String(record.id), record]));
}

async function deletedRecords(this: IWebhookFunctions, module: string, ids: string[]): Promise<Map<string, IDataObject>> {
	// The newest deletions come first; the first page covers what a callback reports.
	const deleted = await getAllByPageNumber.call(this, { method: 'GET', path: `/${module}/deleted`, qs: { type: 'all' } }, 'data', 200);
	const wanted = new Set(ids);
	return new Map(deleted.filter((entry) => wanted.has(String(entry.id))).map((entry) => [String(entry.id), entry]));
}

/** One output item per id: the record as Zoho has it now, or what is known of a deleted one. */
export async function notificationItems(this: IWebhookFunctions, notification: ZohoNotification, fieldsOption: string): Promise<IDataObject[]> {
	const { module } = notification;
	const ids = notification.ids.map(String);
	const common = { module, operation: notification.operation, channelId: String(notification.channel_id), serverTime: notification.server_time };
	if (notification.operation === 'delete') {
		const deleted = await deletedRecords.call(this, module, ids);
		return ids.map((id) => ({ ...common, id, record: null, deleted: deleted.get(id) ?? null }));
	}
	const sets = await fieldSetsToRead.call(this, module, splitList(fieldsOption));
	const records = await changedRecords.call(this, module, ids, sets);
	return ids.map((id) => ({ ...common, id, record: records.get(id) ?? null, affectedFields: notification.affected_fields ?? [] }));
}
