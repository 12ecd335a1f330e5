import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';
import { testEwsCredential } from '../transport/ews/credentialTest';

/** The EWS credential's test: a real call to the server, answered in plain words (see the transport). */
export async function microsoftExchangeEwsApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	return await testEwsCredential(credential.data ?? {});
}
