/**
 * The contacts of one mailbox as the suite expects them, changed by simulated users on both
 * sides between sync runs, and the check that both sides hold exactly that: no duplicates, no
 * resurrected deletes, every edit either kept or reported as overwritten by the conflict rule.
 */
import type { BenchServers } from '../../../bench/servers';
import { GENERATORS, sideRange } from '../../../bench/world';
import type { ControlItem } from '../../emulators/exchange/harness';
import type { ControlRecord } from '../../emulators/zoho-crm/harness';
import type { Random } from './random';

export interface ExpectedContact {
	n: number;
	email: string;
	title: string | null;
	department: string | null;
	deleted: boolean;
}

type Field = 'title' | 'department';
const EXCHANGE_FIELD: Record<Field, string> = { title: 'jobTitle', department: 'department' };
const CRM_FIELD: Record<Field, string> = { title: 'Title', department: 'Department' };

/** Whether a serialised sync state names `id` under `key` (the other side's record). */
function stateNames(state: unknown, key: 'ex' | 'crm', id: unknown): boolean {
	try {
		return (JSON.parse(String(state)) as Record<string, unknown>)[key] === id;
	} catch {
		return false;
	}
}

const blankAsNull = (value: unknown) => (value === undefined || value === '' ? null : value);

export class ContactWorld {
	readonly people = new Map<string, ExpectedContact>();
	/** Values a user typed that the conflict rule overwrote: each must appear in a report. */
	readonly overwritten: string[] = [];
	private nextNumber = 0;
	/** People edited since the last run that wrote everything it planned. */
	private readonly unsynced = new Set<string>();

	constructor(
		private readonly servers: BenchServers,
		readonly mailbox: string,
	) {}

	private get owner(): string {
		return this.servers.owners.get(this.mailbox) as string;
	}

	private expect(n: number): ExpectedContact {
		const email = String(GENERATORS.contacts.exchange(this.mailbox, n).email1);
		const person = { n, email, title: 'Buyer', department: null, deleted: false };
		this.people.set(email, person);
		this.nextNumber = Math.max(this.nextNumber, n + 1);
		return person;
	}

	/** `count` contacts on each side, half of them the same people. */
	async seed(count: number): Promise<void> {
		const exchange = sideRange(count, 'exchange');
		const crm = sideRange(count, 'crm');
		await this.servers.exchangeControl.insertItems(this.mailbox, 'contact', exchange.map((n) => GENERATORS.contacts.exchange(this.mailbox, n)));
		await this.servers.zohoControl.insertRecords('Contacts', crm.map((n) => GENERATORS.contacts.crm(this.mailbox, n, this.owner)));
		for (const n of [...exchange, ...crm]) this.expect(n);
	}

	/** A run wrote everything it planned: every edit so far is synced. */
	synced(): void {
		this.unsynced.clear();
	}

	async liveExchange(): Promise<ControlItem[]> {
		return await this.servers.exchangeControl.items(this.mailbox, 'contacts');
	}

	async crmRecords(): Promise<ControlRecord[]> {
		return (await this.servers.zohoControl.records('Contacts')).filter((record) => (record.Owner as { id?: string } | undefined)?.id === this.owner);
	}

	async liveCrm(): Promise<ControlRecord[]> {
		return (await this.crmRecords()).filter((record) => !record.$deleted);
	}

