/**
 * Starts the Zoho CRM emulator as a child process (exactly as `npm run emulator:zoho` does) and
 * gives tests a typed client for its control API.
 */
import type { FaultRule } from '../common/faults';
import { spawnServer } from '../common/process';
import { DEMO_ZOHO } from '../demo/world';
import type { WorkflowRun } from './context';
import type { ValidationFailure } from './control';
import type { LimitSettings as ServerLimits } from './limits';
import type { ZohoUser } from './store';

export type ValidationFailureReport = ValidationFailure;
export type WorkflowRunReport = WorkflowRun;
export type ControlUser = ZohoUser;
export type LimitSettings = ServerLimits & { searchIndexLagMs: number };

export interface ZohoEmulatorOptions {
	seed?: 'demo' | 'empty';
	validate?: boolean;
}

export interface ZohoEmulator {
	origin: string;
	control: ZohoControlClient;
	stop(): Promise<void>;
}

export interface ControlCounters {
	total: number;
	byOperation: Record<string, number>;
	creditsUsed: number;
	creditsRemaining: number;
}

export interface ControlRecord extends Record<string, unknown> {
	id: string;
	$deleted: boolean;
	$deleted_type?: 'recycle' | 'permanent';
}

export interface NotificationDelivery {
	url: string;
	channelId: string;
	body: {
		server_time: number;
		query_params: Record<string, string>;
		module: string;
		resource_uri: string;
		ids: string[];
		affected_fields: Array<Record<string, string[]>>;
		operation: 'insert' | 'update' | 'delete';
		channel_id: number | string;
		token: string | null;
	};
	status: number;
	error?: string;
	at: string;
}

/** Typed calls to `/__control/…`; each throws with the server's message on failure. */
export class ZohoControlClient {
	constructor(readonly origin: string) {}

