/**
 * Sync Now scenarios on real n8n that run the same over EWS (test/e2e/syncNow.test.ts) and over
 * Microsoft Graph (test/e2e/microsoft365.test.ts): each takes the world and its runs, so one body
 * serves both servers. Each starts from what the scenario before it left.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { SyncReportRow } from '../../../scripts/workflows/definitions';
import { ACTIVE_USERS, email, expectContactsInSync } from './contacts';
import { PACKAGE_NAME, type SyncNowSettings, type SyncWorld } from './syncWorld';

/** Sync Now's settings for contacts alone: the scenarios below are about contacts. */
export const CONTACTS_ONLY: Partial<SyncNowSettings> = { syncTasks: false, syncEvents: false, syncMails: false };

/** Calls that change something on the Exchange (EWS or Graph) or Zoho server; reads, token refreshes and the deleted-records list do not. */
export const EXCHANGE_WRITE = /^(Create|Update|Delete|Move|Copy|Send|Empty|Set)|Sent$|\.(create\w*|update|delete|permanentDelete|move|copy|send|cancel)$/;
export const ZOHO_WRITE = /\.(insert|update|upsert|delete|create|associate|send)$/;
const writesIn = (calls: Record<string, number>, write: RegExp) => Object.keys(calls).filter((operation) => write.test(operation));

export interface MeasuredRun {
	/** Every report row of the run. */
	all: SyncReportRow[];
	/** Its contacts rows. */
	rows: SyncReportRow[];
	/** Calls per operation on the Exchange server (EWS operations, or Graph's `contacts.delta` …). */
	exchange: Record<string, number>;
	zoho: Record<string, number>;
}

/**
 * Sync Now runs, each started more than 2 s after the one before ended: the CRM side reads from
 * 2 s before the previous run started, and runs that close together would read the writes of the
 * run before the previous one again.
 */
export class SyncRuns {
	private lastRunAt = 0;

	constructor(private readonly world: SyncWorld) {}

	async afterLastRun(): Promise<void> {
		await new Promise((resolve) => setTimeout(resolve, Math.max(0, this.lastRunAt + 2_100 - Date.now())));
	}

	/** One Sync Now: its report rows. */
	async syncNow(): Promise<SyncReportRow[]> {
		await this.afterLastRun();
		try {
			return await this.world.syncNow();
		} finally {
			this.lastRunAt = Date.now();
		}
	}

	/** One Sync Now, counting the calls it made on each server. */
	async measure(): Promise<MeasuredRun> {
		const { exchange, zoho } = this.world.servers;
		await this.afterLastRun();
		await Promise.all([exchange.control.resetCounters(), zoho.control.resetCounters()]);
		const all = await this.syncNow();
		const [exchangeCalls, zohoCalls] = await Promise.all([exchange.control.counters(), zoho.control.counters()]);
		return { all, rows: rowsFor(all, 'contacts'), exchange: exchangeCalls.byOperation, zoho: zohoCalls.byOperation };
	}
}

export const rowsFor = (rows: SyncReportRow[], object: string) => rows.filter((row) => row.object === object);

/** A run's rows all report nothing to do. */
export function expectNothingWritten(rows: SyncReportRow[]): void {
	for (const row of rows) expect([row.created, row.updated, row.deleted, row.conflicts, row.errors, row.status]).toEqual([0, 0, 0, 0, 0, 'success']);
}

/** A run made no call that writes, on either server. */
export function expectNoWriteCalls(run: MeasuredRun): void {
	expect({ exchange: writesIn(run.exchange, EXCHANGE_WRITE), zoho: writesIn(run.zoho, ZOHO_WRITE) }).toEqual({ exchange: [], zoho: [] });
}

/** The contact with this address in the user's mailbox and in the CRM. */
export async function contactNamed(world: SyncWorld, user: string, address: string) {
	const exchange = (await world.exchangeContacts(user)).find((contact) => email(contact.email1) === address);
	const crm = (await world.crmContacts(user)).find((record) => email(record.Email) === address);
	if (!exchange || !crm) throw new Error(`${address} is not on both sides for ${user}`);
	return { exchange, crm };
}

export type ConflictBehaviour = 'crmWins' | 'exchangeWins' | 'newestWins' | 'sendToConflicts';

/**
 * Both sides change one contact's job title to different values; the run settles it as the
 * deployed conflict behaviour says. `newestWins` gets the Exchange edit last, so its winner differs
 * from the default's. `sendToConflicts` holds the field: each side keeps its own value.
 */
