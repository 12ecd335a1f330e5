/**
 * JSON batching (POST /v1.0/$batch): at most 20 requests, each answered on its own (status,
 * headers, body) and throttled on its own; `dependsOn` orders them and a request whose
 * dependency failed answers 424. Independent requests run 4 at a time, as Graph runs Outlook
 * requests of a batch, so each one holds a place in the mailbox's concurrency limit while it runs.
 */
import { errorResponse, type GraphResponse } from './errors';
import { TransportFault, type GraphFront } from './front';
import type { GraphCall } from './router';

export const MAX_BATCH_REQUESTS = 20;
const PARALLEL = 4;

interface BatchRequest {
	id: string;
	method: string;
	url: string;
	headers?: Record<string, string>;
	body?: unknown;
	dependsOn?: string[];
}

export async function runBatch(front: GraphFront, call: GraphCall): Promise<GraphResponse | TransportFault> {
	front.count('$batch');
	const fail = (message: string) => errorResponse(400, 'BadRequest', message, call.requestId);
	const requests = (call.body as { requests?: unknown } | undefined)?.requests;
	if (!Array.isArray(requests)) return fail('Invalid batch payload format: the body needs a "requests" array.');
	if (requests.length > MAX_BATCH_REQUESTS) return fail(`The number of requests in a batch exceeds the limit of ${MAX_BATCH_REQUESTS}.`);
	const ids = new Set<string>();
	for (const request of requests as BatchRequest[]) {
		if (typeof request?.id !== 'string' || !request.id || typeof request.method !== 'string' || typeof request.url !== 'string') return fail('Each batch request needs an id, a method and a url.');
		if (ids.has(request.id)) return fail(`Batch request ids must be unique: '${request.id}' appears twice.`);
		for (const dependency of request.dependsOn ?? []) if (!ids.has(dependency)) return fail(`Request '${request.id}' depends on '${dependency}', which is not an earlier request of the batch.`);
		ids.add(request.id);
	}
	const faulted = await front.batchFault(call);
	if (faulted) return faulted;

	let running = 0;
	const waiting: Array<() => void> = [];
	const slot = async () => {
		if (running >= PARALLEL) await new Promise<void>((resolve) => waiting.push(resolve));
		running++;
	};
	const freeSlot = () => {
		running--;
		waiting.shift()?.();
	};
	const outcomes = new Map<string, Promise<GraphResponse | TransportFault>>();
	for (const request of requests as BatchRequest[]) {
		const dependencies = (request.dependsOn ?? []).map((id) => outcomes.get(id)!);
		outcomes.set(
			request.id,
			(async () => {
				const results = await Promise.all(dependencies);
				if (results.some((result) => result instanceof TransportFault || result.status >= 400)) {
					return errorResponse(424, 'FailedDependency', 'The request depends on a request of the batch that failed.', call.requestId);
				}
				const headers = Object.fromEntries(Object.entries(request.headers ?? {}).map(([name, value]) => [name.toLowerCase(), String(value)]));
				if (request.body !== undefined && !headers['content-type']) {
					return errorResponse(400, 'BadRequest', 'A batch request with a body needs a Content-Type header.', call.requestId);
				}
				// Relative to /v1.0; a client may also give the version (`/v1.0/users/…`) or a whole URL.
				const url = request.url.replace(/^https?:\/\/[^/]+/i, '').replace(/^\/?v1\.0(?=\/)/i, '');
				await slot();
				try {
					return await front.dispatch({
						...call,
						method: request.method.toUpperCase(),
						url: url.startsWith('/') ? url : `/${url}`,
						// The batch's own Authorization stands for every request in it.
						headers: { ...headers, authorization: call.headers.authorization },
						body: request.body,
						inBatch: true,
					});
				} finally {
					freeSlot();
				}
			})(),
		);
	}
	const responses = [];
	for (const request of requests as BatchRequest[]) {
		const result = await outcomes.get(request.id)!;
		if (result instanceof TransportFault) return result;
		const headers: Record<string, string> = { ...(result.headers ?? {}) };
		if (result.body !== undefined) headers['Content-Type'] = 'application/json';
		responses.push({ id: request.id, status: result.status, headers, ...(result.body !== undefined ? { body: result.body } : {}) });
	}
	return { status: 200, body: { responses }, shape: { free: true } };
}
