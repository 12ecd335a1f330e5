import {
	BasePropertySet,
	BodyType,
	ConflictResolutionMode,
	Contact,
	ContactSchema,
	ContainmentMode,
	ComparisonMode,
	DateTime,
	DefaultExtendedPropertySet,
	DeleteMode,
	EmailAddress,
	EmailAddressKey,
	ExtendedPropertyDefinition,
	FolderId,
	Guid,
	ItemId,
	ItemSchema,
	ItemView,
	LogicalOperator,
	MapiPropertyType,
	MessageBody,
	MessageDisposition,
	PhoneNumberKey,
	PropertySet,
	SearchFilter,
	SendInvitationsMode,
	ServiceError,
	ServiceResult,
	SortDirection,
	Task,
	TaskStatus,
	WellKnownFolderName,
	AffectedTaskOccurrence,
	SendCancellationsMode,
	type ExchangeService,
} from 'ews-javascript-api';
import { SYNC_ID_PROPERTY_NAME, SYNC_PROPERTY_SET_GUID } from '../../../nodes/MicrosoftExchange/helpers/itemShapes';
import { escapeForEws, exchangeService, extendedValue, postRawSoap, rejectionOf, soapEnvelope, useExchangeEmulator } from './client';

const emulator = useExchangeEmulator();
let service: ExchangeService;
const syncId = new ExtendedPropertyDefinition(new Guid(SYNC_PROPERTY_SET_GUID), SYNC_ID_PROPERTY_NAME, MapiPropertyType.String);

beforeEach(async () => {
	await emulator.control.seed('empty');
	service = exchangeService(emulator.url, { impersonate: 'alice@example.test' });
});

function newContact(given: string, surname: string, email: string, link?: string): Contact {
	const contact = new Contact(service);
	contact.GivenName = given;
	contact.Surname = surname;
	contact.EmailAddresses._setItem(EmailAddressKey.EmailAddress1, new EmailAddress(email));
	contact.PhoneNumbers._setItem(PhoneNumberKey.MobilePhone, '+1 555 0100');
	if (link) contact.SetExtendedProperty(syncId, link);
	return contact;
}

