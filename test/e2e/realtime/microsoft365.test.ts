/**
 * "Microsoft 365 Real-time: Exchange → CRM" on real n8n: publishing it subscribes Alice's contacts
 * and calendar at Microsoft Graph (the local Microsoft 365 server validates n8n's webhook URL), an
 * edit in her mailbox is POSTed to n8n as a change notification and reaches her Zoho contact.
 */
jest.setTimeout(600_000);

import { MICROSOFT_365_REALTIME_SET, microsoft365Workflows } from '../../../scripts/workflows/microsoft365';
import { eventually, RealtimeWorld, triggersWatching } from './support/realtimeWorld';

const ALICE = 'alice@example.test';
const CONTACT = 'ana.ribeiro@lumen-labs.test';

interface Subscription {
	id: string;
	mailbox: string;
	kind: string;
	notificationUrl: string;
}

interface Delivery {
	url: string;
	kind: string;
	status: number;
}

describe('Microsoft 365 real time: Exchange → CRM on real n8n', () => {
	let world: RealtimeWorld;

	const subscriptions = async () => (await world.servers.exchange.control.call<{ subscriptions: Subscription[] }>('GET', 'graph/subscriptions')).subscriptions;
	const deliveries = async () => (await world.servers.exchange.control.call<{ deliveries: Delivery[] }>('GET', 'graph/notifications')).deliveries;
	const exchangeContact = () => world.exchangeContact(ALICE, CONTACT);
	const crmContact = () => world.crmContact(CONTACT);

	beforeAll(async () => {
		world = await RealtimeWorld.start([triggersWatching(microsoft365Workflows()['realtime-exchange-to-crm.json'], ALICE)], { syncTasks: false, syncEvents: false, syncMails: false }, {}, { microsoft365: true });
		await world.syncNow();
		expect((await crmContact())?.Exchange_Sync_Id).toBeTruthy();
	});

	afterAll(async () => {
		await world?.dispose();
	});

	it('publishing subscribes Alice\'s contacts and events at their triggers\' webhook URLs, and nothing for tasks', async () => {
		const active = await eventually('the subscriptions', async () => {
			const all = await subscriptions();
			return all.length >= 2 ? all : undefined;
		}, 60_000);
		expect(active.map((subscription) => [subscription.mailbox, subscription.kind]).sort()).toEqual([
			[ALICE, 'contacts'],
			[ALICE, 'events'],
		]);
		const webhookIds = MICROSOFT_365_REALTIME_SET.exchangeTriggerWebhookIds!;
		const urlOf = (kind: string) => active.find((subscription) => subscription.kind === kind)?.notificationUrl;
		expect(urlOf('contacts')).toBe(`${world.url}/webhook/${webhookIds.contacts}/webhook?mailbox=${encodeURIComponent(ALICE)}`);
		expect(urlOf('events')).toBe(`${world.url}/webhook/${webhookIds.events}/webhook?mailbox=${encodeURIComponent(ALICE)}`);
		const validations = (await deliveries()).filter((delivery) => delivery.kind === 'validation');
		expect(validations.length).toBeGreaterThanOrEqual(4);
		expect(validations.every((delivery) => delivery.status === 200)).toBe(true);
	});

	it('an edit in the mailbox reaches the CRM through a change notification, once', async () => {
		const exchange = await exchangeContact();
		await world.servers.zoho.control.resetCounters();
		await world.servers.exchange.control.updateItem(exchange!.id, { jobTitle: 'Chief Scientist (edited in Microsoft 365)' });
		await eventually('the edit in Zoho', async () => ((await crmContact())?.Title === 'Chief Scientist (edited in Microsoft 365)' ? true : undefined));
		const notified = (await deliveries()).filter((delivery) => delivery.kind === 'notification');
		expect(notified.length).toBeGreaterThan(0);
		expect(notified.every((delivery) => delivery.status === 202)).toBe(true);
		// Our own write of the sync state comes back as a notification too; it must plan no write.
		await new Promise((resolve) => setTimeout(resolve, 8_000));
		const zohoCalls = await world.servers.zoho.control.counters();
		expect(zohoCalls.byOperation['records.update']).toBe(1);
		expect(zohoCalls.byOperation['records.insert']).toBeUndefined();
	});
});
