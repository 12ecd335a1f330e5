/**
 * The emails of a record: associating mail sent elsewhere (associate_email.json), sending mail
 * from a record (send_mail.json) and the addresses a user may send from (from_addresses.json),
 * and listing a record's emails (email_related_records.json).
 */
import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import type { RequestContext } from './context';
import { fail, invalidModule, invalidParam, zohoError, type ApiResponse } from './errors';
import { moduleIdFor } from './metadata';
import { displayName, formatDateTime, isZohoError } from './records';
import { requireParent } from './recordsApi';
import type { AssociatedEmail } from './store';

const EMAILS_PER_CALL = 10;
const EMAIL_PATTERN = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
/** Zoho sends mail from these modules' records (and custom modules'), not from activities or notes. */
const SEND_MAIL_MODULES = ['Leads', 'Contacts', 'Accounts', 'Deals', 'Vendors'];
type Address = { user_name?: string; email: string };

function addresses(value: unknown): Address[] {
	return Array.isArray(value) ? (value as Address[]).filter((entry) => typeof entry?.email === 'string') : [];
}

/** Copies, subject, body and format of a mail in a request (associate_email or send_mail). */
function mailParts(item: Record<string, unknown>): Pick<AssociatedEmail, 'cc' | 'bcc' | 'subject' | 'content' | 'mailFormat'> {
	return {
		cc: addresses(item.cc),
		bcc: addresses(item.bcc),
		subject: typeof item.subject === 'string' ? item.subject : '',
		content: typeof item.content === 'string' ? item.content : '',
		mailFormat: item.mail_format === 'text' ? 'text' : 'html',
	};
}

export function associateEmails(ctx: RequestContext): ApiResponse {
	const parent = requireParent(ctx);
	const items = (ctx.body as { Emails?: unknown }).Emails;
	if (!Array.isArray(items) || items.length === 0) {
		fail(400, 'MANDATORY_NOT_FOUND', 'required field not found', { api_name: 'Emails', json_path: '$.Emails' });
	}
	const results = (items as Array<Record<string, unknown>>).map((item, index) => {
		const at = (name: string) => ({ api_name: name, json_path: `$.Emails[${index}].${name}` });
		const from = item.from as Address | undefined;
		if (typeof from?.email !== 'string') return zohoError('MANDATORY_NOT_FOUND', 'required field not found', at('from'));
		const to = addresses(item.to);
		if (to.length === 0) return zohoError('MANDATORY_NOT_FOUND', 'required field not found', at('to'));
		const originalMessageId = typeof item.original_message_id === 'string' ? item.original_message_id : undefined;
		if (originalMessageId && ctx.store.emails.some((email) => email.recordId === parent.id && email.originalMessageId === originalMessageId)) {
			return zohoError('DUPLICATE_DATA', 'duplicate data', at('original_message_id'));
		}
		const sentAt = typeof item.date_time === 'string' ? DateTime.fromISO(item.date_time, { setZone: true }) : undefined;
		if (sentAt && !sentAt.isValid) return zohoError('INVALID_DATA', 'invalid data', at('date_time'));
		const email: AssociatedEmail = {
			messageId: randomBytes(32).toString('hex'),
			type: 'user_emails',
			recordId: parent.id,
			module: parent.module,
			originalMessageId,
			from,
			to,
			...mailParts(item),
			sentAt: sentAt?.toMillis() ?? ctx.store.now(),
			sent: item.sent !== false,
			ownerId: ctx.user.id,
		};
		ctx.store.emails.push(email);
		return { code: 'SUCCESS', details: { message_id: email.messageId }, message: 'Your mail has been added successfully', status: 'success' };
	});
	const failed = results.filter(isZohoError).length;
	return { status: failed === 0 ? 201 : 400, body: { Emails: results } };
}

function renderEmail(ctx: RequestContext, email: AssociatedEmail, withContent: boolean): Record<string, unknown> {
	const owner = ctx.store.user(email.ownerId);
	const person = (entry: Address) => ({ user_name: entry.user_name ?? entry.email, email: entry.email });
	return {
		message_id: email.messageId,
		subject: email.subject,
		from: person(email.from),
		to: email.to.map(person),
		cc: email.cc.map(person),
		time: formatDateTime(email.sentAt, ctx.user.timeZone),
		sent: email.sent,
		read: false,
		status: [{ type: email.sent ? 'sent' : 'draft', bounced_time: null, bounced_reason: null }],
		owner: { name: owner?.fullName ?? '', id: email.ownerId },
		linked_record: { module: { api_name: email.module, id: moduleIdFor(email.module) }, id: email.recordId, name: linkedName(ctx, email) },
		summary: null,
		activity_info: null,
		intent: null,
		sentiment_info: null,
		emotion: null,
		source: null,
		has_attachment: false,
		has_thread_attachment: false,
		...(withContent ? { content: email.content, mail_format: email.mailFormat } : {}),
	};
}

function linkedName(ctx: RequestContext, email: AssociatedEmail): string {
	const record = ctx.store.records.get(email.recordId);
	return record ? displayName(ctx.store, record) : '';
}

/**
 * 10 per call, newest first, paged with `index`; `type` keeps one kind. The emulator keeps no
 * drafts or scheduled mail, so those types (and the Accounts-wide `all_contacts_…`) list nothing.
 */
