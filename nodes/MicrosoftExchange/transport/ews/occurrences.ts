import { DateTime as LuxonDateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';
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
	SendCancellationsMode,
	WellKnownFolderName,
} from 'ews-javascript-api';
import type { Appointment } from 'ews-javascript-api';
import type { ExchangeEvent } from '../../helpers/itemShapes';
import type { OccurrenceDeletion } from '../index';
import { fullPropertySet } from './ewsValues';
import { eventFromEws } from './eventMapping';
import { bindItems } from './itemOperations';
import type { EwsFailure } from './errors';
import type { ExchangeSession } from './session';

/**
 * The occurrences of recurring series over EWS: a series' modified occurrences (exceptions) read
 * as events of their own, and occurrences deleted by date, which EWS can only do one occurrence
 * at a time.
 */

type Modified = NonNullable<NonNullable<ExchangeEvent['recurrence']>['modifiedOccurrences']>;

const modifiedOf = (event: IDataObject): Modified =>
	((event.recurrence as ExchangeEvent['recurrence'])?.modifiedOccurrences ?? []).filter((occurrence) => !!occurrence.id);

/** The events, each series followed by its exceptions (one batched GetItem for all of them). */
export async function withExceptions(
	session: ExchangeSession,
	mailbox: string | undefined,
	events: IDataObject[],
	itemIndex: number,
): Promise<IDataObject[]> {
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

/** Deletes the series' occurrences on the given dates (a date without one is left alone) and reads the series again. */
export async function deleteOccurrences(session: ExchangeSession, request: OccurrenceDeletion): Promise<IDataObject> {
	const { mailbox, series, itemIndex } = request;
	const ids: string[] = [];
	for (const date of request.dates) {
		const id = await occurrenceOn(session, mailbox, series, date);
		if (id) ids.push(id);
	}
	const cancellations = request.notify ? SendCancellationsMode.SendToAllAndSaveCopy : SendCancellationsMode.SendToNone;
	const outcomes = await session.callBatch(mailbox, ids, async (service, part) =>
		await service.DeleteItems(part.map((id) => new ItemId(id)), DeleteMode.MoveToDeletedItems, cancellations, AffectedTaskOccurrence.AllOccurrences),
	);
	const refused = outcomes.find((outcome) => outcome.failure && outcome.failure.code !== 'ErrorItemNotFound');
	if (refused?.failure) throw session.error(refused.failure, mailbox, itemIndex);
	const [reread] = await bindItems(session, mailbox, [series.id], fullPropertySet());
	if (!reread.item) throw session.error(reread.failure as EwsFailure, mailbox, itemIndex);
	return eventFromEws(reread.item as Appointment, session.mailboxAddress(mailbox)) as unknown as IDataObject;
}
