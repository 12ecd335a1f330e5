/**
 * The Microsoft Exchange Trigger in real-time mode over Microsoft 365: Graph change notifications
 * from the local Microsoft 365 server, received on a real HTTP endpoint on 127.0.0.1 that hands
 * each request to the node's `webhook()` as n8n's webhook server does; activation and
 * deactivation through its webhook methods, renewal and tasks through its poll. One static-data
 * object stands for the workflow's.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IDataObject, IHookFunctions, IPollFunctions, IWebhookFunctions } from 'n8n-workflow';
import { nodeContext } from '../../support/nodeContext';
import { graphAuthHelpers } from '../../support/graphAuth';
import { MicrosoftExchangeTrigger } from '../../../nodes/MicrosoftExchange/MicrosoftExchangeTrigger.node';
import { sameSecret } from '../../../nodes/MicrosoftExchange/trigger/graphNotifications';
import { ALICE, graphCredentials, useGraphServer } from './support';

jest.setTimeout(60_000);

const server = useGraphServer();
const BOB = 'bob@example.test';
const node = new MicrosoftExchangeTrigger();

interface Endpoint {
	url: string;
	/** Items each webhook() call handed to the workflow. */
	runs: IDataObject[][];
	/** While set, POSTs are answered 500 without reaching the node (a notification lost). */
	dropping: boolean;
	close(): Promise<void>;
}

function contextFor(parameters: IDataObject, staticData: IDataObject, extra: object = {}) {
	const context = nodeContext({
		parameters: { server: 'graph', mode: 'streaming', events: ['created', 'updated', 'deleted'], ...parameters },
		credentials: { microsoft365GraphApi: graphCredentials(server()) },
		helpers: graphAuthHelpers().helpers,
		staticData,
		mode: 'trigger',
	});
	return Object.assign(context, { logger: { warn: () => undefined } }, extra);
}

/** n8n's webhook server in small: the request as IWebhookFunctions, the node's answer or its own. */
async function startEndpoint(parameters: IDataObject, staticData: IDataObject): Promise<Endpoint> {
	const endpoint: Endpoint = { url: '', runs: [], dropping: false, close: async () => undefined };
	const listener = http.createServer((request, response) => {
		let text = '';
		request.setEncoding('utf8');
		request.on('data', (chunk: string) => (text += chunk));
		request.on('end', async () => {
			if (endpoint.dropping) {
				response.writeHead(500).end();
				return;
			}
			const query = Object.fromEntries(new URL(request.url ?? '/', 'http://127.0.0.1').searchParams);
			const reply = {
				status(code: number) {
					response.statusCode = code;
					return reply;
				},
				type(contentType: string) {
					response.setHeader('Content-Type', contentType);
					return reply;
				},
				send: (body: string) => response.end(body),
				json: (body: unknown) => response.setHeader('Content-Type', 'application/json').end(JSON.stringify(body)),
				end: () => response.end(),
			};
			const context = contextFor(parameters, staticData, {
				getQueryData: () => query,
				getBodyData: () => (text ? JSON.parse(text) : {}),
				getResponseObject: () => reply,
			}) as unknown as IWebhookFunctions;
			try {
				const answer = await node.webhook.call(context);
				if (answer.workflowData) endpoint.runs.push(answer.workflowData[0].map((item) => item.json));
				if (!response.writableEnded) response.end();
			} catch (error) {
				if (!response.writableEnded) response.writeHead(500).end(String(error));
				endpoint.runs.push([{ error: (error as Error).message }]);
			}
		});
	});
	await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
	endpoint.url = `http://127.0.0.1:${(listener.address() as AddressInfo).port}/webhook/test-node/webhook`;
	endpoint.close = () => new Promise((resolve) => listener.close(() => resolve()));
	return endpoint;
}

function hookContext(parameters: IDataObject, staticData: IDataObject, endpoint: Endpoint): IHookFunctions {
	return contextFor(parameters, staticData, { getNodeWebhookUrl: () => endpoint.url }) as unknown as IHookFunctions;
}

