/**
 * The review inbox on real n8n: Sync Now records what it leaves to an admin in the "Sync review"
 * Data Table, the "Review sync" form decides it (in Chromium as an admin does, and over HTTP as
 * n8n's form page does), and the next Sync Now applies the decision to both systems and closes the
 * item. The local servers' call counters show that the decisions cost exactly the writes they
 * need. The same world gives the docs their screenshots of the review page, the preview and Sync
 * Now in n8n's editor (`npm run screenshots`). The steps share one world.
 */
jest.setTimeout(900_000);

import type { Page } from 'playwright-core';
import { allWorkflows, EXCHANGE_WORKFLOW_SET, SYNC_NOW_WORKFLOW_ID } from '../../scripts/workflows/definitions';
import { REVIEW_FORM_PATH } from '../../scripts/workflows/review';
import { launchChromium, screenshot, type Browser } from './browser/support/chromium';
import { formReady, submitForm, submitPage, type FormPage } from './meeting/support/formClient';
import { email } from './support/contacts';
import { SyncWorld } from './support/syncWorld';

/** Calls that change something on the Exchange or Zoho server. */
const EXCHANGE_WRITE = /^(Create|Update|Delete|Move|Copy|Send|Empty|Set)/;
const ZOHO_WRITE = /\.(insert|update|upsert|delete|create)$/;
const writesIn = (calls: Record<string, number>, write: RegExp) => Object.fromEntries(Object.entries(calls).filter(([operation]) => write.test(operation)));

const decode = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');

interface PageField {
	label: string;
	/** A dropdown's choices; none for a text field. */
	options: string[];
}

/** The fields of a form page, in the order n8n posts them (field-0, field-1, …). */
function fieldsOf(page: FormPage): PageField[] {
	const fields: PageField[] = [];
	for (const match of page.html.matchAll(/<label class='form-label[^']*' for='field-(\d+)'>([^<]*)<\/label>/g)) {
		const index = Number(match[1]);
		const select = new RegExp(`<select id='field-${index}'[^>]*>([\\s\\S]*?)</select>`).exec(page.html);
		const options = select ? [...select[1].matchAll(/<option value='([^']+)'/g)].map((option) => decode(option[1])) : [];
		fields[index] = { label: decode(match[2]), options };
	}
	return fields;
}

/** Opens the review form for one user and answers its page: `choose` gives each field's value (empty: left blank). */
async function review(world: SyncWorld, user: string, choose: (field: PageField) => string | undefined): Promise<{ page: FormPage; fields: PageField[]; done: FormPage }> {
	const page = await submitForm(world.running!.url, REVIEW_FORM_PATH, [user]);
	const fields = fieldsOf(page);
	if (fields.length === 0) throw new Error(`the review page asks nothing:\n${page.html.slice(0, 2000)}`);
	const done = await submitPage(page, fields.map((field) => choose(field) ?? ''));
	return { page, fields, done };
}

async function nothingToReview(world: SyncWorld, user: string): Promise<boolean> {
	const page = await submitForm(world.running!.url, REVIEW_FORM_PATH, [user]);
	return page.html.includes('Nothing to review');
}

/** The review form in Chromium, for one user: its page of open items, each field's id by its label. */
async function openReviewPage(page: Page, url: string, user: string): Promise<Map<string, string>> {
	await formReady(url, REVIEW_FORM_PATH);
	await page.goto(`${url}/form/${REVIEW_FORM_PATH}`, { waitUntil: 'domcontentloaded' });
	await page.fill('#field-0', user);
	await page.click('#submit-btn');
	await page.waitForSelector('h1:has-text("Nothing to review"), select#field-0', { timeout: 60_000 });
	const labels = await page.$$eval('label.form-label[for]', (elements) => elements.map((label) => [label.textContent?.trim() ?? '', label.getAttribute('for') ?? '']));
	return new Map(labels as Array<[string, string]>);
}

