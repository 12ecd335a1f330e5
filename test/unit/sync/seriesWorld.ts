/**
 * The SyncWorld with Exchange recurring series, kept as Exchange keeps them: a series lists its
 * deleted occurrences (dates in its zone) and its modified ones (exceptions), and each exception is
 * an item of its own that reads every value it never set (extended properties too) from its series.
 * - Changing or deleting one occurrence changes the series (new ChangeKey): SyncFolderItems reports
 *   the series, never the exception, and a read of a series always brings its exceptions along.
 * - Deleting an exception drops it and adds its original date to the deleted occurrences.
 * - An update that changes the series' times, zone or pattern drops all exceptions and deleted
 *   occurrences; the Exchange node's Update then deletes the occurrences on the dates of
 *   `recurrence.deletedOccurrences` Exchange does not exclude yet (a date without an occurrence is
 *   ignored; an excluded date cannot be restored).
 * - A changes-only run's CRM input also holds the CRM events of the changed series' exceptions, as
 *   the events workflow reads them.
 * Series repeat daily (`FREQ=DAILY;INTERVAL=n;COUNT=n`), at the same local time in their zone.
 */
import { DateTime } from 'luxon';

import { exceptionSyncId } from '../../../nodes/ExchangeCrmSync/core/records';
import { toInstant } from '../../../nodes/ExchangeCrmSync/core/time';
import type { InputCompleteness, SyncPlan } from '../../../nodes/ExchangeCrmSync/core/types';
import { planSync } from '../../../nodes/ExchangeCrmSync/core/planner';
import { ZOHO_SYNC_ID_FIELD } from '../../../nodes/ZohoCrm/helpers/syncFields';
import { SyncWorld, type AnyWrite } from './world';

type Json = Record<string, unknown>;

export interface ModifiedOccurrence {
	id: string;
	originalStart: string;
	start: string;
	end: string;
}

export interface Recurrence {
	rrule: string;
	deletedOccurrences: string[];
	modifiedOccurrences: ModifiedOccurrence[];
}

export interface Occurrence {
	/** Its start as the series defines it, in the series' zone. */
	originalStart: string;
	date: string;
	exceptionId?: string;
	deleted: boolean;
}

/** Values an exception has of its own, whatever it was given. */
const EXCEPTION_OWN = ['id', 'mailbox', 'changeKey', 'lastModified', 'start', 'end', 'recurrence', 'seriesMasterId', 'originalStart'];
/** Series values that redefine it: changing one resets its exceptions and deleted occurrences. */
const REDEFINING = ['start', 'end', 'timeZone', 'isAllDay'];

const rruleParts = (rrule: string) => new Map(rrule.split(';').map((part) => part.toUpperCase().split('=') as [string, string]));

export const recurrenceOf = (series: Json) => series.recurrence as Recurrence;

/** The original starts of a series' occurrences, in its zone. */
function occurrenceStarts(series: Json): DateTime[] {
	const parts = rruleParts(recurrenceOf(series).rrule);
	if (parts.get('FREQ') !== 'DAILY') throw new Error(`Only daily series are modelled: ${recurrenceOf(series).rrule}`);
	const first = DateTime.fromISO(String(series.start), { zone: String(series.timeZone) });
	const interval = Number(parts.get('INTERVAL') ?? 1);
	return Array.from({ length: Number(parts.get('COUNT')) }, (_, index) => first.plus({ days: index * interval }));
}

const iso = (time: DateTime) => time.toISO({ suppressMilliseconds: true })!;

export class SeriesWorld extends SyncWorld {
	/** Per exception, the fields it set itself (the others read from its series). */
	private readonly ownFields = new Map<string, Set<string>>();

	addSeries(fields: Json, rrule: string): string {
		return this.add('exchange', { ...fields, recurrence: { rrule, deletedOccurrences: [], modifiedOccurrences: [] } });
	}

	exceptions(seriesId?: string): Json[] {
		return this.all('exchange').filter((record) => record.seriesMasterId !== undefined && (seriesId === undefined || record.seriesMasterId === seriesId));
	}

	occurrences(seriesId: string): Occurrence[] {
		const series = this.get('exchange', seriesId)!;
		const { deletedOccurrences, modifiedOccurrences } = recurrenceOf(series);
		return occurrenceStarts(series).map((start) => {
			const date = start.toISODate()!;
			const modified = modifiedOccurrences.find((occurrence) => toInstant(occurrence.originalStart) === toInstant(iso(start)));
			return { originalStart: iso(start), date, deleted: deletedOccurrences.includes(date), ...(modified ? { exceptionId: modified.id } : {}) };
		});
	}

