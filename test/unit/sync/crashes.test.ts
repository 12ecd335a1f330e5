/**
 * Interrupted runs and races, by example: a crash between the two writes of a pair converges
 * without a spurious conflict and without loss, whichever write landed; a record edited between
 * planning and writing is refused by the server and synced on the next run, not overwritten.
 */
import { planSync } from '../../../nodes/ExchangeCrmSync/core/planner';
import { exchangeItemKey, ZOHO_EXCHANGE_ITEM_KEY_FIELD } from '../../../nodes/ZohoCrm/helpers/syncFields';
import { settingsFor, SyncWorld, writesOf, type AnyWrite } from './world';

const contact = { givenName: 'Jonas', surname: 'Müller', email1: 'jonas@nordwerk.test' };
const bystander = { Last_Name: 'Bystander', Email: 'bystander@x.test' };

function synced(overrides = {}) {
	const world = new SyncWorld(settingsFor({ conflictBehaviour: 'sendToConflicts', ...overrides }));
	world.add('crm', bystander);
	const exchangeId = world.add('exchange', contact);
	world.run();
	world.run();
	const crmId = world.all('crm').find((record) => record.Last_Name === 'Müller')!.id as string;
	return { world, exchangeId, crmId };
}

const only = (side: AnyWrite['side']) => (writes: AnyWrite[]) => [...writes.filter((write) => write.side === side), ...writes.filter((write) => write.side !== side)];

describe.each([
	['the CRM write landed, the Exchange link write did not', only('crm')],
	['the Exchange link write landed, the CRM write did not', only('exchange')],
])('a crash after a change in Exchange: %s', (_label, order) => {
	it('converges on the next run without a conflict and without losing the change', () => {
		const { world, exchangeId, crmId } = synced();
		world.edit('exchange', exchangeId, { jobTitle: 'Einkaufsleiter' });
		const crashed = world.run({ applied: 1, order });
		expect(writesOf(crashed)).toHaveLength(2);
		const next = world.run();
		expect(next.conflicts).toEqual([]);
		expect(world.get('crm', crmId)!.Title).toBe('Einkaufsleiter');
		expect(world.get('exchange', exchangeId)!.jobTitle).toBe('Einkaufsleiter');
		expect(writesOf(world.run())).toEqual([]);
	});
});

describe.each(['crmWins', 'newestWins'] as const)('a conflict (%s) whose losing write failed after the winning side was written', (conflictBehaviour) => {
	it('keeps the winner on the next run: the losing edit is behind, not a new change', () => {
		const { world, exchangeId, crmId } = synced({ conflictBehaviour });
		world.edit('exchange', exchangeId, { jobTitle: 'Typed in Outlook' });
		world.edit('crm', crmId, { Title: 'Typed in the CRM, later' });
		const crashed = world.run({ applied: 1, order: only('crm') });
		expect(writesOf(crashed).map((write) => write.side).sort()).toEqual(['crm', 'exchange']);
		expect(world.get('exchange', exchangeId)!.jobTitle).toBe('Typed in Outlook');
		world.run();
		expect(world.get('exchange', exchangeId)!.jobTitle).toBe('Typed in the CRM, later');
		expect(world.get('crm', crmId)!.Title).toBe('Typed in the CRM, later');
		expect(writesOf(world.run())).toEqual([]);
	});
});

describe('a crash during a create', () => {
	it.each([
		['the CRM record was created, the Exchange link was not written', only('crm')],
		['the Exchange link was written, the CRM record was not created', only('exchange')],
	])('%s: the next run links or creates exactly one record', (_label, order) => {
		const world = new SyncWorld(settingsFor());
		world.add('crm', bystander);
		world.add('exchange', contact);
		world.run({ applied: 0 });
		world.run({ applied: 1, order });
		world.run();
		world.run();
		expect(writesOf(world.run())).toEqual([]);
		expect(world.all('crm').filter((record) => record.Last_Name === 'Müller')).toHaveLength(1);
		expect(world.all('exchange')).toHaveLength(2);
	});

	it('a create repeated by two overlapping runs is refused by the unique sync id, not duplicated', () => {
		const world = new SyncWorld(settingsFor());
		world.add('crm', bystander);
		world.add('exchange', contact);
		const first = world.plan();
		const second = world.plan();
		for (const write of [...writesOf(first), ...writesOf(second)]) world.apply(write);
		expect(world.refused.map((entry) => entry.reason)).toContain('DUPLICATE_DATA');
		// Exchange has no unique field: the second copy of the bystander is removed, recoverably.
		expect(world.all('exchange').filter((item) => item.surname === 'Bystander')).toHaveLength(2);
		const cleanup = world.run();
		expect(cleanup.report.pairs).toContainEqual(expect.objectContaining({ decision: 'removeDuplicate' }));
		expect(cleanup.toExchange.filter((item) => item.json.action === 'delete')).toHaveLength(1);
		world.run();
		expect(writesOf(world.run())).toEqual([]);
		expect(world.all('crm').filter((record) => record.Last_Name === 'Müller')).toHaveLength(1);
		expect(world.all('exchange').filter((item) => item.surname === 'Bystander')).toHaveLength(1);
		expect(world.all('crm')).toHaveLength(2);
	});
});

