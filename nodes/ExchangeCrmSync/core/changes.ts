/**
 * The changes a real-time trigger delivers, grouped per mailbox: each group is one changes-only
 * sync of that user's records, in that user's Zoho time zone, with the lookups that read the
 * changed records' counterparts on the other side.
 *
 * Repeats are harmless by design: a record notified several times in one delivery is synced once
 * (its state when fetched), so a burst of notifications plans one write.
 */
import type { JsonObject } from './fieldMap';

export type ChangesFrom = 'crm' | 'exchange';
export type RecordObject = 'contacts' | 'tasks' | 'events';

/** An active CRM user, as the Zoho CRM node's User → Get Many returns it. */
export interface ActiveCrmUser {
	id: string;
	email: string;
	time_zone?: string;
}

/** A CRM user as Match Participants and the Sync node know people. */
export interface KnownUser {
	email: string;
	type: 'user';
	id: string;
}

/** Reads counterparts in Exchange: linked items by their sync ids (one call), unlinked by search. */
export interface ExchangeLookup {
	syncIds: string;
	search: string;
}

/** Reads a counterpart in the CRM: by its sync id, or (contacts not linked yet) by e-mail. */
export interface CrmLookup {
	syncId: string;
	email: string;
}

export interface MailboxChanges {
	mailbox: string;
	ownerId: string;
	timeZone: string;
	/** Every active CRM user: the people a meeting's attendees may be. */
	crmUsers: KnownUser[];
	/** The changed records, each once (CRM changes) … */
	records?: JsonObject[];
	/** … or the changed items, each once (Exchange changes). */
	items?: JsonObject[];
	lookups: ExchangeLookup[] | CrmLookup[];
}

/** The first-sync match key a changed CRM record can be found by in Exchange before it is linked. */
const CRM_MATCH_FIELD: Record<RecordObject, string> = { contacts: 'Email', tasks: 'Subject', events: 'Event_Title' };

const text = (value: unknown) => (value === undefined || value === null ? '' : String(value));

/** The last delivery of each id wins: a record notified several times is synced once. */
function latestById(changes: JsonObject[], of: (change: JsonObject) => JsonObject | undefined): JsonObject[] {
	const latest = new Map<string, JsonObject>();
	for (const change of changes) {
		const value = of(change);
		if (value !== undefined && text(change.id) !== '') latest.set(text(change.id), value);
	}
	return [...latest.values()];
}

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

function exchangeLookups(records: JsonObject[], object: RecordObject): ExchangeLookup[] {
	const syncIds = records.map((record) => text(record.Exchange_Sync_Id)).filter((syncId) => syncId !== '');
	const lookups: ExchangeLookup[] = syncIds.length > 0 ? [{ syncIds: syncIds.join(','), search: '' }] : [];
	for (const record of records) {
		const key = text(record[CRM_MATCH_FIELD[object]]);
		if (text(record.Exchange_Sync_Id) === '' && key !== '') lookups.push({ syncIds: '', search: key });
	}
	return lookups;
}

function crmLookups(items: JsonObject[], object: RecordObject): CrmLookup[] {
	return items
		.filter((item) => text(item.syncId) !== '' || (object === 'contacts' && text(item.email1) !== ''))
		.map((item) => ({ syncId: text(item.syncId), email: object === 'contacts' ? text(item.email1) : '' }));
}

/**
 * CRM notifications → one group per record owner. Exchange changes → one group per mailbox that is
 * an active CRM user (other mailboxes are not synced, as in Sync Now).
 */
export function groupChangesByMailbox(changes: JsonObject[], users: ActiveCrmUser[], from: ChangesFrom, object: RecordObject): MailboxChanges[] {
	const byEmail = new Map(users.map((user) => [text(user.email).toLowerCase(), user]));
	const crmUsers: KnownUser[] = users.map((user) => ({ email: user.email, type: 'user', id: user.id }));
	const groups = new Map<string, MailboxChanges>();
	const changed = from === 'crm' ? latestById(changes, (change) => (isObject(change.record) ? change.record : undefined)) : latestById(changes, (change) => change);
	for (const change of changed) {
		const owner = isObject(change.Owner) ? change.Owner : {};
		const mailbox = (from === 'crm' ? text(owner.email) : text(change.mailbox)).toLowerCase();
		if (mailbox === '') continue;
		const user = byEmail.get(mailbox);
		if (from === 'exchange' && user === undefined) continue;
		const group = groups.get(mailbox) ?? {
			mailbox,
			ownerId: from === 'crm' ? text(owner.id) : text(user?.id),
			timeZone: text(user?.time_zone),
			crmUsers,
			...(from === 'crm' ? { records: [] } : { items: [] }),
			lookups: [],
		};
		(from === 'crm' ? group.records! : group.items!).push(change);
		groups.set(mailbox, group);
	}
	return [...groups.values()].map((group) => ({
		...group,
		lookups: from === 'crm' ? exchangeLookups(group.records!, object) : crmLookups(group.items!, object),
	}));
}
