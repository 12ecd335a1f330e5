/**
 * Server side of NTLM (MS-NLMP) as far as the @ewsjs/xhr client needs it: a CHALLENGE message
 * with real TargetInfo AV pairs, and NTLMv2 verification of the AUTHENTICATE message from the
 * account's known password. MD4 is implemented here because Node's OpenSSL 3 disables it.
 */
import crypto from 'node:crypto';

/** RFC 1320 MD4, for the NT hash only. */
export function md4(input: Buffer): Buffer {
	const rotl = (x: number, n: number) => (x << n) | (x >>> (32 - n));
	const f = (x: number, y: number, z: number) => (x & y) | (~x & z);
	const g = (x: number, y: number, z: number) => (x & y) | (x & z) | (y & z);
	const h = (x: number, y: number, z: number) => x ^ y ^ z;
	const bitLength = input.length * 8;
	const padded = Buffer.alloc(Math.ceil((input.length + 9) / 64) * 64);
	input.copy(padded);
	padded[input.length] = 0x80;
	padded.writeUInt32LE(bitLength >>> 0, padded.length - 8);
	padded.writeUInt32LE(Math.floor(bitLength / 2 ** 32), padded.length - 4);
	let [a, b, c, d] = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476];
	for (let offset = 0; offset < padded.length; offset += 64) {
		const x = Array.from({ length: 16 }, (_, i) => padded.readUInt32LE(offset + i * 4));
		const [aa, bb, cc, dd] = [a, b, c, d];
		for (const i of [0, 4, 8, 12]) {
			a = rotl((a + f(b, c, d) + x[i]) | 0, 3);
			d = rotl((d + f(a, b, c) + x[i + 1]) | 0, 7);
			c = rotl((c + f(d, a, b) + x[i + 2]) | 0, 11);
			b = rotl((b + f(c, d, a) + x[i + 3]) | 0, 19);
		}
		for (const i of [0, 1, 2, 3]) {
			a = rotl((a + g(b, c, d) + x[i] + 0x5a827999) | 0, 3);
			d = rotl((d + g(a, b, c) + x[i + 4] + 0x5a827999) | 0, 5);
			c = rotl((c + g(d, a, b) + x[i + 8] + 0x5a827999) | 0, 9);
			b = rotl((b + g(c, d, a) + x[i + 12] + 0x5a827999) | 0, 13);
		}
		for (const i of [0, 2, 1, 3]) {
			a = rotl((a + h(b, c, d) + x[i] + 0x6ed9eba1) | 0, 3);
			d = rotl((d + h(a, b, c) + x[i + 8] + 0x6ed9eba1) | 0, 9);
			c = rotl((c + h(d, a, b) + x[i + 4] + 0x6ed9eba1) | 0, 11);
			b = rotl((b + h(c, d, a) + x[i + 12] + 0x6ed9eba1) | 0, 15);
		}
		a = (a + aa) | 0;
		b = (b + bb) | 0;
		c = (c + cc) | 0;
		d = (d + dd) | 0;
	}
	const digest = Buffer.alloc(16);
	[a, b, c, d].forEach((word, i) => digest.writeInt32LE(word, i * 4));
	return digest;
}

const SIGNATURE = Buffer.from('NTLMSSP\0', 'latin1');
const FLAGS = {
	unicode: 0x1,
	requestTarget: 0x4,
	ntlm: 0x200,
	alwaysSign: 0x8000,
	targetTypeDomain: 0x10000,
	extendedSessionSecurity: 0x80000,
	targetInfo: 0x800000,
	version: 0x2000000,
	key128: 0x20000000,
	key56: 0x80000000,
};

export function ntlmMessageType(token: Buffer): number | undefined {
	if (token.length < 12 || !token.subarray(0, 8).equals(SIGNATURE)) return undefined;
	return token.readUInt32LE(8);
}

const utf16 = (text: string) => Buffer.from(text, 'utf16le');

function avPair(id: number, value: Buffer): Buffer {
	const header = Buffer.alloc(4);
	header.writeUInt16LE(id, 0);
	header.writeUInt16LE(value.length, 2);
	return Buffer.concat([header, value]);
}

/** A CHALLENGE (type 2) message for the given server challenge. */
export function challengeMessage(serverChallenge: Buffer, netbiosDomain: string, dnsDomain: string): Buffer {
	const targetName = utf16(netbiosDomain);
	const timestamp = Buffer.alloc(8);
	timestamp.writeBigUInt64LE((BigInt(Date.now()) + 11_644_473_600_000n) * 10_000n);
	const targetInfo = Buffer.concat([
		avPair(2, utf16(netbiosDomain)),
		avPair(1, utf16('EXCH01')),
		avPair(4, utf16(dnsDomain)),
		avPair(3, utf16(`exch01.${dnsDomain}`)),
		avPair(7, timestamp),
		avPair(0, Buffer.alloc(0)),
	]);
	const header = Buffer.alloc(56);
	SIGNATURE.copy(header, 0);
	header.writeUInt32LE(2, 8);
	header.writeUInt16LE(targetName.length, 12);
	header.writeUInt16LE(targetName.length, 14);
	header.writeUInt32LE(56, 16);
	const flags = Object.values(FLAGS).reduce((all, flag) => (all | flag) >>> 0, 0);
	header.writeUInt32LE(flags, 20);
	serverChallenge.copy(header, 24);
	header.writeUInt16LE(targetInfo.length, 40);
	header.writeUInt16LE(targetInfo.length, 42);
	header.writeUInt32LE(56 + targetName.length, 44);
	// Version: Windows 10.0 build 17763, NTLM revision 15.
	Buffer.from([10, 0, 0x03, 0x45, 0, 0, 0, 15]).copy(header, 48);
	return Buffer.concat([header, targetName, targetInfo]);
}

export interface AuthenticateMessage {
	domain: string;
	user: string;
	workstation: string;
	ntResponse: Buffer;
}

export function parseAuthenticateMessage(token: Buffer): AuthenticateMessage {
	if (ntlmMessageType(token) !== 3 || token.length < 64) throw new Error('not an NTLM AUTHENTICATE message');
	const field = (offset: number) => {
		const length = token.readUInt16LE(offset);
		const start = token.readUInt32LE(offset + 4);
		if (start + length > token.length) throw new Error('NTLM field out of range');
		return token.subarray(start, start + length);
	};
	const unicode = (token.readUInt32LE(60) & FLAGS.unicode) !== 0;
	const text = (buffer: Buffer) => buffer.toString(unicode ? 'utf16le' : 'latin1');
	return { ntResponse: field(20), domain: text(field(28)), user: text(field(36)), workstation: text(field(44)) };
}

/** Checks an NTLMv2 response: NTProofStr = HMAC-MD5(NTOWFv2, serverChallenge ‖ blob). */
export function verifyNtlmV2(message: AuthenticateMessage, password: string, serverChallenge: Buffer): boolean {
	if (message.ntResponse.length <= 24) return false;
	const ntHash = md4(utf16(password));
	const ntowfV2 = crypto.createHmac('md5', ntHash).update(utf16(message.user.toUpperCase() + message.domain)).digest();
	const proof = message.ntResponse.subarray(0, 16);
	const blob = message.ntResponse.subarray(16);
	const expected = crypto.createHmac('md5', ntowfV2).update(Buffer.concat([serverChallenge, blob])).digest();
	return crypto.timingSafeEqual(proof, expected);
}
