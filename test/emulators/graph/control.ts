/**
 * The Graph part of the control API (`/__control/graph/…`), beside the EWS server's routes it
 * shares (reset, seed, items, counters, faults, validation-errors …): app registrations
 * (secrets, certificates, permissions, RBAC scope), token and delta-token expiry, throttling
 * limits, subscriptions, lifecycle events and the notifications delivered.
 */
import type { GraphFront } from './front';
import { DEFAULT_THROTTLING, type ThrottlingSettings } from './throttling';

type Body = Record<string, unknown>;

function required<T>(body: Body, key: string): T {
	if (body[key] === undefined || body[key] === null) throw new Error(`"${key}" is required`);
	return body[key] as T;
}

function appJson(front: GraphFront, clientId: string) {
	const app = front.tenant.app(clientId)!;
	return {
		clientId: app.clientId,
		displayName: app.displayName,
		objectId: app.objectId,
		permissions: [...app.permissions].sort(),
		mailboxScope: app.mailboxScope ? [...app.mailboxScope].sort() : null,
		secrets: app.secretHashes.length,
		certificates: app.certificates.map((certificate) => ({ subject: certificate.subject, thumbprint: certificate.fingerprint.replace(/:/g, ''), validTo: certificate.validTo })),
	};
}

export function graphControlRoutes(front: GraphFront): Record<string, (body: unknown) => unknown> {
	const app = (body: Body) => {
		const clientId = required<string>(body, 'clientId');
		if (!front.tenant.app(clientId)) throw new Error(`no app ${clientId}`);
		return clientId;
	};
	return {
		'GET graph/apps': () => ({ tenant: { domain: front.tenant.domain, id: front.tenant.id }, apps: front.tenant.list().map((a) => appJson(front, a.clientId)) }),
		'POST graph/apps': (body) => {
			const request = body as Body;
			const registered = front.tenant.register({
				clientId: required(request, 'clientId'),
				displayName: request.displayName as string | undefined,
				secret: request.secret as string | undefined,
				certificatePem: request.certificatePem as string | undefined,
				permissions: request.permissions as string[] | undefined,
				mailboxes: request.mailboxes as string[] | null | undefined,
			});
			return appJson(front, registered.clientId);
		},
		'POST graph/apps/permissions': (body) => {
			const request = body as Body;
			front.tenant.register({ clientId: app(request), permissions: required<string[]>(request, 'permissions') });
			return appJson(front, app(request));
		},
		'POST graph/apps/scope': (body) => {
			const request = body as Body;
			if (!('mailboxes' in request)) throw new Error('"mailboxes" is required (a list, or null for every mailbox)');
			front.tenant.register({ clientId: app(request), mailboxes: request.mailboxes as string[] | null });
			return appJson(front, app(request));
		},
		'POST graph/apps/secret': (body) => {
			const request = body as Body;
			front.tenant.register({ clientId: app(request), secret: required<string>(request, 'secret') });
			return appJson(front, app(request));
		},
		'POST graph/apps/certificate': (body) => {
			const request = body as Body;
			front.tenant.register({ clientId: app(request), certificatePem: required<string>(request, 'certificatePem') });
			return appJson(front, app(request));
		},
		'POST graph/tokens/expire': () => {
			front.tokens.expireAll();
			return { ok: true };
		},
		'POST graph/delta/expire': (body) => ({ expired: front.delta.expire((body as Body).mailbox as string | undefined) }),
		'GET graph/delta': () => front.delta.count(),
		'GET graph/throttling': () => front.throttling.settings,
		'POST graph/throttling': (body) => {
			const request = body as Partial<ThrottlingSettings>;
			for (const key of Object.keys(request)) {
				if (!(key in DEFAULT_THROTTLING) || !Number.isFinite(request[key as keyof ThrottlingSettings])) throw new Error(`unknown or non-numeric throttling setting "${key}" (${Object.keys(DEFAULT_THROTTLING).join(', ')})`);
			}
			front.throttling.settings = { ...front.throttling.settings, ...request };
			return front.throttling.settings;
		},
		'GET graph/subscriptions': () => ({ subscriptions: front.subscriptions.describe() }),
		'POST graph/subscriptions/lifecycle': async (body) => {
			const request = body as Body;
			const sent = await front.subscriptions.lifecycle(request.subscriptionId as string | undefined, required<string>(request, 'lifecycleEvent'));
			return { sent };
		},
		'GET graph/notifications': () => ({ deliveries: front.subscriptions.deliveries }),
		'GET graph/operations': () => ({ operations: front.router.operations() }),
	};
}
