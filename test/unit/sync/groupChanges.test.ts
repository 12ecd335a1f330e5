/**
 * "Group Changes by Mailbox": a real-time trigger's changes become one item per user's mailbox,
 * each record once, in the user's time zone, with the lookups of their counterparts.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { ExchangeCrmSync } from '../../../nodes/ExchangeCrmSync/ExchangeCrmSync.node';
import { groupChangesByMailbox } from '../../../nodes/ExchangeCrmSync/core';
import { nodeContext } from '../../support/nodeContext';

const USERS = [
	{ id: 'u1', email: 'Alice@Example.test', time_zone: 'Asia/Kolkata' },
	{ id: 'u2', email: 'bob@example.test', time_zone: 'America/New_York' },
];
const KNOWN_USERS = [
	{ email: 'Alice@Example.test', type: 'user', id: 'u1' },
	{ email: 'bob@example.test', type: 'user', id: 'u2' },
];
const alice = { id: 'u1', email: 'alice@example.test' };

const items = (list: IDataObject[]): INodeExecutionData[] => list.map((json) => ({ json }));
const run = (parameters: Record<string, unknown>, users: IDataObject[], continueOnFail = false) =>
	new ExchangeCrmSync().execute.call(nodeContext({ parameters: { operation: 'groupChanges', ...parameters }, inputs: [items(users), []], continueOnFail }));

describe('Group Changes by Mailbox', () => {
	it('CRM changes: one group per owner, each record once (its last state), in the owner\'s time zone, with the users as known people', () => {
		const changes = [
			{ id: 'r1', record: { id: 'r1', Email: 'ana@x.test', Owner: alice, Title: 'old' } },
			{ id: 'r2', record: { id: 'r2', Email: 'kim@x.test', Owner: { id: 'u2', email: 'BOB@example.test' }, Exchange_Sync_Id: 's2' } },
			{ id: 'r1', record: { id: 'r1', Email: 'ana@x.test', Owner: alice, Title: 'new' } },
			{ id: 'r3', record: { id: 'r3', Email: 'lee@x.test', Owner: alice, Exchange_Sync_Id: 's3' } },
			// Fetching the record failed: nothing to sync.
			{ id: 'r4' },
			// No owner: no mailbox to sync it to.
			{ id: 'r5', record: { id: 'r5', Email: 'x@x.test' } },
		];
		const groups = groupChangesByMailbox(changes, USERS, 'crm', 'contacts');
		expect(groups.map((group) => [group.mailbox, group.ownerId, group.timeZone])).toEqual([
			['alice@example.test', 'u1', 'Asia/Kolkata'],
			['bob@example.test', 'u2', 'America/New_York'],
		]);
		expect(groups[0].records!.map((record) => [record.id, record.Title])).toEqual([['r1', 'new'], ['r3', undefined]]);
		expect(groups[0].crmUsers).toEqual(KNOWN_USERS);
		// Linked records by their sync ids in one lookup; unlinked ones by their match key (contacts: e-mail).
		expect(groups[0].lookups).toEqual([{ syncIds: 's3', search: '' }, { syncIds: '', search: 'ana@x.test' }]);
		expect(groups[1].lookups).toEqual([{ syncIds: 's2', search: '' }]);
	});

	it('CRM changes of tasks and events are matched by their subject and title before they are linked', () => {
		expect(groupChangesByMailbox([{ id: 't1', record: { id: 't1', Subject: 'Call Ana', Owner: alice } }], USERS, 'crm', 'tasks')[0].lookups).toEqual([{ syncIds: '', search: 'Call Ana' }]);
		expect(groupChangesByMailbox([{ id: 'e1', record: { id: 'e1', Event_Title: 'Review', Owner: alice } }], USERS, 'crm', 'events')[0].lookups).toEqual([{ syncIds: '', search: 'Review' }]);
	});

	it('Exchange changes: one group per mailbox of an active CRM user, each item once; others are not synced', () => {
		const changes = [
			{ id: 'e1', mailbox: 'ALICE@example.test', syncId: 's1', email1: 'ana@x.test' },
			{ id: 'e2', mailbox: 'alice@example.test', email1: 'kim@x.test' },
			{ id: 'e3', mailbox: 'alice@example.test' },
			{ id: 'e1', mailbox: 'alice@example.test', syncId: 's1', email1: 'ana@x.test', jobTitle: 'later' },
			{ id: 'e9', mailbox: 'carol@example.test', syncId: 's9' },
		];
		const groups = groupChangesByMailbox(changes, USERS, 'exchange', 'contacts');
		expect(groups).toHaveLength(1);
		expect(groups[0]).toMatchObject({ mailbox: 'alice@example.test', ownerId: 'u1', timeZone: 'Asia/Kolkata', crmUsers: KNOWN_USERS });
		expect(groups[0].items!.map((item) => [item.id, item.jobTitle])).toEqual([['e1', 'later'], ['e2', undefined], ['e3', undefined]]);
		// Linked items by sync id; unlinked contacts by e-mail; an item with neither has no counterpart yet.
		expect(groups[0].lookups).toEqual([{ syncId: 's1', email: 'ana@x.test' }, { syncId: '', email: 'kim@x.test' }]);
		const tasks = groupChangesByMailbox([{ id: 't1', mailbox: 'bob@example.test', syncId: 's1' }, { id: 't2', mailbox: 'bob@example.test', email1: 'x@x.test' }], USERS, 'exchange', 'tasks');
		expect(tasks[0].lookups).toEqual([{ syncId: 's1', email: '' }]);
	});

	it('the node answers one item per mailbox on its Report output, paired with that user\'s item', async () => {
		const changes = [{ id: 'r1', record: { id: 'r1', Email: 'ana@x.test', Owner: { id: 'u2', email: 'bob@example.test' } } }, { id: 'r2', record: { id: 'r2', Owner: { id: 'u7', email: 'gone@example.test' } } }];
		const [toExchange, toCrm, conflicts, groups] = await run({ changesFrom: 'crm', changedObject: 'contacts', changes }, USERS);
		expect([toExchange, toCrm, conflicts]).toEqual([[], [], []]);
		expect(groups.map((group) => group.json.mailbox)).toEqual(['bob@example.test', 'gone@example.test']);
		expect(groups[0].pairedItem).toEqual([{ item: 1 }]);
		// An owner who is no active user comes from every user's item.
		expect(groups[1].pairedItem).toEqual([{ item: 0 }, { item: 1 }]);
		expect(groups[1].json).toMatchObject({ ownerId: 'u7', timeZone: '' });
	});

	it('says what to fix when Changes is not a list, and continues on fail with the error as its item', async () => {
		await expect(run({ changesFrom: 'crm', changes: '{ not json' }, USERS)).rejects.toThrow('Changes is not JSON');
		await expect(run({ changesFrom: 'crm', changes: { id: 'r1' } }, USERS)).rejects.toThrow("Changes must be a list of the trigger's items");
		const [, , , [failed]] = await run({ changesFrom: 'crm', changes: '{ not json' }, USERS, true);
		expect(failed.json.error).toMatch(/Changes is not JSON/);
		expect(failed.pairedItem).toEqual([{ item: 0 }, { item: 1 }]);
	});
});
