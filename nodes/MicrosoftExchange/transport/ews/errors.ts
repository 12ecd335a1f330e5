import { NodeApiError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';
import { ServiceError } from 'ews-javascript-api';
import { NOT_SOAP_ANSWER } from './guardedXhr';

/**
 * What went wrong in an EWS call, independent of how the client reported it. The client's
 * exceptions are not `Error`s (they extend its own `Exception` class), and network failures,
 * SOAP faults and per-item errors each come in a different shape; this is the one shape the rest
 * of the node works with.
 */
export interface EwsFailure {
	/** EWS response code (`ErrorServerBusy`, …) or one of our transport codes (`Unauthorized`, `Timeout`, …). */
	code: string;
	/** The client's or server's own message (never contains the password: see `redact`). */
	detail: string;
	httpStatus?: number;
	/** The server's requested back-off before a retry (ErrorServerBusy). */
	backOffMs?: number;
	/** Extra values the server sent in MessageXml (e.g. the SmtpAddress of a missing mailbox). */
	values: Record<string, string>;
}

/** What a message may name: never the password. */
export interface FailureContext {
	username: string;
	mailbox?: string;
	timeoutSeconds?: number;
	/** Redacted from every text that leaves the transport, in case a server or library echoes it. */
	secrets?: string[];
}

const TLS_PATTERNS = [
	/self[- ]signed certificate/i,
	/unable to verify the first certificate/i,
	/unable to get local issuer certificate/i,
	/certificate has expired/i,
	/Hostname\/IP does not match certificate/i,
	/CERT_/,
	/certificate/i,
];
const UNREACHABLE_CODES = ['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN'];
const DROPPED_CODES = ['ECONNRESET', 'EPIPE', 'socket hang up'];

type Bag = Record<string, unknown>;

function asBag(value: unknown): Bag {
	return typeof value === 'object' && value !== null ? (value as Bag) : {};
}

function stringOf(value: unknown): string {
	if (typeof value === 'string') return value;
	if (typeof value === 'number') return String(value);
	const bag = asBag(value);
	if (typeof bag.Message === 'string') return bag.Message;
	if (typeof bag.message === 'string') return bag.message;
	return '';
}

/** The client keeps MessageXml values in its own Dictionary type (`keys` + `get`). */
function dictionaryValues(dictionary: unknown): Record<string, string> {
	const bag = asBag(dictionary);
	const values: Record<string, string> = {};
	if (typeof bag.get !== 'function' || !Array.isArray(bag.keys)) return values;
	const get = bag.get as (key: string) => unknown;
	for (const key of bag.keys as unknown[]) {
		if (typeof key === 'string') values[key] = stringOf(get.call(dictionary, key));
	}
	return values;
}

function serviceErrorName(code: unknown): string | undefined {
	if (typeof code === 'number') return ServiceError[code];
	if (typeof code === 'string' && code) return code;
	return undefined;
}

function networkCode(detail: string): string | undefined {
	if (detail.startsWith(NOT_SOAP_ANSWER)) return 'NotSoap';
	if (/timeout of \d+ms exceeded|ETIMEDOUT|ECONNABORTED/i.test(detail)) return 'Timeout';
	if (UNREACHABLE_CODES.some((code) => detail.includes(code))) return 'ServerUnreachable';
	if (DROPPED_CODES.some((code) => detail.includes(code))) return 'ConnectionDropped';
	if (TLS_PATTERNS.some((pattern) => pattern.test(detail))) return 'UntrustedCertificate';
	if (/invalid soap message|reading 'nodeType'|Unexpected|not well-formed/i.test(detail)) return 'NotEws';
	return undefined;
}

export function classifyEwsError(error: unknown): EwsFailure {
	const bag = asBag(error);
	// ServiceResponseException: a ResponseClass=Error message inside an HTTP 200 answer.
	const response = asBag(bag.Response ?? bag.response);
	const detail = stringOf(error) || stringOf(bag.InnerException) || String(error);
	const values = {
		...dictionaryValues(bag.ErrorDetails ?? bag.errorDetails),
		...dictionaryValues(response.ErrorDetails ?? response.errorDetails),
	};
	const httpStatus = typeof bag.HttpStatusCode === 'number' ? bag.HttpStatusCode : undefined;
	const backOff = Number(values.BackOffMilliseconds);
	const failure = (code: string): EwsFailure => ({
		code,
		detail,
		httpStatus,
		backOffMs: Number.isFinite(backOff) && backOff >= 0 ? backOff : undefined,
		values,
	});

	if (httpStatus === 401) return failure('Unauthorized');
	// SOAP faults carry the code in ResponseCode (ErrorCode stays NoError), in-message errors in
	// ErrorCode; the client reports transport failures as ErrorInternalServerError.
	const codes = [bag.ErrorCode, bag.ResponseCode, response.ErrorCode]
		.map(serviceErrorName)
		.filter((code): code is string => code !== undefined && code !== 'NoError');
	const responseCode = codes.find((code) => code !== 'ErrorInternalServerError');
	if (responseCode) return failure(responseCode);
	const transport = networkCode(detail);
	if (transport === 'NotSoap') return failure(transport);
	if (httpStatus === 404 || httpStatus === 405) return failure('NotEws');
	if (transport) return failure(transport);
	if (httpStatus === 503) return failure('ErrorServerBusy');
	return failure(httpStatus ? `Http${httpStatus}` : 'ErrorInternalServerError');
}

/** A sentence a user can act on, naming the account or mailbox but never a secret. */
export function describeFailure(failure: EwsFailure, context: FailureContext): string {
	const mailbox = context.mailbox ?? failure.values.SmtpAddress ?? 'the mailbox';
	switch (failure.code) {
		case 'Unauthorized':
			// The mailbox tells an admin syncing many users which run failed; the account is what to fix.
			return context.mailbox && context.mailbox.toLowerCase() !== context.username.toLowerCase()
				? `Exchange rejected the username or password for ${context.username} (syncing the mailbox ${context.mailbox})`
				: `Exchange rejected the username or password for ${context.username}`;
		case 'ErrorImpersonateUserDenied':
		case 'ErrorImpersonationDenied':
			return `The service account ${context.username} may not impersonate ${mailbox}: it needs the ApplicationImpersonation role`;
		case 'ErrorImpersonationFailed':
			return `Exchange could not impersonate ${mailbox}`;
		case 'ErrorNonExistentMailbox':
			return `The mailbox ${failure.values.SmtpAddress ?? mailbox} does not exist in Exchange`;
		case 'ErrorAccessDenied':
			return `${context.username} has no access to ${mailbox}`;
		case 'ErrorServerBusy':
			return 'Exchange is busy (throttling) and did not accept the request after retrying';
		case 'ErrorIrresolvableConflict':
			return 'The item was changed in Exchange since it was read (its ChangeKey is out of date); read it again and retry';
		case 'ErrorInvalidSyncStateData':
			return 'Exchange no longer accepts this sync cursor; start again with an empty cursor for a full resync';
		case 'ErrorItemNotFound':
			return 'The item was not found in Exchange (it may have been deleted or moved)';
		case 'Timeout':
			return `Exchange did not answer within ${context.timeoutSeconds ?? '?'} seconds`;
		case 'ServerUnreachable':
			return 'Could not reach the Exchange server: check the EWS URL, DNS and firewall';
		case 'ConnectionDropped':
			return 'The Exchange server closed the connection before answering';
		case 'UntrustedCertificate':
			return 'The Exchange server\'s TLS certificate is not trusted: add its CA certificate to the credential, or tick "Ignore Certificate Errors"';
		case 'NotSoap':
			return 'Exchange (or a proxy in front of it) answered with an error page instead of EWS; try again later';
		case 'NotEws':
			return 'The URL does not answer like an EWS endpoint (it usually ends in /EWS/Exchange.asmx)';
		default:
			return `Exchange returned ${failure.code}`;
	}
}

export function redact(text: string, secrets: string[] = []): string {
	return secrets.filter((secret) => secret.length > 0).reduce((result, secret) => result.split(secret).join('***'), text);
}

export function failureToNodeApiError(
	node: INode,
	failure: EwsFailure,
	context: FailureContext,
	itemIndex?: number,
): NodeApiError {
	const secrets = context.secrets ?? [];
	const message = redact(describeFailure(failure, context), secrets);
	const detail = redact(failure.detail, secrets);
	const apiError = new NodeApiError(node, { code: failure.code, message: detail } as JsonObject, {
		message,
		description: detail && detail !== message ? `${failure.code}: ${detail}` : failure.code,
		httpCode: failure.httpStatus ? String(failure.httpStatus) : undefined,
		itemIndex,
	});
	// setDescriptiveErrorMessage may replace the message for known HTTP codes; ours is more precise.
	apiError.message = message;
	apiError.context.responseCode = failure.code;
	return apiError;
}

/** The failure carried by one response of a batched call (these do not throw). */
export function responseFailure(response: {
	ErrorCode: number;
	ErrorMessage: string;
	ErrorDetails?: unknown;
}): EwsFailure {
	const values = dictionaryValues(response.ErrorDetails);
	const backOff = Number(values.BackOffMilliseconds);
	return {
		code: serviceErrorName(response.ErrorCode) ?? 'ErrorInternalServerError',
		detail: response.ErrorMessage ?? '',
		backOffMs: Number.isFinite(backOff) && backOff >= 0 ? backOff : undefined,
		values,
	};
}
