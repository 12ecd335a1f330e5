/**
 * Example tests for each row of the decision table, on contacts, through the in-memory world.
 */
import { DECISION_TABLE, decide } from '../../../nodes/ExchangeCrmSync/core/decisions';
import { planSync } from '../../../nodes/ExchangeCrmSync/core/planner';
import { partnerKey } from '../../../nodes/ExchangeCrmSync/core/records';
import { parseSyncState } from '../../../nodes/ExchangeCrmSync/core/syncState';
import { ZOHO_EXCHANGE_ITEM_KEY_FIELD, ZOHO_SYNC_ID_FIELD, ZOHO_SYNC_STATE_FIELD } from '../../../nodes/ZohoCrm/helpers/syncFields';
import { DEMO_EXCHANGE, DEMO_PEOPLE } from '../../emulators/demo/world';
import { settingsFor, suggestedPlan, SyncWorld, writesOf } from './world';

const ana = { givenName: 'Ana', surname: 'Ribeiro', email1: 'Ana.Ribeiro@lumen-labs.test', businessPhone: '+351 21 555 0101' };
const anaCrm = { First_Name: 'Ana', Last_Name: 'Ribeiro', Email: 'ana.ribeiro@lumen-labs.test', Phone: '+351215550101' };

/** A world with one linked, synced pair (and a bystander, so no side is ever empty). */
function linkedWorld(overrides = {}) {
	const world = new SyncWorld(settingsFor(overrides));
	world.add('crm', { Last_Name: 'Bystander', Email: 'bystander@x.test' });
	const exchangeId = world.add('exchange', ana);
	world.run();
	world.run();
	const crm = world.all('crm').find((record) => record.Last_Name === 'Ribeiro')!;
	expect(world.plan().report.pairs).toEqual([]);
	return { world, exchangeId, crmId: crm.id as string };
}

describe('decision table', () => {
	it('has one row per pair of side states and no duplicates', () => {
		const keys = DECISION_TABLE.map((row) => `${row.exchange}|${row.crm}`);
		expect(new Set(keys).size).toBe(keys.length);
		expect(decide('changed', 'changed').decision).toBe('resolveConflict');
		expect(() => decide('unseen', 'unseen')).toThrow('No decision');
	});
});

const crmOf = (world: SyncWorld) => world.all('crm').find((record) => record.Last_Name === 'Ribeiro')!.id as string;

describe('contacts: new on one side', () => {
	it('creates a new Exchange contact in the CRM, and links both records in the same run', () => {
		const world = new SyncWorld(settingsFor());
		const exchangeId = world.add('exchange', ana);
		const plan = world.run();
		// The Exchange item's link waits for the new record's id: it rides on the create.
		expect(plan.toExchange).toEqual([]);
		expect(plan.toCrm).toHaveLength(1);
		const create = plan.toCrm[0].json;
		expect(create).toMatchObject({ action: 'create', module: 'Contacts', duplicateCheckFields: [ZOHO_SYNC_ID_FIELD] });
		expect(create.record).toMatchObject({ First_Name: 'Ana', Last_Name: 'Ribeiro', Email: 'ana.ribeiro@lumen-labs.test' });
		expect(create.partnerLink).toMatchObject({ action: 'update', id: exchangeId, fields: { syncId: create.syncId } });
		expect(plan.toCrm[0].sources).toEqual({ exchange: [0], crm: [] });
		expect(plan.report.counts.crm.created).toBe(1);
		const crm = world.all('crm')[0];
		expect(crm[ZOHO_SYNC_ID_FIELD]).toBe(world.get('exchange', exchangeId)!.syncId);
		const state = { v: 1, gen: 1, ex: exchangeId, crm: crm.id };
		expect(parseSyncState(crm[ZOHO_SYNC_STATE_FIELD])).toMatchObject(state);
		expect(parseSyncState(world.get('exchange', exchangeId)!.syncState)).toMatchObject(state);
		expect(writesOf(world.run())).toEqual([]);
	});

	it('creates a new CRM contact in Exchange, and the next run has nothing to do', () => {
		const world = new SyncWorld(settingsFor());
		world.add('crm', anaCrm);
		const plan = world.run();
		expect(plan.toExchange.map((item) => item.json.action)).toEqual(['create']);
		expect(plan.toExchange[0].json.fields).toMatchObject({ givenName: 'Ana', email1: 'ana.ribeiro@lumen-labs.test' });
		expect(world.run().report.pairs).toEqual([]);
	});

	it.each(['exchange', 'crm'] as const)('a record the sync created in %s and a user deleted before the next run stays deleted', (createdIn) => {
		const world = new SyncWorld(settingsFor());
		// A side left empty reads as a failed read, so each side keeps one more contact.
		world.add('exchange', { surname: 'Bystander', email1: 'bystander@x.test' });
		world.add('crm', { Last_Name: 'Bystander', Email: 'bystander@x.test' });
		const sourceSide = createdIn === 'crm' ? 'exchange' : 'crm';
		const sourceId = world.add(sourceSide, sourceSide === 'exchange' ? ana : anaCrm);
		world.run();
		const created = world.all(createdIn).find((record) => record.id !== undefined && (record.surname ?? record.Last_Name) === 'Ribeiro')!;
		world.remove(createdIn, created.id as string);
		const plan = world.run();
		expect(writesOf(plan).map((write) => [write.side, write.json.action])).toEqual([[sourceSide, 'delete']]);
		expect(world.get(sourceSide, sourceId)).toBeUndefined();
		expect(world.all(createdIn)).toHaveLength(1);
	});

	it('refuses to create a CRM contact without a last name and reports why; the rest proceed', () => {
		const world = new SyncWorld(settingsFor());
		world.add('exchange', { givenName: 'Nameless', email1: 'x@y.test' });
		world.add('exchange', ana);
		const plan = world.run();
		expect(plan.toCrm).toHaveLength(1);
		expect(plan.report.counts.crm.errors).toBe(1);
		expect(plan.report.pairs.find((pair) => pair.decision === 'error')?.reason).toContain('surname is empty');
	});
});

