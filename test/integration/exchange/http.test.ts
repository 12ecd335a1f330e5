import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { ALICE, credentialsFor, runJson, useExchangeEmulator } from './support';

jest.setTimeout(60_000);

const server = useExchangeEmulator({ http: true });
const listContacts = (overrides: ICredentialDataDecryptedObject) =>
	runJson({
		credentials: credentialsFor(server(), overrides.authentication === 'ntlm' ? 'ntlm' : 'basic', overrides),
		parameters: { resource: 'contact', operation: 'getAll', returnAll: false, limit: 1, mailbox: ALICE },
	});

describe('plain http://', () => {
	it('refuses Basic authentication unless unencrypted HTTP is allowed', async () => {
		await expect(listContacts({})).rejects.toThrow(/would send the password unencrypted/);
		expect(await server().control.counters()).toMatchObject({ total: 0 });
		expect(await listContacts({ allowUnencryptedHttp: true })).toHaveLength(1);
	});

	it('allows NTLM, which never sends the password', async () => {
		expect(await listContacts({ authentication: 'ntlm' })).toHaveLength(1);
	});
});
