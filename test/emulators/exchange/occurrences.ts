/**
 * Single occurrences of recurring series, kept as Exchange keeps them (MS-OXOCAL): an occurrence
 * is addressed by its series and its instance index in the series as defined, so its id never
 * changes; changing one makes an exception stored on the series that overrides some of the
 * series' properties and inherits the rest; deleting one records its original start. A change
 * to the series' pattern, times or time zone drops them all.
 */
import { DateTime } from 'luxon';
import { EwsError } from './soap';
import { itemZone, occurrenceAt, occurrences, overlapsWindow, rruleFromRecurrence, seriesOccurrences, type Occurrence } from './recurrence';
import { decodeItemId, occurrenceId, type ExchangeStore, type SeriesExceptions, type StoredItem } from './store';
import { ianaZone } from './timezones';
import { element, textOf, type XNode } from './xml';

/** Overrides for an occurrence: a property's new value, or null where it removes the series' value. */
export interface OccurrenceOverrides {
	props: Map<string, XNode | null>;
	extended: Map<string, XNode | null>;
}

const utc = (time: DateTime) => time.toUTC().toISO({ suppressMilliseconds: true })!;

export function startOf(item: StoredItem): DateTime {
	return DateTime.fromISO(item.props.get('Start')?.text ?? '', { setZone: true });
}

export function endOf(item: StoredItem): DateTime {
	return DateTime.fromISO(item.props.get('End')?.text ?? '', { setZone: true });
}

/** Occurrence `index` of a series as it stands, or the error Exchange answers for it. */
export function liveOccurrence(master: StoredItem, index: number): Occurrence {
	const occurrence = occurrenceAt(master, index);
	if (!occurrence) throw new EwsError('ErrorCalendarOccurrenceIndexIsOutOfRecurrenceRange', 'Occurrence index is out of recurrence range.');
	if (master.exceptions?.deleted.has(index)) {
		throw new EwsError('ErrorCalendarOccurrenceIsDeletedFromRecurrence', 'Occurrence with this index was previously deleted from the recurrence.');
	}
	return occurrence;
}

function overlay(base: Map<string, XNode>, overrides: Map<string, XNode | null> | undefined): void {
	for (const [name, node] of overrides ?? []) {
		if (node) base.set(name, node);
		else base.delete(name);
	}
}

/**
 * An occurrence as an item of its own: the series' properties at the occurrence's times, the
 * exception's overrides on top, no recurrence. A plain occurrence's ChangeKey follows the
 * series; an exception has its own.
 */
export function occurrenceItem(master: StoredItem, occurrence: Occurrence): StoredItem {
	const exception = master.exceptions?.modified.get(occurrence.index);
	const props = new Map(master.props);
	props.delete('Recurrence');
	props.set('Start', element('Start', {}, utc(occurrence.start)));
	props.set('End', element('End', {}, utc(occurrence.end)));
	overlay(props, exception?.props);
	props.set('RecurrenceId', element('RecurrenceId', {}, utc(occurrence.start)));
	props.set('OriginalStart', element('OriginalStart', {}, utc(occurrence.start)));
	props.set('CalendarItemType', element('CalendarItemType', {}, exception ? 'Exception' : 'Occurrence'));
	const extended = new Map(master.extended.map((e) => [e.key, e.node]));
	overlay(extended, exception?.extended);
	const version = exception ? `x${exception.version}` : `s${master.version}`;
	const changeKey = Buffer.from(`CK:${decodeItemId(master.id)?.serial}:occ${occurrence.index}:${version}`).toString('base64');
	return {
		...master,
		id: occurrenceId(master.id, occurrence.index),
		changeKey,
		props,
		extended: [...extended].map(([key, node]) => ({ key, node })),
		exceptions: undefined,
	};
}

/**
 * The instances of a calendar item overlapping [from, to), as CalendarView and free/busy see
 * them: a single item is itself; a series gives its occurrences without the deleted ones and
 * with exceptions at their own times (wherever they were moved from).
 */
export function instances(item: StoredItem, from: DateTime, to: DateTime): StoredItem[] {
	if (!item.props.has('Recurrence')) return occurrences(item, from, to).length > 0 ? [item] : [];
	const modified = item.exceptions?.modified ?? new Map();
	const deleted = item.exceptions?.deleted ?? new Map();
	const regular = occurrences(item, from, to)
		.filter((o) => !modified.has(o.index) && !deleted.has(o.index))
		.map((o) => occurrenceItem(item, o));
	const changed = exceptionItems(item).filter((o) => overlapsWindow(startOf(o), endOf(o), from, to));
	return [...regular, ...changed];
}

/** A series' exceptions as occurrence items, in order of their original start. */
export function exceptionItems(master: StoredItem): StoredItem[] {
	const indexes = [...(master.exceptions?.modified.keys() ?? [])].sort((a, b) => a - b);
	return indexes.map((index) => occurrenceItem(master, occurrenceAt(master, index)!));
}

/** The original starts (UTC) of a series' deleted occurrences, in order. */
export function deletedStarts(master: StoredItem): string[] {
	return [...(master.exceptions?.deleted ?? [])].sort(([a], [b]) => a - b).map(([, start]) => start);
}

function exceptionsOf(master: StoredItem): SeriesExceptions {
	master.exceptions ??= { modified: new Map(), deleted: new Map() };
	return master.exceptions;
}

