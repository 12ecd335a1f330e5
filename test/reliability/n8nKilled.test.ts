/**
 * Real n8n killed at random points of Sync Now and restarted, in rounds with random edits on both
 * sides in between (creates, edits, deletes), then runs until quiet. Afterwards both sides must
 * hold the same people once each, with every edit and no deleted contact: a kill may delay a
 * change, never lose, duplicate or resurrect one. The seed is printed; `RELIABILITY_SEED=…`
 * replays it and `RELIABILITY_KILLS=<n>` sets the number of kills (default 3).
 */
import { SyncWorld } from '../e2e/support/syncWorld';
import { Random, RELIABILITY_SEED } from './support/random';

const USERS = ['alice@example.test', 'bob@example.test', 'carol@example.test'];
const KILLS = Number(process.env.RELIABILITY_KILLS ?? 3);
const QUIET_RUN_LIMIT = 4;
const email = (value: unknown) => String(value ?? '').trim().toLowerCase();

interface Expected {
	/** Addresses that must be live once on both sides, per user. */
	live: Map<string, Set<string>>;
	/** Addresses deleted on one side: live on neither. */
	deleted: Set<string>;
	/** Job titles by address, as the last edit (on either side) set them. */
	titles: Map<string, string>;
}

describe('n8n killed mid-run and restarted', () => {
	let world: SyncWorld;
	const random = new Random(RELIABILITY_SEED);
	const totals = { kills: 0, runs: 0, edits: 0, checked: 0 };

	beforeAll(async () => {
		process.stdout.write(`n8n kill loop seed ${RELIABILITY_SEED} (replay: RELIABILITY_SEED=${RELIABILITY_SEED})\n`);
		world = await SyncWorld.start({ syncTasks: false, syncEvents: false, syncMails: false });
	});

	afterAll(async () => {
		process.stdout.write(`n8n kill loop seed ${RELIABILITY_SEED}: ${totals.kills} kills, ${totals.runs} runs, ${totals.edits} user changes, ${totals.checked} contacts checked\n`);
		await world?.dispose();
	});

	const contactsOf = async (user: string) => ({ exchange: await world.exchangeContacts(user), crm: await world.crmContacts(user) });

	/** Runs Sync Now until a run writes nothing; returns how many it took. */
	async function syncUntilQuiet(): Promise<number> {
		for (let run = 1; run <= QUIET_RUN_LIMIT; run++) {
			const rows = await world.syncNow();
			totals.runs++;
			const failed = rows.filter((row) => row.status !== 'success');
			expect(failed).toEqual([]);
			if (rows.every((row) => row.created + row.updated + row.deleted === 0)) return run;
		}
		throw new Error(`Sync Now still wrote after ${QUIET_RUN_LIMIT} runs (seed ${RELIABILITY_SEED})`);
	}

	/**
	 * One round of user changes: two new contacts on each side and, on people no earlier round
	 * touched (an edit a killed run left unsynced would meet this one as a conflict), one edit on
	 * each side and one delete on a random side.
	 */
	async function editBothSides(round: number, expected: Expected, untouched: Map<string, string[]>): Promise<void> {
		const editable = USERS.filter((candidate) => untouched.get(candidate)!.length >= 3);
		const user = random.pick(editable.length > 0 ? editable : USERS);
		const owner = (await world.crmContacts(user))[0].Owner;
		const created = [0, 1, 2, 3].map((index) => `round${round}.person${index}@killed.test`);
		await world.servers.exchange.control.insertItems(
			user,
			'contact',
			created.slice(0, 2).map((address, index) => ({ givenName: 'Killed', surname: `Exchange ${round}.${index}`, email1: address })),
		);
		await world.servers.zoho.control.insertRecords(
			'Contacts',
			created.slice(2).map((address, index) => ({ First_Name: 'Killed', Last_Name: `CRM ${round}.${index}`, Email: address, Owner: owner })),
		);
		for (const address of created) expected.live.get(user)!.add(address);

		if (untouched.get(user)!.length < 3) throw new Error(`the demo world has too few contacts for ${KILLS} rounds`);
		const [exchangeEdit, crmEdit, deletion] = random.sample(untouched.get(user)!, 3);
		untouched.set(user, untouched.get(user)!.filter((address) => ![exchangeEdit, crmEdit, deletion].includes(address)));
		const { exchange, crm } = await contactsOf(user);
		const found = <T>(items: T[], side: string, address: string, match: (item: T) => boolean): T => {
			const item = items.find(match);
			if (!item) throw new Error(`round ${round}: ${address} is not live in ${side} for ${user} (seed ${RELIABILITY_SEED})`);
			return item;
		};
		const exchangeItem = (address: string) => found(exchange, 'Exchange', address, (contact) => email(contact.email1) === address);
		const crmRecord = (address: string) => found(crm, 'the CRM', address, (record) => email(record.Email) === address);

		const exchangeTitle = `Round ${round} title (Exchange)`;
		await world.servers.exchange.control.updateItem(exchangeItem(exchangeEdit).id, { jobTitle: exchangeTitle });
		expected.titles.set(exchangeEdit, exchangeTitle);
		const crmTitle = `Round ${round} title (CRM)`;
		await world.servers.zoho.control.updateRecords('Contacts', [{ id: crmRecord(crmEdit).id, Title: crmTitle }]);
		expected.titles.set(crmEdit, crmTitle);
		const deleteInExchange = random.chance(0.5);
		if (deleteInExchange) await world.servers.exchange.control.deleteItems([exchangeItem(deletion).id]);
		else await world.servers.zoho.control.deleteRecords('Contacts', [crmRecord(deletion).id]);
		process.stdout.write(
			`round ${round} (${user}): created ${created.join(', ')}; title edited in Exchange: ${exchangeEdit}, in the CRM: ${crmEdit}; deleted in ${deleteInExchange ? 'Exchange' : 'the CRM'}: ${deletion}\n`,
		);
		expected.live.get(user)!.delete(deletion);
		expected.deleted.add(deletion);
		totals.edits += created.length + 3;
	}

	it('converges after every kill: no duplicate, no lost edit, no resurrected delete', async () => {
		const firstSyncStarted = Date.now();
		await syncUntilQuiet();
		// Kills land anywhere in a run: from its first read to past its last write.
		const runMs = Math.max(2_000, Date.now() - firstSyncStarted);

		const expected: Expected = { live: new Map(), deleted: new Set(), titles: new Map() };
		const untouched = new Map<string, string[]>();
		for (const user of USERS) {
			const addresses = (await world.exchangeContacts(user)).map((contact) => email(contact.email1));
			expected.live.set(user, new Set(addresses));
			untouched.set(user, [...addresses]);
		}

		for (let round = 1; round <= KILLS; round++) {
			await editBothSides(round, expected, untouched);
			await Promise.all([world.servers.exchange.control.resetCounters(), world.servers.zoho.control.resetCounters()]);
			const delayMs = 200 + random.int(runMs);
			world.startSyncNow();
			await new Promise((resolve) => setTimeout(resolve, delayMs));
			world.killN8n();
			totals.kills++;
			const [ews, zoho] = await Promise.all([world.servers.exchange.control.counters(), world.servers.zoho.control.counters()]);
			process.stdout.write(`kill ${round} after ${delayMs} ms of a ${runMs} ms run: ${ews.total} EWS and ${zoho.total} Zoho calls had been made\n`);
			await world.startN8n();
		}
		await syncUntilQuiet();

		for (const user of USERS) {
			const { exchange, crm } = await contactsOf(user);
			const exchangeEmails = exchange.map((contact) => email(contact.email1)).sort();
			const crmEmails = crm.map((record) => email(record.Email)).sort();
			expect(exchangeEmails).toEqual([...expected.live.get(user)!].sort());
			expect(crmEmails).toEqual(exchangeEmails);
			expect(crm.map((record) => record.Exchange_Sync_Id).sort()).toEqual(exchange.map((contact) => contact.syncId).sort());
			for (const [address, title] of expected.titles) {
				if (!expected.live.get(user)!.has(address)) continue;
				expect({ address, exchange: exchange.find((contact) => email(contact.email1) === address)?.jobTitle }).toEqual({ address, exchange: title });
				expect({ address, crm: crm.find((record) => email(record.Email) === address)?.Title }).toEqual({ address, crm: title });
			}
			totals.checked += exchange.length;
		}
		const everyone = [...(await world.servers.zoho.control.records('Contacts')).filter((record) => !record.$deleted).map((record) => email(record.Email))];
		for (const address of expected.deleted) expect({ address, live: everyone.includes(address) }).toEqual({ address, live: false });
		expect(await world.servers.exchange.control.validationErrors()).toEqual([]);
		expect(await world.servers.zoho.control.validationErrors()).toEqual([]);
	});
});
