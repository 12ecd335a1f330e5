import { DateTime as LuxonDateTime } from 'luxon';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import {
	AffectedTaskOccurrence,
	AppointmentSchema,
	AppointmentType,
	BasePropertySet,
	CalendarView,
	DateTime,
	DeleteMode,
	ItemId,
	PropertySet,
	SearchFilter,
	SendCancellationsMode,
	WellKnownFolderName,
} from 'ews-javascript-api';
import type { Appointment } from 'ews-javascript-api';
import { fullPropertySet } from './ewsValues';
import { eventFromEws } from './eventMapping';
import { bindItems, findItems, mailboxOf, writableFields } from './itemOperations';
import type { AnyItemKind } from './itemOperations';
import type { ExchangeEvent } from '../../helpers/itemShapes';
import { failed, succeeded } from '../../helpers/results';
import type { ItemResult } from '../../helpers/results';
import type { EwsFailure } from './errors';
import type { ExchangeSession } from './session';

/**
 * The occurrences of recurring series as the sync needs them: a series' modified occurrences
 * (exceptions) read as events of their own, and occurrences deleted by date (a CRM's excluded
 * dates), which EWS can only do one occurrence at a time.
 */

type Modified = NonNullable<NonNullable<ExchangeEvent['recurrence']>['modifiedOccurrences']>;

const modifiedOf = (event: IDataObject): Modified =>
	((event.recurrence as ExchangeEvent['recurrence'])?.modifiedOccurrences ?? []).filter((occurrence) => !!occurrence.id);

/** The events, each series followed by its exceptions (one batched GetItem for all of them). */
async function withExceptions(session: ExchangeSession, mailbox: string | undefined, events: IDataObject[], itemIndex: number): Promise<IDataObject[]> {
	const wanted = events.flatMap((event) => modifiedOf(event).map((occurrence) => ({ event, occurrence })));
	if (wanted.length === 0) return events;
	const loaded = await bindItems(session, mailbox, wanted.map(({ occurrence }) => occurrence.id), fullPropertySet());
	const exceptions = new Map<IDataObject, IDataObject[]>();
	loaded.forEach((outcome, position) => {
		const { event, occurrence } = wanted[position];
		// An occurrence deleted since the series was read is simply no longer there.
		if (!outcome.item) {
			if (outcome.failure?.code === 'ErrorItemNotFound') return;
			throw session.error(outcome.failure as EwsFailure, mailbox, itemIndex);
		}
		const exception: IDataObject = {
			...(event.changeType ? { changeType: event.changeType } : {}),
			...eventFromEws(outcome.item as Appointment, session.mailboxAddress(mailbox)),
			seriesMasterId: event.id as string,
			originalStart: occurrence.originalStart,
		};
		exceptions.set(event, [...(exceptions.get(event) ?? []), exception]);
	});
	return events.flatMap((event) => [event, ...(exceptions.get(event) ?? [])]);
}

/** Adds the exceptions of every series to the output of the items that asked for them. */
export async function expandExceptions(
	context: IExecuteFunctions,
	session: ExchangeSession,
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
			const events = await withExceptions(session, mailboxOf(context, result.itemIndex), result.items.map((item) => item.json), result.itemIndex);
			expanded.push(succeeded(result.itemIndex, events));
		} catch (error) {
			expanded.push(failed(result.itemIndex, error as Error));
		}
	}
	return expanded;
}

/**
 * Get by CRM Record ID, for the ids no series or single event is linked to: FindItem cannot see
 * modified occurrences, so the mailbox's recurring series are read with their exceptions (one
 * FindItem and one GetItem per 100 series, one GetItem for all exceptions) and an exception linked
 * to the id is the answer. Nothing is read when every id was found.
 */
export async function addLinkedExceptions(
	context: IExecuteFunctions,
	session: ExchangeSession,
	kind: AnyItemKind,
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
			const recurring = new SearchFilter.IsEqualTo(AppointmentSchema.IsRecurring, true);
			const series = await findItems(session, kind, mailbox, session.folder(WellKnownFolderName.Calendar, mailbox), recurring, Infinity, first);
			const exceptions = (await withExceptions(session, mailbox, series, first)).filter((event) => event.seriesMasterId);
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

/** The ItemId of the series' unmodified occurrence on `date`, from a calendar view of that day. */
async function occurrenceOn(session: ExchangeSession, mailbox: string | undefined, event: ExchangeEvent, date: string): Promise<string | undefined> {
	const zone = event.timeZone || 'UTC';
	const day = LuxonDateTime.fromISO(date, { zone });
	if (!day.isValid) return undefined;
	const view = new CalendarView(new DateTime(day.toMillis()), new DateTime(day.plus({ days: 1 }).toMillis()));
	view.PropertySet = new PropertySet(BasePropertySet.IdOnly, [AppointmentSchema.ICalUid, AppointmentSchema.AppointmentType, AppointmentSchema.Start]);
	const found = await session.call(mailbox, async (service) => await service.FindAppointments(session.folder(WellKnownFolderName.Calendar, mailbox), view));
	const occurrence = found.Items.find(
		(item) =>
			item.AppointmentType === AppointmentType.Occurrence &&
			item.ICalUid === event.iCalUid &&
			LuxonDateTime.fromMillis(item.Start.TotalMilliSeconds, { zone }).toISODate() === date,
	);
	return occurrence?.Id.UniqueId;
}

/**
 * After an update: deletes the series' occurrences on the excluded dates it was given that Exchange
 * does not exclude yet, then reads the series again. A date without an occurrence is left alone, and
 * so is the date of an occurrence that was modified before the update: if the update redefined the
 * series, Exchange made it a plain occurrence again, as Outlook does, and it stays.
 */
export async function deleteExcludedOccurrences(
	context: IExecuteFunctions,
	session: ExchangeSession,
	kind: AnyItemKind,
	results: ItemResult[],
	before: Map<number, IDataObject>,
): Promise<ItemResult[]> {
	const settled: ItemResult[] = [];
	for (const result of results) {
		const event = result.items?.[0]?.json as ExchangeEvent | undefined;
		const wanted = (writableFields(context, kind, result.itemIndex).recurrence as ExchangeEvent['recurrence'])?.deletedOccurrences ?? [];
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
		const mailbox = mailboxOf(context, result.itemIndex);
		try {
			const ids: string[] = [];
			for (const date of missing) {
				const id = await occurrenceOn(session, mailbox, event, date);
				if (id) ids.push(id);
			}
			const cancellations =
				context.getNodeParameter('sendUpdates', result.itemIndex, 'sendOnlyToChangedAndSaveCopy') === 'sendToNone'
					? SendCancellationsMode.SendToNone
					: SendCancellationsMode.SendToAllAndSaveCopy;
			const outcomes = await session.callBatch(mailbox, ids, async (service, part) =>
				await service.DeleteItems(part.map((id) => new ItemId(id)), DeleteMode.MoveToDeletedItems, cancellations, AffectedTaskOccurrence.AllOccurrences),
			);
			const refused = outcomes.find((outcome) => outcome.failure && outcome.failure.code !== 'ErrorItemNotFound');
			if (refused?.failure) throw session.error(refused.failure, mailbox, result.itemIndex);
			const [reread] = await bindItems(session, mailbox, [event.id], fullPropertySet());
			if (!reread.item) throw session.error(reread.failure as EwsFailure, mailbox, result.itemIndex);
			settled.push(succeeded(result.itemIndex, kind.toShape(reread.item, session.mailboxAddress(mailbox))));
		} catch (error) {
			settled.push(failed(result.itemIndex, error as Error));
		}
	}
	return settled;
}
