/**
 * Replays every request ews-javascript-api was captured sending (reference/ews/client-captures)
 * against the emulator: each must be accepted and answered with a schema-valid response, never
 * an internal error. Mailboxes are mapped onto the demo world.
 */
import fs from 'node:fs';
import path from 'node:path';
import { postRawSoap, useExchangeEmulator } from './client';

const repoRoot = path.resolve(__dirname, '../../..');
const capturesDirectory = path.resolve(repoRoot, '..', 'shared', 'reference', 'ews', 'client-captures');
/** These two carry the client's unescaped HTML bodies: Exchange refuses them, so must we. */
const UNESCAPED = ['06_CreateItem_Task.xml', '10_CreateItem_Message_SendAndSaveCopy.xml'];

const captures = fs.readdirSync(capturesDirectory).filter((name) => /^\d\d_.*\.xml$/.test(name));
const emulator = useExchangeEmulator();

function asDemoWorld(xml: string): string {
	return xml
		.replace(/user1@contoso\.com/g, 'alice@example.test')
		.replace(/alice@contoso\.com/g, 'bob@example.test')
		.replace(/bob@contoso\.com/g, 'carol@example.test')
		.replace(/room1@contoso\.com/g, 'room1@example.test')
		.replace(/@contoso\.com/g, '@example.test');
}

it('has the captures to replay', () => {
	expect(captures.length).toBeGreaterThan(40);
});

it.each(captures.filter((name) => !UNESCAPED.includes(name)))('accepts %s', async (name) => {
	const answer = await postRawSoap(emulator.url, asDemoWorld(fs.readFileSync(path.join(capturesDirectory, name), 'utf8')));
	expect(answer.text).not.toMatch(/ErrorInternalServerError|ErrorSchemaValidation/);
	expect(answer.text).not.toContain('Exchange emulator bug');
	// Requests naming ids or subscriptions that do not exist here get per-item errors (200) or,
	// for a mailbox that does not exist, the request-level fault Exchange sends.
	expect([200, 500]).toContain(answer.status);
	if (answer.status === 500) expect(answer.text).toMatch(/ErrorNonExistentMailbox|ErrorImpersonateUserDenied/);
});

it.each(UNESCAPED)('refuses the unescaped body in %s as ErrorSchemaValidation', async (name) => {
	const answer = await postRawSoap(emulator.url, asDemoWorld(fs.readFileSync(path.join(capturesDirectory, name), 'utf8')));
	expect(answer.status).toBe(500);
	expect(answer.text).toContain('ErrorSchemaValidation');
});