describe('contacts: linked pairs', () => {
	it('does nothing when neither side changed, and our own writes read back as unchanged', () => {
		const { world } = linkedWorld();
		const plan = world.run();
		expect(writesOf(plan)).toEqual([]);
	});

	it('copies an Exchange change to the CRM and reports the overwritten value', () => {
		const { world, exchangeId, crmId } = linkedWorld();
		world.edit('exchange', exchangeId, { jobTitle: 'CTO' });
		const plan = world.run();
		expect(plan.toCrm).toHaveLength(1);
		expect(plan.toCrm[0].json).toMatchObject({ action: 'update', id: crmId, record: { id: crmId, Title: 'CTO' } });
		expect(plan.toCrm[0].json.record).not.toHaveProperty('First_Name');
		expect(plan.report.pairs[0]).toMatchObject({
			decision: 'copyToCrm',
			overwritten: [{ side: 'crm', field: 'jobTitle', oldValue: null, newValue: 'CTO' }],
		});
		expect(world.get('crm', crmId)!.Title).toBe('CTO');
		expect(writesOf(world.run())).toEqual([]);
	});

	it('copies a CRM change to Exchange with the ChangeKey for optimistic concurrency', () => {
		const { world, exchangeId, crmId } = linkedWorld();
		world.edit('crm', crmId, { Mobile: '+351 91 555 0101' });
		const changeKey = world.get('exchange', exchangeId)!.changeKey;
		const plan = world.run();
		expect(plan.toExchange[0].json).toMatchObject({ action: 'update', id: exchangeId, changeKey, fields: { mobilePhone: '+351 91 555 0101' } });
		expect(world.get('exchange', exchangeId)!.mobilePhone).toBe('+351 91 555 0101');
	});

	it('treats formatting-only differences (case, spaces, phone punctuation) as unchanged', () => {
		const { world, exchangeId } = linkedWorld();
		world.edit('exchange', exchangeId, { email1: '  ANA.RIBEIRO@lumen-labs.test ', businessPhone: '+351 (21) 555-0101', notes: '' });
		expect(writesOf(world.run())).toEqual([]);
	});

	it('relinks only when both sides changed to the same content', () => {
		const { world, exchangeId, crmId } = linkedWorld();
		world.edit('exchange', exchangeId, { jobTitle: 'CTO' });
		world.edit('crm', crmId, { Title: 'CTO' });
		const plan = world.run();
		for (const write of writesOf(plan)) {
			const body = write.side === 'exchange' ? write.json.fields : write.json.record;
			expect(Object.keys(body).sort()).toEqual(
				write.side === 'exchange'
					? ['crmRecordId', 'syncId', 'syncState']
					: [ZOHO_EXCHANGE_ITEM_KEY_FIELD, ZOHO_SYNC_ID_FIELD, ZOHO_SYNC_STATE_FIELD, 'id'].sort(),
			);
		}
		expect(writesOf(world.run())).toEqual([]);
	});
});

describe('contacts: every field with a home on both sides', () => {
	it('the other phone, the assistant and the assistant\'s phone sync both ways', () => {
		const world = new SyncWorld(settingsFor());
		const exchangeId = world.add('exchange', { ...ana, otherTelephone: '+351 21 000 0100', assistantName: 'Rui Costa', assistantPhone: '+351 21 000 0101' });
		world.run();
		const crmId = crmOf(world);
		expect(world.get('crm', crmId)).toMatchObject({ Other_Phone: '+351 21 000 0100', Assistant: 'Rui Costa', Asst_Phone: '+351 21 000 0101' });
		world.edit('crm', crmId, { Assistant: 'Inês Sousa' });
		world.run();
		expect(world.get('exchange', exchangeId)).toMatchObject({ assistantName: 'Inês Sousa', otherTelephone: '+351 21 000 0100' });
		expect(writesOf(world.run())).toEqual([]);
	});
});

describe('contacts: fields one side does not hold', () => {
	const rich = {
		...ana,
		homePhone: '+351 21 000 0002',
		businessFax: '+351 21 000 0003',
		homeAddress: { street: 'Rua A 1', city: 'Lisboa', state: null, postalCode: '1000-001', countryOrRegion: 'Portugal' },
	};
	const crmWithout = ['Home_Phone', 'Fax', 'Other_Street', 'Other_City', 'Other_State', 'Other_Zip', 'Other_Country'];

	it('a CRM edit of one field leaves the Exchange fields the CRM module lacks untouched, and the next run writes nothing', () => {
		const world = new SyncWorld(settingsFor());
		world.lacks.crm.push(...crmWithout);
		world.add('crm', { Last_Name: 'Bystander', Email: 'bystander@x.test' });
		const exchangeId = world.add('exchange', rich);
		world.run();
		const crmId = crmOf(world);
		expect(world.get('crm', crmId)).not.toHaveProperty('Home_Phone');
		expect(writesOf(world.run())).toEqual([]);
		world.edit('crm', crmId, { Title: 'CFO' });
		const plan = world.run();
		expect(plan.toExchange.map((item) => item.json.fields)).toEqual([expect.not.objectContaining({ homePhone: expect.anything() })]);
		// The report names what was not synced, and why.
		expect([...plan.report.fieldsNotRead!].sort()).toEqual([...crmWithout].sort());
		expect(world.get('exchange', exchangeId)).toMatchObject({ jobTitle: 'CFO', homePhone: rich.homePhone, businessFax: rich.businessFax, homeAddress: rich.homeAddress });
		expect(writesOf(world.run())).toEqual([]);
	});

	it('a CRM read that did not return a field (not asked for) neither blanks it in Exchange nor reads as a change', () => {
		const world = new SyncWorld(settingsFor());
		world.add('crm', { Last_Name: 'Bystander', Email: 'bystander@x.test' });
		const exchangeId = world.add('exchange', rich);
		world.run();
		const crmId = crmOf(world);
		expect(world.get('crm', crmId)).toMatchObject({ Home_Phone: rich.homePhone });
		// From now on the CRM is read without Home_Phone: Exchange changes it, and nothing is lost.
		world.lacks.crm.push('Home_Phone');
		world.edit('exchange', exchangeId, { homePhone: '+351 21 999 9999' });
		world.edit('crm', crmId, { Title: 'CFO' });
		world.run();
		expect(world.get('exchange', exchangeId)).toMatchObject({ homePhone: '+351 21 999 9999', jobTitle: 'CFO' });
		expect(writesOf(world.run())).toEqual([]);
		// Read with the field again, the Exchange change (made while the CRM did not show it) reaches the CRM.
		world.lacks.crm.length = 0;
		world.edit('crm', crmId, { Home_Phone: rich.homePhone });
		world.run();
		expect(world.get('crm', crmId)).toMatchObject({ Home_Phone: '+351 21 999 9999' });
		expect(writesOf(world.run())).toEqual([]);
	});
});