export async function expectConflictSettled(world: SyncWorld, runs: SyncRuns, behaviour: ConflictBehaviour, user: string, address: string): Promise<void> {
	const { exchange, crm } = await contactNamed(world, user, address);
	const values = { exchange: `Title (${behaviour}, Exchange)`, crm: `Title (${behaviour}, CRM)` };
	await world.servers.zoho.control.updateRecords('Contacts', [{ id: crm.id, Title: values.crm }]);
	// Both servers keep modification times to the second: the Exchange edit is a later second.
	if (behaviour === 'newestWins') await new Promise((resolve) => setTimeout(resolve, 1_100));
	await world.servers.exchange.control.updateItem(exchange.id, { jobTitle: values.exchange });
	const rows = rowsFor(await runs.syncNow(), 'contacts');
	// The report counts the conflicts the Sync node hands to the workflow's Conflict behaviour Switch;
	// newestWins it settles itself, as an update.
	expect(rows.find((row) => row.mailbox === user)).toMatchObject({ conflicts: behaviour === 'newestWins' ? 0 : 1, errors: 0, status: 'success' });
	const after = await contactNamed(world, user, address);
	const winner = { crmWins: values.crm, exchangeWins: values.exchange, newestWins: values.exchange, sendToConflicts: undefined }[behaviour];
	expect([after.exchange.jobTitle, after.crm.Title]).toEqual(winner === undefined ? [values.exchange, values.crm] : [winner, winner]);
	if (winner !== undefined) await expectContactsInSync(world.servers, user);
}

/**
 * The credential n8n signs in with is rejected (`reject`): every user's run reports an error
 * naming the mailbox and `problem` (never `secret`), and nothing is written on either server,
 * although the CRM holds a new contact for Bob. Then `fix` corrects the credential, and the next
 * run syncs everything, the new contact included.
 */
export async function expectRejectedCredentialThenFixed(
	world: SyncWorld,
	runs: SyncRuns,
	credential: { reject: () => Promise<unknown>; fix: () => Promise<unknown>; problem: string; secret: string },
): Promise<void> {
	const bob = 'bob@example.test';
	await world.servers.zoho.control.insertRecords('Contacts', [
		{ First_Name: 'Wei', Last_Name: 'Zhang', Email: 'wei.zhang@pending.test', Owner: (await world.crmContacts(bob))[0].Owner },
	]);
	await credential.reject();
	let failed: MeasuredRun;
	try {
		failed = await runs.measure();
	} finally {
		// The admin corrects the credential; later steps rely on it.
		await credential.fix();
	}
	expect(failed.rows.map((row) => row.mailbox).sort()).toEqual(ACTIVE_USERS);
	for (const row of failed.all) {
		expect(row.status).toBe('error');
		expect(row.message).toContain(row.mailbox);
		expect(row.message).toContain(credential.problem);
		expect(row.message).not.toContain(credential.secret);
	}
	expectNoWriteCalls(failed);

	const resumed = rowsFor(await runs.syncNow(), 'contacts');
	expect(resumed.map((row) => [row.mailbox, row.status, row.message]).sort()).toEqual(ACTIVE_USERS.map((user) => [user, 'success', '']));
	const { exchange } = await expectContactsInSync(world.servers, bob);
	expect(exchange).toContain('wei.zhang@pending.test');
	for (const user of ACTIVE_USERS) await expectContactsInSync(world.servers, user);
}

/** Every JSON Web Token in a text whose claims name this client (an access token issued to it). */
function accessTokensOf(text: string, clientId: string): string[] {
	return [...text.matchAll(/eyJ[\w-]+\.(eyJ[\w-]+)\.[\w-]+/g)]
		.filter((match) => {
			try {
				return (JSON.parse(Buffer.from(match[1], 'base64url').toString()) as { appid?: string }).appid === clientId;
			} catch {
				return false;
			}
		})
		.map((match) => match[0]);
}

/**
 * No secret in any file n8n wrote: database (the failed runs' executions included, which hold
 * `failure`), logs, output. Also no Zoho access token and, with `graphClientId`, no Graph access
 * token issued to that app.
 */