	/** Users at work between two runs: a few edits (some on both sides), a delete and a create. */
	async userEdits(random: Random, round: number): Promise<void> {
		const exchangeByEmail = new Map((await this.liveExchange()).map((item) => [String(item.email1).toLowerCase(), item]));
		const crmByEmail = new Map((await this.liveCrm()).map((record) => [String(record.Email).toLowerCase(), record]));
		// Only synced people: a change to a record no run has linked yet is a first-sync match, not an
		// edit. And only complete links (each state names the other record): a run that crashed
		// between a create and its link leaves a pair whose deleted record is made again (docs/sync.md, limits).
		const linked = (person: ExpectedContact) => {
			const item = exchangeByEmail.get(person.email);
			const record = crmByEmail.get(person.email);
			if (!item?.syncId || item.syncId !== record?.Exchange_Sync_Id) return false;
			return stateNames(item.syncState, 'crm', record.id) && stateNames(record.Exchange_Sync_State, 'ex', item.id);
		};
		// Only people whose earlier edits are synced. An edit no run has synced yet meets the next one as
		// a conflict ("CRM always wins" per record: a pending CRM edit of any field beats an Exchange
		// edit), and a delete against it keeps the edit and makes the record again, by design
		// (docs/sync.md); the unit property tests cover those orders.
		const live = [...this.people.values()].filter((person) => !person.deleted && linked(person) && !this.unsynced.has(person.email));
		const [deletes, ...edited] = random.sample(live, 4);
		for (const person of edited) {
			const field: Field = random.pick(['title', 'department']);
			const where = random.pick(['exchange', 'crm', 'both'] as const);
			const exchangeValue = `${field[0]}${round}-${person.n} Outlook`;
			const crmValue = `${field[0]}${round}-${person.n} CRM`;
			if (where !== 'crm') await this.servers.exchangeControl.updateItem(exchangeByEmail.get(person.email)!.id as string, { [EXCHANGE_FIELD[field]]: exchangeValue });
			if (where !== 'exchange') await this.servers.zohoControl.updateRecords('Contacts', [{ id: crmByEmail.get(person.email)!.id, [CRM_FIELD[field]]: crmValue }]);
			// The suite syncs with "CRM always wins".
			person[field] = where === 'exchange' ? exchangeValue : crmValue;
			if (where === 'both') this.overwritten.push(exchangeValue);
			this.unsynced.add(person.email);
		}
		if (deletes) {
			if (random.chance(0.5)) await this.servers.exchangeControl.deleteItems([exchangeByEmail.get(deletes.email)!.id as string]);
			else await this.servers.zohoControl.deleteRecords('Contacts', [crmByEmail.get(deletes.email)!.id]);
			deletes.deleted = true;
		}
		const created = this.expect(this.nextNumber + 1000);
		if (random.chance(0.5)) await this.servers.exchangeControl.insertItems(this.mailbox, 'contact', [GENERATORS.contacts.exchange(this.mailbox, created.n)]);
		else await this.servers.zohoControl.insertRecords('Contacts', [GENERATORS.contacts.crm(this.mailbox, created.n, this.owner)]);
	}

	/**
	 * The violations of the sync invariants (empty when both sides are as expected), and how many
	 * records were checked. `reports` is every output the runs produced, as text.
	 */
	async violations(reports: string): Promise<{ violations: string[]; checked: number }> {
		const violations: string[] = [];
		const exchange = await this.liveExchange();
		const crmAll = await this.crmRecords();
		const crm = crmAll.filter((record) => !record.$deleted);
		const emailOf = (value: unknown) => String(value ?? '').toLowerCase();
		const duplicates = (emails: string[]) => emails.filter((email, index) => emails.indexOf(email) !== index);
		for (const email of duplicates(exchange.map((item) => emailOf(item.email1)))) violations.push(`duplicate in Exchange: ${email}`);
		for (const email of duplicates(crm.map((record) => emailOf(record.Email)))) violations.push(`duplicate in the CRM: ${email}`);
		const exchangeByEmail = new Map(exchange.map((item) => [emailOf(item.email1), item]));
		const crmByEmail = new Map(crm.map((record) => [emailOf(record.Email), record]));
		for (const email of new Set([...exchangeByEmail.keys(), ...crmByEmail.keys()])) {
			if (!this.people.has(email)) violations.push(`unexpected contact ${email}`);
		}
		for (const person of this.people.values()) {
			const item = exchangeByEmail.get(person.email);
			const record = crmByEmail.get(person.email);
			if (person.deleted) {
				if (item || record) violations.push(`deleted contact ${person.email} is back (${item ? 'Exchange' : ''} ${record ? 'CRM' : ''})`);
				continue;
			}
			if (!item || !record) {
				violations.push(`contact ${person.email} missing in ${item ? 'the CRM' : 'Exchange'}`);
				continue;
			}
			if (!item.syncId || item.syncId !== record.Exchange_Sync_Id) violations.push(`contact ${person.email} is not linked (${String(item.syncId)} / ${String(record.Exchange_Sync_Id)})`);
			for (const field of ['title', 'department'] as const) {
				const expected = person[field];
				const inExchange = blankAsNull(item[EXCHANGE_FIELD[field]]);
				const inCrm = blankAsNull(record[CRM_FIELD[field]]);
				if (inExchange !== expected || inCrm !== expected) {
					violations.push(`contact ${person.email} ${field}: expected ${JSON.stringify(expected)}, Exchange ${JSON.stringify(inExchange)}, CRM ${JSON.stringify(inCrm)}`);
				}
			}
		}
		for (const record of crmAll) {
			if (record.$deleted && record.$deleted_type !== 'recycle') violations.push(`CRM record ${record.id} was purged, not moved to the recycle bin`);
		}
		for (const value of this.overwritten) {
			if (!reports.includes(value)) violations.push(`overwritten value ${JSON.stringify(value)} was not reported`);
		}
		return { violations, checked: exchange.length + crm.length };
	}
}
