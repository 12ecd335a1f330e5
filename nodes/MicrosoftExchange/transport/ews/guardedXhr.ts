import type { IXHRApi, IXHROptions, IXHRProgress } from 'ews-javascript-api';

/** Marks the failures this guard rewrites, so error mapping can name them. */
export const NOT_SOAP_ANSWER = 'Exchange answered without a SOAP message';

const SOAP_ENVELOPE = /^\s*(<\?xml[^>]*>\s*)?<([\w-]+:)?Envelope[\s>]/;

/** An HTTP 500 with a non-SOAP body, as a 502 the client reports; any other failure as it is. */
function asSoapFailure(failure: unknown): unknown {
	const response = failure as { status?: number; responseText?: unknown; message?: string };
	if (response?.status === 500 && typeof response.responseText === 'string' && !SOAP_ENVELOPE.test(response.responseText)) {
		return Object.assign(response, {
			status: 502,
			message: `${NOT_SOAP_ANSWER} (HTTP 500): ${response.responseText.slice(0, 200)}`,
		});
	}
	return failure;
}

/**
 * Wraps the HTTP layer to work around a client defect: on an HTTP 500 whose body is not XML (a
 * proxy or load balancer error page), the client throws inside its own promise chain, so the call
 * never settles and the process sees an unhandled rejection. Such answers are passed on as a
 * non-500 failure, which the client reports normally.
 */
export class GuardedXhr implements IXHRApi {
	constructor(private readonly inner: IXHRApi) {}

	get apiName(): string | undefined {
		return this.inner.apiName;
	}

	async xhr(options: IXHROptions, progress?: (data: IXHRProgress) => void): Promise<XMLHttpRequest> {
		// The client expects its own failure shape back, so failures are passed on, not wrapped.
		return await this.inner.xhr(options, progress).catch(async (failure: unknown) => await Promise.reject(asSoapFailure(failure)));
	}

	async xhrStream(options: IXHROptions, progress: (data: IXHRProgress) => void): Promise<XMLHttpRequest> {
		return await this.inner.xhrStream(options, progress);
	}

	disconnect(): void {
		this.inner.disconnect();
	}
}
