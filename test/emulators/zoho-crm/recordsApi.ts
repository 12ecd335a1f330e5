/**
 * The records API (record.json): list with fields/sort/paging/page_token/If-Modified-Since, get,
 * insert, update, upsert, delete, deleted records; the same handlers serve Notes (notes.json).
 */
import { randomBytes } from 'node:crypto';
import {
	externalField,
	findTarget,
	intParam,
	modifiedSince,
	recordWorkflow,
	requireModule,
	type RequestContext,
} from './context';
import { fail, invalidId, invalidParam, requiredParam, zohoError, type ApiResponse, type ZohoError } from './errors';
import type { FieldDefinition, ModuleDefinition } from './metadata';
import { checkRecord, findByValue, formatDateTime, isZohoError, minifiedUser, renderRecord, writeDetails, displayName } from './records';
import type { StoredRecord } from './store';

export const MAX_WRITE_RECORDS = 100;
const MAX_PER_PAGE = 200;
const MAX_FIELDS = 50;
/** `page` alone reaches only the first 2,000 records; beyond them a page_token is required. */
const DISCRETE_PAGINATION_LIMIT = 2000;
const PAGINATION_LIMIT = 100_000;
const PAGE_TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000;
const SORTABLE = ['id', 'Created_Time', 'Modified_Time'];

type RecordResult = Record<string, unknown>;

/** 201/200 when all succeeded, 202 when some failed, 400 when all failed. */
function batchStatus(results: RecordResult[], allOk: number): number {
	const failed = results.filter((result) => result.status === 'error').length;
	if (failed === 0) return allOk;
	return failed === results.length ? 400 : 202;
}

function listedFields(ctx: RequestContext, required: boolean): string[] | undefined {
	const raw = ctx.query.get('fields');
	if (!raw) return required ? requiredParam('fields') : undefined;
	const fields = raw.split(',').map((name) => name.trim()).filter(Boolean);
	if (fields.length > MAX_FIELDS) fail(400, 'LIMIT_EXCEEDED', 'Max field limit exceeded', { limit: MAX_FIELDS, param_name: 'fields' });
	return fields;
}

function sortRecords(records: StoredRecord[], sortBy: string, order: string): StoredRecord[] {
	const key = (record: StoredRecord): bigint | number =>
		sortBy === 'Created_Time' ? record.createdAt : sortBy === 'Modified_Time' ? record.modifiedAt : BigInt(record.id);
	// Keys are computed once per record, not per comparison (ids are 19-digit numbers).
	const sorted = records
		.map((record) => ({ record, key: key(record) }))
		.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
		.map(({ record }) => record);
	return order === 'asc' ? sorted : sorted.reverse();
}

