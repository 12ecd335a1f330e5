/**
 * The Zoho CRM node's record operations through its real transport against the local Zoho
 * server: batching, paging past 2,000, token refresh, throttling, per-record errors, search
 * escaping, external IDs and the sync fields.
 */
import type { ZohoEmulator } from '../../emulators/zoho-crm/harness';
import { startZohoEmulator } from '../../emulators/zoho-crm/harness';
import { exchangeItemKey } from '../../../nodes/ZohoCrm/helpers/syncFields';
import { RECONNECT_MESSAGE } from '../../../nodes/ZohoCrm/transport/errors';
import { zohoSession } from '../../support/zohoNode';

let zoho: ZohoEmulator;

beforeAll(async () => {
	zoho = await startZohoEmulator({ seed: 'demo' });
});

afterAll(async () => {
	await zoho?.stop();
});

beforeEach(async () => {
	await zoho.control.reset();
});

// The server checks every request and response against Zoho's OpenAPI files.
afterEach(async () => {
	expect(await zoho.control.validationErrors()).toEqual([]);
});

const jsonCreate = (resource: string, options: Record<string, unknown> = {}) => ({
	resource,
	operation: 'create',
	inputMode: 'json',
	recordJson: '={{ $json.record }}',
	options,
});

/** Items carrying `record`, and parameters that read each item's record, like `={{ $json.record }}`. */
function recordItems(records: Array<Record<string, unknown>>) {
	const items = records.map((record) => ({ json: { record } }));
	const parameters = (base: Record<string, unknown>) => (itemIndex: number) => ({ ...base, recordJson: items[itemIndex].json.record });
	return { items, parameters };
}

async function liveRecords(module: string) {
	return (await zoho.control.records(module)).filter((record) => !record.$deleted);
}

