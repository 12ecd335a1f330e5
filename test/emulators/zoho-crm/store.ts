/**
 * The emulated org's data: users, modules with their fields, records (live and deleted), the
 * emails associated with records, and a clock that tests can move forward.
 */
import { randomBytes } from 'node:crypto';
import {
	customModuleSpec,
	fieldFromSpec,
	moduleFieldSpecs,
	moduleIdFor,
	ORG_ID_PREFIX,
	type FieldDefinition,
	type FieldSpec,
	type ModuleDefinition,
	type ModuleSpec,
} from './metadata';
import { LAST_ACTIVITY_TIME, STANDARD_MODULES } from './standardModules';

export interface ZohoUser {
	id: string;
	fullName: string;
	email: string;
	active: boolean;
	timeZone: string;
	/** Administrators see all records and may list Notes; the first user is the org's admin. */
	admin: boolean;
	createdAt: number;
}

export type DeletionType = 'recycle' | 'permanent';

export interface StoredRecord {
	id: string;
	module: string;
	/**
	 * Field values in canonical form: datetimes as epoch milliseconds, lookups as the target id
	 * (with `$se_module` beside multi-module lookups), everything else as sent.
	 */
	values: Record<string, unknown>;
	ownerId: string;
	createdById: string;
	modifiedById: string;
	createdAt: number;
	modifiedAt: number;
	deleted?: { at: number; byId: string; type: DeletionType };
	/** What search sees and from when: search lags behind writes by the configured index lag. */
	indexed: Array<{ visibleFrom: number; values: Record<string, unknown> }>;
}

/** Where an e-mail of a record came from, as the Emails list's `type` filter names it. */
export type RecordEmailType = 'sent_from_crm' | 'user_emails';

export interface AssociatedEmail {
	messageId: string;
	type: RecordEmailType;
	recordId: string;
	module: string;
	originalMessageId?: string;
	from: { user_name?: string; email: string };
	to: Array<{ user_name?: string; email: string }>;
	cc: Array<{ user_name?: string; email: string }>;
	bcc: Array<{ user_name?: string; email: string }>;
	subject: string;
	content: string;
	mailFormat: string;
	sentAt: number;
	sent: boolean;
	ownerId: string;
}

export type ChangeOperation = 'insert' | 'update' | 'delete';

export interface RecordChange {
	module: string;
	operation: ChangeOperation;
	ids: string[];
	/** Per id, the fields an update changed. */
	affectedFields: Record<string, string[]>;
}

export class ZohoStore {
	users: ZohoUser[] = [];
	modules = new Map<string, ModuleDefinition>();
	records = new Map<string, StoredRecord>();
	/** The same records by module, so reading one module does not scan the whole org. */
	private readonly recordsByModule = new Map<string, Map<string, StoredRecord>>();
	/**
	 * Per `module.field`, record ids by normalised value, built on a field's first lookup so unique
	 * checks cost the same at 100,000 records as at 10. Entries are only added; a lookup re-checks
	 * the value, so an entry left by an update or delete is harmless.
	 */
	private readonly valueIndexes = new Map<string, Map<unknown, Set<string>>>();
	/** Bumped by every record write, so a listing built before it is not reused. */
	private revision = 0;
	/** The last sorted record listing, reused by the next pages while no record changed. */
	private lastListing?: { key: string; revision: number; records: StoredRecord[] };
	emails: AssociatedEmail[] = [];
	/** The org's shared sending addresses ("organization emails"), which any user may send from. */
	orgEmails: Array<{ email: string; userName: string }> = [];
	/** Milliseconds added to the real clock (POST /__control/clock). */
	clockOffsetMs = 0;
	/** Search sees a write only this long after it happened. */
	searchIndexLagMs = 0;
	private sequence = 100_000_000;
	private readonly changeListeners: Array<(change: RecordChange) => void> = [];

	constructor() {
		this.reset();
	}

	now(): number {
		return Date.now() + this.clockOffsetMs;
	}

	/** Zoho keeps record times to the second; so does the emulator, so If-Modified-Since round-trips. */
	private recordTime(): number {
		return Math.floor(this.now() / 1000) * 1000;
	}

	reset(): void {
		this.users = [];
		this.records.clear();
		this.recordsByModule.clear();
		this.valueIndexes.clear();
		this.lastListing = undefined;
		this.emails = [];
		this.orgEmails = [];
		this.modules.clear();
		for (const spec of STANDARD_MODULES) this.addModule(spec, false);
	}

