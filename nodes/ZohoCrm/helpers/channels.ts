/**
 * Zoho notification channels (`/actions/watch`), used by the Notification resource and by the
 * trigger. A channel lives at most one week; past that (or without an expiry) Zoho gives it one
 * hour, so expiries are always set explicitly and kept just inside the week.
 */
import type { IDataObject } from 'n8n-workflow';

import type { ZohoErrorBody } from '../transport/errors';
import { zohoRecordError } from '../transport/errors';
import type { ZohoApiUsage, ZohoContext } from '../transport';
import { zohoApiCall, zohoApiRequest } from '../transport';

export const MAX_CHANNEL_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;
// Stay a few minutes inside Zoho's one-week limit, so clock skew cannot push past it.
const EXPIRY_MARGIN_MS = 5 * 60 * 1000;

export interface ChannelSpec {
	channelId: string;
	events: string[];
	notifyUrl: string;
	token: string;
	expiry: string;
	returnAffectedFieldValues?: boolean;
}

/** Zoho's datetime format (ISO 8601 with an offset, no milliseconds). */
export function zohoDateTime(date: Date): string {
	return date.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** The expiry for a channel renewed at `now`: `lifetimeMs` ahead, never past Zoho's week. */
export function channelExpiry(now: Date, lifetimeMs = MAX_CHANNEL_LIFETIME_MS): string {
	const lifetime = Math.min(lifetimeMs, MAX_CHANNEL_LIFETIME_MS - EXPIRY_MARGIN_MS);
	return zohoDateTime(new Date(now.getTime() + lifetime));
}

function firstResult(body: IDataObject): ZohoErrorBody | undefined {
	return (body.watch as ZohoErrorBody[] | undefined)?.[0];
}

function checkResult(this: ZohoContext, body: IDataObject, itemIndex: number): IDataObject {
	const result = firstResult(body);
	if (result?.status !== 'success') {
		throw zohoRecordError(this.getNode(), result ?? { code: 'NO_RESULT', message: 'no result for the channel' }, itemIndex);
	}
	return { ...result, events: (result.details?.events as IDataObject[] | undefined) ?? [] };
}

export async function enableChannel(
	this: ZohoContext,
	spec: ChannelSpec,
	usage?: ZohoApiUsage,
	itemIndex = 0,
): Promise<IDataObject> {
	const { body } = await zohoApiRequest.call(this, {
		method: 'POST',
		path: '/actions/watch',
		body: {
			watch: [
				{
					channel_id: spec.channelId,
					events: spec.events,
					notify_url: spec.notifyUrl,
					token: spec.token,
					channel_expiry: spec.expiry,
					return_affected_field_values: spec.returnAffectedFieldValues ?? false,
					notify_on_related_action: false,
				},
			],
		},
		itemIndex,
		usage,
	});
	return checkResult.call(this, body, itemIndex);
}

/** The channels of the org (all, or the one with `channelId`); none is an empty list. */
export async function listChannels(this: ZohoContext, channelId?: string, usage?: ZohoApiUsage): Promise<IDataObject[]> {
	const channels: IDataObject[] = [];
	for (let page = 1; ; page++) {
		const { body } = await zohoApiRequest.call(this, {
			method: 'GET',
			path: '/actions/watch',
			qs: { channel_id: channelId, page },
			usage,
		});
		const list = (body.watch as IDataObject[] | undefined) ?? [];
		channels.push(...list);
		if ((body.info as IDataObject | undefined)?.more_records !== true || list.length === 0) return channels;
	}
}

/** Moves a channel's expiry (PATCH keeps its URL, token and events). */
export async function renewChannel(
	this: ZohoContext,
	channel: { channelId: string; events: string[]; expiry: string },
	usage?: ZohoApiUsage,
	itemIndex = 0,
): Promise<IDataObject> {
	const { body } = await zohoApiRequest.call(this, {
		method: 'PATCH',
		path: '/actions/watch',
		body: { watch: [{ channel_id: channel.channelId, events: channel.events, channel_expiry: channel.expiry }] },
		itemIndex,
		usage,
	});
	return checkResult.call(this, body, itemIndex);
}

/**
 * Disables channels. A channel Zoho no longer knows (expired, already disabled) is reported
 * as such rather than failing, since the goal — no channel — is met.
 */
export async function disableChannels(
	this: ZohoContext,
	channelIds: string[],
	usage?: ZohoApiUsage,
	itemIndex = 0,
): Promise<IDataObject[]> {
	const response = await zohoApiCall.call(this, {
		method: 'DELETE',
		path: '/actions/watch',
		qs: { channel_ids: channelIds },
		itemIndex,
		usage,
	});
	const results = (response.body.watch as ZohoErrorBody[] | undefined) ?? [];
	const notSubscribed = response.statusCode >= 400 && ['NOT_SUBSCRIBED', 'INVALID_DATA'].includes(String(response.body.code));
	if (response.statusCode >= 400 && results.length === 0 && !notSubscribed) {
		throw zohoRecordError(this.getNode(), response.body as ZohoErrorBody, itemIndex);
	}
	return channelIds.map((channelId, position) => {
		const result = results[position];
		const disabled = result?.status === 'success';
		return { channel_id: channelId, status: disabled ? 'disabled' : 'not subscribed', code: result?.code ?? response.body.code };
	});
}
