/**
 * The demo world shared by the local Exchange and Zoho servers, the demo (`npm start`), the tests
 * and the benchmarks. Both servers seed from this one description so that the overlap between
 * the two sides (the people a first sync must match, not duplicate) is defined in one place.
 */

export const DEMO_DOMAIN = 'example.test';
export const DEMO_PASSWORD = 'demo-password';

export const DEMO_EXCHANGE = {
	serviceAccount: { smtp: 'svc-sync@example.test', ntlmName: 'EXAMPLE\\svc-sync', domain: 'EXAMPLE' },
	mailboxes: ['alice@example.test', 'bob@example.test', 'carol@example.test', 'dave@example.test'],
} as const;

/**
 * The Microsoft 365 side of the demo: one Entra tenant and the sync's app registration, granted
 * the application permissions the package needs, the Exchange ones scoped (RBAC for
 * Applications) to the demo mailboxes; the service account's mailbox is outside that scope.
 */
export const DEMO_GRAPH = {
	tenant: DEMO_DOMAIN,
	tenantId: '6f0c7c4e-2b1a-4d3e-9f5a-8c7b6a5d4e3f',
	clientId: 'demo-sync-app',
	clientSecret: 'demo-graph-secret',
	permissions: ['Contacts.ReadWrite', 'Calendars.ReadWrite', 'Calendars.ReadBasic', 'Mail.ReadWrite', 'Mail.Send', 'MailboxSettings.Read', 'Tasks.ReadWrite.All', 'User.Read.All'],
	scopedMailboxes: DEMO_EXCHANGE.mailboxes,
} as const;

export const DEMO_ZOHO = {
	clientId: 'demo-client-id',
	clientSecret: 'demo-client-secret',
	refreshToken: 'demo-refresh-token',
	users: [
		{ fullName: 'Alice Adams', email: 'alice@example.test', active: true, timeZone: 'Europe/Berlin' },
		{ fullName: 'Bob Brown', email: 'bob@example.test', active: true, timeZone: 'America/New_York' },
		{ fullName: 'Carol Chen', email: 'carol@example.test', active: true, timeZone: 'Asia/Kolkata' },
		{ fullName: 'Dave Diaz', email: 'dave@example.test', active: false, timeZone: 'Europe/London' },
	],
} as const;

export interface DemoPerson {
	firstName: string;
	lastName: string;
	email: string;
	company: string;
	title: string;
	phone: string;
	mobile?: string;
	city: string;
	country: string;
	/** The mailbox (owner) whose contact this is on both sides. */
	owner: string;
	/** Where the person exists before the first sync. */
	on: 'exchange' | 'zoho' | 'both';
}

const owner = (name: string) => `${name}@example.test`;

/**
 * Contacts. `both` rows exist on both sides before the first sync (matched by email, not
 * duplicated); a few differ slightly between the sides, as real data does.
 */
