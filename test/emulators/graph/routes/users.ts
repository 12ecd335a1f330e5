/** Users (the directory, minimal) and their mailbox settings. */
import { DEMO_ZOHO } from '../../demo/world';
import type { Mailbox } from '../../exchange/store';
import { windowsZone } from '../../exchange/timezones';
import type { GraphFront } from '../front';
import { filterProperties, matchesFilter } from '../odata/filter';
import { parseQuery } from '../odata/query';
import { PERMISSIONS } from '../permissions';
import { selectFields } from '../resources/common';
import { userObjectId } from '../resources/ids';
import { badRequest } from '../errors';
import type { RouteContext } from '../router';

const USER_TYPE = 'microsoft.graph.user';

/** Each demo user's time zone (the same as their CRM user's); other mailboxes are on UTC. */
export function mailboxZone(smtp: string): string {
	return DEMO_ZOHO.users.find((user) => user.email === smtp)?.timeZone ?? 'UTC';
}

export function userJson(mailbox: Mailbox) {
	const [givenName, ...rest] = mailbox.displayName.split(' ');
	return {
		id: userObjectId(mailbox.smtp),
		businessPhones: [] as string[],
		displayName: mailbox.displayName,
		givenName: rest.length > 0 ? givenName : null,
		jobTitle: null,
		mail: mailbox.smtp,
		mobilePhone: null,
		officeLocation: null,
		preferredLanguage: 'en-US',
		surname: rest.length > 0 ? rest.join(' ') : null,
		userPrincipalName: mailbox.smtp,
	};
}

/** Every mailbox's working hours (Monday to Friday, 08:00–17:00 in its zone, a Windows name). */
export function workingHours(zone: string) {
	return { daysOfWeek: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], startTime: '08:00:00.0000000', endTime: '17:00:00.0000000', timeZone: { name: zone } };
}

export function registerUserRoutes(front: GraphFront): void {
	const { router, store, model } = front;
	router.add('GET', 'users', 'users.list', PERMISSIONS.usersRead, (context: RouteContext) => {
		const options = parseQuery(model, USER_TYPE, context.query);
		for (const name of options.filter ? filterProperties(options.filter) : []) {
			if (!model.property(USER_TYPE, name)) throw badRequest(`Could not find a property named '${name}' on type '${USER_TYPE}'.`);
		}
		const users = [...store.mailboxes.values()].map(userJson).filter((user) => !options.filter || matchesFilter(options.filter, { get: (name) => (user as Record<string, unknown>)[name] }));
		const page = users.slice(options.skip, options.skip + (options.top ?? 100));
		return {
			status: 200,
			body: { '@odata.context': context.link('$metadata#users'), value: page.map((user) => selectFields(user, options.select)) },
			shape: { collection: USER_TYPE },
		};
	});
	router.add('GET', 'users/{user}', 'users.get', PERMISSIONS.usersRead, (context) => {
		const options = parseQuery(model, USER_TYPE, context.query);
		return { status: 200, body: { '@odata.context': context.link('$metadata#users/$entity'), ...selectFields(userJson(context.mailbox), options.select) }, shape: { entity: USER_TYPE } };
	});
	router.add('GET', 'users/{user}/mailboxSettings', 'mailboxSettings.get', PERMISSIONS.mailboxSettingsRead, (context) => {
		const zone = windowsZone(mailboxZone(context.mailbox.smtp));
		return {
			status: 200,
			body: {
				'@odata.context': context.link(`$metadata#users('${encodeURIComponent(context.mailbox.smtp)}')/mailboxSettings`),
				archiveFolder: '',
				timeZone: zone,
				dateFormat: 'yyyy-MM-dd',
				timeFormat: 'HH:mm',
				userPurpose: 'user',
				delegateMeetingMessageDeliveryOptions: 'sendToDelegateOnly',
				language: { locale: 'en-US', displayName: 'English (United States)' },
				workingHours: workingHours(zone),
			},
			shape: { entity: 'microsoft.graph.mailboxSettings' },
		};
	});
}
