import * as http from 'http';
import * as https from 'https';
import { createType1Message, createType3Message, decodeType2Message } from '@ewsjs/ntlm-client';
import type { XhrApi } from '@ewsjs/xhr';

type AuthProvider = Parameters<XhrApi['setAuthProvider']>[0];
type PreCallOptions = Parameters<AuthProvider['preCall']>[0];

const WORKSTATION = '.';

/** `DOMAIN\user` → domain and user, as Exchange's NTLM expects them. */
export function splitAccount(account: string): { domain: string; user: string } {
	const separator = account.indexOf('\\');
	if (separator <= 0) return { domain: '', user: account };
	return { domain: account.slice(0, separator).toUpperCase(), user: account.slice(separator + 1) };
}

function negotiate(url: string, agent: http.Agent, headers: Record<string, string>, timeoutMs: number): Promise<string> {
	const transport = url.startsWith('https:') ? https : http;
	return new Promise((resolve, reject) => {
		const request = transport.request(url, { method: 'GET', agent, headers, timeout: timeoutMs }, (response) => {
			response.resume();
			const challenge = response.headers['www-authenticate'];
			const value = Array.isArray(challenge) ? challenge.find((entry) => entry.startsWith('NTLM ')) : challenge;
			if (response.statusCode === 401 && value?.startsWith('NTLM ')) {
				// Wait for the body to drain so the keep-alive socket is free for the authenticated POST.
				response.on('end', () => resolve(value));
			} else if (response.statusCode === 401) {
				reject(new Error('NTLM is not offered by the server (no NTLM challenge in WWW-Authenticate): check the authentication type'));
			} else {
				reject(new Error(`NTLM negotiation expected HTTP 401 with a challenge, got ${response.statusCode}`));
			}
		});
		request.on('timeout', () => request.destroy(new Error(`timeout of ${timeoutMs}ms exceeded`)));
		request.on('error', reject);
		request.end();
	});
}

/**
 * NTLM for @ewsjs/xhr that keeps our TLS settings. The library's own NTLM provider replaces the
 * HTTPS agent with one that only knows `rejectUnauthorized`, which drops a trusted CA certificate;
 * this provider runs the same handshake (type 1 GET → 401 challenge → type 3 on the POST) over one
 * keep-alive agent built from the credential's TLS options, so a pinned CA works with NTLM too.
 */
export class NtlmAuthProvider implements AuthProvider {
	readonly providerName = 'ntlm';
	readonly client = null as unknown as AuthProvider['client'];

	constructor(
		private readonly account: string,
		private readonly password: string,
		private readonly agentOptions: https.AgentOptions,
		private readonly timeoutMs: number,
	) {}

	async preCall(options: PreCallOptions): Promise<PreCallOptions> {
		const url = String(options.url);
		const { domain, user } = splitAccount(this.account);
		const agent = url.startsWith('https:')
			? new https.Agent({ ...this.agentOptions, keepAlive: true, maxSockets: 1 })
			: new http.Agent({ keepAlive: true, maxSockets: 1 });
		const challenge = await negotiate(
			url,
			agent,
			{ Authorization: createType1Message(WORKSTATION, domain), Connection: 'keep-alive' },
			this.timeoutMs,
		);
		const type3 = createType3Message(decodeType2Message(challenge), user, this.password, WORKSTATION, domain);
		const headers = { ...(options.headers as Record<string, string>), Authorization: type3, Connection: 'close' };
		return url.startsWith('https:')
			? { ...options, headers, httpsAgent: agent }
			: { ...options, headers, httpAgent: agent };
	}
}
