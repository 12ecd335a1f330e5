import type { IDataObject, INodeExecutionData, ITriggerFunctions } from 'n8n-workflow';
import { nodeContext } from '../../support/nodeContext';
import { MicrosoftExchangeTrigger } from '../../../nodes/MicrosoftExchange/MicrosoftExchangeTrigger.node';
import { ALICE, BOB, credentialsFor, useExchangeEmulator } from './support';

jest.setTimeout(60_000);

const server = useExchangeEmulator();
const trigger = new MicrosoftExchangeTrigger();
const warnings: string[] = [];
/** The trigger's resync margin (2 s), one second for LastModifiedTime's truncation, and a little slack. */
const RESYNC_WINDOW_MS = 3_500;


function context(parameters: IDataObject, staticData: IDataObject, mode: 'manual' | 'trigger' = 'trigger') {
	const base = nodeContext({
		parameters: { mode: 'polling', events: ['created', 'updated', 'deleted'], ...parameters },
		credentials: { microsoftExchangeEwsApi: credentialsFor(server(), 'basic') },
		staticData,
		mode,
	});
	return Object.assign(base, { logger: { warn: (message: string) => warnings.push(message) } });
}

async function poll(parameters: IDataObject, staticData: IDataObject, mode: 'manual' | 'trigger' = 'trigger') {
	const output = await trigger.poll.call(context(parameters, staticData, mode));
	return output ? output[0].map((item) => item.json) : [];
}

describe('polling', () => {
	const parameters = { itemType: 'contact', mailboxes: `${ALICE}, ${BOB}` };

	it('starts from "now" on first activation, then emits what changed, per mailbox', async () => {
		const staticData: IDataObject = {};
		expect(await poll(parameters, staticData)).toEqual([]);
		expect(Object.keys(staticData.cursors as object).sort()).toEqual([`contact:${ALICE}`, `contact:${BOB}`]);

		const [created] = await server().control.insertItems(ALICE, 'contact', [{ givenName: 'Neu', surname: 'Kontakt', email1: 'neu@example.test' }]);
		const bobContacts = await server().control.items(BOB, 'contacts');
		await server().control.updateItem(bobContacts[0].id, { jobTitle: 'Promoted' });
		await server().control.deleteItems([bobContacts[1].id]);

		const changes = await poll(parameters, staticData);
		expect(changes).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ changeType: 'created', itemType: 'contact', id: created.id, givenName: 'Neu', mailbox: ALICE }),
				expect.objectContaining({ changeType: 'updated', id: bobContacts[0].id, jobTitle: 'Promoted', mailbox: BOB }),
				expect.objectContaining({ changeType: 'deleted', id: bobContacts[1].id, mailbox: BOB }),
			]),
		);
		expect(changes).toHaveLength(3);
		expect(await poll(parameters, staticData)).toEqual([]);
	});

	it('emits only the chosen events', async () => {
		const staticData: IDataObject = {};
		const createdOnly = { ...parameters, events: ['created'] };
		await poll(createdOnly, staticData);
		const contacts = await server().control.items(ALICE, 'contacts');
		await server().control.updateItem(contacts[0].id, { jobTitle: 'Changed' });
		await server().control.insertItems(ALICE, 'contact', [{ givenName: 'Only', surname: 'Created' }]);
		const changes = await poll(createdOnly, staticData);
		expect(changes.map((change) => [change.changeType, change.givenName])).toEqual([['created', 'Only']]);
	});

	it('recovers from an invalid cursor without replaying everything as new', async () => {
		// After an invalid cursor the trigger emits what changed since its last good poll, less a
		// two-second margin, on LastModifiedTime's whole seconds. On a quick run every contact may
		// still be that new, so wait until the oldest is outside the window: then "not all" can show.
		const oldest = Math.min(...(await server().control.items(ALICE, 'contacts')).map((contact) => Date.parse(contact.lastModified as string)));
		await new Promise((resolve) => setTimeout(resolve, Math.max(0, oldest + RESYNC_WINDOW_MS - Date.now())));
		const staticData: IDataObject = {};
		await poll(parameters, staticData);
		const before = JSON.stringify(staticData);
		await server().control.insertItems(ALICE, 'contact', [{ givenName: 'After', surname: 'Reset' }]);
		await server().control.faults([{ operation: 'SyncFolderItems', kind: 'invalidSyncState', count: 1 }]);
		const changes = await poll(parameters, staticData);
		// The items changed since the last good poll (give or take its two-second margin), not all.
		const contacts = await server().control.items(ALICE, 'contacts');
		expect(changes.length).toBeLessThan(contacts.length);
		expect(changes).toEqual(expect.arrayContaining([expect.objectContaining({ givenName: 'After', changeType: 'created', mailbox: ALICE })]));
		expect(JSON.stringify(staticData)).not.toBe(before);
		expect(await poll(parameters, staticData)).toEqual([]);
	});

	it('keeps the cursor of a failing mailbox and advances the others', async () => {
		const staticData: IDataObject = {};
		await poll(parameters, staticData);
		const cursors = { ...(staticData.cursors as IDataObject) };
		await server().control.insertItems(BOB, 'contact', [{ givenName: 'Bob', surname: 'New' }]);
		await server().control.faults([{ operation: 'SyncFolderItems', kind: 'http500', count: 1 }]);
		const changes = await poll(parameters, staticData);
		expect(changes.map((change) => change.givenName)).toEqual(['Bob']);
		expect((staticData.cursors as IDataObject)[`contact:${ALICE}`]).toEqual(cursors[`contact:${ALICE}`]);
		expect(warnings.length).toBeGreaterThan(0);
	});

	it('fails the poll (without advancing) when every mailbox fails', async () => {
		const staticData: IDataObject = {};
		await poll({ itemType: 'task', mailboxes: ALICE }, staticData);
		const before = JSON.stringify(staticData);
		await server().control.setPassword('svc-sync@example.test', 'changed-password');
		try {
			await expect(poll({ itemType: 'task', mailboxes: ALICE }, staticData)).rejects.toThrow(/rejected the username or password/);
		} finally {
			await server().control.setPassword('svc-sync@example.test', 'demo-password');
		}
		expect(JSON.stringify(staticData)).toBe(before);
	});

	it('returns a sample quickly when tested manually', async () => {
		const staticData: IDataObject = {};
		const sample = await poll({ itemType: 'message', mailboxes: BOB }, staticData, 'manual');
		expect(sample).toHaveLength(1);
		expect(sample[0]).toMatchObject({ changeType: 'created', itemType: 'message', mailbox: BOB });
		expect(staticData).toEqual({});
	});
});

