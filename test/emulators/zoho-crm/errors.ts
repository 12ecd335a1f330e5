/** Zoho's error objects, as the API answers them (status code plus `{code, details, message, status}`). */

export interface ZohoError {
	code: string;
	details: Record<string, unknown>;
	message: string;
	status: 'error';
}

export interface ApiResponse {
	status: number;
	/** Absent for 204/304. */
	body?: unknown;
	headers?: Record<string, string>;
}

export function zohoError(code: string, message: string, details: Record<string, unknown> = {}): ZohoError {
	return { code, details, message, status: 'error' };
}

/** A request-level failure: answered as-is with its HTTP status. */
export class ZohoApiError extends Error {
	constructor(
		readonly httpStatus: number,
		readonly body: ZohoError,
	) {
		super(`${body.code}: ${body.message}`);
	}
}

export function fail(httpStatus: number, code: string, message: string, details: Record<string, unknown> = {}): never {
	throw new ZohoApiError(httpStatus, zohoError(code, message, details));
}

export const invalidToken = (): ZohoError => zohoError('INVALID_TOKEN', 'invalid oauth token');

export const tooManyRequests = (): ZohoError =>
	zohoError(
		'TOO_MANY_REQUESTS',
		'Number of API requests for the 24 hour period is exceeded or the concurrency limit of the user for the app is exceeded',
	);

export function requiredParam(name: string): never {
	return fail(400, 'REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', { param_name: name });
}

export function invalidParam(name: string, extra: Record<string, unknown> = {}): never {
	return fail(400, 'INVALID_DATA', 'invalid data', { param_name: name, ...extra });
}

export function invalidModule(): never {
	return fail(400, 'INVALID_MODULE', 'The module name given seems to be invalid', { resource_path_index: 0 });
}

export function invalidId(id: string): never {
	return fail(400, 'INVALID_DATA', 'the id given seems to be invalid', { id });
}