describe('contacts', () => {
	it('creates a batch, finds it by extended property and reads it back in one GetItem', async () => {
		const created = await service.CreateItems(
			[newContact('Ada', 'Lovelace', 'ada@example.org', 'link-1'), newContact('Alan', 'Turing', 'alan@example.org', 'link-2')],
			new FolderId(WellKnownFolderName.Contacts),
			MessageDisposition.SaveOnly,
			SendInvitationsMode.SendToNone,
		);
		expect(created.OverallResult).toBe(ServiceResult.Success);

		const view = new ItemView(10);
		view.PropertySet = new PropertySet(BasePropertySet.IdOnly, [ContactSchema.GivenName, syncId]);
		const found = await service.FindItems(WellKnownFolderName.Contacts, new SearchFilter.IsEqualTo(syncId, 'link-2'), view);
		expect(found.Items.map((c) => (c as Contact).GivenName)).toEqual(['Alan']);

		const linked = await service.FindItems(WellKnownFolderName.Contacts, new SearchFilter.Exists(syncId), new ItemView(10));
		expect(linked.TotalCount).toBe(2);

		const ids = (await service.FindItems(WellKnownFolderName.Contacts, new ItemView(10))).Items.map((i) => i.Id);
		const loaded = await service.BindToItems(ids, new PropertySet(BasePropertySet.FirstClassProperties, [syncId]));
		const byName = Object.fromEntries(loaded.Responses.map((r) => [(r.Item as Contact).GivenName, r.Item as Contact]));
		expect(byName.Ada.EmailAddresses._getItem(EmailAddressKey.EmailAddress1).Address).toBe('ada@example.org');
		expect(byName.Ada.PhoneNumbers._getItem(PhoneNumberKey.MobilePhone)).toBe('+1 555 0100');
		expect(byName.Ada.DisplayName).toBe('Ada Lovelace');
		expect(extendedValue(byName.Alan, syncId)).toBe('link-2');
	});

	it('answers per-item errors in a batch GetItem without failing the others', async () => {
		const [{ id }] = await emulator.control.insertItems('alice@example.test', 'contact', [{ givenName: 'Real', email1: 'real@example.org' }]);
		const missing = Buffer.from('AAMk:item:alice@example.test:999999').toString('base64');
		const result = await service.BindToItems([new ItemId(id), new ItemId(missing), new ItemId('not*base64')], PropertySet.FirstClassProperties);
		expect(result.Responses.map((r) => r.Result)).toEqual([ServiceResult.Success, ServiceResult.Error, ServiceResult.Error]);
		expect(result.Responses[1].ErrorCode).toBe(ServiceError.ErrorItemNotFound);
		expect(result.Responses[2].ErrorCode).toBe(ServiceError.ErrorInvalidIdMalformed);
	});

	it('restricts with Contains, And/Or/Not and comparisons, sorts and pages', async () => {
		await emulator.control.insertItems(
			'alice@example.test',
			'contact',
			['Berta', 'Anton', 'Carla', 'Dora', 'Emil'].map((name, i) => ({ givenName: name, surname: 'Test', email1: `${name.toLowerCase()}@corp${i % 2}.example`, companyName: i % 2 ? 'Odd Ltd' : 'Even GmbH' })),
		);
		const names = async (filter: SearchFilter, pageSize = 10, offset = 0) => {
			const view = new ItemView(pageSize, offset);
			view.PropertySet = new PropertySet(BasePropertySet.IdOnly, [ContactSchema.GivenName]);
			view.OrderBy.Add(ContactSchema.GivenName, SortDirection.Ascending);
			const result = await service.FindItems(WellKnownFolderName.Contacts, filter, view);
			return { names: result.Items.map((c) => (c as Contact).GivenName), more: result.MoreAvailable, total: result.TotalCount };
		};
		const corp1 = new SearchFilter.ContainsSubstring(ContactSchema.EmailAddress1, 'CORP1', ContainmentMode.Substring, ComparisonMode.IgnoreCase);
		expect((await names(corp1)).names).toEqual(['Anton', 'Dora']);
		const anyAddress = new SearchFilter.IsEqualTo(ContactSchema.EmailAddresses, 'carla@corp0.example');
		expect((await names(anyAddress)).names).toEqual(['Carla']);
		const notOdd = new SearchFilter.Not(new SearchFilter.IsEqualTo(ContactSchema.CompanyName, 'odd ltd'));
		expect((await names(notOdd)).names).toEqual(['Berta', 'Carla', 'Emil']);
		const either = new SearchFilter.SearchFilterCollection(LogicalOperator.Or, [
			new SearchFilter.IsEqualTo(ContactSchema.GivenName, 'Emil'),
			new SearchFilter.IsLessThan(ContactSchema.GivenName, 'B'),
		]);
		expect((await names(either)).names).toEqual(['Anton', 'Emil']);
		const since = new SearchFilter.IsGreaterThanOrEqualTo(ItemSchema.LastModifiedTime, DateTime.Now.AddMinutes(-5));
		const page = await names(since, 2, 2);
		expect(page).toEqual({ names: ['Carla', 'Dora'], more: true, total: 5 });
	});

	it('updates with ChangeKey semantics: a stale key conflicts under NeverOverwrite', async () => {
		const contact = newContact('Grace', 'Hopper', 'grace@example.org', 'link-g');
		await contact.Save(WellKnownFolderName.Contacts);
		const stale = await Contact.Bind(service, contact.Id);
		const firstKey = stale.Id.ChangeKey;

		await emulator.control.updateItem(contact.Id.UniqueId, { jobTitle: 'Rear Admiral' });
		stale.Surname = 'Hopper-Murray';
		const conflict = await rejectionOf(stale.Update(ConflictResolutionMode.NeverOverwrite));
		expect(conflict.ErrorCode).toBe(ServiceError.ErrorIrresolvableConflict);

		const fresh = await Contact.Bind(service, contact.Id, new PropertySet(BasePropertySet.FirstClassProperties, [syncId]));
		expect(fresh.Id.ChangeKey).not.toBe(firstKey);
		fresh.Surname = 'Hopper-Murray';
		fresh.RemoveExtendedProperty(syncId);
		await fresh.Update(ConflictResolutionMode.NeverOverwrite);
		const [stored] = await emulator.control.items('alice@example.test', 'contacts');
		expect(stored).toMatchObject({ surname: 'Hopper-Murray', jobTitle: 'Rear Admiral', syncId: null });
		// The client learns each new ChangeKey from the UpdateItem answer.
		expect(stored.changeKey).toBe(fresh.Id.ChangeKey);
		expect(stored.changeKey).not.toBe(firstKey);

		stale.Surname = 'Auto';
		await stale.Update(ConflictResolutionMode.AutoResolve);
		expect((await emulator.control.items('alice@example.test', 'contacts'))[0]).toMatchObject({ surname: 'Auto' });
	});

	it('deletes into Deleted Items (recoverable) or for good', async () => {
		const ids = await emulator.control.insertItems('alice@example.test', 'contact', [{ givenName: 'Soft' }, { givenName: 'Hard' }]);
		await service.DeleteItems([new ItemId(ids[0].id)], DeleteMode.MoveToDeletedItems, SendCancellationsMode.SendToNone, AffectedTaskOccurrence.AllOccurrences);
		await service.DeleteItems([new ItemId(ids[1].id)], DeleteMode.HardDelete, SendCancellationsMode.SendToNone, AffectedTaskOccurrence.AllOccurrences);
		expect(await emulator.control.items('alice@example.test', 'contacts')).toEqual([]);
		expect((await emulator.control.items('alice@example.test', 'deleteditems')).map((c) => c.givenName)).toEqual(['Soft']);
	});
});

