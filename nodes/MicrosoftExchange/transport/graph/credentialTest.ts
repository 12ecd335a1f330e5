import type { ICredentialDataDecryptedObject, IDataObject, INodeCredentialTestResult } from 'n8n-workflow';
import { graphErrorMessage } from './client';
import type { HttpSend } from './credentials';
import { graphCredentialProblem, parseJson, readGraphCredentials, requestGraphToken, unreachableReason } from './credentials';

/**
 * The Microsoft 365 credential's test: a token by the client-credentials grant, then one read of
 * the default mailbox's contacts (what the sync needs first), which checks the application
 * permission and the RBAC for Applications scope in one call. Each failure is said in plain
 * words; the secret and the private key never appear in an answer.
 */
export async function testGraphCredential(data: ICredentialDataDecryptedObject, send: HttpSend): Promise<INodeCredentialTestResult> {
	const credentials = readGraphCredentials(data);
	const problem = graphCredentialProblem(credentials) ?? (credentials.mailbox ? undefined : 'The default mailbox is empty: the test reads its contacts');
	if (problem) return { status: 'Error', message: problem };
	let accessToken: string;
	try {
		accessToken = (await requestGraphToken(credentials, send)).accessToken;
	} catch (error) {
		return { status: 'Error', message: (error as Error).message };
	}
	const url = `${credentials.graphUrl}/users/${encodeURIComponent(credentials.mailbox)}/contacts?$top=1&$select=id`;
	let status: number;
	let body: IDataObject;
	try {
		const response = await send({
			method: 'GET',
			url,
			headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' },
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: credentials.timeoutMs,
		});
		status = response.statusCode;
		body = parseJson(response.body);
	} catch (error) {
		return { status: 'Error', message: `Could not reach Microsoft Graph at ${credentials.graphUrl}: ${unreachableReason(error)}` };
	}
	if (status >= 200 && status < 300) return { status: 'OK', message: 'Connection successful' };
	const error = (body.error ?? {}) as IDataObject;
	return { status: 'Error', message: graphErrorMessage(status, String(error.code ?? ''), String(error.message ?? ''), credentials.mailbox) };
}
