import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
	EventType,
	FolderId,
	ItemEvent,
	ItemView,
	PropertySet,
	ServiceError,
	StreamingSubscriptionConnection,
	SyncFolderItemsScope,
	Uri,
	WellKnownFolderName,
	type NotificationEventArgs,
} from 'ews-javascript-api';
import { exchangeService, postRawSoap, rejectionOf, soapEnvelope, useExchangeEmulator } from './client';

const emulator = useExchangeEmulator();


const findContacts = (timeoutMs?: number) =>
	exchangeService(emulator.url, { impersonate: 'alice@example.test', timeoutMs }).FindItems(WellKnownFolderName.Contacts, new ItemView(5));

describe('schema validation', () => {
	it('catches a schema-invalid response, records it and answers a clear 500', async () => {
		await emulator.control.faults([{ operation: 'FindItem', kind: 'invalidResponse' }]);
		const failure = await rejectionOf(findContacts());
		expect(failure.HttpStatusCode).toBe(500);
		expect(String(failure.message)).toMatch(/Exchange emulator bug: its FindItem response is not valid against the EWS schema.*NotInTheSchema/);
		const [recorded] = await emulator.control.validationErrors();
		expect(recorded.operation).toBe('FindItem');
		expect(recorded.violations[0].message).toMatch(/NotInTheSchema/);
		expect((await findContacts()).Items.length).toBeGreaterThan(0);
		// Clears the deliberate violation so the shared after-each check passes.
		await emulator.control.reset();
	});

	it('answers malformed or schema-invalid requests with HTTP 500 ErrorSchemaValidation', async () => {
		const malformed = await postRawSoap(emulator.url, soapEnvelope('<m:FindItem Traversal="Shallow"><m:ItemShape>'));
		expect(malformed.status).toBe(500);
		expect(malformed.text).toContain('<e:ResponseCode xmlns:e="http://schemas.microsoft.com/exchange/services/2006/errors">ErrorSchemaValidation</e:ResponseCode>');
		const tooMany = await postRawSoap(
			emulator.url,
			soapEnvelope(
				'<m:SyncFolderItems><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:SyncFolderId><t:DistinguishedFolderId Id="contacts"></t:DistinguishedFolderId></m:SyncFolderId><m:MaxChangesReturned>1000</m:MaxChangesReturned></m:SyncFolderItems>',
			),
		);
		expect(tooMany.status).toBe(500);
		expect(tooMany.text).toMatch(/ErrorSchemaValidation.*MaxChangesReturned/s);
		expect(tooMany.text).toContain('<t:Value Name="LineNumber">');
	});
});

describe('faults', () => {
	it('throttles with a 500 ErrorServerBusy fault carrying BackOffMilliseconds', async () => {
		await emulator.control.faults([{ operation: 'FindItem', kind: 'throttle', params: { backOffMs: 1234 } }]);
		const failure = await rejectionOf(findContacts());
		expect(failure.HttpStatusCode).toBe(500);
		expect(failure.ResponseCode).toBe(ServiceError.ErrorServerBusy);
		expect((failure.ErrorDetails as { get(key: string): string }).get('BackOffMilliseconds')).toBe('1234');
		expect((await findContacts()).Items.length).toBeGreaterThan(0);
	});

	it('throttles in-message (HTTP 200) when asked', async () => {
		await emulator.control.faults([{ operation: 'FindItem', kind: 'throttle', params: { backOffMs: 50, inMessage: true } }]);
		const failure = await rejectionOf(findContacts());
		expect(failure.ErrorCode).toBe(ServiceError.ErrorServerBusy);
		const details = (failure.Response as { ErrorDetails: { get(key: string): string } }).ErrorDetails;
		expect(details.get('BackOffMilliseconds')).toBe('50');
	});

	it.each(['drop', 'malformed', 'unauthorized'])('injects a %s fault on the next request only', async (kind) => {
		await emulator.control.faults([{ operation: 'FindItem', kind }]);
		const failure = await rejectionOf(findContacts(2000));
		if (kind === 'unauthorized') expect(failure.HttpStatusCode).toBe(401);
		expect((await findContacts()).Items.length).toBeGreaterThan(0);
	});

	it('answers a bare HTTP 500 (an IIS error page) on demand', async () => {
		// Raw request: ews-javascript-api throws inside its own handler on a non-XML 500 and its
		// promise never settles, so callers need their own deadline (see docs/exchange-emulator.md).
		await emulator.control.faults([{ operation: 'FindItem', kind: 'http500' }]);
		const request = soapEnvelope('<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:ParentFolderIds><t:DistinguishedFolderId Id="contacts"></t:DistinguishedFolderId></m:ParentFolderIds></m:FindItem>');
		expect(await postRawSoap(emulator.url, request)).toEqual({ status: 500, text: 'Internal Server Error' });
		expect((await postRawSoap(emulator.url, request)).status).toBe(200);
	});

	it('returns a partial FindItem page that the caller must continue from', async () => {
		await emulator.control.faults([{ operation: 'FindItem', kind: 'partialPage', params: { size: 2 } }]);
		const first = await findContacts();
		expect(first.Items).toHaveLength(2);
		expect(first.MoreAvailable).toBe(true);
		expect(first.NextPageOffset).toBe(2);
		expect(first.TotalCount).toBe(4);
	});

	it('refuses requests over the per-account connection limit with ErrorExceededConnectionCount', async () => {
		await emulator.control.faults([{ operation: '*', kind: 'connectionLimit', count: -1, params: { max: 2, holdMs: 300 } }]);
		const outcomes = await Promise.allSettled(Array.from({ length: 4 }, () => findContacts()));
		const refused = outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason.ResponseCode);
		expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(2);
		expect(refused).toEqual([ServiceError.ErrorExceededConnectionCount, ServiceError.ErrorExceededConnectionCount]);
	});

	it('slows responses down on demand', async () => {
		await emulator.control.faults([{ operation: 'FindItem', kind: 'slow', params: { delayMs: 400 } }]);
		const started = Date.now();
		await findContacts();
		expect(Date.now() - started).toBeGreaterThanOrEqual(400);
	});

	it('hangs until the client times out', async () => {
		await emulator.control.faults([{ operation: 'FindItem', kind: 'hang' }]);
		const hung = await rejectionOf(findContacts(500));
		expect(String(hung.message)).toMatch(/timeout/i);
	});

	it('answers ErrorInvalidSyncStateData on demand', async () => {
		await emulator.control.faults([{ operation: 'SyncFolderItems', kind: 'invalidSyncState' }]);
		const service = exchangeService(emulator.url, { impersonate: 'alice@example.test' });
		const sync = () => service.SyncFolderItems(new FolderId(WellKnownFolderName.Contacts), PropertySet.IdOnly, null as never, 10, SyncFolderItemsScope.NormalItems, null as never);
		expect((await rejectionOf(sync())).ErrorCode).toBe(ServiceError.ErrorInvalidSyncStateData);
		expect((await sync()).Count).toBeGreaterThan(0);
	});
});

