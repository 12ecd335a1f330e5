import type { IDataObject } from 'n8n-workflow';

import {
	coqlQueryAll,
	getAllByPageNumber,
	getAllByPageToken,
	getAllEmails,
	hasLimitClause,
	pageSizeFor,
	withLimitClause,
} from '../../../nodes/ZohoCrm/transport/paging';
import { nodeContext } from '../../support/nodeContext';
import { bodyOf, fakeZohoCredentials, fakeZohoHelpers } from '../../support/zohoFake';

const records = (from: number, count: number): IDataObject[] =>
	Array.from({ length: count }, (_, index) => ({ id: String(from + index) }));

function context(answer: Parameters<typeof fakeZohoHelpers>[0]) {
	const fake = fakeZohoHelpers(answer);
	return { fake, ctx: nodeContext({ parameters: {}, credentials: fakeZohoCredentials, helpers: fake.helpers }) };
}

describe('paging math', () => {
	it('asks for at most 200 per page and never more than the limit', () => {
		expect(pageSizeFor(undefined)).toBe(200);
		expect(pageSizeFor(50)).toBe(50);
		expect(pageSizeFor(5000)).toBe(200);
		expect(pageSizeFor(0)).toBe(1);
	});

	it('recognises and appends COQL LIMIT clauses', () => {
		expect(hasLimitClause('select id from Contacts limit 10')).toBe(true);
		expect(hasLimitClause('select id from Contacts limit 0, 2000;')).toBe(true);
		expect(hasLimitClause('select id from Contacts limit 200 offset 400')).toBe(true);
		expect(hasLimitClause("select id from Contacts where Last_Name = 'limit 5x'")).toBe(false);
		expect(withLimitClause('select id from Contacts;', 2000, 2000)).toBe('select id from Contacts limit 2000, 2000');
	});
});

describe('paged reads', () => {
	it('follows page tokens past 2,000 records with the same page size', async () => {
		const total = 2150;
		const { fake, ctx } = context((request) => {
			const token = request.qs?.page_token as string | undefined;
			const from = token ? Number(token) : 0;
			const page = records(from, Math.min(200, total - from));
			const next = from + page.length;
			return { body: { data: page, info: { more_records: next < total, next_page_token: next < total ? String(next) : null } } };
		});
		const all = await getAllByPageToken.call(ctx, { method: 'GET', path: '/Contacts', qs: { fields: 'id' } });
		expect(all).toHaveLength(total);
		expect(new Set(all.map((record) => record.id)).size).toBe(total);
		expect(fake.requests).toHaveLength(11);
		expect(fake.requests.every((request) => request.qs?.per_page === 200 && request.qs?.page === undefined)).toBe(true);
	});

	it('stops at the limit', async () => {
		const { fake, ctx } = context((request) => ({
			body: { data: records(0, Number(request.qs?.per_page)), info: { more_records: true, next_page_token: 't' } },
		}));
		expect(await getAllByPageToken.call(ctx, { method: 'GET', path: '/Contacts' }, 30)).toHaveLength(30);
		expect(fake.requests).toHaveLength(1);
	});

	it('pages by number up to the 2,000-record ceiling of search', async () => {
		const { fake, ctx } = context((request) => ({
			body: { data: records(Number(request.qs?.page) * 200, 200), info: { more_records: true } },
		}));
		const found = await getAllByPageNumber.call(ctx, { method: 'GET', path: '/Contacts/search' }, 'data', undefined, 2000);
		expect(found).toHaveLength(2000);
		expect(fake.requests.map((request) => request.qs?.page)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
	});

	it('pages a COQL query with LIMIT offset, count until Zoho has no more', async () => {
		const { fake, ctx } = context((request) => {
			const [, offset, count] = /limit (\d+), (\d+)$/.exec(String(bodyOf(request).select_query))!.map(Number);
			const rows = records(offset, Math.min(count, 4500 - offset));
			return { body: { data: rows, info: { count: rows.length, more_records: offset + rows.length < 4500 } } };
		});
		const rows = await coqlQueryAll.call(ctx, 'select id from Contacts', {});
		expect(rows).toHaveLength(4500);
		expect(fake.requests.map((request) => bodyOf(request).select_query)).toEqual([
			'select id from Contacts limit 0, 2000',
			'select id from Contacts limit 2000, 2000',
			'select id from Contacts limit 4000, 2000',
		]);
	});

	it('runs a COQL query that has its own LIMIT once, as written', async () => {
		const { fake, ctx } = context(() => ({ body: { data: records(0, 5), info: { more_records: true } } }));
		expect(await coqlQueryAll.call(ctx, 'select id from Contacts limit 5', {})).toHaveLength(5);
		expect(bodyOf(fake.requests[0]).select_query).toBe('select id from Contacts limit 5');
	});

	it('follows the emails index', async () => {
		const { fake, ctx } = context((request) => {
			const index = Number(request.qs?.index ?? 0);
			return { body: { Emails: records(index, 10), info: { more_records: index < 20, next_index: String(index + 10) } } };
		});
		expect(await getAllEmails.call(ctx, { method: 'GET', path: '/Contacts/1/Emails' })).toHaveLength(30);
		expect(fake.requests.map((request) => request.qs?.index)).toEqual([undefined, '10', '20']);
	});
});
