/**
 * Conformance of the local Microsoft 365 server with clients nobody on this project wrote:
 * Microsoft's Graph JavaScript client (@microsoft/microsoft-graph-client) on @azure/identity's
 * ClientSecretCredential and ClientCertificateCredential, pointed at the server only by their
 * authority host and base URL (graphDriver.mjs); and ews-javascript-api for the EWS front of
 * the same store. Every answer is checked against Graph's CSDL (or the EWS schema) on the way
 * out: none may break it.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import selfsigned from 'selfsigned';
import {
	Contact,
	EmailAddress,
	EmailAddressKey,
	ExtendedPropertyDefinition,
	FolderId,
	Guid,
	ItemId,
	MapiPropertyType,
	PropertySet,
	BasePropertySet,
	WellKnownFolderName,
	Appointment,
	ConflictResolutionMode,
	SendInvitationsOrCancellationsMode,
	type ExchangeService,
} from 'ews-javascript-api';
import { SYNC_ID_PROPERTY_NAME, SYNC_PROPERTY_SET_GUID } from '../../../nodes/MicrosoftExchange/helpers/itemShapes';
import { startGraphEmulator, type GraphEmulatorHandle } from '../../emulators/graph/harness';
import { exchangeService, extendedValue } from '../exchange-emulator/client';
import { GraphClientDriver, type DriverError } from './graphClient';

type Json = Record<string, any>;

const SYNC_ID = `String {${SYNC_PROPERTY_SET_GUID}} Name ${SYNC_ID_PROPERTY_NAME}`;
const IMMUTABLE = { Prefer: 'IdType="ImmutableId"' };
const ALICE = '/users/alice@example.test';
const BOB = '/users/bob@example.test';

let server: GraphEmulatorHandle;
let graph: GraphClientDriver;
let ews: ExchangeService;

/** A notification endpoint on 127.0.0.1 that answers validation requests and records the rest. */
let receiver: http.Server;
let receiverUrl = '';
const received: Json[] = [];

async function api<T = Json>(method: 'get' | 'post' | 'patch' | 'delete', path: string, options: { body?: unknown; headers?: Record<string, string>; query?: Record<string, string>; client?: string } = {}): Promise<T> {
	const { body } = await graph.call<{ body: T }>('api', { name: options.client ?? 'app', method, path, body: options.body, headers: options.headers, query: options.query });
	return body;
}

function failure(method: 'get' | 'post' | 'patch' | 'delete', path: string, options: { body?: unknown; headers?: Record<string, string>; query?: Record<string, string>; client?: string } = {}): Promise<DriverError> {
	return graph.failure('api', { name: options.client ?? 'app', method, path, body: options.body, headers: options.headers, query: options.query });
}

const secretClient = (name: string, secret: string, tenant = 'example.test', clientId = 'demo-sync-app') =>
	graph.call('client', { name, origin: server.origin, tenant, clientId, secret });

/** A request as a plain client sends it (trusting only the server's certificate, no Authorization header unless given). */
function plainRequest(method: string, url: string, body: string | Buffer, headers: Record<string, string>): Promise<{ status: number; text: string }> {
	return new Promise((resolve, reject) => {
		const request = https.request(url, { method, ca: server.certificatePem, headers: { 'Content-Length': Buffer.byteLength(body), ...headers } }, (response) => {
			let text = '';
			response.setEncoding('utf8');
			response.on('data', (chunk: string) => (text += chunk));
			response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
		});
		request.on('error', reject);
		request.end(body);
	});
}

/** A form POST. */
async function post(url: string, form: Record<string, string>): Promise<{ status: number; body: Json }> {
	const { status, text } = await plainRequest('POST', url, new URLSearchParams(form).toString(), { 'Content-Type': 'application/x-www-form-urlencoded' });
	return { status, body: JSON.parse(text) as Json };
}

/** A PUT of bytes to an upload URL. */
const putBytes = (url: string, bytes: Buffer, headers: Record<string, string>) => plainRequest('PUT', url, bytes, { 'Content-Type': 'application/octet-stream', ...headers });

async function counters(): Promise<{ byOperation: Record<string, number>; invitationsByMeeting: Record<string, number>; cancellationsByMeeting: Record<string, number> }> {
	return server.control.counters();
}

async function until<T>(check: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 5000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

jest.setTimeout(60_000);

beforeAll(async () => {
	server = await startGraphEmulator();
	graph = GraphClientDriver.start(server.certificatePem!);
	await secretClient('app', server.clientSecret);
	receiver = http.createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		let body = '';
		req.setEncoding('utf8');
		req.on('data', (chunk: string) => (body += chunk));
		req.on('end', () => {
			const token = url.searchParams.get('validationToken');
			if (token !== null) {
				res.writeHead(200, { 'Content-Type': 'text/plain' });
				res.end(token);
				return;
			}
			received.push({ path: url.pathname, ...(JSON.parse(body) as Json) });
			res.writeHead(202);
			res.end();
		});
	});
	await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
	receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
	await graph?.stop();
	await new Promise((resolve) => receiver?.close(resolve));
	await server?.stop();
});

beforeEach(async () => {
	await server.control.reset();
	received.length = 0;
	ews = exchangeService(server.ewsUrl, { impersonate: 'alice@example.test' });
});

afterEach(async () => {
	expect(await server.control.validationErrors()).toEqual([]);
});

describe('tokens (identity platform) and authorization', () => {
	it('issues tokens for the client secret and a registered certificate, and refuses what Entra refuses', async () => {
		await expect(graph.call('token', { name: 'app' })).resolves.toMatchObject({ expiresOnTimestamp: expect.any(Number) });

		await secretClient('wrong-secret', 'not-the-secret');
		expect((await graph.failure('token', { name: 'wrong-secret' })).message).toContain('AADSTS7000215');
		// MSAL reads the tenant's OpenID configuration first; Entra answers it AADSTS90002, which MSAL reports as unresolvable endpoints.
		await secretClient('wrong-tenant', server.clientSecret, 'nowhere.test');
		expect((await graph.failure('token', { name: 'wrong-tenant' })).message).toContain('endpoints_resolution_error');
		const unknownTenant = await post(`${server.origin}/nowhere.test/oauth2/v2.0/token`, { grant_type: 'client_credentials', client_id: server.clientId, client_secret: server.clientSecret, scope: 'https://graph.microsoft.com/.default' });
		expect(unknownTenant).toMatchObject({ status: 400, body: { error: 'invalid_tenant', error_codes: [90002] } });
		await secretClient('wrong-client', server.clientSecret, 'example.test', 'no-such-app');
		expect((await graph.failure('token', { name: 'wrong-client' })).message).toContain('AADSTS700016');

		const registered = await selfsigned.generate([{ name: 'commonName', value: 'sync-app' }], { keySize: 2048 });
		const stranger = await selfsigned.generate([{ name: 'commonName', value: 'stranger' }], { keySize: 2048 });
		await server.control.addCertificate('demo-sync-app', registered.cert);
		const certificateClient = (name: string, pems: { private: string; cert: string }) =>
			graph.call('client', { name, origin: server.origin, tenant: server.tenant, clientId: server.clientId, certificate: `${pems.private}\n${pems.cert}` });
		await certificateClient('certificate', registered);
		expect((await api('get', `${ALICE}/contacts`, { client: 'certificate', query: { $top: '1' } })).value).toHaveLength(1);
		await certificateClient('unregistered', stranger);
		expect((await graph.failure('token', { name: 'unregistered' })).message).toContain('AADSTS700027');
	});

	it('answers 401 for an expired token, 403 naming a permission not granted, 403 outside the RBAC scope', async () => {
		await server.control.expireTokens();
		const expired = await failure('get', `${ALICE}/contacts`, { client: 'app' });
		expect(expired).toMatchObject({ statusCode: 401, code: 'InvalidAuthenticationToken' });
		// A new credential gets a new token (before the permissions change below).
		await secretClient('app', server.clientSecret);
		await graph.call('token', { name: 'app' });

		await server.control.setPermissions('demo-sync-app', ['Calendars.ReadWrite']);
		await secretClient('narrow', server.clientSecret);
		const denied = await failure('get', `${ALICE}/contacts`, { client: 'narrow' });
		expect(denied).toMatchObject({ statusCode: 403, code: 'ErrorAccessDenied' });
		expect(denied.message).toContain("API requires one of 'Contacts.Read, Contacts.ReadWrite'");
		// The token issued before the change still carries the old roles, as in Entra.
		expect((await api('get', `${ALICE}/contacts`)).value.length).toBeGreaterThan(0);

		const outside = await failure('get', '/users/svc-sync@example.test/contacts');
		expect(outside).toMatchObject({ statusCode: 403, code: 'ErrorAccessDenied', message: 'Access is denied. Check credentials and try again.' });
		expect(await failure('get', '/users/nobody@example.test/contacts')).toMatchObject({ statusCode: 404, code: 'ErrorInvalidUser' });
	});
});

