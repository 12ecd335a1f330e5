/**
 * An in-memory two-sided world for sync tests: an Exchange mailbox and a Zoho module that apply
 * the Sync node's To-Exchange / To-CRM writes the way the real nodes do (ChangeKey and
 * If-Unmodified-Since checks, Zoho's unique sync-id field, deletes to a recoverable bin), and hand back either everything
 * ('complete') or only what changed since the last read plus tombstones ('changes').
 */
import { DateTime } from 'luxon';

import { linkCreated, type CreatedRecord } from '../../../nodes/ExchangeCrmSync/core/links';
import { objectProfile } from '../../../nodes/ExchangeCrmSync/core/objects';
import { planSync } from '../../../nodes/ExchangeCrmSync/core/planner';
import { LINK_FIELDS, partnerKey } from '../../../nodes/ExchangeCrmSync/core/records';
import type { InputCompleteness, SuggestedWrites, SyncPlan, SyncSettings, ToCrmWrite, ToExchangeWrite } from '../../../nodes/ExchangeCrmSync/core/types';
import { ZOHO_SYNC_ID_FIELD } from '../../../nodes/ZohoCrm/helpers/syncFields';

type Json = Record<string, unknown>;
export type WorldSide = 'exchange' | 'crm';

export const MAILBOX = 'alice@example.test';

export function settingsFor(overrides: Partial<SyncSettings> = {}): SyncSettings {
	return {
		object: 'contacts',
		crmModule: 'Contacts',
		syncType: 'twoWay',
		direction: 'exchangeToCrm',
		conflictBehaviour: 'crmWins',
		deleteBehaviour: 'propagate',
		massDeleteLimit: 1000,
		massDeletePercent: 100,
		matchRule: 'email',
		mailbox: MAILBOX,
		inputCompleteness: 'complete',
		exchangeTimeZone: 'Europe/Berlin',
		crmTimeZone: 'Europe/Berlin',
		customFieldMappings: [],
		excludedFields: [],
		...overrides,
	};
}

export interface ApplyOptions {
	/** Writes made before the run crashes. */
	applied?: number;
	order?: (writes: AnyWrite[]) => AnyWrite[];
}

export type AnyWrite = { side: 'exchange'; json: ToExchangeWrite } | { side: 'crm'; json: ToCrmWrite };

export function writesOf(plan: Pick<SyncPlan, 'toExchange' | 'toCrm'>): AnyWrite[] {
	return [
		...plan.toExchange.map((item) => ({ side: 'exchange' as const, json: item.json })),
		...plan.toCrm.map((item) => ({ side: 'crm' as const, json: item.json })),
	];
}

class Store {
	readonly records = new Map<string, Json>();
	readonly bin = new Map<string, Json>();
	/** Clock value of the last change of each record, and of each delete. */
	readonly changedAt = new Map<string, number>();
	readonly deletedAt = new Map<string, number>();
}

/** One clock and id counter for worlds that share a CRM. */
class Clock {
	tick = 0;
	ids = 0;
}

export class SyncWorld {
	readonly stores: Record<WorldSide, Store>;
	private readonly time: Clock;
	/** Where each side's changes-only read of this world continues. */
	private readonly cursors: Record<WorldSide, number> = { exchange: 0, crm: 0 };
	/** Writes the servers refused (stale ChangeKey, duplicate sync id, unknown id). */
	readonly refused: Array<{ write: AnyWrite; reason: string }> = [];

	/**
	 * Properties a side's records never have, as a module without those fields: the read does not
	 * return them and a write of them is dropped.
	 */
	readonly lacks: Record<WorldSide, string[]> = { exchange: [], crm: [] };

	/** The zone Zoho answers date-times in: the API user's, whoever owns the record (unset: as written). */
	crmAnswersIn?: string;

	constructor(
		public settings: SyncSettings,
		shared?: { crm: Store; time: Clock },
	) {
		this.stores = { exchange: new Store(), crm: shared?.crm ?? new Store() };
		this.time = shared?.time ?? new Clock();
	}

	/** Another user's mailbox, synced with the same CRM (its own Exchange store and cursors). */
	otherMailbox(settings: SyncSettings): SyncWorld {
		return new SyncWorld(settings, { crm: this.stores.crm, time: this.time });
	}