describe('contacts: the CRM module\'s fields (metadata)', () => {
	const moduleFields = (overrides: Record<string, { length?: number; readOnly?: boolean }> = {}, lacking: string[] = []) =>
		['First_Name', 'Last_Name', 'Email', 'Secondary_Email', 'Phone', 'Mobile', 'Fax', 'Description', 'Title', 'Department', 'Home_Phone', 'Date_of_Birth']
			.concat(['Street', 'City', 'State', 'Zip', 'Country'].flatMap((part) => [`Mailing_${part}`, `Other_${part}`]))
			.filter((apiName) => !lacking.includes(apiName))
			.map((apiName) => ({ apiName, length: 100, ...overrides[apiName] }));

	it('a value longer than its CRM field holds is never cut silently: the record is reported and the rest proceed', () => {
		const world = new SyncWorld(settingsFor({ crmFields: moduleFields({ Title: { length: 10 } }) }));
		world.add('exchange', { ...ana, jobTitle: 'Chief Technology Officer' });
		world.add('exchange', { surname: 'Short', email1: 'short@x.test', jobTitle: 'CTO' });
		const plan = world.run();
		expect(plan.toCrm.map((item) => item.json.record.Last_Name)).toEqual(['Short']);
		const refused = plan.report.pairs.find((pair) => pair.decision === 'error')!;
		expect(refused.reason).toContain('jobTitle has 24 characters, its CRM field holds 10 (shorten it, or turn on Truncate Long Values)');
		expect(plan.report.counts.crm.errors).toBe(1);
	});

	it('with Truncate Long Values the cut value goes to both sides and the report shows what it replaced', () => {
		const world = new SyncWorld(settingsFor({ crmFields: moduleFields({ Title: { length: 10 } }), truncateLongValues: true }));
		const exchangeId = world.add('exchange', { ...ana, jobTitle: 'Head of Ops' });
		world.run();
		world.edit('exchange', exchangeId, { jobTitle: 'Chief Technology Officer' });
		const plan = world.run();
		expect(world.get('exchange', exchangeId)!.jobTitle).toBe('Chief Tech');
		expect(crmOf(world)).toBeDefined();
		expect(world.all('crm').find((record) => record.Last_Name === 'Ribeiro')!.Title).toBe('Chief Tech');
		expect(plan.report.pairs[0].overwritten).toEqual(
			expect.arrayContaining([{ side: 'exchange', field: 'jobTitle', oldValue: 'Chief Technology Officer', newValue: 'Chief Tech' }]),
		);
		expect(writesOf(world.run())).toEqual([]);
	});

	it('a field the module lacks is not synced, not even on create; a read-only field flows from the CRM only', () => {
		const world = new SyncWorld(settingsFor({ crmFields: moduleFields({ Department: { readOnly: true } }, ['Home_Phone']) }));
		const exchangeId = world.add('exchange', { ...ana, homePhone: '+351 21 000 0009', department: 'Outlook dept' });
		const first = world.run();
		expect(first.toCrm[0].json.record).not.toHaveProperty('Home_Phone');
		expect(first.toCrm[0].json.record).not.toHaveProperty('Department');
		const crmId = crmOf(world);
		// Zoho fills the read-only field itself; the sync brings its value to Exchange and never writes it.
		world.edit('crm', crmId, { Department: 'Computed' });
		world.edit('exchange', exchangeId, { department: 'Typed in Outlook', jobTitle: 'CTO' });
		const plan = world.run();
		expect(plan.toCrm.map((item) => item.json.record)).toEqual([expect.not.objectContaining({ Department: expect.anything() })]);
		expect(world.get('exchange', exchangeId)).toMatchObject({ department: 'Computed', jobTitle: 'CTO', homePhone: '+351 21 000 0009' });
		expect(writesOf(world.run())).toEqual([]);
	});
});