describe('notifications', () => {
	const bob = () => exchangeService(emulator.url, { impersonate: 'bob@example.test' });

	it('delivers events over a streaming connection (unprefixed Envelope frames)', async () => {
		const service = bob();
		const subscription = await service.SubscribeToStreamingNotifications([new FolderId(WellKnownFolderName.Inbox)], EventType.NewMail, EventType.Created);
		const connection = new StreamingSubscriptionConnection(service, 1);
		connection.AddSubscription(subscription);
		const received = new Promise<string[]>((resolve) => {
			connection.OnNotificationEvent.push((_sender: unknown, args: NotificationEventArgs) => {
				resolve(args.Events.map((e) => `${EventType[e.EventType]}:${(e as ItemEvent).ItemId?.UniqueId}`));
			});
		});
		connection.Open();
		await new Promise((resolve) => setTimeout(resolve, 300));
		const [{ id }] = await emulator.control.insertItems('bob@example.test', 'message', [{ subject: 'Streamed', from: { email: 'x@outside.test' } }]);
		expect(await received).toEqual(expect.arrayContaining([`Created:${id}`, `NewMail:${id}`]));
		connection.Close();
	});

	it('hands out pull events with GetEvents and ends them with Unsubscribe', async () => {
		const service = bob();
		const subscription = await service.SubscribeToPullNotifications([new FolderId(WellKnownFolderName.Contacts)], 10, null as unknown as string, EventType.Created, EventType.Modified, EventType.Deleted);
		const [{ id }] = await emulator.control.insertItems('bob@example.test', 'contact', [{ givenName: 'Pulled' }]);
		await emulator.control.updateItem(id, { surname: 'Again' });
		const events = await subscription.GetEvents();
		expect(events.ItemEvents.map((e) => [EventType[e.EventType], e.ItemId.UniqueId])).toEqual([
			['Created', id],
			['Modified', id],
		]);
		expect((await subscription.GetEvents()).ItemEvents).toHaveLength(0);
		await subscription.Unsubscribe();
		expect(await emulator.control.subscriptions()).toEqual([]);
	});

	it('posts push notifications to the callback and honours its Unsubscribe answer', async () => {
		const bodies: string[] = [];
		const gotOne = new Promise<void>((resolve) => {
			const callback = http.createServer((req, res) => {
				let body = '';
				req.setEncoding('utf8');
				req.on('data', (chunk: string) => (body += chunk));
				req.on('end', () => {
					bodies.push(body);
					res.writeHead(200, { 'Content-Type': 'text/xml' });
					res.end(
						'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><SendNotificationResult xmlns="http://schemas.microsoft.com/exchange/services/2006/messages"><SubscriptionStatus>Unsubscribe</SubscriptionStatus></SendNotificationResult></s:Body></s:Envelope>',
					);
					callback.close();
					resolve();
				});
			});
			callback.listen(0, '127.0.0.1', async () => {
				const { port } = callback.address() as AddressInfo;
				await bob().SubscribeToPushNotifications([new FolderId(WellKnownFolderName.Inbox)], new Uri(`http://127.0.0.1:${port}/ews`), 1, null as unknown as string, EventType.NewMail);
				await emulator.control.insertItems('bob@example.test', 'message', [{ subject: 'Pushed' }]);
			});
		});
		await gotOne;
		expect(bodies[0]).toContain('<m:SendNotification');
		expect(bodies[0]).toContain('<t:NewMailEvent>');
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(await emulator.control.subscriptions()).toEqual([]);
	});
});
