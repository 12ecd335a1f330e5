/**
 * Get Changes and the polling trigger read SyncFolderItems in pages of 512: every item comes out
 * once, as created when the reader never had it, even when it changes while the pages are read.
 */
import type { IDataObject } from 'n8n-workflow';
import { nodeContext } from '../../support/nodeContext';
import { MicrosoftExchangeTrigger } from '../../../nodes/MicrosoftExchange/MicrosoftExchangeTrigger.node';
import { ALICE, credentialsFor, runJson, useExchangeEmulator } from './support';

jest.setTimeout(90_000);

const server = useExchangeEmulator({ seed: 'empty' });
beforeEach(() => server().control.reset());
const credentials = () => credentialsFor(server(), 'basic');
/** More contacts than one SyncFolderItems page holds. */
const COUNT = 600;

async function insertContacts(): Promise<string[]> {
	const contacts = Array.from({ length: COUNT }, (_, n) => ({ givenName: `Person ${n}`, surname: 'Paged' }));
	return (await server().control.insertItems(ALICE, 'contact', contacts)).map((item) => item.id);
}

/** Holds the second SyncFolderItems page back for a moment, so a test can change an item between two pages. */
async function delaySecondPage(): Promise<void> {
	await server().control.faults([{ operation: 'SyncFolderItems', kind: 'slow', after: 1, count: 1, params: { delayMs: 1_500 } }]);
}

const halfASecond = () => new Promise((resolve) => setTimeout(resolve, 500));

function byType(changes: IDataObject[]): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const change of changes) counts[String(change.changeType)] = (counts[String(change.changeType)] ?? 0) + 1;
	return counts;
}

describe('Get Changes', () => {
	const getChanges = async () => {
		const output = await runJson({ credentials: credentials(), parameters: { resource: 'contact', operation: 'getChanges', mailbox: ALICE, cursor: '' } });
		return { changes: output.slice(0, -1), summary: output[output.length - 1] };
	};

	it('lists every item of a mailbox once, as created, when one was edited before its page was read', async () => {
		const ids = await insertContacts();
		// The first contact's edit moves it behind the first page.
		await server().control.updateItem(ids[0], { jobTitle: 'Edited' });
		const { changes, summary } = await getChanges();
		expect(byType(changes)).toEqual({ created: COUNT });
		expect(new Set(changes.map((change) => change.id)).size).toBe(COUNT);
		expect(changes.find((change) => change.id === ids[0])).toMatchObject({ jobTitle: 'Edited' });
		expect(summary).toMatchObject({ created: COUNT, updated: 0, moreChangesAvailable: false });
	});

	it('outputs an item changed between two pages once, with its latest content', async () => {
		const ids = await insertContacts();
		await delaySecondPage();
		const running = getChanges();
		await halfASecond();
		await server().control.updateItem(ids[1], { jobTitle: 'Changed during the read' });
		const { changes } = await running;
		expect(byType(changes)).toEqual({ created: COUNT });
		expect(changes.filter((change) => change.id === ids[1])).toEqual([expect.objectContaining({ changeType: 'created', jobTitle: 'Changed during the read' })]);
	});
});

describe('polling trigger', () => {
	it('emits an item changed between two pages of one poll once', async () => {
		const trigger = new MicrosoftExchangeTrigger();
		const staticData: IDataObject = {};
		const poll = async () => {
			const context = nodeContext({
				parameters: { mode: 'polling', events: ['created', 'updated', 'deleted'], itemType: 'contact', mailboxes: ALICE },
				credentials: { microsoftExchangeEwsApi: credentials() },
				staticData,
				mode: 'trigger',
			});
			const output = await trigger.poll.call(Object.assign(context, { logger: { warn: () => undefined } }));
			return output ? output[0].map((item) => item.json) : [];
		};
		expect(await poll()).toEqual([]);
		const ids = await insertContacts();
		await delaySecondPage();
		const running = poll();
		await halfASecond();
		await server().control.updateItem(ids[2], { jobTitle: 'Changed during the poll' });
		const emitted = await running;
		expect(byType(emitted)).toEqual({ created: COUNT });
		expect(emitted.filter((change) => change.id === ids[2])).toEqual([expect.objectContaining({ jobTitle: 'Changed during the poll' })]);
	});
});
