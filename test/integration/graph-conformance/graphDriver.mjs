// Microsoft's Graph JavaScript client (@microsoft/microsoft-graph-client) with @azure/identity's
// credentials, driven over stdin/stdout (one JSON request per line, one JSON answer per line) by
// graphClient.ts. It runs in its own process so that NODE_EXTRA_CA_CERTS can make it trust the
// local server's self-signed certificate: the clients are used as their documentation shows,
// pointed at the local server by their authority host and base URL only.
import readline from 'node:readline';
import { ClientCertificateCredential, ClientSecretCredential } from '@azure/identity';
import { BatchRequestContent, BatchResponseContent, Client, PageIterator, ResponseType } from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js';

const SCOPE = 'https://graph.microsoft.com/.default';
const clients = new Map();

function errorOf(error) {
	return {
		name: error?.name,
		statusCode: error?.statusCode,
		code: error?.code,
		message: String(error?.message ?? error),
		retryAfter: error?.headers?.get?.('retry-after') ?? null,
		body: typeof error?.body === 'string' ? error.body : undefined,
	};
}

const operations = {
	// A credential (client secret or certificate) and a Graph client on it.
	client({ name, origin, tenant, clientId, secret, certificate }) {
		// The local server is a private cloud for MSAL: its authority host, no instance discovery.
		const options = { authorityHost: origin, disableInstanceDiscovery: true };
		const credential = certificate ? new ClientCertificateCredential(tenant, clientId, { certificate }, options) : new ClientSecretCredential(tenant, clientId, secret, options);
		const client = Client.initWithMiddleware({
			authProvider: new TokenCredentialAuthenticationProvider(credential, { scopes: [SCOPE] }),
			baseUrl: origin,
			defaultVersion: 'v1.0',
			// The client sends tokens only to Graph's hosts and to these.
			customHosts: new Set([new URL(origin).hostname]),
		});
		clients.set(name, { credential, client });
		return { ok: true };
	},
	async token({ name }) {
		const token = await clients.get(name).credential.getToken(SCOPE);
		return { expiresOnTimestamp: token.expiresOnTimestamp, length: token.token.length };
	},
	// One call; `raw` answers status and headers too.
	async api({ name, method, path, query, headers, body, raw }) {
		let request = clients.get(name).client.api(path);
		if (headers) request = request.headers(headers);
		if (query) request = request.query(query);
		if (raw) request = request.responseType(ResponseType.RAW);
		const send = { get: () => request.get(), post: () => request.post(body ?? {}), patch: () => request.patch(body ?? {}), delete: () => request.delete() }[method];
		const answer = await send();
		if (!raw) return { body: answer ?? null };
		const text = await answer.text();
		return { status: answer.status, headers: Object.fromEntries(answer.headers.entries()), body: text ? JSON.parse(text) : null };
	},
	// Every page of a collection, the way the client's PageIterator follows @odata.nextLink.
	async pages({ name, path, headers }) {
		const client = clients.get(name).client;
		let request = client.api(path);
		if (headers) request = request.headers(headers);
		const first = await request.get();
		const items = [];
		const iterator = new PageIterator(client, first, (item) => {
			items.push(item);
			return true;
		}, { headers });
		await iterator.iterate();
		return { items, deltaLink: iterator.getDeltaLink() ?? null };
	},
	// Requests sent together with the client's BatchRequestContent; answers per request.
	async batch({ name, origin, requests }) {
		const content = new BatchRequestContent(
			requests.map((r) => ({
				id: r.id,
				dependsOn: r.dependsOn,
				request: new Request(`${origin}/v1.0${r.url}`, { method: r.method, headers: { 'Content-Type': 'application/json', ...(r.headers ?? {}) }, body: r.body ? JSON.stringify(r.body) : undefined }),
			})),
		);
		const answer = new BatchResponseContent(await clients.get(name).client.api('/$batch').post(await content.getContent()));
		const responses = [];
		for (const [id, response] of answer.getResponses()) {
			const text = await response.text();
			responses.push({ id, status: response.status, headers: Object.fromEntries(response.headers.entries()), body: text ? JSON.parse(text) : null });
		}
		return responses;
	},
};

readline.createInterface({ input: process.stdin }).on('line', async (line) => {
	const { id, op, args } = JSON.parse(line);
	try {
		process.stdout.write(`${JSON.stringify({ id, result: await operations[op](args) })}\n`);
	} catch (error) {
		process.stdout.write(`${JSON.stringify({ id, error: errorOf(error) })}\n`);
	}
});
