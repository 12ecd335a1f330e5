import { useZohoEmulator } from './apiClient';

const context = useZohoEmulator();
const call: typeof context.call = (...args) => context.call(...args);
const control = () => context.emulator.control;

/** Zoho's escaping for criteria values: backslash before ( ) , and \ . */
const escapeCriteria = (value: string) => value.replace(/[\\(),]/g, (char) => `\\${char}`);
const search = (module: string, params: Record<string, string>) => call('GET', `/crm/v8/${module}/search?${new URLSearchParams(params)}`);
const coql = (select_query: string) => call('POST', '/crm/v8/coql', { body: { select_query } });

describe('Zoho emulator: search', () => {
	it('finds by criteria with and/or and parentheses', async () => {
		const { status, body } = await search('Contacts', {
			criteria: '((Mailing_Country:equals:India)or(Mailing_Country:equals:Japan))and(Last_Name:starts_with:田)',
		});
		expect(status).toBe(200);
		expect(body.data.map((record: { Email: string }) => record.Email)).toEqual(['yuki.tanaka@kumo.test']);
		const either = await search('Contacts', { criteria: '(Mailing_Country:equals:Sweden)or(Mailing_Country:equals:France)' });
		expect(either.body.data.map((record: { Last_Name: string }) => record.Last_Name).sort()).toEqual(['Dubois', 'Svensson']);
		expect(either.body.info).toMatchObject({ count: 2, more_records: false, page: 1 });
	});

	it('unescapes parentheses, commas and backslashes in values', async () => {
		const company = 'Smith, Jones (UK) \\ Partners';
		await control().insertRecords('Accounts', [{ Account_Name: company }, { Account_Name: 'Smith' }]);
		const found = await search('Accounts', { criteria: `(Account_Name:equals:${escapeCriteria(company)})` });
		expect(found.body.data.map((record: { Account_Name: string }) => record.Account_Name)).toEqual([company]);
		const list = await search('Accounts', { criteria: `(Account_Name:in:${escapeCriteria('Smith')},${escapeCriteria(company)})` });
		expect(list.body.data).toHaveLength(2);
		expect((await search('Accounts', { criteria: '(Account_Name:equals:Smith, Jones)' })).status).toBe(204);
		expect(await search('Accounts', { criteria: '(Account_Name:equals:x' })).toMatchObject({ status: 400, body: { code: 'INVALID_QUERY' } });
	});

	it('searches by email, phone and word', async () => {
		expect((await search('Contacts', { email: 'GRACE.okafor@baobab.test' })).body.data[0].Last_Name).toBe('Okafor');
		expect((await search('Contacts', { phone: '+46 8 555 0106' })).body.data[0].Last_Name).toBe('Svensson');
		expect((await search('Contacts', { word: 'fjord' })).body.data[0].Last_Name).toBe('Svensson');
		expect((await search('Contacts', { word: 'x' })).status).toBe(400);
		expect((await search('Contacts', { email: 'nobody@example.test' })).status).toBe(204);
	});

	it('lags behind writes by the configured index lag', async () => {
		await control().setLimits({ searchIndexLagMs: 60_000 });
		const created = await call('POST', '/crm/v8/Contacts', { body: { data: [{ Last_Name: 'Lagging', Email: 'lag@example.test' }] } });
		expect(created.status).toBe(201);
		expect((await search('Contacts', { email: 'lag@example.test' })).status).toBe(204);
		const coqlNow = await coql("select Last_Name from Contacts where Email = 'lag@example.test'");
		expect(coqlNow.body.data).toHaveLength(1);
		await control().advanceClock(60_000);
		expect((await search('Contacts', { email: 'lag@example.test' })).body.data).toHaveLength(1);
	});
});

describe('Zoho emulator: COQL', () => {
	it('selects, filters, orders and limits', async () => {
		const { status, body } = await coql(
			"select Last_Name, Email, Owner, Account_Name from Contacts where (Mailing_Country in ('India', 'Sweden', 'France') or Email like '%@kumo.test') and Last_Name != 'Nobody' order by Last_Name asc limit 0, 2",
		);
		expect(status).toBe(200);
		expect(body.data.map((row: { Last_Name: string }) => row.Last_Name)).toEqual(['Dubois', 'Svensson']);
		expect(body.info).toEqual({ count: 2, more_records: true });
		expect(Object.keys(body.data[0]).sort()).toEqual(['Account_Name', 'Email', 'Last_Name', 'Owner', 'id']);
		expect(Object.keys(body.data[0].Account_Name)).toEqual(['id']);
		expect(Object.keys(body.data[0].Owner)).toEqual(['id']);
	});

	it('compares datetimes as instants and supports is null, between, offset and lookup paths', async () => {
		await control().advanceClock(10_000);
		const later = new Date(Date.now() + 5_000).toISOString().replace(/\.\d{3}Z$/, '+00:00');
		const [id] = (await control().insertRecords('Contacts', [{ Last_Name: 'Newest' }])).ids;
		const modified = await coql(`select Last_Name from Contacts where Modified_Time > '${later}'`);
		expect(modified.body.data).toEqual([{ Last_Name: 'Newest', id }]);
		const noEmail = await coql('select Last_Name from Contacts where Email is null');
		expect(noEmail.body.data.map((row: { id: string }) => row.id)).toEqual([id]);
		const paged = await coql('select Last_Name from Contacts where Email is not null order by Email limit 2 offset 9');
		expect(paged.body).toMatchObject({ info: { count: 2, more_records: false } });
		const joined = await coql("select Last_Name, Account_Name.Account_Name from Contacts where Account_Name.Account_Name = 'Vela SpA'");
		expect(joined.body.data).toEqual([expect.objectContaining({ Last_Name: 'Bianchi', 'Account_Name.Account_Name': 'Vela SpA' })]);
		const deals = await coql('select Deal_Name from Deals where Amount between 50000 and 200000');
		expect(deals.body.data.map((row: { Deal_Name: string }) => row.Deal_Name)).toEqual(['Baobab pilot expansion']);
	});

	it("answers Zoho's errors for bad queries and limits, and 204 when nothing matches", async () => {
		expect(await coql('select from Contacts')).toMatchObject({ status: 400, body: { code: 'SYNTAX_ERROR' } });
		expect(await coql('select Nope from Contacts')).toMatchObject({ status: 400, body: { code: 'INVALID_QUERY', details: { column_name: 'Nope' } } });
		expect(await coql('select Last_Name from Nowhere')).toMatchObject({ status: 400, body: { code: 'INVALID_QUERY' } });
		expect(await coql('select Last_Name from Contacts limit 2001')).toMatchObject({ status: 400, body: { code: 'LIMIT_EXCEEDED' } });
		const addresses = (count: number) => Array.from({ length: count }, (_, index) => `'n${index}@example.test'`).join(', ');
		expect((await coql(`select Email from Contacts where Email in (${addresses(50)})`)).status).toBe(204);
		expect(await coql(`select Email from Contacts where Email in (${addresses(51)})`)).toMatchObject({ status: 400, body: { code: 'LIMIT_EXCEEDED', details: { limit: 50 } } });
		expect((await coql("select Last_Name from Contacts where Email = 'nobody@example.test'")).status).toBe(204);
	});

	it('costs credits by LIMIT', async () => {
		await control().resetCounters();
		await coql('select Last_Name from Contacts limit 200');
		await coql('select Last_Name from Contacts limit 1000');
		await coql('select Last_Name from Contacts limit 0, 2000');
		const counters = await control().counters();
		expect(counters.byOperation.coql).toBe(3);
		expect(counters.creditsUsed).toBe(1 + 2 + 3);
	});
});