	/** A record as the real reads return it: every property the field map reads, empty unless set. */
	private full(side: WorldSide, fields: Json): Json {
		const keys = objectProfile(this.settings).fields.flatMap((spec) => spec[side].keys);
		const record: Json = { ...Object.fromEntries(keys.map((key) => [key, null])), ...fields };
		for (const key of this.lacks[side]) delete record[key];
		return record;
	}

	private stamp(side: WorldSide, id: string): Json {
		const tick = ++this.time.tick;
		this.stores[side].changedAt.set(id, tick);
		const time = new Date(Date.UTC(2026, 0, 1) + tick * 1000).toISOString();
		return side === 'exchange' ? { changeKey: `ck${tick}`, lastModified: time } : { Modified_Time: time };
	}

	add(side: WorldSide, fields: Json): string {
		const id = `${side === 'exchange' ? 'AAMk' : '5000'}${++this.time.ids}`;
		const base = side === 'exchange' ? { id, mailbox: this.settings.mailbox } : { id };
		this.stores[side].records.set(id, { ...base, ...this.full(side, fields), ...this.stamp(side, id) });
		return id;
	}

	edit(side: WorldSide, id: string, fields: Json): void {
		const record = this.stores[side].records.get(id);
		if (!record) throw new Error(`No ${side} record ${id}`);
		this.stores[side].records.set(id, { ...this.full(side, { ...record, ...fields }), ...this.stamp(side, id) });
	}

	remove(side: WorldSide, id: string): void {
		const store = this.stores[side];
		const record = store.records.get(id);
		if (!record) throw new Error(`No ${side} record ${id}`);
		store.records.delete(id);
		store.bin.set(id, record);
		store.deletedAt.set(id, ++this.time.tick);
	}

	get(side: WorldSide, id: string): Json | undefined {
		return this.stores[side].records.get(id);
	}

	all(side: WorldSide): Json[] {
		return [...this.stores[side].records.values()];
	}

	/** What the read nodes would hand the Sync node, and moves the change cursor. */
	read(side: WorldSide, mode: InputCompleteness): Json[] {
		const store = this.stores[side];
		const since = this.cursors[side];
		this.cursors[side] = this.time.tick;
		const answer = (record: Json) => (side === 'crm' ? this.asZohoAnswers(record) : structuredClone(record));
		if (mode === 'complete') return this.all(side).map(answer);
		const changed = [...store.records.entries()]
			.filter(([id]) => (store.changedAt.get(id) ?? 0) > since)
			.map(([, record]) => answer(record));
		const deleted = [...store.deletedAt.entries()].filter(([, at]) => at > since).map(([id]) => ({ deleted: true, id }));
		return [...changed, ...deleted];
	}

	/**
	 * The records of `side` whose link holds the key of one of the other side's changed or deleted
	 * records, as the workflows read them before the Sync node.
	 */
	partnersOf(side: WorldSide, changes: Json[]): Json[] {
		const field = LINK_FIELDS[side].partnerKey;
		const keys = new Set(changes.map((item) => partnerKey(side, String(item.id))));
		return this.all(side).filter((record) => keys.has(String(record[field]))).map((record) => structuredClone(record));
	}

	/** A CRM record as Zoho answers it: its date-times in the API user's zone. */
	private asZohoAnswers(record: Json): Json {
		const copy = structuredClone(record);
		if (!this.crmAnswersIn) return copy;
		for (const field of ['Start_DateTime', 'End_DateTime']) {
			const value = DateTime.fromISO(String(copy[field] ?? ''), { setZone: true });
			if (value.isValid) copy[field] = value.setZone(this.crmAnswersIn).toISO({ suppressMilliseconds: true });
		}
		return copy;
	}

	/** The linked pairs the last plan reported: a changes-only run's brake counts its share of them, as the workflows keep it. */
	private linked: number | undefined;

	/** With `partners`, a changes-only read adds the partners of each side's changes and deletions. */
	plan(mode: InputCompleteness = this.settings.inputCompleteness, partners = false): SyncPlan {
		const settings = { ...this.settings, inputCompleteness: mode, partnersIncluded: partners, linkedBefore: this.settings.linkedBefore ?? this.linked };
		const exchange = this.read('exchange', mode);
		const crm = this.read('crm', mode);
		if (partners) {
			exchange.push(...this.partnersOf('exchange', crm));
			crm.push(...this.partnersOf('crm', exchange));
		}
		const plan = planSync({ exchange, crm, settings });
		this.linked = plan.report.linked;
		return plan;
	}

