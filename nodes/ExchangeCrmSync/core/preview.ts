/**
 * A run's preview: what Plan Sync decided, as a list an admin reads before anything is written.
 * It is built from the very plan the workflow would write (the To Exchange and To CRM writes, and
 * for each conflict the writes of the route the workflow's Conflict behaviour Switch takes), so it
 * lists exactly the creates, updates (field by field, old → new), deletes, held deletes and
 * conflicts the real run makes, and counts them as the run's report would.
 */
import { isJsonObject, readContent, SIDES, type JsonObject, type MapContext, type Side } from './fieldMap';
import { objectProfile, type ObjectProfile } from './objects';
import { LINK_FIELDS } from './records';
import type { ConflictItem, PairReport, SyncPlan, SyncSettings, ToCrmWrite, ToExchangeWrite, WriteAction } from './types';
import { comparable, type CanonicalRecord, type CanonicalValue } from './values';

/**
 * Where the workflow sends conflicts: the suggestion of the winner (the Switch's "CRM wins" and
 * "Exchange wins" routes), or review (the fields only one side changed are written, the others wait).
 */
export type ConflictRoute = 'crmWins' | 'exchangeWins' | 'review';

/** The route the prebuilt workflows' Conflict behaviour Switch takes for a Conflict Behaviour setting. */
export const conflictRouteOf = (conflictBehaviour: string): ConflictRoute =>
	conflictBehaviour === 'crmWins' || conflictBehaviour === 'exchangeWins' ? conflictBehaviour : 'review';

export interface FieldChange {
	field: string;
	/** Absent on a create, and when the record was not in this run's input. */
	oldValue?: CanonicalValue;
	newValue: CanonicalValue;
}

export interface PreviewWrite {
	/** The side written. */
	side: Side;
	action: WriteAction;
	syncId: string;
	/** The id of the record written (updates and deletes; for mail, the CRM record the message goes to). */
	recordId?: string;
	/** What an admin recognises the record by (a contact's name and address, a subject). */
	name: string;
	/** Creates: the values the new record gets; updates: each field the write changes. None: the write only refreshes the sync link. */
	fields: FieldChange[];
	/** Why the plan writes it. */
	reason: string;
	/** Set when the write decides a conflict (the route it comes from). */
	conflictRoute?: ConflictRoute;
}

export interface PreviewConflict {
	syncId: string;
	name: string;
	/** Per field both sides changed to different values: both values. */
	fields: Array<{ field: string; exchangeValue: CanonicalValue; crmValue: CanonicalValue }>;
	/** Who takes those fields in this run, or review (nobody: they wait for a decision). */
	route: ConflictRoute;
}

export interface HeldDelete {
	syncId: string;
	name: string;
	recordIds: Partial<Record<Side, string>>;
	reason: string;
}

export interface PreviewCounts {
	created: number;
	updated: number;
	deleted: number;
	conflicts: number;
	heldDeletes: number;
	/** Records the plan cannot write (and malformed input items): the run reports them as errors. */
	notWritten: number;
}

export interface RunPreview {
	object: string;
	mailbox: string;
	inputCompleteness: string;
	/** Totals over both sides, counted as the run's report counts what landed. */
	counts: PreviewCounts;
	bySide: Record<Side, { created: number; updated: number; deleted: number }>;
	writes: PreviewWrite[];
	conflicts: PreviewConflict[];
	heldDeletes: HeldDelete[];
	/** Why held deletes are held, and how to release them. */
	held?: { reason?: string; release?: string };
	notWritten: Array<{ syncId?: string; name?: string; reason: string }>;
}

export interface PreviewInput {
	plan: SyncPlan;
	/** Plan Sync's input items, to name the records and show the values a write replaces. */
	exchange: unknown[];
	crm: unknown[];
	settings: SyncSettings;
	conflictRoute: ConflictRoute;
}

/** The body of a write: the item fields (Exchange) or the record (CRM). */
const bodyOf = (side: Side, write: ToExchangeWrite | ToCrmWrite): JsonObject =>
	side === 'exchange' ? (write as ToExchangeWrite).fields : (write as ToCrmWrite).record;

/** Values longer than this are cut in the preview (it shows what changes, not whole notes or bodies). */
export const PREVIEW_VALUE_LENGTH = 200;

/** A value as the preview shows it: long text cut to PREVIEW_VALUE_LENGTH characters, with an ellipsis. */
export function shortValue(value: CanonicalValue): CanonicalValue {
	const cut = (entry: string) => ([...entry].length > PREVIEW_VALUE_LENGTH ? `${[...entry].slice(0, PREVIEW_VALUE_LENGTH).join('')}…` : entry);
	if (typeof value === 'string') return cut(value);
	return Array.isArray(value) ? value.map(cut) : value;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);

/** Finds the input records a write concerns: by the record's id, else by the pair's sync id. */
class InputRecords {
	private readonly byId = new Map<string, JsonObject>();
	private readonly bySyncId = new Map<string, JsonObject>();