describe('Review sync on real n8n', () => {
	let world: SyncWorld;
	let browser: Browser;
	let lastRunAt = 0;
	/** One Sync Now (more than 2 s after the last: the CRM side reads from 2 s before the previous run), counting its writes. */
	const syncNow = async () => {
		const { exchange, zoho } = world.servers;
		await new Promise((resolve) => setTimeout(resolve, Math.max(0, lastRunAt + 2_100 - Date.now())));
		await Promise.all([exchange.control.resetCounters(), zoho.control.resetCounters()]);
		try {
			const rows = (await world.syncNow()).filter((row) => row.object === 'contacts');
			const [exchangeCalls, zohoCalls] = await Promise.all([exchange.control.counters(), zoho.control.counters()]);
			return { rows, writes: { exchange: writesIn(exchangeCalls.byOperation, EXCHANGE_WRITE), zoho: writesIn(zohoCalls.byOperation, ZOHO_WRITE) } };
		} finally {
			lastRunAt = Date.now();
		}
	};
	const contactOf = async (user: string, address: string) => {
		const exchange = (await world.exchangeContacts(user)).find((contact) => email(contact.email1) === address);
		const crm = (await world.crmContacts(user)).find((record) => email(record.Email) === address);
		return { exchange, crm };
	};

	beforeAll(async () => {
		[world, browser] = await Promise.all([SyncWorld.start({ syncTasks: false, syncEvents: false, syncMails: false, conflictBehaviour: 'sendToConflicts' }), launchChromium({ width: 1100, height: 900 })]);
		await syncNow();
		await syncNow();
	});

	afterAll(async () => {
		await browser?.close();
		await world?.dispose();
	});

	it('a conflict, shown in the preview, is decided per field on the form in Chromium (Exchange, CRM and typed values), and the next run gives both systems the chosen values', async () => {
		const user = 'alice@example.test';
		const address = 'ana.ribeiro@lumen-labs.test';
		const url = world.running!.url;
		const { exchange, crm } = await contactOf(user, address);
		await world.servers.exchange.control.updateItem(exchange!.id, { jobTitle: 'CTO (Exchange)', department: 'Research (Exchange)', assistantName: 'Rui (Exchange)' });
		await world.servers.zoho.control.updateRecords('Contacts', [{ id: crm!.id, Title: 'CTO (CRM)', Department: 'Research (CRM)', Assistant: 'Rui (CRM)' }]);

		// Preview Sync Now lists the conflict, field by field, and writes nothing.
		const page = await browser.context.newPage();
		await page.goto(`${url}/webhook/${EXCHANGE_WORKFLOW_SET.previewWebhookPath}?${new URLSearchParams({ users: user, objects: 'contacts' })}`, { waitUntil: 'domcontentloaded', timeout: 120_000 });
		const conflict = page.locator('li.conflict');
		await conflict.first().waitFor({ timeout: 60_000 });
		expect(await conflict.count()).toBe(1);
		expect(await conflict.locator('tr[data-field]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-field')))).toEqual(['jobTitle', 'department', 'assistantName']);
		await screenshot(page, 'preview-sync-now.png');

		const raised = await syncNow();
		expect(raised.rows.find((row) => row.mailbox === user)?.conflicts).toBe(1);
		// Review leaves the conflicting fields as they are: it only marks them held in the pair's sync state, on both sides.
		expect(raised.writes).toEqual({ exchange: { UpdateItem: 1 }, zoho: { 'records.update': 1 } });

		const fields = await openReviewPage(page, url, user);
		const ana = '1. Ana Ribeiro (ana.ribeiro@lumen-labs.test)';
		expect([...fields.keys()]).toEqual(['jobTitle', 'department', 'assistantName'].flatMap((field) => [`${ana}: ${field}`, `${ana}: ${field}, typed value`]));
		const choices = await page.$$eval(`#${fields.get(`${ana}: jobTitle`)} option`, (options) => options.filter((option) => !(option as HTMLOptionElement).disabled).map((option) => option.textContent?.trim()));
		expect(choices).toEqual(['Exchange: CTO (Exchange)', 'CRM: CTO (CRM)', 'Typed value (below)', 'Decide later']);
		// Fields empty at the last sync: the state tells their base.
		expect(await page.textContent('body')).toContain('last synced: department = (empty), assistantName = (empty)');
		await page.selectOption(`#${fields.get(`${ana}: jobTitle`)}`, { label: 'Exchange: CTO (Exchange)' });
		await page.selectOption(`#${fields.get(`${ana}: department`)}`, { label: 'CRM: Research (CRM)' });
		await page.selectOption(`#${fields.get(`${ana}: assistantName`)}`, { label: 'Typed value (below)' });
		await page.fill(`#${fields.get(`${ana}: assistantName, typed value`)}`, 'Rui Costa');
		await screenshot(page, 'review-sync.png');
		await page.click('#submit-btn');
		await page.waitForSelector('h1:has-text("Decisions saved")', { timeout: 60_000 });
		expect(await page.textContent('body')).toContain('1 item(s) decided');

		// Deciding writes nothing to either system; the next run applies the decision.
		const applied = await syncNow();
		const after = await contactOf(user, address);
		expect([after.exchange!.jobTitle, after.exchange!.department, after.exchange!.assistantName]).toEqual(['CTO (Exchange)', 'Research (CRM)', 'Rui Costa']);
		expect([after.crm!.Title, after.crm!.Department, after.crm!.Assistant]).toEqual(['CTO (Exchange)', 'Research (CRM)', 'Rui Costa']);
		expect(applied.rows.find((row) => row.mailbox === user)).toMatchObject({ conflicts: 0, errors: 0, status: 'success' });
		// One batched update per side: the contact on each side, nothing else.
		expect(applied.writes).toEqual({ exchange: { UpdateItem: 1 }, zoho: { 'records.update': 1 } });
		// The item is closed: the form has nothing to ask, and nothing more is written.
		expect((await openReviewPage(page, url, user)).size).toBe(0);
		expect(await page.textContent('h1')).toContain('Nothing to review');
		const quiet = await syncNow();
		expect(quiet.writes).toEqual({ exchange: {}, zoho: {} });
		await page.close();
	});

	it('Sync Now opens in n8n\'s editor with every node on the canvas at its default zoom', async () => {
		const url = world.running!.url;
		// A fresh n8n asks for its owner first: set one up, which also signs the browser in.
		const owner = await browser.context.request.post(`${url}/rest/owner/setup`, { data: { email: 'admin@example.test', firstName: 'Sync', lastName: 'Admin', password: 'Review-sync-1' } });
		expect(owner.status()).toBe(200);
		const page = await browser.context.newPage();
		await page.setViewportSize({ width: 1440, height: 900 });
		await page.goto(`${url}/workflow/${SYNC_NOW_WORKFLOW_ID}`, { waitUntil: 'domcontentloaded' });
		const { nodes } = allWorkflows()['sync-now.json'];
		const onCanvas = (name: string) => page.locator(`[data-node-type][data-node-name=${JSON.stringify(name)}]`);
		await onCanvas(nodes[0].name).waitFor({ timeout: 60_000 });
		expect(await page.locator('[data-node-type][data-node-name]').count()).toBe(nodes.length);
		for (const { name } of nodes.filter((node) => node.type !== 'n8n-nodes-base.stickyNote')) {
			const box = await onCanvas(name).boundingBox();
			expect([name, box !== null && box.x >= 0 && box.y >= 0 && box.x + box.width <= 1440 && box.y + box.height <= 900]).toEqual([name, true]);
		}
		// The workflow, sticky notes included, with a margin: the canvas around it is empty.
		const boxes = await page.locator('[data-node-type][data-node-name]').evaluateAll((elements) => elements.map((element) => element.getBoundingClientRect().toJSON() as DOMRect));
		const [left, top] = [Math.min(...boxes.map((box) => box.left)) - 24, Math.min(...boxes.map((box) => box.top)) - 24];
		const [right, bottom] = [Math.max(...boxes.map((box) => box.right)) + 24, Math.max(...boxes.map((box) => box.bottom)) + 40];
		await screenshot(page, 'sync-now-workflow.png', { x: Math.max(0, left), y: Math.max(0, top), width: Math.min(1440, right) - Math.max(0, left), height: Math.min(900, bottom) - Math.max(0, top) });
		await page.close();
	});

	it('a held-back mass delete is listed, released on the form, and then happens', async () => {
		const user = 'carol@example.test';
		const crm = await world.crmContacts(user);
		const gone = crm.slice(0, Math.ceil(crm.length / 2) + 1);
		await world.servers.zoho.control.deleteRecords('Contacts', gone.map((record) => record.id));
		const held = await syncNow();
		expect(held.rows.find((row) => row.mailbox === user)?.message).toContain('held back');
		expect(held.writes).toEqual({ exchange: {}, zoho: {} });
		const goneAddresses = gone.map((record) => email(record.Email)).sort();
		const inExchange = async () => (await world.exchangeContacts(user)).map((contact) => email(contact.email1));
		expect(await inExchange()).toEqual(expect.arrayContaining(goneAddresses));

		const { fields } = await review(world, user, (field) => field.options.find((option) => option.startsWith('Release')));
		expect(fields.map((field) => field.label.replace(/^\d+\. /, '')).sort()).toEqual(
			gone.map((record) => `${record.First_Name} ${record.Last_Name} (${email(record.Email)}): held delete`).sort(),
		);
		const released = await syncNow();
		const left = await inExchange();
		for (const address of goneAddresses) expect(left).not.toContain(address);
		// The deletes, in one batched call, to Deleted Items; nothing else written.
		expect(released.writes).toEqual({ exchange: { DeleteItem: 1 }, zoho: {} });
		const deletedItems = await world.servers.exchange.control.items(user, 'deleteditems');
		expect(deletedItems.map((item) => email(item.email1))).toEqual(expect.arrayContaining(goneAddresses));
		expect(await nothingToReview(world, user)).toBe(true);
	});

	it('a record the CRM cannot take is listed, fixed, retried on the form, and then synced', async () => {
		const user = 'bob@example.test';
		const address = 'no.surname@example.test';
		const {
			items: [created],
		} = await world.servers.exchange.control.insertItems(user, 'contact', [{ givenName: 'Nameless', email1: address }]);
		const rejected = await syncNow();
		expect(rejected.rows.find((row) => row.mailbox === user)?.message).toContain('surname is empty');
		expect(rejected.writes).toEqual({ exchange: {}, zoho: {} });
		await world.servers.exchange.control.updateItem(created.id, { surname: 'Fixed' });

		const { fields } = await review(world, user, (field) => field.options.find((option) => option.startsWith('Retry')));
		expect(fields.map((field) => field.label)).toEqual(['1. Nameless (no.surname@example.test): rejected']);
		const retried = await syncNow();
		const after = await contactOf(user, address);
		expect(after.crm).toMatchObject({ First_Name: 'Nameless', Last_Name: 'Fixed' });
		expect(retried.rows.find((row) => row.mailbox === user)).toMatchObject({ created: 1, errors: 0, status: 'success' });
		// The create, and the links of both records: no other write.
		expect(retried.writes).toEqual({ exchange: { UpdateItem: 1 }, zoho: { 'records.insert': 1, 'records.update': 1 } });
		expect(await nothingToReview(world, user)).toBe(true);
	});
});
