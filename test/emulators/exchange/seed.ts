/**
 * Starting data: the demo world (test/emulators/demo/world.ts) or empty mailboxes. Items are
 * created in a fixed order, so their ids are the same on every start.
 */
import crypto from 'node:crypto';
import { DateTime } from 'luxon';
import { DEMO_MAIL, DEMO_MEETINGS, DEMO_PEOPLE, DEMO_TASKS } from '../demo/world';
import type { Account } from './auth';
import { deriveProperties } from './items';
import { parseJsonItem, type JsonItemType } from './json';
import type { ExchangeStore, Mailbox } from './store';
import { element } from './xml';

export type SeedPreset = 'demo' | 'empty';

const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

/** Inserts one JSON item into a mailbox folder (by distinguished name or id). */
export function insertJsonItem(store: ExchangeStore, mailbox: Mailbox, folderName: string, type: JsonItemType, json: Record<string, unknown>) {
	const folder = store.folderByNameOrId(mailbox, folderName);
	if (!folder) throw new Error(`mailbox ${mailbox.smtp} has no folder ${folderName}`);
	const parsed = parseJsonItem(type, json);
	const item = store.createItem(mailbox, folder, parsed.kind, parsed.props, parsed.extended);
	deriveProperties(item, mailbox);
	return item;
}

const DEFAULT_FOLDER: Record<JsonItemType, string> = { contact: 'contacts', task: 'tasks', event: 'calendar', message: 'inbox' };

export function defaultFolderOf(type: JsonItemType): string {
	return DEFAULT_FOLDER[type];
}

function displayNameOf(store: ExchangeStore, email: string): string | undefined {
	return store.mailbox(email)?.displayName;
}

function seedDemo(store: ExchangeStore): void {
	const now = DateTime.fromJSDate(store.now());
	const mailboxOf = (smtp: string) => store.mailbox(smtp)!;
	for (const person of DEMO_PEOPLE.filter((p) => p.on !== 'zoho')) {
		insertJsonItem(store, mailboxOf(person.owner), 'contacts', 'contact', {
			givenName: person.firstName,
			surname: person.lastName,
			displayName: `${person.firstName} ${person.lastName}`,
			companyName: person.company,
			jobTitle: person.title,
			email1: person.email,
			businessPhone: person.phone,
			// People on both sides differ slightly, as real data does: Exchange lacks the mobile.
			mobilePhone: person.on === 'both' ? undefined : person.mobile,
			businessAddress: { city: person.city, countryOrRegion: person.country },
		});
	}
	for (const task of DEMO_TASKS.filter((t) => t.on === 'exchange')) {
		insertJsonItem(store, mailboxOf(task.owner), 'tasks', 'task', {
			subject: task.subject,
			status: task.status,
			importance: task.priority,
			dueDate: now.plus({ days: task.dueInDays }).toISODate(),
			body: task.about ? `About ${task.about}` : undefined,
		});
	}
	for (const meeting of DEMO_MEETINGS.filter((m) => m.on === 'exchange')) {
		let day = now.setZone(meeting.timeZone).startOf('day').plus({ days: meeting.inDays });
		// A series starts on its first occurrence, as Exchange stores it.
		const byDay = /BYDAY=([A-Z,]+)/.exec(meeting.rrule ?? '')?.[1].split(',') ?? [];
		while (byDay.length > 0 && !byDay.includes(WEEKDAYS[day.weekday - 1])) day = day.plus({ days: 1 });
		const [hour, minute] = meeting.startLocal.split(':').map(Number);
		const start = meeting.allDay ? day : day.set({ hour, minute });
		const end = meeting.allDay ? day.plus({ days: Math.max(1, Math.round(meeting.durationMinutes / 1440)) }) : start.plus({ minutes: meeting.durationMinutes });
		const uid = crypto.createHash('sha256').update(`${meeting.organizer}/${meeting.subject}`).digest('hex').slice(0, 40).toUpperCase();
		const attendees = meeting.attendees.map((email) => ({ email, name: displayNameOf(store, email) ?? null, response: 'NoResponseReceived' }));
		const organizer = mailboxOf(meeting.organizer);
		const json = {
			subject: meeting.subject,
			location: meeting.location,
			start: start.toISO(),
			end: end.toISO(),
			timeZone: meeting.timeZone,
			isAllDay: meeting.allDay === true,
			organizer: { email: organizer.smtp, name: organizer.displayName },
			requiredAttendees: attendees,
			reminderMinutesBeforeStart: 15,
			recurrence: meeting.rrule ? { rrule: meeting.rrule } : null,
			iCalUid: uid,
		};
		insertJsonItem(store, organizer, 'calendar', 'event', json);
		for (const attendee of meeting.attendees.map((email) => store.mailbox(email)).filter((m): m is Mailbox => !!m)) {
			const copy = insertJsonItem(store, attendee, 'calendar', 'event', json);
			copy.props.set('MyResponseType', element('MyResponseType', {}, 'Accept'));
		}
	}
	for (const mail of DEMO_MAIL) {
		const at = now.minus({ days: mail.daysAgo }).toUTC().toISO();
		insertJsonItem(store, mailboxOf(mail.mailbox), mail.folder, 'message', {
			subject: mail.subject,
			from: { email: mail.from, name: displayNameOf(store, mail.from) ?? null },
			to: mail.to.map((email) => ({ email, name: displayNameOf(store, email) ?? null })),
			bodyType: 'HTML',
			body: mail.body,
			sentAt: at,
			receivedAt: at,
			isRead: mail.folder === 'sentitems',
		});
	}
}

export function seedStore(store: ExchangeStore, preset: SeedPreset, accounts: Account[]): void {
	for (const account of accounts) store.addMailbox(account.smtp, account.displayName);
	if (preset === 'demo') seedDemo(store);
}
