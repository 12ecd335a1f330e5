/**
 * Contacts as the local servers hold them, and the check that a user's contacts are in sync. Used
 * by the Sync Now end-to-end tests on one n8n and on the queue-mode stack.
 */
import type { LocalServers } from '../../../scripts/demo/localServers';

/** The demo users whose mailboxes Sync Now syncs. */
export const ACTIVE_USERS = ['alice@example.test', 'bob@example.test', 'carol@example.test'];

export const email = (value: unknown) => String(value ?? '').trim().toLowerCase();

export function duplicates(values: string[]): string[] {
	return values.filter((value, index) => values.indexOf(value) !== index);
}

type Record_ = Record<string, unknown> & { id: string };

/** Live (not deleted) Exchange contacts of a mailbox. */
export async function exchangeContacts(servers: LocalServers, mailbox: string): Promise<Record_[]> {
	return await servers.exchange.control.items(mailbox, 'contacts');
}

/** Live (not in the recycle bin) Zoho contacts owned by the user with this email. */
export async function crmContacts(servers: LocalServers, ownerEmail: string): Promise<Record_[]> {
	const records = await servers.zoho.control.records('Contacts');
	return records.filter((record) => !record.$deleted && (record.Owner as { email?: string } | undefined)?.email === ownerEmail);
}

/** Both sides hold the same people for the user, each once, linked by one sync id per pair. */
export async function expectContactsInSync(servers: LocalServers, user: string): Promise<{ exchange: string[]; crm: string[] }> {
	const exchange = await exchangeContacts(servers, user);
	const crm = await crmContacts(servers, user);
	const exchangeEmails = exchange.map((contact) => email(contact.email1));
	const crmEmails = crm.map((record) => email(record.Email));
	expect(duplicates(exchangeEmails)).toEqual([]);
	expect(duplicates(crmEmails)).toEqual([]);
	expect([...crmEmails].sort()).toEqual([...exchangeEmails].sort());
	const exchangeLinks = exchange.map((contact) => contact.syncId);
	expect(exchangeLinks.every((link) => typeof link === 'string' && link !== '')).toBe(true);
	expect(crm.map((record) => record.Exchange_Sync_Id).sort()).toEqual([...exchangeLinks].sort());
	return { exchange: exchangeEmails, crm: crmEmails };
}
