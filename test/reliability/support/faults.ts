/**
 * Random faults for one sync run: throttling, 429s, 5xx, dropped connections and malformed
 * answers at random points of either server, invalid EWS sync states, expired Zoho tokens, and
 * crashes after a random number of writes.
 */
import type { FaultRule } from '../../emulators/common/faults';
import type { BenchServers } from '../../../bench/servers';
import type { Random } from './random';

const EWS_OPERATIONS = ['SyncFolderItems', 'GetItem', 'CreateItem', 'UpdateItem', 'DeleteItem'];
const ZOHO_OPERATIONS = ['records.list', 'records.deleted', 'records.insert', 'records.update', '*'];

const EWS_FAULTS: Array<Omit<FaultRule, 'operation'>> = [
	{ kind: 'throttle', params: { backOffMs: 20 } },
	{ kind: 'throttle', params: { backOffMs: 20, inMessage: true } },
	{ kind: 'http500' },
	{ kind: 'drop' },
	{ kind: 'malformed' },
];
const ZOHO_FAULTS: Array<Omit<FaultRule, 'operation'>> = [{ kind: 'rateLimit' }, { kind: 'http500' }, { kind: 'drop' }, { kind: 'expiredToken' }];

export interface RunFaults {
	/** Rules armed on each server. */
	exchange: FaultRule[];
	zoho: FaultRule[];
	expireTokens: boolean;
	abortAfterWrites?: number;
}

export function randomFaults(random: Random): RunFaults {
	const rule = (operations: string[], faults: Array<Omit<FaultRule, 'operation'>>): FaultRule => ({
		...random.pick(faults),
		operation: random.pick(operations),
		count: 1 + random.int(2),
		after: random.int(4),
	});
	const exchange = Array.from({ length: random.int(3) }, () => rule(EWS_OPERATIONS, EWS_FAULTS));
	if (random.chance(0.2)) exchange.push({ operation: 'SyncFolderItems', kind: 'invalidSyncState', count: 1 });
	return {
		exchange,
		zoho: Array.from({ length: random.int(3) }, () => rule(ZOHO_OPERATIONS, ZOHO_FAULTS)),
		expireTokens: random.chance(0.25),
		...(random.chance(0.3) ? { abortAfterWrites: 1 + random.int(8) } : {}),
	};
}

export async function armFaults(servers: BenchServers, faults: RunFaults, seed: number): Promise<void> {
	await servers.exchangeControl.faults(faults.exchange, seed);
	await servers.zohoControl.armFaults(faults.zoho, seed);
	if (faults.expireTokens) await servers.zohoControl.expireTokens();
}

/** Clears the rules; returns how many faults have struck on both servers so far. */
export async function clearFaults(servers: BenchServers): Promise<number> {
	await servers.exchangeControl.clearFaults();
	await servers.zohoControl.clearFaults();
	const exchange = await servers.exchangeControl.faults([]);
	return exchange.injected + (await servers.zohoControl.faultsInjected());
}
