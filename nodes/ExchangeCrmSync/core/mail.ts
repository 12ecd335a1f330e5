/**
 * Mail sync, both halves:
 * - Exchange → CRM: messages become e-mails under the CRM records of the people in them (Zoho
 *   "associate email"). The RFC Message-ID is the link: one association per message and record
 *   in a run, and Zoho refuses a repeated Message-ID, so a message is never attached twice.
 * - CRM → Exchange: e-mails the user sent from CRM records get a copy, filed as sent, in the
 *   mailbox's Sent Items. The copy carries the CRM e-mail's id as its sync id, so it is created
 *   once, and the Exchange → CRM half does not attach it back.
 * Every write creates something keyed by its link, so a run that stops half-way is simply run again.
 */
import { isJsonObject, type JsonObject } from './fieldMap';
import type { InputError, PairReport, PlannedItem, SyncPlan, SyncSettings, ToCrmWrite, ToExchangeWrite } from './types';

export interface MailSyncInput {
	exchange: unknown[];
	crm: unknown[];
	settings: SyncSettings;
	now?: () => number;
}

interface CrmTarget {
	module: string;
	id: string;
	index: number;
}

/** Contacts before Leads before other modules: the order Zoho users expect to find mail in. */
const MODULE_ORDER = ['Contacts', 'Leads'];
const moduleRank = (module: string) => (MODULE_ORDER.includes(module) ? MODULE_ORDER.indexOf(module) : MODULE_ORDER.length);

const addressOf = (value: unknown): string | undefined =>
	isJsonObject(value) && typeof value.email === 'string' && value.email.trim() !== '' ? value.email.trim().toLowerCase() : undefined;

const addressesOf = (value: unknown): string[] =>
	(Array.isArray(value) ? value : []).map(addressOf).filter((email): email is string => email !== undefined);

/** The sync id of the Exchange copy of a CRM e-mail: Zoho's message_id, marked as such. */
export const crmEmailLink = (messageId: string) => `zoho-email:${messageId}`;
const isCrmEmailCopy = (message: JsonObject) => typeof message.syncId === 'string' && message.syncId.startsWith(crmEmailLink(''));

/** A Zoho e-mail of a record (Email → Get / Get Many), as opposed to a record: it has a message_id and the record it is on. */
const isCrmEmail = (item: unknown): item is JsonObject =>
	isJsonObject(item) && typeof item.message_id === 'string' && isJsonObject(item.linked_record);

function crmTargetsByEmail(records: unknown[], settings: SyncSettings, errors: InputError[]): Map<string, CrmTarget[]> {
	const byEmail = new Map<string, CrmTarget[]>();
	records.forEach((record, index) => {
		if (isCrmEmail(record)) return;
		if (!isJsonObject(record) || typeof record.id !== 'string') {
			errors.push({ side: 'crm', itemIndex: index, reason: 'The record has no id' });
			return;
		}
		const module = typeof record.$module === 'string' ? record.$module : settings.crmModule;
		for (const field of ['Email', 'Secondary_Email']) {
			const email = typeof record[field] === 'string' ? (record[field] as string).trim().toLowerCase() : '';
			if (email === '') continue;
			byEmail.set(email, [...(byEmail.get(email) ?? []), { module, id: record.id, index }]);
		}
	});
	return byEmail;
}

function associatePayload(message: JsonObject, mailbox: string): JsonObject {
	const from = addressOf(message.from) ?? '';
	const list = (key: string) => addressesOf(message[key]).join(',');
	return {
		originalMessageId: message.internetMessageId,
		from,
		to: list('to'),
		cc: list('cc'),
		bcc: list('bcc'),
		subject: message.subject ?? '',
		content: message.body ?? '',
		mailFormat: message.bodyType === 'Text' ? 'text' : 'html',
		dateTime: message.sentAt ?? message.receivedAt ?? null,
		sent: from === mailbox.toLowerCase(),
	};
}

/** Zoho's `{user_name, email}` as the Exchange node's `{email, name}`. */
function mailAddress(value: unknown): JsonObject | undefined {
	const email = addressOf(value);
	if (!email || !isJsonObject(value)) return undefined;
	return typeof value.user_name === 'string' && value.user_name.trim() !== '' ? { email, name: value.user_name.trim() } : { email };
}

const mailAddresses = (value: unknown): JsonObject[] =>
	(Array.isArray(value) ? value : []).map(mailAddress).filter((address): address is JsonObject => address !== undefined);

/** The Exchange node's Save as Sent fields for a CRM e-mail. */
function sentCopyFields(email: JsonObject, from: JsonObject): JsonObject {
	return {
		from,
		to: mailAddresses(email.to),
		cc: mailAddresses(email.cc),
		subject: typeof email.subject === 'string' ? email.subject : '',
		body: typeof email.content === 'string' ? email.content : '',
		bodyType: email.mail_format === 'text' ? 'Text' : 'HTML',
		sentAt: email.time ?? email.sent_time ?? null,
		syncId: crmEmailLink(email.message_id as string),
	};
}

/** Whether this run's user sent the e-mail: its owner is the user, or (no owner set) its sender is the mailbox. */
function sentByTheUser(email: JsonObject, settings: SyncSettings): boolean {
	if (settings.owner) return isJsonObject(email.owner) && email.owner.id === settings.owner;
	return addressOf(email.from) === settings.mailbox.toLowerCase();
}

interface CrmToExchangePlan {
	toExchange: Array<PlannedItem<ToExchangeWrite>>;
	pairs: PairReport[];
	skipped: number;
}