/** One page of rendered records plus Zoho's `info`, honouring page, per_page and page_token. */
export function pageOf(
	ctx: RequestContext,
	records: StoredRecord[],
	render: (record: StoredRecord) => RecordResult,
	extraInfo: Record<string, unknown>,
	boundTo: string,
): ApiResponse {
	const perPage = intParam(ctx, 'per_page', MAX_PER_PAGE, MAX_PER_PAGE);
	const pageToken = ctx.query.get('page_token');
	let offset: number;
	if (pageToken) {
		if (ctx.query.has('page')) fail(400, 'AMBIGUITY_DURING_PROCESSING', 'ambiguity while processing the request', { ambiguity_due_to: ['page', 'page_token'] });
		const state = ctx.pageTokens.get(pageToken) ?? invalidParam('page_token');
		if (state.expiresAt < ctx.store.now()) fail(400, 'EXPIRED_VALUE', 'the given page_token has expired', { param_name: 'page_token' });
		if (state.boundTo !== boundTo) fail(400, 'TOKEN_BOUND_DATA_MISMATCH', 'the page_token does not match the request parameters', { param_name: 'page_token' });
		offset = state.offset;
	} else {
		const page = intParam(ctx, 'page', 1);
		offset = (page - 1) * perPage;
		if (offset >= DISCRETE_PAGINATION_LIMIT) {
			fail(400, 'DISCRETE_PAGINATION_LIMIT_EXCEEDED', 'The limit of discrete pagination is exceeded. Use page_token', { limit: DISCRETE_PAGINATION_LIMIT });
		}
	}
	if (offset >= PAGINATION_LIMIT) fail(400, 'PAGINATION_LIMIT_EXCEEDED', 'pagination limit exceeded', { limit: PAGINATION_LIMIT });
	const slice = records.slice(offset, offset + perPage);
	if (slice.length === 0) return { status: 204 };
	const more = offset + perPage < records.length && offset + perPage < PAGINATION_LIMIT;
	let nextPageToken: string | null = null;
	const expiresAt = ctx.store.now() + PAGE_TOKEN_LIFETIME_MS;
	if (more) {
		nextPageToken = randomBytes(24).toString('hex');
		ctx.pageTokens.set(nextPageToken, { boundTo, offset: offset + perPage, expiresAt });
	}
	return {
		status: 200,
		body: {
			data: slice.map(render),
			info: {
				call: false,
				per_page: perPage,
				next_page_token: nextPageToken,
				count: slice.length,
				page: Math.floor(offset / perPage) + 1,
				previous_page_token: pageToken,
				page_token_expiry: more ? formatDateTime(expiresAt, ctx.user.timeZone) : null,
				email: false,
				more_records: more,
				...extraInfo,
			},
		},
	};
}

export function listRecords(ctx: RequestContext): ApiResponse {
	const module = requireModule(ctx);
	const fields = listedFields(ctx, true)!;
	const sortBy = ctx.query.get('sort_by') ?? 'id';
	const sortOrder = ctx.query.get('sort_order') ?? 'desc';
	if (!SORTABLE.includes(sortBy)) invalidParam('sort_by');
	if (sortOrder !== 'asc' && sortOrder !== 'desc') invalidParam('sort_order');
	const ids = ctx.query.get('ids');
	const wanted = ids ? new Set(ids.split(',')) : undefined;
	if (wanted && wanted.size > MAX_WRITE_RECORDS) fail(400, 'LIMIT_EXCEEDED', 'Record count exceeded', { limit: MAX_WRITE_RECORDS, param_name: 'ids' });
	const since = modifiedSince(ctx);
	const records = ctx.store.listing(JSON.stringify([module.apiName, sortBy, sortOrder, ids, since]), () =>
		sortRecords(
			ctx.store.liveRecords(module.apiName).filter((record) => (!wanted || wanted.has(record.id)) && (since === undefined || record.modifiedAt > since)),
			sortBy,
			sortOrder,
		),
	);
	if (since !== undefined && records.length === 0) return { status: 304 };
	const boundTo = JSON.stringify([module.apiName, fields, sortBy, sortOrder, ids, since, ctx.query.get('per_page')]);
	return pageOf(
		ctx,
		records,
		(record) => renderRecord(ctx.store, record, { fields, timeZone: ctx.user.timeZone }),
		{ sort_by: sortBy, sort_order: sortOrder },
		boundTo,
	);
}

export function getRecord(ctx: RequestContext): ApiResponse {
	const module = requireModule(ctx);
	const external = externalField(ctx, module);
	if (!external && !/^\d+$/.test(ctx.params.id)) invalidId(ctx.params.id);
	const record = findTarget(ctx, module, ctx.params.id, external);
	if (!record) return { status: 204 };
	const fields = listedFields(ctx, false);
	return { status: 200, body: { data: [renderRecord(ctx.store, record, { fields, timeZone: ctx.user.timeZone })] } };
}

/** The `data` array of a write, 1..100 records. */
function writeData(ctx: RequestContext): Array<Record<string, unknown>> {
	const data = (ctx.body as { data?: unknown } | undefined)?.data;
	if (!Array.isArray(data) || data.length === 0) {
		fail(400, 'MANDATORY_NOT_FOUND', 'required field not found', { api_name: 'data', json_path: '$.data' });
	}
	if (data.length > MAX_WRITE_RECORDS) {
		fail(400, 'LIMIT_EXCEEDED', 'Record insertion limit has been exceeded.', { limit: MAX_WRITE_RECORDS, api_name: 'data', json_path: '$.data' });
	}
	if (!data.every((item) => item !== null && typeof item === 'object' && !Array.isArray(item))) {
		fail(400, 'INVALID_DATA', 'invalid data', { api_name: 'data', json_path: '$.data' });
	}
	return data as Array<Record<string, unknown>>;
}

