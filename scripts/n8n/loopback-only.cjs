/**
 * Preloaded into n8n (NODE_OPTIONS=--require) by the tests and the demo: every outbound TCP
 * connection to anything but the loopback interface is refused and its destination appended to
 * the file named by LOOPBACK_ONLY_LOG, so a test can prove n8n and our nodes stayed on 127.0.0.1.
 */
'use strict';
const fs = require('node:fs');
const net = require('node:net');

const allowedHosts = new Set(['127.0.0.1', '::1', 'localhost', '::ffff:127.0.0.1']);
const logFile = process.env.LOOPBACK_ONLY_LOG;
const originalConnect = net.Socket.prototype.connect;

function destinationOf(args) {
	const first = args[0];
	if (Array.isArray(first)) return destinationOf(first);
	if (first !== null && typeof first === 'object') {
		if (first.path) return undefined;
		return { host: first.host ?? 'localhost', port: first.port };
	}
	if (typeof first === 'string' && Number.isNaN(Number(first))) return undefined; // IPC path
	return { host: typeof args[1] === 'string' ? args[1] : 'localhost', port: first };
}

net.Socket.prototype.connect = function connectLoopbackOnly(...args) {
	const destination = destinationOf(args);
	if (destination === undefined || allowedHosts.has(String(destination.host))) {
		return originalConnect.apply(this, args);
	}
	const target = `${destination.host}:${destination.port}`;
	if (logFile) fs.appendFileSync(logFile, `${process.pid} ${target}\n`);
	const error = Object.assign(new Error(`connection to ${target} refused: loopback only`), {
		code: 'ECONNREFUSED',
	});
	process.nextTick(() => this.destroy(error));
	return this;
};
