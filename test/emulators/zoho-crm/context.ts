/** What an API handler gets: the org's state and the parsed request. */
import type { IncomingHttpHeaders } from 'node:http';
import { fail, invalidModule, invalidParam } from './errors';
import type { FieldDefinition, ModuleDefinition } from './metadata';
import type { Notifications } from './notifications';
import type { StoredRecord, ZohoStore, ZohoUser } from './store';

/** A write that would have run Zoho workflows (the request's `trigger` allowed them). */
export interface WorkflowRun {
	module: string;
	operation: 'insert' | 'update' | 'upsert' | 'delete';
	ids: string[];
	triggers: string[];
	at: string;
}

export interface OrgState {
	store: ZohoStore;
	notifications: Notifications;
	workflowRuns: WorkflowRun[];
	pageTokens: Map<string, { boundTo: string; offset: number; expiresAt: number }>;
}

export interface RequestContext extends OrgState {
	params: Record<string, string>;
	query: URLSearchParams;
	headers: IncomingHttpHeaders;
	body: unknown;
	origin: string;
	user: ZohoUser;
}

export function requireModule(ctx: RequestContext, name = ctx.params.module): ModuleDefinition {
	return ctx.store.module(name) ?? invalidModule();
}

/** Positive integer query parameter with a default and a maximum. */
export function intParam(ctx: RequestContext, name: string, fallback: number, max?: number): number {
	const raw = ctx.query.get(name);
	if (raw === null) return fallback;
	const value = Number(raw);
	if (!Number.isInteger(value) || value < 1) invalidParam(name);
	if (max !== undefined && value > max) invalidParam(name, { maximum_length: String(max) });
	return value;
}

/** The `If-Modified-Since` header as epoch milliseconds, if sent. */
export function modifiedSince(ctx: RequestContext): number | undefined {
	const raw = ctx.headers['if-modified-since'];
	if (typeof raw !== 'string' || raw === '') return undefined;
	const parsed = Date.parse(raw);
	if (Number.isNaN(parsed)) invalidParam('If-Modified-Since');
	return parsed;
}

/**
 * The external-ID field named by the `X-EXTERNAL: <Module>.<Field>` header, if sent; it must
 * name this module and one of its external fields.
 */
export function externalField(ctx: RequestContext, module: ModuleDefinition): FieldDefinition | undefined {
	const raw = ctx.headers['x-external'];
	if (typeof raw !== 'string' || raw === '') return undefined;
	const [moduleName, fieldName] = raw.split('.');
	const field = fieldName ? ctx.store.field(module, fieldName) : undefined;
	if (moduleName?.toLowerCase() !== module.apiName.toLowerCase() || !field?.external) {
		fail(400, 'INVALID_DATA', 'The value of the external field is invalid.', { param_name: 'X-EXTERNAL' });
	}
	return field;
}

/** A live record by id, or by external value when X-EXTERNAL names a field. */
export function findTarget(ctx: RequestContext, module: ModuleDefinition, key: string, external?: FieldDefinition): StoredRecord | undefined {
	if (external) {
		return ctx.store.liveRecordsWithValue(module.apiName, external.apiName, key)[0];
	}
	return ctx.store.liveRecord(module.apiName, key);
}

export function recordWorkflow(ctx: RequestContext, module: string, operation: WorkflowRun['operation'], ids: string[]): void {
	const body = ctx.body as { trigger?: unknown } | undefined;
	// Zoho runs workflow, approval and blueprint when `trigger` is absent; `[]` runs none.
	const triggers = Array.isArray(body?.trigger) ? (body!.trigger as string[]) : ['workflow', 'approval', 'blueprint'];
	const suppressed = operation === 'delete' && ctx.query.get('wf_trigger') === 'false';
	if (ids.length === 0 || suppressed || !triggers.includes('workflow')) return;
	ctx.workflowRuns.push({ module, operation, ids, triggers, at: new Date(ctx.store.now()).toISOString() });
}
