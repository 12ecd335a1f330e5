/**
 * Behaviours where the local server once differed from Exchange, each checked the way a client
 * sees it (ews-javascript-api, or the raw SOAP a client sends): the root folder and folder
 * changes, several indexed fields in one shape, sync states that remember what they sent,
 * Exchange's error shapes, booleans and date-times in Exchange's form, unique Message-IDs,
 * Sender, TextBody, a series' first and last occurrence, time zones, meeting responses, and the
 * answer to an operation the server does not implement.
 */
import {
	Appointment,
	AppointmentSchema,
	BasePropertySet,
	ChangeType,
	Contact,
	ContactSchema,
	EmailAddress,
	EmailAddressKey,
	PhoneNumberKey,
	PhysicalAddressEntry,
	PhysicalAddressKey,
	DeleteMode,
	EmailMessage,
	EmailMessageSchema,
	Folder,
	FolderId,
	FolderSchema,
	FolderTraversal,
	FolderView,
	ItemSchema,
	ItemView,
	MeetingCancellation,
	MeetingRequest,
	MeetingResponse,
	MeetingResponseType,
	MessageBody,
	PropertySet,
	Recurrence,
	SendInvitationsMode,
	SyncFolderItemsScope,
	WellKnownFolderName,
	DayOfTheWeek,
	type ExchangeService,
	type Item,
	ItemId,
	ConflictResolutionMode,
} from 'ews-javascript-api';
import { DateTime as Luxon } from 'luxon';
import { berlin, ewsTime, exchangeService, postRawSoap, rejectionOf, soapEnvelope, useExchangeEmulator } from './client';

const emulator = useExchangeEmulator();
const noIgnoredIds = null as unknown as ItemId[];
const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';

function service(mailbox: string): ExchangeService {
	return exchangeService(emulator.url, { impersonate: mailbox, timeZone: berlin() });
}

/** A raw request acting as `mailbox` (impersonated by the service account). */
function raw(mailbox: string, operation: string): Promise<{ status: number; text: string }> {
	const impersonation = `<t:ExchangeImpersonation><t:ConnectingSID><t:SmtpAddress>${mailbox}</t:SmtpAddress></t:ConnectingSID></t:ExchangeImpersonation>`;
	return postRawSoap(emulator.url, soapEnvelope(operation).replace('</soap:Header>', `${impersonation}</soap:Header>`));
}

/** An appointment starting at `start` (Berlin wall-clock time), not yet saved. */
function appointment(mailbox: ExchangeService, subject: string, start: string, minutes: number): Appointment {
	const item = new Appointment(mailbox);
	item.Subject = subject;
	const begins = Luxon.fromISO(start, { zone: 'Europe/Berlin' });
	item.Start = ewsTime(begins);
	item.End = ewsTime(begins.plus({ minutes }));
	item.StartTimeZone = berlin();
	item.EndTimeZone = berlin();
	return item;
}

async function inboxItems(mailbox: ExchangeService, subject: string): Promise<Item[]> {
	const found = await mailbox.FindItems(WellKnownFolderName.Inbox, new ItemView(100));
	return found.Items.filter((item) => item.Subject === subject);
}

