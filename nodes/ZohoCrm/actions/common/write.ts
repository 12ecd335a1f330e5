/**
 * Create, update, upsert and delete from many items: each item's record is prepared (a bad
 * item fails alone), items that share the call (module, options) are grouped, and each group
 * goes to Zoho 100 records per call.
 */
import type { IDataObject, IExecuteFunctions, IHttpRequestMethods } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { WriteEntry, WriteOutcome } from '../../transport/batching';
import { writeInBatches } from '../../transport/batching';
import type { ZohoApiUsage } from '../../transport';

/** What one item contributes: its record, and the call settings its group shares. */
export interface PreparedWrite {
	record: IDataObject;
	method: IHttpRequestMethods;
	path: string;
	headers: Record<string, string>;
	/** Body fields besides `data` (trigger, duplicate_check_fields), or the delete query. */
	extra: IDataObject;
}

export type PrepareWrite = (this: IExecuteFunctions, itemIndex: number) => PreparedWrite;

/** Zoho's `trigger`: omitted runs every automation (Zoho's default); `[]` runs none. */
export function triggerBody(this: IExecuteFunctions, itemIndex: number): IDataObject {
	return this.getNodeParameter('options.triggerWorkflows', itemIndex, true) ? {} : { trigger: [] };
}

interface Group {
	prepared: PreparedWrite;
	entries: WriteEntry[];
}

export async function writeItems(
	this: IExecuteFunctions,
	itemIndexes: number[],
	usage: ZohoApiUsage,
	prepare: PrepareWrite,
	toRequest: ToRequest,
): Promise<WriteOutcome[]> {
	const outcomes: WriteOutcome[] = [];
	const groups = new Map<string, Group>();
	for (const itemIndex of itemIndexes) {
		let prepared: PreparedWrite;
		try {
			prepared = prepare.call(this, itemIndex);
		} catch (error) {
			const itemError =
				error instanceof NodeOperationError
					? error
					: new NodeOperationError(this.getNode(), error as Error, { itemIndex });
			outcomes.push({ itemIndex, error: itemError });
			continue;
		}
		const key = JSON.stringify([prepared.method, prepared.path, prepared.headers, prepared.extra]);
		const group = groups.get(key) ?? { prepared, entries: [] };
		group.entries.push({ itemIndex, record: prepared.record });
		groups.set(key, group);
	}
	for (const { prepared, entries } of groups.values()) {
		outcomes.push(
			...(await writeInBatches.call(this, {
				method: prepared.method,
				path: prepared.path,
				headers: prepared.headers,
				entries,
				usage,
				request: (records) => toRequest(records, prepared),
			})),
		);
	}
	return outcomes.sort((a, b) => a.itemIndex - b.itemIndex);
}

type ToRequest = (records: IDataObject[], prepared: PreparedWrite) => { body?: IDataObject; qs?: IDataObject };

/** The usual body of a batch write: `{data: records, …extra}`. */
export function dataBody(records: IDataObject[], prepared: PreparedWrite): { body: IDataObject } {
	return { body: { data: records, ...prepared.extra } };
}

/** Ids of the chunk as the `ids` query of a batch delete, with the extra query fields. */
export function idsQuery(records: IDataObject[], prepared: PreparedWrite): { qs: IDataObject } {
	return { qs: { ids: records.map((record) => String(record.id)).join(','), ...prepared.extra } };
}

/** The `execute` of a batch operation that writes what `prepare` makes of each item. */
export function batchWrite(prepare: PrepareWrite, toRequest: ToRequest = dataBody) {
	return async function execute(this: IExecuteFunctions, itemIndexes: number[], usage: ZohoApiUsage): Promise<WriteOutcome[]> {
		return await writeItems.call(this, itemIndexes, usage, prepare, toRequest);
	};
}
