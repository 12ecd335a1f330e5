/**
 * Reads one user's tasks, events and CRM e-mails from the local servers, and adds the few records
 * the demo world lacks for that user: a task on both sides (to be matched, not duplicated), an
 * all-day event on each side, and a meeting with a CRM contact, a CRM user and an outsider.
 */
import { DateTime } from 'luxon';
import type { LocalServers } from '../../../scripts/demo/localServers';
import { DEMO_ZOHO } from '../../emulators/demo/world';
import { demoAccessToken } from '../../emulators/zoho-crm/harness';

export type ExchangeItem = Record<string, unknown> & { id: string };
export type CrmRecord = Record<string, unknown> & { id: string };

/** One e-mail of a CRM record's Emails related list, as Zoho lists it. */
export interface CrmEmail {
	subject: string;
	from: { email: string };
	to: Array<{ email: string }>;
	time: string;
	sent: boolean;
}

/** The records added on top of the demo world, by subject. */
export const EXTRA = {
	taskOnBothSides: 'Renew Fjord Logistics NDA',
	exchangeAllDay: 'Lisbon offsite (all day)',
	crmAllDay: 'Hamburg trade day (all day)',
	meetingWithCrmPeople: 'Vela pricing call',
} as const;

/** The attendees of the extra meeting: a CRM contact, a CRM user and an address the CRM does not know. */
export const CRM_PEOPLE_ATTENDEES = { contact: 'marco.bianchi@vela.test', user: 'bob@example.test', outsider: 'guest@outside.test' } as const;

const zoneOf = (email: string) => DEMO_ZOHO.users.find((user) => user.email === email)?.timeZone ?? 'UTC';

const ownedBy = (email: string) => (record: CrmRecord) => !record.$deleted && (record.Owner as { email?: string } | undefined)?.email === email;

export class UserObjects {
	constructor(
		readonly servers: LocalServers,
		readonly user: string,
	) {}

	/** The user's day `days` from today in the user's CRM time zone, as yyyy-mm-dd. */
	day(days: number): string {
		return DateTime.now().setZone(zoneOf(this.user)).startOf('day').plus({ days }).toISODate()!;
	}

	async ownerId(): Promise<string> {
		const contact = (await this.servers.zoho.control.records('Contacts')).find(ownedBy(this.user));
		if (!contact) throw new Error(`${this.user} owns no CRM contact`);
		return (contact.Owner as { id: string }).id;
	}

	/** Adds the task on both sides, the two all-day events (one per side) and the meeting with CRM people. */
	async addExtras(): Promise<void> {
		const { exchange, zoho } = this.servers;
		const zone = zoneOf(this.user);
		const owner = { id: await this.ownerId() };
		await exchange.control.insertItems(this.user, 'task', [
			{ subject: EXTRA.taskOnBothSides, status: 'NotStarted', importance: 'Low', dueDate: this.day(9) },
		]);
		await zoho.control.insertRecords('Tasks', [
			{ Subject: EXTRA.taskOnBothSides, Status: 'Not Started', Priority: 'Low', Due_Date: this.day(9), Owner: owner },
		]);
		const offsite = DateTime.fromISO(this.day(6), { zone });
		await exchange.control.insertItems(this.user, 'event', [
			{
				subject: EXTRA.exchangeAllDay,
				start: offsite.toISO(),
				end: offsite.plus({ days: 1 }).toISO(),
				timeZone: zone,
				isAllDay: true,
				reminderMinutesBeforeStart: 1080,
			},
			{
				subject: EXTRA.meetingWithCrmPeople,
				start: offsite.plus({ days: 1, hours: 10 }).toISO(),
				end: offsite.plus({ days: 1, hours: 11 }).toISO(),
				timeZone: zone,
				isAllDay: false,
				requiredAttendees: Object.values(CRM_PEOPLE_ATTENDEES).map((email) => ({ email })),
			},
		]);
		// Zoho shows an all-day event as its first day 00:00 to its last day 23:59 in the user's zone.
		const tradeDay = DateTime.fromISO(this.day(8), { zone });
		await zoho.control.insertRecords('Events', [
			{
				Event_Title: EXTRA.crmAllDay,
				Start_DateTime: tradeDay.toISO({ suppressMilliseconds: true }),
				End_DateTime: tradeDay.set({ hour: 23, minute: 59 }).toISO({ suppressMilliseconds: true }),
				All_day: true,
				Owner: owner,
			},
		]);
	}

	exchangeTasks(): Promise<ExchangeItem[]> {
		return this.servers.exchange.control.items(this.user, 'tasks');
	}

	exchangeEvents(): Promise<ExchangeItem[]> {
		return this.servers.exchange.control.items(this.user, 'calendar');
	}

	async crmTasks(): Promise<CrmRecord[]> {
		return (await this.servers.zoho.control.records('Tasks')).filter(ownedBy(this.user));
	}

	async crmEvents(): Promise<CrmRecord[]> {
		return (await this.servers.zoho.control.records('Events')).filter(ownedBy(this.user));
	}

	/** The user's live CRM contact with this e-mail address. */
	async crmContact(email: string): Promise<CrmRecord> {
		const contact = (await this.servers.zoho.control.records('Contacts')).find(
			(record) => ownedBy(this.user)(record) && String(record.Email).toLowerCase() === email,
		);
		if (!contact) throw new Error(`${this.user} has no CRM contact ${email}`);
		return contact;
	}

	/**
	 * The Emails related list of a CRM record, read through Zoho's API as a CRM user sees it (the
	 * control API does not hold e-mails). Costs API calls: read outside measured runs.
	 */
	async crmEmails(module: string, id: string): Promise<CrmEmail[]> {
		const origin = this.servers.zoho.origin;
		const token = await demoAccessToken(origin);
		const emails: CrmEmail[] = [];
		for (let index: string | null = '0'; index !== null; ) {
			const response = await fetch(`${origin}/crm/v8/${module}/${id}/Emails?index=${index}`, { headers: { Authorization: `Zoho-oauthtoken ${token}` } });
			if (response.status === 204) break;
			if (!response.ok) throw new Error(`listing the e-mails of ${module} ${id} failed (HTTP ${response.status}): ${await response.text()}`);
			const page = (await response.json()) as { Emails: CrmEmail[]; info: { next_index: string | null } };
			emails.push(...page.Emails);
			index = page.info.next_index;
		}
		return emails;
	}
}
