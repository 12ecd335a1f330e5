/**
 * Seeds bench data through the servers' control APIs (as if users had typed it: no API calls
 * are counted, no credits spent), in chunks so 100,000 records stay a few requests.
 */
import type { BenchServers } from './servers';
import { countsFor, GENERATORS, sideRange, type BenchObject } from './world';

const CHUNK = 2_000;

export interface SeededIds {
	exchange: Record<BenchObject, string[]>;
	crm: Record<BenchObject, string[]>;
}

async function inChunks<T, R>(values: T[], send: (chunk: T[]) => Promise<R[]>): Promise<R[]> {
	const results: R[] = [];
	for (let start = 0; start < values.length; start += CHUNK) results.push(...(await send(values.slice(start, start + CHUNK))));
	return results;
}

/** Seeds one mailbox with `contacts` contacts (and 10% tasks and events, unless `objects` leaves them out) on each side. */
export async function seedMailbox(
	servers: BenchServers,
	mailbox: string,
	contacts: number,
	objects: BenchObject[] = ['contacts', 'tasks', 'events'],
): Promise<SeededIds> {
	const counts = countsFor(contacts);
	const ownerId = servers.owners.get(mailbox) as string;
	const ids: SeededIds = { exchange: { contacts: [], tasks: [], events: [] }, crm: { contacts: [], tasks: [], events: [] } };
	for (const object of objects) {
		const generator = GENERATORS[object];
		const exchangeItems = sideRange(counts[object], 'exchange').map((n) => generator.exchange(mailbox, n));
		ids.exchange[object] = await inChunks(exchangeItems, async (chunk) =>
			(await servers.exchangeControl.insertItems(mailbox, generator.exchangeType, chunk)).map((item) => item.id),
		);
		const crmRecords = sideRange(counts[object], 'crm').map((n) => generator.crm(mailbox, n, ownerId));
		ids.crm[object] = await inChunks(crmRecords, async (chunk) => (await servers.zohoControl.insertRecords(generator.crmModule, chunk)).ids);
	}
	return ids;
}
