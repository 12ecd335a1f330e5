import crypto from 'node:crypto';
import { challengeMessage, md4, ntlmMessageType, parseAuthenticateMessage, verifyNtlmV2 } from '../../emulators/exchange/ntlm';

describe('MD4 (RFC 1320 test suite)', () => {
	it.each([
		['', '31d6cfe0d16ae931b73c59d7e0c089c0'],
		['a', 'bde52cb31de33e46245e05fbdbd6fb24'],
		['abc', 'a448017aaf21d8525fc10ae87aa6729d'],
		['message digest', 'd9130a8164549fe818874806e1c7014b'],
		['12345678901234567890123456789012345678901234567890123456789012345678901234567890', 'e33b4ddc9c38f2199c3e7b164fcc0536'],
	])('md4(%j)', (input, digest) => {
		expect(md4(Buffer.from(input, 'latin1')).toString('hex')).toBe(digest);
	});

	it('gives the NT hash of MS-NLMP §4.2.1 ("Password")', () => {
		expect(md4(Buffer.from('Password', 'utf16le')).toString('hex')).toBe('a4f49c406510bdcab6824ee7c30fd852');
	});
});

describe('NTLM messages', () => {
	it('issues a CHALLENGE with TargetInfo AV pairs', () => {
		const message = challengeMessage(Buffer.alloc(8, 1), 'EXAMPLE', 'example.test');
		expect(ntlmMessageType(message)).toBe(2);
		const targetInfoLength = message.readUInt16LE(40);
		expect(targetInfoLength).toBeGreaterThan(20);
		expect(message.subarray(message.readUInt32LE(44)).toString('utf16le')).toContain('example.test');
	});

	it('verifies an NTLMv2 response computed from the password and rejects another password', () => {
		const challenge = crypto.randomBytes(8);
		const user = 'svc-sync';
		const domain = 'EXAMPLE';
		const ntHash = md4(Buffer.from('demo-password', 'utf16le'));
		const ntowf = crypto.createHmac('md5', ntHash).update(Buffer.from(user.toUpperCase() + domain, 'utf16le')).digest();
		const blob = Buffer.concat([Buffer.from([1, 1, 0, 0, 0, 0, 0, 0]), Buffer.alloc(8), crypto.randomBytes(8), Buffer.alloc(4)]);
		const proof = crypto.createHmac('md5', ntowf).update(Buffer.concat([challenge, blob])).digest();
		const fields = [Buffer.alloc(24), Buffer.concat([proof, blob]), Buffer.from(domain, 'utf16le'), Buffer.from(user, 'utf16le'), Buffer.from('.', 'utf16le')];
		const header = Buffer.alloc(64);
		header.write('NTLMSSP\0', 0, 'latin1');
		header.writeUInt32LE(3, 8);
		let offset = 64;
		fields.forEach((field, i) => {
			header.writeUInt16LE(field.length, 12 + i * 8);
			header.writeUInt16LE(field.length, 14 + i * 8);
			header.writeUInt32LE(offset, 16 + i * 8);
			offset += field.length;
		});
		header.writeUInt32LE(0x1, 60);
		const message = parseAuthenticateMessage(Buffer.concat([header, ...fields]));
		expect(message).toMatchObject({ user, domain, workstation: '.' });
		expect(verifyNtlmV2(message, 'demo-password', challenge)).toBe(true);
		expect(verifyNtlmV2(message, 'other-password', challenge)).toBe(false);
		expect(verifyNtlmV2(message, 'demo-password', crypto.randomBytes(8))).toBe(false);
	});
});
