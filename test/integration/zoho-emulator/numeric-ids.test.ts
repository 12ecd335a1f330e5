/**
 * Ids as JSON numbers, as Zoho's Java, Python and C# SDKs send them ({"id": 5725767000100000042}):
 * accepted wherever a numeric string is, read without losing a digit, and answered as strings.
 */
import { useZohoEmulator } from './apiClient';

const server = useZohoEmulator();

/** The body as JSON with every `"#<digits>"` string written as a bare number. */
const withNumericIds = (body: unknown) => JSON.stringify(body).replace(/"#(\d+)"/g, '$1');
const asNumber = (id: string) => `#${id}`;

async function userId(email: string): Promise<string> {
	const users = (await server.call('GET', '/crm/v8/users?type=AllUsers')).body.users as Array<{ id: string; email: string }>;
	return users.find((user) => user.email === email)!.id;
}

async function contactByEmail(email: string): Promise<Record<string, any>> {
	const { body } = await server.call('POST', '/crm/v8/coql', { body: { select_query: `select id from Contacts where Email = '${email}'` } });
	return (await server.call('GET', `/crm/v8/Contacts/${body.data[0].id}`)).body.data[0];
}

describe('Zoho emulator: ids sent as JSON numbers', () => {
	it('takes numeric lookup, owner and record ids on insert, update and delete, and answers string ids', async () => {
		const ana = await contactByEmail('ana.ribeiro@lumen-labs.test');
		const bob = await userId('bob@example.test');
		const inserted = await server.call('POST', '/crm/v8/Contacts', {
			rawBody: withNumericIds({
				data: [{ Last_Name: 'Numeric', Account_Name: { id: asNumber(ana.Account_Name.id) }, Owner: { id: asNumber(bob) }, Reporting_To: { id: asNumber(ana.id) } }],
			}),
		});
		expect(inserted.status).toBe(201);
		const id = inserted.body.data[0].details.id;
		expect(id).toMatch(/^\d{19}$/);
		const record = (await server.call('GET', `/crm/v8/Contacts/${id}`)).body.data[0];
		expect(record).toMatchObject({ Account_Name: { id: ana.Account_Name.id }, Owner: { id: bob }, Reporting_To: { id: ana.id } });

		const updated = await server.call('PUT', '/crm/v8/Contacts', { rawBody: withNumericIds({ data: [{ id: asNumber(id), Title: 'Numbered' }] }) });
		expect(updated.body.data[0]).toMatchObject({ status: 'success', details: { id } });
		const byPath = await server.call('PUT', `/crm/v8/Contacts/${id}`, { rawBody: withNumericIds({ data: [{ id: asNumber(id), Department: 'Ids' }] }) });
		expect(byPath.body.data[0].status).toBe('success');
		expect((await server.call('GET', `/crm/v8/Contacts/${id}`)).body.data[0]).toMatchObject({ Title: 'Numbered', Department: 'Ids' });
	});

	it('takes numeric ids in notes, meeting participants and What_Id', async () => {
		const ana = await contactByEmail('ana.ribeiro@lumen-labs.test');
		const modules = (await server.call('GET', '/crm/v8/settings/modules')).body.modules as Array<{ api_name: string; id: string }>;
		const contactsModule = modules.find((module) => module.api_name === 'Contacts')!;
		const note = await server.call('POST', '/crm/v8/Notes', {
			rawBody: withNumericIds({ data: [{ Note_Content: 'By number', Parent_Id: { module: { api_name: 'Contacts', id: asNumber(contactsModule.id) }, id: asNumber(ana.id) } }] }),
		});
		expect(note.body.data[0].status).toBe('success');
		const notes = await server.call('GET', `/crm/v8/Contacts/${ana.id}/Notes?fields=Note_Content,Parent_Id`);
		expect(notes.body.data[0]).toMatchObject({ Note_Content: 'By number', Parent_Id: { id: ana.id } });

		const meeting = await server.call('POST', '/crm/v8/Events', {
			rawBody: withNumericIds({
				data: [
					{
						Event_Title: 'By number',
						Start_DateTime: '2026-05-20T09:00:00+02:00',
						End_DateTime: '2026-05-20T10:00:00+02:00',
						Participants: [{ type: 'contact', participant: asNumber(ana.id) }],
						What_Id: { id: asNumber(ana.Account_Name.id) },
						$se_module: 'Accounts',
					},
				],
			}),
		});
		expect(meeting.body.data[0].status).toBe('success');
		const event = (await server.call('GET', `/crm/v8/Events/${meeting.body.data[0].details.id}`)).body.data[0];
		expect(event.Participants).toEqual([expect.objectContaining({ type: 'contact', participant: ana.id, Email: 'ana.ribeiro@lumen-labs.test' })]);
		expect(event.What_Id).toEqual({ id: ana.Account_Name.id, name: 'Lumen Labs' });
	});

	it('reads numbers of 19 digits without losing a digit: a neighbouring id is not taken for another', async () => {
		const [first, second] = (await server.emulator.control.insertRecords('Contacts', [{ Last_Name: 'First' }, { Last_Name: 'Second' }])).ids;
		// As a JavaScript number, the second id would round to the same value as the first or a third.
		const { body } = await server.call('PUT', '/crm/v8/Contacts', { rawBody: withNumericIds({ data: [{ id: asNumber(second), Title: 'Second only' }] }) });
		expect(body.data[0].details.id).toBe(second);
		expect((await server.call('GET', `/crm/v8/Contacts/${first}`)).body.data[0].Title).toBeNull();
		expect((await server.call('GET', `/crm/v8/Contacts/${second}`)).body.data[0].Title).toBe('Second only');
	});
});