export const DEMO_PEOPLE: DemoPerson[] = [
	{ firstName: 'Ana', lastName: 'Ribeiro', email: 'ana.ribeiro@lumen-labs.test', company: 'Lumen Labs', title: 'CTO', phone: '+351 21 555 0101', city: 'Lisbon', country: 'Portugal', owner: owner('alice'), on: 'both' },
	{ firstName: 'Jonas', lastName: 'Müller', email: 'jonas.mueller@nordwerk.test', company: 'Nordwerk GmbH', title: 'Einkaufsleiter', phone: '+49 40 555 0102', mobile: '+49 170 555 0102', city: 'Hamburg', country: 'Germany', owner: owner('alice'), on: 'both' },
	{ firstName: 'Priya', lastName: 'Raman', email: 'priya.raman@sundial.test', company: 'Sundial Analytics', title: 'Head of Data', phone: '+91 80 5550 0103', city: 'Bengaluru', country: 'India', owner: owner('alice'), on: 'exchange' },
	{ firstName: 'Tom', lastName: "O'Neill & Sons", email: 'tom@oneill-sons.test', company: "O'Neill & Sons <Ltd>", title: 'Owner', phone: '+353 1 555 0104', city: 'Dublin', country: 'Ireland', owner: owner('alice'), on: 'exchange' },
	{ firstName: 'Yuki', lastName: '田中', email: 'yuki.tanaka@kumo.test', company: 'Kumo 株式会社', title: '部長', phone: '+81 3 5550 0105', city: 'Tokyo', country: 'Japan', owner: owner('alice'), on: 'zoho' },
	{ firstName: 'Lena', lastName: 'Svensson', email: 'lena.svensson@fjord.test', company: 'Fjord Logistics', title: 'COO', phone: '+46 8 555 0106', city: 'Stockholm', country: 'Sweden', owner: owner('alice'), on: 'zoho' },
	{ firstName: 'Marco', lastName: 'Bianchi', email: 'marco.bianchi@vela.test', company: 'Vela SpA', title: 'Sales Director', phone: '+39 02 555 0107', city: 'Milan', country: 'Italy', owner: owner('bob'), on: 'both' },
	{ firstName: 'Grace', lastName: 'Okafor', email: 'grace.okafor@baobab.test', company: 'Baobab Health', title: 'CEO 🚀', phone: '+234 1 555 0108', city: 'Lagos', country: 'Nigeria', owner: owner('bob'), on: 'both' },
	{ firstName: 'Diego', lastName: 'Fernández', email: 'diego.fernandez@pampa.test', company: 'Pampa Agro', title: 'Procurement', phone: '+54 11 5550 0109', city: 'Buenos Aires', country: 'Argentina', owner: owner('bob'), on: 'exchange' },
	{ firstName: 'Chloé', lastName: 'Dubois', email: 'chloe.dubois@atelier.test', company: 'Atelier Dubois', title: 'Directrice', phone: '+33 1 55 50 01 10', city: 'Paris', country: 'France', owner: owner('bob'), on: 'zoho' },
	{ firstName: 'Sam', lastName: 'Taylor', email: 'sam.taylor@harbor.test', company: 'Harbor "Blue" Inc.', title: 'IT Manager', phone: '+1 617 555 0111', city: 'Boston', country: 'USA', owner: owner('bob'), on: 'zoho' },
	{ firstName: 'Mei', lastName: 'Lin', email: 'mei.lin@jade.test', company: 'Jade Textiles', title: 'Buyer', phone: '+86 21 5550 0112', city: 'Shanghai', country: 'China', owner: owner('carol'), on: 'both' },
	{ firstName: 'Arjun', lastName: 'Mehta', email: 'arjun.mehta@monsoon.test', company: 'Monsoon Retail', title: 'VP Operations', phone: '+91 22 5550 0113', city: 'Mumbai', country: 'India', owner: owner('carol'), on: 'exchange' },
	{ firstName: 'Olga', lastName: 'Ivanova', email: 'olga.ivanova@sever.test', company: 'Sever Tech', title: 'Engineer', phone: '+7 495 555 0114', city: 'Moscow', country: 'Russia', owner: owner('carol'), on: 'zoho' },
	{ firstName: 'Noah', lastName: 'Williams', email: 'noah.williams@kestrel.test', company: 'Kestrel Air', title: 'Fleet Manager', phone: '+61 2 5550 0115', city: 'Sydney', country: 'Australia', owner: owner('dave'), on: 'both' },
	{ firstName: 'Fatima', lastName: 'Zahra', email: 'fatima.zahra@atlas.test', company: 'Atlas Trading', title: 'Partner', phone: '+212 5 2255 0116', city: 'Casablanca', country: 'Morocco', owner: owner('dave'), on: 'exchange' },
];

export interface DemoTask {
	subject: string;
	owner: string;
	/** Days from the seeding day. */
	dueInDays: number;
	status: 'NotStarted' | 'InProgress' | 'Completed';
	priority: 'Low' | 'Normal' | 'High';
	on: 'exchange' | 'zoho';
	/** Email of the contact the task is about, if any. */
	about?: string;
}

export const DEMO_TASKS: DemoTask[] = [
	{ subject: 'Send Lumen Labs the renewal quote', owner: owner('alice'), dueInDays: 2, status: 'NotStarted', priority: 'High', on: 'exchange', about: 'ana.ribeiro@lumen-labs.test' },
	{ subject: 'Prepare Nordwerk onboarding pack', owner: owner('alice'), dueInDays: 5, status: 'InProgress', priority: 'Normal', on: 'zoho', about: 'jonas.mueller@nordwerk.test' },
	{ subject: 'Follow up with Vela on pricing & terms', owner: owner('bob'), dueInDays: 1, status: 'NotStarted', priority: 'High', on: 'exchange', about: 'marco.bianchi@vela.test' },
	{ subject: 'Call Baobab about pilot results', owner: owner('bob'), dueInDays: 3, status: 'NotStarted', priority: 'Normal', on: 'zoho', about: 'grace.okafor@baobab.test' },
	{ subject: 'Review Jade Textiles contract', owner: owner('carol'), dueInDays: 7, status: 'NotStarted', priority: 'Low', on: 'exchange', about: 'mei.lin@jade.test' },
	{ subject: 'Archive 2025 proposals', owner: owner('carol'), dueInDays: -3, status: 'Completed', priority: 'Low', on: 'zoho' },
];