describe('folders', () => {
	it('opens the root folder, the parent of Top of Information Store', async () => {
		const alice = service(ALICE);
		const root = await Folder.Bind(alice, WellKnownFolderName.Root);
		const top = await Folder.Bind(alice, WellKnownFolderName.MsgFolderRoot, new PropertySet(BasePropertySet.FirstClassProperties, [FolderSchema.ParentFolderId]));
		expect(top.DisplayName).toBe('Top of Information Store');
		expect(top.ParentFolderId.UniqueId).toBe(root.Id.UniqueId);
		const view = new FolderView(100);
		view.Traversal = FolderTraversal.Deep;
		const names = (await alice.FindFolders(WellKnownFolderName.Root, view)).Folders.map((folder) => folder.DisplayName);
		expect(names).toEqual(expect.arrayContaining(['Top of Information Store', 'Inbox', 'Recoverable Items', 'Deletions', 'Junk Email', 'Sync Issues']));
	});

	it('empties and deletes a folder, but not a default one', async () => {
		const alice = service(ALICE);
		const folder = new Folder(alice);
		folder.DisplayName = 'Projects';
		await folder.Save(WellKnownFolderName.Inbox);
		const child = new Folder(alice);
		child.DisplayName = 'Old';
		await child.Save(folder.Id);
		const note = new EmailMessage(alice);
		note.Subject = 'Kept for now';
		await note.Save(folder.Id);
		await folder.Empty(DeleteMode.HardDelete, true);
		const emptied = await Folder.Bind(alice, folder.Id);
		expect([emptied.TotalCount, emptied.ChildFolderCount]).toEqual([0, 0]);
		await emptied.Delete(DeleteMode.HardDelete);
		expect(await rejectionOf(Folder.Bind(alice, folder.Id))).toMatchObject({ ErrorCode: expect.anything() });
		const inbox = await Folder.Bind(alice, WellKnownFolderName.Inbox);
		expect(await rejectionOf(inbox.Delete(DeleteMode.HardDelete))).toMatchObject({ message: expect.stringContaining('Distinguished folders cannot be deleted') });
	});
});

describe('contacts', () => {
	it('answers every indexed field one FindItem shape asks for', async () => {
		const alice = service(ALICE);
		await emulator.control.insertItems(ALICE, 'contact', [
			{ givenName: 'Ada', surname: 'Lovelace', email1: 'ada@example.org', email2: 'ada@home.example', businessPhone: '+44 1', mobilePhone: '+44 2', homePhone: '+44 3', businessAddress: { street: '1 Way', city: 'London', postalCode: 'EC1' } },
		]);
		const view = new ItemView(10);
		view.PropertySet = new PropertySet(BasePropertySet.IdOnly, [
			ContactSchema.Surname,
			ContactSchema.BusinessPhone,
			ContactSchema.MobilePhone,
			ContactSchema.HomePhone,
			ContactSchema.EmailAddress1,
			ContactSchema.EmailAddress2,
			ContactSchema.BusinessAddressStreet,
			ContactSchema.BusinessAddressCity,
			ContactSchema.BusinessAddressPostalCode,
		]);
		const [ada] = (await alice.FindItems(WellKnownFolderName.Contacts, view)).Items.filter((item): item is Contact => item instanceof Contact && item.Surname === 'Lovelace');
		const entry = <T>(dictionary: { TryGetValue(key: number, out: { outValue: T | null }): boolean }, key: number) => {
			const out = { outValue: null as T | null };
			return dictionary.TryGetValue(key, out) ? out.outValue : undefined;
		};
		expect([PhoneNumberKey.BusinessPhone, PhoneNumberKey.MobilePhone, PhoneNumberKey.HomePhone].map((key) => entry<string>(ada.PhoneNumbers, key))).toEqual(['+44 1', '+44 2', '+44 3']);
		expect([EmailAddressKey.EmailAddress1, EmailAddressKey.EmailAddress2].map((key) => entry<EmailAddress>(ada.EmailAddresses, key)?.Address)).toEqual(['ada@example.org', 'ada@home.example']);
		const business = entry<PhysicalAddressEntry>(ada.PhysicalAddresses, PhysicalAddressKey.Business);
		expect([business?.Street, business?.City, business?.PostalCode]).toEqual(['1 Way', 'London', 'EC1']);
	});
});

