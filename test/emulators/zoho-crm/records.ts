/**
 * Record payloads in and out: checks an incoming record the way Zoho does (mandatory fields,
 * data types, picklists, lookups, unique fields) and renders stored records as the API shows
 * them (lookups as `{name, id}`, datetimes in the user's offset, system fields).
 */
import { DateTime } from 'luxon';
import { zohoError, type ZohoError } from './errors';
import { LENGTH_CHECKED_TYPES, moduleIdFor, type FieldDefinition, type ModuleDefinition } from './metadata';
import type { StoredRecord, ZohoStore } from './store';

/** Keys a write may carry that Zoho sets itself; they are ignored, as Zoho ignores them. */
const SET_BY_ZOHO = ['id', 'Created_Time', 'Modified_Time', 'Created_By', 'Modified_By', 'Full_Name', 'Closed_Time'];
/** Zoho's integer fields are 32-bit. */
const MAX_INTEGER = 2_147_483_647;
const MAX_PARTICIPANTS = 50;
const EMAIL_PATTERN = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const PHONE_PATTERN = /^[0-9+\-()./ xX#*]+$/;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
/**
 * Zoho datetimes carry their offset: yyyy-MM-ddTHH:mm:ss±HH:mm, or Z for UTC (Zoho's SDKs send
 * `2026-06-01T09:00:00Z`); one without an offset is refused.
 */
const DATETIME_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?([+-]\d{2}:\d{2}|Z)$/;

export interface CheckedRecord {
	values: Record<string, unknown>;
	ownerId?: string;
}

function pathOf(index: number, apiName: string): string {
	return `$.data[${index}].${apiName}`;
}

function invalidData(field: string, index: number, expected: string): ZohoError {
	return zohoError('INVALID_DATA', 'invalid data', { expected_data_type: expected, api_name: field, json_path: pathOf(index, field) });
}

export function isZohoError(value: unknown): value is ZohoError {
	return Boolean(value && typeof value === 'object' && (value as ZohoError).status === 'error' && 'code' in value);
}

/**
 * The record id a lookup names: `{"id": …}` or the id itself, as a numeric string or a JSON number
 * (Zoho's Java, Python and C# SDKs send ids as numbers; the server reads them losslessly, see
 * server.ts). Answers always give ids as strings.
 */
function lookupId(value: unknown): string | undefined {
	const id = value !== null && typeof value === 'object' ? (value as { id?: unknown }).id : value;
	if (typeof id === 'string' && /^\d+$/.test(id)) return id;
	if (typeof id === 'number' && Number.isSafeInteger(id) && id >= 0) return String(id);
	return undefined;
}

/**
 * Checks one incoming record. On insert every mandatory field must be present; on update only
 * the fields sent are checked. Unknown keys are ignored, as Zoho ignores them.
 */
export function checkRecord(
	store: ZohoStore,
	module: ModuleDefinition,
	input: Record<string, unknown>,
	index: number,
	mode: 'insert' | 'update',
	existing?: StoredRecord,
): CheckedRecord | ZohoError {
	const values: Record<string, unknown> = {};
	let ownerId: string | undefined;
	if (mode === 'insert') {
		for (const field of module.fields) {
			const value = input[field.apiName];
			if (field.mandatory && (value === undefined || value === null || value === '')) {
				return zohoError('MANDATORY_NOT_FOUND', 'required field not found', { api_name: field.apiName, json_path: pathOf(index, field.apiName) });
			}
		}
	}
	for (const [key, value] of Object.entries(input)) {
		if (key.startsWith('$') || SET_BY_ZOHO.includes(key)) continue;
		const field = store.field(module, key);
		if (!field || field.readOnly) continue;
		if (value === null || value === '') {
			if (field.mandatory) {
				return zohoError('MANDATORY_NOT_FOUND', 'required field not found', { api_name: field.apiName, json_path: pathOf(index, field.apiName) });
			}
			values[field.apiName] = null;
			continue;
		}
		const checked = checkValue(store, field, value, input, index);
		if (isZohoError(checked)) return checked;
		if (field.dataType === 'ownerlookup') ownerId = checked[field.apiName] as string;
		else Object.assign(values, checked);
	}
	const duplicate = findDuplicate(store, module, values, index, existing);
	if (duplicate) return duplicate;
	return { values, ownerId };
}

/** Returns the canonical values to store for this field (a lookup may add `$se_module`), or an error. */
function checkValue(
	store: ZohoStore,
	field: FieldDefinition,
	value: unknown,
	input: Record<string, unknown>,
	index: number,
): Record<string, unknown> | ZohoError {
	const name = field.apiName;
	const ok = (stored: unknown) => ({ [name]: stored });
	// A value longer than the field is refused, never cut; record.json types maximum_length as a string.
	if (LENGTH_CHECKED_TYPES.includes(field.dataType) && typeof value === 'string' && value.length > field.length) {
		return zohoError('INVALID_DATA', 'invalid data', { maximum_length: String(field.length), api_name: name, json_path: pathOf(index, name) });
	}
	switch (field.dataType) {
		case 'text':
		case 'textarea':
		case 'website':
			return typeof value === 'string' ? ok(value) : invalidData(name, index, field.dataType);
		case 'email':
			return typeof value === 'string' && EMAIL_PATTERN.test(value) ? ok(value) : invalidData(name, index, 'email');
		case 'phone':
			return typeof value === 'string' && PHONE_PATTERN.test(value) ? ok(value) : invalidData(name, index, 'phone');
		case 'picklist':
			return typeof value === 'string' && (field.picklist ?? []).includes(value) ? ok(value) : invalidData(name, index, 'picklist');
		case 'multiselectpicklist':
			return Array.isArray(value) && value.every((v) => (field.picklist ?? []).includes(v as string))
				? ok(value)
				: invalidData(name, index, 'multiselectpicklist');
		case 'date':
			return typeof value === 'string' && DATE_PATTERN.test(value) && DateTime.fromISO(value).isValid
				? ok(value)
				: invalidData(name, index, 'date');
		case 'datetime': {
			const parsed = typeof value === 'string' && DATETIME_PATTERN.test(value) ? DateTime.fromISO(value, { setZone: true }) : undefined;
			return parsed?.isValid ? ok(parsed.toMillis()) : invalidData(name, index, 'datetime');
		}
		case 'integer':
			return Number.isInteger(value) && Math.abs(value as number) <= MAX_INTEGER ? ok(value) : invalidData(name, index, 'integer');
		case 'bigint':
			// Long integers come as numbers or as digit strings (beyond 2^53 only strings keep every digit).
			return (typeof value === 'string' && /^-?\d{1,18}$/.test(value)) || Number.isSafeInteger(value) ? ok(String(value)) : invalidData(name, index, 'bigint');
		case 'double':
		case 'currency':
			return typeof value === 'number' && Number.isFinite(value) ? ok(value) : invalidData(name, index, field.dataType);
		case 'boolean':
			return typeof value === 'boolean' ? ok(value) : invalidData(name, index, 'boolean');
		case 'lookup': {
			const id = lookupId(value);
			const target = id ? store.liveRecordIn(field.lookupModules ?? [], id) : undefined;
			if (!target) return invalidData(name, index, 'lookup');
			return ok(id);
		}
		case 'multi_module_lookup': {
			const id = lookupId(value);
			const nested = (value as { module?: { api_name?: string } }).module?.api_name;
			const seModule = typeof input.$se_module === 'string' ? input.$se_module : nested;
			if (!seModule) {
				return zohoError('MANDATORY_NOT_FOUND', 'required field not found', { api_name: '$se_module', json_path: pathOf(index, '$se_module') });
			}
			const targetModule = store.module(seModule);
			const target = id && targetModule ? store.liveRecord(targetModule.apiName, id) : undefined;
			if (!target) return invalidData(name, index, 'lookup');
			return { [name]: id, $se_module: target.module };
		}
		case 'ownerlookup': {
			const user = store.user(lookupId(value) ?? '');
			return user?.active ? ok(user.id) : invalidData(name, index, 'ownerlookup');
		}
		case 'participants':
			return checkParticipants(store, name, value, index);
		case 'multireminder':
		case 'ALARM':
		case 'RRULE':
			return value !== null && typeof value === 'object' ? ok(value) : invalidData(name, index, field.dataType);
		case 'profileimage':
			// Record photos are uploaded through the photo API, which the emulator does not model.
			return invalidData(name, index, 'profileimage');
	}
}

/** A participant's answer to the invitation, as Zoho names it ("not_known" until one arrives). */
const PARTICIPANT_STATUSES = ['not_known', 'accepted', 'tentative', 'declined'];

function checkParticipants(store: ZohoStore, name: string, value: unknown, index: number): Record<string, unknown> | ZohoError {
	if (!Array.isArray(value)) return invalidData(name, index, 'participants');
	if (value.length > MAX_PARTICIPANTS) {
		return zohoError('LIMIT_EXCEEDED', 'Record count exceeded', { limit: MAX_PARTICIPANTS, api_name: name, json_path: pathOf(index, name) });
	}
	const participants: Array<Record<string, unknown>> = [];
	for (const entry of value as Array<Record<string, unknown>>) {
		const type = entry?.type;
		// Whether the participant accepted the invitation; written by whoever syncs the answers.
		const status = entry?.status ?? 'not_known';
		if (typeof status !== 'string' || !PARTICIPANT_STATUSES.includes(status)) return invalidData(name, index, 'participants');
		if (type === 'email') {
			const email = entry.Email ?? entry.participant;
			if (typeof email !== 'string' || !EMAIL_PATTERN.test(email)) return invalidData(name, index, 'participants');
			participants.push({ type, participant: email, Email: email, status });
		} else if (type === 'contact' || type === 'lead' || type === 'user') {
			const id = String(entry.participant ?? '');
			const known = type === 'user' ? store.user(id) : store.liveRecord(type === 'contact' ? 'Contacts' : 'Leads', id);
			if (!known) return invalidData(name, index, 'participants');
			participants.push({ type, participant: id, status });
		} else {
			return invalidData(name, index, 'participants');
		}
	}
	return { [name]: participants };
}

function findDuplicate(
	store: ZohoStore,
	module: ModuleDefinition,
	values: Record<string, unknown>,
	index: number,
	existing?: StoredRecord,
): ZohoError | undefined {
	for (const field of module.fields) {
		if (!field.unique && !field.external) continue;
		const value = values[field.apiName];
		if (value === undefined || value === null) continue;
		const clash = findByValue(store, module.apiName, field.apiName, value).find((record) => record.id !== existing?.id);
		if (clash) {
			const owner = store.user(clash.ownerId);
			return zohoError('DUPLICATE_DATA', 'duplicate data', {
				api_name: field.apiName,
				json_path: pathOf(index, field.apiName),
				duplicate_record: {
					module: { api_name: module.apiName, id: module.id },
					id: clash.id,
					Owner: { name: owner?.fullName ?? '', id: clash.ownerId, email: owner?.email ?? '' },
				},
			});
		}
	}
	return undefined;
}

/** Live records whose field equals the value (case-insensitive for text, as Zoho's unique check). */
export function findByValue(store: ZohoStore, module: string, apiName: string, value: unknown): StoredRecord[] {
	return apiName === 'id' ? [store.liveRecord(module, String(value))].filter((record) => record !== undefined) : store.liveRecordsWithValue(module, apiName, value);
}

// ---------------------------------------------------------------------------------------------
// Rendering

export function formatDateTime(millis: number, timeZone: string): string {
	return DateTime.fromMillis(millis, { zone: timeZone }).startOf('second').toISO({ suppressMilliseconds: true, includeOffset: true })!;
}

export function displayName(store: ZohoStore, record: StoredRecord): string {
	const module = store.module(record.module);
	if (!module) return '';
	if (module.displayField === 'Full_Name') {
		return [record.values.First_Name, record.values.Last_Name].filter((part) => typeof part === 'string' && part).join(' ');
	}
	const value = record.values[module.displayField];
	return typeof value === 'string' ? value : '';
}

export function minifiedUser(store: ZohoStore, id: string): { name: string; id: string; email: string } {
	const user = store.user(id);
	return { name: user?.fullName ?? '', id, email: user?.email ?? '' };
}

/** The user fields every record has, and where the record keeps them. */
const RECORD_ACTORS: Record<string, 'ownerId' | 'createdById' | 'modifiedById'> = { Owner: 'ownerId', Created_By: 'createdById', Modified_By: 'modifiedById' };
const RECORD_TIMES: Record<string, 'createdAt' | 'modifiedAt'> = { Created_Time: 'createdAt', Modified_Time: 'modifiedAt' };
/** What an unset field answers: checkboxes are false, participant lists empty, the rest null. */
const EMPTY_VALUE: Partial<Record<FieldDefinition['dataType'], unknown>> = { boolean: false, participants: [] };

export interface RenderOptions {
	/** Only these fields (and id); all when absent. */
	fields?: string[];
	/** COQL shows lookups as `{id}` only. */
	lookupsAsIdOnly?: boolean;
	timeZone: string;
}

/** A record as the API shows it. */
export function renderRecord(store: ZohoStore, record: StoredRecord, options: RenderOptions): Record<string, unknown> {
	const module = store.module(record.module)!;
	const lookup = (id: string, target?: StoredRecord) =>
		options.lookupsAsIdOnly ? { id } : { name: target ? displayName(store, target) : '', id };
	const user = (id: string) => (options.lookupsAsIdOnly ? { id } : minifiedUser(store, id));
	const all: Record<string, unknown> = {};
	for (const field of module.fields) {
		const value = record.values[field.apiName];
		if (field.apiName === 'Full_Name') {
			all.Full_Name = displayName(store, record) || null;
		} else if (field.apiName in RECORD_ACTORS) {
			all[field.apiName] = user(record[RECORD_ACTORS[field.apiName]]);
		} else if (field.apiName in RECORD_TIMES) {
			all[field.apiName] = formatDateTime(record[RECORD_TIMES[field.apiName]], options.timeZone);
		} else if (value === undefined || value === null) {
			all[field.apiName] = EMPTY_VALUE[field.dataType] ?? null;
		} else if (field.dataType === 'datetime') {
			all[field.apiName] = formatDateTime(value as number, options.timeZone);
		} else if (field.dataType === 'lookup' || field.dataType === 'multi_module_lookup') {
			const target = store.records.get(value as string);
			if (field.apiName === 'Parent_Id') {
				all.Parent_Id = {
					module: { api_name: target?.module ?? '', id: moduleIdFor(target?.module ?? '') },
					...lookup(value as string, target),
				};
			} else {
				all[field.apiName] = lookup(value as string, target);
			}
		} else if (field.dataType === 'participants') {
			all[field.apiName] = (value as Array<Record<string, unknown>>).map((participant) => renderParticipant(store, participant));
		} else {
			all[field.apiName] = value;
		}
	}
	if (record.values.$se_module) all.$se_module = record.values.$se_module;
	all.id = record.id;
	if (!options.fields) return all;
	const selected: Record<string, unknown> = { id: record.id };
	for (const name of options.fields) {
		const canonical = Object.keys(all).find((key) => key.toLowerCase() === name.toLowerCase());
		if (canonical) selected[canonical] = all[canonical];
	}
	return selected;
}

function renderParticipant(store: ZohoStore, participant: Record<string, unknown>): Record<string, unknown> {
	const id = participant.participant as string;
	let name = id;
	if (participant.type === 'user') name = store.user(id)?.fullName ?? id;
	else if (participant.type !== 'email') {
		const target = store.records.get(id);
		name = target ? displayName(store, target) : id;
	}
	return {
		type: participant.type,
		participant: id,
		name,
		Email: participant.type === 'email' ? id : (participantEmail(store, participant) ?? null),
		invited: false,
		status: participant.status ?? 'not_known',
	};
}

function participantEmail(store: ZohoStore, participant: Record<string, unknown>): string | undefined {
	const id = participant.participant as string;
	if (participant.type === 'user') return store.user(id)?.email;
	const email = store.records.get(id)?.values.Email;
	return typeof email === 'string' ? email : undefined;
}

/** The `details` of a successful write: id, times and actors (record.json Success_Response). */
export function writeDetails(store: ZohoStore, record: StoredRecord, timeZone: string): Record<string, unknown> {
	return {
		Modified_Time: formatDateTime(record.modifiedAt, timeZone),
		Modified_By: minifiedUser(store, record.modifiedById),
		Created_Time: formatDateTime(record.createdAt, timeZone),
		id: record.id,
		Created_By: minifiedUser(store, record.createdById),
	};
}
