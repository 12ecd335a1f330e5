/**
 * Batch writes: Zoho takes up to 100 records per insert/update/upsert/delete call and answers
 * with one result per record, in the order sent. Each result goes back to the input item that
 * supplied the record, so one rejected record fails only its own item.
 */
import type { IDataObject, IHttpRequestMethods, INode } from 'n8n-workflow';
import type { NodeOperationError } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { ZohoErrorBody } from './errors';
import { readHttpFailure, zohoRecordError, zohoRequestError } from './errors';
import type { ZohoApiUsage, ZohoContext } from './index';
import { zohoApiCall } from './index';

export const MAX_RECORDS_PER_WRITE = 100;

/** One record to write, and the input item it came from. */
export interface WriteEntry {
	itemIndex: number;
	record: IDataObject;
}

/** The outcome for one input item: Zoho's result for its record, or the error. */
export interface WriteOutcome {
	itemIndex: number;
	json?: IDataObject;
	error?: NodeApiError | NodeOperationError;
}

export function chunk<T>(list: T[], size = MAX_RECORDS_PER_WRITE): T[][] {
	const chunks: T[][] = [];
	for (let start = 0; start < list.length; start += size) chunks.push(list.slice(start, start + size));
	return chunks;
}

/** Output for a record Zoho accepted: its id, what Zoho did, and Zoho's details. */
export function successJson(result: IDataObject): IDataObject {
	const details = (result.details as IDataObject | undefined) ?? {};
	return {
		id: details.id,
		status: result.status,
		code: result.code,
		message: result.message,
		...(result.action !== undefined ? { action: result.action } : {}),
		...(result.duplicate_field !== undefined ? { duplicate_field: result.duplicate_field } : {}),
		details,
	};
}

/**
 * Pairs the per-record results of one call with the entries sent, by position. A missing
 * result (a malformed answer) fails its item rather than shifting the others.
 */
export function mapRecordResults(node: INode, entries: WriteEntry[], results: unknown[]): WriteOutcome[] {
	return entries.map((entry, position) => {
		const result = results[position] as IDataObject | undefined;
		if (result && result.status === 'success') return { itemIndex: entry.itemIndex, json: successJson(result) };
		const error: ZohoErrorBody =
			result && typeof result.code === 'string'
				? (result as ZohoErrorBody)
				: { code: 'NO_RESULT', message: 'Zoho CRM returned no result for this record' };
		return { itemIndex: entry.itemIndex, error: zohoRecordError(node, error, entry.itemIndex) };
	});
}

/** The same failure for every entry of a call that failed as a whole. */
function failEach(node: INode, entries: WriteEntry[], error: NodeApiError): WriteOutcome[] {
	return entries.map((entry) => {
		const itemError = new NodeApiError(node, { message: error.message }, {
			message: error.message,
			description: error.description ?? undefined,
			httpCode: error.httpCode ?? undefined,
			itemIndex: entry.itemIndex,
		});
		itemError.context.zoho = error.context.zoho;
		return { itemIndex: entry.itemIndex, error: itemError };
	});
}

export interface BatchWrite {
	method: IHttpRequestMethods;
	path: string;
	entries: WriteEntry[];
	/**
	 * Builds the call for one chunk: a body (`{data: records, …}`) for insert/update/upsert, or
	 * a query (`ids=…`) for delete.
	 */
	request: (records: IDataObject[]) => { body?: IDataObject; qs?: IDataObject };
	headers?: Record<string, string>;
	usage?: ZohoApiUsage;
}

/** Sends the entries in chunks of 100 and returns one outcome per entry, in entry order. */
export async function writeInBatches(this: ZohoContext, batch: BatchWrite): Promise<WriteOutcome[]> {
	const node = this.getNode();
	const outcomes: WriteOutcome[] = [];
	for (const entries of chunk(batch.entries)) {
		const { body, qs } = batch.request(entries.map((entry) => entry.record));
		let response;
		try {
			response = await zohoApiCall.call(this, {
				method: batch.method,
				path: batch.path,
				body,
				qs,
				headers: batch.headers,
				usage: batch.usage,
				itemIndex: entries[0].itemIndex,
			});
		} catch (error) {
			const mapped = error instanceof NodeApiError ? error : zohoRequestError(node, readHttpFailure(error));
			outcomes.push(...(await failedCall.call(this, batch, entries, mapped)));
			continue;
		}
		const results = response.body.data;
		// Zoho answers a batch in which every record failed with HTTP 400 and the same per-record list.
		if (Array.isArray(results) && results.length === entries.length) {
			outcomes.push(...mapRecordResults(node, entries, results));
		} else if (response.statusCode >= 400) {
			const failure = { statusCode: response.statusCode, body: response.body, headers: response.headers, message: `HTTP ${response.statusCode}` };
			outcomes.push(...(await failedCall.call(this, batch, entries, zohoRequestError(node, failure))));
		} else {
			outcomes.push(...mapRecordResults(node, entries, Array.isArray(results) ? results : []));
		}
	}
	return outcomes;
}

/**
 * A call that failed as a whole. If-Unmodified-Since refuses a whole call when one of its records
 * changed meanwhile: one call per record then finds it, so only that record fails and the others
 * are written.
 */
async function failedCall(this: ZohoContext, batch: BatchWrite, entries: WriteEntry[], error: NodeApiError): Promise<WriteOutcome[]> {
	if (entries.length > 1 && (error.context.zoho as { code?: string } | undefined)?.code === 'ALREADY_MODIFIED') {
		const outcomes: WriteOutcome[] = [];
		for (const entry of entries) outcomes.push(...(await writeInBatches.call(this, { ...batch, entries: [entry] })));
		return outcomes;
	}
	return failEach(this.getNode(), entries, error);
}
