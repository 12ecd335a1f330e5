import type { ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

/**
 * Scopes the Zoho CRM (v8) node and trigger need: records of every module, users, field
 * metadata and field creation (sync link fields), module list, notification channels, COQL,
 * the search index and a record's emails. Zoho separates scopes with commas.
 */
const SCOPES = [
	'ZohoCRM.modules.ALL',
	'ZohoCRM.users.READ',
	'ZohoCRM.settings.fields.ALL',
	'ZohoCRM.settings.modules.READ',
	'ZohoCRM.notifications.ALL',
	'ZohoCRM.coql.READ',
	'ZohoCRM.modules.emails.ALL',
	'ZohoSearch.securesearch.READ',
].join(',');

// The accounts server of the chosen data centre, or the custom one (a self-hosted test server).
const ACCOUNTS_ORIGIN = '($self["dataCenter"] === "custom" ? $self["accountsUrl"] : $self["dataCenter"])';

export class ZohoCrmOAuth2Api implements ICredentialType {
	name = 'zohoCrmOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Zoho CRM (V8) OAuth2 API';

	icon: Icon = { light: 'file:../nodes/ZohoCrm/zohoCrm.svg', dark: 'file:../nodes/ZohoCrm/zohoCrm.dark.svg' };

	documentationUrl = 'https://www.zoho.com/crm/developer/docs/api/v8/oauth-overview.html';

	properties: INodeProperties[] = [
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'hidden',
			default: 'authorizationCode',
		},
		{
			displayName: 'Data Centre',
			name: 'dataCenter',
			type: 'options',
			description:
				'Where the Zoho account lives. API calls go to the API domain Zoho returns with the token.',
			options: [
				{ name: 'Australia (zoho.com.au)', value: 'https://accounts.zoho.com.au' },
				{ name: 'Canada (zohocloud.ca)', value: 'https://accounts.zohocloud.ca' },
				{ name: 'China (zoho.com.cn)', value: 'https://accounts.zoho.com.cn' },
				{ name: 'Custom (Self-Hosted Test Server)', value: 'custom' },
				{ name: 'Europe (zoho.eu)', value: 'https://accounts.zoho.eu' },
				{ name: 'India (zoho.in)', value: 'https://accounts.zoho.in' },
				{ name: 'Japan (zoho.jp)', value: 'https://accounts.zoho.jp' },
				{ name: 'Saudi Arabia (zoho.sa)', value: 'https://accounts.zoho.sa' },
				{ name: 'United States (zoho.com)', value: 'https://accounts.zoho.com' },
			],
			default: 'https://accounts.zoho.com',
		},
		{
			displayName: 'Accounts URL',
			name: 'accountsUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:8090',
			description:
				'Origin of the accounts server, without a trailing slash; its /oauth/v2/auth and /oauth/v2/token are used',
			displayOptions: { show: { dataCenter: ['custom'] } },
		},
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			default: `={{ ${ACCOUNTS_ORIGIN} + "/oauth/v2/auth" }}`,
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: `={{ ${ACCOUNTS_ORIGIN} + "/oauth/v2/token" }}`,
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			default: SCOPES,
		},
		{
			// Offline access gives a refresh token; prompt=consent makes Zoho issue a new one on reconnect.
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: 'access_type=offline&prompt=consent',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			default: 'body',
		},
	];
}
