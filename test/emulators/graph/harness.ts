/**
 * For tests: starts the local Microsoft 365 server (Graph and EWS on one store) as a child
 * process, exactly as `npm run emulator:graph` runs it, and gives a typed client for its control
 * API: the EWS server's (items, counters, faults …) plus the Graph part (`graph/…`).
 */
import { spawnServer } from '../common/process';
import { DEMO_GRAPH } from '../demo/world';
import { ExchangeControlClient } from '../exchange/harness';
import type { ThrottlingSettings } from './throttling';
import type { Delivery } from './subscriptions';

export interface GraphApp {
	clientId: string;
	displayName: string;
	objectId: string;
	permissions: string[];
	mailboxScope: string[] | null;
	secrets: number;
	certificates: Array<{ subject: string; thumbprint: string; validTo: string }>;
}

export type GraphDelivery = Delivery;

/** The control API of the Microsoft 365 server: everything the EWS server's offers, and Graph's. */
export class GraphControlClient extends ExchangeControlClient {
	private graph<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
		return this.request<T>(method, `graph/${path}`, body);
	}

	async apps(): Promise<GraphApp[]> {
		return (await this.graph<{ apps: GraphApp[] }>('GET', 'apps')).apps;
	}

	/** Registers an app, or changes one (secret and certificate are added to the ones it has). */
	registerApp(app: { clientId: string; displayName?: string; secret?: string; certificatePem?: string; permissions?: string[]; mailboxes?: string[] | null }): Promise<GraphApp> {
		return this.graph('POST', 'apps', app);
	}

	/** The application permissions granted; they reach tokens issued from now on. */
	setPermissions(clientId: string, permissions: string[]): Promise<GraphApp> {
		return this.graph('POST', 'apps/permissions', { clientId, permissions });
	}

	/** The mailboxes the app's Exchange permissions reach (RBAC for Applications); null: all. */
	setMailboxScope(clientId: string, mailboxes: string[] | null): Promise<GraphApp> {
		return this.graph('POST', 'apps/scope', { clientId, mailboxes });
	}

	addSecret(clientId: string, secret: string): Promise<GraphApp> {
		return this.graph('POST', 'apps/secret', { clientId, secret });
	}

	addCertificate(clientId: string, certificatePem: string): Promise<GraphApp> {
		return this.graph('POST', 'apps/certificate', { clientId, certificatePem });
	}

	/** Every access token issued so far expires (the next Graph call answers 401). */
	expireTokens(): Promise<void> {
		return this.graph('POST', 'tokens/expire', {});
	}

	/** Every delta token (of one mailbox) expires: its next use answers 410 SyncStateNotFound. */
	async expireDeltaTokens(mailbox?: string): Promise<number> {
		return (await this.graph<{ expired: number }>('POST', 'delta/expire', { mailbox })).expired;
	}

	throttling(): Promise<ThrottlingSettings> {
		return this.graph('GET', 'throttling');
	}

	setThrottling(settings: Partial<ThrottlingSettings>): Promise<ThrottlingSettings> {
		return this.graph('POST', 'throttling', settings);
	}

	async graphSubscriptions(): Promise<Array<Record<string, unknown>>> {
		return (await this.graph<{ subscriptions: Array<Record<string, unknown>> }>('GET', 'subscriptions')).subscriptions;
	}

	/** Sends a lifecycle notification to one subscription (or all); returns how many were POSTed. */
	async lifecycle(lifecycleEvent: 'reauthorizationRequired' | 'subscriptionRemoved' | 'missed', subscriptionId?: string): Promise<number> {
		return (await this.graph<{ sent: number }>('POST', 'subscriptions/lifecycle', { subscriptionId, lifecycleEvent })).sent;
	}

	/** Validation requests, notifications and lifecycle notifications POSTed, with the subscriber's status. */
	async deliveries(): Promise<GraphDelivery[]> {
		return (await this.graph<{ deliveries: GraphDelivery[] }>('GET', 'notifications')).deliveries;
	}

	/** Graph operation names (for counters and faults). */
	async operations(): Promise<string[]> {
		return (await this.graph<{ operations: string[] }>('GET', 'operations')).operations;
	}
}

export interface GraphEmulatorHandle {
	/** e.g. https://127.0.0.1:PORT */
	origin: string;
	/** `${origin}/v1.0` */
	graphUrl: string;
	/** `${origin}/${tenant}/oauth2/v2.0/token` */
	tokenUrl: string;
	/** The EWS endpoint on the same store. */
	ewsUrl: string;
	certificatePem?: string;
	tenant: string;
	clientId: string;
	clientSecret: string;
	control: GraphControlClient;
	stop(): Promise<void>;
}

export async function startGraphEmulator(options: { http?: boolean; seed?: 'demo' | 'empty'; validate?: boolean } = {}): Promise<GraphEmulatorHandle> {
	const args = ['--port', '0', '--seed', options.seed ?? 'demo'];
	if (options.http) args.push('--http');
	if (options.validate === false) args.push('--no-validate');
	const server = await spawnServer('test/emulators/graph/cli.ts', args);
	const origin = server.url;
	const control = new GraphControlClient(origin);
	const certificatePem = options.http ? undefined : await control.certificate();
	return {
		origin,
		graphUrl: `${origin}/v1.0`,
		tokenUrl: `${origin}/${DEMO_GRAPH.tenant}/oauth2/v2.0/token`,
		ewsUrl: `${origin}/EWS/Exchange.asmx`,
		certificatePem,
		tenant: DEMO_GRAPH.tenant,
		clientId: DEMO_GRAPH.clientId,
		clientSecret: DEMO_GRAPH.clientSecret,
		control,
		stop: () => server.stop(),
	};
}
