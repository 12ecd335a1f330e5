/**
 * Real n8n (`n8n start`) with the package, the demo credentials, the scheduled workflows (for the
 * first, complete sync that links both sides) and the real-time workflows published, so Zoho's
 * notification channels POST to n8n's webhooks over loopback.
 */
import { demoCredentials } from '../../../../scripts/demo/demoCredentials';
import { startLocalServers, type LocalServers } from '../../../../scripts/demo/localServers';
import { ensureN8n } from '../../../../scripts/n8n/install';
import { N8nInstance, type N8nWorkflow, type RunningN8n } from '../../../../scripts/n8n/instance';
import { packPackage } from '../../../../scripts/n8n/pack';
import { SYNC_FIELDS } from '../../../../nodes/ZohoCrm/actions/field/createSyncFields.operation';
import { ZOHO_SYNCED_MODULES } from '../../../../nodes/ZohoCrm/helpers/syncFields';
import { demoAccessToken } from '../../../emulators/zoho-crm/harness';
import { SYNC_NOW_WEBHOOK_PATH } from '../../../../scripts/workflows/definitions';
import { MICROSOFT_365_WORKFLOW_SET } from '../../../../scripts/workflows/microsoft365';
import { REALTIME_OBJECTS, triggerName } from '../../../../scripts/workflows/realtime';
import { syncNowWorkflows, trustedCertificateFile, type SyncNowSettings } from '../../support/syncWorld';

/** Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

/** The Exchange → CRM workflow as an admin sets it up: each Exchange trigger watches `mailbox`. */
export function triggersWatching(workflow: N8nWorkflow, mailbox: string): N8nWorkflow {
	const triggers = new Set(REALTIME_OBJECTS.map((spec) => triggerName('exchange', spec)));
	return {
		...workflow,
		nodes: workflow.nodes.map((node) => (triggers.has(node.name) ? { ...node, parameters: { ...node.parameters, mailboxes: mailbox } } : node)),
	};
}

/**
 * The setup step an admin does once (Zoho CRM node, Field → Create Sync Fields): the link fields
 * become part of each module's metadata, so the trigger can ask for them by name.
 */
async function createSyncFields(origin: string): Promise<void> {
	const token = await demoAccessToken(origin);
	for (const module of ZOHO_SYNCED_MODULES) {
		const response = await fetch(`${origin}/crm/v8/settings/fields?module=${module}`, {
			method: 'POST',
			headers: { Authorization: `Zoho-oauthtoken ${token}`, 'Content-Type': 'application/json' },
			body: JSON.stringify({ fields: SYNC_FIELDS.map((field) => field.definition) }),
		});
		if (!response.ok) throw new Error(`creating the sync fields of ${module} failed: ${await response.text()}`);
	}
}

export class RealtimeWorld {
	running?: RunningN8n;

	private constructor(
		readonly servers: LocalServers,
		readonly n8n: N8nInstance,
		private readonly syncNowPath: string,
	) {}

	/**
	 * `extra` workflows are imported and published besides the scheduled ones; `settings` are Sync
	 * Now's (which objects the first sync links). With `microsoft365` the mailboxes are served by
	 * the local Microsoft 365 server and the scheduled workflows are the Microsoft 365 set's.
	 */
	static async start(
		extra: N8nWorkflow[],
		settings: Partial<SyncNowSettings>,
		env: Record<string, string> = {},
		options: { microsoft365?: boolean } = {},
	): Promise<RealtimeWorld> {
		const microsoft365 = options.microsoft365 ?? false;
		const [install, tarball, servers] = await Promise.all([ensureN8n(), packPackage(), startLocalServers({ microsoft365 })]);
		const n8n = N8nInstance.create(install, microsoft365 ? { env: { NODE_EXTRA_CA_CERTS: trustedCertificateFile(servers) } } : {});
		const world = new RealtimeWorld(servers, n8n, microsoft365 ? MICROSOFT_365_WORKFLOW_SET.syncNowWebhookPath : SYNC_NOW_WEBHOOK_PATH);
		try {
			await createSyncFields(servers.zoho.origin);
			await world.n8n.installPackage(tarball);
			await world.n8n.importCredentials(await demoCredentials(servers));
			const workflows = [...syncNowWorkflows(settings, microsoft365), ...extra];
			await world.n8n.importWorkflows(workflows);
			await world.n8n.publishWorkflows(workflows.map((workflow) => workflow.id));
			world.running = await world.n8n.start({ env });
			return world;
		} catch (error) {
			await world.dispose();
			throw error;
		}
	}

	get url(): string {
		if (!this.running) throw new Error('n8n is not running');
		return this.running.url;
	}

	/** Runs the scheduled Sync Now once (the complete sync the real-time workflows build on). */
	async syncNow(): Promise<void> {
		const response = await fetch(`${this.url}/webhook/${this.syncNowPath}`, { method: 'POST' });
		if (!response.ok) throw new Error(`Sync Now failed (HTTP ${response.status}): ${await response.text()}`);
	}

	/** The mailbox's live contact with this e-mail address. */
	async exchangeContact(mailbox: string, email: string): Promise<(Record<string, unknown> & { id: string }) | undefined> {
		return (await this.servers.exchange.control.items(mailbox, 'contacts')).find((item) => String(item.email1).toLowerCase() === email);
	}

	/** The live Zoho contact with this e-mail address. */
	async crmContact(email: string): Promise<(Record<string, unknown> & { id: string }) | undefined> {
		return (await this.servers.zoho.control.records('Contacts')).find((record) => !record.$deleted && String(record.Email).toLowerCase() === email);
	}

	/** n8n's own complaints (packages not loaded, workflows not activated), for failure messages. */
	problems(): string {
		return this.running?.problems().join('\n') ?? '';
	}

	async dispose(): Promise<void> {
		await this.running?.stop();
		this.running = undefined;
		this.n8n.dispose();
		await this.servers.stop();
	}
}