describe('real-time (streaming)', () => {
	it('emits items as they change and unsubscribes on close', async () => {
		const emitted: INodeExecutionData[][] = [];
		const errors: Error[] = [];
		const base = context({ mode: 'streaming', itemType: 'task', mailboxes: ALICE }, {});
		const triggerContext = Object.assign(base, {
			emit: (data: INodeExecutionData[][]) => emitted.push(...data),
			emitError: (error: Error) => errors.push(error),
		}) as unknown as ITriggerFunctions;
		const response = await trigger.trigger.call(triggerContext);
		try {
			expect((await server().control.subscriptions()).filter((subscription) => subscription.kind === 'streaming')).toHaveLength(1);
			const [task] = await server().control.insertItems(ALICE, 'task', [{ subject: 'Streamed task' }]);
			const deadline = Date.now() + 30_000;
			while (!emitted.flat().some((item) => item.json.id === task.id) && Date.now() < deadline) {
				await new Promise((resolve) => setTimeout(resolve, 100));
			}
			expect(emitted.flat().map((item) => item.json)).toEqual(
				expect.arrayContaining([expect.objectContaining({ changeType: 'created', itemType: 'task', id: task.id, subject: 'Streamed task' })]),
			);
			expect(errors).toEqual([]);
		} finally {
			await response.closeFunction?.();
		}
		expect((await server().control.subscriptions()).filter((subscription) => subscription.kind === 'streaming')).toHaveLength(0);
	}, 45_000);
});