describe('contacts: conflicts', () => {
	const conflict = (behaviour: object) => {
		const { world, exchangeId, crmId } = linkedWorld(behaviour);
		world.edit('exchange', exchangeId, { jobTitle: 'CTO', department: 'Engineering' });
		world.edit('crm', crmId, { Title: 'Chief Technology Officer' });
		return { world, exchangeId, crmId, plan: world.run() };
	};

	it('CRM always wins the field both sides changed; the field only Exchange changed still reaches the CRM; the lost value is reported', () => {
		const { world, exchangeId, crmId, plan } = conflict({ conflictBehaviour: 'crmWins' });
		expect(world.get('exchange', exchangeId)).toMatchObject({ jobTitle: 'Chief Technology Officer', department: 'Engineering' });
		expect(world.get('crm', crmId)).toMatchObject({ Title: 'Chief Technology Officer', Department: 'Engineering' });
		expect(plan.report.pairs[0].reason).toContain('jobTitle changed on both sides: the CRM wins');
		expect(plan.report.pairs[0].records).toEqual({ exchange: exchangeId, crm: crmId });
		expect(plan.report.pairs[0].overwritten).toEqual([
			{ side: 'exchange', field: 'jobTitle', oldValue: 'CTO', newValue: 'Chief Technology Officer' },
			{ side: 'crm', field: 'department', oldValue: null, newValue: 'Engineering' },
		]);
		expect(writesOf(world.run())).toEqual([]);
	});

	it('Exchange always wins the field both sides changed', () => {
		const { world, crmId, exchangeId } = conflict({ conflictBehaviour: 'exchangeWins' });
		expect(world.get('crm', crmId)).toMatchObject({ Title: 'CTO', Department: 'Engineering' });
		expect(world.get('exchange', exchangeId)).toMatchObject({ jobTitle: 'CTO', department: 'Engineering' });
	});

	it('newest wins the field both sides changed, by the modified times; the other field merges', () => {
		const { world, crmId, exchangeId, plan } = conflict({ conflictBehaviour: 'newestWins' });
		expect(plan.report.pairs[0].reason).toContain('the CRM wins');
		expect(world.get('exchange', exchangeId)).toMatchObject({ jobTitle: 'Chief Technology Officer', department: 'Engineering' });
		expect(world.get('crm', crmId)).toMatchObject({ Title: 'Chief Technology Officer', Department: 'Engineering' });
	});

	it('a mobile number changed in Outlook survives "CRM always wins" while the CRM changed another field', () => {
		const { world, exchangeId, crmId } = linkedWorld({ conflictBehaviour: 'crmWins' });
		world.edit('exchange', exchangeId, { mobilePhone: '+351 91 000 0000' });
		world.edit('crm', crmId, { Title: 'Head of Sales' });
		world.run();
		expect(world.get('crm', crmId)).toMatchObject({ Mobile: '+351 91 000 0000', Title: 'Head of Sales' });
		expect(world.get('exchange', exchangeId)).toMatchObject({ mobilePhone: '+351 91 000 0000', jobTitle: 'Head of Sales' });
	});

	it('send to conflicts writes nothing itself and offers each decision as ready writes, per field', () => {
		const { world, exchangeId, crmId, plan } = conflict({ conflictBehaviour: 'sendToConflicts' });
		expect(writesOf(plan)).toEqual([]);
		const item = plan.conflicts[0].json;
		// Only the field both sides changed is in conflict; the department only Exchange changed is not.
		expect(item.fields).toEqual([{ field: 'jobTitle', exchangeValue: 'CTO', crmValue: 'Chief Technology Officer' }]);
		const { crmWins, exchangeWins, hold } = item.suggested;
		expect(crmWins.toExchange).toMatchObject({ action: 'update', id: exchangeId, fields: { jobTitle: 'Chief Technology Officer' } });
		expect(crmWins.toCrm).toMatchObject({ action: 'update', id: crmId, record: { Department: 'Engineering' } });
		expect(exchangeWins.toCrm).toMatchObject({ action: 'update', id: crmId, record: { Title: 'CTO', Department: 'Engineering' } });
		expect(hold.toCrm?.record).toMatchObject({ Department: 'Engineering' });
		expect(hold.toCrm?.record).not.toHaveProperty('Title');
		expect(hold.toExchange?.fields ?? {}).not.toHaveProperty('jobTitle');
		expect(plan.report.counts.exchange.conflicts).toBe(1);
		// The conflict stays until decided; applying one suggestion settles it without a new conflict.
		expect(world.plan().conflicts).toHaveLength(1);
		world.applyPlan(suggestedPlan(exchangeWins));
		expect(writesOf(world.run())).toEqual([]);
		expect(world.get('exchange', exchangeId)).toMatchObject({ jobTitle: 'CTO', department: 'Engineering' });
		expect(world.get('crm', crmId)).toMatchObject({ Title: 'CTO', Department: 'Engineering' });
	});

	it('a held conflict lets the other fields through and comes back, with the same values, until decided', () => {
		const { world, exchangeId, crmId, plan } = conflict({ conflictBehaviour: 'sendToConflicts' });
		world.applyPlan(suggestedPlan(plan.conflicts[0].json.suggested.hold));
		expect(world.get('crm', crmId)).toMatchObject({ Title: 'Chief Technology Officer', Department: 'Engineering' });
		expect(world.get('exchange', exchangeId)).toMatchObject({ jobTitle: 'CTO', department: 'Engineering' });
		const again = world.plan();
		expect(again.conflicts.map((conflict) => conflict.json.fields)).toEqual([[{ field: 'jobTitle', exchangeValue: 'CTO', crmValue: 'Chief Technology Officer' }]]);
		// A later edit of another field still flows while the title waits.
		world.edit('crm', crmId, { Mobile: '+351 91 000 0001' });
		world.applyPlan(suggestedPlan(world.plan().conflicts[0].json.suggested.hold));
		expect(world.get('exchange', exchangeId)).toMatchObject({ mobilePhone: '+351 91 000 0001', jobTitle: 'CTO' });
		// Deciding it settles the pair.
		world.applyPlan(suggestedPlan(world.plan().conflicts[0].json.suggested.crmWins));
		expect(world.plan().conflicts).toEqual([]);
		expect(writesOf(world.run())).toEqual([]);
		expect(world.get('exchange', exchangeId)).toMatchObject({ jobTitle: 'Chief Technology Officer', mobilePhone: '+351 91 000 0001' });
	});

	it('a held conflict survives the failure of one side\'s write (that side is behind, its own edit still undecided)', () => {
		const { world, exchangeId, crmId, plan } = conflict({ conflictBehaviour: 'sendToConflicts' });
		const hold = plan.conflicts[0].json.suggested.hold;
		// Only the CRM write lands; Exchange keeps its content and its older link.
		world.applyPlan(suggestedPlan({ toCrm: hold.toCrm }));
		const again = world.plan();
		expect(again.conflicts.map((conflict) => conflict.json.fields)).toEqual([[{ field: 'jobTitle', exchangeValue: 'CTO', crmValue: 'Chief Technology Officer' }]]);
		world.applyPlan(suggestedPlan(again.conflicts[0].json.suggested.exchangeWins));
		expect(writesOf(world.run())).toEqual([]);
		expect(world.get('crm', crmId)).toMatchObject({ Title: 'CTO', Department: 'Engineering' });
		expect(world.get('exchange', exchangeId)).toMatchObject({ jobTitle: 'CTO', department: 'Engineering' });
	});

	it.each(['crmWins', 'exchangeWins'] as const)('a first-sync conflict settles in one run with the %s suggestion (both records get their link)', (choice) => {
		const world = new SyncWorld(settingsFor({ conflictBehaviour: 'sendToConflicts' }));
		world.add('exchange', { surname: 'Bystander', email1: 'bystander@x.test' });
		world.add('crm', { Last_Name: 'Bystander', Email: 'bystander@x.test' });
		world.add('exchange', { ...ana, jobTitle: 'CTO' });
		world.add('crm', { ...anaCrm, Title: 'Chief Technology Officer', Department: 'Engineering' });
		const plan = world.plan();
		const suggested = plan.conflicts.find((conflict) => conflict.json.fields.some((field) => field.field === 'jobTitle'))!.json.suggested[choice];
		// Both records get the link; each side gets the fields it lacks (the CRM's department).
		expect(suggested.toExchange?.fields).toMatchObject({ department: 'Engineering' });
		expect(suggested.toCrm?.record).toHaveProperty('Exchange_Sync_State');
		world.applyPlan(suggestedPlan(suggested, plan));
		expect(writesOf(world.run())).toEqual([]);
		const title = choice === 'crmWins' ? 'Chief Technology Officer' : 'CTO';
		expect(world.all('exchange').find((item) => item.surname === 'Ribeiro')).toMatchObject({ jobTitle: title, department: 'Engineering' });
		expect(world.all('crm').find((record) => record.Last_Name === 'Ribeiro')).toMatchObject({ Title: title, Department: 'Engineering' });
	});
});

