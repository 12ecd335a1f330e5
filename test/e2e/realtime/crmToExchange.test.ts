/**
 * "Real-time: CRM → Exchange" on real n8n: Zoho's notification channel POSTs to n8n's webhook
 * and the edit reaches the owner's mailbox; our own writes do not bounce back; a burst of 50
 * notifications for one record makes one write. Asserted on the local servers.
 */
jest.setTimeout(600_000);

import { realtimeCrmToExchangeWorkflow } from '../../../scripts/workflows/realtime';
import { eventually, RealtimeWorld } from './support/realtimeWorld';

const ALICE = 'alice@example.test';
const CONTACT = 'ana.ribeiro@lumen-labs.test';

describe('Real-time: CRM → Exchange on real n8n', () => {
	let world: RealtimeWorld;

	const exchangeContact = () => world.exchangeContact(ALICE, CONTACT);
	const crmContact = () => world.crmContact(CONTACT);
	/** Waits until n8n has answered every notification and nothing is left to sync. */
	const settled = async () => {
		let previous = -1;
		await eventually('the notifications to settle', async () => {
			const { deliveries } = await world.servers.zoho.control.notifications();
			await new Promise((resolve) => setTimeout(resolve, 1_500));
			const count = deliveries.length;
			const stable = count === previous;
			previous = count;
			return stable ? true : undefined;
		});
	};

	beforeAll(async () => {
		world = await RealtimeWorld.start([realtimeCrmToExchangeWorkflow()], { syncTasks: false, syncEvents: false, syncMails: false });
		await world.syncNow();
		await settled();
		// The first sync linked the contact on both sides.
		expect((await exchangeContact())?.syncId).toBeTruthy();
	});

	afterAll(async () => {
		await world?.dispose();
	});

	it('registers one notification channel per module, pointing at n8n over loopback', async () => {
		const { channels } = await world.servers.zoho.control.notifications();
		const urls = channels.map((channel) => String(channel.notify_url));
		expect(urls).toHaveLength(3);
		for (const url of urls) expect(url.startsWith(`${world.url}/webhook/`)).toBe(true);
	});

	it('an edit in Zoho reaches the owner\'s mailbox within seconds, and is not echoed back', async () => {
		const crm = await crmContact();
		await world.servers.exchange.control.resetCounters();
		await world.servers.zoho.control.resetCounters();
		const started = Date.now();
		await world.servers.zoho.control.updateRecords('Contacts', [{ id: crm!.id, Title: 'Head of Research (edited in Zoho)' }]);
		await eventually('the edit in Exchange', async () =>
			(await exchangeContact())?.jobTitle === 'Head of Research (edited in Zoho)' ? true : undefined,
		20_000);
		expect(Date.now() - started).toBeLessThan(20_000);
		await settled();

		const exchangeCalls = await world.servers.exchange.control.counters();
		expect(exchangeCalls.byOperation.UpdateItem).toBe(1);
		expect(exchangeCalls.byOperation.CreateItem).toBeUndefined();
		// The sync state written back to Zoho makes one more notification; it plans no write (no ping-pong).
		const { deliveries } = await world.servers.zoho.control.notifications();
		const forRecord = deliveries.filter((delivery) => delivery.body.ids.includes(crm!.id) && Date.parse(delivery.at) >= started);
		expect(forRecord.length).toBeLessThanOrEqual(2);
		expect((await crmContact())?.Title).toBe('Head of Research (edited in Zoho)');
	});

	it('a burst of 50 notifications for one record makes one write', async () => {
		const crm = await crmContact();
		await world.servers.zoho.control.updateRecords('Contacts', [{ id: crm!.id, Department: 'Burst' }]);
		const { deliveries } = await world.servers.zoho.control.notifications();
		const edit = deliveries.filter((delivery) => delivery.body.ids.includes(crm!.id)).at(-1)!;
		await eventually('the edit in Exchange', async () => ((await exchangeContact())?.department === 'Burst' ? true : undefined));
		await settled();

		// Zoho retries and repeats: 50 more notifications of the same edit, all at once.
		await world.servers.exchange.control.resetCounters();
		await world.servers.zoho.control.updateRecords('Contacts', [{ id: crm!.id, Department: 'Burst 2' }]);
		const burst = Array.from({ length: 49 }, () =>
			fetch(edit.url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(edit.body) }),
		);
		const answers = await Promise.all(burst);
		expect(answers.every((answer) => answer.ok)).toBe(true);
		await eventually('the burst edit in Exchange', async () => ((await exchangeContact())?.department === 'Burst 2' ? true : undefined));
		await settled();
		// Runs that overlap under load may each try the update; Exchange refuses all but the first
		// by its ChangeKey, so exactly one write lands.
		const { byOperation } = await world.servers.exchange.control.counters();
		expect(byOperation.UpdateItem - (byOperation['UpdateItem refused (stale ChangeKey)'] ?? 0)).toBe(1);
	});
});
