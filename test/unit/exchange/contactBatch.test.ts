import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { nodeContext } from '../../support/nodeContext';
import { router } from '../../../nodes/MicrosoftExchange/actions/router';
import { ExchangeSession } from '../../../nodes/MicrosoftExchange/transport/ews/session';
import { FakeEws, contactXml, fakeSession, itemIdXml, responseMessages } from './support/fakeEws';
import type { FakeHandler } from './support/fakeEws';

/**
 * Batching and per-item result mapping, driven through the real client with canned EWS replies:
 * many input items become one request per mailbox, and each reply message goes back to its item.
 */

function runWith(fake: FakeEws, options: Parameters<typeof nodeContext>[0]) {
	const context = nodeContext(options);
	jest.spyOn(ExchangeSession, 'fromContext').mockResolvedValue(fakeSession(fake));
	return router.call(context);
}

afterEach(() => jest.restoreAllMocks());

const createParameters = (itemIndex: number) => ({
	resource: 'contact',
	operation: 'create',
	mailbox: 'alice@example.test',
	inputMode: 'json',
	itemJson: { givenName: `Person ${itemIndex}`, email1: `p${itemIndex}@example.test`, syncId: `sync-${itemIndex}` },
});

function createHandler(failPosition?: number): FakeHandler {
	return (request) => {
		if (request.operation === 'CreateItem') {
			const count = (request.body.match(/<t:Contact>/g) ?? []).length;
			return responseMessages(
				'CreateItem',
				Array.from({ length: count }, (_, position) =>
					position === failPosition
						? { error: 'ErrorPropertyValidationFailure', text: 'The e-mail address is invalid' }
						: { ok: itemIdXml(`id-${position}`) },
				),
			);
		}
		const ids = [...request.body.matchAll(/<t:ItemId Id="([^"]+)"/g)].map((match) => match[1]);
		return responseMessages('GetItem', ids.map((id) => ({ ok: `<m:Items>${contactXml(id, { givenName: 'P', syncId: `s-${id}` })}</m:Items>` })));
	};
}

describe('contact create batching', () => {
	it('creates many contacts with one CreateItem and reads them back with one GetItem', async () => {
		const fake = new FakeEws(createHandler());
		const [output] = await runWith(fake, { parameters: createParameters, items: [{ json: {} }, { json: {} }, { json: {} }] });
		expect(fake.operations()).toEqual(['CreateItem', 'GetItem']);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output.map((item) => item.json.id)).toEqual(['id-0', 'id-1', 'id-2']);
		expect(output[0].json).toMatchObject({ changeKey: 'ck-id-0', mailbox: 'alice@example.test', syncId: 's-id-0' });
		// The sync link is written as the fixed named property on create.
		expect(fake.requests[0].body).toContain('PropertyName="n8nExchangeZohoSyncId"');
		expect(fake.requests[0].body).toContain('<t:Value>sync-2</t:Value>');
	});

	it('fails only the bad item under continue-on-fail', async () => {
		const fake = new FakeEws(createHandler(1));
		const [output] = await runWith(fake, {
			parameters: createParameters,
			items: [{ json: {} }, { json: {} }, { json: {} }],
			continueOnFail: true,
		});
		expect(output).toHaveLength(3);
		expect(output[0].json.id).toBe('id-0');
		expect(output[1].json).toMatchObject({ code: 'ErrorPropertyValidationFailure' });
		expect(output[1].pairedItem).toEqual({ item: 1 });
		expect(output[2].json.id).toBe('id-2');
	});

	it('without continue-on-fail throws the first failure with its item index', async () => {
		const fake = new FakeEws(createHandler(1));
		await expect(
			runWith(fake, { parameters: createParameters, items: [{ json: {} }, { json: {} }, { json: {} }] }),
		).rejects.toMatchObject({ context: { itemIndex: 1, responseCode: 'ErrorPropertyValidationFailure' } });
	});

	it('splits more than 100 items into requests of at most 100', async () => {
		const fake = new FakeEws(createHandler());
		const items = Array.from({ length: 150 }, () => ({ json: {} }));
		const [output] = await runWith(fake, { parameters: createParameters, items });
		expect(fake.operations()).toEqual(['CreateItem', 'CreateItem', 'GetItem', 'GetItem']);
		expect(output).toHaveLength(150);
		expect(output[149].pairedItem).toEqual({ item: 149 });
	});

	it('sends one request per mailbox', async () => {
		const fake = new FakeEws(createHandler());
		const [output] = await runWith(fake, {
			parameters: (itemIndex) => ({ ...createParameters(itemIndex), mailbox: itemIndex % 2 ? 'bob@example.test' : 'alice@example.test' }),
			items: [{ json: {} }, { json: {} }, { json: {} }, { json: {} }],
		});
		const creates = fake.requests.filter((request) => request.operation === 'CreateItem');
		expect(creates).toHaveLength(2);
		expect(creates.map((request) => /<t:SmtpAddress>([^<]+)</.exec(request.body)?.[1]).sort()).toEqual([
			'alice@example.test',
			'bob@example.test',
		]);
		expect(output.map((item) => [item.pairedItem, item.json.mailbox])).toEqual([
			[{ item: 0 }, 'alice@example.test'],
			[{ item: 1 }, 'bob@example.test'],
			[{ item: 2 }, 'alice@example.test'],
			[{ item: 3 }, 'bob@example.test'],
		]);
	});
});