describe('SyncFolderItems', () => {
	it('reports every item of a paged initial sync as created, even one changed between pages', async () => {
		const alice = service(ALICE);
		await emulator.control.seed('empty');
		const messages = Array.from({ length: 5 }, (_, n) => ({ subject: `Message ${n + 1}`, from: { email: BOB }, to: [{ email: ALICE }], isRead: false }));
		const created = await emulator.control.insertItems(ALICE, 'message', messages);
		const first = await alice.SyncFolderItems(new FolderId(WellKnownFolderName.Inbox), PropertySet.IdOnly, noIgnoredIds, 2, SyncFolderItemsScope.NormalItems, null as unknown as string);
		const firstIds = first.GetEnumerator().map((change) => change.ItemId.UniqueId);
		const [edited, readOnly] = created.filter((item) => !firstIds.includes(item.id));
		await emulator.control.updateItem(edited.id, { subject: 'Edited before it was synced' });
		const unread = await EmailMessage.Bind(alice, new ItemId(readOnly.id));
		unread.IsRead = true;
		await unread.Update(ConflictResolutionMode.AlwaysOverwrite);
		const changes = [...first.GetEnumerator()];
		for (let state = first.SyncState, more = first.MoreChangesAvailable; more; ) {
			const page = await alice.SyncFolderItems(new FolderId(WellKnownFolderName.Inbox), PropertySet.IdOnly, noIgnoredIds, 2, SyncFolderItemsScope.NormalItems, state);
			changes.push(...page.GetEnumerator());
			state = page.SyncState;
			more = page.MoreChangesAvailable;
		}
		expect(changes.map((change) => ChangeType[change.ChangeType])).toEqual(['Create', 'Create', 'Create', 'Create', 'Create']);
		expect(new Set(changes.map((change) => change.ItemId.UniqueId)).size).toBe(5);
	});

	it('answers an invalid sync state with the empty SyncState Exchange sends', async () => {
		const operation = (name: string, folder: string, extra = '') =>
			`<m:${name}><m:${name === 'SyncFolderItems' ? 'ItemShape' : 'FolderShape'}><t:BaseShape>IdOnly</t:BaseShape></m:${name === 'SyncFolderItems' ? 'ItemShape' : 'FolderShape'}>` +
			`<m:SyncFolderId><t:DistinguishedFolderId Id="${folder}"/></m:SyncFolderId><m:SyncState>Z2FyYmxlZA==</m:SyncState>${extra}</m:${name}>`;
		const items = await raw(ALICE, operation('SyncFolderItems', 'inbox', '<m:MaxChangesReturned>5</m:MaxChangesReturned>'));
		expect(items.text).toMatch(/<m:ResponseCode>ErrorInvalidSyncStateData<\/m:ResponseCode>.*<m:SyncState><\/m:SyncState><m:IncludesLastItemInRange>true<\/m:IncludesLastItemInRange>/);
		const folders = await raw(ALICE, operation('SyncFolderHierarchy', 'msgfolderroot'));
		expect(folders.text).toMatch(/<m:ResponseCode>ErrorInvalidSyncStateData<\/m:ResponseCode>.*<m:SyncState><\/m:SyncState><m:IncludesLastFolderInRange>true<\/m:IncludesLastFolderInRange>/);
	});
});

