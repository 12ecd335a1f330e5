/**
 * Messages over Microsoft 365 (Graph) against the local Microsoft 365 server: the same JSON as
 * over EWS (a message written through one is read the same through the other), get, find with
 * filters, read flags, delete, move, delta, sending with an attachment another mailbox receives,
 * drafts, copies filed as sent, and attachments.
 */
import type { IDataObject } from 'n8n-workflow';
import { runJson } from '../exchange/support';
import { ALICE, ewsCredentials, graphCredentials, runGraphJson, runGraphNode, useGraphServer } from './support';
import { graphAuthHelpers } from '../../support/graphAuth';
import { nodeContext } from '../../support/nodeContext';
import { messageType } from '../../../nodes/MicrosoftExchange/helpers/itemTypes/message';
import { GraphTransport } from '../../../nodes/MicrosoftExchange/transport/graph/transport';

jest.setTimeout(60_000);

const BOB = 'bob@example.test';
const server = useGraphServer();
const credentials = () => graphCredentials(server());
const base = { resource: 'message', mailbox: ALICE };
const AWKWARD = `Tom & Jerry <b>"quoted"</b> 'single' 🚀 田中 Müller`;

/** What each server assigns in its own form: ids, change keys and folder ids differ between EWS and Graph by design. */
const withoutIds = ({ id, changeKey, folder, ...rest }: IDataObject) => (void id, void changeKey, void folder, rest);

const crmMail = (n: number) => ({
	from: { email: ALICE, name: 'Alice Adams' },
	to: [{ email: 'jane@outside.test', name: 'Jane Doe' }],
	cc: [{ email: 'carol@example.test', name: 'Carol Clark' }],
	subject: `Quote ${n} ${AWKWARD}`,
	body: `<p>Offer ${n} &amp; terms</p>`,
	bodyType: 'HTML',
	sentAt: `2026-04-0${n}T08:30:00+02:00`,
	syncId: `crm-mail-${n}`,
});

async function transport(): Promise<GraphTransport> {
	return await GraphTransport.fromContext(nodeContext({ parameters: {}, credentials: { microsoft365GraphApi: credentials() }, helpers: graphAuthHelpers().helpers }));
}

async function getChanges(cursor: string, folder = 'inbox') {
	const output = await runGraphJson({ credentials: credentials(), parameters: { ...base, operation: 'getChanges', folder, cursor } });
	return { changes: output.slice(0, -1), summary: output[output.length - 1] };
}

beforeEach(async () => {
	await server().control.reset();
	await server().control.seed('empty');
});

