/**
 * The mail sync with the Exchange side over Microsoft 365 (Graph) and over EWS, the same scenario
 * with the same expected CRM writes: the prebuilt mail workflow's steps run through the nodes
 * (scripts/workflows/mail.ts and definitions.ts: messages of Inbox and Sent Items modified since
 * the last run, the user's CRM contacts, mail sent from the CRM since the last run, the Sync node,
 * Zoho "associate email" and the Exchange node's Save as Sent). Each message from or to a CRM
 * contact is attached once to the contact's record; a rerun writes nothing; mail sent from the
 * CRM gets one copy filed as sent in Sent Items, which is never attached back; new mail is
 * attached on the next run; more messages than one Graph page are read.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { SyncRunner } from '../../../bench/pipeline';
import type { BenchServers } from '../../../bench/servers';
import { ExchangeCrmSync } from '../../../nodes/ExchangeCrmSync/ExchangeCrmSync.node';
import type { GraphEmulatorHandle } from '../../emulators/graph/harness';
import type { ZohoEmulator } from '../../emulators/zoho-crm/harness';
import { nodeContext } from '../../support/nodeContext';
import { ALICE } from '../graph-transport/support';
import { exchangeAccess, startSyncServers, type Server } from './support';

jest.setTimeout(90_000);

const FOLDERS = ['inbox', 'sentitems'];
const CONTACTS = [
	{ First_Name: 'Jane', Last_Name: 'Doe', Email: 'jane@outside.test' },
	{ First_Name: 'Marco', Last_Name: 'Rossi', Email: 'marco@outside.test' },
	{ First_Name: 'Yuki', Last_Name: 'Tanaka', Email: 'yuki@outside.test' },
];
/** Messages that no CRM contact is in: more than one Graph page (100) with the rest. */
const NOISE = 101;

/** Past the current second, so that a run's start is after the writes before it (Graph's times are whole seconds). */
const pause = async () => await new Promise((resolve) => setTimeout(resolve, 1_100));

const fail = (side: string, items: INodeExecutionData[]) => {
	const errors = items.filter((item) => item.json.error).map((item) => String(item.json.error));
	if (errors.length) throw new Error(`${side}: ${errors.join('; ')}`);
	return items;
};

