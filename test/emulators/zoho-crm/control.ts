/**
 * The control API under `/__control/…`: seed and reset, write records behind the API's back
 * (firing notifications, not spending credits), read counters, arm faults, set limits, expire
 * or revoke tokens, move the clock, and read what the server did (notifications delivered,
 * workflows triggered, schema violations).
 */
import type http from 'node:http';
import type { FaultRule } from '../common/faults';
import { DEMO_ZOHO } from '../demo/world';
import type { FieldSpec } from './metadata';
import type { SchemaViolation } from './oasValidator';
import { checkRecord, isZohoError, renderRecord } from './records';
import type { SeedPreset } from './seed';
import type { Emulator } from './server';
import type { DeletionType, StoredRecord } from './store';

export interface ValidationFailure {
	operation: string;
	direction: 'request' | 'response';
	status: number;
	violations: SchemaViolation[];
	/** The offending body, truncated. */
	body: string;
	at: string;
}

type ControlRoute = (body: unknown, req: http.IncomingMessage) => unknown;

function object(body: unknown): Record<string, unknown> {
	if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new Error('the body must be a JSON object');
	return body as Record<string, unknown>;
}

function preset(value: unknown): SeedPreset {
	if (value !== 'demo' && value !== 'empty') throw new Error('preset must be "demo" or "empty"');
	return value;
}