export async function expectNoSecretWritten(world: SyncWorld, secrets: Record<string, string>, failure: string, graphClientId?: string): Promise<void> {
	const all: Record<string, string> = { ...secrets };
	for (const [index, token] of (await world.servers.zoho.control.issuedAccessTokens()).entries()) all[`Zoho access token ${index + 1}`] = token;
	const files = world.n8n.dataFiles().map((file) => ({ name: path.relative(world.n8n.userFolder, file), text: fs.readFileSync(file).toString('latin1') }));
	// The scan reads the executions: the failed runs' error is in the database.
	const database = files.filter((file) => file.name.includes('database.sqlite')).map((file) => file.text).join('');
	expect(database).toContain(failure);
	expect(files.some((file) => file.name.startsWith(`logs${path.sep}start-`))).toBe(true);
	const leaks = files.flatMap((file) => [
		...Object.entries(all).filter(([, secret]) => file.text.includes(secret)).map(([what]) => `${what} in ${file.name}`),
		...(graphClientId ? accessTokensOf(file.text, graphClientId).map(() => `a Graph access token in ${file.name}`) : []),
	]);
	expect(leaks).toEqual([]);
}

/**
 * n8n is killed while Sync Now copies new contacts both ways for Carol; `restart` brings it back
 * (starts it, or deploys), and the next run leaves each contact once on both sides.
 */
export async function expectKilledRunRecovered(world: SyncWorld, runs: SyncRuns, restart: () => Promise<unknown>): Promise<void> {
	const carol = 'carol@example.test';
	const newPeople = Array.from({ length: 6 }, (_, index) => `new.person${index}@midway.test`);
	const owner = (await world.crmContacts(carol))[0].Owner;
	await world.servers.exchange.control.insertItems(
		carol,
		'contact',
		newPeople.slice(0, 3).map((address, index) => ({ givenName: 'New', surname: `Exchange ${index}`, email1: address })),
	);
	await world.servers.zoho.control.insertRecords(
		'Contacts',
		newPeople.slice(3).map((address, index) => ({ First_Name: 'New', Last_Name: `CRM ${index}`, Email: address, Owner: owner })),
	);
	world.startSyncNow();
	await new Promise((resolve) => setTimeout(resolve, 1_500));
	world.killN8n();

	await restart();
	await runs.syncNow();
	const { exchange } = await expectContactsInSync(world.servers, carol);
	for (const address of newPeople) expect(exchange.filter((value) => value === address)).toHaveLength(1);
}

/**
 * Uninstalling the package changes nothing on either server; reinstalling it into a fresh n8n
 * database (credentials from `credentials`, Sync Now with `settings`) creates nothing and leaves
 * every user in sync.
 */
export async function expectReinstallWithoutDuplicates(
	world: SyncWorld,
	runs: SyncRuns,
	credentials: () => Promise<Parameters<SyncWorld['n8n']['importCredentials']>[0]>,
	settings: Partial<SyncNowSettings>,
): Promise<void> {
	const snapshot = async () => ({
		exchange: await Promise.all(ACTIVE_USERS.map((user) => world.exchangeContacts(user))),
		crm: await world.servers.zoho.control.records('Contacts'),
	});
	await world.stopN8n();
	await world.n8n.uninstallPackage(PACKAGE_NAME);
	const before = await snapshot();
	await world.startN8n();
	await new Promise((resolve) => setTimeout(resolve, 2_000));
	await world.stopN8n();
	expect(await snapshot()).toEqual(before);

	world.n8n.removeDatabase();
	await world.reinstallPackage();
	await world.n8n.importCredentials(await credentials());
	await world.deploy(settings);
	const rows = rowsFor(await runs.syncNow(), 'contacts');
	expect(rows.map((row) => [row.mailbox, row.status, row.created]).sort()).toEqual(ACTIVE_USERS.map((user) => [user, 'success', 0]));
	for (const user of ACTIVE_USERS) await expectContactsInSync(world.servers, user);
}

/** Carol made inactive in the CRM: Sync Now no longer runs for her mailbox, and her new Exchange contact stays out of the CRM. */
export async function expectInactiveUserNotSynced(world: SyncWorld, runs: SyncRuns): Promise<void> {
	const carol = 'carol@example.test';
	await world.servers.zoho.control.setUserActive(carol, false);
	await world.servers.exchange.control.insertItems(carol, 'contact', [{ givenName: 'After', surname: 'Deactivation', email1: 'after.deactivation@late.test' }]);
	const rows = await runs.syncNow();
	expect(rows.length).toBeGreaterThan(0);
	expect(rows.map((row) => row.mailbox)).not.toContain(carol);
	const crmEmails = (await world.servers.zoho.control.records('Contacts')).map((record) => email(record.Email));
	expect(crmEmails).not.toContain('after.deactivation@late.test');
}
