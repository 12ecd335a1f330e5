import { createServer } from 'node:net';
import selfsigned from 'selfsigned';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { MicrosoftExchange } from '../../../nodes/MicrosoftExchange/MicrosoftExchange.node';
import { runGraphNode, graphCredentials, OUTSIDE_SCOPE, useGraphServer } from './support';

jest.setTimeout(60_000);

const server = useGraphServer();

/** A loopback port nobody listens on: one the system just gave out and took back. */
async function closedPort(): Promise<number> {
	const listener = createServer();
	await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
	const { port } = listener.address() as { port: number };
	await new Promise((resolve) => listener.close(resolve));
	return port;
}

async function testCredential(data: ICredentialDataDecryptedObject) {
	const node = new MicrosoftExchange();
	return await node.methods.credentialTest.microsoft365GraphApiTest.call({} as never, {
		id: 'graph',
		name: 'Microsoft 365',
		type: 'microsoft365GraphApi',
		data,
	});
}

describe('the Microsoft 365 (Graph) credential test', () => {
	afterEach(async () => {
		await server().control.reset();
	});

	it('gets a token with the client secret and reads the default mailbox', async () => {
		expect(await testCredential(graphCredentials(server()))).toEqual({ status: 'OK', message: 'Connection successful' });
	});

	it('signs in with a certificate registered on the app, and names an unregistered one', async () => {
		const registered = await selfsigned.generate([{ name: 'commonName', value: 'sync-app' }], { keySize: 2048 });
		const stranger = await selfsigned.generate([{ name: 'commonName', value: 'stranger' }], { keySize: 2048 });
		await server().control.addCertificate(server().clientId, registered.cert);
		const withCertificate = (pems: { private: string; cert: string }) =>
			graphCredentials(server(), { authentication: 'certificate', clientSecret: '', privateKey: pems.private, certificate: pems.cert });
		expect(await testCredential(withCertificate(registered))).toEqual({ status: 'OK', message: 'Connection successful' });
		const refused = await testCredential(withCertificate(stranger));
		expect(refused.status).toBe('Error');
		expect(refused.message).toMatch(/certificate is not registered on the app/);
		expect(refused.message).not.toContain('PRIVATE KEY');
	});

	it('says which part is wrong: tenant, client id, secret, without the secret', async () => {
		const cases: Array<[ICredentialDataDecryptedObject, RegExp]> = [
			[{ tenantId: 'nobody.test' }, /^Tenant "nobody.test" was not found/],
			[{ clientId: 'not-an-app' }, /^No application with client ID "not-an-app" exists in tenant/],
			[{ clientSecret: 'wrong-secret-value' }, /^The client secret is wrong/],
			[{ mailbox: '' }, /default mailbox is empty/],
		];
		for (const [overrides, message] of cases) {
			const result = await testCredential(graphCredentials(server(), overrides));
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(message);
			expect(result.message).not.toContain('wrong-secret-value');
			expect(result.message).not.toContain(server().clientSecret);
		}
	});

	it('names the permission that is not granted', async () => {
		await server().control.setPermissions(server().clientId, ['Calendars.ReadWrite', 'Mail.ReadWrite']);
		const result = await testCredential(graphCredentials(server()));
		expect(result).toEqual({
			status: 'Error',
			message: expect.stringMatching(/^The app has no permission for this in alice@example.test: grant the application permission Contacts.Read .*admin consent/),
		});
	});

	it('says when the mailbox is outside the app\'s RBAC scope', async () => {
		const result = await testCredential(graphCredentials(server(), { mailbox: OUTSIDE_SCOPE }));
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^Mailbox svc-sync@example.test is outside the app's RBAC for Applications scope/);
	});

	it('says when the server cannot be reached', async () => {
		const origin = `http://127.0.0.1:${await closedPort()}`;
		const result = await testCredential(graphCredentials(server(), { baseUrl: origin }));
		expect(result).toEqual({
			status: 'Error',
			message: `Could not reach the Microsoft Entra ID token endpoint ${origin}/example.test/oauth2/v2.0/token: ECONNREFUSED`,
		});
	});

	it('fails a node run on a wrong secret with the same plain words, naming the mailbox, secret left out', async () => {
		const run = runGraphNode({
			credentials: graphCredentials(server(), { clientSecret: 'wrong-secret-value' }),
			parameters: { resource: 'contact', operation: 'getAll', mailbox: 'bob@example.test', returnAll: false, limit: 1, filters: {} },
		});
		// A sync runs one job per user: its report row says whose run failed.
		await expect(run).rejects.toThrow(/^Signing in to Microsoft 365 failed for mailbox bob@example.test: The client secret is wrong/);
		await expect(run).rejects.not.toThrow(/wrong-secret-value/);
	});
});