describe('contacts: deletes', () => {
	it('deletes in the CRM (recycle bin) what was deleted in Exchange', () => {
		const { world, exchangeId, crmId } = linkedWorld();
		world.remove('exchange', exchangeId);
		const plan = world.run();
		expect(plan.toCrm.map((item) => item.json)).toEqual([expect.objectContaining({ action: 'delete', id: crmId })]);
		expect(world.stores.crm.bin.has(crmId)).toBe(true);
		expect(writesOf(world.run())).toEqual([]);
	});

	it('moves to Deleted Items what was deleted in the CRM', () => {
		const { world, exchangeId } = linkedWorld();
		world.remove('crm', crmOf(world));
		const plan = world.run();
		expect(plan.toExchange[0].json).toMatchObject({ action: 'delete', id: exchangeId, deleteMode: 'MoveToDeletedItems' });
	});

	it('keeps a record changed on one side and deleted on the other (recreated under the same link)', () => {
		const { world, exchangeId, crmId } = linkedWorld();
		world.remove('exchange', exchangeId);
		world.edit('crm', crmId, { Title: 'CTO' });
		const plan = world.run();
		expect(plan.report.pairs[0].decision).toBe('recreateInExchange');
		expect(plan.toExchange[0].json).toMatchObject({ action: 'create', fields: { jobTitle: 'CTO' } });
		world.run();
		expect(writesOf(world.run())).toEqual([]);
		expect(world.all('exchange')).toHaveLength(2);
	});

	it.each(['complete', 'changes'] as const)('forgets a pair deleted on both sides (%s input)', (mode) => {
		const { world, exchangeId, crmId } = linkedWorld();
		world.run({ mode: 'changes' });
		world.remove('exchange', exchangeId);
		world.remove('crm', crmId);
		const plan = world.run({ mode });
		expect(writesOf(plan)).toEqual([]);
		expect(world.all('exchange')).toHaveLength(1);
		expect(world.all('crm')).toHaveLength(1);
	});

	it('does not delete when the delete behaviour says so, and reports it', () => {
		const { world, exchangeId } = linkedWorld({ deleteBehaviour: 'propagateToExchange' });
		world.remove('exchange', exchangeId);
		const plan = world.run();
		expect(writesOf(plan)).toEqual([]);
		expect(plan.report.pairs[0]).toMatchObject({ decision: 'skip' });
		expect(plan.report.counts.crm.skipped).toBe(1);
	});

	it('never reads an empty side as everything deleted', () => {
		const { world } = linkedWorld();
		const plan = planSync({ exchange: [], crm: world.read('crm', 'complete'), settings: world.settings });
		expect(writesOf(plan)).toEqual([]);
		expect(plan.report.massDelete).toMatchObject({ blocked: true, wouldDelete: 2 });
		expect(plan.report.massDelete.reason).toContain('Exchange input is empty');
	});

	it('stops a run that would delete more than the mass-delete limit', () => {
		const world = new SyncWorld(settingsFor({ massDeleteLimit: 2 }));
		const ids = [1, 2, 3, 4].map((n) => world.add('exchange', { surname: `P${n}`, email1: `p${n}@x.test` }));
		world.run();
		world.run();
		for (const id of ids.slice(0, 3)) world.remove('exchange', id);
		const plan = world.run();
		expect(writesOf(plan)).toEqual([]);
		expect(plan.report.massDelete).toMatchObject({ blocked: true, wouldDelete: 3 });
		expect(plan.report.pairs.every((pair) => pair.decision === 'blocked')).toBe(true);
		world.settings.massDeleteLimit = 3;
		expect(writesOf(world.run()).filter((write) => write.json.action === 'delete')).toHaveLength(3);
	});

	it('stops a run that would delete more than the share of linked records', () => {
		const world = new SyncWorld(settingsFor({ massDeletePercent: 40 }));
		const ids = [1, 2, 3, 4].map((n) => world.add('crm', { Last_Name: `P${n}`, Email: `p${n}@x.test` }));
		world.run();
		world.run();
		world.remove('crm', ids[0]);
		world.remove('crm', ids[1]);
		expect(world.plan().report.massDelete.reason).toContain('more than 40% of 4 linked records');
	});

	it('reports the records linked after a first sync: the ones it made and the ones it matched', () => {
		const world = new SyncWorld(settingsFor());
		world.add('exchange', { surname: 'Only E', email1: 'e@x.test' });
		world.add('crm', { Last_Name: 'Only C', Email: 'c@x.test' });
		world.add('exchange', ana);
		world.add('crm', anaCrm);
		expect(world.run().report.linked).toBe(3);
		expect(world.run({ mode: 'changes' }).report.linked).toBe(3);
	});

	it('in a changes-only run the share counts against the linked records the last run reported', () => {
		const world = new SyncWorld(settingsFor({ massDeletePercent: 40, massDeleteLimit: 2 }));
		const ids = [1, 2, 3, 4, 5].map((n) => world.add('crm', { Last_Name: `P${n}`, Email: `p${n}@x.test` }));
		world.run();
		expect(world.run({ mode: 'changes' }).report.linked).toBe(5);
		world.remove('crm', ids[0]);
		world.remove('crm', ids[1]);
		const plan = world.run({ mode: 'changes', partners: true });
		expect(plan.report.massDelete).toEqual({ blocked: false, wouldDelete: 2 });
		expect(plan.report.linked).toBe(3);
		expect(world.all('exchange')).toHaveLength(3);
		world.remove('crm', ids[2]);
		world.remove('crm', ids[3]);
		expect(world.plan('changes', true).report.massDelete).toMatchObject({ blocked: true, reason: '2 deletes are more than 40% of 3 linked records' });
	});
});