export interface DemoMeeting {
	subject: string;
	organizer: string;
	/** Days from the seeding day, and local start time in the organizer's time zone. */
	inDays: number;
	startLocal: string;
	durationMinutes: number;
	timeZone: string;
	location?: string;
	attendees: string[];
	allDay?: boolean;
	/** RRULE for a recurring series. */
	rrule?: string;
	on: 'exchange' | 'zoho';
}

export const DEMO_MEETINGS: DemoMeeting[] = [
	{ subject: 'Lumen Labs quarterly review', organizer: owner('alice'), inDays: 1, startLocal: '10:00', durationMinutes: 60, timeZone: 'Europe/Berlin', location: 'Teams', attendees: ['ana.ribeiro@lumen-labs.test', 'bob@example.test'], on: 'exchange' },
	{ subject: 'Nordwerk kickoff', organizer: owner('alice'), inDays: 2, startLocal: '14:30', durationMinutes: 45, timeZone: 'Europe/Berlin', location: 'Hamburg office', attendees: ['jonas.mueller@nordwerk.test'], on: 'zoho' },
	{ subject: 'Team stand-up', organizer: owner('alice'), inDays: 0, startLocal: '09:00', durationMinutes: 15, timeZone: 'Europe/Berlin', attendees: ['bob@example.test', 'carol@example.test'], rrule: 'FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=12', on: 'exchange' },
	{ subject: 'Vela pricing workshop', organizer: owner('bob'), inDays: 3, startLocal: '11:00', durationMinutes: 90, timeZone: 'America/New_York', location: 'Room <Harbor>', attendees: ['marco.bianchi@vela.test', 'alice@example.test'], on: 'exchange' },
	{ subject: 'Trade fair (all day)', organizer: owner('bob'), inDays: 10, startLocal: '00:00', durationMinutes: 1440, timeZone: 'America/New_York', location: 'Javits Center', attendees: [], allDay: true, on: 'zoho' },
	{ subject: 'Jade Textiles sample review', organizer: owner('carol'), inDays: 4, startLocal: '15:00', durationMinutes: 30, timeZone: 'Asia/Kolkata', attendees: ['mei.lin@jade.test'], on: 'exchange' },
];

export interface DemoMail {
	mailbox: string;
	folder: 'inbox' | 'sentitems';
	from: string;
	to: string[];
	subject: string;
	body: string;
	daysAgo: number;
}

export const DEMO_MAIL: DemoMail[] = [
	{ mailbox: owner('alice'), folder: 'inbox', from: 'ana.ribeiro@lumen-labs.test', to: ['alice@example.test'], subject: 'Renewal question', body: '<p>Hi Alice, can we discuss the renewal terms?</p>', daysAgo: 2 },
	{ mailbox: owner('alice'), folder: 'sentitems', from: 'alice@example.test', to: ['jonas.mueller@nordwerk.test'], subject: 'Re: Onboarding', body: '<p>Hallo Jonas, anbei die Unterlagen.</p>', daysAgo: 1 },
	{ mailbox: owner('bob'), folder: 'inbox', from: 'marco.bianchi@vela.test', to: ['bob@example.test'], subject: 'Pricing & terms <draft>', body: '<p>Bob, see the attached draft &amp; comments.</p>', daysAgo: 3 },
	{ mailbox: owner('bob'), folder: 'inbox', from: 'newsletter@unrelated.test', to: ['bob@example.test'], subject: 'Weekly digest', body: '<p>Not from a CRM contact.</p>', daysAgo: 1 },
	{ mailbox: owner('carol'), folder: 'inbox', from: 'mei.lin@jade.test', to: ['carol@example.test'], subject: '样品 / samples', body: '<p>Samples ship Monday.</p>', daysAgo: 1 },
];