	constructor(items: Record<Side, unknown[]>) {
		for (const side of SIDES) {
			for (const item of items[side]) {
				if (!isJsonObject(item) || item.deleted === true) continue;
				const id = text(item.id);
				const syncId = text(item[LINK_FIELDS[side].syncId]);
				if (id !== undefined) this.byId.set(`${side}|${id}`, item);
				if (syncId !== undefined && !this.bySyncId.has(`${side}|${syncId}`)) this.bySyncId.set(`${side}|${syncId}`, item);
			}
		}
	}

	record(side: Side, id: string | undefined, syncId: string): JsonObject | undefined {
		return (id !== undefined ? this.byId.get(`${side}|${id}`) : undefined) ?? this.bySyncId.get(`${side}|${syncId}`);
	}
}

/** Names and lists what a plan writes; the review inbox names its records with it too. */
export class PreviewBuilder {
	/** The object's field map (mail has none: a message is named by its subject, its body stays out). */
	private readonly profile: ObjectProfile | undefined;
	private readonly context: MapContext;
	private readonly records: InputRecords;
	private readonly pairs: Map<string, PairReport>;

	constructor(private readonly input: PreviewInput) {
		const { settings, plan } = input;
		this.profile = settings.object === 'mail' ? undefined : objectProfile(settings);
		this.context = { exchangeTimeZone: settings.exchangeTimeZone, crmTimeZone: settings.crmTimeZone, mailbox: settings.mailbox };
		this.records = new InputRecords({ exchange: input.exchange, crm: input.crm });
		this.pairs = new Map(plan.report.pairs.map((pair) => [pair.syncId, pair]));
	}

	private content(side: Side, raw: JsonObject | undefined): CanonicalRecord {
		return raw === undefined || this.profile === undefined ? {} : readContent(side, this.profile.fields, raw, this.context);
	}

	/** A contact's name and address, an item's subject, else the pair's sync id. */
	private nameOf(syncId: string, candidates: Array<[Side, JsonObject | undefined]>): string {
		for (const [side, raw] of candidates) {
			if (raw === undefined) continue;
			if (this.input.settings.object === 'mail') {
				const subject = text(raw.subject) ?? (isJsonObject(raw.email) ? text(raw.email.subject) : undefined);
				if (subject !== undefined) return subject;
				continue;
			}
			const content = this.content(side, raw);
			const person = [content.givenName, content.surname].filter((part) => typeof part === 'string' && part !== '').join(' ');
			const email = typeof content.email1 === 'string' ? content.email1 : undefined;
			const label = person !== '' && email ? `${person} <${email}>` : person || email || (typeof content.subject === 'string' ? content.subject : undefined);
			if (label) return typeof content.start === 'string' && this.input.settings.object === 'events' ? `${label} (${content.start})` : label;
		}
		return syncId;
	}

	/** The values a create gives the new record (mail: none, a message's body stays out of the preview). */
	private createdFields(side: Side, body: JsonObject): FieldChange[] {
		const content = this.content(side, body);
		return Object.entries(content)
			.filter(([, value]) => value !== null)
			.map(([field, newValue]) => ({ field, newValue: shortValue(newValue) }));
	}

	/** The fields an update changes: the planner's own list of what it overwrites, else the write compared with the record read. */
	private changedFields(side: Side, body: JsonObject, existing: JsonObject | undefined, pair: PairReport | undefined): FieldChange[] {
		const overwritten = pair?.overwritten.filter((entry) => entry.side === side);
		if (overwritten && overwritten.length > 0) {
			return overwritten.map((entry) => ({
				field: entry.field,
				...(entry.oldValue !== undefined ? { oldValue: shortValue(entry.oldValue) } : {}),
				newValue: shortValue(entry.newValue),
			}));
		}
		const after = this.content(side, body);
		const before = this.content(side, existing);
		const kinds = new Map((this.profile?.fields ?? []).map((spec) => [spec.field, spec.kind]));
		return Object.entries(after)
			.filter(([field, value]) => existing === undefined || comparable(kinds.get(field)!, before[field] ?? null) !== comparable(kinds.get(field)!, value))
			.map(([field, newValue]) => ({ field, ...(existing !== undefined ? { oldValue: shortValue(before[field] ?? null) } : {}), newValue: shortValue(newValue) }));
	}

