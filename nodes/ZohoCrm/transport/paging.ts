/**
 * Reading everything: Zoho pages records 200 at a time. Page numbers reach only the first 2,000
 * records, so lists go by `page_token`; search, deleted records and users go by page number;
 * COQL by `LIMIT offset, count`; a record's emails by `index`.
 */
import type { IDataObject } from 'n8n-workflow';

import type { ZohoContext, ZohoRequest } from './index';
import { zohoApiRequest } from './index';

export const MAX_PER_PAGE = 200;
/** Page-number paging ends here (`DISCRETE_PAGINATION_LIMIT_EXCEEDED`, search `LIMIT_REACHED`). */
export const MAX_PAGE_NUMBER_RECORDS = 2000;
export const COQL_MAX_ROWS_PER_CALL = 2000;
/** COQL reaches at most this many rows through LIMIT/OFFSET. */
export const COQL_MAX_ROWS = 100_000;
/** COQL's `in (…)` takes at most this many values. */
export const COQL_MAX_IN_VALUES = 50;

/**
 * Records per page for a read that wants `limit` records (all when undefined). It stays the
 * same for every page: Zoho binds a page_token to the query it was issued for.
 */
export function pageSizeFor(limit: number | undefined, max = MAX_PER_PAGE): number {
	return limit === undefined ? max : Math.max(1, Math.min(max, limit));
}

function reachedLimit(count: number, limit: number | undefined): boolean {
	return limit !== undefined && count >= limit;
}

function takeUpTo(records: IDataObject[], limit: number | undefined): IDataObject[] {
	return limit === undefined ? records : records.slice(0, limit);
}

function listIn(body: IDataObject, key: string): IDataObject[] {
	const list = body[key];
	return Array.isArray(list) ? (list as IDataObject[]) : [];
}

function infoOf(body: IDataObject): IDataObject {
	return (body.info as IDataObject | undefined) ?? {};
}

/** GET a module's records, following `info.next_page_token` past 2,000 records. */
export async function getAllByPageToken(
	this: ZohoContext,
	request: ZohoRequest,
	limit?: number,
): Promise<IDataObject[]> {
	const records: IDataObject[] = [];
	const perPage = pageSizeFor(limit);
	let pageToken: string | undefined;
	do {
		const qs = { ...request.qs, per_page: perPage, ...(pageToken ? { page_token: pageToken } : {}) };
		const { body } = await zohoApiRequest.call(this, { ...request, qs });
		records.push(...listIn(body, 'data'));
		const info = infoOf(body);
		pageToken = info.more_records === true && typeof info.next_page_token === 'string' ? info.next_page_token : undefined;
	} while (pageToken && !reachedLimit(records.length, limit));
	return takeUpTo(records, limit);
}

/** GET by page number (search, deleted records, users, notes): `dataKey` names the list. */
export async function getAllByPageNumber(
	this: ZohoContext,
	request: ZohoRequest,
	dataKey: string,
	limit?: number,
	maxRecords = Number.POSITIVE_INFINITY,
): Promise<IDataObject[]> {
	const records: IDataObject[] = [];
	const perPage = pageSizeFor(limit);
	for (let page = 1; ; page++) {
		const { body } = await zohoApiRequest.call(this, { ...request, qs: { ...request.qs, page, per_page: perPage } });
		const list = listIn(body, dataKey);
		records.push(...list);
		const more = infoOf(body).more_records === true && list.length > 0;
		if (!more || reachedLimit(records.length, limit) || page * perPage >= maxRecords) break;
	}
	return takeUpTo(records, limit);
}

/** True when a COQL query has its own LIMIT clause (then it runs once, as written). */
export function hasLimitClause(query: string): boolean {
	return /\blimit\s+\d+(\s*,\s*\d+|\s+offset\s+\d+)?\s*;?\s*$/i.test(query.trim());
}

/** The query with `limit offset, count` appended. */
export function withLimitClause(query: string, offset: number, count: number): string {
	return `${query.trim().replace(/;\s*$/, '')} limit ${offset}, ${count}`;
}

/** A COQL string literal. */
export const coqlText = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** Runs a COQL query, paging with LIMIT offset, count (2,000 rows a call) up to 100,000 rows. */
export async function coqlQueryAll(
	this: ZohoContext,
	query: string,
	request: Omit<ZohoRequest, 'method' | 'path' | 'body'>,
	limit?: number,
): Promise<IDataObject[]> {
	const run = async (selectQuery: string) =>
		(await zohoApiRequest.call(this, { ...request, method: 'POST', path: '/coql', body: { select_query: selectQuery } })).body;
	if (hasLimitClause(query)) return takeUpTo(listIn(await run(query), 'data'), limit);
	const rows: IDataObject[] = [];
	const wanted = Math.min(limit ?? COQL_MAX_ROWS, COQL_MAX_ROWS);
	while (rows.length < wanted) {
		const count = Math.min(COQL_MAX_ROWS_PER_CALL, wanted - rows.length);
		const body = await run(withLimitClause(query, rows.length, count));
		const page = listIn(body, 'data');
		rows.push(...page);
		if (infoOf(body).more_records !== true || page.length === 0) break;
	}
	return rows;
}

/** A record's emails, 10 per call, following `info.next_index`. */
export async function getAllEmails(
	this: ZohoContext,
	request: ZohoRequest,
	limit?: number,
): Promise<IDataObject[]> {
	const emails: IDataObject[] = [];
	let index: string | undefined;
	do {
		const { body } = await zohoApiRequest.call(this, { ...request, qs: { ...request.qs, ...(index ? { index } : {}) } });
		emails.push(...listIn(body, 'Emails'));
		const info = infoOf(body);
		index = info.more_records === true && info.next_index !== undefined && info.next_index !== null ? String(info.next_index) : undefined;
	} while (index !== undefined && !reachedLimit(emails.length, limit));
	return takeUpTo(emails, limit);
}
