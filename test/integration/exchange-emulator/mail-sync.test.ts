import {
	BasePropertySet,
	BodyType,
	ChangeType,
	ConflictResolutionMode,
	DeleteMode,
	EmailMessage,
	EmailMessageSchema,
	FileAttachment,
	Folder,
	FolderId,
	FolderSchema,
	FolderTraversal,
	FolderView,
	IdFormat,
	AlternateId,
	ItemId,
	ItemSchema,
	ItemView,
	MessageBody,
	PropertySet,
	ResolveNameSearchLocation,
	SearchFilter,
	ServiceError,
	SyncFolderItemsScope,
	WellKnownFolderName,
	type ExchangeService,
} from 'ews-javascript-api';
import { escapeForEws, exchangeService, rejectionOf, useExchangeEmulator } from './client';

const emulator = useExchangeEmulator();
let alice: ExchangeService;
const noIgnoredIds = null as unknown as ItemId[];

beforeEach(async () => {
	alice = exchangeService(emulator.url, { impersonate: 'alice@example.test' });
});

describe('mail', () => {
	it('sends a message with an attachment, keeps a copy in Sent Items and delivers it internally', async () => {
		const message = new EmailMessage(alice);
		message.Subject = escapeForEws('Quote & next steps');
		message.Body = new MessageBody(BodyType.HTML, escapeForEws('<p>Hello <b>Bob</b></p>'));
		message.ToRecipients.Add('bob@example.test');
		message.CcRecipients.Add('partner@outside.test');
		const attachment = message.Attachments.AddFileAttachment('quote.txt', Buffer.from('total: 100').toString('base64'));
		expect(attachment).toBeInstanceOf(FileAttachment);
		await message.SendAndSaveCopy();

		const [sent] = (await emulator.control.items('alice@example.test', 'sentitems')).filter((m) => m.subject === 'Quote & next steps');
		expect(sent).toMatchObject({ isRead: true, hasAttachments: true, to: [{ email: 'bob@example.test' }], bodyType: 'HTML', body: '<p>Hello <b>Bob</b></p>' });
		const [received] = (await emulator.control.items('bob@example.test', 'inbox')).filter((m) => m.subject === 'Quote & next steps');
		expect(received).toMatchObject({ isRead: false, from: { email: 'alice@example.test' }, internetMessageId: sent.internetMessageId });

		const bob = exchangeService(emulator.url, { impersonate: 'bob@example.test' });
		const delivered = await EmailMessage.Bind(bob, new ItemId(received.id), new PropertySet(BasePropertySet.FirstClassProperties, [ItemSchema.Attachments]));
		const file = delivered.Attachments._getItem(0) as FileAttachment;
		expect(file.Name).toBe('quote.txt');
		await file.Load();
		expect(Buffer.from(file.Base64Content, 'base64').toString()).toBe('total: 100');
	});

	it('saves and later sends drafts, marks mail read, finds unread mail, moves it to a user folder and deletes it', async () => {
		const draft = new EmailMessage(alice);
		draft.Subject = 'Draft only';
		draft.ToRecipients.Add('carol@example.test');
		await draft.Save(WellKnownFolderName.Drafts);
		expect((await emulator.control.items('alice@example.test', 'drafts')).map((m) => m.subject)).toEqual(['Draft only']);
		expect((await emulator.control.items('carol@example.test', 'inbox')).map((m) => m.subject)).not.toContain('Draft only');
		const edited = await EmailMessage.Bind(alice, draft.Id);
		edited.Subject = 'Draft, sent';
		await edited.SendAndSaveCopy();
		expect(await emulator.control.items('alice@example.test', 'drafts')).toEqual([]);
		expect((await emulator.control.items('alice@example.test', 'sentitems')).map((m) => m.subject)).toContain('Draft, sent');
		expect((await emulator.control.items('carol@example.test', 'inbox')).map((m) => m.subject)).toContain('Draft, sent');

		const unreadFilter = new SearchFilter.IsEqualTo(EmailMessageSchema.IsRead, false);
		const unread = await alice.FindItems(WellKnownFolderName.Inbox, unreadFilter, new ItemView(10));
		expect(unread.Items.map((m) => m.Subject)).toEqual(['Renewal question']);
		const message = await EmailMessage.Bind(alice, unread.Items[0].Id);
		message.IsRead = true;
		await message.Update(ConflictResolutionMode.AutoResolve);
		expect((await alice.FindItems(WellKnownFolderName.Inbox, unreadFilter, new ItemView(10))).TotalCount).toBe(0);

		const archive = new Folder(alice);
		archive.DisplayName = 'Archive 2026';
		await archive.Save(WellKnownFolderName.MsgFolderRoot);
		const moved = await message.Move(archive.Id);
		expect(moved.Id.UniqueId).not.toBe(message.Id.UniqueId);
		expect((await emulator.control.items('alice@example.test', 'Archive 2026')).map((m) => m.subject)).toEqual(['Renewal question']);
		const stale = await rejectionOf(EmailMessage.Bind(alice, message.Id));
		expect(stale.ErrorCode).toBe(ServiceError.ErrorItemNotFound);

		await moved.Delete(DeleteMode.HardDelete);
		expect(await emulator.control.items('alice@example.test', 'Archive 2026')).toEqual([]);
		expect((await emulator.control.items('alice@example.test', 'deleteditems')).map((m) => m.subject)).not.toContain('Renewal question');
	});
});

