import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { useZohoEmulator } from './apiClient';

const context = useZohoEmulator();
const call: typeof context.call = (...args) => context.call(...args);
const control = () => context.emulator.control;
let receiver: http.Server;
let receiverUrl: string;
const received: Array<Record<string, unknown>> = [];
let receiverStatus = 200;

beforeAll(async () => {
	receiver = http.createServer((req, res) => {
		let text = '';
		req.setEncoding('utf8');
		req.on('data', (chunk: string) => (text += chunk));
		req.on('end', () => {
			received.push(JSON.parse(text) as Record<string, unknown>);
			res.writeHead(receiverStatus).end();
		});
	});
	await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
	receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhook/zoho?secret=s3`;
});
afterAll(() => new Promise((resolve) => receiver.close(resolve)));
beforeEach(() => {
	received.length = 0;
	receiverStatus = 200;
});

const watch = (method: string, item: Record<string, unknown>) => call(method, '/crm/v8/actions/watch', { body: { watch: [item] } });

describe('Zoho emulator: notifications', () => {
	it('subscribes a channel and POSTs id-only callbacks for API and control writes', async () => {
		const enabled = await watch('POST', { channel_id: 1000000068001, events: ['Contacts.all'], notify_url: receiverUrl, token: 'verify-me' });
		expect(enabled.status).toBe(201);
		expect(enabled.body.watch[0]).toMatchObject({
			code: 'SUCCESS',
			status: 'success',
			message: 'Successfully subscribed for actions-watch of the given module',
			details: { events: [{ resource_name: 'Contacts', channel_id: '1000000068001', resource_uri: `${context.emulator.origin}/crm/v8/Contacts` }] },
		});

		const created = await call('POST', '/crm/v8/Contacts', { body: { data: [{ Last_Name: 'A' }, { Last_Name: 'B' }], trigger: [] } });
		const ids = created.body.data.map((result: { details: { id: string } }) => result.details.id);
		await control().updateRecords('Contacts', [{ id: ids[0], Title: 'Changed' }]);
		await control().deleteRecords('Contacts', [ids[1]]);
		await call('POST', '/crm/v8/Leads', { body: { data: [{ Last_Name: 'Not watched' }] } });

		const { deliveries } = await control().notifications();
		expect(deliveries.map((delivery) => [delivery.body.operation, delivery.body.ids, delivery.status])).toEqual([
			['insert', ids, 200],
			['update', [ids[0]], 200],
			['delete', [ids[1]], 200],
		]);
		expect(received).toHaveLength(3);
		expect(received[0]).toMatchObject({
			module: 'Contacts',
			channel_id: 1000000068001,
			token: 'verify-me',
			query_params: { secret: 's3' },
			resource_uri: `${context.emulator.origin}/crm/v8/Contacts`,
			server_time: expect.any(Number),
			ids,
		});
	});

	it('filters by operation, edits events with PATCH, lists and disables channels', async () => {
		await watch('POST', { channel_id: '77', events: ['Contacts.edit'], notify_url: receiverUrl });
		const { ids } = await control().insertRecords('Contacts', [{ Last_Name: 'Quiet' }]);
		await control().updateRecords('Contacts', [{ id: ids[0], Title: 'Loud' }]);
		expect((await control().notifications()).deliveries.map((delivery) => delivery.body.operation)).toEqual(['update']);

		const patched = await watch('PATCH', { channel_id: '77', events: ['Tasks.create'] });
		expect(patched.body.watch[0].message).toBe('Successfully updated the subscribe details');
		const listed = await call('GET', '/crm/v8/actions/watch');
		expect(listed.body.watch.map((entry: { resource_name: string; events: string[] }) => [entry.resource_name, entry.events])).toEqual([
			['Contacts', ['Contacts.edit']],
			['Tasks', ['Tasks.create']],
		]);
		await watch('PATCH', { channel_id: '77', events: ['Contacts.edit'], _delete_events: true });
		expect((await call('GET', '/crm/v8/actions/watch?module=Contacts')).status).toBe(204);

		const disabled = await call('DELETE', '/crm/v8/actions/watch?channel_ids=77');
		expect(disabled.body.watch[0].message).toBe('Successfully un-subscribed from actions-watch');
		expect((await call('GET', '/crm/v8/actions/watch')).status).toBe(204);
	});

	it('defaults the expiry to one hour, also for an expiry beyond a week', async () => {
		const inTenDays = new Date(Date.now() + 10 * 24 * 3600 * 1000).toISOString().replace(/\.\d{3}Z$/, '+00:00');
		await watch('POST', { channel_id: '1', events: ['Contacts.create'], notify_url: receiverUrl, channel_expiry: inTenDays });
		const [channel] = (await call('GET', '/crm/v8/actions/watch')).body.watch;
		const expiresIn = Date.parse(channel.channel_expiry) - Date.now();
		expect(expiresIn).toBeGreaterThan(59 * 60 * 1000);
		expect(expiresIn).toBeLessThanOrEqual(60 * 60 * 1000);
		await control().advanceClock(3600 * 1000 + 1000);
		await control().insertRecords('Contacts', [{ Last_Name: 'After expiry' }]);
		expect((await control().notifications()).deliveries).toEqual([]);
		// An hour later the access token has expired as well.
		await context.refresh();
		expect((await call('GET', '/crm/v8/actions/watch')).status).toBe(204);
	});

	it('rejects bad channels with Zoho errors', async () => {
		const noUrl = await watch('POST', { channel_id: '2', events: ['Contacts.all'] });
		expect(noUrl).toMatchObject({ status: 400, body: { watch: [{ code: 'MANDATORY_NOT_FOUND', details: { api_name: 'notify_url' } }] } });
		const longToken = await watch('POST', { channel_id: '2', events: ['Contacts.all'], notify_url: receiverUrl, token: 'x'.repeat(51) });
		expect(longToken.body.watch[0]).toMatchObject({ code: 'INVALID_DATA', details: { api_name: 'token' } });
		const badEvent = await watch('POST', { channel_id: '2', events: ['Nowhere.all'], notify_url: receiverUrl });
		expect(badEvent.body.watch[0]).toMatchObject({ code: 'INVALID_DATA', details: { api_name: 'events' } });
	});

	it('records failed deliveries without blocking the API call', async () => {
		receiverStatus = 500;
		await watch('POST', { channel_id: '3', events: ['Contacts.create'], notify_url: receiverUrl });
		await watch('POST', { channel_id: '4', events: ['Contacts.create'], notify_url: 'http://127.0.0.1:9/unreachable' });
		const created = await call('POST', '/crm/v8/Contacts', { body: { data: [{ Last_Name: 'Still saved' }] } });
		expect(created.status).toBe(201);
		const { deliveries } = await control().notifications();
		expect(deliveries.map((delivery) => delivery.status).sort()).toEqual([0, 500]);
		expect(deliveries.find((delivery) => delivery.status === 0)?.error).toEqual(expect.any(String));
	});
});
