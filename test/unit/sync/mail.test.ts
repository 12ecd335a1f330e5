/**
 * Mail: Exchange messages attached to the CRM records of their people, once per Message-ID.
 */
import { planMailSync } from '../../../nodes/ExchangeCrmSync/core/mail';
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
