import type { ICredentialDataDecryptedObject, INodeCredentialTestResult } from 'n8n-workflow';
import { BasePropertySet, Folder, PropertySet, WellKnownFolderName } from 'ews-javascript-api';
import { credentialProblem, readExchangeCredentials } from './credentials';
import { ExchangeSession } from './session';
import { NO_RETRIES } from './retry';

const TEST_NODE = {
	id: 'credential-test',
	name: 'Credential test',
	type: 'microsoftExchange',
	typeVersion: 1,
	position: [0, 0] as [number, number],
	parameters: {},
};

/**
 * A real EWS call with the credential: GetFolder on the inbox of the account's own mailbox, which
 * checks URL, TLS, sign-in and EWS in one request; with impersonation on, the same call acting for
 * the test mailbox (or the account's own UPN) checks the ApplicationImpersonation right. The answer says
 * in plain words what is wrong and never contains the password.
 */
export async function testEwsCredential(data: ICredentialDataDecryptedObject): Promise<INodeCredentialTestResult> {
	const credentials = readExchangeCredentials(data);
	const problem = credentialProblem(credentials);
	if (problem) return { status: 'Error', message: problem };
	const session = new ExchangeSession(TEST_NODE, credentials, { retryPolicy: NO_RETRIES });
	const bindInbox = async (mailbox?: string) =>
		await session.call(mailbox, async (service) =>
			await Folder.Bind(service, session.folder(WellKnownFolderName.Inbox, mailbox), new PropertySet(BasePropertySet.IdOnly)),
		);
	try {
		await bindInbox();
		const impersonated = credentials.testMailbox || (credentials.username.includes('@') ? credentials.username : '');
		if (credentials.impersonation && impersonated) await bindInbox(impersonated);
	} catch (error) {
		return { status: 'Error', message: (error as Error).message };
	}
	return { status: 'OK', message: 'Connection successful' };
}