export function controlRoutes(emulator: Emulator, initialPreset: SeedPreset): Record<string, ControlRoute> {
	const { store } = emulator;
	const moduleNamed = (name: unknown) => {
		const module = typeof name === 'string' ? store.module(name) : undefined;
		if (!module) throw new Error(`unknown module ${String(name)}`);
		return module;
	};
	const recordIn = (moduleName: string, id: unknown): StoredRecord => {
		const record = typeof id === 'string' ? store.liveRecord(moduleName, id) : undefined;
		if (!record) throw new Error(`no live ${moduleName} record ${String(id)}`);
		return record;
	};

	return {
		'POST reset': () => {
			emulator.reseed(initialPreset);
			// Issued access tokens stay valid so a client need not re-authenticate between tests;
			// the demo refresh token is made valid again if a test revoked it.
			emulator.accounts.addRefreshToken(DEMO_ZOHO.refreshToken);
			emulator.counters.reset();
			emulator.faults.clear();
			emulator.limits.reset();
			emulator.validationFailures = [];
			store.clockOffsetMs = 0;
			store.searchIndexLagMs = 0;
			return { ok: true, preset: initialPreset };
		},
		'POST seed': (body) => {
			const chosen = preset(object(body).preset ?? 'demo');
			emulator.reseed(chosen);
			return { ok: true, preset: chosen };
		},
		'POST records': (body) => {
			const { module: name, records } = object(body);
			const module = moduleNamed(name);
			if (!Array.isArray(records)) throw new Error('records must be an array');
			const actor = store.currentUser();
			const ids = (records as Array<Record<string, unknown>>).map((input, index) => {
				const checked = checkRecord(store, module, input, index, 'insert');
				if (isZohoError(checked)) throw new Error(`record ${index}: ${checked.code} ${JSON.stringify(checked.details)}`);
				return store.insert(module.apiName, checked.values, actor.id, checked.ownerId ?? actor.id).id;
			});
			store.emitChange({ module: module.apiName, operation: 'insert', ids, affectedFields: {} });
			return { ids };
		},
		'POST records/update': (body) => {
			const { module: name, records } = object(body);
			const module = moduleNamed(name);
			if (!Array.isArray(records)) throw new Error('records must be an array of {id, …fields}');
			const actor = store.currentUser();
			const affected: Record<string, string[]> = {};
			for (const [index, input] of (records as Array<Record<string, unknown>>).entries()) {
				const record = recordIn(module.apiName, input.id);
				const checked = checkRecord(store, module, input, index, 'update', record);
				if (isZohoError(checked)) throw new Error(`record ${index}: ${checked.code} ${JSON.stringify(checked.details)}`);
				affected[record.id] = store.update(record, checked.values, actor.id, checked.ownerId);
			}
			store.emitChange({ module: module.apiName, operation: 'update', ids: Object.keys(affected), affectedFields: affected });
			return { ids: Object.keys(affected) };
		},
		'POST records/delete': (body) => {
			const { module: name, ids, type } = object(body);
			const module = moduleNamed(name);
			if (!Array.isArray(ids)) throw new Error('ids must be an array');
			const deletion: DeletionType = type === 'permanent' ? 'permanent' : 'recycle';
			const actor = store.currentUser();
			for (const id of ids) store.remove(recordIn(module.apiName, id), actor.id, deletion);
			store.emitChange({ module: module.apiName, operation: 'delete', ids: ids as string[], affectedFields: {} });
			return { ids };
		},
		'GET records': (_body, req) => {
			const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
			const module = moduleNamed(query.get('module'));
			const timeZone = store.currentUser().timeZone;
			const records = [...store.records.values()]
				.filter((record) => record.module === module.apiName)
				.map((record) => ({
					...renderRecord(store, record, { timeZone }),
					$deleted: Boolean(record.deleted),
					...(record.deleted ? { $deleted_type: record.deleted.type } : {}),
				}));
			return { module: module.apiName, records };
		},
		'POST modules': (body) => {
			const { apiName, singularLabel, fields } = object(body);
			if (typeof apiName !== 'string' || !/^[A-Za-z][A-Za-z0-9_]*$/.test(apiName)) throw new Error('apiName must be an API name');
			const module = store.addCustomModule(apiName, typeof singularLabel === 'string' ? singularLabel : apiName, (fields ?? []) as FieldSpec[]);
			return { apiName: module.apiName, id: module.id, fields: module.fields.map((field) => field.apiName) };
		},
		'GET counters': () => ({
			...emulator.counters.snapshot(),
			creditsUsed: emulator.limits.creditsUsed(),
			creditsRemaining: emulator.limits.creditsRemaining(),
		}),
		'POST counters/reset': () => {
			emulator.counters.reset();
			emulator.limits.resetCredits();
			return { ok: true };
		},
		'POST faults': (body) => {
			const { rules, seed } = object(body);
			if (!Array.isArray(rules)) throw new Error('rules must be an array');
			emulator.faults.arm(rules as FaultRule[], typeof seed === 'number' ? seed : undefined);
			return emulator.faults.status();
		},
		'POST faults/clear': () => {
			emulator.faults.clear();
			return emulator.faults.status();
		},
		'GET faults': () => emulator.faults.status(),
		'POST limits': (body) => {
			const input = object(body);
			for (const key of ['creditsPer24h', 'concurrency', 'subConcurrency'] as const) {
				if (input[key] === undefined) continue;
				if (!Number.isInteger(input[key]) || (input[key] as number) < 0) throw new Error(`${key} must be a whole number`);
				emulator.limits.settings[key] = input[key] as number;
			}
			if (input.searchIndexLagMs !== undefined) {
				if (typeof input.searchIndexLagMs !== 'number' || input.searchIndexLagMs < 0) throw new Error('searchIndexLagMs must be ≥ 0');
				store.searchIndexLagMs = input.searchIndexLagMs;
			}
			return { ...emulator.limits.settings, searchIndexLagMs: store.searchIndexLagMs };
		},
		'GET tokens': () => ({ accessTokens: emulator.accounts.issuedAccessTokens }),
		'POST tokens/expire': () => ({ expired: emulator.accounts.expireAll() }),
		'POST tokens/revoke': (body) => {
			const { refreshToken } = object(body);
			return { revoked: emulator.accounts.revoke(typeof refreshToken === 'string' ? refreshToken : DEMO_ZOHO.refreshToken) };
		},
		'POST clock': (body) => {
			const { advanceMs } = object(body);
			if (typeof advanceMs !== 'number' || advanceMs < 0) throw new Error('advanceMs must be ≥ 0');
			store.clockOffsetMs += advanceMs;
			return { now: new Date(store.now()).toISOString() };
		},
		'GET notifications': async () => {
			await emulator.notifications.settled();
			const timeZone = store.currentUser().timeZone;
			return {
				deliveries: emulator.notifications.deliveries,
				channels: emulator.notifications.liveChannels().flatMap((channel) => emulator.notifications.describe(channel, timeZone)),
			};
		},
		'GET workflows': () => ({ runs: emulator.workflowRuns }),
		'POST users': (body) => {
			const { action, email, fullName, timeZone } = object(body);
			if (typeof email !== 'string') throw new Error('email is required');
			if (action === 'add') {
				if (typeof fullName !== 'string') throw new Error('fullName is required');
				return store.addUser({ fullName, email, timeZone: typeof timeZone === 'string' ? timeZone : undefined });
			}
			const user = store.userByEmail(email);
			if (!user) throw new Error(`no user ${email}`);
			if (action !== 'activate' && action !== 'deactivate') throw new Error('action must be add, activate or deactivate');
			user.active = action === 'activate';
			return user;
		},
		'POST emails/sent': (body) => {
			const { module: name, recordId, from, to, cc, subject, content, mailFormat } = object(body);
			const record = recordIn(moduleNamed(name).apiName, recordId);
			const sender = typeof from === 'string' ? store.userByEmail(from) : undefined;
			if (!sender?.active) throw new Error('from must be the email of an active CRM user');
			const people = (value: unknown, field: string) => {
				if (value === undefined) return [];
				if (!Array.isArray(value) || value.some((entry) => typeof entry !== 'string')) throw new Error(`${field} must be an array of email addresses`);
				return (value as string[]).map((email) => ({ email }));
			};
			const recipients = to === undefined && typeof record.values.Email === 'string' ? [{ email: record.values.Email }] : people(to, 'to');
			if (recipients.length === 0) throw new Error('to is required when the record has no Email');
			const email = store.sendFromRecord(record, {
				from: { user_name: sender.fullName, email: sender.email },
				to: recipients,
				cc: people(cc, 'cc'),
				bcc: [],
				subject: typeof subject === 'string' ? subject : '',
				content: typeof content === 'string' ? content : '',
				mailFormat: mailFormat === 'text' ? 'text' : 'html',
				ownerId: sender.id,
			});
			return { messageId: email.messageId, sentAt: new Date(email.sentAt).toISOString() };
		},
		'GET validation-errors': () => ({ failures: emulator.validationFailures }),
		'POST validation-errors/clear': () => {
			emulator.validationFailures = [];
			return { ok: true };
		},
	};
}
