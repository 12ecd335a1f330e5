/**
 * A contact the EWS transport wrote, read through Graph from the same mailbox (as after moving a
 * mailbox to Microsoft 365): the same JSON, sync link included, so the Sync node sees no change.
 */
import type { IDataObject } from 'n8n-workflow';
import { runJson } from '../exchange/support';
import { DEMO_EXCHANGE, DEMO_PASSWORD } from '../../emulators/demo/world';
import { ALICE, graphCredentials, runGraphJson, useGraphServer } from './support';

jest.setTimeout(60_000);

const server = useGraphServer();

/** What a server assigns in its own form: ids and change keys differ between EWS and Graph by design. */
const withoutIds = ({ id, changeKey, ...rest }: IDataObject) => (void id, void changeKey, rest);

it('reads a contact written over EWS with the same JSON and the same sync link over Graph', async () => {
	const [written] = await runJson({
		credentials: {
			url: server().ewsUrl,
			authentication: 'basic',
			username: DEMO_EXCHANGE.serviceAccount.smtp,
			password: DEMO_PASSWORD,
			impersonation: true,
			allowUnencryptedHttp: true,
			timeout: 20,
		},
		parameters: {
			resource: 'contact',
			operation: 'create',
			mailbox: ALICE,
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
		parameters: { resource: 'contact', operation: 'get', mailbox: ALICE, findBy: 'syncId', syncId: 'migrated-1' },
	});
	expect(withoutIds(read)).toEqual(withoutIds(written));
});
