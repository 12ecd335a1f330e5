import { ALICE, AWKWARD, credentialsFor, runJson, runNode, useExchangeEmulator } from './support';
import type { Auth } from './support';

jest.setTimeout(60_000);

const server = useExchangeEmulator();


describe.each<Auth>(['basic', 'ntlm'])('contacts over HTTPS with %s and impersonation', (auth) => {
	const credentials = () => credentialsFor(server(), auth);
	const base = { resource: 'contact', mailbox: ALICE };

	it('creates, reads, finds, changes, lists changes and deletes a contact, text intact', async () => {
		const syncId = `sync-${auth}-1`;
		const [created] = await runJson({
			credentials: credentials(),
			parameters: {
				...base,
				operation: 'create',
				inputMode: 'json',
				itemJson: {
					givenName: AWKWARD,
					surname: 'Ивanova',
					companyName: AWKWARD,
					email1: `${auth}.contact@example.test`,
					notes: AWKWARD,
					categories: ['VIP & <friends>'],
					businessAddress: { city: 'Zürich', countryOrRegion: 'Schweiz' },
					syncId,
					syncState: '{"fp":"a&b"}',
				},
			},
		});
		expect(created).toMatchObject({
			mailbox: ALICE,
			givenName: AWKWARD,
			surname: 'Ивanova',
			companyName: AWKWARD,
			notes: AWKWARD,
			categories: ['VIP & <friends>'],
			businessAddress: { city: 'Zürich', countryOrRegion: 'Schweiz' },
			syncId,
			syncState: '{"fp":"a&b"}',
		});

		const stored = await server().control.items(ALICE, 'contacts');
		expect(stored.find((item) => item.id === created.id)).toMatchObject({ givenName: AWKWARD });

		const [byId] = await runJson({
			credentials: credentials(),
			parameters: { ...base, operation: 'get', findBy: 'id', itemId: { __rl: true, mode: 'id', value: created.id } },
		});
		expect(byId).toEqual(created);

		const found = await runJson({
			credentials: credentials(),
			parameters: { ...base, operation: 'getAll', returnAll: true, filters: { search: 'jerry <b>' } },
		});
		expect(found.map((item) => item.id)).toEqual([created.id]);

		const [updated] = await runJson({
			credentials: credentials(),
			parameters: {
				...base,
				operation: 'update',
				findBy: 'syncId',
				syncId,
				changeKey: created.changeKey,
				inputMode: 'fields',
				contactFields: { jobTitle: 'Chef & "Boss"', businessCity: 'Genève' },
			},
		});
		expect(updated).toMatchObject({ id: created.id, jobTitle: 'Chef & "Boss"', businessAddress: { city: 'Genève' } });
		expect(updated.changeKey).not.toBe(created.changeKey);

		const changes = await runJson({ credentials: credentials(), parameters: { ...base, operation: 'getChanges', cursor: '' } });
		const summary = changes[changes.length - 1];
		expect(summary).toMatchObject({ summary: true, mailbox: ALICE });
		expect(changes.some((change) => change.id === created.id && change.changeType === 'created')).toBe(true);

		const [deleted] = await runJson({
			credentials: credentials(),
			parameters: { ...base, operation: 'delete', findBy: 'syncId', syncId },
		});
		expect(deleted).toMatchObject({ id: created.id, deleted: true, deleteMode: 'moveToDeletedItems' });
		// Moved to Deleted Items (recoverable); a moved item gets a new ItemId, the sync link stays.
		const recoverable = await server().control.items(ALICE, 'deleteditems');
		expect(recoverable.map((item) => item.syncId)).toContain(syncId);

		const after = await runJson({
			credentials: credentials(),
			parameters: { ...base, operation: 'getChanges', cursor: summary.cursor as string },
		});
		expect(after).toEqual([
			{ changeType: 'deleted', id: created.id, mailbox: ALICE },
			expect.objectContaining({ summary: true, deleted: 1, created: 0, cursorReset: false }),
		]);
	});
});

