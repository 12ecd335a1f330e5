/**
 * The Zoho CRM Trigger against the local Zoho server: the channel's lifecycle on activation and
 * deactivation, callbacks POSTed by the server to a local webhook that runs `webhook()`, the
 * token check, the records in the output, deletions, and renewal before the week is up.
 */
import type { IDataObject, INodeExecutionData, IWebhookResponseData } from 'n8n-workflow';

import { ZohoCrmTrigger } from '../../../nodes/ZohoCrm/ZohoCrmTrigger.node';
import type { ChannelState } from '../../../nodes/ZohoCrm/trigger/notifications';
import type { ListeningServer } from '../../emulators/common/http';
import { listen, readJson, sendJson } from '../../emulators/common/http';
import type { ZohoEmulator } from '../../emulators/zoho-crm/harness';
import { startZohoEmulator } from '../../emulators/zoho-crm/harness';
import type { ZohoSession } from '../../support/zohoNode';
import { zohoSession } from '../../support/zohoNode';

const trigger = new ZohoCrmTrigger();
const namedFields = { modules: ['Contacts'], events: ['create', 'edit', 'delete'], options: { fields: 'Last_Name,Email' } };
let parameters: IDataObject;

let zoho: ZohoEmulator;
let receiver: ListeningServer;
let session: ZohoSession;
let state: ChannelState & IDataObject;
/** What each callback produced: the workflow's items, or the status of a refused call. */
let runs: Array<{ items?: INodeExecutionData[]; refusedWith?: number }>;

function hookContext() {
	return Object.assign(session.context({ parameters, staticData: state, mode: 'trigger' }), {
		getNodeWebhookUrl: () => `${receiver.origin}/webhook`,
	});
}

async function onCallback(body: IDataObject) {
	let refusedWith: number | undefined;
	const response = {
		status(code: number) {
			refusedWith = code;
			return response;
		},
		json: () => response,
	};
	const context = Object.assign(session.context({ parameters, staticData: state, mode: 'trigger' }), {
		getBodyData: () => body,
		getResponseObject: () => response,
		logger: { warn: () => undefined },
	});
	const result: IWebhookResponseData = await trigger.webhook.call(context as never);
	runs.push(result.noWebhookResponse ? { refusedWith } : { items: result.workflowData?.[0] });
	return refusedWith ?? 200;
}

beforeAll(async () => {
	zoho = await startZohoEmulator({ seed: 'demo' });
	receiver = await listen({
		port: 0,
		tls: false,
		handler: async (req, res) => sendJson(res, await onCallback(await readJson<IDataObject>(req)), {}),
	});
});

afterAll(async () => {
	await receiver?.close();
	await zoho?.stop();
});

beforeEach(async () => {
	await zoho.control.reset();
	session = await zohoSession(zoho.origin);
	state = {};
	runs = [];
	parameters = namedFields;
});

afterEach(async () => {
	expect(await zoho.control.validationErrors()).toEqual([]);
});

const lifecycle = () => trigger.webhookMethods.default;

async function activate() {
	expect(await lifecycle().checkExists.call(hookContext() as never)).toBe(false);
	expect(await lifecycle().create.call(hookContext() as never)).toBe(true);
}

