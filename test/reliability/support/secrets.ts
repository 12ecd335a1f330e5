/** The secrets that must never show in node outputs, errors or logs, and a scan for them. */
import type { IDataObject } from 'n8n-workflow';
import type { BenchServers } from '../../../bench/servers';
import { DEMO_PASSWORD, DEMO_ZOHO } from '../../emulators/demo/world';

export function secretsOf(servers: BenchServers): Record<string, string> {
	const token = servers.zoho.credentials.oauthTokenData as IDataObject;
	return {
		'Exchange password': DEMO_PASSWORD,
		'Zoho client secret': DEMO_ZOHO.clientSecret,
		'Zoho refresh token': String(token.refresh_token),
		'Zoho access token': String(token.access_token),
	};
}

/** The names of the secrets found in `text`. */
export function secretsIn(text: string, servers: BenchServers): string[] {
	return Object.entries(secretsOf(servers))
		.filter(([, secret]) => secret.length > 0 && text.includes(secret))
		.map(([name]) => name);
}