describe('SyncFolderItems', () => {
	const syncAll = async (service: ExchangeService, state: string | null, max: number) =>
		service.SyncFolderItems(new FolderId(WellKnownFolderName.Contacts), PropertySet.IdOnly, noIgnoredIds, max, SyncFolderItemsScope.NormalItems, state as string);

	it('pages up to MaxChangesReturned with opaque states, then reports creates, updates and deletes', async () => {
		await emulator.control.seed('empty');
		const ids = await emulator.control.insertItems('bob@example.test', 'contact', Array.from({ length: 7 }, (_, i) => ({ givenName: `P${i}` })));
		const bob = exchangeService(emulator.url, { impersonate: 'bob@example.test' });
		const first = await syncAll(bob, null, 5);
		expect(first.Count).toBe(5);
		expect(first.MoreChangesAvailable).toBe(true);
		const second = await syncAll(bob, first.SyncState, 5);
		expect(second.Count).toBe(2);
		expect(second.MoreChangesAvailable).toBe(false);
		expect((await syncAll(bob, second.SyncState, 5)).Count).toBe(0);

		await emulator.control.updateItem(ids[0].id, { surname: 'Changed' });
		await emulator.control.deleteItems([ids[1].id]);
		await emulator.control.insertItems('bob@example.test', 'contact', [{ givenName: 'New' }]);
		const changes = await syncAll(bob, second.SyncState, 512);
		const kinds = [...Array(changes.Count).keys()].map((i) => {
			const change = changes._getItem(i);
			return [ChangeType[change.ChangeType], change.ItemId.UniqueId];
		});
		expect(kinds).toEqual([
			['Update', ids[0].id],
			['Delete', ids[1].id],
			['Create', expect.any(String)],
		]);
	});

	it('reports a read-state change as ReadFlagChange, without the item', async () => {
		const inbox = new FolderId(WellKnownFolderName.Inbox);
		const initial = await alice.SyncFolderItems(inbox, PropertySet.IdOnly, noIgnoredIds, 512, SyncFolderItemsScope.NormalItems, null as unknown as string);
		const [unread] = (await emulator.control.items('alice@example.test', 'inbox')).filter((m) => m.isRead === false);
		const message = await EmailMessage.Bind(alice, new ItemId(unread.id));
		message.IsRead = true;
		await message.Update(ConflictResolutionMode.AutoResolve);
		const changes = await alice.SyncFolderItems(inbox, PropertySet.IdOnly, noIgnoredIds, 512, SyncFolderItemsScope.NormalItems, initial.SyncState);
		expect(changes.Count).toBe(1);
		expect(ChangeType[changes._getItem(0).ChangeType]).toBe('ReadFlagChange');
		expect(changes._getItem(0).ItemId.UniqueId).toBe(unread.id);
	});

	it('rejects a garbled or foreign sync state with ErrorInvalidSyncStateData', async () => {
		const garbled = await rejectionOf(syncAll(alice, 'H4sIAAAAAAAEAO29B2AcSZYlJi9tynt', 10));
		expect(garbled.ErrorCode).toBe(ServiceError.ErrorInvalidSyncStateData);
		const inbox = await alice.SyncFolderItems(new FolderId(WellKnownFolderName.Inbox), PropertySet.IdOnly, noIgnoredIds, 10, SyncFolderItemsScope.NormalItems, null as unknown as string);
		const foreign = await rejectionOf(syncAll(alice, inbox.SyncState, 10));
		expect(foreign.ErrorCode).toBe(ServiceError.ErrorInvalidSyncStateData);
	});

	it('is refused MaxChangesReturned over 512 by the client itself (the server check is in the schema tests)', async () => {
		expect(() => alice.SyncFolderItems(new FolderId(WellKnownFolderName.Contacts), PropertySet.IdOnly, noIgnoredIds, 1000, SyncFolderItemsScope.NormalItems, null as unknown as string)).toThrow();
	});
});

