/**
 * Drives an n8n multi-page form over HTTP the way n8n's form page script does: POST the fields
 * (named field-0, field-1, … in page order) as multipart form data, follow the returned
 * form-waiting URL, poll its execution status until the next page (or the ending) is ready, read it.
 */
export interface FormPage {
	html: string;
	/** Where the page posts to: the form-waiting URL with its signature. */
	postUrl: string;
}

const formData = (values: string[]) => {
	const data = new FormData();
	values.forEach((value, index) => data.append(`field-${index}`, value));
	return data;
};

async function nextPage(waitingUrl: string, timeoutMs = 60_000): Promise<FormPage> {
	const statusUrl = new URL(waitingUrl);
	statusUrl.pathname += '/n8n-execution-status';
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const status = (await (await fetch(statusUrl)).text()).trim();
		if (status === 'form-waiting' || status === 'success') break;
		if (['canceled', 'crashed', 'error', 'null'].includes(status)) throw new Error(`the form's execution ended with status "${status}"`);
		if (Date.now() > deadline) throw new Error(`timed out waiting for the next form page (status "${status}")`);
		await new Promise((resolve) => setTimeout(resolve, 300));
	}
	const response = await fetch(waitingUrl);
	return { html: await response.text(), postUrl: waitingUrl };
}

/** Waits until n8n serves the form: a published workflow's webhooks are registered just after start. */
export async function formReady(n8nUrl: string, path: string, timeoutMs = 30_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const page = await fetch(`${n8nUrl}/form/${path}`);
		await page.text();
		if (page.ok) return;
		if (Date.now() > deadline) throw new Error(`GET /form/${path} answered HTTP ${page.status}`);
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

/** Submits the first page at <n8n>/form/<path>; returns the page that follows. */
export async function submitForm(n8nUrl: string, path: string, values: string[]): Promise<FormPage> {
	await formReady(n8nUrl, path);
	const response = await fetch(`${n8nUrl}/form/${path}`, { method: 'POST', body: formData(values) });
	const text = await response.text();
	if (!response.ok) throw new Error(`POST /form/${path} answered HTTP ${response.status}: ${text}`);
	const { formWaitingUrl } = JSON.parse(text) as { formWaitingUrl?: string };
	if (!formWaitingUrl) throw new Error(`POST /form/${path} gave no form-waiting URL: ${text}`);
	return await nextPage(formWaitingUrl);
}

/** Submits a later page (one of the form-waiting pages); returns the page that follows. */
export async function submitPage(page: FormPage, values: string[]): Promise<FormPage> {
	const response = await fetch(page.postUrl, { method: 'POST', body: formData(values) });
	const text = await response.text();
	if (!response.ok) throw new Error(`POST to the form page answered HTTP ${response.status}: ${text}`);
	return await nextPage(page.postUrl);
}
