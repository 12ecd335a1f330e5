/**
 * The incremental scenario's edits: 1% of the records changed between syncs, half by a user in
 * Outlook (Exchange control API) and half in the CRM (Zoho control API: no credits spent).
 */
import type { SeededIds } from './seed';
import type { BenchServers } from './servers';
import type { BenchObject } from './world';

const EXCHANGE_EDIT: Record<BenchObject, (n: number) => Record<string, unknown>> = {
	contacts: (n) => ({ jobTitle: `Director ${n}` }),
	tasks: (n) => ({ body: `Call back about offer ${n}` }),
	events: (n) => ({ location: `Room ${n}` }),
};

const CRM_EDIT: Record<BenchObject, { module: string; values: (n: number) => Record<string, unknown> }> = {
	contacts: { module: 'Contacts', values: (n) => ({ Title: `Head of Buying ${n}` }) },
	tasks: { module: 'Tasks', values: (n) => ({ Description: `Send the quote ${n}` }) },
	events: { module: 'Events', values: (n) => ({ Venue: `Office ${n}` }) },
};

/** Every 200th record from `offset`: 0.5% of a side. */
const everyTwoHundredth = (ids: string[], offset: number) => ids.filter((_id, index) => index % 200 === offset % ids.length);

export async function editOnePercent(servers: BenchServers, seeded: SeededIds): Promise<number> {
	let edits = 0;
	for (const object of Object.keys(EXCHANGE_EDIT) as BenchObject[]) {
		for (const [n, id] of everyTwoHundredth(seeded.exchange[object], 0).entries()) {
			await servers.exchangeControl.updateItem(id, EXCHANGE_EDIT[object](n));
			edits++;
		}
		const crm = CRM_EDIT[object];
		const records = everyTwoHundredth(seeded.crm[object], 100).map((id, n) => ({ id, ...crm.values(n) }));
		if (records.length > 0) await servers.zohoControl.updateRecords(crm.module, records);
		edits += records.length;
	}
	return edits;
}

/** The deletion scenario: one record of each object deleted by a user on each side (the second on each: not partners). */
export async function deleteOnEachSide(servers: BenchServers, seeded: SeededIds): Promise<number> {
	let deletions = 0;
	for (const object of Object.keys(CRM_EDIT) as BenchObject[]) {
		await servers.exchangeControl.deleteItems([seeded.exchange[object][1]]);
		await servers.zohoControl.deleteRecords(CRM_EDIT[object].module, [seeded.crm[object][1]]);
		deletions += 2;
	}
	return deletions;
}
