/**
 * Real n8n with this package installed, the prebuilt workflows imported and published, both local
 * servers with the demo world, and "Sync Now" run through its webhook the way an admin's schedule
 * would run it. Tests read the results from the servers' control APIs, never from n8n.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { demoCredentials } from '../../../scripts/demo/demoCredentials';
import { startLocalServers, type LocalServers } from '../../../scripts/demo/localServers';
import { ensureN8n } from '../../../scripts/n8n/install';
import { N8nInstance, type N8nWorkflow, type RunningN8n } from '../../../scripts/n8n/instance';
import { packPackage } from '../../../scripts/n8n/pack';
import { prebuiltWorkflows } from '../../../scripts/n8n/workflows';
import { crmContacts, exchangeContacts } from './contacts';
import { EXCHANGE_WORKFLOW_SET, syncWorkflowIds, withAssignments, type SyncReportRow, type SyncWorkflowSet } from '../../../scripts/workflows/definitions';
import { MICROSOFT_365_FOLDER, MICROSOFT_365_WORKFLOW_SET } from '../../../scripts/workflows/microsoft365';
import { REVIEW_WORKFLOW_ID } from '../../../scripts/workflows/review';

export { PACKAGE as PACKAGE_NAME } from '../../../scripts/workflows/definitions';

/** The values of Sync Now's "Sync settings" node an admin flips. */
export interface SyncNowSettings {
	syncContacts: boolean;
	syncTasks: boolean;
	syncEvents: boolean;
	syncMails: boolean;
	syncType: string;
	direction: string;
	conflictBehaviour: string;
	meetingUpdates: string;
	releaseHeldDeletes: boolean;
	users: string;
	/** Queue mode: every job its own execution through Sync Job's webhook. */
	jobsOnWorkers: boolean;
	journalDays: number;
}

/** The node of each workflow that holds Sync Now's settings: Preview Sync Now keeps them equal (its users come from its page). */
const SETTINGS_NODES: Record<string, { node: string; fromPage: string[] }> = {
	[EXCHANGE_WORKFLOW_SET.syncNowId]: { node: 'Sync settings', fromPage: [] },
	[EXCHANGE_WORKFLOW_SET.previewId]: { node: 'Preview settings', fromPage: ['users'] },
	[MICROSOFT_365_WORKFLOW_SET.syncNowId]: { node: 'Sync settings', fromPage: [] },
	[MICROSOFT_365_WORKFLOW_SET.previewId]: { node: 'Preview settings', fromPage: ['users'] },
};

/**
 * The prebuilt workflows (over EWS, or the Microsoft 365 set) with Sync Now's settings changed as
 * an admin would in the editor (in Sync Now and in its preview).
 */
export function workflowsWithSettings(settings: Partial<SyncNowSettings>, microsoft365 = false): N8nWorkflow[] {
	return prebuiltWorkflows(microsoft365 ? MICROSOFT_365_FOLDER : '').map((workflow) => {
		const settingsNode = SETTINGS_NODES[workflow.id];
		if (!settingsNode) return workflow;
		const values = Object.fromEntries(Object.entries(settings).filter(([name]) => !settingsNode.fromPage.includes(name)));
		return withAssignments(workflow, settingsNode.node, values);
	});
}

/** Sync Now and the object workflows it calls (and the workflows named in `alsoIds`), with Sync Now's settings changed. */
export function syncNowWorkflows(settings: Partial<SyncNowSettings>, microsoft365 = false, alsoIds: string[] = []): N8nWorkflow[] {
	const imported = new Set([...syncWorkflowIds(microsoft365 ? MICROSOFT_365_WORKFLOW_SET : EXCHANGE_WORKFLOW_SET), ...alsoIds]);
	return workflowsWithSettings(settings, microsoft365).filter((workflow) => imported.has(workflow.id));
}

export class SyncWorld {
	running?: RunningN8n;

	private constructor(
		readonly servers: LocalServers,
		readonly n8n: N8nInstance,
		private readonly tarball: string,
		readonly microsoft365: boolean,
	) {}

	/** The workflows sync over EWS, or with `microsoft365` over Graph (the local Microsoft 365 server, workflows/microsoft-365/). */
	static async start(settings: Partial<SyncNowSettings> = {}, options: { microsoft365?: boolean; alsoWorkflows?: N8nWorkflow[] } = {}): Promise<SyncWorld> {
		const microsoft365 = options.microsoft365 ?? false;
		const [install, tarball, servers] = await Promise.all([ensureN8n(), packPackage(), startLocalServers({ microsoft365 })]);
		const n8n = N8nInstance.create(install, microsoft365 ? { env: { NODE_EXTRA_CA_CERTS: trustedCertificateFile(servers) } } : {});
		const world = new SyncWorld(servers, n8n, tarball, microsoft365);
		try {
			await world.n8n.installPackage(tarball);
			await world.n8n.importCredentials(await demoCredentials(servers));
			await world.deploy(settings, options.alsoWorkflows);
			return world;
		} catch (error) {
			await world.dispose();
			throw error;
		}
	}

