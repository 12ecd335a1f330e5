import { DateTime as LuxonDateTime } from 'luxon';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { ExchangeTransport } from '../transport';
import { eventType } from './itemTypes/event';
import { mailboxOf, writableFields } from './itemOperations';
import type { ExchangeEvent } from './itemShapes';
import { failed, succeeded } from './results';
import type { ItemResult } from './results';

/**
 * The occurrences of recurring series as the sync needs them: a series' modified occurrences
 * (exceptions) read as events of their own, and occurrences deleted by date (a CRM's excluded
 * dates).
 */

/** Adds the exceptions of every series to the output of the items that asked for them. */
export async function expandExceptions(
	context: IExecuteFunctions,
	transport: ExchangeTransport,
	results: ItemResult[],
): Promise<ItemResult[]> {
	const expanded: ItemResult[] = [];
	for (const result of results) {
		const include = context.getNodeParameter('includeExceptions', result.itemIndex, false) as boolean;
		if (!include || !result.items) {
			expanded.push(result);
			continue;
		}
		try {
			const events = await transport.withExceptions(mailboxOf(context, result.itemIndex), result.items.map((item) => item.json), result.itemIndex);
			expanded.push(succeeded(result.itemIndex, events));
		} catch (error) {
			expanded.push(failed(result.itemIndex, error as Error));
		}
	}
	return expanded;
}

/**
 * Get by CRM Record ID, for the ids no series or single event is linked to: a search cannot see
 * modified occurrences, so the mailbox's recurring series are read with their exceptions and an
 * exception linked to the id is the answer. Nothing is read when every id was found.
 */
export async function addLinkedExceptions(
	context: IExecuteFunctions,
	transport: ExchangeTransport,
	results: ItemResult[],
): Promise<ItemResult[]> {
	const unanswered = results.filter((result) => result.items?.length === 0);
	const byMailbox = new Map<string | undefined, ItemResult[]>();
	for (const result of unanswered) {
		const mailbox = mailboxOf(context, result.itemIndex);
		byMailbox.set(mailbox, [...(byMailbox.get(mailbox) ?? []), result]);
	}
	const answers = new Map<ItemResult, ItemResult>();
	for (const [mailbox, entries] of byMailbox) {
		const first = entries[0].itemIndex;
		try {
			const series = await transport.findItems(eventType, { mailbox, filters: { recurringOnly: true }, limit: Infinity }, first);
			const exceptions = (await transport.withExceptions(mailbox, series, first)).filter((event) => event.seriesMasterId);
			for (const entry of entries) {
				const crmRecordId = String(context.getNodeParameter('crmRecordId', entry.itemIndex, '') ?? '').trim();
				answers.set(entry, succeeded(entry.itemIndex, exceptions.filter((exception) => exception.crmRecordId === crmRecordId)));
			}
		} catch (error) {
			for (const entry of entries) answers.set(entry, failed(entry.itemIndex, error as Error));
		}
	}
	return results.map((result) => answers.get(result) ?? result);
}

/** The original dates (yyyy-MM-dd, in the series' zone) of a series' modified occurrences. */
function modifiedDates(event: ExchangeEvent | undefined): string[] {
	const zone = event?.timeZone || 'UTC';
	const localDate = (iso: string) => LuxonDateTime.fromISO(iso, { setZone: true }).setZone(zone).toISODate() ?? '';
	return (event?.recurrence?.modifiedOccurrences ?? []).map((occurrence) => localDate(occurrence.originalStart));
}

/**
 * After an update: deletes the series' occurrences on the excluded dates it was given that the
 * server does not exclude yet, then reads the series again. A date without an occurrence is left
 * alone, and so is the date of an occurrence that was modified before the update: if the update
 * redefined the series, Exchange made it a plain occurrence again, as Outlook does, and it stays.
 */
export async function deleteExcludedOccurrences(
	context: IExecuteFunctions,
	transport: ExchangeTransport,
	results: ItemResult[],
	before: Map<number, IDataObject>,
): Promise<ItemResult[]> {
	const settled: ItemResult[] = [];
	for (const result of results) {
		const event = result.items?.[0]?.json as ExchangeEvent | undefined;
		const wanted = (writableFields(context, eventType, result.itemIndex).recurrence as ExchangeEvent['recurrence'])?.deletedOccurrences ?? [];
		const kept = new Set([
			...(event?.recurrence?.deletedOccurrences ?? []),
			...modifiedDates(event),
			...modifiedDates(before.get(result.itemIndex) as ExchangeEvent | undefined),
		]);
		const missing = event?.recurrence ? wanted.filter((date) => !kept.has(date)) : [];
		if (!event || missing.length === 0) {
			settled.push(result);
			continue;
		}
		try {
			const series = await transport.deleteOccurrences({
				itemIndex: result.itemIndex,
				mailbox: mailboxOf(context, result.itemIndex),
				series: event,
				dates: missing,
				notify: context.getNodeParameter('sendUpdates', result.itemIndex, 'sendOnlyToChangedAndSaveCopy') !== 'sendToNone',
			});
			settled.push(succeeded(result.itemIndex, series));
		} catch (error) {
			settled.push(failed(result.itemIndex, error as Error));
		}
	}
	return settled;
}