describe('races between planning and writing', () => {
	it('an Exchange edit made after planning is protected by the ChangeKey and synced next run', () => {
		const { world, exchangeId, crmId } = synced({ conflictBehaviour: 'crmWins' });
		world.edit('crm', crmId, { Title: 'From CRM' });
		const plan = world.plan();
		world.edit('exchange', exchangeId, { department: 'Typed meanwhile' });
		for (const write of writesOf(plan)) world.apply(write);
		expect(world.refused.map((entry) => entry.reason)).toEqual(['ErrorIrresolvableConflict']);
		expect(world.get('exchange', exchangeId)!.department).toBe('Typed meanwhile');
		world.run();
		world.run();
		expect(writesOf(world.run())).toEqual([]);
		expect(world.get('crm', crmId)!.Department).toBe('Typed meanwhile');
	});

	it('a CRM edit made after planning is protected by If-Unmodified-Since and synced next run', () => {
		const { world, exchangeId, crmId } = synced({ conflictBehaviour: 'crmWins' });
		world.edit('exchange', exchangeId, { jobTitle: 'From Exchange' });
		const plan = world.plan();
		world.edit('crm', crmId, { Mobile: '+49 170 555' });
		for (const write of writesOf(plan)) world.apply(write);
		expect(world.refused.map((entry) => entry.reason)).toEqual(['ALREADY_MODIFIED']);
		world.run();
		world.run();
		expect(writesOf(world.run())).toEqual([]);
		expect(world.get('crm', crmId)).toMatchObject({ Title: 'From Exchange', Mobile: '+49 170 555' });
		expect(world.get('exchange', exchangeId)).toMatchObject({ jobTitle: 'From Exchange', mobilePhone: '+49 170 555' });
	});
});

