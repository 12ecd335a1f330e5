/**
 * Bad input on both sides: markup, control characters, very long and oversized text, invalid
 * emails and dates. Each bad record is carried faithfully (control characters, which XML cannot
 * carry, are dropped) or gets a clear error of its own;
 * the records around it sync as if it were not there. And a side that answers "nothing" (an
 * outage) never reads as "everything was deleted".
 */
import type { IDataObject } from 'n8n-workflow';
import { SyncRunner, type SyncCursor, type SyncRunResult } from '../../bench/pipeline';
import { startBenchServers, type BenchServers } from '../../bench/servers';
import { GENERATORS, sideRange } from '../../bench/world';
import { ExchangeCrmSync } from '../../nodes/ExchangeCrmSync/ExchangeCrmSync.node';
import { nodeContext } from '../support/nodeContext';

let servers: BenchServers;
let runner: SyncRunner;

beforeAll(async () => {
	servers = await startBenchServers({ mailboxes: 2, validate: true });
	runner = new SyncRunner(servers);
	await runner.prepareCrm(['Contacts']);
}, 120_000);

afterAll(async () => {
	await servers?.stop();
}, 30_000);

interface HostileCase {
	name: string;
	side: 'exchange' | 'crm';
	/** The field on the side it is typed into, and its name on the other side. */
	field: string;
	otherField: string;
	value: string;
	/** What arrives when it is not the value itself (XML cannot carry control characters). */
	arrives?: string;
}

const LONG_TEXT = 'Lorem ipsum dolor sit amet. '.repeat(1_200);

const HOSTILE: HostileCase[] = [
	{ name: 'XML and HTML', side: 'exchange', field: 'notes', otherField: 'Description', value: '</Contact><t:Notes>injected</t:Notes> <b>bold</b> &amp; <![CDATA[x]]> "q" \'a\'' },
	{ name: 'script tag', side: 'crm', field: 'Description', otherField: 'notes', value: '<script>alert("x")</script> & <img src=x onerror=1>' },
	{ name: 'control characters', side: 'crm', field: 'Title', otherField: 'jobTitle', value: 'Ctl\u0001\u0007\u001b end', arrives: 'Ctl end' },
	{ name: 'very long text', side: 'exchange', field: 'notes', otherField: 'Description', value: LONG_TEXT },
	{ name: 'oversized name', side: 'exchange', field: 'givenName', otherField: 'First_Name', value: 'N'.repeat(300) },
	{ name: 'invalid email', side: 'exchange', field: 'email1', otherField: 'Email', value: 'not an email@@example' },
	{ name: 'emoji and right-to-left text', side: 'crm', field: 'Title', otherField: 'jobTitle', value: 'مدير المبيعات 🚀 田中' },
];

async function syncUntilQuiet(mailbox: string): Promise<SyncRunResult[]> {
	const results: SyncRunResult[] = [];
	let cursor: SyncCursor = {};
	for (let run = 0; run < 3; run++) {
		const result = await runner.run({ object: 'contacts', mailbox, mode: 'changes', cursor });
		cursor = result.cursor;
		results.push(result);
	}
	return results;
}

