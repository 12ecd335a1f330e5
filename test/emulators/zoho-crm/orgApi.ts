/**
 * The org-level APIs: users (users.json), fields metadata and custom field creation
 * (fields.json), notification channels (notifications.json) and the emails of a record
 * (associate_email.json, email_related_records.json).
 */
import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import { intParam, type RequestContext } from './context';
import { fail, invalidParam, requiredParam, zohoError, type ApiResponse, type ZohoError } from './errors';
import { apiNameFromLabel, moduleIdFor, renderField, type ZohoDataType } from './metadata';
import type { WatchChannel } from './notifications';
import { displayName, formatDateTime, isZohoError } from './records';
import { requireParent } from './recordsApi';
import type { AssociatedEmail, ZohoUser } from './store';

// ---------------------------------------------------------------------------------------------
// Users

const USER_TYPES: Record<string, (user: ZohoUser, current: ZohoUser) => boolean> = {
	AllUsers: () => true,
	ActiveUsers: (user) => user.active,
	DeactiveUsers: (user) => !user.active,
	AdminUsers: (user) => user.admin,
	ActiveConfirmedUsers: (user) => user.active,
	CurrentUser: (user, current) => user.id === current.id,
};

function renderUser(ctx: RequestContext, user: ZohoUser): Record<string, unknown> {
	const [firstName, ...rest] = user.fullName.split(' ');
	const offsetMinutes = DateTime.now().setZone(user.timeZone).offset;
	return {
		id: user.id,
		full_name: user.fullName,
		first_name: firstName,
		last_name: rest.join(' '),
		name: user.fullName,
		email: user.email,
		status: user.active ? 'active' : 'disabled',
		confirm: true,
		role: user.admin ? { name: 'CEO', id: `${user.id.slice(0, 10)}000000631` } : { name: 'Manager', id: `${user.id.slice(0, 10)}000000633` },
		profile: user.admin
			? { name: 'Administrator', id: `${user.id.slice(0, 10)}000000026` }
			: { name: 'Standard', id: `${user.id.slice(0, 10)}000000027` },
		time_zone: user.timeZone,
		offset: offsetMinutes * 60 * 1000,
		time_format: 'HH:mm',
		date_format: 'MMM d, yyyy',
		locale: 'en_US',
		language: 'en_US',
		country_locale: 'en_US',
		created_time: formatDateTime(user.createdAt, ctx.user.timeZone),
		created_by: { name: ctx.store.users[0]?.fullName ?? user.fullName, id: ctx.store.users[0]?.id ?? user.id },
	};
}

export function listUsers(ctx: RequestContext): ApiResponse {
	const type = ctx.query.get('type') ?? 'AllUsers';
	const filter = USER_TYPES[type] ?? invalidParam('type');
	const perPage = intParam(ctx, 'per_page', 200, 200);
	const page = intParam(ctx, 'page', 1);
	let users = ctx.store.users.filter((user) => filter(user, ctx.user));
	const ids = ctx.query.get('ids');
	if (ids) users = users.filter((user) => ids.split(',').includes(user.id));
	const slice = users.slice((page - 1) * perPage, page * perPage);
	if (slice.length === 0) return { status: 204 };
	return {
		status: 200,
		body: {
			users: slice.map((user) => renderUser(ctx, user)),
			info: { per_page: perPage, count: slice.length, page, more_records: page * perPage < users.length },
		},
	};
}

// ---------------------------------------------------------------------------------------------
// Modules and fields

/** GET /settings/modules: the org's modules, with the ids that lookups and Parent_Id name. */
export function listModules(ctx: RequestContext): ApiResponse {
	const modules = [...ctx.store.modules.values()].map((module, index) => ({
		api_name: module.apiName,
		id: module.id,
		module_name: module.pluralLabel,
		singular_label: module.singularLabel,
		plural_label: module.pluralLabel,
		generated_type: module.custom ? 'custom' : 'default',
		api_supported: true,
		creatable: true,
		editable: true,
		deletable: true,
		viewable: true,
		visible: true,
		sequence_number: index + 1,
	}));
	return { status: 200, body: { modules } };
}

function fieldsModule(ctx: RequestContext) {
	const name = ctx.query.get('module') ?? requiredParam('module');
	return ctx.store.module(name) ?? fail(400, 'INVALID_MODULE', 'the module name given seems to be invalid', { param_name: 'module' });
}

export function listFields(ctx: RequestContext): ApiResponse {
	const module = fieldsModule(ctx);
	return { status: 200, body: { fields: module.fields.map((field) => renderField(field, module)) } };
}

const CREATABLE_TYPES: ZohoDataType[] = ['text', 'textarea', 'email', 'phone', 'website', 'picklist', 'multiselectpicklist', 'date', 'datetime', 'integer', 'bigint', 'double', 'currency', 'boolean'];

