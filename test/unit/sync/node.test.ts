/**
 * The Sync node's n8n shell: settings in, four outputs out, pairedItem on every item, malformed
 * input reported without blocking the rest.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { ExchangeCrmSync } from '../../../nodes/ExchangeCrmSync/ExchangeCrmSync.node';
import { exchangeItemKey, ZOHO_EXCHANGE_ITEM_KEY_FIELD, ZOHO_SYNC_ID_FIELD } from '../../../nodes/ZohoCrm/helpers/syncFields';
import { nodeContext } from '../../support/nodeContext';

const items = (list: IDataObject[]): INodeExecutionData[] => list.map((json) => ({ json }));

const run = (parameters: Record<string, unknown>, exchange: IDataObject[], crm: IDataObject[], continueOnFail = false) =>
	new ExchangeCrmSync().execute.call(
		nodeContext({ parameters: { mailbox: 'alice@example.test', ...parameters }, inputs: [items(exchange), items(crm)], continueOnFail }),
	);

describe('Exchange ⇄ CRM Sync node', () => {
	it('describes two inputs and four named outputs', () => {
		const { description } = new ExchangeCrmSync();
		expect(description.name).toBe('exchangeCrmSync');
		expect(description.inputNames).toEqual(['Exchange', 'CRM']);
		expect(description.outputNames).toEqual(['To Exchange', 'To CRM', 'Conflicts', 'Report']);
	});

	it('emits writes with pairedItem pointing at their inputs and a report pointing at all inputs', async () => {
		const [toExchange, toCrm, conflicts, report] = await run(
			{ object: 'contacts', syncType: 'twoWay', conflictBehaviour: 'crmWins', fieldMapping: { pairs: [{ exchangeField: 'department', crmField: 'Division', valueType: 'text' }] } },
			[{ id: 'AAMk1', changeKey: 'c1', mailbox: 'alice@example.test', surname: 'Ribeiro', email1: 'ana@x.test', department: 'R&D' }],
			[{ id: '5001', Last_Name: 'Okafor', Email: 'grace@x.test' }],
		);
		// Each side gets one create; the partners' link writes ride on the creates (Link Created Records).
		expect(toCrm.map((item) => item.json.action)).toEqual(['create']);
		expect(toCrm[0].json).toMatchObject({ action: 'create', module: 'Contacts', record: { Last_Name: 'Ribeiro', Division: 'R&D' } });
		expect(toCrm[0].json.record).not.toHaveProperty('Department');
		expect(toCrm[0].json.partnerLink).toMatchObject({ action: 'update', id: 'AAMk1' });
		expect(toCrm[0].pairedItem).toEqual([{ item: 0, input: 0 }]);
		expect(toExchange.map((item) => item.json.action)).toEqual(['create']);
		expect(toExchange[0].json.partnerLink).toMatchObject({ action: 'update', id: '5001' });
		expect(toExchange[0].pairedItem).toEqual([{ item: 0, input: 1 }]);
		expect(conflicts).toEqual([]);
		expect(report).toHaveLength(1);
		expect(report[0].pairedItem).toEqual([
			{ item: 0, input: 0 },
			{ item: 0, input: 1 },
		]);
		expect(report[0].json).toMatchObject({ object: 'contacts', counts: { crm: { created: 1 }, exchange: { created: 1, updated: 0 } } });
		expect(typeof report[0].json.durationMs).toBe('number');
	});

	it('reports a malformed item with its input and index, and syncs the rest', async () => {
		const [, toCrm, , report] = await run(
			{ object: 'contacts' },
			[{ surname: 'No id' }, { id: 'AAMk2', changeKey: 'c', mailbox: 'alice@example.test', surname: 'Fine', email1: 'f@x.test' }],
			[],
		);
		expect(toCrm.map((item) => item.json.action)).toEqual(['create']);
		expect(report[0].json.errors).toEqual([
			{ side: 'exchange', itemIndex: 0, reason: 'The item has no id', message: 'Exchange item 0: The item has no id' },
		]);
	});

	it('takes the CRM module\'s fields as Field → Get Many gives them, and says what to fix when they are not', async () => {
		const fields = [{ json: { api_name: 'Title', length: 5 } }, { api_name: 'Last_Name', length: 80 }, { api_name: 'Email', length: 100 }];
		const [, toCrm, , report] = await run(
			{ object: 'contacts', options: { crmFields: fields } },
			[{ id: 'AAMk1', changeKey: 'c', mailbox: 'alice@example.test', surname: 'Long', email1: 'l@x.test', jobTitle: 'Director' }],
			[],
		);
		expect(toCrm).toEqual([]);
		expect((report[0].json.pairs as IDataObject[])[0].reason).toContain('jobTitle has 8 characters, its CRM field holds 5');
		await expect(run({ object: 'contacts', options: { crmFields: '{ nope' } }, [], [])).rejects.toThrow("CRM Fields is not JSON: map the output of the Zoho CRM node's Field → Get Many");
		await expect(run({ object: 'contacts', options: { crmFields: [{ label: 'x' }] } }, [], [])).rejects.toThrow('CRM Fields entry 1 has no api_name');
	});

	it('routes a both-sides change to the Conflicts output when asked to', async () => {
		const world = await run({ object: 'contacts' }, [{ id: 'AAMk1', changeKey: 'c', mailbox: 'alice@example.test', surname: 'A', email1: 'a@x.test' }], []);
		const link = (world[1][0].json.partnerLink as IDataObject).fields as IDataObject;
		const [toExchange, toCrm, conflicts] = await run(
			{ object: 'contacts', conflictBehaviour: 'sendToConflicts' },
			[{ id: 'AAMk1', changeKey: 'c2', mailbox: 'alice@example.test', surname: 'A', email1: 'a@x.test', jobTitle: 'X', ...link }],
			[{ id: '5009', Last_Name: 'A', Email: 'a@x.test', Title: 'Y', [ZOHO_SYNC_ID_FIELD]: link.syncId, Exchange_Sync_State: link.syncState }],
		);
		expect(toExchange).toEqual([]);
		expect(toCrm).toEqual([]);
		expect(conflicts[0].json).toMatchObject({ fields: [{ field: 'jobTitle', exchangeValue: 'X', crmValue: 'Y' }] });
		expect(conflicts[0].pairedItem).toEqual([
			{ item: 0, input: 0 },
			{ item: 0, input: 1 },
		]);
	});

	it('links created records: the new record gets its own id, its partner the link naming both', async () => {
		const [toExchange, toCrm] = await run(
			{ object: 'contacts' },
			[{ id: 'AAMk1', changeKey: 'c1', mailbox: 'alice@example.test', surname: 'Ribeiro', email1: 'ana@x.test' }],
			[{ id: '5001', Last_Name: 'Okafor', Email: 'grace@x.test' }],
		);
		/** The node as the workflow wires it: one create node's output in, each item's planned write by expression. */
		const link = (createdIn: string, planned: unknown[], created: IDataObject[]) =>
			new ExchangeCrmSync().execute.call(
				nodeContext({
					parameters: (itemIndex: number) => ({ operation: 'linkCreated', createdIn, plannedWrite: planned[itemIndex] }),
					inputs: [items(created)],
				}),
			);
		const state = (text: unknown) => JSON.parse(String(text)) as Record<string, unknown>;

		const [newItem, itsPartner, , exchangeReport] = await link('exchange', [toExchange[0].json], [{ id: 'AAMk9', changeKey: 'ck9' }]);
		expect(newItem.map((item) => item.json)).toEqual([
			expect.objectContaining({ action: 'update', id: 'AAMk9', changeKey: 'ck9', fields: { syncId: toExchange[0].json.syncId, syncState: expect.any(String), crmRecordId: '5001' } }),
		]);
		expect(state((newItem[0].json.fields as IDataObject).syncState)).toMatchObject({ ex: 'AAMk9', crm: '5001' });
		expect(itsPartner.map((item) => [item.json.id, state((item.json.record as IDataObject).Exchange_Sync_State)])).toEqual([
			['5001', expect.objectContaining({ ex: 'AAMk9', crm: '5001' })],
		]);
		// Each side also names its partner in a field it can search, for a later deletion of the partner.
		expect((itsPartner[0].json.record as IDataObject)[ZOHO_EXCHANGE_ITEM_KEY_FIELD]).toBe(exchangeItemKey('AAMk9'));
		expect(itsPartner[0].pairedItem).toEqual([{ item: 0 }]);
		expect(exchangeReport[0].json).toMatchObject({ operation: 'linkCreated', createdIn: 'exchange', linked: 1, errors: [] });

		// A failed create has nothing to link; a wrong planned write is that item's error; the rest are linked.
		const [partnerLinks, newRecords, , crmReport] = await link(
			'crm',
			[toCrm[0].json, toCrm[0].json, JSON.stringify({ action: 'update' })],
			[{ id: '5009', status: 'success' }, { error: { message: 'DUPLICATE_DATA: the sync id is taken' } }, { id: '5010' }],
		);
		expect(newRecords.map((item) => [item.json.id, state((item.json.record as IDataObject).Exchange_Sync_State)])).toEqual([
			['5009', expect.objectContaining({ ex: 'AAMk1', crm: '5009' })],
		]);
		expect(partnerLinks.map((item) => [item.json.id, state((item.json.fields as IDataObject).syncState)])).toEqual([
			['AAMk1', expect.objectContaining({ ex: 'AAMk1', crm: '5009' })],
		]);
		expect(partnerLinks[0].json.fields).toMatchObject({ crmRecordId: '5009' });
		expect(newRecords[0].json.record).toMatchObject({ [ZOHO_EXCHANGE_ITEM_KEY_FIELD]: exchangeItemKey('AAMk1') });
		expect(crmReport[0].json).toMatchObject({
			linked: 1,
			notCreated: [{ side: 'crm', itemIndex: 1, reason: 'DUPLICATE_DATA: the sync id is taken' }],
			errors: [{ side: 'crm', itemIndex: 2, message: expect.stringContaining('CRM item 2: `planned` is not a create write') }],
		});
	});

	it('attaches mail to the matching CRM records', async () => {
		const [toExchange, toCrm] = await run(
			{ object: 'mail', crmModule: 'Contacts' },
			[{ id: 'm1', internetMessageId: '<1@x>', subject: 'Hi', from: { email: 'ana@x.test' }, to: [{ email: 'alice@example.test' }] }],
			[{ id: '5001', Email: 'ANA@x.test' }],
		);
		expect(toExchange).toEqual([]);
		expect(toCrm[0].json).toMatchObject({ module: 'Contacts', id: '5001', record: { email: { originalMessageId: '<1@x>', sent: false } } });
	});

	it('syncs tasks and events with their Zoho modules', async () => {
		const [, tasks] = await run({ object: 'tasks', crmModule: 'Leads' }, [{ id: 'T1', changeKey: 'c', mailbox: 'a', subject: 'Call', status: 'Completed' }], []);
		expect(tasks[0].json).toMatchObject({ module: 'Tasks', record: { Subject: 'Call', Status: 'Completed' } });
		const [, meetings] = await run(
			{ object: 'events', options: { crmTimeZone: 'Asia/Kolkata' } },
			[{ id: 'E1', changeKey: 'c', mailbox: 'a', subject: 'Review', start: '2026-05-20T09:00:00+02:00', end: '2026-05-20T10:00:00+02:00', timeZone: 'Europe/Berlin', isAllDay: false }],
			[],
		);
		expect(meetings[0].json).toMatchObject({ module: 'Events', record: { Event_Title: 'Review', Start_DateTime: '2026-05-20T12:30:00+05:30' } });
	});

	it.each([
		[{ mailbox: '' }, 'Mailbox is required'],
		[{ options: { crmTimeZone: 'Mars/Olympus' } }, 'CRM Time Zone "Mars/Olympus" is not an IANA time zone'],
		[{ fieldMapping: { pairs: [{ exchangeField: 'department', crmField: '' }] } }, 'Field pair 1 needs'],
	])('refuses bad settings (%j)', async (parameters, message) => {
		await expect(run({ object: 'contacts', ...parameters }, [], [])).rejects.toThrow(message);
	});
});
