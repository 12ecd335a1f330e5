/**
 * Deterministic bench data: for each mailbox, N contacts and N/10 tasks and events on each side,
 * half of them the same records on both sides (same email, subject + due date, or organizer +
 * start + subject), so a first sync must match half and create the other half on each side.
 */
import { DateTime } from 'luxon';

export const BENCH_DOMAIN = 'example.test';

/** The n-th bench mailbox (0-based): user001@example.test … */
export function benchMailbox(index: number): string {
	return `user${String(index + 1).padStart(3, '0')}@${BENCH_DOMAIN}`;
}

export type BenchObject = 'contacts' | 'tasks' | 'events';

export interface ObjectCounts {
	contacts: number;
	tasks: number;
	events: number;
}

/** Tasks and events are 10% of the contacts each. */
export function countsFor(contacts: number): ObjectCounts {
	const tenth = Math.max(2, Math.round(contacts / 10));
	return { contacts, tasks: tenth, events: tenth };
}

/** Record numbers on each side: Exchange holds 0…n-1, the CRM holds n/2…n/2+n-1. */
export function sideRange(count: number, side: 'exchange' | 'crm'): number[] {
	const start = side === 'exchange' ? 0 : Math.floor(count / 2);
	return Array.from({ length: count }, (_unused, offset) => start + offset);
}

const BASE_DAY = DateTime.fromISO('2027-03-01T00:00:00', { zone: 'utc' });
const slug = (mailbox: string) => mailbox.split('@')[0];

export function exchangeContact(mailbox: string, n: number): Record<string, unknown> {
	return {
		givenName: `Given${n}`,
		surname: `Family ${slug(mailbox)} ${n}`,
		email1: `person${n}.${slug(mailbox)}@customers.test`,
		businessPhone: `+49 30 ${String(1_000_000 + n)}`,
		jobTitle: 'Buyer',
		businessAddress: { city: 'Berlin', countryOrRegion: 'Germany' },
	};
}

export function crmContact(mailbox: string, n: number, ownerId: string): Record<string, unknown> {
	return {
		First_Name: `Given${n}`,
		Last_Name: `Family ${slug(mailbox)} ${n}`,
		Email: `person${n}.${slug(mailbox)}@customers.test`,
		Phone: `+49 30 ${String(1_000_000 + n)}`,
		Title: 'Buyer',
		Mailing_City: 'Berlin',
		Mailing_Country: 'Germany',
		Owner: { id: ownerId },
	};
}

const dueDate = (n: number) => BASE_DAY.plus({ days: n % 90 }).toISODate();

export function exchangeTask(mailbox: string, n: number): Record<string, unknown> {
	return { subject: `Follow up ${n} (${slug(mailbox)})`, dueDate: dueDate(n), status: 'NotStarted', importance: 'Normal' };
}

export function crmTask(mailbox: string, n: number, ownerId: string): Record<string, unknown> {
	return { Subject: `Follow up ${n} (${slug(mailbox)})`, Due_Date: dueDate(n), Status: 'Not Started', Priority: 'Normal', Owner: { id: ownerId } };
}

const eventStart = (n: number) => BASE_DAY.plus({ hours: 8 + (n % 10), days: Math.floor(n / 10) });

export function exchangeEvent(mailbox: string, n: number): Record<string, unknown> {
	const start = eventStart(n);
	return {
		subject: `Call ${n} (${slug(mailbox)})`,
		start: start.toISO(),
		end: start.plus({ minutes: 30 }).toISO(),
		timeZone: 'UTC',
		location: 'Phone',
	};
}

/** Zoho's datetime format: seconds and a numeric offset, never `Z`. */
const zohoDateTime = (at: DateTime) => at.toFormat("yyyy-MM-dd'T'HH:mm:ssZZ");

export function crmEvent(mailbox: string, n: number, ownerId: string): Record<string, unknown> {
	const start = eventStart(n);
	return {
		Event_Title: `Call ${n} (${slug(mailbox)})`,
		Start_DateTime: zohoDateTime(start),
		End_DateTime: zohoDateTime(start.plus({ minutes: 30 })),
		Venue: 'Phone',
		Owner: { id: ownerId },
	};
}

export const GENERATORS: Record<BenchObject, {
	exchangeType: 'contact' | 'task' | 'event';
	crmModule: string;
	exchange(mailbox: string, n: number): Record<string, unknown>;
	crm(mailbox: string, n: number, ownerId: string): Record<string, unknown>;
}> = {
	contacts: { exchangeType: 'contact', crmModule: 'Contacts', exchange: exchangeContact, crm: crmContact },
	tasks: { exchangeType: 'task', crmModule: 'Tasks', exchange: exchangeTask, crm: crmTask },
	events: { exchangeType: 'event', crmModule: 'Events', exchange: exchangeEvent, crm: crmEvent },
};