function insertOne(ctx: RequestContext, module: ModuleDefinition, input: Record<string, unknown>, index: number): StoredRecord | ZohoError {
	const checked = checkRecord(ctx.store, module, input, index, 'insert');
	if (isZohoError(checked)) return checked;
	return ctx.store.insert(module.apiName, checked.values, ctx.user.id, checked.ownerId ?? ctx.user.id);
}

function updateOne(ctx: RequestContext, module: ModuleDefinition, record: StoredRecord, input: Record<string, unknown>, index: number): string[] | ZohoError {
	const checked = checkRecord(ctx.store, module, input, index, 'update', record);
	if (isZohoError(checked)) return checked;
	return ctx.store.update(record, checked.values, ctx.user.id, checked.ownerId);
}

function success(ctx: RequestContext, record: StoredRecord, message: string, extra: Record<string, unknown> = {}): RecordResult {
	return {
		code: 'SUCCESS',
		details: { ...writeDetails(ctx.store, record, ctx.user.timeZone), $approval_state: 'approved' },
		message,
		status: 'success',
		...extra,
	};
}

/** Inserts a batch; Notes created under a parent get their Parent_Id from the path. */
export function insertRecords(ctx: RequestContext, module = requireModule(ctx), parent?: StoredRecord): ApiResponse {
	const data = writeData(ctx);
	const inserted: string[] = [];
	const results = data.map((input, index) => {
		const withParent = parent ? { ...input, Parent_Id: { id: parent.id }, $se_module: parent.module } : input;
		const outcome = insertOne(ctx, module, withParent, index);
		if (isZohoError(outcome)) return outcome as unknown as RecordResult;
		inserted.push(outcome.id);
		return success(ctx, outcome, 'record added');
	});
	ctx.store.emitChange({ module: module.apiName, operation: 'insert', ids: inserted, affectedFields: {} });
	recordWorkflow(ctx, module.apiName, 'insert', inserted);
	return { status: batchStatus(results, 201), body: { data: results } };
}

/** If-Unmodified-Since: the write fails with 412 when a target changed after that time. */
function checkUnmodifiedSince(ctx: RequestContext, records: StoredRecord[]): void {
	const raw = ctx.headers['if-unmodified-since'];
	if (typeof raw !== 'string' || raw === '') return;
	const since = Date.parse(raw);
	if (Number.isNaN(since)) invalidParam('If-Unmodified-Since');
	const changed = records.find((record) => record.modifiedAt > since);
	if (changed) fail(412, 'ALREADY_MODIFIED', 'the record has been modified after the given time', { id: changed.id });
}

export function updateRecords(ctx: RequestContext): ApiResponse {
	const module = requireModule(ctx);
	const external = externalField(ctx, module);
	const data = writeData(ctx);
	const keyField = external?.apiName ?? 'id';
	const targets = data.map((input) => (input[keyField] === undefined ? undefined : findTarget(ctx, module, String(input[keyField]), external)));
	checkUnmodifiedSince(ctx, targets.filter((record): record is StoredRecord => Boolean(record)));
	return applyUpdates(ctx, module, data, targets, keyField);
}

/** PUT /{module}/{id}: one record addressed by the path (or by external value). */
export function updateRecordById(ctx: RequestContext): ApiResponse {
	const module = requireModule(ctx);
	const external = externalField(ctx, module);
	const data = writeData(ctx);
	const target = findTarget(ctx, module, ctx.params.id, external);
	if (!target) invalidId(ctx.params.id);
	checkUnmodifiedSince(ctx, [target]);
	return applyUpdates(ctx, module, data.slice(0, 1), [target], 'id');
}