describe('property updates', () => {
	it('sets and deletes indexed entries, and appends to the body', async () => {
		const contact = newContact('Index', 'Fields', 'first@example.org');
		contact.Body = new MessageBody(BodyType.Text, 'Met at the fair.');
		await contact.Save(WellKnownFolderName.Contacts);
		const loaded = await Contact.Bind(service, contact.Id);
		loaded.EmailAddresses._setItem(EmailAddressKey.EmailAddress2, new EmailAddress('second@example.org'));
		loaded.PhoneNumbers._setItem(PhoneNumberKey.BusinessPhone, '+1 555 0200');
		loaded.PhoneNumbers._setItem(PhoneNumberKey.MobilePhone, null as unknown as string);
		await loaded.Update(ConflictResolutionMode.AlwaysOverwrite);
		const [stored] = await emulator.control.items('alice@example.test', 'contacts');
		expect(stored).toMatchObject({ email1: 'first@example.org', email2: 'second@example.org', businessPhone: '+1 555 0200', mobilePhone: null, notes: 'Met at the fair.' });

		// The managed API never sends AppendToItemField; other clients do.
		const append = await postRawSoap(
			emulator.url,
			soapEnvelope(
				`<m:UpdateItem ConflictResolution="AutoResolve"><m:ItemChanges><t:ItemChange><t:ItemId Id="${stored.id}" ChangeKey="${stored.changeKey}"></t:ItemId><t:Updates>` +
					'<t:AppendToItemField><t:FieldURI FieldURI="item:Body"></t:FieldURI><t:Contact><t:Body BodyType="Text"> Follow up &amp; call.</t:Body></t:Contact></t:AppendToItemField>' +
					'</t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>',
			),
			'alice@example.test',
		);
		expect(append.text).toContain('ResponseClass="Success"');
		expect((await emulator.control.items('alice@example.test', 'contacts'))[0].notes).toBe('Met at the fair. Follow up & call.');
	});

	it('stores extended properties in every addressing form and restricts on them', async () => {
		const publicString = new ExtendedPropertyDefinition(DefaultExtendedPropertySet.PublicStrings, 'n8n-sync-id', MapiPropertyType.String);
		const byId = new ExtendedPropertyDefinition(DefaultExtendedPropertySet.Common, 0x8580, MapiPropertyType.Integer);
		const tagged = new ExtendedPropertyDefinition(0x3a45, MapiPropertyType.String);
		const task = new Task(service);
		task.Subject = 'Extended';
		task.SetExtendedProperty(publicString, 'ps-1');
		task.SetExtendedProperty(byId, 42);
		task.SetExtendedProperty(tagged, 'Dr.');
		await task.Save(WellKnownFolderName.Tasks);
		const other = new Task(service);
		other.Subject = 'Plain';
		await other.Save(WellKnownFolderName.Tasks);

		const view = new ItemView(10);
		view.PropertySet = new PropertySet(BasePropertySet.IdOnly, [ItemSchema.Subject, publicString, byId, tagged]);
		const filter = new SearchFilter.SearchFilterCollection(LogicalOperator.And, [
			new SearchFilter.IsEqualTo(publicString, 'ps-1'),
			new SearchFilter.IsGreaterThan(byId, 41),
			new SearchFilter.Exists(tagged),
		]);
		const [found] = (await service.FindItems(WellKnownFolderName.Tasks, filter, view)).Items;
		expect(found.Subject).toBe('Extended');
		expect([extendedValue(found, publicString), extendedValue(found, byId), extendedValue(found, tagged)]).toEqual(['ps-1', 42, 'Dr.']);
		const missing = await service.FindItems(WellKnownFolderName.Tasks, new SearchFilter.Not(new SearchFilter.Exists(publicString)), view);
		expect(missing.Items.map((i) => i.Subject)).toEqual(['Plain']);
	});

	it('copies items to another folder under a new id', async () => {
		const [{ id }] = await emulator.control.insertItems('alice@example.test', 'contact', [{ givenName: 'Copied', syncId: 'keep-me' }]);
		const [copy] = (await service.CopyItems([new ItemId(id)], new FolderId(WellKnownFolderName.Contacts), false)).Responses;
		expect(copy.Item?.Id.UniqueId).not.toBe(id);
		const contacts = await emulator.control.items('alice@example.test', 'contacts');
		expect(contacts.map((c) => c.syncId)).toEqual(['keep-me', 'keep-me']);
	});
});

