/**
 * The API's routes: method and path → counted operation name, the OAS operation that defines
 * its shapes, its credit cost, whether it is a "heavy" call (Zoho's sub-concurrency of 10), and
 * its handler. Order matters: specific paths come before `/{module}/{id}`.
 */
import type { RequestContext } from './context';
import { runCoql, coqlLimitOf } from './coql';
import type { ApiResponse } from './errors';
import { creditCost } from './limits';
import type { OasOperation } from './oasValidator';
import { associateEmails, getEmail, listEmails, listFromAddresses, sendMail } from './emailsApi';
import { createFields, getField, getModule, listFields, listLayouts, listModules, listRelatedLists } from './metadataApi';
import { disableWatch, enableWatch, getOrg, getUser, listUsers, listWatch, patchWatch, replaceWatch } from './orgApi';
import {
	createRelatedNotes,
	deletedRecords,
	deleteRecordById,
	deleteRecords,
	getRecord,
	insertRecords,
	listRecords,
	relatedRecords,
	updateRecordById,
	updateRecords,
	upsertRecords,
} from './recordsApi';
import { searchRecords } from './search';

export interface Route {
	method: string;
	pattern: RegExp;
	names: string[];
	operation: string;
	oas(params: Record<string, string>): OasOperation;
	cost?(ctx: RequestContext): number;
	heavy?(ctx: RequestContext): boolean;
	handle(ctx: RequestContext): ApiResponse;
}

type RouteSpec = Omit<Route, 'pattern' | 'names' | 'oas'> & { path: string; oas: OasOperation | ((params: Record<string, string>) => OasOperation) };

function route(spec: RouteSpec): Route {
	const names: string[] = [];
	const pattern = new RegExp(
		`^${spec.path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
			names.push(name);
			return '([^/]+)';
		})}/?$`,
	);
	const oas = spec.oas;
	return { ...spec, pattern, names, oas: typeof oas === 'function' ? oas : () => oas };
}

const op = (file: string, path: string, method: OasOperation['method']): OasOperation => ({ file, path, method });
const RECORDS = '/crm/v8/{module_api_name}';
const RECORD = '/crm/v8/{module_api_name}/{id}';
/** Notes have their own OAS file; every other module is a records module. */
const recordsOas = (method: OasOperation['method'], single: boolean) => (params: Record<string, string>) =>
	params.module.toLowerCase() === 'notes'
		? op('notes.json', single ? '/crm/v8/Notes/{id}' : '/crm/v8/Notes', method)
		: op('record.json', single ? RECORD : RECORDS, method);
const recordCount = (ctx: RequestContext) => {
	const data = (ctx.body as { data?: unknown } | undefined)?.data;
	return Array.isArray(data) ? data.length : 1;
};
const writeCost = (operation: string) => (ctx: RequestContext) => creditCost(operation, { records: recordCount(ctx) });
const heavyWrite = (ctx: RequestContext) => recordCount(ctx) > 10;
const watchOas = (method: OasOperation['method']) => op('notifications.json', '/crm/v8/actions/watch', method);

