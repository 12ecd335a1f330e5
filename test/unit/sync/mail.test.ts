/**
 * Mail: Exchange messages attached to the CRM records of their people, once per Message-ID.
 */
import { crmEmailLink, planMailSync } from '../../../nodes/ExchangeCrmSync/core/mail';
import { settingsFor } from './world';

const settings = settingsFor({ object: 'mail', crmModule: 'Contacts' });
const message = (overrides: Record<string, unknown> = {}) => ({
	id: 'M1',
	changeKey: 'c',
	mailbox: 'alice@example.test',
	internetMessageId: '<renewal-1@lumen-labs.test>',
	subject: 'Renewal question',
	from: { email: 'Ana.Ribeiro@lumen-labs.test', name: 'Ana' },
	to: [{ email: 'alice@example.test' }],
	cc: [{ email: 'jonas@nordwerk.test' }],
	receivedAt: '2026-11-23T09:12:00+01:00',
	bodyType: 'HTML',
	body: '<p>Hi Alice</p>',
	...overrides,
});
const crm = [
	{ id: 'L7', $module: 'Leads', Email: 'jonas@nordwerk.test' },
	{ id: 'C1', Email: 'ana.ribeiro@lumen-labs.test' },
	{ id: 'C2', Email: 'someone@else.test', Secondary_Email: 'JONAS@nordwerk.test' },
];

describe('mail', () => {
	it('attaches a received message to every matching record, contacts first, with the associate-email payload', () => {
		const plan = planMailSync({ exchange: [message()], crm, settings });
		expect(plan.toExchange).toEqual([]);
		expect(plan.toCrm.map((item) => [item.json.module, item.json.id])).toEqual([
			['Contacts', 'C1'],
			['Contacts', 'C2'],
			['Leads', 'L7'],
		]);
		expect(plan.toCrm[0].json).toMatchObject({
			action: 'create',
			syncId: '<renewal-1@lumen-labs.test>',
			record: {
				email: {
					originalMessageId: '<renewal-1@lumen-labs.test>',
					from: 'ana.ribeiro@lumen-labs.test',
					to: 'alice@example.test',
					cc: 'jonas@nordwerk.test',
					subject: 'Renewal question',
					content: '<p>Hi Alice</p>',
					mailFormat: 'html',
					dateTime: '2026-11-23T09:12:00+01:00',
					sent: false,
				},
			},
		});
		expect(plan.toCrm[0].sources).toEqual({ exchange: [0], crm: [1] });
	});

	it('marks mail the mailbox sent as sent, and matches its recipients', () => {
		const plan = planMailSync({
			exchange: [message({ from: { email: 'alice@example.test' }, to: [{ email: 'ana.ribeiro@lumen-labs.test' }], cc: [] })],
			crm,
			settings,
		});
		expect(plan.toCrm.map((item) => item.json.id)).toEqual(['C1']);
		expect(plan.toCrm[0].json.record).toMatchObject({ email: { sent: true } });
	});

	it('attaches one message once even when it is in several folders', () => {
		const plan = planMailSync({ exchange: [message(), message({ id: 'M2', folder: 'sentitems' })], crm, settings });
		expect(plan.toCrm).toHaveLength(3);
		expect(plan.report.pairs[1]).toMatchObject({ decision: 'nothing', reason: 'already attached in this run' });
	});

	it('skips mail from nobody in the CRM and reports messages without a Message-ID', () => {
		const plan = planMailSync({
			exchange: [message({ from: { email: 'newsletter@unrelated.test' }, cc: [] }), message({ internetMessageId: '' })],
			crm,
			settings,
		});
		expect(plan.toCrm).toEqual([]);
		expect(plan.report.counts.exchange).toMatchObject({ skipped: 1, errors: 1 });
		expect(plan.report.errors).toEqual([{ side: 'exchange', itemIndex: 1, reason: 'The message has no Message-ID (internetMessageId)' }]);
	});
});

