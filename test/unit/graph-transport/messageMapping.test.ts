import { messageFromGraph, messageToGraph, sentCopyToGraph } from '../../../nodes/MicrosoftExchange/transport/graph/messageMapping';
import { SYNC_ID_PROPERTY } from '../../../nodes/MicrosoftExchange/transport/graph/values';
import type { MessageFields } from '../../../nodes/MicrosoftExchange/helpers/itemTypes/message';

describe('messages between the item shape and Graph', () => {
	it('reads a message as EWS gives it: UTC times with milliseconds, nameless recipients without a name, the body as stored', () => {
		const shape = messageFromGraph(
			{
				id: 'AAMk1',
				changeKey: 'ck',
				lastModifiedDateTime: '2030-01-02T03:04:05Z',
				sentDateTime: '2030-01-02T03:00:00Z',
				subject: 'Hello',
				from: { emailAddress: { address: 'bob@example.test', name: 'bob@example.test' } },
				toRecipients: [{ emailAddress: { address: 'alice@example.test', name: 'Alice Adams' } }, { emailAddress: { name: 'no address' } }],
				body: { contentType: 'text', content: 'line' },
				isRead: true,
				singleValueExtendedProperties: [
					{ id: SYNC_ID_PROPERTY, value: 'zoho-email:1' },
					{ id: 'String 0x1042', value: '<a@b>' },
				],
			},
			'alice@example.test',
		);
		expect(shape).toMatchObject({
			lastModified: '2030-01-02T03:04:05.000Z',
			sentAt: '2030-01-02T03:00:00.000Z',
			receivedAt: null,
			from: { email: 'bob@example.test', name: null },
			to: [{ email: 'alice@example.test', name: 'Alice Adams' }],
			cc: [],
			bodyType: 'Text',
			body: 'line',
			isRead: true,
			isDraft: false,
			syncId: 'zoho-email:1',
			syncState: null,
			inReplyTo: '<a@b>',
		});
	});

	it('writes only the fields given; cleared lists and links become empty', () => {
		// What JSON input may hold: nulls clear a field.
		expect(messageToGraph({ subject: 'S', to: null, categories: null, syncId: null } as unknown as MessageFields)).toEqual({
			subject: 'S',
			toRecipients: [],
			categories: [],
			singleValueExtendedProperties: [{ id: SYNC_ID_PROPERTY, value: '' }],
		});
		expect(messageToGraph({ body: '<p>x</p>', cc: [{ email: 'c@example.test', name: 'C' }, 'd@example.test'] } as unknown as MessageFields)).toEqual({
			body: { contentType: 'html', content: '<p>x</p>' },
			ccRecipients: [{ emailAddress: { address: 'c@example.test', name: 'C' } }, { emailAddress: { address: 'd@example.test' } }],
		});
	});

	it('files a sent copy with its sender and the MAPI flags and times of a sent message, in UTC', () => {
		const body = sentCopyToGraph({ from: { email: 'alice@example.test', name: 'Alice' }, to: [{ email: 'x@example.test' }], sentAt: '2026-04-01T08:30:00+02:00', syncId: 's' });
		expect(body).toMatchObject({ from: { emailAddress: { address: 'alice@example.test', name: 'Alice' } }, sender: { emailAddress: { address: 'alice@example.test', name: 'Alice' } } });
		expect(body.singleValueExtendedProperties).toEqual([
			{ id: SYNC_ID_PROPERTY, value: 's' },
			{ id: 'Integer 0x0E07', value: '1' },
			{ id: 'SystemTime 0x0039', value: '2026-04-01T06:30:00.000Z' },
			{ id: 'SystemTime 0x0E06', value: '2026-04-01T06:30:00.000Z' },
		]);
	});

	it('refuses a sent copy without sender, time or recipient, or with a time that is none', () => {
		const base = { from: { email: 'alice@example.test' }, to: [{ email: 'x@example.test' }], sentAt: '2026-04-01T08:30:00Z' };
		expect(() => sentCopyToGraph({ ...base, from: null })).toThrow('A sent message needs its sender (From)');
		expect(() => sentCopyToGraph({ ...base, sentAt: null })).toThrow('A sent message needs the time it was sent (Sent At)');
		expect(() => sentCopyToGraph({ ...base, to: [] })).toThrow('A sent message needs at least one recipient');
		expect(() => sentCopyToGraph({ ...base, sentAt: 'yesterday' })).toThrow('"yesterday" is not an ISO 8601 date-time');
	});
});