export const ROUTES: Route[] = [
	route({
		method: 'POST',
		path: '/crm/v8/coql',
		operation: 'coql',
		oas: op('coql.json', '/crm/v8/coql', 'post'),
		cost: (ctx) => creditCost('coql', { coqlLimit: coqlLimitOf(ctx) }),
		heavy: () => true,
		handle: runCoql,
	}),
	route({ method: 'GET', path: '/crm/v8/users', operation: 'users', oas: op('users.json', '/crm/v8/users', 'get'), handle: listUsers }),
	route({ method: 'GET', path: '/crm/v8/users/:user', operation: 'users', oas: op('users.json', '/crm/v8/users/{user}', 'get'), handle: getUser }),
	route({ method: 'GET', path: '/crm/v8/org', operation: 'org', oas: op('org.json', '/crm/v8/org', 'get'), handle: getOrg }),
	route({ method: 'GET', path: '/crm/v8/settings/modules', operation: 'modules', oas: op('modules.json', '/crm/v8/settings/modules', 'get'), handle: listModules }),
	route({
		method: 'GET',
		path: '/crm/v8/settings/modules/:apiName',
		operation: 'modules',
		oas: op('modules.json', '/crm/v8/settings/modules/{api_name}', 'get'),
		handle: getModule,
	}),
	route({ method: 'GET', path: '/crm/v8/settings/fields', operation: 'fields', oas: op('fields.json', '/crm/v8/settings/fields', 'get'), handle: listFields }),
	route({ method: 'GET', path: '/crm/v8/settings/fields/:field', operation: 'fields', oas: op('fields.json', '/crm/v8/settings/fields/{field}', 'get'), handle: getField }),
	route({ method: 'POST', path: '/crm/v8/settings/fields', operation: 'fields.create', oas: op('fields.json', '/crm/v8/settings/fields', 'post'), handle: createFields }),
	route({ method: 'GET', path: '/crm/v8/settings/layouts', operation: 'layouts', oas: op('layouts.json', '/crm/v8/settings/layouts', 'get'), handle: listLayouts }),
	route({
		method: 'GET',
		path: '/crm/v8/settings/related_lists',
		operation: 'relatedLists',
		oas: op('related_lists.json', '/crm/v8/settings/related_lists', 'get'),
		handle: listRelatedLists,
	}),
	route({
		method: 'GET',
		path: '/crm/v8/settings/emails/actions/from_addresses',
		operation: 'emails.fromAddresses',
		oas: op('from_addresses.json', '/crm/v8/settings/emails/actions/from_addresses', 'get'),
		handle: listFromAddresses,
	}),
	route({ method: 'POST', path: '/crm/v8/actions/watch', operation: 'watch.enable', oas: watchOas('post'), handle: enableWatch }),
	route({ method: 'PUT', path: '/crm/v8/actions/watch', operation: 'watch.replace', oas: watchOas('put'), handle: replaceWatch }),
	route({ method: 'PATCH', path: '/crm/v8/actions/watch', operation: 'watch.update', oas: watchOas('patch'), handle: patchWatch }),
	route({ method: 'GET', path: '/crm/v8/actions/watch', operation: 'watch.list', oas: watchOas('get'), handle: listWatch }),
	route({ method: 'DELETE', path: '/crm/v8/actions/watch', operation: 'watch.disable', oas: watchOas('delete'), handle: disableWatch }),
	route({ method: 'GET', path: '/crm/v8/:module/search', operation: 'search', oas: op('record.json', '/crm/v8/{module_api_name}/search', 'get'), handle: searchRecords }),
	route({ method: 'GET', path: '/crm/v8/:module/deleted', operation: 'records.deleted', oas: op('record.json', '/crm/v8/{module_api_name}/deleted', 'get'), handle: deletedRecords }),
	route({
		method: 'POST',
		path: '/crm/v8/:module/upsert',
		operation: 'records.upsert',
		oas: op('record.json', '/crm/v8/{module_api_name}/upsert', 'post'),
		cost: writeCost('records.upsert'),
		heavy: heavyWrite,
		handle: upsertRecords,
	}),
	route({
		method: 'POST',
		path: '/crm/v8/:module/:id/actions/associate_email',
		operation: 'emails.associate',
		oas: op('associate_email.json', '/crm/v8/{module}/{recordId}/actions/associate_email', 'post'),
		handle: associateEmails,
	}),
	route({
		method: 'POST',
		path: '/crm/v8/:module/:id/actions/send_mail',
		operation: 'emails.send',
		oas: op('send_mail.json', '/crm/v8/{moduleName}/{id}/actions/send_mail', 'post'),
		handle: sendMail,
	}),
	route({
		method: 'GET',
		path: '/crm/v8/:module/:id/Emails/:messageId',
		operation: 'emails.get',
		oas: op('email_related_records.json', '/crm/v8/{module_name}/{record_id}/Emails/{message_id}', 'get'),
		handle: getEmail,
	}),
	route({
		method: 'GET',
		path: '/crm/v8/:module/:id/Emails',
		operation: 'emails.list',
		oas: op('email_related_records.json', '/crm/v8/{module_name}/{record_id}/Emails', 'get'),
		handle: listEmails,
	}),

	route({
		method: 'POST',
		path: '/crm/v8/:module/:id/Notes',
		operation: 'notes.create',
		oas: op('notes.json', '/crm/v8/Notes', 'post'),
		cost: writeCost('notes.create'),
		handle: createRelatedNotes,
	}),
	route({
		method: 'GET',
		path: '/crm/v8/:module/:id/:relatedList',
		operation: 'records.related',
		oas: op('related_records.json', '/crm/v8/{module_api_name}/{record_id}/{related_list_api_name}', 'get'),
		handle: relatedRecords,
	}),
	route({ method: 'GET', path: '/crm/v8/:module/:id', operation: 'records.get', oas: recordsOas('get', true), handle: getRecord }),
	route({
		method: 'PUT',
		path: '/crm/v8/:module/:id',
		operation: 'records.update',
		oas: recordsOas('put', true),
		cost: writeCost('records.update'),
		handle: updateRecordById,
	}),
	route({ method: 'DELETE', path: '/crm/v8/:module/:id', operation: 'records.delete', oas: recordsOas('delete', true), handle: deleteRecordById }),
	route({
		method: 'GET',
		path: '/crm/v8/:module',
		operation: 'records.list',
		oas: recordsOas('get', false),
		heavy: (ctx) => ctx.query.has('sort_by') || ctx.query.has('cvid'),
		handle: listRecords,
	}),
	route({
		method: 'POST',
		path: '/crm/v8/:module',
		operation: 'records.insert',
		oas: recordsOas('post', false),
		cost: writeCost('records.insert'),
		heavy: heavyWrite,
		handle: (ctx) => insertRecords(ctx),
	}),
	route({
		method: 'PUT',
		path: '/crm/v8/:module',
		operation: 'records.update',
		oas: recordsOas('put', false),
		cost: writeCost('records.update'),
		heavy: heavyWrite,
		handle: updateRecords,
	}),
	route({ method: 'DELETE', path: '/crm/v8/:module', operation: 'records.delete', oas: recordsOas('delete', false), handle: deleteRecords }),
];

export function findRoute(method: string, pathname: string): { route: Route; params: Record<string, string> } | undefined {
	for (const candidate of ROUTES) {
		if (candidate.method !== method) continue;
		const match = candidate.pattern.exec(pathname);
		if (!match) continue;
		const params = Object.fromEntries(candidate.names.map((name, index) => [name, decodeURIComponent(match[index + 1])]));
		return { route: candidate, params };
	}
	return undefined;
}
