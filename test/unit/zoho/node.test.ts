import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { ZohoCrm } from '../../../nodes/ZohoCrm/ZohoCrm.node';
import { nodeContext } from '../../support/nodeContext';
import type { FakeZoho } from '../../support/zohoFake';
import { bodyOf, fakeZohoCredentials, fakeZohoHelpers, pathOf } from '../../support/zohoFake';

const success = (id: string, extra: IDataObject = {}) => ({ code: 'SUCCESS', details: { id }, message: 'ok', status: 'success', ...extra });

function run(parameters: Record<string, unknown> | ((i: number) => Record<string, unknown>), items: INodeExecutionData[], answer: FakeZoho, continueOnFail = false) {
	const fake = fakeZohoHelpers(answer);
	const ctx = nodeContext({ parameters, items, credentials: fakeZohoCredentials, helpers: fake.helpers, continueOnFail });
	return { fake, result: new ZohoCrm().execute.call(ctx) };
}

const echoWrite: FakeZoho = (request) => ({
	body: {
		data: ((bodyOf(request).data as IDataObject[] | undefined) ?? []).map((record, position) =>
			record.Last_Name === 'bad'
				? { code: 'INVALID_DATA', details: { api_name: 'Phone' }, message: 'invalid data', status: 'error' }
				: success(`z${position}`),
		),
	},
});

