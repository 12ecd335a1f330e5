/**
 * The Entra side of the local Microsoft 365 server: one tenant and its app registrations, each
 * with client secrets, certificates, the application permissions granted to it, and the
 * mailboxes its Exchange permissions are scoped to (RBAC for Applications).
 */
import crypto from 'node:crypto';
import { DEMO_GRAPH } from '../../demo/world';

export interface AppRegistration {
	clientId: string;
	displayName: string;
	/** SHA-256 of each client secret (the secrets themselves are never kept). */
	secretHashes: Buffer[];
	certificates: crypto.X509Certificate[];
	/** Application permissions granted (admin-consented): they become the token's roles. */
	permissions: Set<string>;
	/**
	 * The mailboxes the Exchange permissions (Mail.*, Calendars.*, Contacts.*, MailboxSettings.*)
	 * reach through RBAC for Applications; null: every mailbox (an unscoped Entra grant).
	 */
	mailboxScope: Set<string> | null;
	/** The service principal's object id (the token's `oid`). */
	objectId: string;
}

/** The permissions Exchange Online scopes with RBAC for Applications (the "Application …" roles). */
export function isExchangePermission(permission: string): boolean {
	return /^(Mail|Calendars|Contacts|MailboxSettings)\./.test(permission);
}

const sha256 = (text: string) => crypto.createHash('sha256').update(text, 'utf8').digest();

/** A GUID derived from a name, so ids are the same on every start. */
export function stableGuid(name: string): string {
	const hex = crypto.createHash('sha1').update(name).digest('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export class Tenant {
	readonly domain = DEMO_GRAPH.tenant;
	readonly id = DEMO_GRAPH.tenantId;
	private apps = new Map<string, AppRegistration>();

	constructor() {
		this.reset();
	}

	/** Back to the demo registration only. */
	reset(): void {
		this.apps = new Map();
		this.register({
			clientId: DEMO_GRAPH.clientId,
			displayName: 'Exchange ⇄ CRM sync (demo)',
			secret: DEMO_GRAPH.clientSecret,
			permissions: [...DEMO_GRAPH.permissions],
			mailboxes: [...DEMO_GRAPH.scopedMailboxes],
		});
	}

	/** Whether a tenant named in a URL (domain or id, any case) is this one. */
	isTenant(name: string): boolean {
		return name.toLowerCase() === this.domain || name.toLowerCase() === this.id;
	}

	/** Adds an app, or changes the one with this client id (what is not given stays). */
	register(spec: { clientId: string; displayName?: string; secret?: string; certificatePem?: string; permissions?: string[]; mailboxes?: string[] | null }): AppRegistration {
		const existing = this.apps.get(spec.clientId);
		const app: AppRegistration = existing ?? {
			clientId: spec.clientId,
			displayName: spec.displayName ?? spec.clientId,
			secretHashes: [],
			certificates: [],
			permissions: new Set(),
			mailboxScope: null,
			objectId: stableGuid(`sp:${spec.clientId}`),
		};
		if (spec.displayName) app.displayName = spec.displayName;
		if (spec.secret !== undefined) app.secretHashes.push(sha256(spec.secret));
		if (spec.certificatePem !== undefined) app.certificates.push(new crypto.X509Certificate(spec.certificatePem));
		if (spec.permissions) app.permissions = new Set(spec.permissions);
		if (spec.mailboxes !== undefined) app.mailboxScope = spec.mailboxes === null ? null : new Set(spec.mailboxes.map((m) => m.toLowerCase()));
		this.apps.set(app.clientId, app);
		return app;
	}

	app(clientId: string): AppRegistration | undefined {
		return this.apps.get(clientId);
	}

	list(): AppRegistration[] {
		return [...this.apps.values()];
	}

	/** Constant-time check of a client secret against the app's. */
	secretMatches(app: AppRegistration, secret: string): boolean {
		const offered = sha256(secret);
		return app.secretHashes.some((hash) => crypto.timingSafeEqual(hash, offered));
	}

	/** Whether the app's Exchange permission reaches this mailbox (RBAC for Applications). */
	inScope(app: AppRegistration, mailbox: string): boolean {
		return app.mailboxScope === null || app.mailboxScope.has(mailbox.toLowerCase());
	}
}
