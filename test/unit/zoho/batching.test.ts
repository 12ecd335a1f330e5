import type { IDataObject } from 'n8n-workflow';

import { chunk, mapRecordResults, writeInBatches } from '../../../nodes/ZohoCrm/transport/batching';
import { nodeContext } from '../../support/nodeContext';
import { bodyOf, fakeZohoCredentials, fakeZohoHelpers } from '../../support/zohoFake';

const node = { id: 'n', name: 'Zoho', type: 'zohoCrm', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };
const success = (id: string) => ({ code: 'SUCCESS', details: { id }, message: 'record added', status: 'success' });
const invalidPhone = (position: number) => ({
	code: 'INVALID_DATA',
	details: { api_name: 'Phone', json_path: `$.data[${position}].Phone`, expected_data_type: 'phone' },
	message: 'invalid data',
	status: 'error',
});

describe('batching', () => {
	it('cuts lists into chunks of at most 100', () => {
		expect(chunk(Array.from({ length: 250 }, (_, i) => i)).map((part) => part.length)).toEqual([100, 100, 50]);
		expect(chunk([])).toEqual([]);
	});

	it('maps per-record results back to the items by position', () => {
		const entries = [7, 8, 9].map((itemIndex) => ({ itemIndex, record: {} }));
		const outcomes = mapRecordResults(node, entries, [success('a'), invalidPhone(1)]);
		expect(outcomes[0]).toMatchObject({ itemIndex: 7, json: { id: 'a', status: 'success' } });
		expect(outcomes[1].itemIndex).toBe(8);
		expect(outcomes[1].error?.message).toBe('Zoho CRM rejected the record of item 8: INVALID_DATA (field Phone): invalid data');
		expect(outcomes[1].error?.context).toMatchObject({ itemIndex: 8, zoho: { code: 'INVALID_DATA', api_name: 'Phone' } });
		// No third result: item 9 fails on its own instead of taking another record's result.
		expect(outcomes[2].error?.message).toMatch(/NO_RESULT/);
	});

	it('writes 250 records in 3 calls and pairs every result with its item', async () => {
		const fake = fakeZohoHelpers((request) => ({
			status: 201,
			body: { data: (bodyOf(request).data as IDataObject[]).map((record) => success(`id-${String(record.n)}`)) },
		}));
		const ctx = nodeContext({ parameters: {}, credentials: fakeZohoCredentials, helpers: fake.helpers });
		const entries = Array.from({ length: 250 }, (_, n) => ({ itemIndex: n, record: { n } }));
		const outcomes = await writeInBatches.call(ctx, {
			method: 'POST',
			path: '/Contacts',
			entries,
			request: (data) => ({ body: { data, trigger: [] } }),
		});
		expect(fake.requests.map((request) => (bodyOf(request).data as unknown[]).length)).toEqual([100, 100, 50]);
		expect(bodyOf(fake.requests[0]).trigger).toEqual([]);
		expect(outcomes.map((outcome) => outcome.json?.id)).toEqual(entries.map(({ record }) => `id-${record.n}`));
	});

	it('maps the per-record list of a batch Zoho rejected entirely (HTTP 400)', async () => {
		const fake = fakeZohoHelpers(() => ({ status: 400, body: { data: [invalidPhone(0), invalidPhone(1)] } }));
		const ctx = nodeContext({ parameters: {}, credentials: fakeZohoCredentials, helpers: fake.helpers });
		const outcomes = await writeInBatches.call(ctx, {
			method: 'PUT',
			path: '/Contacts',
			entries: [0, 1].map((itemIndex) => ({ itemIndex, record: {} })),
			request: (data) => ({ body: { data } }),
		});
		expect(outcomes.map((outcome) => outcome.error?.context.zoho)).toEqual([
			expect.objectContaining({ code: 'INVALID_DATA', api_name: 'Phone' }),
			expect.objectContaining({ code: 'INVALID_DATA', api_name: 'Phone' }),
		]);
	});

	it('fails every item of a call that failed as a whole, each with its own item index', async () => {
		const fake = fakeZohoHelpers(() => ({ status: 400, body: { code: 'LIMIT_EXCEEDED', message: 'too many', status: 'error' } }));
		const ctx = nodeContext({ parameters: {}, credentials: fakeZohoCredentials, helpers: fake.helpers });
		const outcomes = await writeInBatches.call(ctx, {
			method: 'POST',
			path: '/Contacts',
			entries: [4, 5].map((itemIndex) => ({ itemIndex, record: {} })),
			request: (data) => ({ body: { data } }),
		});
		expect(outcomes.map((outcome) => [outcome.itemIndex, outcome.error?.context.itemIndex, outcome.error?.message])).toEqual([
			[4, 4, 'Zoho CRM: LIMIT_EXCEEDED: too many'],
			[5, 5, 'Zoho CRM: LIMIT_EXCEEDED: too many'],
		]);
	});
});
