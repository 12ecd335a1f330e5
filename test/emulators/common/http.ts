/**
 * HTTP plumbing shared by the local servers: listening over HTTP or HTTPS (with a freshly
 * generated self-signed certificate), reading bodies, answering JSON, the generic transport
 * faults, and the `/__control/…` router.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import selfsigned from 'selfsigned';

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>;

export interface ListeningServer {
	origin: string;
	/** PEM of the self-signed certificate (HTTPS only), for clients that pin a CA. */
	certificatePem?: string;
	close(): Promise<void>;
}

export async function listen(options: {
	port: number;
	tls: boolean;
	handler: Handler;
}): Promise<ListeningServer> {
	const sockets = new Set<Socket>();
	const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
		Promise.resolve(options.handler(req, res)).catch((error: unknown) => {
			if (!res.headersSent) sendJson(res, 500, { error: 'emulator failure', detail: String(error) });
			else res.destroy();
		});
	};
	let server: http.Server;
	let certificatePem: string | undefined;
	if (options.tls) {
		const pems = await selfsigned.generate([{ name: 'commonName', value: '127.0.0.1' }], {
			keySize: 2048,
			extensions: [
				{ name: 'basicConstraints', cA: true },
				{
					name: 'subjectAltName',
					altNames: [
						{ type: 7, ip: '127.0.0.1' },
						{ type: 2, value: 'localhost' },
					],
				},
			],
		});
		certificatePem = pems.cert;
		server = https.createServer({ key: pems.private, cert: pems.cert }, onRequest);
	} else {
		server = http.createServer(onRequest);
	}
	// Idle connections stay open for a minute, as behind the real services' front ends; Node's
	// 5-second default closed them just as a client slowed by a busy machine reused one.
	server.keepAliveTimeout = 60_000;
	server.headersTimeout = 61_000;
	server.on('connection', (socket: Socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port, '127.0.0.1', () => resolve());
	});
	const { port } = server.address() as AddressInfo;
	return {
		origin: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
		certificatePem,
		close: () =>
			new Promise<void>((resolve) => {
				for (const socket of sockets) socket.destroy();
				server.close(() => resolve());
			}),
	};
}

export async function readBody(req: http.IncomingMessage, limitBytes = 64 * 1024 * 1024): Promise<Buffer> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req) {
		size += (chunk as Buffer).length;
		if (size > limitBytes) throw new Error(`request body over ${limitBytes} bytes`);
		chunks.push(chunk as Buffer);
	}
	return Buffer.concat(chunks);
}

export async function readJson<T = unknown>(req: http.IncomingMessage): Promise<T> {
	const body = await readBody(req);
	if (body.length === 0) return {} as T;
	return JSON.parse(body.toString('utf8')) as T;
}

export function sendJson(
	res: http.ServerResponse,
	status: number,
	body: unknown,
	headers: Record<string, string> = {},
): void {
	const text = JSON.stringify(body);
	res.writeHead(status, {
		'Content-Type': 'application/json;charset=UTF-8',
		'Content-Length': Buffer.byteLength(text),
		...headers,
	});
	res.end(text);
}

/**
 * Applies a transport-level fault. Returns true when the response has been dealt with.
 * `hang` never answers (the client must time out); `drop` cuts the connection mid-request;
 * `http500` answers a bare server error; `malformed` answers a truncated body.
 */
export function applyTransportFault(
	kind: string,
	res: http.ServerResponse,
	contentType = 'text/plain',
): boolean {
	switch (kind) {
		case 'hang':
			// Keep the socket open without answering; the server's close() destroys it.
			return true;
		case 'drop':
			res.socket?.destroy();
			return true;
		case 'http500':
			res.writeHead(500, { 'Content-Type': 'text/plain' });
			res.end('Internal Server Error');
			return true;
		case 'malformed':
			res.writeHead(200, { 'Content-Type': contentType });
			res.end('<?xml version="1.0"?><broken');
			return true;
		default:
			return false;
	}
}

/** Routes `/__control/<name>` requests to handlers; returns false for other paths. */
export async function routeControl(
	req: http.IncomingMessage,
	res: http.ServerResponse,
	routes: Record<string, (body: unknown, req: http.IncomingMessage) => unknown | Promise<unknown>>,
): Promise<boolean> {
	const path = new URL(req.url ?? '/', 'http://localhost').pathname;
	if (!path.startsWith('/__control/')) return false;
	const key = `${req.method} ${path.slice('/__control/'.length)}`;
	const route = routes[key];
	if (!route) {
		sendJson(res, 404, { error: `no control route ${key}`, routes: Object.keys(routes) });
		return true;
	}
	try {
		const body = req.method === 'GET' ? {} : await readJson(req);
		sendJson(res, 200, (await route(body, req)) ?? { ok: true });
	} catch (error) {
		sendJson(res, 400, { error: error instanceof Error ? error.message : String(error) });
	}
	return true;
}
