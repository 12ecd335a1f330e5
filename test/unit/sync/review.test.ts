/**
 * The review inbox: a run's conflicts sent for review, held deletes and rejected records become
 * rows (one per record and reason, seen again → last seen updated), the review page asks what to
 * do with each, and the next run applies the decisions: the chosen value per field on both sides,
 * a released delete through the brake, a discarded one kept, a retried record written; then the
 * row closes and nothing is asked again.
 */
import type { IDataObject } from 'n8n-workflow';
import { ExchangeCrmSync } from '../../../nodes/ExchangeCrmSync/ExchangeCrmSync.node';
import { planSync } from '../../../nodes/ExchangeCrmSync/core/planner';
import { decideReviews, recordForReview, reviewDecisionsOf, reviewEntries, reviewPage, type ReviewRow } from '../../../nodes/ExchangeCrmSync/core/review';
import { summariseRun, type WriteResults } from '../../../nodes/ExchangeCrmSync/core/summary';
import type { SyncPlan, SyncSettings } from '../../../nodes/ExchangeCrmSync/core/types';
import { nodeContext } from '../../support/nodeContext';
import { MAILBOX, settingsFor, suggestedPlan, SyncWorld, writesOf } from './world';

const LINKS = { crm: 'https://crm.zoho.eu/', crmModule: 'Contacts', exchange: '' };

/**
 * An inbox over a world, kept as the workflows keep it: each run reads the rows that are not
 * closed, plans with their decisions, and saves what Record for Review returns (upsert on key).
 */
class Inbox {
	readonly table = new Map<string, ReviewRow>();
	private clock = 0;

	constructor(readonly world: SyncWorld) {}

	now(): string {
		return new Date(Date.UTC(2026, 11, 7, 12, 0, this.clock++)).toISOString();
	}

	notClosed(): ReviewRow[] {
		return [...this.table.values()].filter((row) => row.status !== 'closed');
	}

	/** One run: plan with the decided rows, write (the Review route for conflicts), record for review. `refused`: the write results a server refused. */
	run(refused: WriteResults = { exchange: {}, crm: {} }): SyncPlan {
		this.world.settings = { ...this.world.settings, reviewDecisions: reviewDecisionsOf(this.notClosed(), MAILBOX, 'contacts') };
		const exchange = this.world.read('exchange', 'complete');
		const crm = this.world.read('crm', 'complete');
		const plan = planSync({ exchange, crm, settings: this.world.settings });
		this.world.applyPlan(plan);
		// The Review route writes each conflict's hold: the fields only one side changed, the conflicting ones marked held.
		for (const conflict of plan.conflicts) this.world.applyPlan(suggestedPlan(conflict.json.suggested.hold));
		const report = { ...plan.report, review: reviewEntries({ plan, exchange, crm, settings: this.world.settings }) };
		this.save(recordForReview({ report, summary: summariseRun(report, refused), rows: this.notClosed(), now: this.now(), links: LINKS }));
		return plan;
	}

	/** The admin answers the review page: `answer` picks the choice per question label. */
	decide(answer: (label: string, choices: string[]) => string | undefined): void {
		const page = reviewPage(this.notClosed());
		const answers: Record<string, string> = {};
		for (const field of page.fields) {
			const chosen = answer(field.fieldLabel, field.fieldOptions?.values.map((value) => value.option) ?? []);
			if (chosen !== undefined) answers[field.fieldLabel] = chosen;
		}
		this.save(decideReviews(this.notClosed(), answers, '', this.now()));
	}

	private save(rows: ReviewRow[]): void {
		for (const row of rows) this.table.set(row.key, row);
	}
}

function linkedWorld(overrides: Partial<SyncSettings> = {}) {
	const world = new SyncWorld(settingsFor({ conflictBehaviour: 'sendToConflicts', ...overrides }));
	const ana = world.add('exchange', { givenName: 'Ana', surname: 'Ribeiro', email1: 'ana@x.test', jobTitle: 'CTO', department: 'Tech' });
	for (const n of [1, 2, 3]) world.add('exchange', { surname: `P${n}`, email1: `p${n}@x.test` });
	world.run();
	world.run();
	const crmOf = (email: string) => world.all('crm').find((record) => record.Email === email)!.id as string;
	return { world, ana, anaCrm: crmOf('ana@x.test'), crmOf, inbox: new Inbox(world) };
}