function applyUpdates(
	ctx: RequestContext,
	module: ModuleDefinition,
	data: Array<Record<string, unknown>>,
	targets: Array<StoredRecord | undefined>,
	keyField: string,
): ApiResponse {
	const updated: string[] = [];
	const affected: Record<string, string[]> = {};
	const results = data.map((input, index) => {
		const target = targets[index];
		if (input[keyField] === undefined && !target) {
			return zohoError('MANDATORY_NOT_FOUND', 'required field not found', { api_name: keyField, json_path: `$.data[${index}].${keyField}` }) as unknown as RecordResult;
		}
		if (!target) {
			return zohoError('INVALID_DATA', 'the id given seems to be invalid', { api_name: keyField, json_path: `$.data[${index}].${keyField}` }) as unknown as RecordResult;
		}
		const outcome = updateOne(ctx, module, target, input, index);
		if (isZohoError(outcome)) return outcome as unknown as RecordResult;
		updated.push(target.id);
		affected[target.id] = outcome;
		return success(ctx, target, 'record updated');
	});
	ctx.store.emitChange({ module: module.apiName, operation: 'update', ids: updated, affectedFields: affected });
	recordWorkflow(ctx, module.apiName, 'update', updated);
	return { status: batchStatus(results, 200), body: { data: results } };
}

/** The fields upsert matches on: the request's, else the module's defaults then its unique fields. */
function duplicateCheckFields(ctx: RequestContext, module: ModuleDefinition): FieldDefinition[] {
	const requested = (ctx.body as { duplicate_check_fields?: unknown }).duplicate_check_fields;
	const names = Array.isArray(requested)
		? (requested as string[])
		: [...module.upsertDefaults, ...module.fields.filter((field) => field.unique || field.external).map((field) => field.apiName)];
	return names.map((name) => ctx.store.field(module, name) ?? invalidParam('duplicate_check_fields', { api_name: name }));
}

export function upsertRecords(ctx: RequestContext): ApiResponse {
	const module = requireModule(ctx);
	if (!module.upsertSupported) fail(400, 'NOT_SUPPORTED', 'upsert is not supported for this module', { module: module.apiName });
	const data = writeData(ctx);
	const checkFields = duplicateCheckFields(ctx, module);
	const inserted: string[] = [];
	const updated: string[] = [];
	const affected: Record<string, string[]> = {};
	const results = data.map((input, index) => {
		for (const field of checkFields) {
			const value = input[field.apiName];
			if (value === undefined || value === null || value === '') continue;
			const match = findByValue(ctx.store, module.apiName, field.apiName, value)[0];
			if (!match) continue;
			const outcome = updateOne(ctx, module, match, input, index);
			if (isZohoError(outcome)) return outcome as unknown as RecordResult;
			updated.push(match.id);
			affected[match.id] = outcome;
			return success(ctx, match, 'record updated', { action: 'update', duplicate_field: field.apiName });
		}
		const outcome = insertOne(ctx, module, input, index);
		if (isZohoError(outcome)) return outcome as unknown as RecordResult;
		inserted.push(outcome.id);
		return success(ctx, outcome, 'record added', { action: 'insert', duplicate_field: null });
	});
	ctx.store.emitChange({ module: module.apiName, operation: 'insert', ids: inserted, affectedFields: {} });
	ctx.store.emitChange({ module: module.apiName, operation: 'update', ids: updated, affectedFields: affected });
	recordWorkflow(ctx, module.apiName, 'upsert', [...inserted, ...updated]);
	return { status: batchStatus(results, 200), body: { data: results } };
}

