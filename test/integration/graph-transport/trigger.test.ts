import type { IDataObject } from 'n8n-workflow';
import { nodeContext } from '../../support/nodeContext';
import { graphAuthHelpers } from '../../support/graphAuth';
import { MicrosoftExchangeTrigger } from '../../../nodes/MicrosoftExchange/MicrosoftExchangeTrigger.node';
import { ALICE, graphCredentials, useGraphServer } from './support';

jest.setTimeout(60_000);

const server = useGraphServer();
const BOB = 'bob@example.test';
/** The trigger's resync margin (2 s), one second for whole-second times, and a little slack. */
const RESYNC_WINDOW_MS = 3_500;
const parameters = { server: 'graph', mode: 'polling', itemType: 'contact', events: ['created', 'updated', 'deleted'], mailboxes: `${ALICE}, ${BOB}` };

async function poll(staticData: IDataObject, extra: IDataObject = {}) {
	const context = nodeContext({
		parameters: { ...parameters, ...extra },
		credentials: { microsoft365GraphApi: graphCredentials(server()) },
		helpers: graphAuthHelpers().helpers,
		staticData,
		mode: 'trigger',
	});
	const output = await new MicrosoftExchangeTrigger().poll.call(Object.assign(context, { logger: { warn: () => undefined } }));
	return output ? output[0].map((item) => item.json) : [];
}

describe('the trigger polling contacts over Microsoft 365 (Graph)', () => {
	it('starts from "now", then emits what changed per mailbox, and nothing twice', async () => {
		// Graph's times are whole seconds: a seeded contact changed within the second it was
		// created and the trigger started in counts as created, so start a second after the seed.
		await new Promise((resolve) => setTimeout(resolve, 1_100));
		const staticData: IDataObject = {};
		expect(await poll(staticData)).toEqual([]);

		await server().control.insertItems(ALICE, 'contact', [{ givenName: 'Neu', surname: 'Kontakt' }]);
		const bobContacts = await server().control.items(BOB, 'contacts');
		await server().control.updateItem(bobContacts[0].id, { jobTitle: 'Promoted' });
		await server().control.deleteItems([bobContacts[1].id], true);

		const changes = await poll(staticData);
		expect(changes).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ changeType: 'created', itemType: 'contact', givenName: 'Neu', mailbox: ALICE }),
				expect.objectContaining({ changeType: 'updated', jobTitle: 'Promoted', mailbox: BOB }),
				expect.objectContaining({ changeType: 'deleted', mailbox: BOB }),
			]),
		);
		expect(changes).toHaveLength(3);
		expect(await poll(staticData)).toEqual([]);
	});

	it('recovers from a cursor Graph no longer accepts (410) without replaying every contact', async () => {
		// The trigger then emits what changed since its last good poll, less a two-second margin, on
		// whole seconds: wait until the oldest contact is outside that window, so "not all" can show.
		const stored = [...(await server().control.items(ALICE, 'contacts')), ...(await server().control.items(BOB, 'contacts'))];
		const oldest = Math.min(...stored.map((contact) => Date.parse(contact.lastModified as string)));
		await new Promise((resolve) => setTimeout(resolve, Math.max(0, oldest + RESYNC_WINDOW_MS - Date.now())));
		const staticData: IDataObject = {};
		await poll(staticData);
		await server().control.insertItems(ALICE, 'contact', [{ givenName: 'After', surname: 'Expiry' }]);
		await server().control.expireDeltaTokens();
		const changes = await poll(staticData);
		expect(changes).toEqual(expect.arrayContaining([expect.objectContaining({ givenName: 'After', changeType: 'created', mailbox: ALICE })]));
		const contacts = [...(await server().control.items(ALICE, 'contacts')), ...(await server().control.items(BOB, 'contacts'))];
		expect(changes.length).toBeLessThan(contacts.length);
		expect(await poll(staticData)).toEqual([]);
	});
});

