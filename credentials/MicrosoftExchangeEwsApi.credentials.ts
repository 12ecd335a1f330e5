import type { ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

/**
 * Exchange Web Services (EWS) on Exchange Server 2007 SP1 – 2019 / SE. Tested by the Microsoft
 * Exchange (EWS) node's `microsoftExchangeEwsApiTest`, which makes a real EWS call.
 */
export class MicrosoftExchangeEwsApi implements ICredentialType {
	name = 'microsoftExchangeEwsApi';

	displayName = 'Microsoft Exchange (EWS) API';

	documentationUrl =
		'https://learn.microsoft.com/en-us/exchange/client-developer/exchange-web-services/start-using-web-services-in-exchange';

	icon: Icon = { light: 'file:../nodes/MicrosoftExchange/microsoftExchange.svg', dark: 'file:../nodes/MicrosoftExchange/microsoftExchange.dark.svg' };

	properties: INodeProperties[] = [
		{
			displayName: 'EWS URL',
			name: 'url',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://mail.example.com/EWS/Exchange.asmx',
			description: 'Address of the Exchange Web Services endpoint',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'options',
			options: [
				{ name: 'Basic', value: 'basic' },
				{ name: 'NTLM', value: 'ntlm' },
			],
			default: 'basic',
			description: 'How to sign in; must be enabled on the EWS virtual directory',
		},
		{
			displayName: 'Username',
			name: 'username',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'svc-sync@example.com or EXAMPLE\\svc-sync',
			description: 'User principal name (UPN) or DOMAIN\\user',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Domain',
			name: 'domain',
			type: 'string',
			default: '',
			placeholder: 'EXAMPLE',
			description: 'Windows domain, used as DOMAIN\\username when the username has neither a domain nor an @',
		},
		{
			displayName: 'Exchange Version',
			name: 'exchangeVersion',
			type: 'options',
			options: [
				{ name: 'Exchange 2007 SP1', value: 'Exchange2007_SP1' },
				{ name: 'Exchange 2010', value: 'Exchange2010' },
				{ name: 'Exchange 2010 SP1', value: 'Exchange2010_SP1' },
				{ name: 'Exchange 2010 SP2', value: 'Exchange2010_SP2' },
				{ name: 'Exchange 2013', value: 'Exchange2013' },
				{ name: 'Exchange 2013 SP1', value: 'Exchange2013_SP1' },
				{ name: 'Exchange 2016 / 2019 / SE', value: 'Exchange2016' },
			],
			default: 'Exchange2013_SP1',
			description: 'The oldest server version the requests must work with; Exchange 2013 SP1 works with 2013 to 2019 and SE',
		},
		{
			displayName: 'Impersonation',
			name: 'impersonation',
			type: 'boolean',
			default: false,
			description:
				'Whether this is a service account with the ApplicationImpersonation role that acts as any mailbox named in the node. Off: the account works in its own mailbox, or in mailboxes it has delegate access to.',
		},
		{
			displayName: 'Test Mailbox',
			name: 'testMailbox',
			type: 'string',
			default: '',
			placeholder: 'alice@example.com',
			description: "A mailbox the service account should act for; the credential test opens its inbox to check the impersonation right. Empty: the account's own address is used.",
			displayOptions: { show: { impersonation: [true] } },
		},
		{
			displayName: 'Ignore Certificate Errors',
			name: 'skipTlsVerification',
			type: 'boolean',
			default: false,
			description: 'Whether to accept any TLS certificate, including self-signed or expired ones. Prefer trusting the CA certificate below.',
		},
		{
			displayName: 'Trusted CA Certificate',
			name: 'trustedCaPem',
			type: 'string',
			typeOptions: { rows: 4 },
			default: '',
			placeholder: '-----BEGIN CERTIFICATE-----',
			description: 'PEM certificate of the CA that issued the server certificate (or the self-signed certificate itself), trusted in addition to the system CAs',
			displayOptions: { show: { skipTlsVerification: [false] } },
		},
		{
			displayName: 'Timeout (Seconds)',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 100,
			description: 'How long to wait for each EWS request',
		},
		{
			displayName: 'Allow Unencrypted HTTP',
			name: 'allowUnencryptedHttp',
			type: 'boolean',
			default: false,
			description: 'Whether to allow Basic authentication over an http:// URL, which sends the password in clear text',
		},
	];
}