describe('contacts: an Exchange item read under another id', () => {
	/** The item as the other server names it (EWS ItemId ⇄ Graph immutable id), link and content unchanged. */
	function reId(world: SyncWorld, id: string, newId: string): void {
		const records = world.stores.exchange.records;
		records.set(newId, { ...records.get(id)!, id: newId });
		records.delete(id);
	}

	it('keeps its link when the mailbox is read through the other server: nothing created, nothing deleted, then nothing to do', () => {
		const { world, exchangeId, crmId } = linkedWorld();
		reId(world, exchangeId, 'graph-immutable-1');
		const plan = world.run();
		expect([plan.report.counts.exchange.created, plan.report.counts.crm.created, plan.report.counts.exchange.deleted, plan.report.counts.crm.deleted]).toEqual([0, 0, 0, 0]);
		expect(world.all('crm').map((record) => record.id)).toContain(crmId);
		expect(world.all('crm')).toHaveLength(2);
		expect(world.all('exchange')).toHaveLength(2);
		expect(writesOf(world.run())).toEqual([]);
	});

	it('writes nothing when the Exchange node says its link names it by its other id (linkedId), in complete and changes-only runs; edits and deletes still travel', () => {
		const { world, exchangeId, crmId } = linkedWorld();
		world.run({ mode: 'changes' });
		reId(world, exchangeId, 'graph-immutable-1');
		world.stores.exchange.records.get('graph-immutable-1')!.linkedId = exchangeId;
		expect(writesOf(world.run())).toEqual([]);
		expect(writesOf(world.run({ mode: 'changes' }))).toEqual([]);

		world.edit('exchange', 'graph-immutable-1', { jobTitle: 'Buyer' });
		const edited = world.run({ mode: 'changes' });
		expect([edited.report.counts.crm.created, edited.report.counts.crm.updated]).toEqual([0, 1]);
		expect(world.all('crm').find((record) => record.id === crmId)).toMatchObject({ Title: 'Buyer' });
		// The link keeps naming the item as it was linked, on both sides.
		expect(parseSyncState(world.get('exchange', 'graph-immutable-1')!.syncState)).toMatchObject({ ex: exchangeId, crm: crmId });
		expect(world.all('crm').find((record) => record.id === crmId)![ZOHO_EXCHANGE_ITEM_KEY_FIELD]).toBe(partnerKey('crm', exchangeId));
		expect(writesOf(world.run({ mode: 'changes' }))).toEqual([]);

		world.remove('crm', crmId);
		const deleted = world.run({ mode: 'changes', partners: true });
		expect(deleted.toExchange.map((write) => [write.json.action, write.json.id])).toEqual([['delete', 'graph-immutable-1']]);
		expect(world.get('exchange', 'graph-immutable-1')).toBeUndefined();
	});

	it('a copy beside its original is a new record; the original keeps the link', () => {
		const { world, exchangeId, crmId } = linkedWorld();
		const original = world.get('exchange', exchangeId)!;
		world.stores.exchange.records.set('copy-1', { ...original, id: 'copy-1', email1: 'copy@lumen-labs.test' });
		const plan = world.run();
		expect(plan.report.counts.crm.created).toBe(1);
		expect(world.get('exchange', exchangeId)!.syncId).toBe(original.syncId);
		expect(world.get('exchange', 'copy-1')!.syncId).not.toBe(original.syncId);
		expect(world.all('crm').find((record) => record.id === crmId)).toMatchObject({ Email: 'ana.ribeiro@lumen-labs.test' });
		expect(writesOf(world.run())).toEqual([]);
	});

	it('a copy read without its original (changes only) is a new record: only a complete read shows the original is gone', () => {
		const { world, exchangeId, crmId } = linkedWorld();
		world.run({ mode: 'changes' });
		world.stores.exchange.records.set('copy-1', { ...world.get('exchange', exchangeId)!, id: 'copy-1' });
		world.edit('exchange', 'copy-1', { email1: 'copy@lumen-labs.test' });
		const plan = world.run({ mode: 'changes' });
		expect(plan.report.counts.crm.created).toBe(1);
		expect(plan.report.counts.crm.updated).toBe(0);
		expect(world.get('exchange', exchangeId)!.syncId).not.toBe(world.get('exchange', 'copy-1')!.syncId);
		expect(world.all('crm').find((record) => record.id === crmId)).toMatchObject({ Email: 'ana.ribeiro@lumen-labs.test' });
	});
});

describe('contacts: the delete brake in small mailboxes and empty-looking sources', () => {
	const smallMailbox = (count: number, overrides = {}) => {
		const world = new SyncWorld(settingsFor({ massDeletePercent: 50, massDeleteLimit: 25, ...overrides }));
		const ids = Array.from({ length: count }, (_, n) => world.add('exchange', { surname: `P${n}`, email1: `p${n}@x.test` }));
		world.run();
		world.run({ mode: 'changes' });
		return { world, ids };
	};

	it.each(['changes', 'complete'] as const)('a mailbox of five contacts emptied at once deletes nothing in the CRM (%s read), and says how to release it', (mode) => {
		const { world, ids } = smallMailbox(5);
		for (const id of ids) world.remove('exchange', id);
		const plan = world.run({ mode, partners: mode === 'changes' });
		expect(writesOf(plan)).toEqual([]);
		expect(plan.report.massDelete).toMatchObject({ blocked: true, wouldDelete: 5 });
		expect(plan.report.massDelete.reason).toMatch(mode === 'changes' ? /every one of the 5 linked records/ : /Exchange input is empty/);
		expect(plan.report.massDelete.release).toContain('Release Held Deletes');
		expect(plan.report.pairs.map((pair) => pair.decision)).toEqual(Array(5).fill('blocked'));
		expect(world.all('crm')).toHaveLength(5);
		// Released after checking, the deletes go through.
		world.settings.releaseHeldDeletes = true;
		world.run();
		expect(world.all('crm')).toEqual([]);
	});

	it('four of five contacts deleted in one changes-only run are more than half of them: held', () => {
		const { world, ids } = smallMailbox(5);
		for (const id of ids.slice(1)) world.remove('exchange', id);
		const plan = world.run({ mode: 'changes', partners: true });
		expect(plan.report.massDelete).toMatchObject({ blocked: true, reason: '4 deletes are more than 50% of 5 linked records' });
		expect(world.all('crm')).toHaveLength(5);
	});

	it.each(['changes', 'complete'] as const)('one deliberate delete in a mailbox of four goes through (%s read)', (mode) => {
		const { world, ids } = smallMailbox(4);
		world.remove('exchange', ids[2]);
		const plan = world.run({ mode, partners: mode === 'changes' });
		expect(plan.report.massDelete).toEqual({ blocked: false, wouldDelete: 1 });
		expect(world.all('crm')).toHaveLength(3);
	});

	it('a complete read of a side that lists none of the linked records (only new ones) is a fault, not deletions', () => {
		const { world, ids } = smallMailbox(3);
		for (const id of ids) world.remove('exchange', id);
		world.add('exchange', { surname: 'New', email1: 'new@x.test' });
		const plan = world.run({ mode: 'complete' });
		expect(plan.report.massDelete.reason).toBe(
			'Exchange lists none of the 3 linked records: read as a failed read (a wrong folder, lost permissions), not as everything deleted',
		);
		expect(world.all('crm').map((record) => record.Last_Name).sort()).toEqual(['New', 'P0', 'P1', 'P2']);
	});

	it('a changes-only run that does not know how many records are linked deletes at most one', () => {
		const { world, ids } = smallMailbox(10, { linkedBefore: undefined });
		world.remove('exchange', ids[0]);
		world.remove('exchange', ids[1]);
		const settings = { ...world.settings, inputCompleteness: 'changes' as const, partnersIncluded: true };
		const exchange = world.read('exchange', 'changes');
		const plan = planSync({ exchange, crm: world.partnersOf('crm', exchange), settings });
		expect(plan.report.massDelete.reason).toContain('the number of linked records is unknown');
		expect(plan.report.linked).toBeUndefined();
	});
});

