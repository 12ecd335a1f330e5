import type { SyncNowSettings } from '../../support/syncWorld';
import { submitForm, submitPage, type FormPage } from './formClient';

export const ORGANISER = 'alice@example.test';

/** Sync Now settings with every object off: scheduling needs no earlier sync. */
export const NO_FIRST_SYNC: Partial<SyncNowSettings> = { syncContacts: false, syncTasks: false, syncEvents: false, syncMails: false };

export interface MeetingRequest {
	subject: string;
	attendees: string;
	start: string;
	end: string;
	timeZone: string;
	reminder: string;
	location?: string;
}

/** The first page's answers in field order (organiser, subject, attendees, location, start, end, time zone, reminder). */
export function meetingRequest(request: MeetingRequest): string[] {
	return [ORGANISER, request.subject, request.attendees, request.location ?? 'Room 1', request.start, request.end, request.timeZone, request.reminder];
}

/**
 * Fills the form at `formPath`, then schedules at the requested time as offered on the
 * availability page; both pages are returned for the test to read.
 */
export async function scheduleAtRequestedTime(n8nUrl: string, formPath: string, request: MeetingRequest): Promise<{ availability: FormPage; done: FormPage }> {
	const availability = await submitForm(n8nUrl, formPath, meetingRequest(request));
	const requestedTime = /<option[^>]*value='([^']*requested[^']*)'/.exec(availability.html)?.[1];
	if (requestedTime === undefined) throw new Error(`the availability page offers no requested time:\n${availability.html}`);
	const done = await submitPage(availability, ['', requestedTime.replace(/&amp;/g, '&')]);
	return { availability, done };
}
