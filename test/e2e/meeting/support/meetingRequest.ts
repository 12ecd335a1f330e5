import type { SyncNowSettings } from '../../support/syncWorld';

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