describe('batching against the server', () => {
	const credentials = () => credentialsFor(server(), 'basic');
	/** Creates `count` items of `resource` in Alice's mailbox, in one node run. */
	const createMany = async (resource: string, count: number, itemJson: (itemIndex: number) => Record<string, unknown>) =>
		await runNode({
			credentials: credentials(),
			items: Array.from({ length: count }, () => ({ json: {} })),
			parameters: (itemIndex) => ({ resource, operation: 'create', mailbox: ALICE, inputMode: 'json', itemJson: itemJson(itemIndex) }),
		});

	it('creates many contacts in one CreateItem and one GetItem', async () => {
		await server().control.resetCounters();
		const output = await createMany('contact', 5, (itemIndex) => ({ givenName: `Batch ${itemIndex}`, syncId: `batch-${itemIndex}` }));
		expect(output.map((item) => [item.pairedItem, item.json.givenName])).toEqual(
			[0, 1, 2, 3, 4].map((index) => [{ item: index }, `Batch ${index}`]),
		);
		const counters = await server().control.counters();
		expect(counters.byOperation).toMatchObject({ CreateItem: 1, GetItem: 1 });
	});

	it('finds many sync ids with one FindItem', async () => {
		await server().control.resetCounters();
		const output = await runJson({
			credentials: credentials(),
			items: [0, 1, 2].map(() => ({ json: {} })),
			parameters: (itemIndex) => ({ resource: 'contact', operation: 'get', mailbox: ALICE, findBy: 'syncId', syncId: `batch-${itemIndex}` }),
		});
		expect(output.map((item) => item.syncId)).toEqual(['batch-0', 'batch-1', 'batch-2']);
		expect((await server().control.counters()).byOperation).toMatchObject({ FindItem: 1, GetItem: 1 });
	});

	it('finds the items linked to CRM records by the record ids: one FindItem per 50 ids, each paired to its id', async () => {
		const crmId = (n: number) => `36523970000${String(n).padStart(8, '0')}`;
		const created = (
			await createMany('task', 60, (itemIndex) => ({ subject: `Linked ${itemIndex}`, syncId: `linked-${itemIndex}`, crmRecordId: crmId(itemIndex) }))
		).map((item) => item.json);
		expect(created[5]).toMatchObject({ subject: 'Linked 5', crmRecordId: crmId(5) });

		const wanted = [crmId(3), crmId(99), crmId(59), ''];
		await server().control.resetCounters();
		const output = await runNode({
			credentials: credentials(),
			continueOnFail: true,
			items: wanted.map(() => ({ json: {} })),
			parameters: (itemIndex) => ({ resource: 'task', operation: 'getByCrmRecordId', mailbox: ALICE, crmRecordId: wanted[itemIndex] }),
		});
		// The linked items in full, paired to the id that named them; nothing for an unlinked id; an empty id is that item's error.
		expect(output.map((item) => [item.pairedItem, item.json.subject ?? item.json.error])).toEqual([
			[{ item: 0 }, 'Linked 3'],
			[{ item: 2 }, 'Linked 59'],
			[{ item: 3 }, 'CRM Record ID is empty'],
		]);
		expect(output[0].json).toMatchObject({ syncId: 'linked-3', crmRecordId: crmId(3), changeKey: expect.any(String) });
		expect((await server().control.counters()).byOperation).toMatchObject({ FindItem: 1, GetItem: 1 });

		await server().control.resetCounters();
		const all = await runJson({
			credentials: credentials(),
			items: created.map(() => ({ json: {} })),
			parameters: (itemIndex) => ({ resource: 'task', operation: 'getByCrmRecordId', mailbox: ALICE, crmRecordId: crmId(itemIndex) }),
		});
		expect(all.map((item) => item.subject)).toEqual(created.map((item) => item.subject));
		expect((await server().control.counters()).byOperation).toMatchObject({ FindItem: 2, GetItem: 2 });
	});

	it('fails only the bad item of a batch under continue-on-fail, naming the sync write it failed', async () => {
		const [first, second] = await runJson({
			credentials: credentials(),
			items: [{ json: {} }, { json: {} }],
			parameters: (itemIndex) => ({ resource: 'contact', operation: 'get', mailbox: ALICE, findBy: 'syncId', syncId: `batch-${itemIndex + 2}` }),
		});
		const ids = [first.id, 'QUFNazppdGVtOmFsaWNlQGV4YW1wbGUudGVzdDo5OTk5', second.id];
		const output = await runNode({
			credentials: credentials(),
			continueOnFail: true,
			items: ids.map((_id, itemIndex) => ({ json: { syncId: `write-${itemIndex}` } })),
			parameters: (itemIndex) => ({
				resource: 'contact',
				operation: 'update',
				mailbox: ALICE,
				findBy: 'id',
				itemId: { __rl: true, mode: 'id', value: ids[itemIndex] },
				inputMode: 'json',
				itemJson: { jobTitle: `Title ${itemIndex}` },
			}),
		});
		expect(output).toHaveLength(3);
		expect(output[0].json).toMatchObject({ id: first.id, jobTitle: 'Title 0' });
		expect(output[1]).toMatchObject({ json: { code: 'ErrorItemNotFound', syncId: 'write-1' }, pairedItem: { item: 1 } });
		expect(output[2].json).toMatchObject({ id: second.id, jobTitle: 'Title 2' });
	});

	it('refuses to overwrite a contact changed since it was read', async () => {
		const [contact] = await runJson({
			credentials: credentials(),
			parameters: { resource: 'contact', operation: 'get', mailbox: ALICE, findBy: 'syncId', syncId: 'batch-4' },
		});
		await server().control.updateItem(contact.id as string, { jobTitle: 'Changed in Outlook' });
		await expect(
			runNode({
				credentials: credentials(),
				parameters: {
					resource: 'contact',
					operation: 'update',
					mailbox: ALICE,
					findBy: 'id',
					itemId: { __rl: true, mode: 'id', value: contact.id },
					changeKey: contact.changeKey,
					inputMode: 'json',
					itemJson: { jobTitle: 'Mine' },
				},
			}),
		).rejects.toMatchObject({
			message: expect.stringContaining('changed in Exchange since it was read'),
			context: { itemIndex: 0, responseCode: 'ErrorIrresolvableConflict' },
		});
		const stored = await server().control.items(ALICE, 'contacts');
		expect(stored.find((item) => item.id === contact.id)).toMatchObject({ jobTitle: 'Changed in Outlook' });
	});
});