	/** A fresh 19-digit numeric id. */
	nextId(): string {
		this.sequence += 1;
		return `${ORG_ID_PREFIX}${String(this.sequence).padStart(9, '0')}`;
	}

	addModule(spec: ModuleSpec, custom: boolean): ModuleDefinition {
		if (this.modules.has(spec.apiName.toLowerCase())) throw new Error(`module ${spec.apiName} exists`);
		const module: ModuleDefinition = {
			id: moduleIdFor(spec.apiName),
			apiName: spec.apiName,
			singularLabel: spec.singularLabel,
			pluralLabel: spec.pluralLabel ?? spec.apiName.replace(/_/g, ' '),
			custom,
			displayField: spec.displayField,
			upsertDefaults: spec.upsertDefaults ?? [],
			upsertSupported: spec.upsertSupported ?? true,
			fields: moduleFieldSpecs(spec).map((field) => fieldFromSpec(spec.apiName, field, custom)),
			relatedLists: spec.relatedLists ?? ['Notes'],
		};
		this.modules.set(spec.apiName.toLowerCase(), module);
		return module;
	}

	addCustomModule(apiName: string, singularLabel: string, fields: FieldSpec[]): ModuleDefinition {
		return this.addModule(customModuleSpec(apiName, singularLabel, fields), true);
	}

	addField(module: ModuleDefinition, spec: FieldSpec): FieldDefinition {
		const field = fieldFromSpec(module.apiName, spec, true);
		module.fields.push(field);
		return field;
	}

	/** Module API names are case-insensitive in URLs; answers use the canonical spelling. */
	module(apiName: string): ModuleDefinition | undefined {
		return this.modules.get(apiName.toLowerCase());
	}

	field(module: ModuleDefinition, apiName: string): FieldDefinition | undefined {
		return module.fields.find((field) => field.apiName.toLowerCase() === apiName.toLowerCase());
	}

	user(id: string): ZohoUser | undefined {
		return this.users.find((user) => user.id === id);
	}

	userByEmail(email: string): ZohoUser | undefined {
		return this.users.find((user) => user.email.toLowerCase() === email.toLowerCase());
	}

	addUser(input: { fullName: string; email: string; active?: boolean; timeZone?: string; admin?: boolean }): ZohoUser {
		const user: ZohoUser = {
			id: this.nextId(),
			fullName: input.fullName,
			email: input.email,
			active: input.active ?? true,
			timeZone: input.timeZone ?? 'UTC',
			admin: input.admin ?? this.users.length === 0,
			createdAt: this.now(),
		};
		this.users.push(user);
		return user;
	}

	/** The user the API acts as: the org's first active admin. */
	currentUser(): ZohoUser {
		const user = this.users.find((candidate) => candidate.admin && candidate.active) ?? this.users.find((u) => u.active);
		if (!user) throw new Error('the org has no active user; seed one first');
		return user;
	}

	/** The listing `key` names, built by `build` unless no record changed since the last one. */
	listing(key: string, build: () => StoredRecord[]): StoredRecord[] {
		if (this.lastListing?.key !== key || this.lastListing.revision !== this.revision) this.lastListing = { key, revision: this.revision, records: build() };
		return this.lastListing.records;
	}

	/** Live and deleted records of one module. */
	moduleRecords(module: string): StoredRecord[] {
		return [...(this.recordsByModule.get(module)?.values() ?? [])];
	}

	liveRecords(module: string): StoredRecord[] {
		return this.moduleRecords(module).filter((record) => !record.deleted);
	}

	/** Live records whose field equals the value, case-insensitive for text as Zoho's unique check. */
	liveRecordsWithValue(module: string, apiName: string, value: unknown): StoredRecord[] {
		const key = valueKey(value);
		const index = this.valueIndex(module, apiName);
		return [...(index.get(key) ?? [])]
			.map((id) => this.records.get(id)!)
			.filter((record) => !record.deleted && valueKey(fieldValue(record, apiName)) === key);
	}

	private valueIndex(module: string, apiName: string): Map<unknown, Set<string>> {
		const name = `${module}.${apiName}`;
		let index = this.valueIndexes.get(name);
		if (!index) {
			index = new Map();
			this.valueIndexes.set(name, index);
			for (const record of this.moduleRecords(module)) this.indexValue(index, record, apiName);
		}
		return index;
	}

	private indexValue(index: Map<unknown, Set<string>>, record: StoredRecord, apiName: string): void {
		const key = valueKey(fieldValue(record, apiName));
		let ids = index.get(key);
		if (!ids) index.set(key, (ids = new Set()));
		ids.add(record.id);
	}

