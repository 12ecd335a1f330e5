/**
 * A contact the EWS transport wrote, read through Graph from the same mailbox (as after moving a
 * mailbox to Microsoft 365): the same JSON, sync link included, so the Sync node sees no change.
 */
import type { IDataObject } from 'n8n-workflow';
import { runJson } from '../exchange/support';
import { DEMO_GRAPH } from '../../emulators/demo/world';
import { ALICE, ewsCredentials, graphCredentials, runGraphJson, useGraphServer } from './support';

jest.setTimeout(60_000);

const server = useGraphServer();

/** What a server assigns in its own form: ids and change keys differ between EWS and Graph by design. */
const withoutIds = ({ id, changeKey, ...rest }: IDataObject) => (void id, void changeKey, rest);

const contacts = { resource: 'contact', mailbox: ALICE };

it('reads a contact written over EWS with the same JSON and the same sync link over Graph', async () => {
	const [written] = await runJson({
		credentials: ewsCredentials(server()),
		parameters: {
			...contacts,
			operation: 'create',
			inputMode: 'json',
			itemJson: {
				givenName: 'Migrated',
				surname: 'Müller',
				companyName: 'Vela SpA',
				jobTitle: 'Buyer',
				email1: 'migrated@example.test',
				businessPhone: '+39 02 555 0100',
				homePhone: '+39 02 555 0101',
				mobilePhone: '+39 333 555 0102',
				businessAddress: { street: 'Via Roma 1', city: 'Milano', postalCode: '20100', countryOrRegion: 'Italia' },
				birthday: '1985-02-03',
				notes: 'Met at the fair',
				categories: ['Customer'],
				syncId: 'migrated-1',
				syncState: '{"fp":"x"}',
				crmRecordId: '3652397000000777',
			},
		},
	});
	const [read] = await runGraphJson({
		credentials: graphCredentials(server()),
		parameters: { ...contacts, operation: 'get', findBy: 'syncId', syncId: 'migrated-1' },
	});
	expect(withoutIds(read)).toEqual(withoutIds(written));
});

/** Every phone number a contact can have; the ones Graph has no property for travel as MAPI properties. */
const EVERY_PHONE = {
	assistantPhone: '+1 555 0101',
	businessFax: '+1 555 0102',
	businessPhone: '+1 555 0103',
	businessPhone2: '+1 555 0104',
	callback: '+1 555 0105',
	carPhone: '+1 555 0106',
	companyMainPhone: '+1 555 0107',
	homeFax: '+1 555 0108',
	homePhone: '+1 555 0109',
	homePhone2: '+1 555 0110',
	isdn: '+1 555 0111',
	mobilePhone: '+1 555 0112',
	otherFax: '+1 555 0113',
	otherTelephone: '+1 555 0114',
	pager: '+1 555 0115',
	primaryPhone: '+1 555 0116',
	radioPhone: '+1 555 0117',
	telex: '+1 555 0118',
	ttyTddPhone: '+1 555 0119',
};
const phonesOf = (contact: IDataObject) => Object.fromEntries(Object.keys(EVERY_PHONE).map((field) => [field, contact[field]]));

it('carries every phone number from EWS to Graph and from Graph to EWS', async () => {
	const [overEws] = await runJson({ credentials: ewsCredentials(server()), parameters: { ...contacts, operation: 'create', inputMode: 'json', itemJson: { givenName: 'Phones', syncId: 'phones-ews', ...EVERY_PHONE } } });
	expect(phonesOf(overEws)).toEqual(EVERY_PHONE);
	const [readOverGraph] = await runGraphJson({ credentials: graphCredentials(server()), parameters: { ...contacts, operation: 'get', findBy: 'syncId', syncId: 'phones-ews' } });
	expect(phonesOf(readOverGraph)).toEqual(EVERY_PHONE);

	const changed = Object.fromEntries(Object.entries(EVERY_PHONE).map(([field, phone]) => [field, phone.replace('+1', '+44')]));
	const [overGraph] = await runGraphJson({
		credentials: graphCredentials(server()),
		parameters: { ...contacts, operation: 'update', findBy: 'syncId', syncId: 'phones-ews', inputMode: 'json', itemJson: { ...changed, pager: null } },
	});
	const expected = { ...changed, pager: null };
	expect(phonesOf(overGraph)).toEqual(expected);
	const [readOverEws] = await runJson({ credentials: ewsCredentials(server()), parameters: { ...contacts, operation: 'get', findBy: 'syncId', syncId: 'phones-ews' } });
	expect(phonesOf(readOverEws)).toEqual(expected);
});

it('names the EWS id a link was made with as linkedId, once Graph confirms it is the item; refused that, it reads the item without it', async () => {
	const [written] = await runJson({
		credentials: ewsCredentials(server()),
		parameters: { ...contacts, operation: 'create', inputMode: 'json', itemJson: { givenName: 'Linked', surname: 'Over EWS', syncId: 'linked-1' } },
	});
	const state = JSON.stringify({ v: 1, gen: 1, fp: {}, ex: written.id });
	await runJson({ credentials: ewsCredentials(server()), parameters: { ...contacts, operation: 'update', findBy: 'syncId', syncId: 'linked-1', inputMode: 'json', itemJson: { syncState: state } } });
	const readOverGraph = async () =>
		(await runGraphJson({ credentials: graphCredentials(server()), parameters: { ...contacts, operation: 'get', findBy: 'syncId', syncId: 'linked-1' } }))[0];
	const read = await readOverGraph();
	expect(read.id).not.toBe(written.id);
	expect(read.linkedId).toBe(written.id);

	const { permissions } = DEMO_GRAPH;
	await server().control.setPermissions(DEMO_GRAPH.clientId, permissions.filter((permission) => permission !== 'User.Read.All'));
	await server().control.expireTokens();
	try {
		const unconfirmed = await readOverGraph();
		expect(unconfirmed).toMatchObject({ id: read.id, syncState: state });
		expect(unconfirmed.linkedId).toBeUndefined();
	} finally {
		await server().control.setPermissions(DEMO_GRAPH.clientId, [...permissions]);
		await server().control.expireTokens();
	}
});