	/**
	 * Imports and publishes Sync Now, its preview, the review form and the object workflows with these settings (and `alsoWorkflows`), then (re)starts
	 * n8n. The real-time workflows stay out: published, they would sync each edit as it happens,
	 * before the Sync Now run these scenarios are about.
	 */
	async deploy(settings: Partial<SyncNowSettings> = {}, alsoWorkflows: N8nWorkflow[] = []): Promise<void> {
		await this.stopN8n();
		const workflows = [...syncNowWorkflows(settings, this.microsoft365, [this.workflowSet.previewId, REVIEW_WORKFLOW_ID]), ...alsoWorkflows];
		await this.n8n.importWorkflows(workflows);
		await this.n8n.publishWorkflows(workflows.map((workflow) => workflow.id));
		await this.startN8n();
	}

	private get workflowSet(): SyncWorkflowSet {
		return this.microsoft365 ? MICROSOFT_365_WORKFLOW_SET : EXCHANGE_WORKFLOW_SET;
	}

	async startN8n(): Promise<RunningN8n> {
		this.running = await this.n8n.start();
		return this.running;
	}

	async stopN8n(): Promise<void> {
		await this.running?.stop();
		this.running = undefined;
	}

	/** Runs Sync Now and returns its report rows; fails with n8n's own explanation when it cannot run. */
	async syncNow(): Promise<SyncReportRow[]> {
		if (!this.running) throw new Error('n8n is not running');
		const response = await fetch(`${this.running.url}/webhook/${this.workflowSet.syncNowWebhookPath}`, { method: 'POST' });
		const body = (await response.json()) as unknown;
		if (!response.ok || !Array.isArray(body)) {
			throw new Error(`Sync Now failed (HTTP ${response.status}): ${JSON.stringify(body)}\n${this.running.problems().join('\n')}`);
		}
		return body as SyncReportRow[];
	}

	/** Opens the Preview Sync Now page (query: users, objects) and returns its HTML. */
	async preview(query: Record<string, string> = {}): Promise<string> {
		if (!this.running) throw new Error('n8n is not running');
		const response = await fetch(`${this.running.url}/webhook/${this.workflowSet.previewWebhookPath}?${new URLSearchParams(query)}`);
		const body = await response.text();
		if (!response.ok || !response.headers.get('content-type')?.startsWith('text/html')) {
			throw new Error(`Preview Sync Now failed (HTTP ${response.status}): ${body}\n${this.running.problems().join('\n')}`);
		}
		return body;
	}

	/** Starts Sync Now without waiting for its answer (for killing n8n mid-run). */
	startSyncNow(): void {
		if (!this.running) throw new Error('n8n is not running');
		fetch(`${this.running.url}/webhook/${this.workflowSet.syncNowWebhookPath}`, { method: 'POST' }).catch(() => undefined);
	}

	/** Kills n8n without a shutdown, as a crash or a power cut would. */
	killN8n(): void {
		this.running?.kill();
		this.running = undefined;
	}

	async reinstallPackage(): Promise<void> {
		await this.n8n.installPackage(this.tarball);
	}

	/** Live (not deleted) Exchange contacts of a mailbox. */
	async exchangeContacts(mailbox: string): Promise<Array<Record<string, unknown> & { id: string }>> {
		return await exchangeContacts(this.servers, mailbox);
	}

	/** Live (not in the recycle bin) Zoho contacts owned by the user with this email. */
	async crmContacts(ownerEmail: string): Promise<Array<Record<string, unknown> & { id: string }>> {
		return await crmContacts(this.servers, ownerEmail);
	}

	async dispose(): Promise<void> {
		await this.stopN8n();
		this.n8n.dispose();
		await this.servers.stop();
	}
}

/**
 * The local servers' self-signed certificate as a file n8n trusts (NODE_EXTRA_CA_CERTS): the
 * Microsoft 365 credential has no certificate field, since Microsoft 365's own certificates are public.
 */
export function trustedCertificateFile(servers: LocalServers): string {
	const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'local-ca-')), 'local-servers.pem');
	fs.writeFileSync(file, servers.exchange.certificatePem);
	return file;
}