	/** Adds the record's current values to the module's built indexes. */
	private reindex(record: StoredRecord): void {
		for (const [name, index] of this.valueIndexes) {
			const [module, apiName] = name.split('.');
			if (module === record.module) this.indexValue(index, record, apiName);
		}
	}

	liveRecord(module: string, id: string): StoredRecord | undefined {
		const record = this.records.get(id);
		return record && record.module === module && !record.deleted ? record : undefined;
	}

	/** Live record of any of these modules with this id (for lookups that span modules). */
	liveRecordIn(modules: string[], id: string): StoredRecord | undefined {
		const record = this.records.get(id);
		return record && modules.includes(record.module) && !record.deleted ? record : undefined;
	}

	insert(module: string, values: Record<string, unknown>, actorId: string, ownerId = actorId): StoredRecord {
		const now = this.recordTime();
		const record: StoredRecord = {
			id: this.nextId(),
			module,
			values,
			ownerId,
			createdById: actorId,
			modifiedById: actorId,
			createdAt: now,
			modifiedAt: now,
			indexed: [],
		};
		this.touchActivity(record, now);
		record.indexed.push({ visibleFrom: now + this.searchIndexLagMs, values: { ...record.values } });
		this.records.set(record.id, record);
		this.revision++;
		let moduleRecords = this.recordsByModule.get(module);
		if (!moduleRecords) this.recordsByModule.set(module, (moduleRecords = new Map()));
		moduleRecords.set(record.id, record);
		this.reindex(record);
		return record;
	}

	/** Applies changed values; returns the names of the fields whose value really changed. */
	update(record: StoredRecord, values: Record<string, unknown>, actorId: string, ownerId?: string): string[] {
		const changed = Object.keys(values).filter((key) => JSON.stringify(record.values[key]) !== JSON.stringify(values[key]));
		if (ownerId && ownerId !== record.ownerId) {
			record.ownerId = ownerId;
			changed.push('Owner');
		}
		Object.assign(record.values, values);
		for (const key of Object.keys(values)) if (values[key] === null) delete record.values[key];
		const now = Math.max(this.recordTime(), record.modifiedAt);
		record.modifiedAt = now;
		record.modifiedById = actorId;
		this.touchActivity(record, now);
		record.indexed.push({ visibleFrom: now + this.searchIndexLagMs, values: { ...record.values } });
		this.reindex(record);
		this.revision++;
		return changed;
	}

	/**
	 * Zoho moves a record's Last_Activity_Time on every edit and every activity on it (mail sent
	 * from it, notes, calls); modules without the field (Tasks, Events …) keep none.
	 */
	touchActivity(record: StoredRecord, at: number = this.recordTime()): void {
		if (!this.module(record.module)?.fields.some((field) => field.apiName === LAST_ACTIVITY_TIME)) return;
		record.values[LAST_ACTIVITY_TIME] = at;
	}

	/** An e-mail a CRM user sent from a record: listed as `sent_from_crm`, and the record's activity moves. */
	sendFromRecord(record: StoredRecord, email: Omit<AssociatedEmail, 'messageId' | 'type' | 'recordId' | 'module' | 'sentAt' | 'sent'>): AssociatedEmail {
		const sentAt = this.recordTime();
		const stored: AssociatedEmail = { ...email, messageId: randomBytes(32).toString('hex'), type: 'sent_from_crm', recordId: record.id, module: record.module, sentAt, sent: true };
		this.emails.push(stored);
		this.touchActivity(record, sentAt);
		record.indexed.push({ visibleFrom: sentAt + this.searchIndexLagMs, values: { ...record.values } });
		return stored;
	}

	remove(record: StoredRecord, actorId: string, type: DeletionType = 'recycle'): void {
		record.deleted = { at: this.recordTime(), byId: actorId, type };
		this.revision++;
	}

	onChange(listener: (change: RecordChange) => void): void {
		this.changeListeners.push(listener);
	}

	emitChange(change: RecordChange): void {
		if (change.ids.length === 0) return;
		for (const listener of this.changeListeners) listener(change);
	}
}

function fieldValue(record: StoredRecord, apiName: string): unknown {
	return apiName === 'id' ? record.id : record.values[apiName];
}

/** Text compares case-insensitively; other values by identity, as `===` would. */
function valueKey(value: unknown): unknown {
	return typeof value === 'string' ? `text:${value.toLowerCase()}` : value;
}