/** The nearest occurrence before (-1) or after (+1) occurrence `index` that is not deleted, as it stands. */
function neighbour(master: StoredItem, index: number, direction: -1 | 1): StoredItem | undefined {
	for (let i = index + direction; i >= 1; i += direction) {
		const occurrence = occurrenceAt(master, i);
		if (!occurrence) return undefined;
		if (!master.exceptions?.deleted.has(i)) return occurrenceItem(master, occurrence);
	}
	return undefined;
}

/**
 * Exchange refuses to move an occurrence onto the day of its previous or next occurrence, or
 * past either of them (days in the series' time zone).
 */
function assertWithinNeighbours(master: StoredItem, index: number, start: string): void {
	const zone = itemZone(master);
	const day = (time: DateTime) => time.setZone(zone).toISODate()!;
	const moved = day(DateTime.fromISO(start, { setZone: true }));
	const previous = neighbour(master, index, -1);
	const next = neighbour(master, index, 1);
	if ((previous && moved <= day(startOf(previous))) || (next && moved >= day(startOf(next)))) {
		throw new EwsError('ErrorOccurrenceCrossingBoundary', 'Modified occurrence is crossing or overlapping adjacent occurrence.');
	}
}

/** Makes or extends the exception of occurrence `index`; the series counts as changed. */
export function saveException(store: ExchangeStore, master: StoredItem, occurrence: Occurrence, overrides: OccurrenceOverrides): StoredItem {
	if (overrides.props.has('Recurrence')) throw new EwsError('ErrorInvalidPropertySet', 'An occurrence of a recurring series cannot have a recurrence of its own.');
	const start = overrides.props.get('Start');
	if (start) assertWithinNeighbours(master, occurrence.index, start.text);
	const { modified } = exceptionsOf(master);
	const exception = modified.get(occurrence.index) ?? { originalStart: utc(occurrence.start), props: new Map(), extended: new Map(), version: 0 };
	overrides.props.forEach((node, name) => exception.props.set(name, node));
	overrides.extended.forEach((node, key) => exception.extended.set(key, node));
	exception.version++;
	exception.props.set('LastModifiedTime', element('LastModifiedTime', {}, store.timestamp()));
	modified.set(occurrence.index, exception);
	store.updated(master);
	return occurrenceItem(master, occurrence);
}

/** Deletes occurrence `index` from its series (with its exception, if any). */
export function deleteOccurrence(store: ExchangeStore, master: StoredItem, occurrence: Occurrence): void {
	const exceptions = exceptionsOf(master);
	exceptions.modified.delete(occurrence.index);
	exceptions.deleted.set(occurrence.index, utc(occurrence.start));
	store.updated(master);
}

/** What defines a series' occurrences: pattern, range start, times and time zones. */
export function seriesSignature(item: StoredItem): string {
	const recurrence = item.props.get('Recurrence');
	const zone = (name: string) => {
		const node = item.props.get(name);
		return node ? ianaZone(node.attrs.Id ?? node.attrs.TimeZoneName) : '';
	};
	return JSON.stringify([
		recurrence ? rruleFromRecurrence(recurrence) : '',
		textOf(recurrence?.children[1], 'StartDate')?.slice(0, 10) ?? '',
		item.props.get('Start')?.text,
		item.props.get('End')?.text,
		zone('StartTimeZone'),
		zone('EndTimeZone'),
		zone('MeetingTimeZone'),
	]);
}

/** After an edit of a series: Exchange drops every exception when the series' definition changed. */
export function dropExceptionsIfRedefined(item: StoredItem, signatureBefore: string): void {
	if (item.exceptions && seriesSignature(item) !== signatureBefore) item.exceptions = undefined;
}

/** An occurrence in the form of FirstOccurrence, LastOccurrence and ModifiedOccurrences' entries (OccurrenceInfoType). */
function occurrenceInfo(name: string, occurrence: StoredItem): XNode {
	return element(
		name,
		{},
		element('ItemId', { Id: occurrence.id, ChangeKey: occurrence.changeKey }),
		...['Start', 'End', 'OriginalStart'].map((property) => element(property, {}, occurrence.props.get(property)!.text)),
	);
}

/**
 * What GetItem answers about a series' instances: its first and last occurrence that are not
 * deleted (as they stand: a moved one at its new time; a series without an end has no last
 * one), its modified and its deleted occurrences (each list only when not empty).
 */
export function seriesProperties(master: StoredItem): XNode[] {
	if (!master.props.has('Recurrence')) return [];
	const properties: XNode[] = [];
	const { occurrences, ends } = seriesOccurrences(master);
	let first: Occurrence | undefined;
	let last: Occurrence | undefined;
	for (const occurrence of occurrences) {
		if (master.exceptions?.deleted.has(occurrence.index)) continue;
		first ??= occurrence;
		last = occurrence;
		if (!ends) break;
	}
	if (first) properties.push(occurrenceInfo('FirstOccurrence', occurrenceItem(master, first)));
	if (last && ends) properties.push(occurrenceInfo('LastOccurrence', occurrenceItem(master, last)));
	const modified = exceptionItems(master);
	if (modified.length > 0) properties.push(element('ModifiedOccurrences', {}, ...modified.map((o) => occurrenceInfo('Occurrence', o))));
	const deleted = deletedStarts(master);
	if (deleted.length > 0) {
		properties.push(element('DeletedOccurrences', {}, ...deleted.map((start) => element('DeletedOccurrence', {}, element('Start', {}, start)))));
	}
	return properties;
}