	private async call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
		const response = await fetch(`${this.origin}/__control/${path}`, {
			method,
			headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const payload = (await response.json()) as T & { error?: string };
		if (!response.ok) throw new Error(`control ${method} ${path}: ${payload.error ?? response.status}`);
		return payload;
	}

	/**
	 * Back to the start-up seed; clears counters, faults, limits, clock and violations, and makes
	 * the demo refresh token valid again. Issued access tokens stay valid.
	 */
	reset(): Promise<{ ok: true }> {
		return this.call('POST', 'reset');
	}

	/** Replaces the data (users, records, fields, channels) with a preset; tokens survive. */
	seed(preset: 'demo' | 'empty'): Promise<{ ok: true }> {
		return this.call('POST', 'seed', { preset });
	}

	insertRecords(module: string, records: Array<Record<string, unknown>>): Promise<{ ids: string[] }> {
		return this.call('POST', 'records', { module, records });
	}

	updateRecords(module: string, records: Array<Record<string, unknown> & { id: string }>): Promise<{ ids: string[] }> {
		return this.call('POST', 'records/update', { module, records });
	}

	deleteRecords(module: string, ids: string[], type: 'recycle' | 'permanent' = 'recycle'): Promise<{ ids: string[] }> {
		return this.call('POST', 'records/delete', { module, ids, type });
	}

	/** Every record of the module, deleted ones included (flagged `$deleted`). */
	async records(module: string): Promise<ControlRecord[]> {
		return (await this.call<{ records: ControlRecord[] }>('GET', `records?module=${encodeURIComponent(module)}`)).records;
	}

	addModule(apiName: string, singularLabel: string, fields: Array<Record<string, unknown>> = []): Promise<{ apiName: string; id: string; fields: string[] }> {
		return this.call('POST', 'modules', { apiName, singularLabel, fields });
	}

	counters(): Promise<ControlCounters> {
		return this.call('GET', 'counters');
	}

	resetCounters(): Promise<{ ok: true }> {
		return this.call('POST', 'counters/reset');
	}

	armFaults(rules: FaultRule[], seed?: number): Promise<{ injected: number; armed: FaultRule[] }> {
		return this.call('POST', 'faults', { rules, seed });
	}

	/** How many faults have struck so far. */
	async faultsInjected(): Promise<number> {
		return (await this.call<{ injected: number }>('GET', 'faults')).injected;
	}

	clearFaults(): Promise<{ injected: number; armed: FaultRule[] }> {
		return this.call('POST', 'faults/clear');
	}

	setLimits(limits: Partial<LimitSettings>): Promise<LimitSettings> {
		return this.call('POST', 'limits', limits);
	}

	expireTokens(): Promise<{ expired: number }> {
		return this.call('POST', 'tokens/expire');
	}

	revokeRefreshToken(refreshToken: string = DEMO_ZOHO.refreshToken): Promise<{ revoked: boolean }> {
		return this.call('POST', 'tokens/revoke', { refreshToken });
	}

	/** Every access token the server has issued (for scanning n8n's data for leaks). */
	async issuedAccessTokens(): Promise<string[]> {
		return (await this.call<{ accessTokens: string[] }>('GET', 'tokens')).accessTokens;
	}

	advanceClock(advanceMs: number): Promise<{ now: string }> {
		return this.call('POST', 'clock', { advanceMs });
	}

	/** Waits for callbacks in flight, then lists every delivery and the live channels. */
	notifications(): Promise<{ deliveries: NotificationDelivery[]; channels: Array<Record<string, unknown>> }> {
		return this.call('GET', 'notifications');
	}

	async workflowRuns(): Promise<WorkflowRunReport[]> {
		return (await this.call<{ runs: WorkflowRunReport[] }>('GET', 'workflows')).runs;
	}

	addUser(fullName: string, email: string, timeZone?: string): Promise<ControlUser> {
		return this.call('POST', 'users', { action: 'add', fullName, email, timeZone });
	}

	setUserActive(email: string, active: boolean): Promise<ControlUser> {
		return this.call('POST', 'users', { action: active ? 'activate' : 'deactivate', email });
	}

	/** A CRM user (by email) sends an e-mail from a record: stored as `sent_from_crm`, the record's Last_Activity_Time moves. */
	sendEmailFromRecord(email: CrmSentEmail): Promise<{ messageId: string; sentAt: string }> {
		return this.call('POST', 'emails/sent', email);
	}

	async validationErrors(): Promise<ValidationFailureReport[]> {
		return (await this.call<{ failures: ValidationFailureReport[] }>('GET', 'validation-errors')).failures;
	}

	clearValidationErrors(): Promise<{ ok: true }> {
		return this.call('POST', 'validation-errors/clear');
	}
}

export interface CrmSentEmail {
	module: string;
	recordId: string;
	/** The sending CRM user's email. */
	from: string;
	/** Default: the record's Email. */
	to?: string[];
	cc?: string[];
	subject?: string;
	content?: string;
	mailFormat?: 'html' | 'text';
}

export async function startZohoEmulator(options: ZohoEmulatorOptions = {}): Promise<ZohoEmulator> {
	const args = ['--port', '0', '--seed', options.seed ?? 'demo'];
	if (options.validate === false) args.push('--no-validate');
	const server = await spawnServer('test/emulators/zoho-crm/cli.ts', args);
	return { origin: server.url, control: new ZohoControlClient(server.url), stop: server.stop };
}

/** A fresh access token for the demo client through the refresh-token grant. */
export async function demoAccessToken(origin: string): Promise<string> {
	const form = new URLSearchParams({
		grant_type: 'refresh_token',
		refresh_token: DEMO_ZOHO.refreshToken,
		client_id: DEMO_ZOHO.clientId,
		client_secret: DEMO_ZOHO.clientSecret,
	});
	const response = await fetch(`${origin}/oauth/v2/token`, { method: 'POST', body: form });
	const body = (await response.json()) as { access_token?: string; error?: string };
	if (!body.access_token) throw new Error(`token refresh failed: ${body.error ?? response.status}`);
	return body.access_token;
}