describe('lost cursor and changes-only input', () => {
	it('a changes-only run propagates an edit to a record not in the input, by the id in its link', () => {
		const { world, exchangeId, crmId } = synced({ conflictBehaviour: 'crmWins' });
		world.run({ mode: 'changes' });
		world.edit('exchange', exchangeId, { jobTitle: 'Only Exchange changed' });
		const plan = world.run({ mode: 'changes' });
		expect(plan.toCrm[0].json).toMatchObject({ action: 'update', id: crmId, record: { Title: 'Only Exchange changed' } });
		expect(plan.report.pairs[0].overwritten).toEqual([{ side: 'crm', field: 'jobTitle', newValue: 'Only Exchange changed' }]);
		expect(world.get('crm', crmId)!.Title).toBe('Only Exchange changed');
	});

	it('a delete arriving as a tombstone with only an Exchange id deletes the partner found by its link', () => {
		const { world, exchangeId, crmId } = synced();
		world.run({ mode: 'changes' });
		world.remove('exchange', exchangeId);
		world.edit('crm', crmId, {});
		const plan = world.run({ mode: 'changes' });
		expect(plan.toCrm.map((item) => item.json)).toEqual([expect.objectContaining({ action: 'delete', id: crmId })]);
	});

	it('takes the Exchange Get Changes output as it is: summary and read flags ignored, deletions as tombstones', () => {
		const { world, exchangeId, crmId } = synced();
		world.run({ mode: 'changes' });
		const crm = world.read('crm', 'changes');
		const getChanges = [
			{ changeType: 'readFlagChanged', id: 'AAMk-other', isRead: true },
			{ changeType: 'deleted', id: exchangeId, mailbox: 'alice@example.test' },
			{ summary: true, cursor: 'c2', cursorReset: false, created: 0, updated: 0, deleted: 1, readFlagChanged: 1 },
		];
		// The CRM partner is not among the changes: the deletion waits for a complete read, without an error.
		const unpaired = planSync({ exchange: getChanges, crm, settings: { ...world.settings, inputCompleteness: 'changes' } });
		expect(unpaired.report).toMatchObject({ errors: [], unpairedDeletions: 1 });
		expect(writesOf(unpaired)).toEqual([]);
		const withPartner = planSync({ exchange: getChanges, crm: [world.get('crm', crmId)!], settings: { ...world.settings, inputCompleteness: 'changes' } });
		expect(withPartner.report.unpairedDeletions).toBe(0);
		expect(withPartner.toCrm.map((item) => item.json)).toEqual([expect.objectContaining({ action: 'delete', id: crmId })]);
	});

	it('pairs every deletion in the same run when the partners of the deletions are read too, and the next run is quiet', () => {
		const world = new SyncWorld(settingsFor({ conflictBehaviour: 'sendToConflicts' }));
		const deletedInExchange = world.add('exchange', contact);
		const deletedInCrm = world.add('crm', bystander);
		// A third pair stays: deleting every linked record at once would be held as a fault.
		world.add('crm', { Last_Name: 'Stays', Email: 'stays@x.test' });
		world.run();
		world.run({ mode: 'changes' });
		const partnerInCrm = world.all('crm').find((record) => record.Last_Name === 'Müller')!.id as string;
		const partnerInExchange = world.all('exchange').find((record) => record.surname === 'Bystander')!.id as string;
		world.remove('exchange', deletedInExchange);
		world.remove('crm', deletedInCrm);
		// Saved again without a content change: it is among the changes and read again as a partner.
		world.edit('crm', partnerInCrm, {});

		const plan = world.run({ mode: 'changes', partners: true });
		expect(plan.report).toMatchObject({ errors: [], unpairedDeletions: 0 });
		expect(writesOf(plan).map((write) => [write.side, write.json.action, write.json.id])).toEqual([
			['exchange', 'delete', partnerInExchange],
			['crm', 'delete', partnerInCrm],
		]);
		expect(world.all('exchange').map((item) => item.surname)).toEqual(['Stays']);
		expect(world.all('crm').map((record) => record.Last_Name)).toEqual(['Stays']);
		// The next run reads the deletions this one made; their partners are gone too: nothing to do.
		const next = world.run({ mode: 'changes', partners: true });
		expect(writesOf(next)).toEqual([]);
		expect(next.report).toMatchObject({ unpairedDeletions: 0, deletionsWithoutPartner: 2 });
	});

	it('a link written before records named their partner gets the partner field on the next complete read', () => {
		const { world, exchangeId, crmId } = synced();
		// As the nodes read an older link: Zoho answers the asked-for field empty; Exchange leaves the property out.
		world.stores.crm.records.set(crmId, { ...world.get('crm', crmId)!, [ZOHO_EXCHANGE_ITEM_KEY_FIELD]: null });
		const { crmRecordId: _exchangePartnerId, ...olderExchangeLink } = world.get('exchange', exchangeId)!;
		world.stores.exchange.records.set(exchangeId, olderExchangeLink);

		const repair = world.run({ mode: 'complete' });
		expect(writesOf(repair).map((write) => [write.side, write.json.action, write.json.id])).toEqual([
			['exchange', 'update', exchangeId],
			['crm', 'update', crmId],
		]);
		expect(repair.report.pairs.map((pair) => pair.decision)).toEqual(['repairLink']);
		expect(world.get('crm', crmId)).toMatchObject({ [ZOHO_EXCHANGE_ITEM_KEY_FIELD]: exchangeItemKey(exchangeId) });
		expect(world.get('exchange', exchangeId)).toMatchObject({ crmRecordId: crmId });
		expect(writesOf(world.run({ mode: 'complete' }))).toEqual([]);
		// A CRM read without the field (it was not among the fields asked for) is no reason to write.
		const { [ZOHO_EXCHANGE_ITEM_KEY_FIELD]: _key, ...readWithoutKey } = world.get('crm', crmId)!;
		expect(writesOf(planSync({ exchange: [world.get('exchange', exchangeId)!], crm: [readWithoutKey], settings: world.settings }))).toEqual([]);

		world.remove('exchange', exchangeId);
		const plan = world.run({ mode: 'changes', partners: true });
		expect(writesOf(plan).map((write) => [write.side, write.json.action, write.json.id])).toEqual([['crm', 'delete', crmId]]);
	});

	it('a full scan after changes-only runs finds nothing to do when nothing changed', () => {
		const { world } = synced();
		world.run({ mode: 'changes' });
		world.run({ mode: 'changes' });
		expect(writesOf(world.run({ mode: 'complete' }))).toEqual([]);
	});
});
