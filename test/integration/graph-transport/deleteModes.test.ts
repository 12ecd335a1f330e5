/**
 * The Exchange node's delete modes over Microsoft 365, per item type. Move to Deleted Items is
 * Graph's DELETE; Hard Delete is `permanentDelete` (contacts, events, messages: out of every
 * client's reach); Soft Delete moves a message to Recoverable Items\Deletions, as Exchange's soft
 * delete does. A mode Graph has no call for with a type fails its own item with what to choose
 * instead, and the other items of the run are deleted.
 */
import type { IDataObject } from 'n8n-workflow';
import { runJson } from '../exchange/support';
import { ALICE, ewsCredentials, graphCredentials, runGraphJson, runGraphNode, useGraphServer } from './support';

jest.setTimeout(60_000);

const server = useGraphServer();

type Resource = 'contact' | 'event' | 'message' | 'task';
const MODES = ['moveToDeletedItems', 'hardDelete', 'softDelete'] as const;

/** Deletes the items over Graph, each with its own mode, in one run that goes on past failures. */
async function deleteEach(resource: Resource, ids: string[], modes: readonly string[]): Promise<IDataObject[]> {
	const output = await runGraphNode({
		credentials: graphCredentials(server()),
		continueOnFail: true,
		items: ids.map(() => ({ json: {} })),
		parameters: (itemIndex) => ({ resource, mailbox: ALICE, operation: 'delete', findBy: 'id', itemId: { __rl: true, mode: 'id', value: ids[itemIndex] }, deleteMode: modes[itemIndex] }),
	});
	return output.map((item) => item.json);
}

/** This file's items in a folder of the store (the demo world's are left out). */
const subjectsIn = async (folder: string, field = 'subject') =>
	(await server().control.items(ALICE, folder)).map((item) => String(item[field])).filter((subject) => subject.startsWith('Delete ') || subject.endsWith('over EWS'));

async function createOverGraph(resource: Resource, itemJsons: IDataObject[]): Promise<string[]> {
	const created = await runGraphJson({
		credentials: graphCredentials(server()),
		items: itemJsons.map(() => ({ json: {} })),
		parameters: (itemIndex) => ({ resource, mailbox: ALICE, operation: 'create', inputMode: 'json', itemJson: itemJsons[itemIndex] }),
	});
	return created.map((item) => String(item.id));
}

it('contacts: Move to Deleted Items and Hard Delete; Soft Delete fails its item alone', async () => {
	const ids = await createOverGraph('contact', MODES.map((mode) => ({ givenName: `Delete ${mode}` })));
	const [moved, purged, refused] = await deleteEach('contact', ids, MODES);
	expect(moved).toMatchObject({ id: ids[0], deleted: true, deleteMode: 'moveToDeletedItems' });
	expect(purged).toMatchObject({ id: ids[1], deleted: true, deleteMode: 'hardDelete' });
	expect(String(refused.error)).toBe('Delete mode "Soft Delete" is not available for contacts over Microsoft 365');
	expect(await subjectsIn('deleteditems', 'givenName')).toEqual(['Delete moveToDeletedItems']);
	expect(await subjectsIn('contacts', 'givenName')).toEqual(['Delete softDelete']);
	expect(await subjectsIn('recoverableitemsdeletions', 'givenName')).toEqual([]);
	const counters = await server().control.counters();
	expect(counters.byOperation).toMatchObject({ 'contacts.delete': 1, 'contacts.permanentDelete': 1 });
});

it('events: Move to Deleted Items and Hard Delete; Soft Delete fails its item', async () => {
	const ids = await createOverGraph(
		'event',
		MODES.map((mode, index) => ({ subject: `Delete ${mode}`, start: `2031-03-0${index + 1}T09:00:00.000Z`, end: `2031-03-0${index + 1}T10:00:00.000Z`, timeZone: 'UTC' })),
	);
	const [moved, purged, refused] = await deleteEach('event', ids, MODES);
	expect([moved.deleted, purged.deleted]).toEqual([true, true]);
	expect(String(refused.error)).toBe('Delete mode "Soft Delete" is not available for events over Microsoft 365');
	expect(await subjectsIn('calendar')).toEqual(['Delete softDelete']);
	expect(await subjectsIn('deleteditems')).toEqual(['Delete moveToDeletedItems']);
});

it('messages: every mode, Soft Delete into Recoverable Items as over EWS', async () => {
	const subjects = MODES.map((mode) => `Delete ${mode}`);
	await server().control.insertItems(ALICE, 'message', [...subjects, 'Soft-deleted over EWS'].map((subject) => ({ subject, from: { email: 'someone@outside.test' }, to: [{ email: ALICE }], body: 'x', bodyType: 'Text' })), 'inbox');
	const inbox = await runGraphJson({ credentials: graphCredentials(server()), parameters: { resource: 'message', mailbox: ALICE, operation: 'getAll', folder: 'inbox', returnAll: true, filters: {} } });
	const idOf = (subject: string) => String(inbox.find((message) => message.subject === subject)!.id);
	const results = await deleteEach('message', subjects.map(idOf), MODES);
	expect(results.map((result) => [result.deleted, result.deleteMode])).toEqual(MODES.map((mode) => [true, mode]));
	// The same soft delete over EWS, for where it leaves the message.
	const [overEws] = await runJson({ credentials: ewsCredentials(server()), parameters: { resource: 'message', mailbox: ALICE, operation: 'getAll', folder: 'inbox', returnAll: true, filters: {} } }).then((all) =>
		all.filter((message) => message.subject === 'Soft-deleted over EWS'),
	);
	await runJson({ credentials: ewsCredentials(server()), parameters: { resource: 'message', mailbox: ALICE, operation: 'delete', findBy: 'id', itemId: { __rl: true, mode: 'id', value: overEws.id }, deleteMode: 'softDelete' } });
	expect((await subjectsIn('recoverableitemsdeletions')).sort()).toEqual(['Delete softDelete', 'Soft-deleted over EWS']);
	expect(await subjectsIn('deleteditems')).toContain('Delete moveToDeletedItems');
	expect([...(await subjectsIn('inbox')), ...(await subjectsIn('deleteditems'))]).not.toContain('Delete hardDelete');
});

it('To Do tasks: Move to Deleted Items only; the other modes fail their items and say so', async () => {
	const ids = await createOverGraph('task', MODES.map((mode) => ({ subject: `Delete ${mode}` })));
	const [moved, purged, refused] = await deleteEach('task', ids, MODES);
	expect(moved).toMatchObject({ deleted: true, deleteMode: 'moveToDeletedItems' });
	expect([String(purged.error), String(refused.error)]).toEqual([
		'Delete mode "Hard Delete" is not available for tasks over Microsoft 365',
		'Delete mode "Soft Delete" is not available for tasks over Microsoft 365',
	]);
	expect((await subjectsIn('tasks')).sort()).toEqual(['Delete hardDelete', 'Delete softDelete']);
});
