/**
 * "Real-time: Exchange → CRM" on real n8n: the Exchange trigger's streaming subscription reports
 * an edit in Alice's mailbox and it reaches her Zoho contact; our own write does not bounce back.
 */
jest.setTimeout(600_000);

import { realtimeExchangeToCrmWorkflow } from '../../../scripts/workflows/realtime';
import { eventually, RealtimeWorld, triggersWatching } from './support/realtimeWorld';

const ALICE = 'alice@example.test';
const CONTACT = 'ana.ribeiro@lumen-labs.test';

describe('Real-time: Exchange → CRM on real n8n', () => {
	let world: RealtimeWorld;

	const exchangeContact = () => world.exchangeContact(ALICE, CONTACT);
	const crmContact = () => world.crmContact(CONTACT);

	beforeAll(async () => {
		world = await RealtimeWorld.start([triggersWatching(realtimeExchangeToCrmWorkflow(), ALICE)], { syncTasks: false, syncEvents: false, syncMails: false });
		await world.syncNow();
		expect((await crmContact())?.Exchange_Sync_Id).toBeTruthy();
	});

	afterAll(async () => {
		await world?.dispose();
	});

	it('an edit in Exchange reaches the CRM within seconds, once, and is not echoed back', async () => {
		const exchange = await exchangeContact();
		// Let the streaming subscriptions settle after the first sync's writes.
		await new Promise((resolve) => setTimeout(resolve, 5_000));
		await world.servers.exchange.control.resetCounters();
		await world.servers.zoho.control.resetCounters();
		await world.servers.exchange.control.updateItem(exchange!.id, { jobTitle: 'Chief Scientist (edited in Exchange)' });
		await eventually('the edit in Zoho', async () =>
			(await crmContact())?.Title === 'Chief Scientist (edited in Exchange)' ? true : undefined,
		);
		// Our Exchange write (the new sync state) streams back as a change; it must plan no write.
		await new Promise((resolve) => setTimeout(resolve, 8_000));
		const [exchangeCalls, zohoCalls] = await Promise.all([world.servers.exchange.control.counters(), world.servers.zoho.control.counters()]);
		expect(exchangeCalls.byOperation.UpdateItem ?? 0).toBeLessThanOrEqual(1);
		expect(exchangeCalls.byOperation.CreateItem).toBeUndefined();
		expect(zohoCalls.byOperation['records.update']).toBe(1);
		expect(zohoCalls.byOperation['records.insert']).toBeUndefined();
		expect((await exchangeContact())?.jobTitle).toBe('Chief Scientist (edited in Exchange)');
	});
});
