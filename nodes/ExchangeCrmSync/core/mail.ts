/**
 * Mail sync: Exchange messages become e-mails under the CRM records of the people in them
 * (Zoho "associate email"). The RFC Message-ID is the link: one association per message and
 * record in a run, and Zoho refuses a repeated Message-ID, so a message is never attached twice.
 * Nothing is written to Exchange, so there is nothing to undo if a run stops half-way.
 */
import { isJsonObject, type JsonObject } from './fieldMap';
import type { InputError, PairReport, PlannedItem, SyncPlan, SyncSettings, ToCrmWrite } from './types';

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

function crmTargetsByEmail(records: unknown[], settings: SyncSettings, errors: InputError[]): Map<string, CrmTarget[]> {
	const byEmail = new Map<string, CrmTarget[]>();
	records.forEach((record, index) => {
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

	input.exchange.forEach((message, index) => {
		if (isJsonObject(message) && message.summary === true) return;
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
		toExchange: [],
		toCrm,
		conflicts: [],
		report: {
			object: 'mail',
			mailbox: settings.mailbox,
			syncType: 'oneWay',
			inputCompleteness: settings.inputCompleteness,
			counts: {
				exchange: { created: 0, updated: 0, deleted: 0, conflicts: 0, skipped, errors: count('exchange') },
				crm: { created: toCrm.length, updated: 0, deleted: 0, conflicts: 0, skipped: 0, errors: count('crm') },
			},
			pairs,
			errors,
			massDelete: { blocked: false, wouldDelete: 0 },
			unpairedDeletions: 0,
			durationMs: Math.max(0, now() - started),
		},
	};
}