describe('text round-trips', () => {
	const tricky = `Tom & Jerry <Ltd> "quoted" 'single' 🚀 Müller 田中 Ωμέγα`;

	it('keeps escaped special characters, emoji and non-Latin text intact', async () => {
		const contact = newContact(escapeForEws('Zoë & Co'), escapeForEws('田中 "Tanaka"'), 'tanaka@example.org');
		contact.CompanyName = escapeForEws(tricky);
		contact.Body = new MessageBody(BodyType.Text, escapeForEws(`Line 1 & <b>not bold</b>\nLine 2 ${tricky}`));
		await contact.Save(WellKnownFolderName.Contacts);
		const loaded = await Contact.Bind(service, contact.Id);
		expect(loaded.GivenName).toBe('Zoë & Co');
		expect(loaded.Surname).toBe('田中 "Tanaka"');
		expect(loaded.CompanyName).toBe(tricky);
		expect(loaded.Body.Text).toBe(`Line 1 & <b>not bold</b>\nLine 2 ${tricky}`);
		const found = await service.FindItems(WellKnownFolderName.Contacts, new SearchFilter.IsEqualTo(ContactSchema.CompanyName, escapeForEws(tricky)), new ItemView(5));
		expect(found.TotalCount).toBe(1);
	});

	it('rejects unescaped text the way Exchange does: HTTP 500 ErrorSchemaValidation', async () => {
		const contact = newContact('Tom', 'Jerry', 'tom@example.org');
		contact.CompanyName = 'Tom & Jerry';
		const failure = await rejectionOf(contact.Save(WellKnownFolderName.Contacts));
		expect(failure.ResponseCode).toBe(ServiceError.ErrorSchemaValidation);
		expect(failure.HttpStatusCode).toBe(500);
	});
});

describe('tasks', () => {
	it('creates, reads, completes, finds and deletes tasks', async () => {
		const task = new Task(service);
		task.Subject = escapeForEws('Send quote & terms');
		task.DueDate = new DateTime(Date.UTC(2030, 0, 15));
		task.Status = TaskStatus.InProgress;
		task.SetExtendedProperty(syncId, 'task-link');
		await task.Save(WellKnownFolderName.Tasks);

		const loaded = await Task.Bind(service, task.Id);
		expect(loaded.Subject).toBe('Send quote & terms');
		expect(loaded.Status).toBe(TaskStatus.InProgress);
		loaded.Status = TaskStatus.Completed;
		await loaded.Update(ConflictResolutionMode.AutoResolve);

		const [stored] = await emulator.control.items('alice@example.test', 'tasks');
		expect(stored).toMatchObject({ subject: 'Send quote & terms', status: 'Completed', dueDate: '2030-01-15', syncId: 'task-link' });
		const open = await service.FindItems(WellKnownFolderName.Tasks, new SearchFilter.IsNotEqualTo(ItemSchema.Subject, 'other'), new ItemView(5));
		expect(open.TotalCount).toBe(1);

		await loaded.Delete(DeleteMode.MoveToDeletedItems);
		expect(await emulator.control.items('alice@example.test', 'tasks')).toEqual([]);
		expect((await emulator.control.items('alice@example.test', 'deleteditems')).map((t) => t.subject)).toEqual(['Send quote & terms']);
	});
});
