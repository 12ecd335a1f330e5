import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestHelper,
	Icon,
	INodeProperties,
} from 'n8n-workflow';
import { readGraphCredentials, requestGraphToken } from '../nodes/MicrosoftExchange/transport/graph/credentials';

/**
 * Microsoft 365 (Exchange Online) through Microsoft Graph, app-only: an Entra app registration
 * with application permissions, signed in by the client-credentials grant with a client secret or
 * a certificate. n8n asks for a token (preAuthentication) when the stored one is empty or a call
 * answers 401, and sends it as a bearer token. Tested by the Microsoft Exchange node's
 * `microsoft365GraphApiTest`, which gets a token and reads the default mailbox.
 */
export class Microsoft365GraphApi implements ICredentialType {
	name = 'microsoft365GraphApi';

	displayName = 'Microsoft 365 (Graph) API';

	documentationUrl = 'https://learn.microsoft.com/en-us/graph/auth-v2-service';

	icon: Icon = { light: 'file:../nodes/MicrosoftExchange/microsoftExchange.svg', dark: 'file:../nodes/MicrosoftExchange/microsoftExchange.dark.svg' };

	properties: INodeProperties[] = [
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			displayName: 'Tenant ID',
			name: 'tenantId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'contoso.onmicrosoft.com or 00000000-0000-0000-0000-000000000000',
			description: 'Directory (tenant) ID of the Microsoft Entra tenant, or one of its domains',
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			description: 'Application (client) ID of the app registration',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'options',
			options: [
				{ name: 'Client Secret', value: 'clientSecret' },
				{ name: 'Certificate', value: 'certificate' },
			],
			default: 'clientSecret',
			description: 'How the app proves its identity; Microsoft recommends a certificate',
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: "The secret's Value from the app registration's Certificates & secrets",
			displayOptions: { show: { authentication: ['clientSecret'] } },
		},
		{
			displayName: 'Private Key',
			name: 'privateKey',
			type: 'string',
			typeOptions: { password: true, rows: 4 },
			default: '',
			required: true,
			placeholder: '-----BEGIN PRIVATE KEY-----',
			description: 'PEM private key (unencrypted PKCS#8 or PKCS#1) of the certificate uploaded to the app registration',
			displayOptions: { show: { authentication: ['certificate'] } },
		},
		{
			displayName: 'Certificate',
			name: 'certificate',
			type: 'string',
			typeOptions: { password: true, rows: 4 },
			default: '',
			required: true,
			placeholder: '-----BEGIN CERTIFICATE-----',
			description: 'PEM certificate uploaded to the app registration; its thumbprint names it in the sign-in',
			displayOptions: { show: { authentication: ['certificate'] } },
		},
		{
			displayName: 'National Cloud',
			name: 'cloud',
			type: 'options',
			options: [
				{ name: 'Global', value: 'global', description: 'login.microsoftonline.com, graph.microsoft.com' },
				{ name: 'US Government (GCC High)', value: 'usGov', description: 'login.microsoftonline.us, graph.microsoft.us' },
				{ name: 'US Government DoD', value: 'usGovDod', description: 'login.microsoftonline.us, dod-graph.microsoft.us' },
				{ name: 'China (21Vianet)', value: 'china', description: 'login.chinacloudapi.cn, microsoftgraph.chinacloudapi.cn' },
			],
			default: 'global',
		},
		{
			displayName: 'Default Mailbox',
			name: 'mailbox',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'alice@contoso.com',
			description:
				"The mailbox the node acts for when its Mailbox field is empty (an app has no mailbox of its own); the credential test reads its contacts",
		},
		{
			displayName: 'Base URL Override',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:8080',
			description: "Only for a local Microsoft 365 server: the origin that serves both the token endpoint and Graph's /v1.0. Empty: the national cloud's hosts.",
		},
		{
			displayName: 'Timeout (Seconds)',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 100,
			description: 'How long to wait for each request',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const token = await requestGraphToken(readGraphCredentials(credentials), async (options) =>
			await this.helpers.httpRequest(options),
		);
		return { accessToken: token.accessToken };
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { Authorization: '=Bearer {{$credentials.accessToken}}' } },
	};
}