describe('contacts through Graph and EWS', () => {
	it('creates, reads, filters, updates and deletes a contact with non-Latin and special text', async () => {
		const created = await api('post', `${ALICE}/contacts`, {
			headers: IMMUTABLE,
			body: {
				givenName: 'Zoë',
				surname: '山田 & <Söhne>',
				companyName: 'Ünïcödé "Quotes" Ltd',
				emailAddresses: [{ address: 'zoe@yamada.test', name: 'Zoë 山田' }],
				businessPhones: ['+81 3 5555 0100'],
				mobilePhone: '+81 90 5555 0101',
				businessAddress: { city: 'Tōkyō', countryOrRegion: '日本' },
				personalNotes: 'Emoji 🚀 and a\nnew line',
				singleValueExtendedProperties: [{ id: SYNC_ID, value: 'crm-山田-1' }],
			},
		});
		expect(created).toMatchObject({ displayName: 'Zoë 山田 & <Söhne>', emailAddresses: [{ address: 'zoe@yamada.test', name: 'Zoë 山田' }], businessAddress: { city: 'Tōkyō', countryOrRegion: '日本' } });

		const filter = `singleValueExtendedProperties/Any(ep: ep/id eq '${SYNC_ID}' and ep/value eq 'crm-山田-1')`;
		const found = await api('get', `${ALICE}/contacts`, { headers: IMMUTABLE, query: { $filter: filter, $expand: `singleValueExtendedProperties($filter=id eq '${SYNC_ID}')`, $select: 'displayName' } });
		expect(found.value).toEqual([expect.objectContaining({ id: created.id, displayName: 'Zoë 山田 & <Söhne>', singleValueExtendedProperties: [{ id: SYNC_ID, value: 'crm-山田-1' }] })]);
		expect((await api('get', `${ALICE}/contacts`, { query: { $filter: "emailAddresses/any(a: a/address eq 'ZOE@yamada.test')" } })).value).toHaveLength(1);

		const updated = await api('patch', `${ALICE}/contacts/${created.id}`, { headers: IMMUTABLE, body: { jobTitle: '部長', businessPhones: [] } });
		expect(updated).toMatchObject({ jobTitle: '部長', businessPhones: [], mobilePhone: '+81 90 5555 0101' });

		// The same contact through EWS: same content, the link readable as the same named property.
		const [converted] = (await api('post', `${ALICE}/translateExchangeIds`, { body: { inputIds: [created.id], sourceIdType: 'restImmutableEntryId', targetIdType: 'ewsId' } })).value;
		const syncId = new ExtendedPropertyDefinition(new Guid(SYNC_PROPERTY_SET_GUID), SYNC_ID_PROPERTY_NAME, MapiPropertyType.String);
		const seenByEws = await Contact.Bind(ews, new ItemId(converted.targetId), new PropertySet(BasePropertySet.FirstClassProperties, [syncId]));
		expect([seenByEws.GivenName, seenByEws.Surname, seenByEws.JobTitle, extendedValue(seenByEws, syncId)]).toEqual(['Zoë', '山田 & <Söhne>', '部長', 'crm-山田-1']);

		expect(await failure('patch', `${ALICE}/contacts/${created.id}`, { body: { nickname: 'typo' } })).toMatchObject({ statusCode: 400, code: 'RequestBodyRead' });
		// Deleted: in Deleted Items, where its immutable id still finds it; its REST id is gone.
		const restId = (await api('get', `${ALICE}/contacts/${created.id}`)).id;
		await api('delete', `${ALICE}/contacts/${created.id}`);
		const deletedItems = await api('get', `${ALICE}/mailFolders/deleteditems`);
		expect(await api('get', `${ALICE}/contacts/${created.id}`, { headers: IMMUTABLE })).toMatchObject({ id: created.id, parentFolderId: deletedItems.id });
		expect(await failure('get', `${ALICE}/contacts/${restId}`)).toMatchObject({ statusCode: 404, code: 'ErrorItemNotFound' });
	});

	it('purges contacts, events and messages with permanentDelete, soft-deletes a message into Recoverable Items, and translates an EWS id to the immutable id', async () => {
		const contact = await api('post', `${ALICE}/contacts`, { headers: IMMUTABLE, body: { givenName: 'Purged' } });
		const event = await api('post', `${ALICE}/events`, { headers: IMMUTABLE, body: { subject: 'Purged', start: { dateTime: '2031-04-01T09:00:00', timeZone: 'UTC' }, end: { dateTime: '2031-04-01T10:00:00', timeZone: 'UTC' } } });
		const message = await api('post', `${ALICE}/messages`, { headers: IMMUTABLE, body: { subject: 'Purged' } });
		const softDeleted = await api('post', `${ALICE}/messages`, { headers: IMMUTABLE, body: { subject: 'Soft-deleted' } });
		const [ewsId] = (await api('post', `${ALICE}/translateExchangeIds`, { body: { inputIds: [contact.id], sourceIdType: 'restImmutableEntryId', targetIdType: 'ewsId' } })).value;
		const [back] = (await api('post', `${ALICE}/translateExchangeIds`, { body: { inputIds: [ewsId.targetId], sourceIdType: 'ewsId', targetIdType: 'restImmutableEntryId' } })).value;
		expect(back.targetId).toBe(contact.id);
		for (const path of [`contacts/${contact.id}`, `events/${event.id}`, `messages/${message.id}`]) {
			await api('post', `${ALICE}/${path}/permanentDelete`);
			expect(await failure('get', `${ALICE}/${path}`, { headers: IMMUTABLE })).toMatchObject({ statusCode: 404, code: 'ErrorItemNotFound' });
		}
		const moved = await api('post', `${ALICE}/messages/${softDeleted.id}/move`, { headers: IMMUTABLE, body: { destinationId: 'recoverableitemsdeletions' } });
		expect(moved.id).toBe(softDeleted.id);
		// Recoverable Items is out of Graph's reach, as out of Outlook's.
		expect(await failure('get', `${ALICE}/messages/${softDeleted.id}`, { headers: IMMUTABLE })).toMatchObject({ statusCode: 404, code: 'ErrorItemNotFound' });
		// An EWS id whose item was purged names nothing.
		const [gone] = (await api('post', `${ALICE}/translateExchangeIds`, { body: { inputIds: [ewsId.targetId], sourceIdType: 'ewsId', targetIdType: 'restImmutableEntryId' } })).value;
		expect(gone).toMatchObject({ sourceId: ewsId.targetId, errorDetails: { code: 'ErrorItemNotFound' } });
	});

	it('takes a large attachment through an upload session: ranges without Authorization, the last one attaching the file', async () => {
		const draft = await api('post', `${ALICE}/messages`, { headers: IMMUTABLE, body: { subject: 'Upload session' } });
		const file = Buffer.from(Array.from({ length: 700_000 }, (_, index) => index % 251));
		const session = await api('post', `${ALICE}/messages/${draft.id}/attachments/createUploadSession`, {
			body: { AttachmentItem: { attachmentType: 'file', name: 'big.bin', size: file.length, contentType: 'application/octet-stream' } },
		});
		expect(session).toMatchObject({ uploadUrl: expect.stringMatching(/^https:\/\//), nextExpectedRanges: ['0-'] });
		const range = (start: number, end: number) => ({ 'Content-Range': `bytes ${start}-${end}/${file.length}` });
		expect((await putBytes(session.uploadUrl, file.subarray(0, 327_680), { ...range(0, 327_679), Authorization: 'Bearer x' })).status).toBe(401);
		const first = await putBytes(session.uploadUrl, file.subarray(0, 327_680), range(0, 327_679));
		expect([first.status, JSON.parse(first.text).nextExpectedRanges]).toEqual([200, ['327680-']]);
		expect((await putBytes(session.uploadUrl, file.subarray(0, 10), range(0, 9))).status).toBe(416);
		expect((await putBytes(session.uploadUrl, file.subarray(327_680), range(327_680, file.length - 1))).status).toBe(201);
		const [attachment] = (await api('get', `${ALICE}/messages/${draft.id}/attachments`, { headers: IMMUTABLE })).value;
		expect(attachment).toMatchObject({ name: 'big.bin', size: file.length });
		expect(Buffer.from(attachment.contentBytes, 'base64').equals(file)).toBe(true);
	});

	it('reads a named property written through EWS as the same Graph extended property', async () => {
		const syncId = new ExtendedPropertyDefinition(new Guid(SYNC_PROPERTY_SET_GUID), SYNC_ID_PROPERTY_NAME, MapiPropertyType.String);
		const contact = new Contact(ews);
		contact.GivenName = 'Ada';
		contact.Surname = 'Lovelace';
		contact.EmailAddresses._setItem(EmailAddressKey.EmailAddress1, new EmailAddress('ada@example.org'));
		contact.SetExtendedProperty(syncId, 'zoho-3141592653589793238');
		await contact.Save(new FolderId(WellKnownFolderName.Contacts));

		const found = await api('get', `${ALICE}/contacts`, {
			query: { $filter: `singleValueExtendedProperties/Any(ep: ep/id eq '${SYNC_ID.toUpperCase().replace('STRING', 'String').replace(' NAME ', ' Name ')}' and ep/value eq 'zoho-3141592653589793238')`, $expand: `singleValueExtendedProperties($filter=id eq '${SYNC_ID}')` },
		});
		expect(found.value).toEqual([expect.objectContaining({ givenName: 'Ada', surname: 'Lovelace', emailAddresses: [{ name: 'ada@example.org', address: 'ada@example.org' }], singleValueExtendedProperties: [{ id: SYNC_ID, value: 'zoho-3141592653589793238' }] })]);
	});
});

describe('delta', () => {
	it('pages with nextLink to a deltaLink, reports changes and removals, and answers 410 once tokens expire', async () => {
		const prefer = { Prefer: 'IdType="ImmutableId", odata.maxpagesize=2' };
		const first = await graph.call<{ items: Json[]; deltaLink: string }>('pages', { name: 'app', path: `${ALICE}/contacts/delta`, headers: prefer });
		const seeded = first.items.length;
		expect(seeded).toBeGreaterThan(2);
		expect(first.deltaLink).toContain('$deltatoken=');

		const added = await api('post', `${ALICE}/contacts`, { headers: IMMUTABLE, body: { givenName: 'New', surname: 'Person' } });
		const gone = first.items[0];
		await api('delete', `${ALICE}/contacts/${gone.id}`, { headers: IMMUTABLE });
		const second = await graph.call<{ items: Json[]; deltaLink: string }>('pages', { name: 'app', path: first.deltaLink, headers: prefer });
		expect(second.items).toEqual(expect.arrayContaining([expect.objectContaining({ id: added.id, givenName: 'New' }), { '@odata.type': '#microsoft.graph.contact', id: gone.id, '@removed': { reason: 'changed' } }]));
		expect(second.items).toHaveLength(2);

		expect(await server.control.expireDeltaTokens('alice@example.test')).toBeGreaterThan(0);
		expect(await failure('get', second.deltaLink, { headers: prefer })).toMatchObject({ statusCode: 410, code: 'SyncStateNotFound' });
		const resync = await graph.call<{ items: Json[] }>('pages', { name: 'app', path: `${ALICE}/contacts/delta`, headers: prefer });
		// A clean resync: every contact there is now, once, nothing removed.
		expect(resync.items).toHaveLength(seeded);
		const ids = resync.items.map((item) => item.id);
		expect(new Set(ids).size).toBe(seeded);
		expect(ids).toContain(added.id);
		expect(ids).not.toContain(gone.id);
		expect(resync.items.filter((item) => '@removed' in item)).toEqual([]);
	});
});

describe('events', () => {
	it('keeps a weekly series across the change to summer time, with an exception and a cancelled occurrence', async () => {
		const series = await api('post', `${ALICE}/events`, {
			headers: IMMUTABLE,
			body: {
				subject: 'Standup ☕ (Berlin)',
				start: { dateTime: '2031-03-17T09:00:00', timeZone: 'W. Europe Standard Time' },
				end: { dateTime: '2031-03-17T09:30:00', timeZone: 'W. Europe Standard Time' },
				recurrence: { pattern: { type: 'weekly', interval: 1, daysOfWeek: ['monday'] }, range: { type: 'numbered', startDate: '2031-03-17', numberOfOccurrences: 4 } },
				singleValueExtendedProperties: [{ id: SYNC_ID, value: 'series-1' }],
			},
		});
		expect(series).toMatchObject({ type: 'seriesMaster', originalStartTimeZone: 'W. Europe Standard Time', recurrence: { range: { type: 'numbered', numberOfOccurrences: 4, recurrenceTimeZone: 'W. Europe Standard Time' } } });
		const window = { startDateTime: '2031-03-01T00:00:00Z', endDateTime: '2031-04-30T00:00:00Z' };
		// Summer time in Europe starts on 30 March 2031: the wall clock stays at 09:00, UTC moves.
		const inUtc = await api('get', `${ALICE}/events/${series.id}/instances`, { headers: IMMUTABLE, query: window });
		expect(inUtc.value.map((e: Json) => e.start.dateTime)).toEqual(['2031-03-17T08:00:00.0000000', '2031-03-24T08:00:00.0000000', '2031-03-31T07:00:00.0000000', '2031-04-07T07:00:00.0000000']);

		const [, second, third] = inUtc.value;
		const moved = await api('patch', `${ALICE}/events/${second.id}`, {
			headers: { ...IMMUTABLE, Prefer: 'IdType="ImmutableId", outlook.timezone="Europe/Berlin"' },
			body: { start: { dateTime: '2031-03-24T14:00:00', timeZone: 'Europe/Berlin' }, end: { dateTime: '2031-03-24T14:30:00', timeZone: 'Europe/Berlin' }, subject: 'Standup moved' },
		});
		expect(moved).toMatchObject({ type: 'exception', seriesMasterId: series.id, start: { dateTime: '2031-03-24T14:00:00.0000000', timeZone: 'Europe/Berlin' }, originalStart: '2031-03-24T08:00:00Z' });
		await api('delete', `${ALICE}/events/${third.id}`, { headers: IMMUTABLE });

		const view = await api('get', `${ALICE}/calendarView`, { headers: { Prefer: 'outlook.timezone="Europe/Berlin"' }, query: { ...window, $filter: "subject eq 'Standup moved' or startswith(subject, 'Standup ☕')" } });
		expect(view.value.map((e: Json) => [e.type, e.start.dateTime, e.subject])).toEqual([
			['occurrence', '2031-03-17T09:00:00.0000000', 'Standup ☕ (Berlin)'],
			['exception', '2031-03-24T14:00:00.0000000', 'Standup moved'],
			['occurrence', '2031-04-07T09:00:00.0000000', 'Standup ☕ (Berlin)'],
		]);
		const master = await api('get', `${ALICE}/events/${series.id}`, { headers: IMMUTABLE, query: { $select: 'subject,cancelledOccurrences', $expand: 'exceptionOccurrences' } });
		expect(master.cancelledOccurrences).toEqual([`OID.${series.id}.2031-03-31`]);
		expect(master.exceptionOccurrences.map((e: Json) => e.subject)).toEqual(['Standup moved']);

		// EWS reads the same series: the link, the exception and the deleted occurrence.
		const [ews] = (await server.control.items('alice@example.test', 'calendar')).filter((item) => item.syncId === 'series-1');
		expect((ews as Json).recurrence).toMatchObject({ rrule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=4', deletedOccurrences: ['2031-03-31'], modifiedOccurrences: [expect.objectContaining({ subject: 'Standup moved' })] });
	});

	it('keeps a series in an IANA zone that shares a Windows zone (Europe/Lisbon: GMT Standard Time) on its wall clock across summer time', async () => {
		const series = await api('post', `${ALICE}/events`, {
			headers: IMMUTABLE,
			body: {
				subject: 'Lisbon weekly',
				start: { dateTime: '2031-03-24T09:00:00', timeZone: 'Europe/Lisbon' },
				end: { dateTime: '2031-03-24T09:30:00', timeZone: 'Europe/Lisbon' },
				recurrence: { pattern: { type: 'weekly', interval: 1, daysOfWeek: ['monday'] }, range: { type: 'numbered', startDate: '2031-03-24', numberOfOccurrences: 2 } },
			},
		});
		// Portugal moves to summer time on 30 March 2031: 09:00 in Lisbon is 09:00Z, then 08:00Z.
		const window = { startDateTime: '2031-03-01T00:00:00Z', endDateTime: '2031-04-30T00:00:00Z' };
		const inUtc = await api('get', `${ALICE}/events/${series.id}/instances`, { headers: IMMUTABLE, query: window });
		expect(inUtc.value.map((e: Json) => e.start.dateTime)).toEqual(['2031-03-24T09:00:00.0000000', '2031-03-31T08:00:00.0000000']);
		// EWS reads the zone Exchange keeps for it, by its Windows id.
		const [ews] = (await server.control.items('alice@example.test', 'calendar')).filter((item) => item.subject === 'Lisbon weekly');
		expect((ews as Json).timeZone).toBe('Europe/London');
	});

	it('mails attendees for changes they see, not for the organizer\'s own properties, and records their answers', async () => {
		const meeting = await api('post', `${ALICE}/events`, {
			body: {
				subject: 'Pricing review',
				start: { dateTime: '2031-05-05T10:00:00', timeZone: 'America/New_York' },
				end: { dateTime: '2031-05-05T11:00:00', timeZone: 'America/New_York' },
				attendees: [{ type: 'required', emailAddress: { address: 'bob@example.test', name: 'Bob Brown' } }],
			},
		});
		const uid = meeting.iCalUId as string;
		expect((await counters()).invitationsByMeeting[uid]).toBe(1);
		await api('patch', `${ALICE}/events/${meeting.id}`, { body: { categories: ['CRM'], reminderMinutesBeforeStart: 5, singleValueExtendedProperties: [{ id: SYNC_ID, value: 'm-1' }] } });
		expect((await counters()).invitationsByMeeting[uid]).toBe(1);
		await api('patch', `${ALICE}/events/${meeting.id}`, { body: { subject: 'Pricing review' } });
		expect((await counters()).invitationsByMeeting[uid]).toBe(2);

		const bobCopy = (await api('get', `${BOB}/events`, { query: { $filter: `iCalUId eq '${uid}'` } })).value[0];
		expect(bobCopy).toMatchObject({ subject: 'Pricing review', isOrganizer: false, responseStatus: { response: 'notResponded' }, organizer: { emailAddress: { address: 'alice@example.test' } } });
		await api('post', `${BOB}/events/${bobCopy.id}/accept`, { body: { comment: 'Passt', sendResponse: true } });
		const organizerView = await api('get', `${ALICE}/events/${meeting.id}`, { query: { $select: 'attendees' } });
		expect(organizerView.attendees).toEqual([expect.objectContaining({ emailAddress: { name: 'Bob Brown', address: 'bob@example.test' }, status: { response: 'accepted', time: expect.any(String) } })]);

		const schedule = await api('post', `${ALICE}/calendar/getSchedule`, {
			headers: { Prefer: 'outlook.timezone="America/New_York"' },
			body: { schedules: ['bob@example.test', 'nobody@example.test'], startTime: { dateTime: '2031-05-05T09:00:00', timeZone: 'America/New_York' }, endTime: { dateTime: '2031-05-05T12:00:00', timeZone: 'America/New_York' }, availabilityViewInterval: 60 },
		});
		expect(schedule.value[0]).toMatchObject({ scheduleId: 'bob@example.test', availabilityView: '020', scheduleItems: [{ status: 'busy', subject: 'Pricing review', start: { dateTime: '2031-05-05T10:00:00.0000000', timeZone: 'America/New_York' } }] });
		expect(schedule.value[1]).toMatchObject({ scheduleId: 'nobody@example.test', error: { responseCode: 'ErrorMailRecipientNotFound' } });

		await api('delete', `${ALICE}/events/${meeting.id}`);
		expect((await counters()).cancellationsByMeeting[uid]).toBe(1);
		expect((await api('get', `${BOB}/events/${bobCopy.id}`, { query: { $select: 'isCancelled' } })).isCancelled).toBe(true);
	});

	it('writes a link on an event that EWS reads as the same named property', async () => {
		const event = await api('post', `${ALICE}/events`, {
			body: { subject: 'Linked', start: { dateTime: '2031-06-02T10:00:00', timeZone: 'UTC' }, end: { dateTime: '2031-06-02T11:00:00', timeZone: 'UTC' }, singleValueExtendedProperties: [{ id: SYNC_ID, value: 'crm-event-7' }] },
		});
		const [converted] = (await api('post', `${ALICE}/translateExchangeIds`, { body: { inputIds: [event.id], sourceIdType: 'restId', targetIdType: 'ewsId' } })).value;
		const syncId = new ExtendedPropertyDefinition(new Guid(SYNC_PROPERTY_SET_GUID), SYNC_ID_PROPERTY_NAME, MapiPropertyType.String);
		const appointment = await Appointment.Bind(ews, new ItemId(converted.targetId), new PropertySet(BasePropertySet.FirstClassProperties, [syncId]));
		expect([appointment.Subject, extendedValue(appointment, syncId)]).toEqual(['Linked', 'crm-event-7']);

		// A file attached through EWS is the event's attachment through Graph.
		appointment.Attachments.AddFileAttachment('agenda.txt', Buffer.from('1. Zahlen').toString('base64'));
		await appointment.Update(ConflictResolutionMode.AlwaysOverwrite, SendInvitationsOrCancellationsMode.SendToNone);
		const withAttachments = await api('get', `${ALICE}/events/${event.id}`, { query: { $select: 'hasAttachments', $expand: 'attachments' } });
		expect(withAttachments).toMatchObject({ hasAttachments: true, attachments: [expect.objectContaining({ name: 'agenda.txt', contentBytes: Buffer.from('1. Zahlen').toString('base64') })] });
		expect(await failure('get', `${ALICE}/events/${event.id}`, { query: { $expand: 'instances' } })).toMatchObject({ statusCode: 400 });
	});

	it('reaches the organizer with each attendee\'s answer: tentative, declined (gone from the attendee\'s calendar), accepted', async () => {
		const people = { bob: 'Bob Brown', carol: 'Carol Chen', dave: 'Dave Diaz' };
		const meeting = await api('post', `${ALICE}/events`, {
			body: {
				subject: 'Quarterly plan',
				start: { dateTime: '2031-08-04T09:00:00', timeZone: 'UTC' },
				end: { dateTime: '2031-08-04T10:00:00', timeZone: 'UTC' },
				attendees: Object.keys(people).map((name) => ({ type: 'required', emailAddress: { address: `${name}@example.test` } })),
			},
		});
		const copyOf = async (name: string) => (await api('get', `/users/${name}@example.test/events`, { query: { $filter: `iCalUId eq '${meeting.iCalUId}'` } })).value[0];
		const answers = { bob: 'tentativelyAccept', carol: 'decline', dave: 'accept' };
		for (const [name, action] of Object.entries(answers)) {
			const copy = await copyOf(name);
			await api('post', `/users/${name}@example.test/events/${copy.id}/${action}`, { body: { comment: `${name} answers`, sendResponse: true } });
		}
		const organizerView = await api('get', `${ALICE}/events/${meeting.id}`, { query: { $select: 'attendees' } });
		const statuses = Object.fromEntries(organizerView.attendees.map((a: Json) => [a.emailAddress.address, a.status.response]));
		expect(statuses).toEqual({ 'bob@example.test': 'tentativelyAccepted', 'carol@example.test': 'declined', 'dave@example.test': 'accepted' });
		expect((await copyOf('bob')).responseStatus.response).toBe('tentativelyAccepted');
		expect(await copyOf('carol')).toBeUndefined();
		expect((await copyOf('dave')).responseStatus.response).toBe('accepted');
		// Free/busy follows the answers: tentative, free (declined), busy.
		const schedule = await api('post', `${ALICE}/calendar/getSchedule`, {
			body: { schedules: ['bob@example.test', 'carol@example.test', 'dave@example.test'], startTime: { dateTime: '2031-08-04T09:00:00', timeZone: 'UTC' }, endTime: { dateTime: '2031-08-04T10:00:00', timeZone: 'UTC' }, availabilityViewInterval: 60 },
		});
		expect(schedule.value.map((s: Json) => [s.scheduleId, s.availabilityView, s.scheduleItems.map((i: Json) => i.status)])).toEqual([
			['bob@example.test', '1', ['tentative']],
			['carol@example.test', '0', []],
			['dave@example.test', '2', ['busy']],
		]);
		// The organizer does not answer its own meeting.
		expect(await failure('post', `${ALICE}/events/${meeting.id}/accept`, { body: { sendResponse: false } })).toMatchObject({ statusCode: 400 });
	});

	it('keeps all-day events on their dates, answers a repeated transactionId with the first event, and refuses a stale If-Match', async () => {
		const body = {
			subject: 'Messe – 展示会',
			isAllDay: true,
			start: { dateTime: '2031-10-27T00:00:00', timeZone: 'Tokyo Standard Time' },
			end: { dateTime: '2031-10-29T00:00:00', timeZone: 'Tokyo Standard Time' },
			body: { contentType: 'html', content: '<p>Stand <b>B4</b></p>' },
			transactionId: 'crm-create-7',
		};
		const event = await api('post', `${ALICE}/events`, { body });
		// All-day dates stay the same whatever zone the answer is given in.
		const inNewYork = await api('get', `${ALICE}/events/${event.id}`, { headers: { Prefer: 'outlook.timezone="America/New_York", outlook.body-content-type="text"' } });
		expect(inNewYork).toMatchObject({ isAllDay: true, start: { dateTime: '2031-10-27T00:00:00.0000000', timeZone: 'America/New_York' }, end: { dateTime: '2031-10-29T00:00:00.0000000' } });
		expect(inNewYork.body).toEqual({ contentType: 'text', content: expect.stringContaining('Stand B4') });

		const again = await api('post', `${ALICE}/events`, { body });
		expect(again.id).toBe(event.id);
		expect((await api('get', `${ALICE}/events`, { query: { $filter: "subject eq 'Messe – 展示会'" } })).value).toHaveLength(1);

		await api('patch', `${ALICE}/events/${event.id}`, { headers: { 'If-Match': event['@odata.etag'] }, body: { subject: 'Messe – Tag 1' } });
		expect(await failure('patch', `${ALICE}/events/${event.id}`, { headers: { 'If-Match': event['@odata.etag'] }, body: { subject: 'Messe – stale' } })).toMatchObject({ statusCode: 412, code: 'ErrorIrresolvableConflict' });
		expect(await failure('post', `${ALICE}/events`, { body: { ...body, transactionId: 'crm-create-8', start: { dateTime: '2031-10-27T09:00:00', timeZone: 'UTC' } } })).toMatchObject({ statusCode: 400 });
	});

	it('tracks a window with calendarView/delta: occurrences of a series, changes and removals, nothing outside it', async () => {
		const at = (day: string, time: string) => ({ dateTime: `2031-09-${day}T${time}:00`, timeZone: 'UTC' });
		const single = await api('post', `${ALICE}/events`, { headers: IMMUTABLE, body: { subject: 'Delta single', start: at('02', '10:00'), end: at('02', '11:00') } });
		await api('post', `${ALICE}/events`, { body: { subject: 'Delta outside', start: at('20', '10:00'), end: at('20', '11:00') } });
		await api('post', `${ALICE}/events`, {
			body: {
				subject: 'Delta daily',
				start: at('03', '08:00'),
				end: at('03', '08:15'),
				recurrence: { pattern: { type: 'daily', interval: 1 }, range: { type: 'numbered', startDate: '2031-09-03', numberOfOccurrences: 3 } },
			},
		});
		const path = `${ALICE}/calendarView/delta?startDateTime=2031-09-01T00:00:00Z&endDateTime=2031-09-08T00:00:00Z`;
		const prefer = { Prefer: 'IdType="ImmutableId", odata.maxpagesize=2' };
		const first = await graph.call<{ items: Json[]; deltaLink: string }>('pages', { name: 'app', path, headers: prefer });
		expect(first.items.map((e: Json) => [e.type, e.subject, e.start.dateTime]).sort()).toEqual([
			['occurrence', 'Delta daily', '2031-09-03T08:00:00.0000000'],
			['occurrence', 'Delta daily', '2031-09-04T08:00:00.0000000'],
			['occurrence', 'Delta daily', '2031-09-05T08:00:00.0000000'],
			['singleInstance', 'Delta single', '2031-09-02T10:00:00.0000000'],
		]);
		expect(first.deltaLink).toContain('$deltatoken=');

		const quiet = await graph.call<{ items: Json[]; deltaLink: string }>('pages', { name: 'app', path: first.deltaLink, headers: prefer });
		expect(quiet.items).toEqual([]);

		await api('patch', `${ALICE}/events/${single.id}`, { headers: IMMUTABLE, body: { subject: 'Delta single – renamed' } });
		const second = first.items.find((e: Json) => e.start.dateTime.startsWith('2031-09-04'))!;
		await api('delete', `${ALICE}/events/${second.id}`, { headers: IMMUTABLE });
		const changes = await graph.call<{ items: Json[]; deltaLink: string }>('pages', { name: 'app', path: quiet.deltaLink, headers: prefer });
		expect(changes.items).toEqual(expect.arrayContaining([expect.objectContaining({ id: single.id, subject: 'Delta single – renamed' }), { '@odata.type': '#microsoft.graph.event', id: second.id, '@removed': { reason: 'deleted' } }]));

		await api('delete', `${ALICE}/events/${single.id}`, { headers: IMMUTABLE });
		const removal = await graph.call<{ items: Json[] }>('pages', { name: 'app', path: changes.deltaLink, headers: prefer });
		expect(removal.items).toEqual([{ '@odata.type': '#microsoft.graph.event', id: single.id, '@removed': { reason: 'deleted' } }]);

		expect(await failure('get', path, { query: { $select: 'subject' } })).toMatchObject({ statusCode: 400, code: 'ErrorInvalidUrlQuery' });
		expect(await failure('get', `${ALICE}/calendarView/delta`)).toMatchObject({ statusCode: 400, code: 'ErrorInvalidParameter' });
	});

	it('finds events by their times, by type and by iCalUId, and still answers a deleted event by its id (it is in Deleted Items)', async () => {
		const at = (day: string, time: string) => ({ dateTime: `2031-10-${day}T${time}:00`, timeZone: 'UTC' });
		const early = await api('post', `${ALICE}/events`, { headers: IMMUTABLE, body: { subject: 'Find early', start: at('01', '09:00'), end: at('01', '10:00') } });
		await api('post', `${ALICE}/events`, { body: { subject: 'Find late', start: at('09', '09:00'), end: at('09', '10:00') } });
		const series = await api('post', `${ALICE}/events`, {
			headers: IMMUTABLE,
			body: { subject: 'Find series', start: at('02', '08:00'), end: at('02', '08:30'), recurrence: { pattern: { type: 'daily', interval: 1 }, range: { type: 'numbered', startDate: '2031-10-02', numberOfOccurrences: 2 } } },
		});
		const subjects = async (filter: string) =>
			(await api('get', `${ALICE}/events`, { query: { $filter: `startswith(subject, 'Find') and ${filter}`, $select: 'subject' } })).value.map((e: Json) => e.subject).sort();
		expect(await subjects("end/dateTime gt '2031-10-01T12:00:00' and start/dateTime lt '2031-10-05T00:00:00'")).toEqual(['Find series']);
		expect(await subjects("type eq 'seriesMaster'")).toEqual(['Find series']);
		const byUid = await api('get', `${ALICE}/events`, { headers: IMMUTABLE, query: { $filter: `iCalUId eq '${series.iCalUId}'`, $select: 'id' } });
		expect(byUid.value.map((e: Json) => e.id)).toEqual([series.id]);
		expect(series.iCalUId).not.toBe(early.iCalUId);

		await api('delete', `${ALICE}/events/${early.id}`, { headers: IMMUTABLE });
		expect(await api('get', `${ALICE}/events/${early.id}`, { headers: IMMUTABLE, query: { $select: 'subject' } })).toMatchObject({ subject: 'Find early' });
		expect((await api('get', `${ALICE}/events`, { query: { $filter: `iCalUId eq '${early.iCalUId}'`, $select: 'id' } })).value).toEqual([]);

		// The primary calendar by its id too; no other calendar exists.
		const calendar = await api('get', `${ALICE}/calendar`);
		const inCalendar = await api('get', `${ALICE}/calendars/${calendar.id}/events`, { headers: IMMUTABLE, query: { $filter: `iCalUId eq '${series.iCalUId}'`, $select: 'id' } });
		expect(inCalendar.value.map((e: Json) => e.id)).toEqual([series.id]);
		expect(await failure('get', `${ALICE}/calendars/AAMkAnother/events`)).toMatchObject({ statusCode: 404, code: 'ErrorItemNotFound' });
	});
});

describe('messages', () => {
	it('sends mail with an attachment to another mailbox, files it, and keeps its immutable id across a move', async () => {
		const content = Buffer.from('Angebot für Ölförderung – ✓').toString('base64');
		await api('post', `${ALICE}/sendMail`, {
			body: {
				message: {
					subject: 'Angebot – 見積書',
					body: { contentType: 'html', content: '<p>Grüße, Alice</p>' },
					toRecipients: [{ emailAddress: { address: 'bob@example.test' } }],
					attachments: [{ '@odata.type': '#microsoft.graph.fileAttachment', name: 'angebot.txt', contentType: 'text/plain', contentBytes: content }],
				},
			},
		});
		const inbox = await api('get', `${BOB}/mailFolders/inbox/messages`, { headers: IMMUTABLE, query: { $filter: "subject eq 'Angebot – 見積書'", $expand: 'attachments' } });
		expect(inbox.value).toEqual([expect.objectContaining({ isRead: false, isDraft: false, hasAttachments: true, from: { emailAddress: expect.objectContaining({ address: 'alice@example.test' }) } })]);
		const message = inbox.value[0];
		expect(message.attachments).toEqual([expect.objectContaining({ name: 'angebot.txt', contentBytes: content, '@odata.type': '#microsoft.graph.fileAttachment' })]);
		expect((await api('get', `${ALICE}/mailFolders/sentitems/messages`, { query: { $filter: "subject eq 'Angebot – 見積書'" } })).value).toHaveLength(1);

		await api('patch', `${BOB}/messages/${message.id}`, { headers: IMMUTABLE, body: { isRead: true } });
		const moved = await api('post', `${BOB}/messages/${message.id}/move`, { headers: IMMUTABLE, body: { destinationId: 'deleteditems' } });
		expect(moved).toMatchObject({ id: message.id, isRead: true });
		const deletedItems = await api('get', `${BOB}/mailFolders/deleteditems`);
		expect(moved.parentFolderId).toBe(deletedItems.id);
		const folders = (await api('get', `${BOB}/mailFolders`)).value.map((f: Json) => f.displayName);
		expect(folders).toEqual(expect.arrayContaining(['Inbox', 'Sent Items', 'Deleted Items', 'Drafts']));
	});

	it('saves a draft, attaches and removes files, sends it, and reports folder changes through messages/delta', async () => {
		const inboxDelta = await graph.call<{ items: Json[]; deltaLink: string }>('pages', { name: 'app', path: `${BOB}/mailFolders/inbox/messages/delta`, headers: IMMUTABLE });
		const draft = await api('post', `${ALICE}/messages`, {
			headers: IMMUTABLE,
			body: { subject: 'Entwurf <&> "quoted"', body: { contentType: 'text', content: 'Zeile 1\nZeile 2' }, toRecipients: [{ emailAddress: { address: 'bob@example.test', name: 'Bob Brown' } }] },
		});
		expect(draft).toMatchObject({ isDraft: true, hasAttachments: false, subject: 'Entwurf <&> "quoted"' });
		const drafts = await api('get', `${ALICE}/mailFolders/drafts`);
		expect(draft.parentFolderId).toBe(drafts.id);

		const attachments = `${ALICE}/messages/${draft.id}/attachments`;
		const keep = await api('post', attachments, { headers: IMMUTABLE, body: { '@odata.type': '#microsoft.graph.fileAttachment', name: 'keep.csv', contentType: 'text/csv', contentBytes: Buffer.from('a;b\n1;2').toString('base64') } });
		const drop = await api('post', attachments, { headers: IMMUTABLE, body: { '@odata.type': '#microsoft.graph.fileAttachment', name: 'drop.txt', contentBytes: Buffer.from('x').toString('base64') } });
		await api('delete', `${attachments}/${drop.id}`, { headers: IMMUTABLE });
		expect((await api('get', attachments, { headers: IMMUTABLE })).value.map((a: Json) => a.name)).toEqual(['keep.csv']);
		expect(await api('get', `${attachments}/${keep.id}`, { headers: IMMUTABLE })).toMatchObject({ name: 'keep.csv', contentType: 'text/csv', size: expect.any(Number) });

		await api('post', `${ALICE}/messages/${draft.id}/send`, { headers: IMMUTABLE });
		// (The client puts $filter into the URL as given, unencoded: an '&' in it would split the query.)
		const sent = await api('get', `${ALICE}/mailFolders/sentitems/messages`, { query: { $filter: "startswith(subject, 'Entwurf')" } });
		expect(sent.value).toEqual([expect.objectContaining({ isDraft: false, hasAttachments: true })]);

		const arrived = await graph.call<{ items: Json[]; deltaLink: string }>('pages', { name: 'app', path: inboxDelta.deltaLink, headers: IMMUTABLE });
		expect(arrived.items).toEqual([expect.objectContaining({ subject: 'Entwurf <&> "quoted"', isRead: false })]);
		const received = arrived.items[0];
		expect((await api('get', `${BOB}/messages/${received.id}`, { headers: IMMUTABLE, query: { $select: 'subject,body' } })).body.content).toContain('Zeile 2');

		// Not kept in Sent Items when saveToSentItems is false.
		await api('post', `${ALICE}/sendMail`, { body: { message: { subject: 'No copy', toRecipients: [{ emailAddress: { address: 'bob@example.test' } }] }, saveToSentItems: false } });
		expect((await api('get', `${ALICE}/mailFolders/sentitems/messages`, { query: { $filter: "subject eq 'No copy'" } })).value).toEqual([]);

		// A copy gets its own id; moving the original out of the Inbox is a removal for the Inbox's delta.
		const copy = await api('post', `${BOB}/messages/${received.id}/copy`, { headers: IMMUTABLE, body: { destinationId: 'drafts' } });
		expect(copy.id).not.toBe(received.id);
		await api('post', `${BOB}/messages/${received.id}/move`, { headers: IMMUTABLE, body: { destinationId: 'deleteditems' } });
		const after = await graph.call<{ items: Json[] }>('pages', { name: 'app', path: arrived.deltaLink, headers: IMMUTABLE });
		expect(after.items).toEqual(expect.arrayContaining([{ '@odata.type': '#microsoft.graph.message', id: received.id, '@removed': { reason: 'changed' } }, expect.objectContaining({ subject: 'No copy' })]));
		expect(after.items).toHaveLength(2);
	});
	it('files a copy of mail sent elsewhere as sent, not as a draft, when PR_MESSAGE_FLAGS says so', async () => {
		const filed = await api('post', `${ALICE}/mailFolders/sentitems/messages`, {
			body: {
				subject: 'Sent from the CRM',
				toRecipients: [{ emailAddress: { address: 'customer@elsewhere.test' } }],
				singleValueExtendedProperties: [
					{ id: 'Integer 0x0E07', value: '1' },
					{ id: 'SystemTime 0x0039', value: '2031-02-03T10:15:00Z' },
					{ id: 'SystemTime 0x0E06', value: '2031-02-03T10:15:00Z' },
				],
			},
		});
		expect(filed).toMatchObject({ isDraft: false, isRead: true, sentDateTime: '2031-02-03T10:15:00Z', receivedDateTime: '2031-02-03T10:15:00Z' });
		const sentItems = await api('get', `${ALICE}/mailFolders/sentitems`);
		expect(filed.parentFolderId).toBe(sentItems.id);
		// Nothing was sent: the copy is only filed.
		expect((await counters()).byOperation.messagesSent ?? 0).toBe(0);
	});

	it('finds unread mail sorted by change time when the filter names that time first, and by sender prefix', async () => {
		await api('post', `${ALICE}/mailFolders/inbox/messages`, {
			body: {
				subject: 'Unread from Carol',
				from: { emailAddress: { address: 'carol@example.test' } },
				toRecipients: [{ emailAddress: { address: 'alice@example.test' } }],
				isRead: false,
				singleValueExtendedProperties: [{ id: 'Integer 0x0E07', value: '0' }],
			},
		});
		const unread = await api('get', `${ALICE}/mailFolders/inbox/messages`, {
			query: { $filter: 'lastModifiedDateTime ge 1900-01-01T00:00:00Z and isRead eq false', $orderby: 'lastModifiedDateTime desc', $top: '100' },
		});
		expect(unread.value.map((message: Json) => message.subject)).toContain('Unread from Carol');
		expect(unread.value.every((message: Json) => message.isRead === false)).toBe(true);
		// Sorted by a property the filter does not name first: refused, as Outlook refuses it.
		const inefficient = await failure('get', `${ALICE}/mailFolders/inbox/messages`, { query: { $filter: 'isRead eq false', $orderby: 'lastModifiedDateTime desc' } });
		expect(inefficient).toMatchObject({ statusCode: 400, code: 'InefficientFilter' });
		const bySender = await api('get', `${ALICE}/mailFolders/inbox/messages`, { query: { $filter: "startswith(from/emailAddress/address,'carol')" } });
		expect(bySender.value.map((message: Json) => message.subject)).toEqual(['Unread from Carol']);
	});
});

describe('directory and folders', () => {
	it('finds users by the start of a name or address, and lists mail folders with children, contact folders, calendars and task lists', async () => {
		const users = await api('get', '/users', { query: { $filter: "startswith(displayName,'bob') or startswith(givenName,'bob') or startswith(mail,'bob')", $select: 'displayName,mail,userPrincipalName' } });
		expect(users.value).toEqual([expect.objectContaining({ displayName: 'Bob Brown', mail: 'bob@example.test' })]);
		const contacts = await api('get', `${ALICE}/contacts`, { query: { $filter: "startswith(displayName,'zz-none')", $select: 'displayName,emailAddresses' } });
		expect(contacts.value).toEqual([]);

		const mailFolders = (await api('get', `${ALICE}/mailFolders`, { query: { $top: '100' } })).value;
		const parent = mailFolders.find((folder: Json) => folder.childFolderCount > 0);
		const children = (await api('get', `${ALICE}/mailFolders/${parent.id}/childFolders`, { query: { $top: '100' } })).value;
		expect(children).toHaveLength(parent.childFolderCount);
		expect(children.every((folder: Json) => folder.parentFolderId === parent.id && typeof folder.totalItemCount === 'number')).toBe(true);
		expect((await api('get', `${ALICE}/contactFolders`, { query: { $top: '100' } })).value).toEqual(expect.any(Array));
		expect((await api('get', `${ALICE}/calendars`, { query: { $top: '100' } })).value).toEqual([expect.objectContaining({ name: 'Calendar' })]);
		expect((await api('get', `${ALICE}/todo/lists`, { query: { $top: '100' } })).value).toEqual(expect.arrayContaining([expect.objectContaining({ displayName: 'Tasks' })]));
	});
});

describe('To Do tasks', () => {
	it('links tasks with linkedResources (no extended properties in v1.0) and tracks them with delta', async () => {
		const lists = (await api('get', `${ALICE}/todo/lists`)).value;
		const defaultList = lists.find((list: Json) => list.wellknownListName === 'defaultList');
		expect(defaultList).toMatchObject({ displayName: 'Tasks', isOwner: true });
		const tasks = `${ALICE}/todo/lists/${defaultList.id}/tasks`;
		const start = await graph.call<{ items: Json[]; deltaLink: string }>('pages', { name: 'app', path: `${tasks}/delta` });

		const task = await api('post', tasks, {
			body: {
				title: 'Angebot nachfassen – 見積',
				importance: 'high',
				dueDateTime: { dateTime: '2031-07-01T00:00:00', timeZone: 'Europe/Berlin' },
				linkedResources: [{ applicationName: 'Zoho CRM', externalId: '3141592653589793238', webUrl: 'https://crm.example.test/tasks/3141592653589793238', displayName: 'CRM task' }],
			},
		});
		expect(task).toMatchObject({ status: 'notStarted', importance: 'high', dueDateTime: { dateTime: '2031-07-01T00:00:00.0000000', timeZone: 'UTC' } });
		const expanded = await api('get', `${tasks}/${task.id}`, { query: { $expand: 'linkedResources' } });
		expect(expanded.linkedResources).toEqual([expect.objectContaining({ applicationName: 'Zoho CRM', externalId: '3141592653589793238' })]);
		expect(await failure('get', `${tasks}/${task.id}`, { query: { $expand: 'singleValueExtendedProperties' } })).toMatchObject({ statusCode: 400 });

		const done = await api('patch', `${tasks}/${task.id}`, { body: { status: 'completed' } });
		expect(done).toMatchObject({ status: 'completed', completedDateTime: expect.objectContaining({ timeZone: 'UTC' }) });
		const changes = await graph.call<{ items: Json[] }>('pages', { name: 'app', path: start.deltaLink });
		expect(changes.items).toEqual([expect.objectContaining({ id: task.id, status: 'completed' })]);
		// Through EWS the same task is there, its link not.
		const [ewsTask] = (await server.control.items('alice@example.test', 'tasks')).filter((item) => (item as Json).subject === 'Angebot nachfassen – 見積');
		expect(ewsTask).toMatchObject({ status: 'Completed', syncId: null });
	});

	it('creates, renames and deletes lists; edits and removes linked resources; reports a deleted task through delta', async () => {
		const list = await api('post', `${ALICE}/todo/lists`, { body: { displayName: 'CRM – 日本' } });
		expect(list).toMatchObject({ displayName: 'CRM – 日本', wellknownListName: 'none', isOwner: true });
		expect(await api('patch', `${ALICE}/todo/lists/${list.id}`, { body: { displayName: 'CRM follow-ups' } })).toMatchObject({ id: list.id, displayName: 'CRM follow-ups' });
		const tasks = `${ALICE}/todo/lists/${list.id}/tasks`;
		const task = await api('post', tasks, { body: { title: 'Call back' } });
		const start = await graph.call<{ items: Json[]; deltaLink: string }>('pages', { name: 'app', path: `${tasks}/delta` });
		expect(start.items.map((t: Json) => t.id)).toEqual([task.id]);

		const links = `${tasks}/${task.id}/linkedResources`;
		const link = await api('post', links, { body: { applicationName: 'Zoho CRM', externalId: 'crm-1', displayName: 'Lead' } });
		expect(await api('patch', `${links}/${link.id}`, { body: { externalId: 'crm-2' } })).toMatchObject({ id: link.id, externalId: 'crm-2', applicationName: 'Zoho CRM' });
		expect((await api('get', links)).value).toEqual([expect.objectContaining({ id: link.id, externalId: 'crm-2' })]);
		await api('delete', `${links}/${link.id}`);
		expect((await api('get', links)).value).toEqual([]);
		// One link per task when it is created; tasks are not filtered on their links (list or delta instead).
		const twoLinks = [{ applicationName: 'Zoho CRM', externalId: 'a' }, { applicationName: 'Zoho CRM', externalId: 'b' }];
		expect(await failure('post', tasks, { body: { title: 'Two links', linkedResources: twoLinks } })).toMatchObject({ statusCode: 400, code: 'invalidRequest' });
		expect(await failure('get', tasks, { query: { $filter: "linkedResources/any(r: r/externalId eq 'a')" } })).toMatchObject({ statusCode: 400, code: 'BadRequest' });
		expect(await failure('get', `${links}/${link.id}`)).toMatchObject({ statusCode: 404 });

		await api('delete', `${tasks}/${task.id}`);
		const changes = await graph.call<{ items: Json[] }>('pages', { name: 'app', path: start.deltaLink });
		expect(changes.items).toEqual([{ '@odata.type': '#microsoft.graph.todoTask', id: task.id, '@removed': { reason: 'deleted' } }]);

		await api('delete', `${ALICE}/todo/lists/${list.id}`);
		expect(await failure('get', `${ALICE}/todo/lists/${list.id}`)).toMatchObject({ statusCode: 404 });
	});

	it('lists tasks with their links expanded, newest change first, page by page and in a $batch; refuses a stale If-Match', async () => {
		const defaultList = (await api('get', `${ALICE}/todo/lists`)).value.find((list: Json) => list.wellknownListName === 'defaultList');
		const tasks = `${ALICE}/todo/lists/${defaultList.id}/tasks`;
		const made: Json[] = [];
		for (const n of [1, 2, 3]) {
			made.push(await api('post', tasks, { body: { title: `Folgeauftrag ${n}`, linkedResources: [{ applicationName: 'n8n Exchange Zoho Sync', externalId: `sync-${n}`, displayName: '{"crmRecordId":null}' }] } }));
		}
		const paged = await graph.call<{ items: Json[] }>('pages', { name: 'app', path: `${tasks}?$expand=linkedResources&$orderby=lastModifiedDateTime desc&$top=2` });
		const ours = paged.items.filter((task) => String(task.title).startsWith('Folgeauftrag'));
		expect(ours.map((task) => [task.title, task.linkedResources.map((link: Json) => link.externalId)])).toEqual([3, 2, 1].map((n) => [`Folgeauftrag ${n}`, [`sync-${n}`]]));
		expect((await api('get', tasks, { query: { $filter: "startswith(title,'Folgeauftrag 2')" } })).value.map((task: Json) => task.id)).toEqual([made[1].id]);

		const batched = await graph.call<Json[]>('batch', {
			name: 'app',
			origin: server.origin,
			requests: made.map((task, index) => ({ id: String(index + 1), method: 'GET', url: `${tasks}/${task.id}?$expand=linkedResources` })),
		});
		expect(batched.map((answer) => [answer.status, answer.body.linkedResources[0].externalId]).sort()).toEqual([
			[200, 'sync-1'],
			[200, 'sync-2'],
			[200, 'sync-3'],
		]);

		await api('patch', `${tasks}/${made[0].id}`, { headers: { 'If-Match': made[0]['@odata.etag'] }, body: { title: 'Folgeauftrag 1 – erledigt' } });
		expect(await failure('patch', `${tasks}/${made[0].id}`, { headers: { 'If-Match': made[0]['@odata.etag'] }, body: { title: 'stale' } })).toMatchObject({ statusCode: 412 });
	});
});

describe('$batch', () => {
	it('answers each request on its own, orders them by dependsOn, fails dependants, and refuses more than 20', async () => {
		// Serial, with the client's BatchRequestContent.
		const serial = await graph.call<Json[]>('batch', {
			name: 'app',
			origin: server.origin,
			requests: [
				{ id: '1', method: 'POST', url: `${ALICE}/contacts`, body: { givenName: 'Batch', surname: 'One' } },
				{ id: '2', method: 'GET', url: `${ALICE}/contacts?$filter=surname eq 'One'&$select=givenName`, dependsOn: ['1'] },
			],
		});
		const byId = Object.fromEntries(serial.map((r) => [r.id, r]));
		expect(byId['1'].status).toBe(201);
		expect(byId['2']).toMatchObject({ status: 200, body: { value: [expect.objectContaining({ givenName: 'Batch' })] } });

		// A request whose dependency failed is not run.
		const mixed = await api('post', '/$batch', {
			body: {
				requests: [
					{ id: 'a', method: 'GET', url: `${ALICE}/contacts/not-an-id` },
					{ id: 'b', method: 'GET', url: `${ALICE}/contacts?$top=1`, dependsOn: ['a'] },
					{ id: 'c', method: 'GET', url: '/users/svc-sync@example.test/contacts' },
				],
			},
		});
		expect(Object.fromEntries(mixed.responses.map((r: Json) => [r.id, [r.status, r.body?.error?.code]]))).toEqual({ a: [404, 'ErrorItemNotFound'], b: [424, 'FailedDependency'], c: [403, 'ErrorAccessDenied'] });

		const tooMany = Array.from({ length: 21 }, (_, i) => ({ id: String(i + 1), method: 'GET', url: '/users/alice@example.test/contacts?$top=1' }));
		expect(await failure('post', '/$batch', { body: { requests: tooMany } })).toMatchObject({ statusCode: 400, code: 'BadRequest' });
		const counted = await counters();
		expect(counted.byOperation.$batch).toBe(3);
		expect(counted.byOperation['contacts.create']).toBe(1);
	});
});

describe('change notifications', () => {
	it('validates the endpoint, delivers changes made through EWS with the clientState, and sends lifecycle events', async () => {
		const expirationDateTime = new Date(Date.now() + 60 * 60_000).toISOString();
		const subscription = await api('post', '/subscriptions', {
			headers: IMMUTABLE,
			body: { changeType: 'created,updated,deleted', notificationUrl: `${receiverUrl}/notify`, lifecycleNotificationUrl: `${receiverUrl}/lifecycle`, resource: 'users/alice@example.test/contacts', expirationDateTime, clientState: 'secret-state' },
		});
		expect(subscription).toMatchObject({ resource: 'users/alice@example.test/contacts', clientState: 'secret-state', expirationDateTime: expect.any(String) });

		const contact = new Contact(ews);
		contact.GivenName = 'Notified';
		await contact.Save(new FolderId(WellKnownFolderName.Contacts));
		const notification = await until(() => received.find((entry) => entry.path === '/notify'), 'a notification');
		expect(notification.value).toEqual([
			expect.objectContaining({ subscriptionId: subscription.id, changeType: 'created', clientState: 'secret-state', resourceData: expect.objectContaining({ '@odata.type': '#Microsoft.Graph.Contact', id: expect.any(String) }) }),
		]);
		const read = await api('get', `${ALICE}/contacts/${notification.value[0].resourceData.id}`);
		expect(read.givenName).toBe('Notified');

		expect(await server.control.lifecycle('missed', subscription.id)).toBe(1);
		const lifecycle = await until(() => received.find((entry) => entry.path === '/lifecycle'), 'a lifecycle notification');
		expect(lifecycle.value).toEqual([expect.objectContaining({ subscriptionId: subscription.id, lifecycleEvent: 'missed', clientState: 'secret-state' })]);

		const renewed = await api('patch', `/subscriptions/${subscription.id}`, { body: { expirationDateTime: new Date(Date.now() + 2 * 60 * 60_000).toISOString() } });
		expect(Date.parse(renewed.expirationDateTime)).toBeGreaterThan(Date.parse(expirationDateTime));
		await api('delete', `/subscriptions/${subscription.id}`);
		expect(await failure('get', `/subscriptions/${subscription.id}`)).toMatchObject({ statusCode: 404, code: 'ResourceNotFound' });
	});

	it('notifies an events subscription of a meeting and an Inbox subscription of the invitation it sends', async () => {
		const expirationDateTime = new Date(Date.now() + 60 * 60_000).toISOString();
		const subscribe = (resource: string, path: string) =>
			api('post', '/subscriptions', { headers: IMMUTABLE, body: { changeType: 'created,updated,deleted', notificationUrl: `${receiverUrl}${path}`, resource, expirationDateTime, clientState: path } });
		const events = await subscribe('users/alice@example.test/events', '/alice-events');
		const inbox = await subscribe("users/bob@example.test/mailFolders('inbox')/messages", '/bob-inbox');
		const meeting = await api('post', `${ALICE}/events`, {
			headers: IMMUTABLE,
			body: { subject: 'Notified meeting', start: { dateTime: '2031-11-03T10:00:00', timeZone: 'UTC' }, end: { dateTime: '2031-11-03T11:00:00', timeZone: 'UTC' }, attendees: [{ emailAddress: { address: 'bob@example.test' } }] },
		});
		const created = await until(() => received.find((entry) => entry.path === '/alice-events'), 'an event notification');
		expect(created.value).toEqual([expect.objectContaining({ subscriptionId: events.id, changeType: 'created', clientState: '/alice-events', resourceData: expect.objectContaining({ '@odata.type': '#Microsoft.Graph.Event', id: meeting.id }) })]);
		const invitation = await until(() => received.find((entry) => entry.path === '/bob-inbox'), 'an Inbox notification');
		expect(invitation.value).toEqual([expect.objectContaining({ subscriptionId: inbox.id, changeType: 'created', resourceData: expect.objectContaining({ '@odata.type': '#Microsoft.Graph.Message' }) })]);
		const message = await api('get', `${BOB}/messages/${invitation.value[0].resourceData.id}`, { headers: IMMUTABLE, query: { $select: 'subject' } });
		expect(message.subject).toContain('Notified meeting');
	});

	it('refuses a lifetime past 10,080 minutes and app-only subscriptions to To Do tasks', async () => {
		const tooLong = new Date(Date.now() + 10_081 * 60_000).toISOString();
		const base = { changeType: 'created', notificationUrl: `${receiverUrl}/notify`, expirationDateTime: tooLong, resource: 'users/alice@example.test/events' };
		expect(await failure('post', '/subscriptions', { body: base })).toMatchObject({ statusCode: 400, code: 'ExtensionError' });
		const lists = (await api('get', `${ALICE}/todo/lists`)).value;
		const todo = { ...base, expirationDateTime: new Date(Date.now() + 60_000 * 60).toISOString(), resource: `users/alice@example.test/todo/lists/${lists[0].id}/tasks` };
		expect(await failure('post', '/subscriptions', { body: todo })).toMatchObject({ statusCode: 403 });
	});
});

describe('throttling and faults', () => {
	it('answers 429 with Retry-After, which the client honours, and past 4 concurrent requests to a mailbox', async () => {
		await server.control.faults([{ operation: 'contacts.list', kind: 'throttle', count: 2, params: { retryAfterSeconds: 1 } }]);
		const started = Date.now();
		expect((await api('get', `${ALICE}/contacts`, { query: { $top: '1' } })).value).toHaveLength(1);
		expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
		expect((await counters()).byOperation['contacts.list']).toBe(3);

		await server.control.clearFaults();
		await server.control.faults([{ operation: 'contacts.get', kind: 'slow', count: -1, params: { delayMs: 400 } }]);
		const id = (await api('get', `${ALICE}/contacts`, { query: { $top: '1' } })).value[0].id;
		const parallel = await Promise.all(Array.from({ length: 6 }, () => api('get', `${ALICE}/contacts/${id}`)));
		expect(parallel.every((contact) => contact.id === id)).toBe(true);
		const counted = await counters();
		expect(counted.byOperation.throttled).toBeGreaterThanOrEqual(2);
		expect(counted.byOperation['contacts.get']).toBeGreaterThanOrEqual(8);
	});

	it('counts the requests of a batch against the mailbox\'s 4 concurrent requests, each 429 with its own Retry-After', async () => {
		const id = (await api('get', `${ALICE}/contacts`, { query: { $top: '1' } })).value[0].id;
		await server.control.faults([{ operation: 'contacts.get', kind: 'slow', count: -1, params: { delayMs: 300 } }]);
		const requests = Array.from({ length: 8 }, (_, i) => ({ id: String(i + 1), method: 'GET', url: `${ALICE}/contacts/${id}` }));
		// Two batches at once: 8 requests to one mailbox where 4 may run.
		const [first, second] = await Promise.all([api('post', '/$batch', { body: { requests } }), api('post', '/$batch', { body: { requests } })]);
		const responses: Json[] = [...first.responses, ...second.responses];
		const throttled = responses.filter((r) => r.status === 429);
		expect(throttled.length).toBeGreaterThan(0);
		expect(responses.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(4);
		for (const response of throttled) {
			expect(response.body.error.code).toBe('ApplicationThrottled');
			expect(Number(response.headers['Retry-After'] ?? response.headers['retry-after'])).toBeGreaterThan(0);
		}
		expect((await counters()).byOperation.throttled).toBe(throttled.length);
	});

	it('records an answer that breaks the CSDL and answers 500', async () => {
		await server.control.faults([{ operation: 'users.get', kind: 'invalidResponse' }]);
		const broken = await failure('get', '/users/alice@example.test');
		expect(broken).toMatchObject({ statusCode: 500, code: 'InternalServerError' });
		expect(broken.message).toContain('"notInTheSchema" is not a property of microsoft.graph.user');
		const [recorded] = await server.control.validationErrors();
		expect(recorded).toMatchObject({ operation: 'graph users.get' });
		await server.control.reset();
	});
});