describe('contacts: a CRM record that changes owner between synced users', () => {
	const alice = { id: 'u-alice', name: 'Alice' };
	const bob = { id: 'u-bob', name: 'Bob' };
	/** Alice's and Bob's mailboxes, synced with one CRM, each for the records its user owns. */
	const org = () => {
		const aliceWorld = new SyncWorld(settingsFor({ owner: alice.id }));
		const bobWorld = aliceWorld.otherMailbox(settingsFor({ mailbox: 'bob@example.test', owner: bob.id }));
		// Each side of each mailbox keeps a bystander, so no side is ever empty.
		aliceWorld.add('exchange', { surname: 'Bystander', email1: 'a-bystander@x.test' });
		bobWorld.add('exchange', { surname: 'Bystander', email1: 'b-bystander@x.test' });
		aliceWorld.add('crm', { Last_Name: 'Kept', Email: 'kept@x.test', Owner: alice });
		bobWorld.add('crm', { Last_Name: 'Kept', Email: 'kept-b@x.test', Owner: bob });
		const crmId = aliceWorld.add('crm', { ...anaCrm, Owner: alice });
		aliceWorld.run();
		bobWorld.run();
		aliceWorld.run({ mode: 'changes' });
		bobWorld.run({ mode: 'changes' });
		const inAlice = () => aliceWorld.all('exchange').filter((item) => item.surname === 'Ribeiro');
		const inBob = () => bobWorld.all('exchange').filter((item) => item.surname === 'Ribeiro');
		expect(inAlice()).toHaveLength(1);
		expect(inBob()).toEqual([]);
		return { aliceWorld, bobWorld, crmId, inAlice, inBob };
	};
	const ribeiros = (world: SyncWorld) => world.all('crm').filter((record) => record.Last_Name === 'Ribeiro');

	it.each([
		['complete', 'the new owner runs first'],
		['complete', 'the old owner runs first'],
		['changes', 'the new owner runs first'],
		['changes', 'the old owner runs first'],
	] as const)('moves from the old owner\'s mailbox to the new one\'s, the CRM record staying once (%s reads, %s)', (mode, order) => {
		const { aliceWorld, bobWorld, crmId, inAlice, inBob } = org();
		aliceWorld.edit('crm', crmId, { Owner: bob });
		const worlds = order === 'the new owner runs first' ? [bobWorld, aliceWorld] : [aliceWorld, bobWorld];
		const plans = worlds.map((world) => world.run({ mode, partners: mode === 'changes' }));
		expect(inAlice()).toEqual([]);
		expect(inBob()).toHaveLength(1);
		expect(ribeiros(aliceWorld)).toHaveLength(1);
		expect(ribeiros(aliceWorld)[0]).toMatchObject({ id: crmId, Owner: bob, First_Name: 'Ana' });
		const move = plans.flatMap((plan) => plan.report.pairs).find((pair) => pair.decision === 'moveToOtherUser');
		expect(move?.reason).toContain('now owned by Bob');
		// The move is no deletion: the brake does not count it.
		expect(plans.every((plan) => !plan.report.massDelete.blocked)).toBe(true);
		for (const world of [aliceWorld, bobWorld]) expect(writesOf(world.run())).toEqual([]);
		// From now on Bob's edits and the CRM's reach each other.
		bobWorld.edit('exchange', inBob()[0].id as string, { jobTitle: 'COO' });
		bobWorld.run();
		expect(ribeiros(aliceWorld)[0]).toMatchObject({ Title: 'COO' });
		expect(writesOf(aliceWorld.run())).toEqual([]);
	});

	it('an edit made in the old owner\'s mailbox before the move is written to the CRM record, not lost', () => {
		const { aliceWorld, bobWorld, crmId, inAlice, inBob } = org();
		aliceWorld.edit('exchange', inAlice()[0].id as string, { mobilePhone: '+351 91 555 0000' });
		aliceWorld.edit('crm', crmId, { Owner: bob });
		const plan = aliceWorld.run();
		expect(plan.report.pairs.find((pair) => pair.decision === 'moveToOtherUser')?.overwritten).toEqual([
			{ side: 'crm', field: 'mobilePhone', oldValue: null, newValue: '+351 91 555 0000' },
		]);
		bobWorld.run();
		expect(ribeiros(aliceWorld)[0]).toMatchObject({ Mobile: '+351 91 555 0000', Owner: bob });
		expect(inBob()[0]).toMatchObject({ mobilePhone: '+351 91 555 0000' });
		expect(inAlice()).toEqual([]);
	});

	it('a new owner whose mailbox already has the person links to it instead of making a second copy', () => {
		const { aliceWorld, bobWorld, crmId, inBob } = org();
		bobWorld.add('exchange', { ...ana, jobTitle: 'Partner' });
		aliceWorld.edit('crm', crmId, { Owner: bob });
		bobWorld.run();
		expect(inBob()).toHaveLength(1);
		expect(inBob()[0]).toMatchObject({ jobTitle: 'Partner' });
		expect(ribeiros(aliceWorld)).toMatchObject([{ id: crmId, Title: 'Partner' }]);
	});
});

describe('contacts: first sync', () => {
	it('matches existing records by e-mail instead of duplicating them, filling blanks both ways', () => {
		const world = new SyncWorld(settingsFor());
		world.add('exchange', { ...ana, jobTitle: 'CTO' });
		world.add('crm', { ...anaCrm, Email: 'ANA.RIBEIRO@LUMEN-LABS.TEST', Mobile: '+351 91 555' });
		const plan = world.run();
		expect(plan.report.pairs[0].decision).toBe('linkFirstSync');
		expect(plan.toCrm.map((item) => item.json.action)).toEqual(['update']);
		expect(plan.toExchange.map((item) => item.json.action)).toEqual(['update']);
		expect(world.all('crm')).toHaveLength(1);
		expect(world.all('exchange')[0]).toMatchObject({ mobilePhone: '+351 91 555', jobTitle: 'CTO' });
		expect(world.all('crm')[0]).toMatchObject({ Title: 'CTO', Mobile: '+351 91 555' });
		world.run();
		expect(writesOf(world.run())).toEqual([]);
	});

	it('pairs twins one to one, never one record to two', () => {
		const world = new SyncWorld(settingsFor());
		world.add('exchange', ana);
		world.add('exchange', { ...ana, givenName: 'Ana Twin' });
		world.add('crm', anaCrm);
		world.run();
		world.run();
		expect(world.all('crm')).toHaveLength(2);
		expect(world.all('exchange')).toHaveLength(2);
		expect(new Set(world.all('crm').map((record) => record[ZOHO_SYNC_ID_FIELD])).size).toBe(2);
	});
});