/**
 * CRM → Exchange: a copy in Sent Items for each e-mail the user sent from the CRM that has none
 * among the Exchange messages (matched by the link). The workflow passes only e-mails sent since
 * its last run and reads the folders modified since then, so a copy made earlier is in the input.
 */
function planCrmSentCopies(input: MailSyncInput, errors: InputError[]): CrmToExchangePlan {
	const { settings } = input;
	const copies = new Set(input.exchange.filter(isJsonObject).filter(isCrmEmailCopy).map((message) => message.syncId as string));
	const plan: CrmToExchangePlan = { toExchange: [], pairs: [], skipped: 0 };
	input.crm.forEach((email, index) => {
		if (!isCrmEmail(email)) return;
		const link = crmEmailLink(email.message_id as string);
		const from = mailAddress(email.from);
		if (!from || mailAddresses(email.to).length + mailAddresses(email.cc).length === 0) {
			errors.push({ side: 'crm', itemIndex: index, reason: 'The CRM e-mail has no sender or no recipient' });
			return;
		}
		const skip = (reason: string) => {
			plan.skipped++;
			plan.pairs.push({ syncId: link, decision: 'skip', reason, overwritten: [] });
		};
		if (!sentByTheUser(email, settings)) return skip('sent by another CRM user');
		if (email.sent === false) return skip('not sent (a draft or scheduled e-mail)');
		if (copies.has(link)) {
			plan.pairs.push({ syncId: link, decision: 'nothing', reason: 'already in Exchange', overwritten: [] });
			return;
		}
		copies.add(link);
		plan.toExchange.push({
			json: { action: 'create', object: 'mail', mailbox: settings.mailbox, syncId: link, fields: sentCopyFields(email, from) },
			sources: { exchange: [], crm: [index] },
		});
		plan.pairs.push({ syncId: link, decision: 'createInExchange', reason: 'sent from the CRM, copied to Sent Items', overwritten: [] });
	});
	return plan;
}

const runsHalf = (settings: SyncSettings, source: 'exchangeToCrm' | 'crmToExchange') =>
	settings.syncType === 'twoWay' || settings.direction === source;

export function planMailSync(input: MailSyncInput): SyncPlan {
	const now = input.now ?? Date.now;
	const started = now();
	const { settings } = input;
	const errors: InputError[] = [];
	const targets = crmTargetsByEmail(input.crm, settings, errors);
	const toCrm: Array<PlannedItem<ToCrmWrite>> = [];
	const pairs: PairReport[] = [];
	const done = new Set<string>();
	let skipped = 0;
	const mailbox = settings.mailbox.toLowerCase();

	const copies = runsHalf(settings, 'crmToExchange') ? planCrmSentCopies(input, errors) : { toExchange: [], pairs: [], skipped: 0 };
	pairs.push(...copies.pairs);

	input.exchange.forEach((message, index) => {
		if (!runsHalf(settings, 'exchangeToCrm')) return;
		if (isJsonObject(message) && (message.summary === true || isCrmEmailCopy(message))) return;
		if (!isJsonObject(message) || typeof message.internetMessageId !== 'string' || message.internetMessageId.trim() === '') {
			errors.push({ side: 'exchange', itemIndex: index, reason: 'The message has no Message-ID (internetMessageId)' });
			return;
		}
		const messageId = message.internetMessageId.trim();
		const people = new Set(
			[addressOf(message.from), ...addressesOf(message.to), ...addressesOf(message.cc)].filter(
				(email): email is string => email !== undefined && email !== mailbox,
			),
		);
		const matches = [...people]
			.flatMap((email) => targets.get(email) ?? [])
			.sort((a, b) => moduleRank(a.module) - moduleRank(b.module));
		const fresh = matches.filter((target) => !done.has(`${messageId}|${target.module}|${target.id}`));
		if (matches.length === 0) {
			skipped++;
			pairs.push({ syncId: messageId, decision: 'skip', reason: 'no CRM record has an address of this message', overwritten: [] });
			return;
		}
		const email = associatePayload(message, mailbox);
		for (const target of fresh) {
			done.add(`${messageId}|${target.module}|${target.id}`);
			toCrm.push({
				json: { action: 'create', module: target.module, id: target.id, syncId: messageId, record: { email } },
				sources: { exchange: [index], crm: [target.index] },
			});
		}
		pairs.push({
			syncId: messageId,
			decision: fresh.length > 0 ? 'associateEmail' : 'nothing',
			reason: fresh.length > 0 ? `attached to ${fresh.map((target) => `${target.module} ${target.id}`).join(', ')}` : 'already attached in this run',
			overwritten: [],
		});
	});

	const count = (side: 'exchange' | 'crm') => errors.filter((error) => error.side === side).length;
	return {
		toExchange: copies.toExchange,
		toCrm,
		conflicts: [],
		report: {
			object: 'mail',
			mailbox: settings.mailbox,
			syncType: settings.syncType,
			inputCompleteness: settings.inputCompleteness,
			counts: {
				exchange: { created: copies.toExchange.length, updated: 0, deleted: 0, conflicts: 0, skipped, errors: count('exchange') },
				crm: { created: toCrm.length, updated: 0, deleted: 0, conflicts: 0, skipped: copies.skipped, errors: count('crm') },
			},
			pairs,
			errors,
			massDelete: { blocked: false, wouldDelete: 0 },
			unpairedDeletions: 0,
			deletionsWithoutPartner: 0,
			durationMs: Math.max(0, now() - started),
		},
	};
}