describe('folders, names and ids', () => {
	it('gets, finds and syncs the folder hierarchy', async () => {
		const contacts = await Folder.Bind(alice, WellKnownFolderName.Contacts, new PropertySet(BasePropertySet.FirstClassProperties));
		expect(contacts.DisplayName).toBe('Contacts');
		expect(contacts.TotalCount).toBe(4);
		const view = new FolderView(100);
		view.Traversal = FolderTraversal.Deep;
		view.PropertySet = new PropertySet(BasePropertySet.IdOnly, [FolderSchema.DisplayName]);
		const found = await alice.FindFolders(WellKnownFolderName.MsgFolderRoot, view);
		expect(found.Folders.map((f) => f.DisplayName)).toEqual(expect.arrayContaining(['Inbox', 'Calendar', 'Contacts', 'Tasks', 'Deleted Items']));
		const hierarchy = await alice.SyncFolderHierarchy(new FolderId(WellKnownFolderName.MsgFolderRoot), PropertySet.IdOnly, null as unknown as string);
		expect(hierarchy.Count).toBe(found.Folders.length);
		const again = await alice.SyncFolderHierarchy(new FolderId(WellKnownFolderName.MsgFolderRoot), PropertySet.IdOnly, hierarchy.SyncState);
		expect(again.Count).toBe(0);
	});

	it('resolves names from the directory and the mailbox contacts', async () => {
		const bob = await alice.ResolveName('bob', ResolveNameSearchLocation.DirectoryThenContacts, true);
		expect(bob.Count).toBe(1);
		expect(bob._getItem(0).Mailbox.Address).toBe('bob@example.test');
		const ana = await alice.ResolveName('ana.ribeiro', ResolveNameSearchLocation.ContactsOnly, true);
		expect(ana._getItem(0).Mailbox.Address).toBe('ana.ribeiro@lumen-labs.test');
		expect(ana._getItem(0).Contact.CompanyName).toBe('Lumen Labs');
		const none = await alice.ResolveName('zzz-nobody', ResolveNameSearchLocation.DirectoryThenContacts, false);
		expect(none.Count).toBe(0);
	});

	it('converts ids', async () => {
		const [contact] = await emulator.control.items('alice@example.test', 'contacts');
		const converted = await alice.ConvertId(new AlternateId(IdFormat.EwsId, contact.id, 'alice@example.test'), IdFormat.EwsId);
		expect((converted as AlternateId).UniqueId).toBe(contact.id);
	});
});