async function pollOnce(parameters: IDataObject, staticData: IDataObject): Promise<IDataObject[]> {
	const output = await node.poll.call(contextFor(parameters, staticData) as unknown as IPollFunctions);
	return output ? output[0].map((item) => item.json) : [];
}

/** Waits until the endpoint's runs hold items matching `done` (notifications are POSTed asynchronously). */
async function emitted(endpoint: Endpoint, done: (items: IDataObject[]) => boolean): Promise<IDataObject[]> {
	const deadline = Date.now() + 10_000;
	for (;;) {
		const items = endpoint.runs.flat();
		if (done(items) || Date.now() > deadline) return items;
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

async function ourSubscriptions(endpoint: Endpoint) {
	return (await server().control.graphSubscriptions()).filter((subscription) => String(subscription.notificationUrl).startsWith(endpoint.url));
}

/** The endpoint's subscriptions once `done` holds for them (the webhook acknowledges before it acts). */
async function subscriptionsWhen(endpoint: Endpoint, done: (subscriptions: Array<Record<string, unknown>>) => boolean) {
	const deadline = Date.now() + 10_000;
	for (;;) {
		const subscriptions = await ourSubscriptions(endpoint);
		if (done(subscriptions) || Date.now() > deadline) return subscriptions;
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

/** Activates a trigger (its webhook methods as n8n calls them), runs `body`, then deactivates it. */
async function withActiveTrigger(parameters: IDataObject, body: (endpoint: Endpoint, staticData: IDataObject) => Promise<void>): Promise<void> {
	const staticData: IDataObject = {};
	const endpoint = await startEndpoint(parameters, staticData);
	const hooks = hookContext(parameters, staticData, endpoint);
	try {
		expect(await node.webhookMethods.default.checkExists.call(hooks)).toBe(false);
		await node.webhookMethods.default.create.call(hooks);
		expect(await node.webhookMethods.default.checkExists.call(hooks)).toBe(true);
		await body(endpoint, staticData);
	} finally {
		await node.webhookMethods.default.delete.call(hooks);
		await endpoint.close();
	}
}

describe('the trigger in real-time mode over Microsoft 365 (change notifications)', () => {
	it('subscribes each mailbox after the validation handshake and unsubscribes on deactivation', async () => {
		let url = '';
		await withActiveTrigger({ itemType: 'contact', mailboxes: `${ALICE}, ${BOB}` }, async (endpoint) => {
			url = endpoint.url;
			const subscriptions = await ourSubscriptions(endpoint);
			expect(subscriptions.map((subscription) => [subscription.mailbox, subscription.kind, subscription.immutableIds]).sort()).toEqual([
				[ALICE, 'contacts', true],
				[BOB, 'contacts', true],
			]);
			const validations = (await server().control.deliveries()).filter((delivery) => delivery.kind === 'validation' && delivery.url.startsWith(endpoint.url));
			// notificationUrl and lifecycleNotificationUrl of each subscription, each answered 200.
			expect(validations.map((delivery) => delivery.status)).toEqual([200, 200, 200, 200]);
		});
		expect((await server().control.graphSubscriptions()).filter((subscription) => String(subscription.notificationUrl).startsWith(url))).toEqual([]);
	});

	it('emits created, updated and deleted contacts with the same JSON as the polling mode', async () => {
		await new Promise((resolve) => setTimeout(resolve, 1_100));
		const polled: IDataObject = {};
		const pollParameters = { mode: 'polling', itemType: 'contact', mailboxes: `${ALICE}, ${BOB}` };
		await pollOnce(pollParameters, polled);
		await withActiveTrigger({ itemType: 'contact', mailboxes: `${ALICE}, ${BOB}` }, async (endpoint) => {
			const [created] = await server().control.insertItems(ALICE, 'contact', [{ givenName: 'Echt', surname: 'Zeit', email: 'echt.zeit@outside.test' }]);
			const bobContacts = await server().control.items(BOB, 'contacts');
			await server().control.updateItem(bobContacts[0].id, { jobTitle: 'Notified' });
			await server().control.deleteItems([bobContacts[1].id], true);
			const items = await emitted(endpoint, (all) => all.length >= 3);
			expect(items).toEqual(
				expect.arrayContaining([
					expect.objectContaining({ changeType: 'created', itemType: 'contact', givenName: 'Echt', mailbox: ALICE }),
					expect.objectContaining({ changeType: 'updated', itemType: 'contact', jobTitle: 'Notified', mailbox: BOB }),
					{ changeType: 'deleted', itemType: 'contact', id: expect.any(String), mailbox: BOB },
				]),
			);
			expect(items).toHaveLength(3);
			// The workflows cannot tell the modes apart: polling gives the very same items.
			const sameChanges = await pollOnce(pollParameters, polled);
			const byId = (list: IDataObject[]) => [...list].sort((a, b) => String(a.id).localeCompare(String(b.id)));
			expect(byId(items)).toEqual(byId(sameChanges));
			expect(items.find((item) => item.changeType === 'created')?.givenName).toBe('Echt');
			expect(created).toBeDefined();
		});
	});

	it('emits events and Inbox messages as they change', async () => {
		await withActiveTrigger({ itemType: 'event', mailboxes: ALICE }, async (endpoint) => {
			const soon = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
			const [event] = await server().control.insertItems(ALICE, 'event', [{ subject: 'Notified meeting', start: `${soon}T10:00:00Z`, end: `${soon}T11:00:00Z`, timeZone: 'UTC' }]);
			expect(await emitted(endpoint, (all) => all.length >= 1)).toEqual([expect.objectContaining({ changeType: 'created', itemType: 'event', subject: 'Notified meeting', id: expect.any(String), mailbox: ALICE })]);
			await server().control.updateItem(event.id, { subject: 'Notified meeting, moved' });
			expect((await emitted(endpoint, (all) => all.length >= 2))[1]).toEqual(expect.objectContaining({ changeType: 'updated', subject: 'Notified meeting, moved' }));
		});
		await withActiveTrigger({ itemType: 'message', mailboxes: ALICE }, async (endpoint) => {
			await server().control.insertItems(ALICE, 'message', [{ subject: 'Order by mail', from: { email: 'buyer@outside.test' }, to: [{ email: ALICE }], body: '<p>5 units</p>', bodyType: 'HTML', isRead: false }], 'inbox');
			expect(await emitted(endpoint, (all) => all.length >= 1)).toEqual([
				expect.objectContaining({ changeType: 'created', itemType: 'message', subject: 'Order by mail', from: { email: 'buyer@outside.test', name: null }, isRead: false, mailbox: ALICE }),
			]);
		});
	});

	it('refuses notifications without the clientState and compares it in constant time', async () => {
		await withActiveTrigger({ itemType: 'contact', mailboxes: ALICE }, async (endpoint) => {
			const [subscription] = await ourSubscriptions(endpoint);
			const forged = { value: [{ subscriptionId: subscription.id, changeType: 'created', clientState: 'guessed', resourceData: { id: 'AAMk-forged' } }] };
			const answer = await fetch(String(subscription.notificationUrl), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(forged) });
			expect(answer.status).toBe(403);
			expect(endpoint.runs).toEqual([]);
		});
		expect(sameSecret('abc', 'abc')).toBe(true);
		expect(sameSecret('abd', 'abc')).toBe(false);
		expect(sameSecret('ab', 'abc')).toBe(false);
		expect(sameSecret('abcd', 'abc')).toBe(false);
		expect(sameSecret('', 'abc')).toBe(false);
	});

	it('renews on reauthorizationRequired, recreates on subscriptionRemoved and catches up on missed', async () => {
		await withActiveTrigger({ itemType: 'contact', mailboxes: ALICE }, async (endpoint) => {
			const [first] = await ourSubscriptions(endpoint);
			await server().control.lifecycle('reauthorizationRequired', String(first.id));
			expect((await ourSubscriptions(endpoint))[0].needsReauthorization).toBe(true);
			const [renewed] = await subscriptionsWhen(endpoint, ([entry]) => entry?.needsReauthorization === false);
			expect(renewed.id).toBe(first.id);
			expect(renewed.needsReauthorization).toBe(false);

			await server().control.lifecycle('subscriptionRemoved', String(first.id));
			const [recreated] = await subscriptionsWhen(endpoint, (entries) => entries.length === 1);
			expect(recreated.id).not.toBe(first.id);
			expect(recreated.mailbox).toBe(ALICE);

			// A change whose notification is lost, then Graph says notifications were missed.
			endpoint.dropping = true;
			await server().control.insertItems(ALICE, 'contact', [{ givenName: 'Lost', surname: 'Notification' }]);
			await new Promise((resolve) => setTimeout(resolve, 500));
			endpoint.dropping = false;
			expect(endpoint.runs).toEqual([]);
			await server().control.lifecycle('missed', String(recreated.id));
			expect(await emitted(endpoint, (all) => all.length >= 1)).toEqual([expect.objectContaining({ changeType: 'created', givenName: 'Lost', mailbox: ALICE })]);
		});
	});

	it('its poll renews subscriptions near expiry, recreates lost ones, removes duplicates and moves the cursor on', async () => {
		const parameters = { itemType: 'contact', mailboxes: `${ALICE}, ${BOB}` };
		await withActiveTrigger(parameters, async (endpoint, staticData) => {
			const [alice, bob] = (await ourSubscriptions(endpoint)).sort((a, b) => String(a.mailbox).localeCompare(String(b.mailbox)));
			const client = graphAuthHelpers().helpers;
			const graph = async (method: string, path: string, body?: IDataObject) =>
				(await client.httpRequestWithAuthentication.call(
					contextFor(parameters, {}) as never,
					'microsoft365GraphApi',
					{ method, url: `${server().origin}/v1.0${path}`, body, json: true } as never,
				)) as IDataObject;
			const soon = new Date(Date.now() + 3_600_000).toISOString();
			await graph('PATCH', `/subscriptions/${String(alice.id)}`, { expirationDateTime: soon });
			await graph('DELETE', `/subscriptions/${String(bob.id)}`);
			const duplicate = await graph('POST', '/subscriptions', {
				changeType: 'created,updated,deleted',
				resource: String(alice.resource),
				notificationUrl: String(alice.notificationUrl),
				clientState: 'x',
				expirationDateTime: soon,
			});
			const cursorBefore = JSON.stringify(staticData.cursors);

			expect(await pollOnce(parameters, staticData)).toEqual([]);
			const after = await ourSubscriptions(endpoint);
			expect(after.map((subscription) => subscription.mailbox).sort()).toEqual([ALICE, BOB]);
			const aliceAfter = after.find((subscription) => subscription.mailbox === ALICE)!;
			expect(aliceAfter.id).toBe(alice.id);
			expect(Date.parse(String(aliceAfter.expirationDateTime)) - Date.now()).toBeGreaterThan(6 * 86_400_000);
			expect(after.some((subscription) => subscription.id === duplicate.id)).toBe(false);
			expect(JSON.stringify(staticData.cursors)).not.toBe(cursorBefore);
		});
	});

	it('polls To Do tasks, which have no notifications for apps, and subscribes nothing for them', async () => {
		const parameters = { itemType: 'task', mailboxes: ALICE };
		const staticData: IDataObject = {};
		expect(await pollOnce(parameters, staticData)).toEqual([]);
		await server().control.insertItems(ALICE, 'task', [{ subject: 'Polled in real time' }]);
		expect(await pollOnce(parameters, staticData)).toEqual([expect.objectContaining({ changeType: 'created', itemType: 'task', subject: 'Polled in real time', mailbox: ALICE })]);
	});
});