describe('Zoho CRM node against the local server', () => {
	it('creates 250 contacts in 3 calls, without running Zoho workflows', async () => {
		const session = await zohoSession(zoho.origin);
		const { items, parameters } = recordItems(
			Array.from({ length: 250 }, (_, n) => ({ Last_Name: `Bulk ${n}`, Email: `bulk${n}@example.test` })),
		);
		await zoho.control.resetCounters();
		const output = await session.run(parameters(jsonCreate('contact', { triggerWorkflows: false })), items);
		const counters = await zoho.control.counters();
		expect(counters.byOperation['records.insert']).toBe(3);
		expect(output).toHaveLength(250);
		expect(output.every((item, index) => typeof item.json.id === 'string' && (item.pairedItem as { item: number }).item === index)).toBe(true);
		const stored = await liveRecords('Contacts');
		expect(stored.find((record) => record.id === output[137].json.id)?.Email).toBe('bulk137@example.test');
		expect((await zoho.control.workflowRuns()).filter((run) => run.triggers.length > 0)).toEqual([]);
	});

	it('reads 5,000 records completely, past the 2,000-record page limit', async () => {
		const session = await zohoSession(zoho.origin);
		await zoho.control.insertRecords(
			'Leads',
			Array.from({ length: 5000 }, (_, n) => ({ Last_Name: `Lead ${n}`, Company: 'Bulk Co' })),
		);
		const expected = (await liveRecords('Leads')).length;
		const output = await session.run({ resource: 'lead', operation: 'getAll', returnAll: true, options: { fields: 'Last_Name,Company' } });
		expect(output).toHaveLength(expected);
		expect(new Set(output.map((item) => item.json.id)).size).toBe(expected);
		expect(expected).toBeGreaterThanOrEqual(5000);
	});

	it('refreshes an access token that expired mid-run, transparently', async () => {
		const session = await zohoSession(zoho.origin);
		await session.run({ resource: 'user', operation: 'getCurrent' });
		const refreshesBefore = session.stats.refreshes;
		await zoho.control.expireTokens();
		const output = await session.run({ resource: 'contact', operation: 'getAll', returnAll: false, limit: 5, options: {} });
		expect(output).toHaveLength(5);
		expect(session.stats.refreshes).toBe(refreshesBefore + 1);
	});

	it('says to reconnect the credential when the refresh token was revoked', async () => {
		const session = await zohoSession(zoho.origin);
		await session.run({ resource: 'user', operation: 'getCurrent' });
		await zoho.control.revokeRefreshToken();
		await zoho.control.expireTokens();
		await expect(session.run({ resource: 'user', operation: 'getCurrent' })).rejects.toThrow(RECONNECT_MESSAGE);
	});

	it('retries a 429 and succeeds', async () => {
		const session = await zohoSession(zoho.origin);
		await zoho.control.armFaults([{ operation: 'records.list', kind: 'rateLimit', count: 1 }]);
		const output = await session.run({ resource: 'contact', operation: 'getAll', returnAll: false, limit: 3, options: { fields: 'Last_Name' } });
		expect(output).toHaveLength(3);
		expect((await zoho.control.counters()).byOperation['records.list']).toBe(2);
	});

	it('saves the valid records of a batch and reports the invalid one with its field', async () => {
		const session = await zohoSession(zoho.origin);
		const { items, parameters } = recordItems([
			{ Last_Name: 'Good One', Email: 'good1@example.test' },
			{ Last_Name: 'Bad', Email: 'not-an-email' },
			{ Last_Name: 'Good Two', Email: 'good2@example.test' },
		]);
		const output = await session.run(parameters(jsonCreate('contact')), items, { continueOnFail: true });
		expect(output[1].json).toMatchObject({ zoho: { code: 'INVALID_DATA', api_name: 'Email' } });
		expect(output[1].pairedItem).toEqual({ item: 1 });
		const stored = await liveRecords('Contacts');
		expect(stored.map((record) => record.Last_Name)).toEqual(expect.arrayContaining(['Good One', 'Good Two']));
		expect(stored.some((record) => record.Last_Name === 'Bad')).toBe(false);
		expect([output[0].json.id, output[2].json.id].every((id) => stored.some((record) => record.id === id))).toBe(true);
	});

	it('keeps an edit made after the read: only that record of the batch is refused, the others are written', async () => {
		const session = await zohoSession(zoho.origin);
		const fresh = recordItems([1, 2, 3].map((n) => ({ Last_Name: `Read ${n}` })));
		const created = await session.run(fresh.parameters(jsonCreate('contact')), fresh.items);
		const ids = created.map((item) => String(item.json.id));
		await new Promise((resolve) => setTimeout(resolve, 1100));
		const readAt = new Date().toISOString();
		await new Promise((resolve) => setTimeout(resolve, 1100));
		await zoho.control.updateRecords('Contacts', [{ id: ids[1], Title: 'Edited meanwhile' }]);
		await zoho.control.resetCounters();
		const { items, parameters } = recordItems(ids.map((id) => ({ id, Title: 'From the sync' })));
		const update = { resource: 'contact', operation: 'update', addressBy: 'id', recordId: '', inputMode: 'json', options: { ifUnmodifiedSince: readAt } };
		const output = await session.run(parameters(update), items, { continueOnFail: true });
		expect(output.map((item) => (item.json.zoho as { code?: string } | undefined)?.code ?? item.json.status)).toEqual(['success', 'ALREADY_MODIFIED', 'success']);
		const stored = new Map((await liveRecords('Contacts')).map((record) => [record.id, record.Title]));
		expect(ids.map((id) => stored.get(id))).toEqual(['From the sync', 'Edited meanwhile', 'From the sync']);
		// One batch call, refused as a whole, then one call per record.
		expect((await zoho.control.counters()).byOperation['records.update']).toBe(4);
	});

	it('finds a value containing commas and parentheses', async () => {
		const session = await zohoSession(zoho.origin);
		await zoho.control.insertRecords('Contacts', [{ Last_Name: 'Smith, (Jr.)', Email: 'smith.jr@example.test' }, { Last_Name: 'Smith' }]);
		const output = await session.run({
			resource: 'contact',
			operation: 'search',
			searchBy: 'conditions',
			conditions: { condition: [{ field: 'Last_Name', operator: 'equals', value: 'Smith, (Jr.)' }] },
			groupOperator: 'and',
			returnAll: true,
		});
		expect(output.map((item) => item.json.Email)).toEqual(['smith.jr@example.test']);
		const byEmail = await session.run({ resource: 'contact', operation: 'search', searchBy: 'email', searchValue: 'smith.jr@example.test', returnAll: true });
		expect(byEmail).toHaveLength(1);
	});

	it('creates the sync fields once, then works with records by their sync id', async () => {
		const session = await zohoSession(zoho.origin);
		const module = { __rl: true, mode: 'name', value: 'Contacts' };
		const created = await session.run({ resource: 'field', operation: 'createSyncFields', module });
		expect(created.map((item) => item.json.status)).toEqual(['created', 'created', 'created']);
		const again = await session.run({ resource: 'field', operation: 'createSyncFields', module });
		expect(again.map((item) => [item.json.api_name, item.json.status])).toEqual([
			['Exchange_Sync_Id', 'exists'],
			['Exchange_Sync_State', 'exists'],
			['Exchange_Item_Key', 'exists'],
		]);

		const upsert = (record: Record<string, unknown>) =>
			session.run({
				resource: 'contact',
				operation: 'upsert',
				duplicateCheckFields: 'Exchange_Sync_Id',
				inputMode: 'json',
				recordJson: record,
				options: { triggerWorkflows: false },
			});
		const [inserted] = await upsert({ Last_Name: 'Linked', Exchange_Sync_Id: 'sync-42' });
		expect(inserted.json.action).toBe('insert');
		const [updated] = await upsert({ Last_Name: 'Linked Again', Exchange_Sync_Id: 'sync-42' });
		expect(updated.json).toMatchObject({ action: 'update', id: inserted.json.id });
		// Get Many with no fields named reads every field, the link fields beyond the first 50 too.
		const listed = await session.run({ resource: 'contact', operation: 'getAll', returnAll: true, options: {} });
		expect(listed.find((item) => item.json.id === inserted.json.id)?.json).toMatchObject({ Exchange_Sync_Id: 'sync-42', Last_Name: 'Linked Again', Created_By: expect.any(Object) });

		const byExternal = { addressBy: 'externalId', externalIdField: 'Exchange_Sync_Id', recordId: 'sync-42' };
		await session.run({ resource: 'contact', operation: 'update', ...byExternal, inputMode: 'json', recordJson: { Title: 'CTO' }, options: {} });
		const [fetched] = await session.run({ resource: 'contact', operation: 'get', ...byExternal, options: {} });
		expect(fetched.json).toMatchObject({ id: inserted.json.id, Last_Name: 'Linked Again', Title: 'CTO' });

		const [deleted] = await session.run({ resource: 'contact', operation: 'delete', ...byExternal, options: {} });
		expect(deleted.json.status).toBe('success');
		const deletedList = await session.run({ resource: 'contact', operation: 'getDeleted', deletedType: 'recycle', returnAll: true, options: {} });
		expect(deletedList.map((item) => item.json.id)).toContain(inserted.json.id);
	});

	it('gets the records linked to Exchange items by their item ids: one COQL query per 50 ids, then the records as Get Many reads them', async () => {
		const session = await zohoSession(zoho.origin);
		await session.run({ resource: 'field', operation: 'createSyncFields', module: { __rl: true, mode: 'name', value: 'Contacts' } });
		const itemId = (n: number) => `AAMkADExchangeItem${n}==`;
		await zoho.control.insertRecords('Contacts', Array.from({ length: 60 }, (_, n) => ({ Last_Name: `Linked ${n}`, Exchange_Item_Key: exchangeItemKey(itemId(n)) })));
		const wanted = [3, 59, 7, 70].map(itemId);
		const byItemId = (ids: string[]) => (itemIndex: number) => ({ resource: 'contact', operation: 'getByExchangeItemId', exchangeItemId: ids[itemIndex], options: {} });
		const items = [...wanted, ''].map((id) => ({ json: { id } }));
		await zoho.control.resetCounters();
		const output = await session.run(byItemId([...wanted, '']), items, { continueOnFail: true });
		// Three linked records, each paired to the item that named it; none for an unknown id; an empty id is that item's error.
		expect(output.map((item) => [item.pairedItem, item.json.Last_Name ?? item.json.error])).toEqual([
			[{ item: 0 }, 'Linked 3'],
			[{ item: 1 }, 'Linked 59'],
			[{ item: 2 }, 'Linked 7'],
			[{ item: 4 }, 'Exchange Item ID is empty'],
		]);
		// The same shape as Get Many: lookups with their names, not COQL's bare ids.
		expect(output[0].json.Owner).toMatchObject({ id: expect.any(String), name: expect.any(String) });
		// Contacts has more than 50 fields: the link fields come in the second read by ids.
		expect(output[0].json.Exchange_Item_Key).toBe(exchangeItemKey(itemId(3)));
		expect((await zoho.control.counters()).byOperation).toMatchObject({ coql: 1, 'records.list': 2 });

		await zoho.control.resetCounters();
		const all = Array.from({ length: 60 }, (_, n) => itemId(n));
		const many = await session.run(byItemId(all), all.map((id) => ({ json: { id } })));
		expect(many).toHaveLength(60);
		expect((await zoho.control.counters()).byOperation).toMatchObject({ coql: 2, 'records.list': 2 });
	});

	it('updates and gets by Zoho id, and pages a COQL query', async () => {
		const session = await zohoSession(zoho.origin);
		const [task] = await session.run({ resource: 'task', operation: 'create', inputMode: 'json', recordJson: { Subject: 'Call back' }, options: {} });
		await session.run({ resource: 'task', operation: 'update', addressBy: 'id', recordId: task.json.id, inputMode: 'json', recordJson: { Subject: 'Call back today' }, options: {} });
		const [fetched] = await session.run({ resource: 'task', operation: 'get', addressBy: 'id', recordId: task.json.id, options: {} });
		expect(fetched.json.Subject).toBe('Call back today');

		await zoho.control.insertRecords('Accounts', Array.from({ length: 2100 }, (_, n) => ({ Account_Name: `Acme ${n}` })));
		await zoho.control.resetCounters();
		const rows = await session.run({ resource: 'record', operation: 'query', query: "select Account_Name from Accounts where Account_Name like 'Acme%'", returnAll: true });
		expect(rows).toHaveLength(2100);
		expect((await zoho.control.counters()).byOperation.coql).toBe(2);
	});

	it('creates a meeting with participants and a reminder through the resource mapper fields', async () => {
		const session = await zohoSession(zoho.origin);
		const [meeting] = await session.run({
			resource: 'event',
			operation: 'create',
			inputMode: 'fields',
			fields: {
				mappingMode: 'defineBelow',
				value: { Event_Title: 'Kickoff', Start_DateTime: '2030-05-20T09:00:00+02:00', End_DateTime: '2030-05-20T10:00:00+02:00' },
				schema: [],
			},
			participants: { participant: [{ type: 'email', value: 'guest@example.test' }] },
			reminderMinutes: 15,
			options: {},
		});
		const [fetched] = await session.run({ resource: 'event', operation: 'get', addressBy: 'id', recordId: meeting.json.id, options: {} });
		expect(fetched.json.Event_Title).toBe('Kickoff');
		expect(JSON.stringify(fetched.json.Participants)).toContain('guest@example.test');
	});
});