describe('the trigger polling Inbox messages over Microsoft 365 (Graph)', () => {
	it('emits new mail and read-flag changes per mailbox once, in the EWS item shape', async () => {
		await new Promise((resolve) => setTimeout(resolve, 1_100));
		const staticData: IDataObject = {};
		const messages = { itemType: 'message' };
		expect(await poll(staticData, messages)).toEqual([]);

		await server().control.insertItems(ALICE, 'message', [{ subject: 'New order', from: { email: 'buyer@outside.test' }, to: [{ email: ALICE }], body: '<p>10 units</p>', bodyType: 'HTML', isRead: false }], 'inbox');
		const arrived = await poll(staticData, messages);
		expect(arrived).toEqual([expect.objectContaining({ changeType: 'created', itemType: 'message', subject: 'New order', from: { email: 'buyer@outside.test', name: null }, isRead: false, mailbox: ALICE })]);
		expect(await poll(staticData, messages)).toEqual([]);

		// Graph's times are whole seconds: a change a second later is an update.
		await new Promise((resolve) => setTimeout(resolve, 1_100));
		const [stored] = (await server().control.items(ALICE, 'inbox')).filter((item) => item.subject === 'New order');
		await server().control.updateItem(stored.id as string, { isRead: true });
		expect(await poll(staticData, messages)).toEqual([expect.objectContaining({ changeType: 'updated', subject: 'New order', isRead: true })]);
	});
});

describe('the trigger polling events over Microsoft 365 (Graph)', () => {
	it('starts from "now", then emits created, updated and deleted events (a series once, not per occurrence)', async () => {
		await new Promise((resolve) => setTimeout(resolve, 1_100));
		const staticData: IDataObject = {};
		const events = { itemType: 'event', mailboxes: ALICE };
		expect(await poll(staticData, events)).toEqual([]);

		const soon = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
		const [single, series] = await server().control.insertItems(ALICE, 'event', [
			{ subject: 'Polled single', start: `${soon}T10:00:00Z`, end: `${soon}T11:00:00Z`, timeZone: 'UTC' },
			{ subject: 'Polled daily', start: `${soon}T08:00:00Z`, end: `${soon}T08:15:00Z`, timeZone: 'UTC', recurrence: { rrule: 'FREQ=DAILY;COUNT=5' } },
		]);
		const created = await poll(staticData, events);
		expect(created.map((change) => [change.changeType, change.subject]).sort()).toEqual([
			['created', 'Polled daily'],
			['created', 'Polled single'],
		]);

		await new Promise((resolve) => setTimeout(resolve, 1_100));
		await server().control.updateItem(series.id, { subject: 'Polled daily, renamed' });
		await server().control.deleteItems([single.id]);
		const changed = await poll(staticData, events);
		expect(changed.map((change) => [change.changeType, change.subject ?? null]).sort()).toEqual([
			['deleted', null],
			['updated', 'Polled daily, renamed'],
		]);
		expect(await poll(staticData, events)).toEqual([]);
	});
});

describe('the trigger polling tasks over Microsoft 365 (To Do)', () => {
	it('emits created, updated and deleted tasks, each with its id through its list, and nothing twice', async () => {
		const taskPolls = { itemType: 'task', mailboxes: ALICE };
		const [kept, gone] = await server().control.insertItems(ALICE, 'task', [{ subject: 'Kept' }, { subject: 'Gone' }]);
		await new Promise((resolve) => setTimeout(resolve, 1_100));
		const staticData: IDataObject = {};
		expect(await poll(staticData, taskPolls)).toEqual([]);

		await server().control.insertItems(ALICE, 'task', [{ subject: 'New task', dueDate: '2031-01-02' }]);
		await server().control.updateItem(kept.id, { status: 'Completed' });
		await server().control.deleteItems([gone.id], true);
		const changes = await poll(staticData, taskPolls);
		expect(changes).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ changeType: 'created', itemType: 'task', subject: 'New task', dueDate: '2031-01-02', mailbox: ALICE }),
				expect.objectContaining({ changeType: 'updated', subject: 'Kept', status: 'Completed' }),
				expect.objectContaining({ changeType: 'deleted', mailbox: ALICE }),
			]),
		);
		expect(changes).toHaveLength(3);
		expect(changes.every((change) => /^[^/]+\/[^/]+$/.test(String(change.id)))).toBe(true);
		expect(await poll(staticData, taskPolls)).toEqual([]);
	});
});
