import { DEMO_EXCHANGE, DEMO_MAIL, DEMO_PEOPLE, DEMO_TASKS } from '../../emulators/demo/world';
import type { ExchangeContact, ExchangeTask } from '../../../nodes/MicrosoftExchange/helpers/itemShapes';
import { useExchangeEmulator } from './client';

const emulator = useExchangeEmulator();

describe('the demo world', () => {
	it.each(DEMO_EXCHANGE.mailboxes)('seeds the Exchange-side contacts, tasks and mail of %s', async (mailbox) => {
		const contacts = await emulator.control.items<ExchangeContact & Record<string, unknown>>(mailbox, 'contacts');
		const people = DEMO_PEOPLE.filter((p) => p.owner === mailbox && p.on !== 'zoho');
		expect(contacts.map((c) => c.email1).sort()).toEqual(people.map((p) => p.email).sort());
		for (const person of people) {
			const contact = contacts.find((c) => c.email1 === person.email)!;
			expect(contact).toMatchObject({ givenName: person.firstName, surname: person.lastName, companyName: person.company, businessPhone: person.phone });
			// People on both sides differ slightly: the Exchange copy has no mobile number.
			expect(contact.mobilePhone).toBe(person.on === 'both' ? null : (person.mobile ?? null));
		}
		const tasks = await emulator.control.items<ExchangeTask & Record<string, unknown>>(mailbox, 'tasks');
		expect(tasks.map((t) => t.subject).sort()).toEqual(DEMO_TASKS.filter((t) => t.owner === mailbox && t.on === 'exchange').map((t) => t.subject).sort());
		for (const folder of ['inbox', 'sentitems'] as const) {
			const mail = (await emulator.control.items(mailbox, folder)).filter((m) => m.itemClass === 'IPM.Note');
			expect(mail.map((m) => m.subject).sort()).toEqual(DEMO_MAIL.filter((m) => m.mailbox === mailbox && m.folder === folder).map((m) => m.subject).sort());
		}
	});

	it('gives items the same ids on every start', async () => {
		const before = (await emulator.control.items('bob@example.test', 'contacts')).map((c) => c.id);
		await emulator.control.reset();
		expect((await emulator.control.items('bob@example.test', 'contacts')).map((c) => c.id)).toEqual(before);
	});
});