describe('mail', () => {
	it('gives every message its own Message-ID, one for all copies of a sent message, and Sender on delivered mail', async () => {
		const alice = service(ALICE);
		const seeded = await emulator.control.items(ALICE, 'inbox');
		const seededIds = seeded.map((message) => message.internetMessageId as string);
		expect(new Set(seededIds).size).toBe(seededIds.length);
		for (const id of seededIds) expect(id).toMatch(/^<[^<>@\s]+@[^<>@\s]+>$/);
		const message = new EmailMessage(alice);
		message.Subject = 'To two';
		message.Body = new MessageBody('Plain words');
		message.ToRecipients.Add(BOB);
		message.ToRecipients.Add('carol@example.test');
		await message.Send();
		const [atBob] = await inboxItems(service(BOB), 'To two');
		const [atCarol] = await inboxItems(service('carol@example.test'), 'To two');
		const properties = new PropertySet(BasePropertySet.IdOnly, [EmailMessageSchema.InternetMessageId, EmailMessageSchema.Sender, ItemSchema.TextBody]);
		const bobCopy = await EmailMessage.Bind(service(BOB), atBob.Id, properties);
		const carolCopy = await EmailMessage.Bind(service('carol@example.test'), atCarol.Id, properties);
		expect(bobCopy.InternetMessageId).toBe(carolCopy.InternetMessageId);
		expect(seededIds).not.toContain(bobCopy.InternetMessageId);
		expect(bobCopy.Sender.Address).toBe(ALICE);
		expect(bobCopy.TextBody.Text).toBe('Plain words');
	});

	it('answers booleans as true or false and date-times in whole seconds', async () => {
		const created = await raw(
			ALICE,
			'<m:CreateItem MessageDisposition="SaveOnly"><m:Items><t:Message><t:Subject>Flags</t:Subject><t:IsReadReceiptRequested>1</t:IsReadReceiptRequested><t:IsRead>0</t:IsRead></t:Message></m:Items></m:CreateItem>',
		);
		const id = /<t:ItemId Id="([^"]+)"/.exec(created.text)![1];
		const read = await raw(
			ALICE,
			`<m:GetItem><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties><t:FieldURI FieldURI="message:IsReadReceiptRequested"/><t:FieldURI FieldURI="message:IsRead"/></t:AdditionalProperties></m:ItemShape><m:ItemIds><t:ItemId Id="${id}"/></m:ItemIds></m:GetItem>`,
		);
		expect(read.text).toContain('<t:IsReadReceiptRequested>true</t:IsReadReceiptRequested><t:IsRead>false</t:IsRead>');
		for (const message of await emulator.control.items(ALICE, 'inbox')) {
			for (const time of [message.receivedAt, message.sentAt, message.lastModified]) expect(time).toMatch(/:\d\dZ$/);
		}
	});
});

describe('calendar', () => {
	it('names a series\' first and last occurrence', async () => {
		const carol = service('carol@example.test');
		const series = appointment(carol, 'Weekly', '2031-03-03T09:30', 15);
		const pattern = new Recurrence.WeeklyPattern();
		pattern.StartDate = series.Start;
		pattern.DaysOfTheWeek.Add(DayOfTheWeek.Monday);
		pattern.NumberOfOccurrences = 4;
		series.Recurrence = pattern;
		await series.Save(WellKnownFolderName.Calendar, SendInvitationsMode.SendToNone);
		const read = await Appointment.Bind(carol, series.Id, new PropertySet(BasePropertySet.IdOnly, [AppointmentSchema.FirstOccurrence, AppointmentSchema.LastOccurrence]));
		expect(Luxon.fromMillis(read.FirstOccurrence.Start.TotalMilliSeconds).toUTC().toISO()).toBe('2031-03-03T08:30:00.000Z');
		expect(Luxon.fromMillis(read.LastOccurrence.Start.TotalMilliSeconds).toUTC().toISO()).toBe('2031-03-24T08:30:00.000Z');
	});

	it('lists the server\'s time zones', async () => {
		const zones = await service(ALICE).GetServerTimeZones();
		expect(zones.map((zone) => zone.Id)).toEqual(expect.arrayContaining(['W. Europe Standard Time', 'Eastern Standard Time', 'UTC']));
	});
});