describe.each<Server>(['graph', 'ews'])('mail sync with Exchange over %s', (server) => {
	let graph: GraphEmulatorHandle;
	let zoho: ZohoEmulator;
	let servers: BenchServers;
	let runner: SyncRunner;
	let ownerId: string;
	const contactIds = new Map<string, string>();
	/** The last run's start, from which the next run reads (the workflow's cursor row `since`). */
	let since = '';

	beforeAll(async () => {
		// The empty CRM has one user, Alice: the owner of her records and the sender of her CRM mail.
		({ graph, zoho, servers } = await startSyncServers());
		runner = new SyncRunner(servers, exchangeAccess(server, graph));
		const [user] = fail('CRM user', await runner.zoho({ resource: 'user', operation: 'getCurrent' }));
		ownerId = String(user.json.id);
		const { ids } = await zoho.control.insertRecords('Contacts', CONTACTS.map((contact) => ({ ...contact, Owner: { id: ownerId } })));
		CONTACTS.forEach((contact, index) => contactIds.set(contact.Email, ids[index]));
		await graph.control.insertItems(ALICE, 'message', [
			{ subject: 'Question from Jane', from: { email: 'jane@outside.test', name: 'Jane Doe' }, to: [{ email: ALICE }], body: '<p>Price?</p>', bodyType: 'HTML' },
			{ subject: 'Jane and Marco', from: { email: 'marco@outside.test' }, to: [{ email: ALICE }], cc: [{ email: 'jane@outside.test' }], body: '<p>Both</p>', bodyType: 'HTML' },
			...Array.from({ length: NOISE }, (_, index) => ({ subject: `Newsletter ${index}`, from: { email: `news${index}@lists.test` }, to: [{ email: ALICE }], body: 'n', bodyType: 'Text' })),
		], 'inbox');
		await graph.control.insertItems(ALICE, 'message', [
			{ subject: 'Offer for Yuki', from: { email: ALICE, name: 'Alice Adams' }, to: [{ email: 'yuki@outside.test' }], body: '<p>Offer</p>', bodyType: 'HTML', isRead: true, sentAt: '2026-12-01T09:00:00Z' },
		], 'sentitems');
		// Graph's times are whole seconds: the first run starts in a later second than these writes.
		await pause();
	}, 90_000);

	afterAll(async () => {
		await servers?.stop();
	});

	afterEach(async () => {
		expect(await graph.control.validationErrors()).toEqual([]);
	});

	/** Mail the user sent from CRM records since the last run, with its content (none on the first run). */
	async function crmSentMail(): Promise<INodeExecutionData[]> {
		if (!since) return [];
		const sinceForCoql = new Date(since).toISOString().replace(/\.\d{3}Z$/, '+00:00');
		const records = fail('COQL', await runner.zoho({ resource: 'record', operation: 'query', query: `select id from Contacts where Last_Activity_Time >= '${sinceForCoql}'`, returnAll: true }));
		const mail: INodeExecutionData[] = [];
		for (const record of records) {
			const emails = fail('CRM e-mails', await runner.zoho({ resource: 'email', operation: 'getAll', parentModule: 'Contacts', parentId: record.json.id, emailType: 'sent_from_crm', returnAll: true }));

			for (const email of emails.filter((entry) => (entry.json.owner as IDataObject)?.id === ownerId && Date.parse(String(entry.json.time)) >= Date.parse(since))) {
				const linked = email.json.linked_record as { id: string; module: { api_name: string } };
				mail.push(...fail('CRM e-mail', await runner.zoho({ resource: 'email', operation: 'get', parentModule: linked.module.api_name, parentId: linked.id, messageId: email.json.message_id, ownerId })));
			}
		}
		return mail;
	}

	/** One run of the mail workflow; answers its writes. */
	async function sync() {
		const startedAt = new Date().toISOString();
		const messages: INodeExecutionData[] = [];
		for (const folder of FOLDERS) {
			messages.push(...fail('Exchange read', await runner.exchange({ resource: 'message', operation: 'getAll', returnAll: true, folder, filters: { modifiedSince: since }, mailbox: ALICE })));
		}
		const people = fail('CRM read', await runner.zoho({ resource: 'record', operation: 'getAll', module: { __rl: true, value: 'Contacts', mode: 'name' }, returnAll: true }));
		const owned = people.filter((record) => (record.json.Owner as IDataObject)?.id === ownerId);
		const crm = [...owned, ...(await crmSentMail())];
		const context = nodeContext({
			parameters: { object: 'mail', crmModule: 'Contacts', syncType: 'twoWay', direction: 'exchangeToCrm', owner: ownerId, mailbox: ALICE, options: { crmTimeZone: 'UTC', exchangeTimeZone: 'UTC' } },
			items: [],
			inputs: [messages, crm],
			credentials: {},
			continueOnFail: true,
		});
		const [toExchange, toCrm, , [report]] = (await new ExchangeCrmSync().execute.call(context)) as INodeExecutionData[][];
		const attached = toCrm.length === 0 ? [] : fail(
			'Attach to CRM record',
			await runner.zoho((itemIndex) => {
				const { email } = toCrm[itemIndex].json.record as { email: IDataObject };
				return {
					resource: 'email',
					operation: 'associate',
					parentModule: toCrm[itemIndex].json.module,
					parentId: toCrm[itemIndex].json.id,
					originalMessageId: email.originalMessageId,
					from: email.from,
					to: email.to,
					subject: email.subject,
					content: email.content,
					dateTime: email.dateTime ?? '',
					options: { cc: email.cc, bcc: email.bcc, mailFormat: email.mailFormat, sent: email.sent },
				};
			}, toCrm),
		);
		const saved = toExchange.length
			? fail('Save to Sent Items', await runner.exchange((itemIndex) => ({ resource: 'message', operation: 'saveSent', inputMode: 'json', itemJson: toExchange[itemIndex].json.fields, folder: 'sentitems', mailbox: ALICE }), toExchange))
			: [];
		since = startedAt;

		return { read: messages.length, attached: attached.length, saved, report: report.json };
	}

	/** Subjects of the mail attached to a contact's record, sorted. */
	async function attachedTo(email: string): Promise<string[]> {
		const emails = fail('CRM e-mails', await runner.zoho({ resource: 'email', operation: 'getAll', parentModule: 'Contacts', parentId: contactIds.get(email), emailType: 'user_emails', returnAll: true }));
		return emails.map((entry) => String(entry.json.subject)).sort();
	}

	it('attaches each message from or to a CRM contact once to the contact’s record; a rerun writes nothing', async () => {
		const first = await sync();
		expect(first.read).toBe(NOISE + 3);
		expect(first.attached).toBe(4);
		expect(first.saved).toEqual([]);
		expect(await attachedTo('jane@outside.test')).toEqual(['Jane and Marco', 'Question from Jane']);
		expect(await attachedTo('marco@outside.test')).toEqual(['Jane and Marco']);
		expect(await attachedTo('yuki@outside.test')).toEqual(['Offer for Yuki']);

		const rerun = await sync();
		expect([rerun.read, rerun.attached, rerun.saved.length]).toEqual([0, 0, 0]);
	});

	it('files mail sent from the CRM once in Sent Items as sent, and never attaches that copy back', async () => {
		// Zoho's times are whole seconds too: the mail is sent in a later second than the last run's start.
		await pause();
		const sent = await zoho.control.sendEmailFromRecord({ module: 'Contacts', recordId: contactIds.get('marco@outside.test')!, from: ALICE, subject: 'Contract from the CRM', content: '<p>Signed &amp; sealed</p>' });
		const run = await sync();
		expect(run.attached).toBe(0);
		expect(run.saved).toHaveLength(1);
		expect(run.saved[0].json).toMatchObject({ subject: 'Contract from the CRM', isDraft: false, from: { email: ALICE }, to: [{ email: 'marco@outside.test' }], syncId: `zoho-email:${sent.messageId}` });
		const copies = (await graph.control.items(ALICE, 'sentitems')).filter((item) => item.subject === 'Contract from the CRM');
		expect(copies.map((item) => [item.isDraft, item.sentAt])).toEqual([[false, sent.sentAt.replace(/\.\d{3}Z$/, 'Z')]]);
		// Nobody receives the copy.
		expect((await graph.control.items('bob@example.test', 'inbox')).length).toBe(0);

		// The next run reads the copy (new in Sent Items) and leaves it alone.
		const next = await sync();
		expect(next.read).toBeGreaterThanOrEqual(1);
		expect([next.attached, next.saved.length]).toEqual([0, 0]);
		expect(await attachedTo('marco@outside.test')).toEqual(['Jane and Marco']);
	});

	it('attaches new mail on the next run, once', async () => {
		await graph.control.insertItems(ALICE, 'message', [{ subject: 'Follow-up from Yuki', from: { email: 'yuki@outside.test' }, to: [{ email: ALICE }], body: '<p>More</p>', bodyType: 'HTML' }], 'inbox');
		await pause();
		const run = await sync();
		expect(run.read).toBeGreaterThanOrEqual(1);
		expect(run.attached).toBe(1);
		expect(await attachedTo('yuki@outside.test')).toEqual(['Follow-up from Yuki', 'Offer for Yuki']);
		const rerun = await sync();
		expect([rerun.read, rerun.attached, rerun.saved.length]).toEqual([0, 0, 0]);
	});
});