describe('review inbox', () => {
	it('records a conflict once per record, with both values per field, and applies the per-field decision to both sides', () => {
		const { world, ana, anaCrm, inbox } = linkedWorld();
		world.edit('exchange', ana, { jobTitle: 'CEO', department: 'Board' });
		world.edit('crm', anaCrm, { Title: 'Managing Director', Department: 'Management' });
		inbox.run();
		inbox.run();
		const [row] = [...inbox.table.values()];
		expect(inbox.table.size).toBe(1);
		expect(row).toMatchObject({
			user: MAILBOX,
			object: 'contacts',
			reason: 'conflict',
			status: 'open',
			exchangeName: 'Ana Ribeiro <ana@x.test>',
			crmName: 'Ana Ribeiro <ana@x.test>',
			exchangeId: ana,
			crmId: anaCrm,
			crmLink: `https://crm.zoho.eu/crm/tab/Contacts/${anaCrm}`,
		});
		// The last synced values (CTO, Tech) are kept only as fingerprints: not claimed.
		expect(JSON.parse(row.fields)).toStrictEqual([
			{ field: 'jobTitle', exchange: 'CEO', crm: 'Managing Director' },
			{ field: 'department', exchange: 'Board', crm: 'Management' },
		]);
		// Seen twice: one row, first seen kept, last seen moved.
		expect(row.firstSeen < row.lastSeen).toBe(true);

		inbox.decide((label, choices) => (label.endsWith(': jobTitle') ? choices.find((choice) => choice.startsWith('CRM:')) : label.endsWith(': department') ? 'Typed value (below)' : label.endsWith('department, typed value') ? 'Executive board' : undefined));
		expect(inbox.notClosed().map((entry) => [entry.status, JSON.parse(entry.decision)])).toEqual([
			['decided', { fields: { jobTitle: { take: 'crm' }, department: { value: 'Executive board' } } }],
		]);

		const plan = inbox.run();
		expect(plan.conflicts).toEqual([]);
		expect(world.get('exchange', ana)).toMatchObject({ jobTitle: 'Managing Director', department: 'Executive board' });
		expect(world.get('crm', anaCrm)).toMatchObject({ Title: 'Managing Director', Department: 'Executive board' });
		expect([...inbox.table.values()].map((entry) => entry.status)).toEqual(['closed']);
		// Nothing is asked again, and nothing more is written.
		expect(writesOf(inbox.run())).toEqual([]);
		expect(reviewPage(inbox.notClosed()).count).toBe(0);
	});

	it('gives a field\'s base where the sync state tells it: empty at the last sync, kept once the field is held; shown on the page', () => {
		const { world, ana, anaCrm, inbox } = linkedWorld();
		world.edit('exchange', ana, { jobTitle: 'CEO', assistantName: 'Rui' });
		world.edit('crm', anaCrm, { Title: 'Managing Director', Assistant: 'Rita' });
		inbox.run();
		const expected = [
			{ field: 'jobTitle', exchange: 'CEO', crm: 'Managing Director' },
			{ field: 'assistantName', base: null, exchange: 'Rui', crm: 'Rita' },
		];
		const [first] = inbox.notClosed();
		expect(JSON.parse(first.fields)).toStrictEqual(expected);
		// The run held both fields: the state's fingerprints no longer name a value, the row keeps what it knew.
		inbox.run();
		const [again] = inbox.notClosed();
		expect(again.lastSeen > first.lastSeen).toBe(true);
		expect(JSON.parse(again.fields)).toStrictEqual(expected);
		expect(reviewPage(inbox.notClosed()).description).toContain('jobTitle, assistantName changed on both sides to different values; last synced: assistantName = (empty)');
	});

	it('asks again when a decision leaves a conflicting field undecided; decide later keeps the item open', () => {
		const { world, ana, anaCrm, inbox } = linkedWorld();
		world.edit('exchange', ana, { jobTitle: 'CEO', department: 'Board' });
		world.edit('crm', anaCrm, { Title: 'Managing Director', Department: 'Management' });
		inbox.run();
		// Only one of two fields decided, and a typed value left empty: not decided.
		inbox.decide((label, choices) => (label.endsWith(': jobTitle') ? choices[0] : label.endsWith(': department') ? 'Typed value (below)' : undefined));
		expect(inbox.notClosed().map((row) => row.status)).toEqual(['open']);
		inbox.decide(() => 'Decide later');
		expect(inbox.notClosed().map((row) => row.status)).toEqual(['open']);
		// A decision that no longer covers every conflicting field (one made by hand) raises the conflict again.
		const [row] = inbox.notClosed();
		inbox.table.set(row.key, { ...row, status: 'decided', decision: JSON.stringify({ fields: { jobTitle: { take: 'exchange' } } }) });
		expect(inbox.run().conflicts).toHaveLength(1);
		expect(inbox.notClosed().map((entry) => [entry.status, entry.decision])).toEqual([['open', '']]);
	});

	it('releases held deletes: they pass the brake once, then the rows close', () => {
		const { world, crmOf, inbox } = linkedWorld({ massDeleteLimit: 1 });
		world.remove('crm', crmOf('p1@x.test'));
		world.remove('crm', crmOf('p2@x.test'));
		const held = inbox.run();
		expect(held.report.massDelete.blocked).toBe(true);
		expect(inbox.notClosed().map((row) => [row.reason, row.exchangeName]).sort()).toEqual([
			['heldDelete', 'P1 <p1@x.test>'],
			['heldDelete', 'P2 <p2@x.test>'],
		]);
		inbox.decide((_label, choices) => choices.find((choice) => choice.startsWith('Release')));
		const released = inbox.run();
		expect(released.report.massDelete.blocked).toBe(false);
		expect(world.all('exchange').map((item) => item.email1).sort()).toEqual(['ana@x.test', 'p3@x.test']);
		expect(inbox.notClosed()).toEqual([]);
	});

	it('a release lets only the released deletes through: another delete is still held', () => {
		const { world, crmOf, inbox } = linkedWorld({ massDeleteLimit: 1 });
		world.remove('crm', crmOf('p1@x.test'));
		world.remove('crm', crmOf('p2@x.test'));
		inbox.run();
		inbox.decide((label, choices) => (label.includes('P1') ? choices.find((choice) => choice.startsWith('Release')) : undefined));
		world.remove('crm', crmOf('p3@x.test'));
		const plan = inbox.run();
		expect(world.all('exchange').map((item) => item.email1).sort()).toEqual(['ana@x.test', 'p2@x.test', 'p3@x.test']);
		expect(plan.report.massDelete.blocked).toBe(true);
		expect(inbox.notClosed().map((row) => row.exchangeName).sort()).toEqual(['P2 <p2@x.test>', 'P3 <p3@x.test>']);
	});

	it('discards a held delete: the record stays and is made again where it was deleted, then nothing more happens', () => {
		const { world, crmOf, inbox } = linkedWorld({ massDeleteLimit: 1 });
		world.remove('crm', crmOf('p1@x.test'));
		world.remove('crm', crmOf('p2@x.test'));
		inbox.run();
		inbox.decide((_label, choices) => choices.find((choice) => choice.startsWith('Discard')));
		inbox.run();
		expect(world.all('exchange')).toHaveLength(4);
		expect(world.all('crm').map((record) => record.Email).sort()).toEqual(['ana@x.test', 'p1@x.test', 'p2@x.test', 'p3@x.test']);
		expect(inbox.notClosed()).toEqual([]);
		expect(writesOf(inbox.run())).toEqual([]);
	});

	it('retries a rejected record once it is fixed; a retry that fails again is asked again', () => {
		const { world, inbox } = linkedWorld();
		const noSurname = world.add('exchange', { givenName: 'Nameless', email1: 'nameless@x.test' });
		inbox.run();
		expect(inbox.notClosed().map((row) => [row.reason, row.exchangeName, row.message])).toEqual([
			['rejected', 'Nameless <nameless@x.test>', expect.stringContaining('surname is empty')],
		]);
		inbox.decide((_label, choices) => choices[0]);
		// Not fixed yet: the retry fails, and the item is open again.
		inbox.run();
		expect(inbox.notClosed().map((row) => [row.status, row.decision])).toEqual([['open', '']]);
		inbox.decide((_label, choices) => choices[0]);
		world.edit('exchange', noSurname, { surname: 'Fixed' });
		inbox.run();
		expect(world.all('crm').find((record) => record.Email === 'nameless@x.test')).toMatchObject({ Last_Name: 'Fixed' });
		expect(inbox.notClosed()).toEqual([]);
	});

	it('records a write the server refused under its record, and closes it once a run writes the pair', () => {
		const { world, ana, anaCrm, inbox } = linkedWorld();
		world.edit('exchange', ana, { jobTitle: 'CEO' });
		const refused = { exchange: {}, crm: { update: [{ error: { message: 'INVALID_DATA: Title' }, syncId: world.get('crm', anaCrm)!.Exchange_Sync_Id }] } };
		inbox.run(refused);
		expect(inbox.notClosed().map((row) => [row.reason, row.crmId, row.message])).toEqual([['rejected', anaCrm, 'the CRM refused the update: INVALID_DATA: Title']]);
		world.edit('exchange', ana, { jobTitle: 'CFO' });
		inbox.run();
		expect(inbox.notClosed()).toEqual([]);
	});

	it('the page asks per field with unique labels, shows each item\'s reason and link, and keeps to one user when asked', () => {
		const { world, ana, anaCrm, crmOf, inbox } = linkedWorld({ massDeleteLimit: 0 });
		world.edit('exchange', ana, { jobTitle: 'CEO' });
		world.edit('crm', anaCrm, { Title: 'MD' });
		world.remove('crm', crmOf('p1@x.test'));
		inbox.run();
		const page = reviewPage(inbox.notClosed());
		expect(page.count).toBe(2);
		const labels = page.fields.map((field) => field.fieldLabel);
		expect(new Set(labels).size).toBe(labels.length);
		expect(page.fields.find((field) => field.fieldLabel.endsWith(': jobTitle'))?.fieldOptions?.values.map((value) => value.option)).toEqual([
			'Exchange: CEO',
			'CRM: MD',
			'Typed value (below)',
			'Decide later',
		]);
		expect(page.description).toContain(`https://crm.zoho.eu/crm/tab/Contacts/${anaCrm}`);
		expect(page.description).toContain('exceed the mass-delete limit of 0');
		expect(reviewPage(inbox.notClosed(), 'bob@example.test').count).toBe(0);
	});

	it('a full read that no longer raises an item closes it; a changes-only read does not', () => {
		const { world, crmOf, inbox } = linkedWorld({ massDeleteLimit: 1 });
		world.remove('crm', crmOf('p1@x.test'));
		world.remove('crm', crmOf('p2@x.test'));
		const held = inbox.run();
		inbox.decide((_label, choices) => choices.find((choice) => choice.startsWith('Release')));
		const decided = inbox.notClosed();
		expect(decided.map((row) => row.status)).toEqual(['decided', 'decided']);
		// Nothing for these pairs in a run (their records were restored, say): a changes-only run keeps the rows, a full read closes them.
		const quiet = { ...held.report, pairs: [], review: [], massDelete: { blocked: false, wouldDelete: 0 } };
		const summary = summariseRun(quiet, { exchange: {}, crm: {} });
		const input = { summary, rows: decided, now: inbox.now(), links: LINKS };
		expect(recordForReview({ ...input, report: { ...quiet, inputCompleteness: 'changes' } })).toEqual([]);
		expect(recordForReview({ ...input, report: quiet }).map((row) => row.status)).toEqual(['closed', 'closed']);
	});

	it('conflicts the workflow decides on a winner route are not for review', () => {
		const { world, ana, anaCrm } = linkedWorld();
		world.edit('exchange', ana, { jobTitle: 'CEO' });
		world.edit('crm', anaCrm, { Title: 'MD' });
		const exchange = world.read('exchange', 'complete');
		const crm = world.read('crm', 'complete');
		const plan = planSync({ exchange, crm, settings: world.settings });
		expect(reviewEntries({ plan, exchange, crm, settings: world.settings }).map((entry) => entry.reason)).toEqual(['conflict']);
		expect(reviewEntries({ plan, exchange, crm, settings: world.settings, conflictsToReview: false })).toEqual([]);
	});

	it('a plan with nothing for anyone to decide has no review entries', () => {
		const { world } = linkedWorld();
		const exchange = world.read('exchange', 'complete');
		const crm = world.read('crm', 'complete');
		const plan = planSync({ exchange, crm, settings: world.settings });
		expect(reviewEntries({ plan, exchange, crm, settings: world.settings })).toEqual([]);
	});

	it('as node operations: the rows are read from the node Review Items Node names, not through an expression; a wrong or missing name is a clear error', async () => {
		const { world, crmOf, inbox } = linkedWorld({ massDeleteLimit: 1 });
		world.remove('crm', crmOf('p1@x.test'));
		world.remove('crm', crmOf('p2@x.test'));
		inbox.run();
		const open = inbox.notClosed().map((row) => ({ json: { id: 7, createdAt: '2026-12-07T12:00:00.000Z', ...row } as IDataObject }));
		const decide = (reviewItemsNode: string) =>
			new ExchangeCrmSync().execute.call(
				nodeContext({
					parameters: { operation: 'decideReviews', reviewItemsNode },
					inputs: [[{ json: Object.fromEntries(reviewPage(inbox.notClosed()).fields.map((field) => [field.fieldLabel, 'Release: delete it on the other side too'])) }]],
					// Two runs of the Data Table node: the rows of both count.
					workflowNodes: { 'Open reviews': [open.slice(0, 1), open.slice(1)] },
				}),
			);
		const [, , , decided] = await decide('Open reviews');
		expect(decided.map((item) => [item.json.status, item.json.decision])).toEqual([
			['decided', '{"delete":"release"}'],
			['decided', '{"delete":"release"}'],
		]);
		await expect(decide('Open items')).rejects.toThrow('Review Items Node names "Open items", which is not a node of this workflow');
		await expect(decide('')).rejects.toThrow('Review Items Node is empty');
	});
});
