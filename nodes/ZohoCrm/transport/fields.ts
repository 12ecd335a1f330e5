/**
 * Which fields a read asks for. Zoho names at most 50 fields per list request, and a real org's
 * modules have more (Contacts in a new org: about 60, plus custom fields such as the sync's
 * links). A read therefore goes in field sets of at most 50, each read the same way (the same
 * list, or the same ids), merged by id, so no field is ever silently left out.
 */
import type { IDataObject } from 'n8n-workflow';

import { chunk } from './batching';
import type { ZohoApiUsage, ZohoContext, ZohoRequest } from './index';
import { zohoApiRequest } from './index';

/** Zoho lists at most 50 fields per request. */
export const MAX_FIELDS_PER_REQUEST = 50;
/** Ids one read by id takes (`GET /{module}?ids=`). */
export const MAX_IDS_PER_READ = 100;
/** Every set carries it when there are several, so a record edited between the reads is noticed. */
const VERSION_FIELD = 'Modified_Time';

type ReadRequest = Pick<ZohoRequest, 'itemIndex' | 'usage'>;

/** API names of a module's fields from its metadata. */
export async function moduleFieldNames(this: ZohoContext, module: string, usage?: ZohoApiUsage): Promise<string[]> {
	const { body } = await zohoApiRequest.call(this, { method: 'GET', path: '/settings/fields', qs: { module }, usage });
	return ((body.fields as IDataObject[] | undefined) ?? []).map((field) => String(field.api_name));
}

/**
 * The field sets to read: the given fields, else every field of the module, in sets of at most
 * 50. When there is more than one set, each carries Modified_Time.
 */
export async function fieldSetsToRead(this: ZohoContext, module: string, given: string[], usage?: ZohoApiUsage): Promise<string[][]> {
	const names = [...new Set(given.length > 0 ? given : await moduleFieldNames.call(this, module, usage))].filter((name) => name !== 'id');
	if (names.length <= MAX_FIELDS_PER_REQUEST) return [names];
	const others = names.filter((name) => name !== VERSION_FIELD);
	return chunk(others, MAX_FIELDS_PER_REQUEST - 1).map((set) => [...set, VERSION_FIELD]);
}

/**
 * Reads records in every field set and merges them by id. `read(fields, ids)` reads one set: the
 * first set for every record the read finds (ids undefined), the others for the ids found. A
 * record a further read misses or finds in another version (edited or deleted between the reads)
 * is read again whole by id (Zoho's read by id has no field limit), or left out when it is gone,
 * so no answer mixes two versions of a record.
 */
export async function readInFieldSets(
	this: ZohoContext,
	module: string,
	sets: string[][],
	read: (fields: string[], ids: string[] | undefined) => Promise<IDataObject[]>,
	request: ReadRequest = {},
): Promise<IDataObject[]> {
	const [first, ...others] = sets;
	const records = await read(first, undefined);
	if (others.length === 0 || records.length === 0) return records;
	const byId = new Map<string, IDataObject>(records.map((record) => [String(record.id), { ...record }]));
	const changed = new Set<string>();
	const ids = [...byId.keys()];
	for (const fields of others) {
		const found = new Map((await read(fields, ids)).map((record) => [String(record.id), record]));
		for (const id of ids) {
			const more = found.get(id);
			const record = byId.get(id)!;
			if (!more || more[VERSION_FIELD] !== record[VERSION_FIELD]) changed.add(id);
			else Object.assign(record, more);
		}
	}
	const wanted = new Set(['id', ...sets.flat()]);
	for (const id of changed) {
		const { body } = await zohoApiRequest.call(this, { ...request, method: 'GET', path: `/${module}/${encodeURIComponent(id)}` });
		const fresh = Array.isArray(body.data) ? (body.data as IDataObject[])[0] : undefined;
		if (fresh) byId.set(id, Object.fromEntries(Object.entries(fresh).filter(([name]) => wanted.has(name))));
		else byId.delete(id);
	}
	return records.flatMap((record) => {
		const complete = byId.get(String(record.id));
		return complete ? [complete] : [];
	});
}

/** Records of a module by id with every field of the given sets: one call per 100 ids and set. */
export async function getRecordsByIds(this: ZohoContext, module: string, ids: string[], sets: string[][], request: ReadRequest = {}): Promise<IDataObject[]> {
	const readByIds = async (fields: string[], wanted: string[] | undefined) => {
		const records: IDataObject[] = [];
		for (const part of chunk(wanted ?? ids, MAX_IDS_PER_READ)) {
			const { body } = await zohoApiRequest.call(this, { ...request, method: 'GET', path: `/${module}`, qs: { ids: part.join(','), fields: fields.join(',') } });
			if (Array.isArray(body.data)) records.push(...(body.data as IDataObject[]));
		}
		return records;
	};
	return readInFieldSets.call(this, module, sets, readByIds, request);
}
