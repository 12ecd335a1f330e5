import { DateTime as LuxonDateTime } from 'luxon';
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { collapseChanges } from '../helpers/changes';
import { exchangeTransport } from '../transport';
import type { ExchangeTransport } from '../transport';
import { readSettings, sample } from './common';
import type { TriggerSettings } from './common';

/**
 * LastModifiedTime has whole seconds and comes from Exchange's clock, lastPoll from n8n's: the
 * resync window starts this much earlier so an item changed right at the boundary is not missed.
 */
const RESYNC_MARGIN_MS = 2_000;

/** Per mailbox and item type: where the last successful poll stopped. */
export interface PollCursor extends IDataObject {
	cursor: string;
	/** When that poll ran (ISO); after an invalid cursor, items changed since then are emitted. */
	lastPoll: string;
}

interface MailboxResult {
	key: string;
	state: PollCursor;
	changes: IDataObject[];
}

export function stateKey(settings: TriggerSettings, mailbox?: string): string {
	return `${settings.itemType}:${(mailbox ?? '').toLowerCase()}`;
}

/**
 * Exchange forgot or rejected the cursor: start a new one at "now" and emit what changed since the
 * last good poll (by LastModifiedTime), so the gap is covered without replaying every item as new.
 * Deletions inside the gap cannot be recovered this way.
 */
async function resync(transport: ExchangeTransport, settings: TriggerSettings, mailbox: string | undefined, since: string) {
	const cursor = await transport.currentCursor(settings.type, mailbox);
	const from = Date.parse(since) - RESYNC_MARGIN_MS;
	const modifiedSince = LuxonDateTime.fromMillis(from, { zone: 'utc' }).toISO();
	const items = await transport.findItems(settings.type, { mailbox, filters: { modifiedSince }, limit: Infinity });
	const changes = items.map((item) => ({
		changeType: item.createdAt && Date.parse(String(item.createdAt)) >= from ? 'created' : 'updated',
		...item,
	}));
	return { cursor, changes };
}

export async function pollMailbox(
	transport: ExchangeTransport,
	settings: TriggerSettings,
	mailbox: string | undefined,
	previous: PollCursor | undefined,
	now: string,
	loadItems = true,
): Promise<MailboxResult> {
	const key = stateKey(settings, mailbox);
	if (!previous) {
		// First activation: remember where "now" is; history is not news.
		return { key, state: { cursor: await transport.currentCursor(settings.type, mailbox), lastPoll: now }, changes: [] };
	}
	const changes: IDataObject[] = [];
	let cursor = previous.cursor;
	for (let more = true; more; ) {
		const page = await transport.getChanges(settings.type, { mailbox, cursor, loadItems });
		if ('cursorExpired' in page) {
			const recovered = await resync(transport, settings, mailbox, previous.lastPoll);
			return { key, state: { cursor: recovered.cursor, lastPoll: now }, changes: recovered.changes };
		}
		changes.push(...page.changes);
		cursor = page.cursor;
		more = page.moreChangesAvailable;
	}
	return { key, state: { cursor, lastPoll: now }, changes: collapseChanges(changes) };
}

/**
 * One poll: each mailbox's changes since its cursor. A mailbox's cursor advances only together with
 * the items it produced; a failing mailbox keeps its cursor and is retried on the next poll.
 */
export async function poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const settings = readSettings(this);
	const transport = await exchangeTransport(this);
	if (this.getMode() === 'manual') {
		const items = await sample(transport, settings);
		return items.length ? [this.helpers.returnJsonArray(items)] : null;
	}
	const emitted = await pollChanges(this, transport, settings);
	return emitted.length ? [this.helpers.returnJsonArray(emitted)] : null;
}

/**
 * Follows each mailbox's cursor (kept in the node's static data) and answers the changes to emit.
 * `loadItems: false` only moves the cursors on (Microsoft 365 real time, where notifications
 * deliver the changes and the cursors are kept for catching up after missed ones).
 */
export async function pollChanges(context: IPollFunctions, transport: ExchangeTransport, settings: TriggerSettings, loadItems = true): Promise<IDataObject[]> {
	const staticData = context.getWorkflowStaticData('node') as { cursors?: Record<string, PollCursor> };
	const cursors = { ...(staticData.cursors ?? {}) };
	const now = LuxonDateTime.utc().toISO() as string;
	const emitted: IDataObject[] = [];
	const failures: Error[] = [];
	for (const mailbox of settings.mailboxes) {
		try {
			const result = await pollMailbox(transport, settings, mailbox, cursors[stateKey(settings, mailbox)], now, loadItems);
			cursors[result.key] = result.state;
			for (const change of result.changes) {
				if (settings.events.has(String(change.changeType))) emitted.push({ itemType: settings.itemType, ...change });
			}
		} catch (error) {
			failures.push(error as Error);
		}
	}
	if (failures.length === settings.mailboxes.length) throw failures[0];
	for (const failure of failures) context.logger.warn(`Microsoft Exchange trigger: ${failure.message}`);
	staticData.cursors = cursors;
	return emitted;
}
