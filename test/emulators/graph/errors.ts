/** Graph's error answers: `{"error": {"code", "message", "innerError": {date, request-id, client-request-id}}}`. */
import crypto from 'node:crypto';
import type { BodyShape } from './csdl/validator';

export interface GraphResponse {
	status: number;
	body?: unknown;
	headers?: Record<string, string>;
	/** What the body is, for the CSDL check (JSON bodies only). */
	shape?: BodyShape;
	/** A body that is not JSON (the validation token echo, $value). */
	text?: { contentType: string; content: string | Buffer };
}

/** An error a handler throws; the front answers it in Graph's error shape. */
export class GraphError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		readonly headers: Record<string, string> = {},
	) {
		super(message);
	}
}

export function errorResponse(status: number, code: string, message: string, requestId: string = crypto.randomUUID(), clientRequestId?: string, headers: Record<string, string> = {}): GraphResponse {
	const innerError: Record<string, string> = { date: new Date().toISOString().replace(/\.\d{3}Z$/, ''), 'request-id': requestId };
	if (clientRequestId) innerError['client-request-id'] = clientRequestId;
	return { status, body: { error: { code, message, innerError } }, shape: { error: true }, headers };
}

export const notFound = (what = 'The specified object was not found in the store.') => new GraphError(404, 'ErrorItemNotFound', what);
export const badRequest = (message: string, code = 'BadRequest') => new GraphError(400, code, message);
