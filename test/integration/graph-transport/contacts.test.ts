import { ALICE, graphCredentials, runGraphJson, runGraphNode, useGraphServer } from './support';
import { graphAuthHelpers } from '../../support/graphAuth';
import type { GraphAuthStats } from '../../support/graphAuth';
import { nodeContext } from '../../support/nodeContext';
import { contactType } from '../../../nodes/MicrosoftExchange/helpers/itemTypes/contact';
import { GraphTransport } from '../../../nodes/MicrosoftExchange/transport/graph/transport';

jest.setTimeout(120_000);

const server = useGraphServer();
const credentials = () => graphCredentials(server());
const base = { resource: 'contact', mailbox: ALICE };
const AWKWARD = `Tom & Jerry <b>"quoted"</b> 'single' 🚀 田中 Müller`;

beforeEach(async () => {
	await server().control.reset();
	await server().control.seed('empty');
});

async function getChanges(cursor: string) {
	const output = await runGraphJson({ credentials: credentials(), parameters: { ...base, operation: 'getChanges', cursor } });
	return { changes: output.slice(0, -1), summary: output[output.length - 1] };
}

describe('contacts over Microsoft 365 (Graph)', () => {
	it('creates, reads, finds, updates and deletes a contact with the same JSON as EWS, text intact', async () => {
		const syncId = 'graph-sync-1';
		const [created] = await runGraphJson({
			credentials: credentials(),
			parameters: {
				...base,
				operation: 'create',
				inputMode: 'json',
				itemJson: {
					givenName: AWKWARD,
					surname: 'Иванова',
					companyName: 'Vela SpA',
					email1: 'ivanova@example.test',
					email2: 'second@example.test',
					businessPhone: '+39 02 555 0107',
					mobilePhone: '+39 333 000 0000',
					pager: '555-PAGE',
					notes: AWKWARD,
					birthday: '1990-05-17',
					categories: ['VIP & <friends>'],
					businessAddress: { city: 'Zürich', countryOrRegion: 'Schweiz' },
					syncId,
					syncState: '{"fp":"a&b"}',
					crmRecordId: '3652397000000001',
				},
			},
		});
		expect(created).toMatchObject({
			mailbox: ALICE,
			givenName: AWKWARD,
			surname: 'Иванова',
			email1: 'ivanova@example.test',
			email2: 'second@example.test',
			email3: null,
			businessPhone: '+39 02 555 0107',
			mobilePhone: '+39 333 000 0000',
			pager: '555-PAGE',
			notes: AWKWARD,
			birthday: '1990-05-17',
			categories: ['VIP & <friends>'],
			businessAddress: { city: 'Zürich', countryOrRegion: 'Schweiz', street: null, state: null, postalCode: null },
			homeAddress: null,
			syncId,
			syncState: '{"fp":"a&b"}',
			crmRecordId: '3652397000000001',
		});
		expect(typeof created.id).toBe('string');
		expect(typeof created.changeKey).toBe('string');

		// The same contact through the store (what EWS sees): the link is the EWS transport's property.
		const stored = await server().control.items(ALICE, 'contacts');
		expect(stored.find((item) => item.syncId === syncId)).toMatchObject({ givenName: AWKWARD });

		const [bySyncId] = await runGraphJson({ credentials: credentials(), parameters: { ...base, operation: 'get', findBy: 'syncId', syncId } });
		expect(bySyncId).toEqual(created);

		const found = await runGraphJson({ credentials: credentials(), parameters: { ...base, operation: 'getAll', returnAll: true, filters: { search: 'Tom & Jerry' } } });
		expect(found.map((item) => item.id)).toEqual([created.id]);

		const [updated] = await runGraphJson({
			credentials: credentials(),
			parameters: {
				...base,
				operation: 'update',
				findBy: 'syncId',
				syncId,
				changeKey: created.changeKey,
				inputMode: 'json',
				itemJson: { jobTitle: 'Chef & "Boss"', email1: null, businessAddress: { city: 'Genève' } },
			},
		});
		expect(updated).toMatchObject({
			id: created.id,
			jobTitle: 'Chef & "Boss"',
			email1: 'second@example.test',
			email2: null,
			businessAddress: { city: 'Genève', countryOrRegion: 'Schweiz' },
			syncId,
		});
		expect(updated.changeKey).not.toBe(created.changeKey);

		// A stale change key is refused for its item.
		const [stale] = await runGraphNode({
			credentials: credentials(),
			continueOnFail: true,
			parameters: { ...base, operation: 'update', findBy: 'id', itemId: { __rl: true, mode: 'id', value: created.id }, changeKey: created.changeKey, inputMode: 'json', itemJson: { jobTitle: 'Lost' } },
		});
		expect(String(stale.json.error)).toMatch(/changed by someone else since it was read/);

		const [deleted] = await runGraphJson({ credentials: credentials(), parameters: { ...base, operation: 'delete', findBy: 'syncId', syncId } });
		expect(deleted).toMatchObject({ id: created.id, mailbox: ALICE, deleted: true, deleteMode: 'moveToDeletedItems' });
		expect((await server().control.items(ALICE, 'deleteditems')).map((item) => item.syncId)).toContain(syncId);
	});

	it('lists changes through delta: all as created, then updates and deletes, and a clean resync after 410', async () => {
		const ids = (
			await server().control.insertItems(
				ALICE,
				'contact',
				Array.from({ length: 25 }, (_, index) => ({ givenName: `Delta ${index}`, email1: `delta${index}@example.test` })),
			)
		).map((item) => item.id);
		const first = await getChanges('');
		expect(first.changes).toHaveLength(25);
		expect(first.changes.every((change) => change.changeType === 'created' && typeof change.givenName === 'string')).toBe(true);
		expect(first.summary).toMatchObject({ created: 25, moreChangesAvailable: false, cursorReset: false });

		const quiet = await getChanges(first.summary.cursor as string);
		expect(quiet.changes).toEqual([]);

		// Graph's times are whole seconds: a contact created and changed within the second of the
		// cursor counts as created (never missed), so change it a second later to see `updated`.
		await new Promise((resolve) => setTimeout(resolve, 1_100));
		await server().control.updateItem(ids[0], { jobTitle: 'Edited' });
		await server().control.deleteItems([ids[1]], true);
		const later = await getChanges(quiet.summary.cursor as string);
		expect(later.changes.map((change) => [change.changeType, change.jobTitle ?? null])).toEqual(
			expect.arrayContaining([
				['updated', 'Edited'],
				['deleted', null],
			]),
		);
		expect(later.changes).toHaveLength(2);

		// The server forgets the cursor: the node starts over, each contact once, nothing deleted.
		await server().control.expireDeltaTokens(ALICE);
		const resync = await getChanges(later.summary.cursor as string);
		expect(resync.summary).toMatchObject({ cursorReset: true, deleted: 0 });
		const resyncIds = resync.changes.map((change) => change.id);
		expect(new Set(resyncIds).size).toBe(24);
		expect(resyncIds).not.toContain(ids[1]);
	});

	it('creates 45 contacts in three $batch calls, answering from the creates, and finds them by sync id in few queries', async () => {
		await server().control.resetCounters();
		const output = await runGraphNode({
			credentials: credentials(),
			items: Array.from({ length: 45 }, () => ({ json: {} })),
			parameters: (itemIndex) => ({ ...base, operation: 'create', inputMode: 'json', itemJson: { givenName: `Batch ${itemIndex}`, syncId: `batch-${itemIndex}` } }),
		});
		expect(output.map((item) => [item.pairedItem, item.json.givenName, item.json.syncId])).toEqual(
			Array.from({ length: 45 }, (_, index) => [{ item: index }, `Batch ${index}`, `batch-${index}`]),
		);
		const counters = (await server().control.counters()).byOperation;
		// Three batches of creates (20 + 20 + 5), no reads back: the answers and the properties written are the contacts.
		expect(counters).toMatchObject({ $batch: 3, 'contacts.create': 45 });
		expect(counters['contacts.get']).toBeUndefined();
		const readBack = await runGraphJson({
			credentials: credentials(),
			items: output.map(() => ({ json: {} })),
			parameters: (itemIndex) => ({ ...base, operation: 'get', findBy: 'id', itemId: { __rl: true, value: output[itemIndex].json.id, mode: 'id' } }),
		});
		expect(output.map((item) => item.json)).toEqual(readBack);

		await server().control.resetCounters();
		const got = await runGraphJson({
			credentials: credentials(),
			items: Array.from({ length: 30 }, () => ({ json: {} })),
			parameters: (itemIndex) => ({ ...base, operation: 'get', findBy: 'syncId', syncId: `batch-${itemIndex}` }),
		});
		expect(got.map((item) => item.syncId)).toEqual(Array.from({ length: 30 }, (_, index) => `batch-${index}`));
		expect((await server().control.counters()).byOperation).toMatchObject({ 'contacts.list': 2, $batch: 2, 'contacts.get': 30 });
	});

	it('finds the contacts linked to CRM records with one filtered query, each paired to its id', async () => {
		const crmId = (n: number) => `36523970000${String(n).padStart(8, '0')}`;
		await runGraphNode({
			credentials: credentials(),
			items: [0, 1, 2].map(() => ({ json: {} })),
			parameters: (itemIndex) => ({ ...base, operation: 'create', inputMode: 'json', itemJson: { givenName: `Linked ${itemIndex}`, syncId: `linked-${itemIndex}`, crmRecordId: crmId(itemIndex) } }),
		});
		await runGraphNode({ credentials: credentials(), parameters: { ...base, operation: 'create', inputMode: 'json', itemJson: { givenName: 'Unlinked' } } });
		const wanted = [crmId(2), crmId(99), crmId(0), ''];
		await server().control.resetCounters();
		const output = await runGraphNode({
			credentials: credentials(),
			continueOnFail: true,
			items: wanted.map(() => ({ json: {} })),
			parameters: (itemIndex) => ({ ...base, operation: 'getByCrmRecordId', crmRecordId: wanted[itemIndex] }),
		});
		expect(output.map((item) => [item.pairedItem, item.json.givenName ?? item.json.error])).toEqual([
			[{ item: 0 }, 'Linked 2'],
			[{ item: 2 }, 'Linked 0'],
			[{ item: 3 }, 'CRM Record ID is empty'],
		]);
		expect((await server().control.counters()).byOperation).toMatchObject({ 'contacts.list': 1 });

		const synced = await runGraphJson({ credentials: credentials(), parameters: { ...base, operation: 'getAll', returnAll: true, filters: { hasSyncId: true } } });
		expect(synced.map((item) => item.givenName).sort()).toEqual(['Linked 0', 'Linked 1', 'Linked 2']);
	});

	it('waits out a 429 after its Retry-After and sends the request again', async () => {
		await server().control.faults([{ operation: 'contacts.list', kind: 'throttle', params: { retryAfterSeconds: 1 } }]);
		const started = Date.now();
		const found = await runGraphJson({ credentials: credentials(), parameters: { ...base, operation: 'getAll', returnAll: true, filters: {} } });
		expect(found).toEqual([]);
		expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
		expect((await server().control.counters()).byOperation.throttled).toBeGreaterThanOrEqual(1);
	});

	it('reads again after a 503 with Retry-After, but never sends a create twice', async () => {
		await server().control.faults([{ operation: 'contacts.list', kind: 'http500', params: { status: 503, retryAfterSeconds: 1 } }]);
		expect(await runGraphJson({ credentials: credentials(), parameters: { ...base, operation: 'getAll', returnAll: true, filters: {} } })).toEqual([]);

		await server().control.faults([{ operation: 'contacts.create', kind: 'http500', params: { status: 503, retryAfterSeconds: 1 } }]);
		await server().control.resetCounters();
		const [result] = await runGraphNode({
			credentials: credentials(),
			continueOnFail: true,
			parameters: { ...base, operation: 'create', inputMode: 'json', itemJson: { givenName: 'Once' } },
		});
		expect(String(result.json.error)).toMatch(/^Microsoft Graph answered 503 ServiceNotAvailable/);
		expect((await server().control.counters()).byOperation['contacts.create']).toBe(1);
	});

	it('sends again, after their Retry-After, the requests Graph throttled inside a $batch', async () => {
		await server().control.faults([{ operation: 'contacts.create', kind: 'throttle', count: 2, params: { retryAfterSeconds: 1 } }]);
		await server().control.resetCounters();
		const output = await runGraphJson({
			credentials: credentials(),
			items: Array.from({ length: 5 }, () => ({ json: {} })),
			parameters: (itemIndex) => ({ ...base, operation: 'create', inputMode: 'json', itemJson: { givenName: `Throttled ${itemIndex}` } }),
		});
		expect(output.map((item) => item.givenName)).toEqual([0, 1, 2, 3, 4].map((index) => `Throttled ${index}`));
		expect((await server().control.items(ALICE, 'contacts')).length).toBe(5);
		expect((await server().control.counters()).byOperation).toMatchObject({ 'contacts.create': 7, $batch: 2 });
	});

	it('sends a whole $batch Graph throttled again after its Retry-After, each request once', async () => {
		await server().control.faults([{ operation: '$batch', kind: 'throttle', count: 1, params: { retryAfterSeconds: 1 } }]);
		await server().control.resetCounters();
		const started = Date.now();
		const output = await runGraphJson({
			credentials: credentials(),
			items: Array.from({ length: 3 }, () => ({ json: {} })),
			parameters: (itemIndex) => ({ ...base, operation: 'create', inputMode: 'json', itemJson: { givenName: `Whole batch ${itemIndex}` } }),
		});
		expect(output.map((item) => item.givenName)).toEqual([0, 1, 2].map((index) => `Whole batch ${index}`));
		expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
		expect((await server().control.counters()).byOperation).toMatchObject({ 'contacts.create': 3, $batch: 2, throttled: 1 });
	});

	it('updates 25 contacts with one read and one PATCH each, answering the JSON a read gives', async () => {
		const created = await runGraphJson({
			credentials: credentials(),
			items: Array.from({ length: 25 }, () => ({ json: {} })),
			parameters: (itemIndex) => ({ ...base, operation: 'create', inputMode: 'json', itemJson: { givenName: `Update ${itemIndex}`, pager: '+1 555 0100', syncId: `update-${itemIndex}` } }),
		});
		await server().control.resetCounters();
		const updated = await runGraphJson({
			credentials: credentials(),
			items: created.map(() => ({ json: {} })),
			parameters: (itemIndex) => ({
				...base,
				operation: 'update',
				findBy: 'id',
				itemId: { __rl: true, value: created[itemIndex].id, mode: 'id' },
				inputMode: 'json',
				// A plain property, an extended one written and one cleared, and the links.
				itemJson: { jobTitle: `Buyer ${itemIndex}`, assistantPhone: '+1 555 0199', pager: null, crmRecordId: `crm-${itemIndex}`, syncState: `state-${itemIndex}` },
			}),
		});
		// Two batches of reads (the items as they are) and two of PATCHes (20 + 5), nothing read back.
		expect((await server().control.counters()).byOperation).toMatchObject({ $batch: 4, 'contacts.get': 25, 'contacts.update': 25 });
		const readBack = await runGraphJson({
			credentials: credentials(),
			items: created.map(() => ({ json: {} })),
			parameters: (itemIndex) => ({ ...base, operation: 'get', findBy: 'id', itemId: { __rl: true, value: created[itemIndex].id, mode: 'id' } }),
		});
		expect(updated).toEqual(readBack);
		expect(updated[24]).toMatchObject({ jobTitle: 'Buyer 24', assistantPhone: '+1 555 0199', pager: null, syncId: 'update-24', crmRecordId: 'crm-24', syncState: 'state-24' });
	});

	it('keeps at most 4 requests in flight per mailbox, so Graph never answers MailboxConcurrency', async () => {
		const context = nodeContext({ parameters: {}, credentials: { microsoft365GraphApi: credentials() }, helpers: graphAuthHelpers().helpers });
		const transport = await GraphTransport.fromContext(context);
		await transport.findItems(contactType, { mailbox: ALICE, filters: {}, limit: 1 });
		await server().control.faults([{ operation: 'contacts.list', kind: 'slow', count: -1, params: { delayMs: 300 } }]);
		await server().control.resetCounters();
		const started = Date.now();
		await Promise.all(Array.from({ length: 10 }, async () => await transport.findItems(contactType, { mailbox: ALICE, filters: {}, limit: 1 })));
		// Ten slow requests, four at a time: three waves.
		expect(Date.now() - started).toBeGreaterThanOrEqual(900);
		expect((await server().control.counters()).byOperation).toMatchObject({ 'contacts.list': 10 });
		expect((await server().control.counters()).byOperation.throttled ?? 0).toBe(0);
	});

	it('gets a new token when Graph says the old one expired', async () => {
		const stats: GraphAuthStats = { tokens: 0, requests: 0 };
		const shared = credentials();
		await runGraphJson({ credentials: shared, stats, parameters: { ...base, operation: 'getAll', returnAll: true, filters: {} } });
		await server().control.expireTokens();
		await runGraphJson({ credentials: shared, stats, parameters: { ...base, operation: 'getAll', returnAll: true, filters: {} } });
		expect(stats.tokens).toBe(2);
	});

	it('asks for a mailbox when neither the node nor the credential names one', async () => {
		const run = runGraphJson({ credentials: graphCredentials(server(), { mailbox: '' }), parameters: { resource: 'contact', operation: 'getAll', returnAll: true, filters: {} } });
		await expect(run).rejects.toThrow("No mailbox: set the node's Mailbox or the credential's Default Mailbox");
	});

	it('says per item which delete mode Graph cannot make with contacts (Soft Delete; see deleteModes.test.ts)', async () => {
		const [created] = await runGraphJson({ credentials: credentials(), parameters: { ...base, operation: 'create', inputMode: 'json', itemJson: { givenName: 'Kept' } } });
		const [result] = await runGraphNode({
			credentials: credentials(),
			continueOnFail: true,
			parameters: { ...base, operation: 'delete', findBy: 'id', itemId: { __rl: true, mode: 'id', value: created.id }, deleteMode: 'softDelete' },
		});
		expect(String(result.json.error)).toBe('Delete mode "Soft Delete" is not available for contacts over Microsoft 365');
	});
});
