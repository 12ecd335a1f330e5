/**
 * Real n8n with this package installed, the prebuilt workflows imported and published, both local
 * servers with the demo world, and "Sync Now" run through its webhook the way an admin's schedule
 * would run it. Tests read the results from the servers' control APIs, never from n8n.
 */
import { demoCredentials } from '../../../scripts/demo/demoCredentials';
import { startLocalServers, type LocalServers } from '../../../scripts/demo/localServers';
import { ensureN8n } from '../../../scripts/n8n/install';
import { N8nInstance, type N8nWorkflow, type RunningN8n } from '../../../scripts/n8n/instance';
import { packPackage } from '../../../scripts/n8n/pack';
import { prebuiltWorkflows } from '../../../scripts/n8n/workflows';
import { crmContacts, exchangeContacts } from './contacts';
import { SYNC_NOW_WEBHOOK_PATH, SYNC_NOW_WORKFLOW_ID, type SyncReportRow } from '../../../scripts/workflows/definitions';
import { PREVIEW_WEBHOOK_PATH, PREVIEW_WORKFLOW_ID } from '../../../scripts/workflows/preview';

export { PACKAGE as PACKAGE_NAME } from '../../../scripts/workflows/definitions';

/** Ids of Sync Now and the scheduled object workflows (`exzsSyncNow`, `exzsSyncContacts` …). */
export const SYNC_WORKFLOW_ID_PREFIX = 'exzsSync';

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
}

/** The node of each workflow that holds Sync Now's settings: Preview Sync Now keeps them equal (its users come from its page). */
const SETTINGS_NODES: Record<string, { node: string; fromPage: string[] }> = {
	[SYNC_NOW_WORKFLOW_ID]: { node: 'Sync settings', fromPage: [] },
	[PREVIEW_WORKFLOW_ID]: { node: 'Preview settings', fromPage: ['users'] },
};

/** The prebuilt workflows with Sync Now's settings changed as an admin would in the editor (in Sync Now and in its preview). */
export function workflowsWithSettings(settings: Partial<SyncNowSettings>): N8nWorkflow[] {
	return prebuiltWorkflows().map((workflow) => {
		const settingsNode = SETTINGS_NODES[workflow.id];
		if (!settingsNode) return workflow;
		const nodes = workflow.nodes.map((node) => {
			if (node.name !== settingsNode.node) return node;
			const { assignments } = node.parameters.assignments as { assignments: Array<{ name: string; value: unknown }> };
			const changed = assignments.map((assignment) =>
				assignment.name in settings && !settingsNode.fromPage.includes(assignment.name)
					? { ...assignment, value: settings[assignment.name as keyof SyncNowSettings] }
					: assignment,
			);
			return { ...node, parameters: { ...node.parameters, assignments: { assignments: changed } } };
		});
		return { ...workflow, nodes };
	});
}

export class SyncWorld {
	running?: RunningN8n;

	private constructor(
		readonly servers: LocalServers,
		readonly n8n: N8nInstance,
		private readonly tarball: string,
	) {}

	static async start(settings: Partial<SyncNowSettings> = {}): Promise<SyncWorld> {
		const [install, tarball, servers] = await Promise.all([ensureN8n(), packPackage(), startLocalServers()]);
		const world = new SyncWorld(servers, N8nInstance.create(install), tarball);
		try {
			await world.n8n.installPackage(tarball);
			await world.n8n.importCredentials(await demoCredentials(servers));
			await world.deploy(settings);
			return world;
		} catch (error) {
			await world.dispose();
			throw error;
		}
	}

	/**
	 * Imports and publishes Sync Now, its preview and the object workflows with these settings, then (re)starts
	 * n8n. The real-time workflows stay out: published, they would sync each edit as it happens,
	 * before the Sync Now run these scenarios are about.
	 */
	async deploy(settings: Partial<SyncNowSettings> = {}): Promise<void> {
		await this.stopN8n();
		const workflows = workflowsWithSettings(settings).filter((workflow) => workflow.id.startsWith(SYNC_WORKFLOW_ID_PREFIX) || workflow.id === PREVIEW_WORKFLOW_ID);
		await this.n8n.importWorkflows(workflows);
		await this.n8n.publishWorkflows(workflows.map((workflow) => workflow.id));
		await this.startN8n();
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
		const response = await fetch(`${this.running.url}/webhook/${SYNC_NOW_WEBHOOK_PATH}`, { method: 'POST' });
		const body = (await response.json()) as unknown;
		if (!response.ok || !Array.isArray(body)) {
			throw new Error(`Sync Now failed (HTTP ${response.status}): ${JSON.stringify(body)}\n${this.running.problems().join('\n')}`);
		}
		return body as SyncReportRow[];
	}

	/** Opens the Preview Sync Now page (query: users, objects) and returns its HTML. */
	async preview(query: Record<string, string> = {}): Promise<string> {
		if (!this.running) throw new Error('n8n is not running');
		const response = await fetch(`${this.running.url}/webhook/${PREVIEW_WEBHOOK_PATH}?${new URLSearchParams(query)}`);
		const body = await response.text();
		if (!response.ok || !response.headers.get('content-type')?.startsWith('text/html')) {
			throw new Error(`Preview Sync Now failed (HTTP ${response.status}): ${body}\n${this.running.problems().join('\n')}`);
		}
		return body;
	}

	/** Starts Sync Now without waiting for its answer (for killing n8n mid-run). */
	startSyncNow(): void {
		if (!this.running) throw new Error('n8n is not running');
		fetch(`${this.running.url}/webhook/${SYNC_NOW_WEBHOOK_PATH}`, { method: 'POST' }).catch(() => undefined);
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
