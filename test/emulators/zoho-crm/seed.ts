/**
 * Seeds the org from the shared demo world: CRM users (Dave inactive), the Zoho-side contacts
 * and their accounts, a few leads and deals, the Zoho-side tasks and meetings (relative to
 * today, in the owner's time zone) and notes. The sync-link fields are deliberately absent, as
 * in a real org: they are created through the fields API.
 */
import { DateTime } from 'luxon';
import { DEMO_DOMAIN, DEMO_MEETINGS, DEMO_PEOPLE, DEMO_TASKS, DEMO_ZOHO } from '../demo/world';
import type { ZohoStore } from './store';

export type SeedPreset = 'demo' | 'empty';

const TASK_STATUS = { NotStarted: 'Not Started', InProgress: 'In Progress', Completed: 'Completed' } as const;

const DEMO_LEADS = [
	{ First_Name: 'Hannah', Last_Name: 'Schmidt', Email: 'hannah.schmidt@edelweiss.test', Company: 'Edelweiss Foods', Lead_Status: 'Contacted', owner: 'alice@example.test' },
	{ First_Name: 'Luis', Last_Name: 'Ortega', Email: 'luis.ortega@andes.test', Company: 'Andes Mining', Lead_Status: 'Not Contacted', owner: 'bob@example.test' },
];

const DEMO_DEALS = [
	{ Deal_Name: 'Lumen Labs renewal', Stage: 'Negotiation/Review', Amount: 48000, closesInDays: 30, company: 'Lumen Labs', contact: 'ana.ribeiro@lumen-labs.test' },
	{ Deal_Name: 'Baobab pilot expansion', Stage: 'Proposal/Price Quote', Amount: 120000, closesInDays: 60, company: 'Baobab Health', contact: 'grace.okafor@baobab.test' },
];

const DEMO_NOTES = [
	{ about: 'jonas.mueller@nordwerk.test', Note_Title: 'Trade fair', Note_Content: 'Met Jonas at the Hamburg logistics fair; wants onboarding in Q1.' },
	{ about: 'grace.okafor@baobab.test', Note_Title: 'Pilot', Note_Content: 'Pilot results due next week; decision by the board after.' },
];

export function seedStore(store: ZohoStore, preset: SeedPreset): void {
	store.reset();
	if (preset === 'empty') {
		const first = DEMO_ZOHO.users[0];
		store.addUser({ fullName: first.fullName, email: first.email, timeZone: first.timeZone, admin: true });
		return;
	}
	for (const user of DEMO_ZOHO.users) {
		store.addUser({ fullName: user.fullName, email: user.email, active: user.active, timeZone: user.timeZone });
	}
	// The org's shared address, which any user may send mail from with org_email: true.
	store.orgEmails.push({ email: `sales@${DEMO_DOMAIN}`, userName: 'Example Sales' });
	const admin = store.currentUser();
	const userId = (email: string) => store.userByEmail(email)?.id ?? admin.id;
	const zohoPeople = DEMO_PEOPLE.filter((person) => person.on !== 'exchange');

	const accountIds = new Map<string, string>();
	for (const person of zohoPeople) {
		if (accountIds.has(person.company)) continue;
		const account = store.insert(
			'Accounts',
			{ Account_Name: person.company, Phone: person.phone, Billing_City: person.city, Billing_Country: person.country },
			admin.id,
			userId(person.owner),
		);
		accountIds.set(person.company, account.id);
	}

	const contactIds = new Map<string, string>();
	for (const person of zohoPeople) {
		const values: Record<string, unknown> = {
			First_Name: person.firstName,
			Last_Name: person.lastName,
			Email: person.email,
			Title: person.title,
			Phone: person.phone,
			Mailing_City: person.city,
			Mailing_Country: person.country,
			Account_Name: accountIds.get(person.company),
		};
		if (person.mobile) values.Mobile = person.mobile;
		// People on both sides differ slightly, as real data does: a detail only Zoho has.
		if (person.on === 'both') {
			if (person.mobile) values.Department = 'Procurement';
			else values.Mobile = person.phone.replace(/\d{2}$/, '99');
		}
		const contact = store.insert('Contacts', values, admin.id, userId(person.owner));
		contactIds.set(person.email, contact.id);
	}

	for (const lead of DEMO_LEADS) {
		const { owner, ...values } = lead;
		store.insert('Leads', values, admin.id, userId(owner));
	}

	for (const deal of DEMO_DEALS) {
		store.insert(
			'Deals',
			{
				Deal_Name: deal.Deal_Name,
				Stage: deal.Stage,
				Amount: deal.Amount,
				Closing_Date: DateTime.now().setZone(admin.timeZone).plus({ days: deal.closesInDays }).toISODate(),
				Account_Name: accountIds.get(deal.company),
				Contact_Name: contactIds.get(deal.contact),
			},
			admin.id,
		);
	}

	for (const task of DEMO_TASKS.filter((candidate) => candidate.on === 'zoho')) {
		const owner = store.userByEmail(task.owner) ?? admin;
		const values: Record<string, unknown> = {
			Subject: task.subject,
			Due_Date: DateTime.now().setZone(owner.timeZone).plus({ days: task.dueInDays }).toISODate(),
			Status: TASK_STATUS[task.status],
			Priority: task.priority,
		};
		const contactId = task.about ? contactIds.get(task.about) : undefined;
		if (contactId) values.Who_Id = contactId;
		store.insert('Tasks', values, admin.id, owner.id);
	}

	for (const meeting of DEMO_MEETINGS.filter((candidate) => candidate.on === 'zoho')) {
		const owner = store.userByEmail(meeting.organizer) ?? admin;
		const [hour, minute] = meeting.startLocal.split(':').map(Number);
		const start = DateTime.now().setZone(meeting.timeZone).startOf('day').plus({ days: meeting.inDays }).set({ hour, minute });
		const participants = meeting.attendees.map((email) => {
			const contactId = contactIds.get(email);
			if (contactId) return { type: 'contact', participant: contactId };
			const user = store.userByEmail(email);
			return user ? { type: 'user', participant: user.id } : { type: 'email', participant: email, Email: email };
		});
		store.insert(
			'Events',
			{
				Event_Title: meeting.subject,
				Start_DateTime: start.toMillis(),
				End_DateTime: start.plus({ minutes: meeting.durationMinutes }).toMillis(),
				All_day: meeting.allDay ?? false,
				...(meeting.location ? { Venue: meeting.location } : {}),
				Participants: participants,
			},
			admin.id,
			owner.id,
		);
	}

	for (const note of DEMO_NOTES) {
		const parent = contactIds.get(note.about);
		if (!parent) continue;
		store.insert('Notes', { Note_Title: note.Note_Title, Note_Content: note.Note_Content, Parent_Id: parent, $se_module: 'Contacts' }, admin.id);
	}
}