export function listEmails(ctx: RequestContext): ApiResponse {
	const parent = requireParent(ctx);
	const type = ctx.query.get('type');
	const emails = ctx.store.emails
		.filter((email) => email.recordId === parent.id && (!type || email.type === type))
		.sort((a, b) => b.sentAt - a.sentAt);
	const indexRaw = ctx.query.get('index') ?? '0';
	const index = Number(indexRaw);
	if (!Number.isInteger(index) || index < 0) invalidParam('index');
	const slice = emails.slice(index, index + EMAILS_PER_CALL);
	if (slice.length === 0) return { status: 204 };
	const more = index + EMAILS_PER_CALL < emails.length;
	return {
		status: 200,
		body: {
			Emails: slice.map((email) => renderEmail(ctx, email, false)),
			info: {
				per_page: EMAILS_PER_CALL,
				next_index: more ? String(index + EMAILS_PER_CALL) : null,
				prev_index: index > 0 ? String(Math.max(0, index - EMAILS_PER_CALL)) : null,
				count: slice.length,
				more_records: more,
			},
		},
	};
}

export function getEmail(ctx: RequestContext): ApiResponse {
	const parent = requireParent(ctx);
	// `owner_id` names the user who sent or associated the e-mail; another user's id finds nothing.
	const ownerId = ctx.query.get('owner_id');
	const email = ctx.store.emails.find(
		(candidate) => candidate.recordId === parent.id && candidate.messageId === ctx.params.messageId && (!ownerId || candidate.ownerId === ownerId),
	);
	if (!email) return { status: 204 };
	return {
		status: 200,
		body: { Emails: [renderEmail(ctx, email, true)], info: { per_page: 1, next_index: null, prev_index: null, count: 1, more_records: false } },
	};
}

// ---------------------------------------------------------------------------------------------
// Sending mail from a record

interface FromAddress {
	email: string;
	user_name: string;
	type: 'primary' | 'org_email';
}

/** The addresses the token's user may send from: their own, then the org's shared addresses. */
function fromAddresses(ctx: RequestContext): FromAddress[] {
	return [
		{ email: ctx.user.email, user_name: ctx.user.fullName, type: 'primary' },
		...ctx.store.orgEmails.map((address) => ({ email: address.email, user_name: address.userName, type: 'org_email' as const })),
	];
}

/** GET /settings/emails/actions/from_addresses (from_addresses.json). */
export function listFromAddresses(ctx: RequestContext): ApiResponse {
	return {
		status: 200,
		body: {
			from_addresses: fromAddresses(ctx).map((address, index) => ({
				email: address.email,
				type: address.type,
				id: moduleIdFor(`from.${address.email}`),
				user_name: address.user_name,
				default: index === 0,
			})),
		},
	};
}

/**
 * POST /{module}/{id}/actions/send_mail (send_mail.json): the token's user sends mail from a
 * record. Zoho's from-address rules: `from` is the user's own address or, with `org_email: true`,
 * one of the org's shared addresses (GET from_addresses lists both); another user's address is
 * refused. The mail is then listed under the record's Emails as `sent_from_crm`, owned by the user,
 * and the record's Last_Activity_Time moves. Templates, attachments and scheduling are not
 * modelled and are refused.
 */
export function sendMail(ctx: RequestContext): ApiResponse {
	const parent = requireParent(ctx);
	const module = ctx.store.module(parent.module)!;
	if (!module.custom && !SEND_MAIL_MODULES.includes(module.apiName)) invalidModule();
	const items = (ctx.body as { data?: unknown } | undefined)?.data;
	if (!Array.isArray(items) || items.length !== 1) {
		fail(400, 'MANDATORY_NOT_FOUND', 'required field not found', { api_name: 'data', json_path: '$.data' });
	}
	const item = items[0] as Record<string, unknown>;
	const at = (name: string) => ({ api_name: name, json_path: `$.data[0].${name}` });
	const refuse = (name: string): ApiResponse => ({ status: 400, body: { data: [zohoError('INVALID_DATA', 'invalid data', at(name))] } });
	const from = item.from as Address | undefined;
	if (typeof from?.email !== 'string') fail(400, 'MANDATORY_NOT_FOUND', 'required field not found', at('from'));
	const to = addresses(item.to);
	if (to.length === 0) fail(400, 'MANDATORY_NOT_FOUND', 'required field not found', at('to'));
	const orgEmail = item.org_email === true;
	const allowed = fromAddresses(ctx).some((address) => address.email.toLowerCase() === from.email.toLowerCase() && (address.type === 'org_email') === orgEmail);
	if (!allowed) return refuse('from');
	for (const name of ['to', 'cc', 'bcc'] as const) {
		if (addresses(item[name]).some((address) => !EMAIL_PATTERN.test(address.email))) return refuse(name);
	}
	for (const name of ['template', 'attachments', 'scheduled_time', 'inventory_details']) {
		if (item[name] !== undefined && item[name] !== null) return refuse(name);
	}
	const sent = ctx.store.sendFromRecord(parent, {
		from: { user_name: from.user_name ?? from.email, email: from.email },
		to,
		...mailParts(item),
		ownerId: ctx.user.id,
	});
	return {
		status: 200,
		body: {
			data: [
				{
					code: 'SUCCESS',
					details: { message_id: sent.messageId, blocked_email_addresses: [] },
					message: 'Your mail has been sent successfully.',
					status: 'success',
				},
			],
		},
	};
}