describe('escaping', () => {
	it('sends awkward text as well-formed XML that reads back as the same text', async () => {
		const awkward = `Tom & Jerry <x> "q" 'a' 🚀 田中`;
		const fake = new FakeEws(createHandler());
		await runWith(fake, {
			parameters: {
				resource: 'contact',
				operation: 'create',
				inputMode: 'json',
				mailbox: "o'neil&co@example.test",
				itemJson: { givenName: awkward, companyName: awkward, notes: awkward, categories: [awkward], syncId: awkward },
			},
		});
		const body = fake.requests[0].body;
		expect(XMLValidator.validate(body)).toBe(true);
		const parsed = new XMLParser({ ignoreAttributes: false, removeNSPrefix: true }).parse(body);
		const contact = parsed.Envelope.Body.CreateItem.Items.Contact;
		expect(contact.GivenName).toBe(awkward);
		expect(contact.CompanyName).toBe(awkward);
		expect(contact.Body['#text']).toBe(awkward);
		expect(contact.Categories.String).toBe(awkward);
		expect(parsed.Envelope.Header.ExchangeImpersonation.ConnectingSID.SmtpAddress).toBe("o'neil&co@example.test");
	});

	it('escapes restriction constants when finding by sync id', async () => {
		const fake = new FakeEws((request) =>
			request.operation === 'FindItem'
				? {
						body: responseMessages('FindItem', [
							{ ok: '<m:RootFolder TotalItemsInView="0" IncludesLastItemInRange="true"><t:Items/></m:RootFolder>' },
						]).body,
					}
				: responseMessages('GetItem', []),
		);
		const [output] = await runWith(fake, {
			parameters: { resource: 'contact', operation: 'get', findBy: 'syncId', syncId: 'a"<&>' },
			continueOnFail: true,
		});
		expect(XMLValidator.validate(fake.requests[0].body)).toBe(true);
		expect(fake.requests[0].body).toContain('Value="a&quot;&lt;&amp;&gt;"');
		expect(output[0].json).toMatchObject({ code: 'ErrorItemNotFound' });
	});
});

describe('contact update', () => {
	const stored =
		'<t:GivenName>Ana</t:GivenName><t:EmailAddresses><t:Entry Key="EmailAddress1">ana@example.test</t:Entry></t:EmailAddresses>' +
		'<t:PhoneNumbers><t:Entry Key="MobilePhone">+351 1</t:Entry></t:PhoneNumbers>' +
		'<t:PhysicalAddresses><t:Entry Key="Business"><t:City>Lisbon</t:City><t:CountryOrRegion>Portugal</t:CountryOrRegion></t:Entry></t:PhysicalAddresses>';
	const contact = `<t:Contact><t:ItemId Id="c1" ChangeKey="ck1"/>${stored}</t:Contact>`;

	function updateHandler(): FakeHandler {
		return (request) =>
			request.operation === 'UpdateItem'
				? responseMessages('UpdateItem', [
						{ ok: `${itemIdXml('c1')}<m:ConflictResults><t:Count>0</t:Count></m:ConflictResults>` },
					])
				: responseMessages('GetItem', [{ ok: `<m:Items>${contact}</m:Items>` }]);
	}

	const update = (fake: FakeEws, itemJson: object) =>
		runWith(fake, {
			parameters: {
				resource: 'contact',
				operation: 'update',
				findBy: 'id',
				itemId: { __rl: true, mode: 'id', value: 'c1' },
				inputMode: 'json',
				itemJson,
			},
		});

	it('clears fields given as null and sends only what changed', async () => {
		const fake = new FakeEws(updateHandler());
		await update(fake, { givenName: 'Ana', email1: null, mobilePhone: null, businessAddress: { city: 'Porto' } });
		expect(fake.operations()).toEqual(['GetItem', 'UpdateItem', 'GetItem']);
		const body = fake.requests[1].body;
		expect(body).toContain('<t:DeleteItemField><t:IndexedFieldURI FieldURI="contacts:EmailAddress" FieldIndex="EmailAddress1">');
		expect(body).toContain('<t:DeleteItemField><t:IndexedFieldURI FieldURI="contacts:PhoneNumber" FieldIndex="MobilePhone">');
		expect(body).toContain('FieldURI="contacts:PhysicalAddress:City" FieldIndex="Business"');
		expect(body).toContain('<t:City>Porto</t:City>');
		// Unchanged values are not written again.
		expect(body).not.toContain('contacts:GivenName');
		expect(body).not.toContain('CountryOrRegion');
	});

	it('makes no request when nothing differs', async () => {
		const fake = new FakeEws(updateHandler());
		const [output] = await update(fake, { givenName: 'Ana', email1: 'ana@example.test', businessAddress: { city: 'Lisbon' } });
		expect(fake.operations()).toEqual(['GetItem']);
		expect(output[0].json).toMatchObject({ id: 'c1', givenName: 'Ana' });
	});
});
