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

describe('Zoho CRM node: modules with more than 50 fields', () => {
	// A real Contacts module: about 60 standard fields, the sync's link fields last.
	const fieldNames = [...Array.from({ length: 58 }, (_, n) => `Field_${n}`), 'Modified_Time', 'Exchange_Sync_Id', 'Exchange_Item_Key'];
	const stored = (id: string, modified = '2026-01-01T10:00:00+01:00') => ({
		id,
		Modified_Time: modified,
		...Object.fromEntries(fieldNames.filter((name) => name !== 'Modified_Time').map((name) => [name, `${name}@${id}`])),
	});
	const pick = (record: IDataObject, fields: string) => Object.fromEntries(Object.entries(record).filter(([name]) => name === 'id' || fields.split(',').includes(name)));
	/** A Zoho whose list and read by ids refuse more than 50 fields, as Zoho does. */
	const zohoWith = (records: IDataObject[], edited: (id: string, callNumber: number) => IDataObject | undefined = () => undefined): FakeZoho => (request, callNumber) => {
		const path = pathOf(request);
		if (path === '/settings/fields') return { body: { fields: fieldNames.map((api_name) => ({ api_name })) } };
		if (path.startsWith('/Contacts/')) return { body: { data: [edited(path.slice('/Contacts/'.length), callNumber) ?? records.find((record) => record.id === path.slice(10))] } };
		const fields = String(request.qs?.fields);
		if (fields.split(',').length > 50) return { status: 400, body: { code: 'LIMIT_EXCEEDED', details: { limit: 50 }, message: 'Max field limit exceeded', status: 'error' } };
		const ids = request.qs?.ids ? String(request.qs.ids).split(',') : undefined;
		const listed = records.filter((record) => !ids || ids.includes(String(record.id))).map((record) => edited(String(record.id), callNumber) ?? record);
		return { body: { data: listed.map((record) => pick(record, fields)), info: { more_records: false } } };
	};

	it('reads every field when none are given: the list once per set of 50 fields, merged by id', async () => {
		const records = [stored('1'), stored('2')];
		const { fake, result } = run({ resource: 'contact', operation: 'getAll', returnAll: true, options: {} }, [{ json: {} }], zohoWith(records));
		const [output] = await result;
		expect(output.map((item) => item.json)).toEqual(records);
		expect(output[0].json).toMatchObject({ Exchange_Sync_Id: 'Exchange_Sync_Id@1', Exchange_Item_Key: 'Exchange_Item_Key@1' });
		// The fields, then the same list for each set of fields.
		expect(fake.requests.map((request) => [pathOf(request), String(request.qs?.fields ?? '').split(',').length])).toEqual([
			['/settings/fields', 1],
			['/Contacts', 50],
			['/Contacts', 12],
		]);
	});

	it('reads more than 50 given fields without dropping any', async () => {
		const given = fieldNames.slice(2).join(',');
		const { fake, result } = run({ resource: 'contact', operation: 'getAll', returnAll: true, options: { fields: given } }, [{ json: {} }], zohoWith([stored('1')]));
		const [output] = await result;
		expect(Object.keys(output[0].json).sort()).toEqual(['id', ...fieldNames.slice(2)].sort());
		expect(fake.requests.map(pathOf)).toEqual(['/Contacts', '/Contacts']);
	});

	it('reads a record edited between the reads again whole by id, so no answer mixes two versions', async () => {
		const edited = { ...stored('2', '2026-01-01T10:05:00+01:00'), Field_55: 'edited', Field_3: 'edited' };
		// The edit lands after the list of the first fields (call 2) and before that of the others (call 3).
		const { fake, result } = run(
			{ resource: 'contact', operation: 'getAll', returnAll: true, options: {} },
			[{ json: {} }],
			zohoWith([stored('1'), stored('2')], (id, callNumber) => (id === '2' && callNumber >= 3 ? edited : undefined)),
		);
		const [output] = await result;
		expect(output.map((item) => item.json)).toEqual([stored('1'), edited]);
		expect(fake.requests.map(pathOf)).toEqual(['/settings/fields', '/Contacts', '/Contacts', '/Contacts/2']);
	});
});