describe('contacts: one-way', () => {
	it('Exchange → CRM never writes Exchange, overwrites CRM edits on the next Exchange change, and says so', () => {
		const world = new SyncWorld(settingsFor({ syncType: 'oneWay', direction: 'exchangeToCrm' }));
		const exchangeId = world.add('exchange', ana);
		world.run();
		expect(world.get('exchange', exchangeId)!.syncId).toBeUndefined();
		const crmId = world.all('crm')[0].id as string;
		world.edit('crm', crmId, { Title: 'Edited in CRM' });
		const skipped = world.run();
		expect(writesOf(skipped)).toEqual([]);
		expect(skipped.report.pairs[0].reason).toContain('overwritten by the next change in Exchange');
		world.edit('exchange', exchangeId, { department: 'R&D' });
		const plan = world.run();
		expect(plan.toExchange).toEqual([]);
		expect(world.get('crm', crmId)).toMatchObject({ Title: null, Department: 'R&D' });
		expect(plan.report.pairs[0].overwritten).toContainEqual({ side: 'crm', field: 'jobTitle', oldValue: 'Edited in CRM', newValue: null });
		expect(writesOf(world.run())).toEqual([]);
		expect(world.all('crm')).toHaveLength(1);
	});

	it('CRM → Exchange creates in Exchange and never writes the CRM', () => {
		const world = new SyncWorld(settingsFor({ syncType: 'oneWay', direction: 'crmToExchange' }));
		world.add('crm', anaCrm);
		world.add('exchange', { surname: 'Only in Exchange', email1: 'only@x.test' });
		const plan = world.run();
		expect(plan.toCrm).toEqual([]);
		expect(plan.toExchange.map((item) => item.json.action)).toEqual(['create']);
		// The new item's own id went into its link in the same run (an Exchange write only): all is still.
		expect(writesOf(world.run())).toEqual([]);
	});
});

describe('contacts: leads and custom mappings', () => {
	it('maps to Leads fields and applies custom pairs and exclusions', () => {
		const settings = settingsFor({
			crmModule: 'Leads',
			customFieldMappings: [{ exchangeField: 'department', crmField: 'Industry', valueType: 'text' }],
			excludedFields: ['notes'],
		});
		const plan = planSync({
			exchange: [
				{ id: 'AAMk1', changeKey: 'c', mailbox: 'alice@example.test', ...ana, companyName: 'Lumen', department: 'Tech', notes: 'n', jobTitle: 'CTO', businessAddress: { city: 'Lisbon', postalCode: '1000-001' } },
			],
			crm: [],
			settings,
		});
		expect(plan.toCrm[0].json.module).toBe('Leads');
		// Leads name their title Designation and their postal code Zip_Code in API v8.
		expect(plan.toCrm[0].json.record).toMatchObject({ Company: 'Lumen', Industry: 'Tech', Designation: 'CTO', City: 'Lisbon', Zip_Code: '1000-001' });
		expect(plan.toCrm[0].json.record).not.toHaveProperty('Zip');
		expect(plan.toCrm[0].json.record).not.toHaveProperty('Description');
	});
});

describe('contacts: company', () => {
	it('leaves the Account_Name lookup of Contacts alone, so a contact with a company is created and settles', () => {
		const world = new SyncWorld(settingsFor());
		world.add('exchange', { ...ana, companyName: 'Lumen Labs' });
		world.add('crm', { ...anaCrm, Email: 'grace@x.test', Account_Name: { name: 'Okafor Ltd', id: '42' } });
		const first = world.run();
		expect(first.toCrm.find((item) => item.json.action === 'create')!.json.record).not.toHaveProperty('Account_Name');
		expect(first.toExchange.find((item) => item.json.action === 'create')!.json.fields).not.toHaveProperty('companyName');
		world.run();
		expect(writesOf(world.run())).toEqual([]);
		expect(world.all('exchange').find((item) => item.email1 === ana.email1)!.companyName).toBe('Lumen Labs');
		expect(world.all('crm').find((record) => record.Email === 'grace@x.test')!.Account_Name).toEqual({ name: 'Okafor Ltd', id: '42' });
	});
});

describe('contacts: scale', () => {
	it('plans a first sync of 1,000 contacts per side, then finds nothing to do', () => {
		const world = new SyncWorld(settingsFor({ massDeleteLimit: 25 }));
		for (let n = 0; n < 1000; n++) {
			world.add('exchange', { surname: `E${n}`, email1: `shared${n}@x.test` });
			world.add('crm', { Last_Name: `C${n}`, Email: n % 2 === 0 ? `shared${n}@x.test` : `crm-only${n}@x.test` });
		}
		const first = world.run();
		expect(first.report.pairs.filter((pair) => pair.decision === 'linkFirstSync')).toHaveLength(500);
		world.run();
		expect(world.all('exchange')).toHaveLength(1500);
		expect(world.all('crm')).toHaveLength(1500);
		const idle = world.run();
		expect(writesOf(idle)).toEqual([]);
		expect(idle.report.pairs).toEqual([]);
	});
});

describe('contacts: the demo world', () => {
	it.each(DEMO_EXCHANGE.mailboxes)('first sync of %s links the people on both sides and creates the rest once', (mailbox) => {
		const world = new SyncWorld(settingsFor({ mailbox }));
		const people = DEMO_PEOPLE.filter((person) => person.owner === mailbox);
		for (const person of people) {
			if (person.on !== 'zoho') {
				world.add('exchange', {
					givenName: person.firstName,
					surname: person.lastName,
					email1: person.email,
					companyName: person.company,
					jobTitle: person.title,
					businessPhone: person.phone,
					businessAddress: { city: person.city, countryOrRegion: person.country },
				});
			}
			if (person.on !== 'exchange') {
				// The CRM copy differs a little, as real data does: upper-case e-mail, phone without spaces.
				world.add('crm', {
					First_Name: person.firstName,
					Last_Name: person.lastName,
					Email: person.email.toUpperCase(),
					Account_Name: { name: person.company, id: '1' },
					Phone: person.phone.replace(/ /g, ''),
					Mobile: person.mobile ?? null,
					Mailing_City: person.city,
				});
			}
		}
		world.run();
		world.run();
		expect(writesOf(world.run())).toEqual([]);
		expect(world.all('exchange')).toHaveLength(people.length);
		expect(world.all('crm')).toHaveLength(people.length);
		const both = people.find((person) => person.on === 'both' && person.mobile);
		if (both) {
			const exchange = world.all('exchange').find((item) => item.email1 === both.email)!;
			expect(exchange).toMatchObject({ mobilePhone: both.mobile, businessPhone: both.phone });
		}
	});
});
