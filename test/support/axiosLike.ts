/** What n8n's HTTP helpers (axios underneath) throw and answer, for the stand-ins of those helpers in tests. */

export function axiosLikeError(message: string, response?: { status: number; data: unknown; headers: Record<string, string> }, code?: string) {
	return Object.assign(new Error(message), { name: 'AxiosError', response, code });
}

/** A response body as axios gives it: parsed JSON, else the text. */
export function parseBody(text: string): unknown {
	if (text === '') return '';
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return text;
	}
}