	write(side: Side, write: ToExchangeWrite | ToCrmWrite, conflict?: { item: ConflictItem; route: ConflictRoute }): PreviewWrite {
		const body = bodyOf(side, write);
		const other: Side = side === 'exchange' ? 'crm' : 'exchange';
		const pair = this.pairs.get(write.syncId);
		const existing = conflict ? (conflict.item[side] ?? undefined) : this.records.record(side, write.id, write.syncId);
		const partner = conflict ? (conflict.item[other] ?? undefined) : this.records.record(other, undefined, write.syncId);
		const isMailAttach = this.input.settings.object === 'mail' && side === 'crm';
		const fields =
			write.action === 'delete'
				? []
				: write.action === 'create'
					? this.createdFields(side, body)
					: this.changedFields(side, body, existing, conflict ? undefined : pair);
		return {
			side,
			action: write.action,
			syncId: write.syncId,
			...(write.id !== undefined ? { recordId: write.id } : {}),
			name: this.nameOf(write.syncId, isMailAttach ? [[side, body]] : [[side, existing], [other, partner], [side, body]]),
			fields,
			reason: conflict ? conflictReason(conflict.route) : (pair?.reason ?? ''),
			...(conflict ? { conflictRoute: conflict.route } : {}),
		};
	}

	conflict(item: ConflictItem, route: ConflictRoute): PreviewConflict {
		return {
			syncId: item.syncId,
			name: this.nameOf(item.syncId, [['exchange', item.exchange ?? undefined], ['crm', item.crm ?? undefined]]),
			fields: item.fields.map(({ field, exchangeValue, crmValue }) => ({ field, exchangeValue: shortValue(exchangeValue), crmValue: shortValue(crmValue) })),
			route,
		};
	}

	held(pair: PairReport): HeldDelete {
		return { syncId: pair.syncId, name: this.nameOfPair(pair), recordIds: pair.records ?? {}, reason: pair.reason };
	}

	/** The name of one side's record of a pair, where the input holds it. */
	nameOn(side: Side, pair: PairReport): string | undefined {
		const raw = this.records.record(side, pair.records?.[side], pair.syncId);
		return raw === undefined ? undefined : this.nameOf(pair.syncId, [[side, raw]]);
	}

	/** A pair's name, from its records in the input (by their ids, else by the sync id). */
	nameOfPair(pair: PairReport): string {
		const ids = pair.records ?? {};
		return this.nameOf(pair.syncId, SIDES.map((side) => [side, this.records.record(side, ids[side], pair.syncId)] as [Side, JsonObject | undefined]));
	}
}

function conflictReason(route: ConflictRoute): string {
	if (route === 'review') return 'fields only one side changed, written while the conflicting fields wait for review';
	return `conflict decided: ${route === 'crmWins' ? 'the CRM' : 'Exchange'} wins`;
}

/** The suggestion a conflict route applies. */
const SUGGESTION: Record<ConflictRoute, keyof ConflictItem['suggested']> = { crmWins: 'crmWins', exchangeWins: 'exchangeWins', review: 'hold' };

export function previewRun(input: PreviewInput): RunPreview {
	const { plan, conflictRoute } = input;
	const builder = new PreviewBuilder(input);
	const writes: PreviewWrite[] = [
		...plan.toExchange.map(({ json }) => builder.write('exchange', json)),
		...plan.toCrm.map(({ json }) => builder.write('crm', json)),
	];
	const conflicts = plan.conflicts.map(({ json }) => {
		const suggested = json.suggested[SUGGESTION[conflictRoute]];
		if (suggested.toExchange) writes.push(builder.write('exchange', suggested.toExchange, { item: json, route: conflictRoute }));
		if (suggested.toCrm) writes.push(builder.write('crm', suggested.toCrm, { item: json, route: conflictRoute }));
		return builder.conflict(json, conflictRoute);
	});
	const report = plan.report;
	const heldDeletes = report.massDelete.blocked ? report.pairs.filter((pair) => pair.decision === 'blocked').map((pair) => builder.held(pair)) : [];
	const notWritten = [
		...report.pairs.filter((pair) => pair.decision === 'error').map((pair) => ({ syncId: pair.syncId, name: builder.nameOfPair(pair), reason: pair.reason })),
		...report.errors.map((error) => ({ reason: `${error.side === 'exchange' ? 'Exchange' : 'CRM'} item ${error.itemIndex}: ${error.reason}` })),
	];
	const bySide = {
		exchange: { created: 0, updated: 0, deleted: 0 },
		crm: { created: 0, updated: 0, deleted: 0 },
	};
	const COUNT = { create: 'created', update: 'updated', delete: 'deleted' } as const;
	for (const write of writes) bySide[write.side][COUNT[write.action]]++;
	const total = (count: 'created' | 'updated' | 'deleted') => bySide.exchange[count] + bySide.crm[count];
	return {
		object: report.object,
		mailbox: report.mailbox,
		inputCompleteness: report.inputCompleteness,
		counts: {
			created: total('created'),
			updated: total('updated'),
			deleted: total('deleted'),
			conflicts: conflicts.length,
			heldDeletes: report.massDelete.blocked ? report.massDelete.wouldDelete : 0,
			notWritten: notWritten.length,
		},
		bySide,
		writes,
		conflicts,
		heldDeletes,
		...(report.massDelete.blocked ? { held: { reason: report.massDelete.reason, release: report.massDelete.release } } : {}),
		notWritten,
	};
}