	/** Exchange's excluded dates of a series: its deleted occurrences and its exceptions' original dates. */
	excludedDates(seriesId: string): string[] {
		const { deletedOccurrences, modifiedOccurrences } = recurrenceOf(this.get('exchange', seriesId)!);
		const originalDates = modifiedOccurrences.map((modified) => DateTime.fromISO(modified.originalStart, { setZone: true }).toISODate()!);
		return [...new Set([...deletedOccurrences, ...originalDates])].sort();
	}

	/** The sync id an exception's CRM event must carry. */
	expectedSyncId(exception: Json): string | undefined {
		const series = this.get('exchange', String(exception.seriesMasterId));
		const seriesSyncId = series?.syncId;
		return typeof seriesSyncId === 'string' ? exceptionSyncId(seriesSyncId, toInstant(exception.originalStart)!) : undefined;
	}

	/** Changes one occurrence: it becomes an exception, or its exception changes. */
	changeOccurrence(seriesId: string, originalStart: string, fields: Json): void {
		const occurrence = this.occurrences(seriesId).find((candidate) => candidate.originalStart === originalStart);
		if (!occurrence || occurrence.deleted) throw new Error(`No occurrence ${originalStart} in ${seriesId}`);
		let id = occurrence.exceptionId;
		if (id === undefined) {
			const series = this.get('exchange', seriesId)!;
			const end = DateTime.fromISO(originalStart, { setZone: true }).plus(
				DateTime.fromISO(String(series.end)).diff(DateTime.fromISO(String(series.start))),
			);
			id = this.add('exchange', { start: originalStart, end: iso(end), ...fields, recurrence: null, seriesMasterId: seriesId, originalStart });
			this.ownFields.set(id, new Set(Object.keys(fields)));
			this.inheritSeries(seriesId);
		} else {
			this.edit('exchange', id, fields);
			for (const field of Object.keys(fields)) this.ownFields.get(id)!.add(field);
		}
		const exception = this.get('exchange', id)!;
		const others = recurrenceOf(this.get('exchange', seriesId)!).modifiedOccurrences.filter((modified) => modified.id !== id);
		const modified = [...others, { id, originalStart, start: String(exception.start), end: String(exception.end) }].sort((a, b) =>
			String(toInstant(a.originalStart)).localeCompare(String(toInstant(b.originalStart))),
		);
		this.changeSeries(seriesId, (recurrence) => ({ ...recurrence, modifiedOccurrences: modified }));
	}

	/** Deletes one occurrence, an exception or not: its date becomes a deleted occurrence. */
	deleteOccurrence(seriesId: string, originalStart: string): void {
		const occurrence = this.occurrences(seriesId).find((candidate) => candidate.originalStart === originalStart);
		if (!occurrence || occurrence.deleted) return;
		if (occurrence.exceptionId !== undefined) this.dropException(occurrence.exceptionId);
		this.changeSeries(seriesId, (recurrence) => ({
			...recurrence,
			deletedOccurrences: [...recurrence.deletedOccurrences, occurrence.date].sort(),
			modifiedOccurrences: recurrence.modifiedOccurrences.filter((modified) => modified.id !== occurrence.exceptionId),
		}));
	}

	/**
	 * Updates the series as EWS UpdateItem does, then, as the Exchange node's Update does, deletes
	 * the occurrences on the dates of `recurrence.deletedOccurrences` Exchange does not exclude yet.
	 */
	editSeries(seriesId: string, fields: Json): void {
		const before = this.get('exchange', seriesId)!;
		const { recurrence: wanted, ...rest } = fields as Json & { recurrence?: Partial<Recurrence> | null };
		const rrule = wanted === undefined ? recurrenceOf(before).rrule : wanted?.rrule;
		if (rrule === undefined) throw new Error('Removing the recurrence of a series is not modelled');
		const merged = { ...before, ...rest };
		const redefined =
			REDEFINING.some((field) => field in rest && !sameValue(field, before[field], merged[field])) ||
			!sameRrule(rrule, recurrenceOf(before).rrule);
		this.edit('exchange', seriesId, {
			...rest,
			recurrence: redefined ? { rrule, deletedOccurrences: [], modifiedOccurrences: [] } : { ...recurrenceOf(before), rrule },
		});
		if (redefined) for (const exception of this.exceptions(seriesId)) this.dropException(exception.id as string);
		this.inheritSeries(seriesId);
		const excluded = new Set(this.excludedDates(seriesId));
		for (const occurrence of this.occurrences(seriesId)) {
			if ((wanted?.deletedOccurrences ?? []).includes(occurrence.date) && !excluded.has(occurrence.date)) {
				this.deleteOccurrence(seriesId, occurrence.originalStart);
			}
		}
	}

