/**
 * The org-level APIs: the organization (org.json), users (users.json) and notification channels
 * (notifications.json).
 */
import { DateTime } from 'luxon';
import { intParam, type RequestContext } from './context';
import { fail, invalidId, invalidParam, requiredParam, zohoError, type ApiResponse, type ZohoError } from './errors';
import { ORG_ID_PREFIX } from './metadata';
import type { WatchChannel } from './notifications';
import { formatDateTime, isZohoError } from './records';
import type { ZohoUser } from './store';

// ---------------------------------------------------------------------------------------------
// Organization

/** The demo org's company details; its id, zgid and primary user follow from the store. */
export const ORG = {
	id: `${ORG_ID_PREFIX}000000001`,
	/** Zoho's group id of the org; Zoho's SDKs key their token store by `<user email>:<zgid>`. */
	zgid: '20054712',
	companyName: 'Example Test Ltd',
	domainName: 'org20054712',
};

/** GET /org: the organization of the token's user (org.json `Org`). */
export function getOrg(ctx: RequestContext): ApiResponse {
	const admin = ctx.store.users.find((user) => user.admin) ?? ctx.user;
	const paidUntil = DateTime.fromMillis(ctx.store.now(), { zone: ctx.user.timeZone }).plus({ years: 1 }).startOf('day');
	return {
		status: 200,
		body: {
			org: [
				{
					id: ORG.id,
					zgid: ORG.zgid,
					ezgid: ORG.zgid,
					zia_zgid: Number(ORG.zgid),
					primary_zuid: admin.id,
					primary_email: admin.email,
					company_name: ORG.companyName,
					domain_name: ORG.domainName,
					alias: null,
					type: 'Production',
					description: null,
					street: null,
					city: null,
					state: null,
					zip: null,
					country: 'Germany',
					country_code: 'DE',
					phone: '',
					mobile: null,
					fax: null,
					website: '',
					employee_count: '4',
					photo_id: null,
					currency: 'Euro - EUR',
					currency_symbol: '€',
					currency_locale: 'de_DE',
					iso_code: 'EUR',
					mc_status: false,
					time_zone: admin.timeZone,
					gapps_enabled: false,
					translation_enabled: false,
					privacy_settings: false,
					hipaa_compliance_enabled: false,
					lite_users_enabled: false,
					deletable_org_account: false,
					oauth_presence: false,
					call_icon: 'enabled',
					zia_portal_id: null,
					max_per_page: 200,
					created_time: formatDateTime(admin.createdAt, ctx.user.timeZone),
					license_details: {
						paid: true,
						paid_type: 'enterprise',
						paid_expiry: paidUntil.toISO({ suppressMilliseconds: true }),
						users_license_purchased: ctx.store.users.length,
						trial_type: null,
						trial_expiry: null,
						trial_action: '',
					},
					hierarchy_preferences: { type: 'Role_Hierarchy', strictly_reporting: false },
					checkin_preferences: { restricted_event_types: null },
				},
			],
		},
	};
}

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

/** GET /users/{id}: one user. */
export function getUser(ctx: RequestContext): ApiResponse {
	const user = ctx.store.user(ctx.params.user) ?? invalidId(ctx.params.user);
	return { status: 200, body: { users: [renderUser(ctx, user)], info: { per_page: 1, count: 1, page: 1, more_records: false } } };
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
