/**
 * The JSON shape of Exchange items as the Microsoft Exchange (EWS) node outputs them and as its
 * create / update operations accept them in "From JSON" mode. The Sync node reads and writes
 * these shapes, so they are the contract between the two; change them in one place.
 *
 * Conventions: dates without time are `yyyy-MM-dd`; date-times are ISO 8601 with an offset;
 * time zones are IANA names; absent values are omitted or null, never empty strings.
 */

/** The named extended properties that carry the sync link on every synced Exchange item. */
export const SYNC_PROPERTY_SET_GUID = '6f1e9a52-3c1d-4b7e-9f0a-2d8c5e4b7a31';
/** Stable id shared by the Exchange item and the Zoho record of one synced pair. */
export const SYNC_ID_PROPERTY_NAME = 'n8nExchangeZohoSyncId';
/** The sync's baseline for the pair (fingerprints of the last synced content), as JSON text. */
export const SYNC_STATE_PROPERTY_NAME = 'n8nExchangeZohoSyncState';
/** The Zoho record id of the item's CRM partner, so that a CRM deletion finds its Exchange item. */
export const CRM_RECORD_ID_PROPERTY_NAME = 'n8nExchangeZohoCrmRecordId';

export interface ExchangeItemBase {
	/** EWS ItemId. */
	id: string;
	/** EWS ChangeKey; pass it back on update for optimistic concurrency. */
	changeKey: string;
	/** SMTP address of the mailbox the item lives in. */
	mailbox: string;
	lastModified: string;
	/** When the item was created in this mailbox (ISO); absent when Exchange does not say. */
	createdAt?: string;
	categories?: string[];
	syncId?: string | null;
	syncState?: string | null;
	/** The Zoho id of the synced partner record. */
	crmRecordId?: string | null;
	/**
	 * Over Microsoft 365: the EWS ItemId the item's sync state names it by (its link was made over
	 * EWS before the mailbox moved), confirmed by Graph to be this item. Absent otherwise.
	 */
	linkedId?: string;
	/** Fields of the shape this server cannot hold (over Microsoft 365, a task's percentComplete): they read null and are not written. */
	unsupportedFields?: string[];
}

export interface PostalAddress {
	street?: string | null;
	city?: string | null;
	state?: string | null;
	postalCode?: string | null;
	countryOrRegion?: string | null;
}

export interface ExchangeContact extends ExchangeItemBase {
	givenName?: string | null;
	surname?: string | null;
	displayName?: string | null;
	companyName?: string | null;
	jobTitle?: string | null;
	department?: string | null;
	assistantName?: string | null;
	email1?: string | null;
	email2?: string | null;
	email3?: string | null;
	/** Phone numbers, one field per Exchange phone key (PhoneNumberKey, camelCase). */
	assistantPhone?: string | null;
	businessFax?: string | null;
	businessPhone?: string | null;
	businessPhone2?: string | null;
	callback?: string | null;
	carPhone?: string | null;
	companyMainPhone?: string | null;
	homeFax?: string | null;
	homePhone?: string | null;
	homePhone2?: string | null;
	isdn?: string | null;
	mobilePhone?: string | null;
	otherFax?: string | null;
	otherTelephone?: string | null;
	pager?: string | null;
	primaryPhone?: string | null;
	radioPhone?: string | null;
	telex?: string | null;
	ttyTddPhone?: string | null;
	businessAddress?: PostalAddress | null;
	homeAddress?: PostalAddress | null;
	otherAddress?: PostalAddress | null;
	/** yyyy-MM-dd */
	birthday?: string | null;
	/** Plain-text notes (the contact's body). */
	notes?: string | null;
}

export type ExchangeTaskStatus = 'NotStarted' | 'InProgress' | 'Completed' | 'WaitingOnOthers' | 'Deferred';
export type ExchangeImportance = 'Low' | 'Normal' | 'High';

export interface ExchangeTask extends ExchangeItemBase {
	subject: string;
	body?: string | null;
	status?: ExchangeTaskStatus;
	importance?: ExchangeImportance;
	/** yyyy-MM-dd */
	startDate?: string | null;
	/** yyyy-MM-dd */
	dueDate?: string | null;
	/** yyyy-MM-dd */
	completeDate?: string | null;
	/** null over Microsoft 365: To Do tasks have no percent complete. */
	percentComplete?: number | null;
	/** ISO date-time of the reminder, or null when no reminder is set. */
	reminderAt?: string | null;
}

export interface Attendee {
	email: string;
	name?: string | null;
	/** Unknown, Organizer, Tentative, Accept, Decline, NoResponseReceived */
	response?: string | null;
	/** When the attendee's response reached the organizer (ISO), on the organizer's copy; null before any response. */
	lastResponseTime?: string | null;
}

export interface Recurrence {
	/** RFC 5545 RRULE without the `RRULE:` prefix, e.g. `FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10`. */
	rrule: string;
	/** Start dates (yyyy-MM-dd) of deleted occurrences. */
	deletedOccurrences?: string[];
	/** Modified occurrences (exceptions): their ItemId, original start and current times. */
	modifiedOccurrences?: Array<{ id: string; originalStart: string; start: string; end: string }>;
}

export interface ExchangeEvent extends ExchangeItemBase {
	/** A modified occurrence read with "Include Modified Occurrences": its series' ItemId. */
	seriesMasterId?: string;
	/** … and the start the occurrence had in the series, before it was modified. */
	originalStart?: string;
	subject: string;
	body?: string | null;
	location?: string | null;
	/** ISO date-time with offset; for all-day events, midnight of the first day in `timeZone`. */
	start: string;
	/** ISO date-time with offset; for all-day events, midnight after the last day (exclusive). */
	end: string;
	/** IANA time zone the event was created in (e.g. `Europe/Berlin`). */
	timeZone: string;
	isAllDay: boolean;
	/** True when the item has attendees (a meeting) rather than being an appointment. */
	isMeeting: boolean;
	organizer?: Attendee | null;
	requiredAttendees?: Attendee[];
	optionalAttendees?: Attendee[];
	/** Minutes before start, or null when the reminder is off. */
	reminderMinutesBeforeStart?: number | null;
	showAs?: 'Free' | 'Tentative' | 'Busy' | 'OOF' | 'WorkingElsewhere' | 'NoData';
	recurrence?: Recurrence | null;
	/** iCalendar UID, stable across mailboxes for the same meeting. */
	iCalUid?: string | null;
	isCancelled?: boolean;
}

export interface MailAddress {
	email: string;
	name?: string | null;
}

export interface ExchangeMessage extends ExchangeItemBase {
	/** RFC 5322 Message-ID, the key mail sync uses so a message is never attached twice. */
	internetMessageId: string;
	subject: string;
	from?: MailAddress | null;
	to?: MailAddress[];
	cc?: MailAddress[];
	bcc?: MailAddress[];
	sentAt?: string | null;
	receivedAt?: string | null;
	bodyType?: 'HTML' | 'Text';
	body?: string | null;
	isRead?: boolean;
	/** An unsent message (in Drafts); copies of sent mail are not drafts. */
	isDraft?: boolean;
	hasAttachments?: boolean;
	/** Distinguished folder name or folder id the message is in. */
	folder?: string;
	inReplyTo?: string | null;
}