describe('bad input', () => {
	it('carries each hostile value faithfully or fails only its own record', async () => {
		const mailbox = servers.mailboxes[0];
		const owner = servers.owners.get(mailbox) as string;
		const normal = sideRange(6, 'exchange');
		await servers.exchangeControl.insertItems(mailbox, 'contact', normal.map((n) => GENERATORS.contacts.exchange(mailbox, n)));
		await servers.zohoControl.insertRecords('Contacts', normal.map((n) => GENERATORS.contacts.crm(mailbox, n + 100, owner)));
		const emails: string[] = [];
		for (const [index, hostile] of HOSTILE.entries()) {
			const n = 500 + index;
			if (hostile.side === 'exchange') {
				const item = { ...GENERATORS.contacts.exchange(mailbox, n), [hostile.field]: hostile.value };
				await servers.exchangeControl.insertItems(mailbox, 'contact', [item]);
				emails.push(String(item.email1));
			} else {
				const record = { ...GENERATORS.contacts.crm(mailbox, n, owner), [hostile.field]: hostile.value };
				await servers.zohoControl.insertRecords('Contacts', [record]);
				emails.push(String(record.Email));
			}
		}

		const results = await syncUntilQuiet(mailbox);
		const failures = results.flatMap((result) => result.failures);
		const exchange = await servers.exchangeControl.items(mailbox, 'contacts');
		const crm = (await servers.zohoControl.records('Contacts')).filter((record) => !record.$deleted && (record.Owner as IDataObject).id === owner);

		// Every ordinary record is on both sides, linked.
		const ordinary = [...normal.map((n) => GENERATORS.contacts.exchange(mailbox, n).email1), ...normal.map((n) => GENERATORS.contacts.exchange(mailbox, n + 100).email1)];
		for (const email of ordinary) {
			const item = exchange.find((candidate) => candidate.email1 === email);
			const record = crm.find((candidate) => candidate.Email === email);
			expect({ email, linked: Boolean(item?.syncId) && item?.syncId === record?.Exchange_Sync_Id }).toEqual({ email, linked: true });
		}
		// Each hostile record: its value arrived unchanged, or a failure names the field that refused it.
		const outcomes = HOSTILE.map((hostile, index) => {
			const source = hostile.side === 'exchange' ? exchange.find((item) => item.email1 === emails[index] || item[hostile.field] === hostile.value) : crm.find((record) => record.Email === emails[index]);
			const syncId = hostile.side === 'exchange' ? source?.syncId : source?.Exchange_Sync_Id;
			const copy = hostile.side === 'exchange' ? crm.find((record) => record.Exchange_Sync_Id === syncId) : exchange.find((item) => item.syncId === syncId);
			const carried = copy !== undefined && copy[hostile.otherField] === (hostile.arrives ?? hostile.value);
			const refused = failures.some((failure) => failure.message.includes(hostile.otherField));
			const ok = carried || (copy === undefined && refused);
			return { name: hostile.name, stillInSource: source !== undefined, carriedOrRefused: ok, ...(ok ? {} : { got: copy?.[hostile.otherField] ?? 'absent' }) };
		});
		expect(outcomes).toEqual(HOSTILE.map((hostile) => ({ name: hostile.name, stillInSource: true, carriedOrRefused: true })));
		// A refused record is retried, but never written twice.
		const createdTwice = crm.filter((record, index) => crm.findIndex((other) => other.Email === record.Email) !== index);
		expect(createdTwice).toEqual([]);
	}, 300_000);

	it('reports malformed items and invalid dates in the Sync input per item and plans the rest', async () => {
		const good = { id: 'good-1', givenName: 'Ada', surname: 'Lovelace', email1: 'ada@customers.test' };
		const inputs = [
			[
				{ json: good },
				{ json: { id: 'bad-date', givenName: 'Bad', surname: 'Date', email1: 'bad.date@customers.test', birthday: '2027-02-30' } },
				{ json: { givenName: 'No', surname: 'Id' } },
				{ json: { id: 'bad-date-2', surname: 'Words', birthday: 'next Tuesday' } },
			],
			[{ json: { id: 'crm-1', Last_Name: 'Hopper', Email: 'grace@customers.test', Date_of_Birth: '31/12/1906' } }],
		];
		const context = nodeContext({ parameters: { object: 'contacts', crmModule: 'Contacts', mailbox: servers.mailboxes[0], syncType: 'twoWay' }, inputs });
		const [toExchange, toCrm, , [report]] = await new ExchangeCrmSync().execute.call(context);
		const errors = report.json.errors as Array<{ side: string; itemIndex: number; message: string }>;
		expect(errors).toEqual([expect.objectContaining({ side: 'exchange', itemIndex: 2, message: expect.stringMatching(/Exchange item 2: .*no id/) })]);
		// Dates are not checked here: an invalid one travels to the write, where Zoho refuses that
		// record alone; the good record is planned either way.
		const planned = toCrm.map((item) => (item.json.record as IDataObject).Email);
		expect(planned).toContain('ada@customers.test');
		expect(toExchange.some((item) => JSON.stringify(item.json.fields).includes('grace@customers.test'))).toBe(true);
	});

	it('never reads a side that answers nothing as "everything was deleted"', async () => {
		const mailbox = servers.mailboxes[1];
		const owner = servers.owners.get(mailbox) as string;
		await servers.exchangeControl.insertItems(mailbox, 'contact', sideRange(10, 'exchange').map((n) => GENERATORS.contacts.exchange(mailbox, n)));
		await servers.zohoControl.insertRecords('Contacts', sideRange(10, 'crm').map((n) => GENERATORS.contacts.crm(mailbox, n, owner)));
		await syncUntilQuiet(mailbox);
		const before = { exchange: (await servers.exchangeControl.items(mailbox, 'contacts')).length, crm: (await servers.zohoControl.records('Contacts')).filter((record) => !record.$deleted).length };

		for (const emptySide of ['crm', 'exchange'] as const) {
			const result = await runner.run({ object: 'contacts', mailbox, mode: 'complete', emptySide });
			expect((result.report.massDelete as IDataObject).blocked).toBe(true);
			expect(result.writes).toEqual({ exchange: 0, crm: 0 });
		}
		// A read that fails outright ends the run before any write.
		await servers.zohoControl.armFaults([{ operation: 'records.list', kind: 'http500', count: -1 }]);
		await servers.exchangeControl.resetCounters();
		await expect(runner.run({ object: 'contacts', mailbox, mode: 'complete' })).rejects.toThrow(/CRM Get Many failed/);
		await servers.zohoControl.clearFaults();
		const writes = Object.entries((await servers.exchangeControl.counters()).byOperation).filter(([operation]) => /Create|Update|Delete/.test(operation));
		expect(writes).toEqual([]);

		const after = { exchange: (await servers.exchangeControl.items(mailbox, 'contacts')).length, crm: (await servers.zohoControl.records('Contacts')).filter((record) => !record.$deleted).length };
		expect(after).toEqual(before);
	}, 300_000);
});
