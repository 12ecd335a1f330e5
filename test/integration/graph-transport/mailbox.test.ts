/**
 * The mailbox resource over Microsoft 365 (Graph): names resolved as EWS's ResolveNames answers
 * them (the directory, then the mailbox's contacts) and the folders a mailbox has.
 */
import { runJson } from '../exchange/support';
import { ALICE, ewsCredentials, graphCredentials, runGraphJson, useGraphServer } from './support';
import { graphAuthHelpers } from '../../support/graphAuth';
import { nodeContext } from '../../support/nodeContext';
import { GraphTransport } from '../../../nodes/MicrosoftExchange/transport/graph/transport';

jest.setTimeout(60_000);

const server = useGraphServer();
const base = { resource: 'mailbox', mailbox: ALICE };

beforeAll(async () => {
	await server().control.reset();
	await server().control.seed('empty');
	await server().control.insertItems(ALICE, 'contact', [
		{ givenName: 'Bobby', surname: 'Tables', displayName: 'Bobby Tables', email1: 'bobby@outside.test' },
		{ givenName: 'Jane', surname: 'Doe', displayName: 'Jane Doe', email1: 'jane@outside.test' },
	]);
	const graph = await GraphTransport.fromContext(nodeContext({ parameters: {}, credentials: { microsoft365GraphApi: graphCredentials(server()) }, helpers: graphAuthHelpers().helpers }));
	await graph.client.call(ALICE, { method: 'POST', path: `/users/${ALICE}/contactFolders`, body: { displayName: 'Partners' } });
});

describe('the mailbox over Microsoft 365 (Graph)', () => {
	it('resolves a name to the same entries as EWS: users first, then the mailbox’s contacts', async () => {
		const overGraph = await runGraphJson({ credentials: graphCredentials(server()), parameters: { ...base, operation: 'resolveNames', name: 'bob' } });
		const overEws = await runJson({ credentials: ewsCredentials(server()), parameters: { ...base, operation: 'resolveNames', name: 'bob' } });
		expect(overGraph).toEqual(overEws);
		expect(overGraph.map((entry) => [entry.email, entry.mailboxType])).toEqual([
			['bob@example.test', 'Mailbox'],
			['bobby@outside.test', 'Contact'],
		]);
		expect(await runGraphJson({ credentials: graphCredentials(server()), parameters: { ...base, operation: 'resolveNames', name: 'nobody-here' } })).toEqual([]);
	});

	it('lists mail folders with their child folders, contact folders, calendars and task lists, with paths and classes', async () => {
		const folders = await runGraphJson({ credentials: graphCredentials(server()), parameters: { ...base, operation: 'getFolders' } });
		const byPath = new Map(folders.map((folder) => [folder.path, folder]));
		expect(byPath.get('Inbox')).toMatchObject({ displayName: 'Inbox', folderClass: 'IPF.Note', totalCount: 0, childFolderCount: expect.any(Number) });
		expect(byPath.get('Sent Items')).toMatchObject({ folderClass: 'IPF.Note' });
		expect(byPath.get('Calendar')).toMatchObject({ folderClass: 'IPF.Appointment' });
		expect(byPath.get('Tasks')).toMatchObject({ folderClass: 'IPF.Task' });
		expect(byPath.get('Sync Issues/Conflicts')).toMatchObject({ parentId: byPath.get('Sync Issues')!.id });
		expect(byPath.get('Contacts/Partners')).toMatchObject({ displayName: 'Partners', folderClass: 'IPF.Contact' });
		// The same folders EWS lists, by path (the ids are each server's own).
		const overEws = await runJson({ credentials: ewsCredentials(server()), parameters: { ...base, operation: 'getFolders' } });
		const mailPaths = (list: typeof folders) => list.filter((folder) => String(folder.folderClass).startsWith('IPF.Note')).map((folder) => folder.path).sort();
		expect(mailPaths(folders)).toEqual(mailPaths(overEws));
	});
});
