import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';
import { testEwsCredential } from '../transport/ews/credentialTest';
import { testGraphCredential } from '../transport/graph/credentialTest';
import type { HttpSend } from '../transport/graph/credentials';

/** The EWS credential's test: a real call to the server, answered in plain words (see the transport). */
export async function microsoftExchangeEwsApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	return await testEwsCredential(credential.data ?? {});
}

/**
 * HTTP for the Microsoft 365 credential's test. n8n gives credential tests only its deprecated
 * `request` helper (which the community lint forbids), so the test uses the platform's fetch.
 */
const fetchSend: HttpSend = async (options) => {
	const response = await fetch(options.url, {
		method: options.method ?? 'GET',
		headers: options.headers as Record<string, string>,
		body: typeof options.body === 'string' ? options.body : undefined,
		signal: AbortSignal.timeout(options.timeout ?? 100_000),
	});
	const headers: Record<string, string> = {};
	response.headers.forEach((value, name) => (headers[name] = value));
	return { statusCode: response.status, headers, body: await response.text() };
};

/** The Microsoft 365 (Graph) credential's test: a token, then one read of the default mailbox. */
export async function microsoft365GraphApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	return await testGraphCredential(credential.data ?? {}, fetchSend);
}