describe('Zoho CRM Trigger', () => {
	it('creates a channel on activation, finds it again, and deletes it on deactivation', async () => {
		await activate();
		expect(state.channelId).toMatch(/^\d{13}$/);
		expect(String(state.token)).toHaveLength(48);
		const live = (await zoho.control.notifications()).channels;
		expect(live).toEqual(expect.arrayContaining([expect.objectContaining({ channel_id: state.channelId, notify_url: `${receiver.origin}/webhook` })]));
		expect(live.find((channel) => channel.channel_id === state.channelId)?.events).toEqual(['Contacts.all']);
		expect(await lifecycle().checkExists.call(hookContext() as never)).toBe(true);

		const channelId = state.channelId;
		expect(await lifecycle().delete.call(hookContext() as never)).toBe(true);
		expect(state).toEqual({});
		expect((await zoho.control.notifications()).channels.some((channel) => channel.channel_id === channelId)).toBe(false);
		expect(await lifecycle().checkExists.call(hookContext() as never)).toBe(false);
	});

	it('outputs the created record itself when Zoho calls back, and refuses a wrong token', async () => {
		await activate();
		const { ids } = await zoho.control.insertRecords('Contacts', [{ Last_Name: 'Notified', Email: 'notified@example.test' }]);
		await zoho.control.notifications();
		expect(runs).toHaveLength(1);
		expect(runs[0].items?.map((item) => item.json)).toEqual([
			expect.objectContaining({ module: 'Contacts', operation: 'insert', id: ids[0], record: expect.objectContaining({ Last_Name: 'Notified', Email: 'notified@example.test' }) }),
		]);

		const forged = { module: 'Contacts', operation: 'insert', ids: [ids[0]], channel_id: state.channelId, token: 'x'.repeat(48) };
		expect(await onCallback(forged)).toBe(401);
		expect(await onCallback({ ...forged, token: undefined })).toBe(401);
		expect(runs.slice(1)).toEqual([{ refusedWith: 401 }, { refusedWith: 401 }]);
	});

	it('outputs every field of a changed record when no fields are named, those beyond the first 50 too', async () => {
		parameters = { ...namedFields, options: { fields: '' } };
		await activate();
		const { ids } = await zoho.control.insertRecords('Contacts', [{ Last_Name: 'Notified', Department: 'Sales' }]);
		await zoho.control.notifications();
		const record = runs[0].items?.[0].json.record as IDataObject;
		expect(record).toMatchObject({ id: ids[0], Last_Name: 'Notified', Department: 'Sales' });
		// The system fields come last in the metadata, after the first 50.
		expect(record).toMatchObject({ Created_Time: expect.any(String), Modified_By: expect.objectContaining({ email: 'alice@example.test' }) });
	});

	it('reports deleted records with what the deleted-records list knows', async () => {
		const { ids } = await zoho.control.insertRecords('Contacts', [{ Last_Name: 'Gone Soon' }]);
		await activate();
		await zoho.control.deleteRecords('Contacts', ids);
		await zoho.control.notifications();
		const [item] = runs[0].items ?? [];
		expect(item.json).toMatchObject({ operation: 'delete', id: ids[0], record: null, deleted: expect.objectContaining({ id: ids[0] }) });
	});

	it('renews the channel before its week ends: on a callback and on checkExists', async () => {
		await activate();
		const day = 24 * 60 * 60 * 1000;
		state.expiry = new Date(Date.now() + day).toISOString();
		await zoho.control.resetCounters();
		await zoho.control.insertRecords('Contacts', [{ Last_Name: 'Keeps It Alive' }]);
		await zoho.control.notifications();
		expect((await zoho.control.counters()).byOperation['watch.update']).toBe(1);
		expect(Date.parse(String(state.expiry)) - Date.now()).toBeGreaterThan(6.9 * day);

		// Zoho's own expiry counts on checkExists: bring it to one day with the node's Renew.
		await session.run({ resource: 'notification', operation: 'renew', channelId: state.channelId, expiryHours: 24 });
		expect(await lifecycle().checkExists.call(hookContext() as never)).toBe(true);
		expect((await zoho.control.counters()).byOperation['watch.update']).toBe(3);
		const [channel] = (await zoho.control.notifications()).channels.filter((entry) => entry.channel_id === state.channelId);
		expect(Date.parse(String(channel.channel_expiry)) - Date.now()).toBeGreaterThan(6.9 * day);

		// A channel renewed less than a day ago is left alone.
		expect(await lifecycle().checkExists.call(hookContext() as never)).toBe(true);
		expect((await zoho.control.counters()).byOperation['watch.update']).toBe(3);
	});
});