function deleteByKeys(ctx: RequestContext, module: ModuleDefinition, keys: string[]): ApiResponse {
	const external = externalField(ctx, module);
	const deleted: string[] = [];
	const results = keys.map((key) => {
		const target = findTarget(ctx, module, key, external);
		if (!target) return zohoError('INVALID_DATA', 'record not deleted', { id: key }) as unknown as RecordResult;
		ctx.store.remove(target, ctx.user.id);
		deleted.push(target.id);
		// Zoho answers a deleted note with its audit fields (notes.json); other records with the id.
		const details = module.apiName === 'Notes' ? writeDetails(ctx.store, target, ctx.user.timeZone) : { id: target.id };
		return { code: 'SUCCESS', details, message: 'record deleted', status: 'success' };
	});
	ctx.store.emitChange({ module: module.apiName, operation: 'delete', ids: deleted, affectedFields: {} });
	recordWorkflow(ctx, module.apiName, 'delete', deleted);
	return { status: batchStatus(results, 200), body: { data: results } };
}

export function deleteRecords(ctx: RequestContext): ApiResponse {
	const module = requireModule(ctx);
	const ids = ctx.query.get('ids');
	if (!ids) requiredParam('ids');
	const keys = ids.split(',').filter(Boolean);
	if (keys.length > MAX_WRITE_RECORDS) fail(400, 'LIMIT_EXCEEDED', 'Record count exceeded', { limit: MAX_WRITE_RECORDS, param_name: 'ids' });
	return deleteByKeys(ctx, module, keys);
}

export function deleteRecordById(ctx: RequestContext): ApiResponse {
	return deleteByKeys(ctx, requireModule(ctx), [ctx.params.id]);
}

export function deletedRecords(ctx: RequestContext): ApiResponse {
	const module = requireModule(ctx);
	const type = ctx.query.get('type') ?? 'all';
	if (!['all', 'recycle', 'permanent'].includes(type)) invalidParam('type');
	const since = modifiedSince(ctx);
	const deleted = ctx.store
		.moduleRecords(module.apiName)
		.filter((record) => record.deleted)
		.filter((record) => type === 'all' || record.deleted!.type === type)
		.filter((record) => since === undefined || record.deleted!.at > since)
		.sort((a, b) => b.deleted!.at - a.deleted!.at);
	return pageOf(
		ctx,
		deleted,
		(record) => ({
			deleted_by: minifiedUser(ctx.store, record.deleted!.byId),
			id: record.id,
			display_name: displayName(ctx.store, record),
			type: record.deleted!.type,
			created_by: minifiedUser(ctx.store, record.createdById),
			deleted_time: formatDateTime(record.deleted!.at, ctx.user.timeZone),
		}),
		{},
		JSON.stringify(['deleted', module.apiName, type, since, ctx.query.get('per_page')]),
	);
}

/**
 * GET /{module}/{id}/{related list}: the records of a related list (see listRelatedLists), those
 * of the related module whose lookup names this record, newest first, paged like lists.
 */
export function relatedRecords(ctx: RequestContext): ApiResponse {
	const parent = requireParent(ctx);
	const parentModule = requireModule(ctx);
	const listName = parentModule.relatedLists.find((name) => name.toLowerCase() === ctx.params.relatedList.toLowerCase());
	const related = listName ? ctx.store.module(listName) : undefined;
	if (!related) fail(400, 'INVALID_DATA', 'the related list given seems to be invalid', { resource_path_index: 2 });
	const link = related.fields.find(
		(field) => (field.dataType === 'lookup' || field.dataType === 'multi_module_lookup') && field.lookupModules?.includes(parentModule.apiName),
	)!;
	const fields = listedFields(ctx, true);
	const records = ctx.store.liveRecords(related.apiName).filter((record) => record.values[link.apiName] === parent.id);
	return pageOf(
		ctx,
		sortRecords(records, 'Created_Time', 'desc'),
		(record) => renderRecord(ctx.store, record, { fields, timeZone: ctx.user.timeZone }),
		{},
		JSON.stringify(['related', related.apiName, parent.id, fields, ctx.query.get('per_page')]),
	);
}

export function createRelatedNotes(ctx: RequestContext): ApiResponse {
	return insertRecords(ctx, requireModule(ctx, 'Notes'), requireParent(ctx));
}

export function requireParent(ctx: RequestContext): StoredRecord {
	const module = requireModule(ctx);
	return ctx.store.liveRecord(module.apiName, ctx.params.id) ?? invalidId(ctx.params.id);
}