describe('Zoho CRM node', () => {
	it('creates contacts from JSON records in one call, without workflows, paired to their items', async () => {
		const items = [{ json: { record: { Last_Name: 'A' } } }, { json: { record: { Last_Name: 'B' } } }];
		const { fake, result } = run(
			(i) => ({ resource: 'contact', operation: 'create', inputMode: 'json', recordJson: items[i].json.record, options: { triggerWorkflows: false } }),
			items,
			echoWrite,
		);
		const [output] = await result;
		expect(fake.requests).toHaveLength(1);
		expect(pathOf(fake.requests[0])).toBe('/Contacts');
		expect(bodyOf(fake.requests[0])).toEqual({ data: [{ Last_Name: 'A' }, { Last_Name: 'B' }], trigger: [] });
		expect(output.map((item) => [item.json.id, item.pairedItem])).toEqual([
			['z0', { item: 0 }],
			['z1', { item: 1 }],
		]);
	});

	it('fails only the rejected record under continue-on-fail, with Zoho code and field, and the sync id of the write it failed', async () => {
		const items = ['ok', 'bad', 'ok'].map((name) => ({ json: { syncId: `sync-${name}`, record: { Last_Name: name } } }));
		const { result } = run(
			(i) => ({ resource: 'record', module: { __rl: true, mode: 'name', value: 'Leads' }, operation: 'create', inputMode: 'json', recordJson: items[i].json.record }),
			items,
			echoWrite,
			true,
		);
		const [output] = await result;
		expect(output[1]).toMatchObject({
			json: { error: expect.stringContaining('item 1'), zoho: { code: 'INVALID_DATA', api_name: 'Phone' }, syncId: 'sync-bad' },
			pairedItem: { item: 1 },
		});
		expect(output[0].json.id).toBe('z0');
		expect(output[2].json.id).toBe('z2');
	});

	it('without continue-on-fail, stops with an error that names the item', async () => {
		const items = ['ok', 'bad'].map((name) => ({ json: { record: { Last_Name: name } } }));
		const { result } = run((i) => ({ resource: 'contact', operation: 'create', inputMode: 'json', recordJson: items[i].json.record }), items, echoWrite);
		await expect(result).rejects.toMatchObject({ message: expect.stringContaining('item 1'), context: expect.objectContaining({ itemIndex: 1 }) });
	});

	it('a record (JSON) that is not an object fails its own item before anything is sent', async () => {
		const { fake, result } = run(
			(i) => ({ resource: 'contact', operation: 'create', inputMode: 'json', recordJson: i === 0 ? '{not json' : { Last_Name: 'B' } }),
			[{ json: {} }, { json: {} }],
			echoWrite,
			true,
		);
		const [output] = await result;
		expect(output[0].json.error).toBe('Record (JSON) is not valid JSON');
		expect(bodyOf(fake.requests[0]).data).toEqual([{ Last_Name: 'B' }]);
	});

	it('updates by external ID with X-EXTERNAL and the value in the record', async () => {
		const { fake, result } = run(
			{ resource: 'task', operation: 'update', addressBy: 'externalId', externalIdField: 'Exchange_Sync_Id', recordId: 'sync-1', inputMode: 'json', recordJson: { Subject: 'S' } },
			[{ json: {} }],
			echoWrite,
		);
		await result;
		expect(fake.requests[0].method).toBe('PUT');
		expect(fake.requests[0].headers).toEqual({ 'X-EXTERNAL': 'Tasks.Exchange_Sync_Id' });
		expect(bodyOf(fake.requests[0]).data).toEqual([{ Subject: 'S', Exchange_Sync_Id: 'sync-1' }]);
	});

	it('upserts with the duplicate check fields and maps resource-mapper lookups to {id}', async () => {
		const { fake, result } = run(
			{
				resource: 'contact',
				operation: 'upsert',
				duplicateCheckFields: 'Email, Exchange_Sync_Id',
				inputMode: 'fields',
				fields: {
					mappingMode: 'defineBelow',
					value: { Email: 'a@b.test', Account_Name: '42', Phone: '' },
					schema: [
						{ id: 'Email', displayName: 'Email' },
						{ id: 'Account_Name', displayName: 'Account Name (Lookup ID)' },
					],
				},
			},
			[{ json: {} }],
			() => ({ body: { data: [success('u1', { action: 'update', duplicate_field: 'Email' })] } }),
		);
		const [output] = await result;
		expect(pathOf(fake.requests[0])).toBe('/Contacts/upsert');
		expect(bodyOf(fake.requests[0])).toEqual({
			data: [{ Email: 'a@b.test', Account_Name: { id: '42' } }],
			duplicate_check_fields: ['Email', 'Exchange_Sync_Id'],
		});
		expect(output[0].json).toMatchObject({ id: 'u1', action: 'update', duplicate_field: 'Email' });
	});

	it('deletes many records with one call and wf_trigger=false when workflows are off', async () => {
		const { fake, result } = run(
			(i) => ({ resource: 'deal', operation: 'delete', addressBy: 'id', recordId: `d${i}`, options: { triggerWorkflows: false } }),
			[{ json: {} }, { json: {} }],
			(request) => ({ body: { data: String(request.qs?.ids).split(',').map((id) => success(id)) } }),
		);
		const [output] = await result;
		expect(fake.requests).toHaveLength(1);
		expect(fake.requests[0].qs).toEqual({ ids: 'd0,d1', wf_trigger: 'false' });
		expect(output.map((item) => item.json.id)).toEqual(['d0', 'd1']);
	});

	it('gets many with fields from the metadata and If-Modified-Since', async () => {
		const { fake, result } = run(
			{ resource: 'contact', operation: 'getAll', returnAll: true, options: { modifiedSince: '2025-03-01T10:00:00.000Z' } },
			[{ json: {} }],
			(request) =>
				pathOf(request) === '/settings/fields'
					? { body: { fields: [{ api_name: 'Last_Name' }, { api_name: 'Email' }] } }
					: { body: { data: [{ id: '1' }], info: { more_records: false } } },
		);
		const [output] = await result;
		expect(fake.requests[1].qs).toMatchObject({ fields: 'Last_Name,Email', per_page: 200 });
		expect(fake.requests[1].headers).toEqual({ 'If-Modified-Since': '2025-03-01T10:00:00+00:00' });
		expect(output).toEqual([{ json: { id: '1' }, pairedItem: { item: 0 } }]);
	});

	it('treats an email already associated (DUPLICATE_DATA) as done', async () => {
		const { fake, result } = run(
			{ resource: 'email', operation: 'associate', parentModule: 'Contacts', parentId: '7', originalMessageId: '<m1@x>', from: 'a@x.test', to: 'b@x.test, c@x.test', options: {} },
			[{ json: {} }],
			(request) =>
				pathOf(request) === '/settings/modules'
					? { body: { modules: [{ api_name: 'Contacts', id: '5725767000000002175' }] } }
					: { status: 400, body: { Emails: [{ code: 'DUPLICATE_DATA', details: {}, message: 'duplicate', status: 'error' }] } },
		);
		const [output] = await result;
		expect((bodyOf(fake.requests[1]).Emails as IDataObject[])[0].linked_record).toEqual({
			module: { api_name: 'Contacts', id: '5725767000000002175' },
			id: '7',
		});
		expect(output[0].json).toMatchObject({ status: 'already associated', original_message_id: '<m1@x>' });
	});

	it('creates only the missing sync field', async () => {
		const { fake, result } = run(
			{ resource: 'field', operation: 'createSyncFields', module: { __rl: true, mode: 'name', value: 'Contacts' } },
			[{ json: {} }],
			(request) =>
				request.method === 'GET'
					? { body: { fields: [{ api_name: 'Exchange_Sync_Id', field_label: 'Exchange Sync Id', id: 'f1' }] } }
					: { body: { fields: [success('f2'), success('f3')] } },
		);
		const [output] = await result;
		expect(bodyOf(fake.requests[1]).fields).toEqual([
			{ field_label: 'Exchange Sync State', data_type: 'textarea', textarea: { type: 'large' } },
			{ field_label: 'Exchange Item Key', data_type: 'text', length: 255, filterable: true },
		]);
		expect(output.map((item) => [item.json.api_name, item.json.status])).toEqual([
			['Exchange_Sync_Id', 'exists'],
			['Exchange_Sync_State', 'created'],
			['Exchange_Item_Key', 'created'],
		]);
	});
});