describe('meeting responses', () => {
	async function invite(): Promise<Appointment> {
		const meeting = appointment(service(ALICE), 'Review', '2031-04-01T10:00', 60);
		meeting.RequiredAttendees.Add(BOB);
		meeting.RequiredAttendees.Add('carol@example.test');
		await meeting.Save(WellKnownFolderName.Calendar, SendInvitationsMode.SendToAllAndSaveCopy);
		return meeting;
	}

	it('carries an attendee\'s accept and decline to the organizer\'s calendar and Inbox', async () => {
		const meeting = await invite();
		const [request] = await inboxItems(service(BOB), 'Review');
		await (await MeetingRequest.Bind(service(BOB), request.Id)).Accept(true);
		const [carolRequest] = await inboxItems(service('carol@example.test'), 'Review');
		await (await MeetingRequest.Bind(service('carol@example.test'), carolRequest.Id)).Decline(true);
		const organizer = await Appointment.Bind(service(ALICE), meeting.Id);
		const responses = organizer.RequiredAttendees.GetEnumerator().map((attendee) => [attendee.Address, MeetingResponseType[attendee.ResponseType], !!attendee.LastResponseTime]);
		expect(responses).toEqual([[BOB, 'Accept', true], ['carol@example.test', 'Decline', true]]);
		const answers = (await service(ALICE).FindItems(WellKnownFolderName.Inbox, new ItemView(50))).Items.filter((item) => item instanceof MeetingResponse);
		expect(answers.map((item) => item.Subject).sort()).toEqual(['Accepted: Review', 'Declined: Review']);
		const bobCopy = (await emulator.control.items(BOB, 'calendar')).find((item) => item.subject === 'Review');
		expect(bobCopy?.showAs).toBe('Busy');
		expect((await emulator.control.items('carol@example.test', 'calendar')).map((item) => item.subject)).not.toContain('Review');
	});

	it('cancels a meeting, and the attendee removes it from the calendar', async () => {
		const meeting = await invite();
		await (await Appointment.Bind(service(ALICE), meeting.Id)).CancelMeeting('Called off');
		const [cancellation] = (await inboxItems(service(BOB), 'Canceled: Review')).filter((item) => item instanceof MeetingCancellation);
		expect((await emulator.control.items(BOB, 'calendar')).find((item) => item.subject === 'Review')?.isCancelled).toBe(true);
		await (await MeetingCancellation.Bind(service(BOB), cancellation.Id)).RemoveMeetingFromCalendar();
		expect((await emulator.control.items(BOB, 'calendar')).map((item) => item.subject)).not.toContain('Review');
		expect((await emulator.control.items(ALICE, 'calendar')).map((item) => item.subject)).not.toContain('Review');
	});
});

describe('operations the server does not implement', () => {
	it('answers them as a server without the operation does, not as a bad request or version', async () => {
		const answer = await raw(ALICE, '<m:GetUserOofSettingsRequest><t:Mailbox><t:Address>alice@example.test</t:Address></t:Mailbox></m:GetUserOofSettingsRequest>');
		expect(answer.status).toBe(500);
		expect(answer.text).toContain('<faultcode xmlns:a="http://schemas.microsoft.com/ws/2005/05/addressing/none">a:ActionNotSupported</faultcode>');
		expect(answer.text).not.toContain('ErrorInvalidRequest');
	});
});

describe('control API', () => {
	it('answers a meeting for an attendee, as Outlook would', async () => {
		await emulator.control.seed('empty');
		const meeting = appointment(service(ALICE), 'Planning', '2031-05-05T09:00', 30);
		meeting.RequiredAttendees.Add(BOB);
		await meeting.Save(WellKnownFolderName.Calendar, SendInvitationsMode.SendToAllAndSaveCopy);
		const [organizerCopy] = await emulator.control.items(ALICE, 'calendar');
		const answered = await emulator.control.respondToMeeting(BOB, { uid: organizerCopy.iCalUid as string }, 'Tentative', { body: 'Maybe' });
		expect(answered.map((item) => [item.kind, item.folder])).toEqual([['CalendarItem', 'calendar'], ['MeetingRequest', 'deleteditems'], ['MeetingResponse', 'sentitems']]);
		const [updated] = await emulator.control.items(ALICE, 'calendar');
		expect(updated.requiredAttendees).toEqual([expect.objectContaining({ email: BOB, response: 'Tentative', lastResponseTime: expect.any(String) })]);
		expect((await emulator.control.items(ALICE, 'inbox')).map((item) => [item.subject, item.itemClass])).toEqual([['Tentative: Planning', 'IPM.Schedule.Meeting.Resp.Tent']]);
	});
});