describe('mail sent from the CRM', () => {
	const ALICE_ID = '5725767000000100001';
	const twoWay = settingsFor({ object: 'mail', crmModule: 'Contacts', mailbox: 'alice@example.test', owner: ALICE_ID });
	const crmEmail = (overrides: Record<string, unknown> = {}) => ({
		message_id: 'a1b2c3',
		subject: 'Quote for Q3',
		from: { user_name: 'Alice Adams', email: 'Alice@example.test' },
		to: [{ user_name: 'Ana Ribeiro', email: 'ana.ribeiro@lumen-labs.test' }],
		cc: [{ user_name: 'jonas@nordwerk.test', email: 'jonas@nordwerk.test' }],
		time: '2026-11-24T10:05:00+01:00',
		sent: true,
		owner: { name: 'Alice Adams', id: ALICE_ID },
		linked_record: { module: { api_name: 'Contacts', id: '1' }, id: 'C1', name: 'Ana Ribeiro' },
		content: '<p>Our quote</p>',
		mail_format: 'html',
		...overrides,
	});
	const copy = (messageId: string) =>
		message({ id: 'S1', folder: 'sentitems', internetMessageId: '<copy@example.test>', syncId: crmEmailLink(messageId), from: { email: 'alice@example.test' } });

	it('plans one Sent Items copy per e-mail the user sent from the CRM, with its people, content and time', () => {
		const plan = planMailSync({ exchange: [], crm: [...crm, crmEmail()], settings: twoWay });
		expect(plan.toCrm).toEqual([]);
		expect(plan.toExchange).toEqual([
			{
				json: {
					action: 'create',
					object: 'mail',
					mailbox: 'alice@example.test',
					syncId: 'zoho-email:a1b2c3',
					fields: {
						from: { email: 'alice@example.test', name: 'Alice Adams' },
						to: [{ email: 'ana.ribeiro@lumen-labs.test', name: 'Ana Ribeiro' }],
						cc: [{ email: 'jonas@nordwerk.test', name: 'jonas@nordwerk.test' }],
						subject: 'Quote for Q3',
						body: '<p>Our quote</p>',
						bodyType: 'HTML',
						sentAt: '2026-11-24T10:05:00+01:00',
						syncId: 'zoho-email:a1b2c3',
					},
				},
				sources: { exchange: [], crm: [3] },
			},
		]);
		expect(plan.report.counts.exchange.created).toBe(1);
		expect(plan.report.pairs).toEqual([expect.objectContaining({ syncId: 'zoho-email:a1b2c3', decision: 'createInExchange' })]);
	});

	it('creates nothing for an e-mail whose copy is already in Exchange, and does not attach the copy back to the CRM', () => {
		const plan = planMailSync({ exchange: [copy('a1b2c3')], crm: [...crm, crmEmail()], settings: twoWay });
		expect(plan.toExchange).toEqual([]);
		expect(plan.toCrm).toEqual([]);
		expect(plan.report.pairs).toEqual([expect.objectContaining({ syncId: 'zoho-email:a1b2c3', decision: 'nothing', reason: 'already in Exchange' })]);
	});

	it('copies an e-mail listed twice (it is on two records) once', () => {
		const onDeal = crmEmail({ linked_record: { module: { api_name: 'Deals', id: '2' }, id: 'D1', name: 'Renewal' } });
		const plan = planMailSync({ exchange: [], crm: [crmEmail(), onDeal], settings: twoWay });
		expect(plan.toExchange).toHaveLength(1);
	});

	it('skips mail other users sent, drafts, and reports e-mails without sender or recipients', () => {
		const plan = planMailSync({
			exchange: [],
			crm: [
				crmEmail({ message_id: 'bob1', owner: { name: 'Bob Brown', id: '5725767000000100002' }, from: { user_name: 'Bob', email: 'bob@example.test' } }),
				crmEmail({ message_id: 'draft1', sent: false }),
				crmEmail({ message_id: 'broken', to: [], cc: [] }),
			],
			settings: twoWay,
		});
		expect(plan.toExchange).toEqual([]);
		expect(plan.report.pairs.map((pair) => pair.reason)).toEqual(['sent by another CRM user', 'not sent (a draft or scheduled e-mail)']);
		expect(plan.report.counts.crm).toMatchObject({ skipped: 2, errors: 1 });
		expect(plan.report.errors).toEqual([{ side: 'crm', itemIndex: 2, reason: 'The CRM e-mail has no sender or no recipient' }]);
	});

	it('tells the user\'s mail by its sender when no owner is set', () => {
		const noOwner = settingsFor({ object: 'mail', crmModule: 'Contacts', mailbox: 'alice@example.test' });
		const plan = planMailSync({ exchange: [], crm: [crmEmail(), crmEmail({ message_id: 'bob1', from: { email: 'bob@example.test' } })], settings: noOwner });
		expect(plan.toExchange.map((item) => item.json.syncId)).toEqual(['zoho-email:a1b2c3']);
	});

	it('follows the direction: Exchange → CRM only attaches, CRM → Exchange only copies', () => {
		const input = { exchange: [message()], crm: [...crm, crmEmail()] };
		const toCrmOnly = planMailSync({ ...input, settings: { ...twoWay, syncType: 'oneWay', direction: 'exchangeToCrm' } });
		expect([toCrmOnly.toExchange.length, toCrmOnly.toCrm.length]).toEqual([0, 3]);
		const toExchangeOnly = planMailSync({ ...input, settings: { ...twoWay, syncType: 'oneWay', direction: 'crmToExchange' } });
		expect([toExchangeOnly.toExchange.length, toExchangeOnly.toCrm.length]).toEqual([1, 0]);
		const both = planMailSync({ ...input, settings: twoWay });
		expect([both.toExchange.length, both.toCrm.length]).toEqual([1, 3]);
	});
});