	override apply(write: AnyWrite): string | undefined {
		if (write.side !== 'exchange' || write.json.action === 'create') return super.apply(write);
		const { json } = write;
		const record = json.id === undefined ? undefined : this.get('exchange', json.id);
		const isSeries = !!record?.recurrence;
		const isException = record?.seriesMasterId !== undefined;
		if (!record || (!isSeries && !isException)) return super.apply(write);
		if (json.changeKey !== undefined && json.changeKey !== record.changeKey) {
			return void this.refused.push({ write, reason: 'ErrorIrresolvableConflict' });
		}
		const seriesId = String(record.seriesMasterId);
		if (json.action === 'delete') {
			if (isException) this.deleteOccurrence(seriesId, String(record.originalStart));
			else this.deleteSeries(record.id as string);
		} else if (isException) {
			if (json.fields.recurrence) return void this.refused.push({ write, reason: 'ErrorInvalidPropertySet' });
			const { recurrence: _none, ...fields } = json.fields;
			this.changeOccurrence(seriesId, String(record.originalStart), fields);
		} else this.editSeries(record.id as string, json.fields);
		return undefined;
	}

	/**
	 * A changes-only read returns each changed series followed by its exceptions; the CRM input
	 * then also holds the CRM events of those series' exceptions (found by their sync id prefix).
	 */
	override read(side: 'exchange' | 'crm', mode: InputCompleteness): Json[] {
		const items = super.read(side, mode);
		if (side === 'crm') return items;
		const seriesItems = items.filter((item) => item.seriesMasterId === undefined);
		return seriesItems.flatMap((item) =>
			item.recurrence ? [item, ...this.exceptions(item.id as string).map((exception) => structuredClone(exception))] : [item],
		);
	}

	override plan(mode: InputCompleteness = this.settings.inputCompleteness): SyncPlan {
		const exchange = this.read('exchange', mode);
		const crm = this.read('crm', mode);
		if (mode === 'changes') {
			const prefixes = exchange.filter((item) => item.recurrence && typeof item.syncId === 'string').map((item) => `${item.syncId}/`);
			const ofChangedSeries = this.all('crm').filter((record) => prefixes.some((prefix) => String(record[ZOHO_SYNC_ID_FIELD] ?? '').startsWith(prefix)));
			crm.push(...ofChangedSeries.map((record) => structuredClone(record)));
		}
		return planSync({ exchange, crm, settings: { ...this.settings, inputCompleteness: mode } });
	}

	/** Sets the series' recurrence lists; the series changes (new ChangeKey), its exceptions do not. */
	private changeSeries(seriesId: string, change: (recurrence: Recurrence) => Recurrence): void {
		this.edit('exchange', seriesId, { recurrence: change(recurrenceOf(this.get('exchange', seriesId)!)) });
	}

	/** An exception that goes is not reported by SyncFolderItems: only its series is. */
	private dropException(id: string): void {
		this.stores.exchange.records.delete(id);
		this.ownFields.delete(id);
	}

	private deleteSeries(seriesId: string): void {
		for (const exception of this.exceptions(seriesId)) this.dropException(exception.id as string);
		this.remove('exchange', seriesId);
	}

	/** Exceptions read what they never set from their series (its changes do not change their ChangeKey). */
	private inheritSeries(seriesId: string): void {
		const series = this.get('exchange', seriesId)!;
		for (const exception of this.exceptions(seriesId)) {
			const own = this.ownFields.get(exception.id as string) ?? new Set();
			const inherited = Object.entries(series).filter(([field]) => !EXCEPTION_OWN.includes(field) && !own.has(field));
			this.stores.exchange.records.set(exception.id as string, { ...exception, ...Object.fromEntries(inherited) });
		}
	}
}

function sameValue(field: string, a: unknown, b: unknown): boolean {
	return field === 'start' || field === 'end' ? toInstant(a) === toInstant(b) : a === b;
}

function sameRrule(a: string, b: string): boolean {
	const sorted = (rrule: string) => [...rruleParts(rrule).entries()].map((part) => part.join('=')).sort().join(';');
	return sorted(a) === sorted(b);
}