	/** Plans and applies the writes (all, or only the first `applied` of them in the given order). */
	run(options: { mode?: InputCompleteness; partners?: boolean } & ApplyOptions = {}): SyncPlan {
		const plan = this.plan(options.mode, options.partners);
		this.applyPlan(plan, options);
		return plan;
	}

	/**
	 * Applies a plan as the workflow does: its writes, then the link writes for what they created
	 * (the Sync node's "Link Created Records"). A crash stops it after `applied` writes.
	 * Returns the writes applied.
	 */
	applyPlan(plan: Pick<SyncPlan, 'toExchange' | 'toCrm'>, options: ApplyOptions = {}): AnyWrite[] {
		const order = options.order ?? ((all: AnyWrite[]) => all);
		let budget = options.applied ?? Infinity;
		const applied: AnyWrite[] = [];
		const created: Record<WorldSide, CreatedRecord[]> = { exchange: [], crm: [] };
		for (const write of order(writesOf(plan))) {
			if (budget-- <= 0) return applied;
			const id = this.apply(write);
			applied.push(write);
			if (write.json.action !== 'create') continue;
			const record = id === undefined ? undefined : this.get(write.side, id);
			created[write.side].push({ planned: write.json, created: record ? { id, changeKey: record.changeKey } : { error: 'refused' } });
		}
		for (const write of order(writesOf(linkCreated(created)))) {
			if (budget-- <= 0) return applied;
			this.apply(write);
			applied.push(write);
		}
		return applied;
	}

	/** Applies one write; returns the id of the record a create made. */
	apply(write: AnyWrite): string | undefined {
		return write.side === 'exchange' ? this.applyExchange(write) : this.applyCrm(write);
	}

	private applyExchange(write: AnyWrite & { side: 'exchange' }): string | undefined {
		const { json } = write;
		const store = this.stores.exchange;
		if (json.action === 'create') return this.add('exchange', json.fields);
		const record = json.id === undefined ? undefined : store.records.get(json.id);
		if (!record) return void this.refused.push({ write, reason: 'ErrorItemNotFound' });
		if (json.changeKey !== undefined && json.changeKey !== record.changeKey) {
			return void this.refused.push({ write, reason: 'ErrorIrresolvableConflict' });
		}
		if (json.action === 'delete') this.remove('exchange', record.id as string);
		else this.edit('exchange', record.id as string, json.fields);
		return undefined;
	}

	private applyCrm(write: AnyWrite & { side: 'crm' }): string | undefined {
		const { json } = write;
		const store = this.stores.crm;
		const { id: _ignored, ...fields } = json.record;
		if (json.action === 'create') {
			const syncId = fields[ZOHO_SYNC_ID_FIELD];
			if ([...store.records.values()].some((record) => record[ZOHO_SYNC_ID_FIELD] === syncId)) {
				return void this.refused.push({ write, reason: 'DUPLICATE_DATA' });
			}
			return this.add('crm', fields);
		}
		const record = json.id === undefined ? undefined : store.records.get(json.id);
		if (!record) return void this.refused.push({ write, reason: 'INVALID_DATA' });
		if (json.ifUnmodifiedSince !== undefined && json.ifUnmodifiedSince !== record.Modified_Time) {
			return void this.refused.push({ write, reason: 'ALREADY_MODIFIED' });
		}
		if (json.action === 'delete') this.remove('crm', json.id as string);
		else this.edit('crm', json.id as string, fields);
		return undefined;
	}
}

/** A plan's writes plus one conflict suggestion, as the workflow's Conflict behaviour Switch applies it. */
export function suggestedPlan(suggested: SuggestedWrites, plan?: SyncPlan): Pick<SyncPlan, 'toExchange' | 'toCrm'> {
	const sources = { exchange: [], crm: [] };
	return {
		toExchange: [...(plan?.toExchange ?? []), ...(suggested.toExchange ? [{ json: suggested.toExchange, sources }] : [])],
		toCrm: [...(plan?.toCrm ?? []), ...(suggested.toCrm ? [{ json: suggested.toCrm, sources }] : [])],
	};
}
