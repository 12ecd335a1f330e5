/**
 * Event → Match Participants: e-mail participants of meeting records become the CRM users,
 * contacts and leads with those addresses, looked up for all items together and never by
 * reading a whole module.
 */
import type { IDataObject, IHttpRequestOptions, INodeExecutionData } from 'n8n-workflow';

import { ZohoCrm } from '../../../nodes/ZohoCrm/ZohoCrm.node';
import { nodeContext } from '../../support/nodeContext';
import type { FakeZoho } from '../../support/zohoFake';
import { bodyOf, fakeZohoCredentials, fakeZohoHelpers, pathOf } from '../../support/zohoFake';

const USERS = [
	{ id: '4001', email: 'Bob@Example.test', full_name: 'Bob Brown' },
	{ id: '4002', email: 'carol@example.test', full_name: 'Carol Chen' },
];
const CONTACTS = [
	{ id: '5001', Email: 'marco@vela.test' },
	// Bob is also a contact: the user comes first.
	{ id: '5009', Email: 'bob@example.test' },
];
const LEADS = [{ id: '6001', Email: 'lena@lead.test' }];

/** The COQL query's `in (…)` values. */
const inValues = (request: IHttpRequestOptions) =>
	[...String(bodyOf(request).select_query).matchAll(/'([^']*)'/g)].map((match) => match[1].toLowerCase());

const crm: FakeZoho = (request) => {
	if (pathOf(request) === '/users') return { body: { users: USERS, info: { more_records: false } } };
	const query = String(bodyOf(request).select_query);
	const rows = (query.includes(' from Contacts ') ? CONTACTS : LEADS).filter((row) => inValues(request).includes(row.Email));
	return rows.length ? { body: { data: rows, info: { count: rows.length, more_records: false } } } : { status: 204 };
};

const email = (Email: string) => ({ type: 'email', Email });
const write = (Participants: unknown[], extra: IDataObject = {}) => ({ json: { action: 'create', module: 'Events', record: { Event_Title: 'Renewal', Participants }, ...extra } });

function run(items: INodeExecutionData[], parameters: IDataObject = {}, answer: FakeZoho = crm, continueOnFail = false) {
	const fake = fakeZohoHelpers(answer);
	const ctx = nodeContext({
		parameters: { resource: 'event', operation: 'matchParticipants', recordField: 'record', knownPeople: '[]', lookUp: ['users', 'contacts', 'leads'], ...parameters },
		items,
		credentials: fakeZohoCredentials,
		helpers: fake.helpers,
		continueOnFail,
	});
	return { fake, result: new ZohoCrm().execute.call(ctx) };
}

describe('Zoho CRM node: Event → Match Participants', () => {
	it('makes users, then contacts, then leads of e-mail participants, for all items in one lookup each', async () => {
		const items = [
			write([email('Marco@Vela.test'), email('bob@example.test'), email('guest@outside.test')]),
			write([{ type: 'contact', participant: '5002' }, email('lena@lead.test'), email('carol@example.test')], { syncId: 's2' }),
		];
		const { fake, result } = run(items);
		const [output] = await result;
		expect(output.map((item) => (item.json.record as IDataObject).Participants)).toEqual([
			[{ type: 'contact', participant: '5001' }, { type: 'user', participant: '4001' }, email('guest@outside.test')],
			[{ type: 'contact', participant: '5002' }, { type: 'lead', participant: '6001' }, { type: 'user', participant: '4002' }],
		]);
		expect(output[1].json).toMatchObject({ action: 'create', module: 'Events', syncId: 's2', record: { Event_Title: 'Renewal' } });
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		// Users once; Contacts for what is not a user; Leads for what is neither.
		expect(fake.requests.map(pathOf)).toEqual(['/users', '/coql', '/coql']);
		expect(inValues(fake.requests[1]).sort()).toEqual(['guest@outside.test', 'lena@lead.test', 'marco@vela.test']);
		expect(bodyOf(fake.requests[1]).select_query).toMatch(/^select id, Email from Contacts where Email in \(.*\) limit 0, 2000$/);
		expect(inValues(fake.requests[2]).sort()).toEqual(['guest@outside.test', 'lena@lead.test']);
	});

	it('asks at most 50 addresses per query, and none for known people or modules not chosen', async () => {
		const guests = Array.from({ length: 120 }, (_, index) => email(`guest${index}@outside.test`));
		const known = [{ email: 'bob@example.test', type: 'user', id: '4001' }];
		const { fake, result } = run([write([...guests, email('bob@example.test')])], { knownPeople: JSON.stringify(known), lookUp: ['contacts'] });
		const [output] = await result;
		expect(fake.requests.map(pathOf)).toEqual(['/coql', '/coql', '/coql']);
		expect(fake.requests.map((request) => inValues(request).length)).toEqual([50, 50, 20]);
		expect(fake.requests.flatMap(inValues)).not.toContain('bob@example.test');
		expect((output[0].json.record as IDataObject[] & IDataObject).Participants).toContainEqual({ type: 'user', participant: '4001' });
	});

	it('passes items without e-mail participants through without a call', async () => {
		const items = [write([{ type: 'user', participant: '4001' }]), { json: { action: 'delete', module: 'Events', id: '7' } }, { json: { record: { Venue: 'Room 2' } } }];
		const { fake, result } = run(items);
		const [output] = await result;
		expect(fake.requests).toEqual([]);
		expect(output.map((item) => item.json)).toEqual(items.map((item) => item.json));
	});

	it('quotes addresses for COQL', async () => {
		const { fake, result } = run([write([email("o'neil@outside.test")])], { lookUp: ['contacts'] });
		await result;
		expect(bodyOf(fake.requests[0]).select_query).toContain("in ('o\\'neil@outside.test')");
	});

	it('when a lookup fails, fails only the items that needed it', async () => {
		const items = [write([email('marco@vela.test')]), write([{ type: 'user', participant: '4001' }])];
		const { result } = run(items, {}, () => ({ status: 403, body: { code: 'NO_PERMISSION', message: 'permission denied', status: 'error', details: {} } }), true);
		const [output] = await result;
		expect(output[0]).toMatchObject({ json: { error: expect.stringContaining('The participants could not be looked up') }, pairedItem: { item: 0 } });
		expect(output[1].json).toEqual(items[1].json);
	});

	it('refuses known people that are not {email, type, id}', async () => {
		const { result } = run([write([email('a@b.test')])], { knownPeople: '[{"email": "a@b.test", "type": "account", "id": "1"}]' });
		await expect(result).rejects.toThrow('Known People entry 1 is not {email, type: user|contact|lead, id}');
	});
});