describe('messages over Microsoft 365 (Graph)', () => {
	it('files copies of sent mail in Sent Items as sent, with the same JSON EWS gives for them', async () => {
		await server().control.resetCounters();
		const [overGraph] = await runGraphJson({ credentials: credentials(), parameters: { ...base, operation: 'saveSent', folder: 'sentitems', inputMode: 'json', itemJson: crmMail(1) } });
		expect(overGraph).toMatchObject({
			mailbox: ALICE,
			subject: `Quote 1 ${AWKWARD}`,
			from: { email: ALICE, name: 'Alice Adams' },
			to: [{ email: 'jane@outside.test', name: 'Jane Doe' }],
			cc: [{ email: 'carol@example.test', name: 'Carol Clark' }],
			bcc: [],
			sentAt: '2026-04-01T06:30:00.000Z',
			receivedAt: '2026-04-01T06:30:00.000Z',
			isDraft: false,
			isRead: true,
			hasAttachments: false,
			bodyType: 'HTML',
			syncId: 'crm-mail-1',
			inReplyTo: null,
		});
		expect(overGraph.body).toContain('Offer 1 &amp; terms');
		expect(String(overGraph.internetMessageId)).toMatch(/^<.+@.+>$/);
		// Nobody receives a copy; it is in Sent Items, not in Drafts.
		expect((await server().control.items('carol@example.test', 'inbox')).map((item) => item.subject)).not.toContain(`Quote 1 ${AWKWARD}`);
		expect((await server().control.items(ALICE, 'sentitems')).map((item) => [item.syncId, item.isDraft])).toEqual([['crm-mail-1', false]]);
		expect((await server().control.counters()).byOperation).toMatchObject({ 'messages.create': 1 });

		// The same copy through EWS, read back through both.
		const [overEws] = await runJson({ credentials: ewsCredentials(server()), parameters: { ...base, operation: 'saveSent', folder: 'sentitems', inputMode: 'json', itemJson: crmMail(2) } });
		const [ewsCopyOverGraph] = await runGraphJson({ credentials: credentials(), parameters: { ...base, operation: 'getAll', folder: 'sentitems', returnAll: true, filters: { syncIds: 'crm-mail-2' } } });
		expect(withoutIds(ewsCopyOverGraph)).toEqual(withoutIds(overEws));
		const [graphCopyOverEws] = await runJson({ credentials: ewsCredentials(server()), parameters: { ...base, operation: 'getAll', folder: 'sentitems', returnAll: true, filters: { search: 'Quote 1' } } });
		expect(withoutIds(graphCopyOverEws)).toEqual(withoutIds(overGraph));

		// A copy without its sender fails alone; the other is filed.
		const results = await runGraphJson({
			credentials: credentials(),
			items: [{ json: {} }, { json: {} }],
			parameters: (itemIndex) => ({
				...base,
				operation: 'saveSent',
				folder: 'inbox',
				inputMode: 'fields',
				messageFields: itemIndex === 0 ? { to: BOB, subject: 'No sender' } : { to: BOB, subject: 'Filed', from: ALICE, sentAt: '2026-04-03T10:00:00Z', syncId: 'crm-mail-3' },
			}),
			continueOnFail: true,
		});
		expect(results[0].error).toMatch(/sender/);
		expect(results[1]).toMatchObject({ subject: 'Filed', isDraft: false, syncId: 'crm-mail-3' });
	});

	it('gets, finds by filters, marks read and unread, moves and deletes messages', async () => {
		await server().control.insertItems(ALICE, 'message', [
			{ subject: 'Renewal question', from: { email: BOB, name: 'Bob Brown' }, to: [{ email: ALICE }], body: '<p>Renew?</p>', bodyType: 'HTML', isRead: false, inReplyTo: '<offer-1@example.test>' },
			{ subject: 'Plain text note', from: { email: 'carol@example.test' }, to: [{ email: ALICE }], body: 'line one\nline two', bodyType: 'Text', isRead: true },
			{ subject: 'Linked mail', from: { email: BOB }, to: [{ email: ALICE }], body: '<p>x</p>', isRead: true, syncId: 'msg-link-1' },
		], 'inbox');
		const all = await runGraphJson({ credentials: credentials(), parameters: { ...base, operation: 'getAll', folder: 'inbox', returnAll: true, filters: {} } });
		expect(all.map((message) => message.subject).sort()).toEqual(['Linked mail', 'Plain text note', 'Renewal question']);
		// Each message reads the same over EWS, bodies in their own format (HTML stays HTML).
		const overEws = await runJson({ credentials: ewsCredentials(server()), parameters: { ...base, operation: 'getAll', folder: 'inbox', returnAll: true, filters: {} } });
		const bySubject = (list: IDataObject[]) => Object.fromEntries(list.map((message) => [message.subject, withoutIds(message)]));
		expect(bySubject(all)).toEqual(bySubject(overEws));
		expect(all.find((message) => message.subject === 'Plain text note')).toMatchObject({ bodyType: 'Text' });
		expect(all.find((message) => message.subject === 'Renewal question')).toMatchObject({ bodyType: 'HTML', body: '<p>Renew?</p>', inReplyTo: '<offer-1@example.test>' });

		const unread = await runGraphJson({ credentials: credentials(), parameters: { ...base, operation: 'getAll', folder: 'inbox', returnAll: true, filters: { unreadOnly: true } } });
		expect(unread.map((message) => message.subject)).toEqual(['Renewal question']);
		const searched = await runGraphJson({ credentials: credentials(), parameters: { ...base, operation: 'getAll', folder: 'inbox', returnAll: true, filters: { search: 'Plain' } } });
		expect(searched.map((message) => message.subject)).toEqual(['Plain text note']);
		const linked = await runGraphJson({ credentials: credentials(), parameters: { ...base, operation: 'getAll', folder: 'inbox', returnAll: true, filters: { syncIds: 'msg-link-1, msg-none' } } });
		expect(linked.map((message) => message.syncId)).toEqual(['msg-link-1']);
		const [bySyncId] = await runGraphJson({ credentials: credentials(), parameters: { ...base, operation: 'get', findBy: 'syncId', syncId: 'msg-link-1' } });
		expect(bySyncId.subject).toBe('Linked mail');

		const renewal = all.find((message) => message.subject === 'Renewal question')!;
		const locator = { findBy: 'id', itemId: { __rl: true, mode: 'id', value: renewal.id } };
		const [read] = await runGraphJson({ credentials: credentials(), parameters: { ...base, operation: 'markRead', ...locator } });
		expect(read).toMatchObject({ id: renewal.id, isRead: true });
		const [unreadAgain] = await runGraphJson({ credentials: credentials(), parameters: { ...base, operation: 'markUnread', ...locator } });
		expect(unreadAgain).toMatchObject({ isRead: false });

		// Categories and the link written through the transport, as the Sync node writes them.
		const graph = await transport();
		const [updated] = await graph.updateItems(messageType, [{ itemIndex: 0, mailbox: ALICE, id: renewal.id as string, fields: { categories: ['CRM'], syncId: 'msg-link-2', syncState: '{"fp":"m"}' } }]);
		expect(updated.items?.[0].json).toMatchObject({ categories: ['CRM'], syncId: 'msg-link-2', syncState: '{"fp":"m"}', isRead: false });

		// Moved to Deleted Items: the immutable id stays, the content too.
		const [moved] = await runGraphJson({ credentials: credentials(), parameters: { ...base, operation: 'move', ...locator, destination: 'deleteditems' } });
		expect(moved).toMatchObject({ id: renewal.id, previousId: renewal.id, mailbox: ALICE, moved: true });
		const [afterMove] = await runGraphJson({ credentials: credentials(), parameters: { ...base, operation: 'get', findBy: 'id', itemId: { __rl: true, mode: 'id', value: moved.id } } });
		expect(withoutIds({ ...afterMove, lastModified: null })).toEqual(withoutIds({ ...(updated.items?.[0].json as IDataObject), lastModified: null }));
		expect((await server().control.items(ALICE, 'deleteditems')).map((item) => item.subject)).toEqual(['Renewal question']);

		const note = all.find((message) => message.subject === 'Plain text note')!;
		const [deleted] = await runGraphJson({ credentials: credentials(), parameters: { ...base, operation: 'delete', findBy: 'id', itemId: { __rl: true, mode: 'id', value: note.id }, deleteMode: 'moveToDeletedItems' } });
		expect(deleted).toMatchObject({ id: note.id, deleted: true });
		expect((await server().control.items(ALICE, 'inbox')).map((item) => item.subject)).toEqual(['Linked mail']);
	});

	it('sends a message with an attachment that another mailbox receives, keeps a copy in Sent Items, and reads attachments back', async () => {
		const report = Buffer.from('total: 100 € & more');
		const output = await runGraphNode({
			credentials: credentials(),
			items: [{ json: {}, binary: { data: { data: report.toString('base64'), mimeType: 'text/plain', fileName: 'quote.txt' } } }],
			parameters: { ...base, operation: 'send', inputMode: 'json', itemJson: { to: [{ email: BOB, name: 'Bob Brown' }], subject: `Quote ${AWKWARD}`, body: '<p>See <b>attached</b></p>' }, attachments: 'data' },
		});
		expect(output[0].json).toMatchObject({ sent: true, mailbox: ALICE, attachments: ['quote.txt'] });

		const bobs = await runGraphJson({ credentials: credentials(), parameters: { resource: 'message', mailbox: BOB, operation: 'getAll', folder: 'inbox', returnAll: true, filters: {} } });
		expect(bobs).toHaveLength(1);
		expect(bobs[0]).toMatchObject({ subject: `Quote ${AWKWARD}`, from: { email: ALICE }, hasAttachments: true, isRead: false, isDraft: false });
		expect(bobs[0].body).toContain('<b>attached</b>');
		const [sentCopy] = await runGraphJson({ credentials: credentials(), parameters: { ...base, operation: 'getAll', folder: 'sentitems', returnAll: true, filters: {} } });
		expect(sentCopy).toMatchObject({ subject: `Quote ${AWKWARD}`, internetMessageId: bobs[0].internetMessageId, isDraft: false });

		const [withFiles] = await runGraphNode({
			credentials: credentials(),
			parameters: { resource: 'message', mailbox: BOB, operation: 'get', findBy: 'id', itemId: { __rl: true, mode: 'id', value: bobs[0].id }, downloadAttachments: true },
		});
		expect(withFiles.binary?.attachment_0).toMatchObject({ fileName: 'quote.txt' });
		expect(Buffer.from(withFiles.binary!.attachment_0.data, 'base64').toString()).toBe('total: 100 € & more');
	});

	it('sends and saves a 5 MB attachment through an upload session, a request taking at most 4 MB: the same bytes arrive', async () => {
		// Bytes of every value, so a lost or reordered range shows.
		const file = Buffer.from(Array.from({ length: 5 * 1024 * 1024 + 7 }, (_, index) => (index * 7 + (index >> 12)) % 256));
		const small = Buffer.from('a small note');
		const binary = {
			big: { data: file.toString('base64'), mimeType: 'application/pdf', fileName: 'catalogue.pdf' },
			small: { data: small.toString('base64'), mimeType: 'text/plain', fileName: 'note.txt' },
		};
		await server().control.resetCounters();
		const [sent] = await runGraphJson({
			credentials: credentials(),
			items: [{ json: {}, binary }],
			parameters: { ...base, operation: 'send', inputMode: 'json', itemJson: { to: [{ email: BOB }], subject: 'Large catalogue', body: 'attached' }, attachments: 'big,small' },
		});
		expect(sent).toMatchObject({ sent: true, attachments: ['catalogue.pdf', 'note.txt'] });
		const counters = (await server().control.counters()).byOperation;
		// One session, two ranges (a range is under 4 MB), no request refused for its size.
		expect([counters['attachments.createUploadSession'], counters['attachments.upload'], counters.tooLarge ?? 0]).toEqual([1, 2, 0]);

		const received = (await runGraphJson({ credentials: credentials(), parameters: { resource: 'message', mailbox: BOB, operation: 'getAll', folder: 'inbox', returnAll: true, filters: {} } })).find(
			(message) => message.subject === 'Large catalogue',
		)!;
		const [withFiles] = await runGraphNode({
			credentials: credentials(),
			parameters: { resource: 'message', mailbox: BOB, operation: 'get', findBy: 'id', itemId: { __rl: true, mode: 'id', value: received.id }, downloadAttachments: true },
		});
		const files = Object.values(withFiles.binary ?? {}).map((data) => [data.fileName, Buffer.from(data.data, 'base64')] as const);
		expect(files.map(([name, bytes]) => [name, bytes.length])).toEqual(expect.arrayContaining([['catalogue.pdf', file.length], ['note.txt', small.length]]));
		expect(files.find(([name]) => name === 'catalogue.pdf')![1].equals(file)).toBe(true);
		expect((await server().control.items(ALICE, 'sentitems')).some((item) => item.subject === 'Large catalogue')).toBe(true);
		expect((await server().control.items(ALICE, 'drafts')).some((item) => item.subject === 'Large catalogue')).toBe(false);

		const [draft] = await runGraphJson({
			credentials: credentials(),
			items: [{ json: {}, binary }],
			parameters: { ...base, operation: 'createDraft', inputMode: 'json', itemJson: { to: [{ email: BOB }], subject: 'Large draft', body: 'attached' }, attachments: 'big' },
		});
		expect(draft).toMatchObject({ subject: 'Large draft', isDraft: true, hasAttachments: true });
	});

	it('refuses a request over 4 MB, as Graph does', async () => {
		const huge = 'x'.repeat(4 * 1024 * 1024 + 1);
		const answer = await fetch(`${server().graphUrl}/users/${ALICE}/messages`, { method: 'POST', body: JSON.stringify({ subject: huge }), headers: { 'Content-Type': 'application/json' } });
		expect(answer.status).toBe(413);
	});

	it('saves a draft and answers it; nobody receives it', async () => {
		const [draft] = await runGraphJson({
			credentials: credentials(),
			parameters: { ...base, operation: 'createDraft', inputMode: 'json', itemJson: { to: ['carol@example.test'], subject: 'Draft only', body: 'plain words', bodyType: 'Text' } },
		});
		expect(draft).toMatchObject({ subject: 'Draft only', isDraft: true, to: [{ email: 'carol@example.test' }], mailbox: ALICE });
		expect((await server().control.items(ALICE, 'drafts')).map((item) => item.subject)).toEqual(['Draft only']);
		expect(await server().control.items('carol@example.test', 'inbox')).toEqual([]);
	});

	it('lists changes per folder through delta: all as created, then updates and deletes, and a clean resync after 410', async () => {
		await server().control.insertItems(
			ALICE,
			'message',
			Array.from({ length: 12 }, (_, index) => ({ subject: `Delta ${index}`, from: { email: BOB }, to: [{ email: ALICE }], body: `<p>${index}</p>`, isRead: false })),
			'inbox',
		);
		const ewsIds = new Map((await server().control.items(ALICE, 'inbox')).map((item) => [item.subject as string, item.id as string]));
		const first = await getChanges('');
		expect(first.changes).toHaveLength(12);
		expect(first.changes.every((change) => change.changeType === 'created' && String(change.subject).startsWith('Delta '))).toBe(true);
		expect(first.summary).toMatchObject({ created: 12, moreChangesAvailable: false, cursorReset: false });
		// Sent Items has its own delta.
		expect((await getChanges('', 'sentitems')).changes).toEqual([]);

		expect((await getChanges(first.summary.cursor as string)).changes).toEqual([]);
		// Graph's times are whole seconds: change a message a second later to see `updated`.
		await new Promise((resolve) => setTimeout(resolve, 1_100));
		await server().control.updateItem(ewsIds.get('Delta 0')!, { isRead: true });
		await server().control.deleteItems([ewsIds.get('Delta 1')!], true);
		const later = await getChanges(first.summary.cursor as string);
		expect(later.changes.map((change) => [change.changeType, change.subject ?? null, change.isRead ?? null]).sort()).toEqual([
			['deleted', null, null],
			['updated', 'Delta 0', true],
		]);

		await server().control.expireDeltaTokens(ALICE);
		const resync = await getChanges(later.summary.cursor as string);
		expect(resync.summary).toMatchObject({ cursorReset: true, deleted: 0 });
		expect(new Set(resync.changes.map((change) => change.subject)).size).toBe(11);
	});
});
