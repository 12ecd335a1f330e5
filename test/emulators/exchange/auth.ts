/**
 * Accounts and authentication: Basic, NTLM (challenge/response verified against the known
 * password) and Bearer tokens registered through the control API. Passwords are never logged
 * or echoed.
 */
import crypto from 'node:crypto';
import type http from 'node:http';
import { DEMO_DOMAIN, DEMO_EXCHANGE, DEMO_PASSWORD, DEMO_ZOHO } from '../demo/world';
import { challengeMessage, ntlmMessageType, parseAuthenticateMessage, verifyNtlmV2 } from './ntlm';

export interface Account {
	smtp: string;
	displayName: string;
	password: string;
	/** Holds the ApplicationImpersonation role (may act as any mailbox). */
	impersonation: boolean;
}

export const NETBIOS_DOMAIN = DEMO_EXCHANGE.serviceAccount.domain;

export function demoAccounts(): Account[] {
	const names = new Map<string, string>(DEMO_ZOHO.users.map((u) => [u.email, u.fullName]));
	return [
		{ smtp: DEMO_EXCHANGE.serviceAccount.smtp, displayName: 'Sync Service', password: DEMO_PASSWORD, impersonation: true },
		...DEMO_EXCHANGE.mailboxes.map((smtp) => ({ smtp, displayName: names.get(smtp) ?? smtp, password: DEMO_PASSWORD, impersonation: false })),
	];
}

export type AuthOutcome =
	| { kind: 'authenticated'; account: Account }
	| { kind: 'challenge'; header: string }
	| { kind: 'rejected'; reason: string };

/** Keeps recently issued NTLM challenges; the client answers on a new connection. */
const CHALLENGE_MEMORY = 64;

export class Authenticator {
	private accounts = new Map<string, Account>();
	private tokens = new Map<string, string>();
	private challenges: Buffer[] = [];

	constructor(accounts: Account[]) {
		this.reset(accounts);
	}

	reset(accounts: Account[]): void {
		this.accounts = new Map(accounts.map((a) => [a.smtp.toLowerCase(), { ...a }]));
		this.tokens.clear();
		this.challenges = [];
	}

	add(account: Account): void {
		this.accounts.set(account.smtp.toLowerCase(), { ...account });
	}

	list(): Account[] {
		return [...this.accounts.values()];
	}

	/** Finds an account by SMTP address, UPN, `DOMAIN\user` or bare user name. */
	lookup(name: string): Account | undefined {
		const lower = name.toLowerCase();
		const bare = lower.includes('\\') ? lower.split('\\')[1] : lower;
		return this.accounts.get(lower) ?? [...this.accounts.values()].find((a) => a.smtp.split('@')[0] === bare);
	}

	account(smtp: string): Account {
		const found = this.lookup(smtp);
		if (!found) throw new Error(`no account ${smtp}`);
		return found;
	}

	registerToken(token: string, account: string): void {
		this.tokens.set(token, this.account(account).smtp);
	}

	authenticate(req: http.IncomingMessage): AuthOutcome {
		const header = req.headers.authorization ?? '';
		const [scheme, value = ''] = header.split(/\s+/, 2);
		switch (scheme.toLowerCase()) {
			case 'basic': {
				const decoded = Buffer.from(value, 'base64').toString('utf8');
				const separator = decoded.indexOf(':');
				const account = this.lookup(decoded.slice(0, separator));
				if (!account || account.password !== decoded.slice(separator + 1)) return { kind: 'rejected', reason: 'wrong user name or password' };
				return { kind: 'authenticated', account };
			}
			case 'bearer': {
				const smtp = this.tokens.get(value);
				return smtp ? { kind: 'authenticated', account: this.account(smtp) } : { kind: 'rejected', reason: 'unknown or expired token' };
			}
			case 'ntlm':
				return this.ntlm(Buffer.from(value, 'base64'));
			default:
				return { kind: 'rejected', reason: 'no credentials' };
		}
	}

	private ntlm(token: Buffer): AuthOutcome {
		const type = ntlmMessageType(token);
		if (type === 1) {
			const challenge = crypto.randomBytes(8);
			this.challenges = [challenge, ...this.challenges].slice(0, CHALLENGE_MEMORY);
			return { kind: 'challenge', header: `NTLM ${challengeMessage(challenge, NETBIOS_DOMAIN, DEMO_DOMAIN).toString('base64')}` };
		}
		if (type !== 3) return { kind: 'rejected', reason: 'unexpected NTLM message' };
		let message;
		try {
			message = parseAuthenticateMessage(token);
		} catch {
			return { kind: 'rejected', reason: 'malformed NTLM message' };
		}
		const domain = message.domain.toUpperCase();
		if (domain && domain !== NETBIOS_DOMAIN && domain !== DEMO_DOMAIN.toUpperCase()) return { kind: 'rejected', reason: 'unknown domain' };
		const account = this.lookup(message.user.includes('@') ? message.user : `${message.domain}\\${message.user}`);
		if (!account) return { kind: 'rejected', reason: 'unknown user' };
		const verified = this.challenges.some((challenge) => verifyNtlmV2(message, account.password, challenge));
		return verified ? { kind: 'authenticated', account } : { kind: 'rejected', reason: 'wrong user name or password' };
	}
}