/** POST /settings/fields?module=: creates custom fields; the API name comes from the label. */
export function createFields(ctx: RequestContext): ApiResponse {
	const module = fieldsModule(ctx);
	const items = (ctx.body as { fields?: unknown }).fields;
	if (!Array.isArray(items) || items.length === 0) {
		fail(400, 'MANDATORY_NOT_FOUND', 'required field not found', { api_name: 'fields', json_path: '$.fields' });
	}
	const results = (items as Array<Record<string, unknown>>).map((item, index): Record<string, unknown> | ZohoError => {
		const at = (name: string) => ({ api_name: name, json_path: `$.fields[${index}].${name}` });
		const label = item.field_label;
		if (typeof label !== 'string' || label.trim() === '') return zohoError('MANDATORY_NOT_FOUND', 'required field not found', at('field_label'));
		const dataType = item.data_type as ZohoDataType;
		if (!CREATABLE_TYPES.includes(dataType)) return zohoError('INVALID_DATA', 'invalid data', at('data_type'));
		const apiName = apiNameFromLabel(label);
		// fields.json declares no DUPLICATE_DATA for this call; a taken API name is invalid data.
		if (!apiName || ctx.store.field(module, apiName)) return zohoError('INVALID_DATA', 'invalid data', at('field_label'));
		const large = (item.textarea as { type?: string } | undefined)?.type === 'large';
		const defaultLength = dataType === 'textarea' ? (large ? 32000 : 2000) : dataType === 'text' ? 255 : 0;
		const picklist = Array.isArray(item.pick_list_values)
			? (item.pick_list_values as Array<{ display_value?: string; actual_value?: string }>).map((v) => v.actual_value ?? v.display_value ?? '')
			: undefined;
		const field = ctx.store.addField(module, {
			apiName,
			label: label.trim(),
			dataType,
			length: typeof item.length === 'number' ? item.length : defaultLength,
			unique: Boolean(item.unique),
			external: Boolean(item.external),
			picklist,
		});
		return { code: 'SUCCESS', details: { id: field.id }, message: 'field created', status: 'success' };
	});
	const failed = results.filter(isZohoError).length;
	return { status: failed === 0 ? 201 : 400, body: { fields: results } };
}

// ---------------------------------------------------------------------------------------------
// Notifications (watch)

function watchItems(ctx: RequestContext): Array<Record<string, unknown>> {
	const items = (ctx.body as { watch?: unknown }).watch;
	if (!Array.isArray(items) || items.length === 0) {
		fail(400, 'MANDATORY_NOT_FOUND', 'required field not found', { api_name: 'watch', json_path: '$.watch' });
	}
	return items as Array<Record<string, unknown>>;
}

function watchAnswer(
	ctx: RequestContext,
	outcomes: Array<WatchChannel | ZohoError>,
	message: string,
	okStatus: number,
	allFailedStatus = 400,
): ApiResponse {
	const results = outcomes.map((outcome) =>
		isZohoError(outcome)
			? outcome
			: { code: 'SUCCESS', details: { events: ctx.notifications.eventDetails(outcome, ctx.user.timeZone) }, message, status: 'success' },
	);
	const failed = outcomes.filter(isZohoError).length;
	return { status: failed === 0 ? okStatus : failed === outcomes.length ? allFailedStatus : 202, body: { watch: results } };
}

export function enableWatch(ctx: RequestContext): ApiResponse {
	const outcomes = watchItems(ctx).map((item, index) => ctx.notifications.subscribe(item, index));
	return watchAnswer(ctx, outcomes, 'Successfully subscribed for actions-watch of the given module', 201);
}

export function replaceWatch(ctx: RequestContext): ApiResponse {
	const outcomes = watchItems(ctx).map((item, index) => ctx.notifications.subscribe(item, index));
	return watchAnswer(ctx, outcomes, 'Successfully updated the subscribe details', 200);
}

export function patchWatch(ctx: RequestContext): ApiResponse {
	const outcomes = watchItems(ctx).map((item, index) => ctx.notifications.patch(item, index));
	return watchAnswer(ctx, outcomes, 'Successfully updated the subscribe details', 200);
}

export function listWatch(ctx: RequestContext): ApiResponse {
	const channelId = ctx.query.get('channel_id');
	const moduleName = ctx.query.get('module');
	const entries = ctx.notifications
		.liveChannels()
		.filter((channel) => !channelId || channel.channelId === channelId)
		.flatMap((channel) => ctx.notifications.describe(channel, ctx.user.timeZone))
		.filter((entry) => !moduleName || String(entry.resource_name).toLowerCase() === moduleName.toLowerCase());
	const perPage = 200;
	const page = intParam(ctx, 'page', 1);
	const slice = entries.slice((page - 1) * perPage, page * perPage);
	if (slice.length === 0) return { status: 204 };
	return { status: 200, body: { watch: slice, info: { per_page: perPage, page, count: slice.length, more_records: page * perPage < entries.length } } };
}

export function disableWatch(ctx: RequestContext): ApiResponse {
	const ids = ctx.query.get('channel_ids') ?? requiredParam('channel_ids');
	const outcomes = ids.split(',').map((id): WatchChannel | ZohoError => {
		const channel = ctx.notifications.liveChannel(id);
		if (!channel) return zohoError('NOT_SUBSCRIBED', 'Not subscribed for actions-watch of the given module', { channel_id: id });
		ctx.notifications.channels.delete(id);
		return channel;
	});
	// Channels Zoho does not know are reported per channel in the watch list (202), not as a request error.
	return watchAnswer(ctx, outcomes, 'Successfully un-subscribed from actions-watch', 200, 202);
}

// ---------------------------------------------------------------------------------------------
// Emails of a record

const EMAILS_PER_CALL = 10;
type Address = { user_name?: string; email: string };

function addresses(value: unknown): Address[] {
	return Array.isArray(value) ? (value as Address[]).filter((entry) => typeof entry?.email === 'string') : [];
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
			cc: addresses(item.cc),
			bcc: addresses(item.bcc),
			subject: typeof item.subject === 'string' ? item.subject : '',
			content: typeof item.content === 'string' ? item.content : '',
			mailFormat: item.mail_format === 'text' ? 'text' : 'html',
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

