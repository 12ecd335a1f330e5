import { contactFromGraph, contactToGraph, CONTACT_EXPAND } from '../../../nodes/MicrosoftExchange/transport/graph/contactMapping';
import { SYNC_ID_PROPERTY } from '../../../nodes/MicrosoftExchange/transport/graph/values';

describe('contacts between the item shape and Graph', () => {
	it('reads extended properties whatever case and zero-padding Graph answers their ids in', () => {
		const shape = contactFromGraph(
			{
				id: 'AAMk1',
				changeKey: 'ck',
				lastModifiedDateTime: '2030-01-02T03:04:05Z',
				singleValueExtendedProperties: [
					{ id: SYNC_ID_PROPERTY.toUpperCase(), value: 'sync-1' },
					{ id: 'String 0x00003a2e', value: '+1 555 0100' },
					{ id: 'String 0x3A21', value: '' },
				],
			},
			'alice@example.test',
		);
		expect(shape).toMatchObject({ id: 'AAMk1', lastModified: '2030-01-02T03:04:05.000Z', syncId: 'sync-1', assistantPhone: '+1 555 0100', pager: null });
	});

	it('writes only the fields given, whole lists from the current values, and keeps address parts not named', () => {
		const current = {
			email1: 'a@example.test',
			email2: 'b@example.test',
			businessPhone: '+1',
			businessPhone2: '+2',
			businessAddress: { street: 'Main St 1', city: 'Springfield', countryOrRegion: 'US' },
		};
		expect(contactToGraph({ email2: 'c@example.test', businessPhone2: null, businessAddress: { city: 'Shelbyville', street: null } }, current)).toEqual({
			emailAddresses: [
				{ address: 'a@example.test', name: 'a@example.test' },
				{ address: 'c@example.test', name: 'c@example.test' },
			],
			businessPhones: ['+1'],
			businessAddress: { city: 'Shelbyville', countryOrRegion: 'US' },
		});
	});

	it('clears a link by an empty value, the only way a PATCH can, and writes birthdays and notes', () => {
		expect(contactToGraph({ syncId: null, crmRecordId: '42', birthday: '1990-05-17', notes: null, homeAddress: null })).toEqual({
			birthday: '1990-05-17T11:59:00Z',
			personalNotes: '',
			homeAddress: {},
			singleValueExtendedProperties: [
				{ id: SYNC_ID_PROPERTY, value: '' },
				{ id: expect.stringMatching(/Name n8nExchangeZohoCrmRecordId$/), value: '42' },
			],
		});
	});

	it('expands every property the shape reads, in one $expand', () => {
		expect(CONTACT_EXPAND).toMatch(/^singleValueExtendedProperties\(\$filter=id eq '.+'( or id eq '.+'){16}\)$/);
	});
});
