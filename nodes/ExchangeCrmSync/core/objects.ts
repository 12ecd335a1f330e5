/**
 * What the planner needs to know per object: its field map, the fields each side requires on
 * create, the first-sync match rules, and how an Exchange write addresses meeting invitations.
 */
import { customiseFieldMap, type FieldSpec, type JsonObject, type Side } from './fieldMap';
import { contactFieldMap } from './maps/contacts';
import { EVENT_FIELDS_ATTENDEES_SEE, eventFieldMap, eventMatchRules, exchangeSeries } from './maps/events';
import { taskFieldMap, taskMatchRules } from './maps/tasks';
import type { CrmField, SyncObject, SyncSettings } from './types';
import type { CanonicalRecord } from './values';

/** A first-sync match key: records of both sides with the same key are the same thing. */
export type MatchKey = (content: CanonicalRecord, raw: JsonObject, side: Side, settings: SyncSettings) => string | null;

export interface ObjectProfile {
	fields: FieldSpec[];
	/** Canonical fields the CRM module keeps read-only: they flow from the CRM only. */
	readOnlyInCrm: Set<string>;
	/** The most characters each canonical field's CRM field holds. */
	crmLengths: Map<string, number>;
	/** Canonical fields a create on that side cannot do without (Zoho mandatory fields, Exchange subject). */
	requiredOnCreate: Record<Side, string[]>;
	matchRules: Record<string, MatchKey>;
	/**
	 * A name the sync id of a new Exchange item is derived from, when the item carries one that
	 * is the same in every mailbox (a meeting's iCalendar UID): every copy of the meeting then maps
	 * to the same sync id, and the CRM's unique sync-id field refuses a second CRM event for it.
	 */
	sharedName?: (raw: JsonObject) => string | undefined;
	series?: SeriesModel;
	/** Events: what decides whether an Exchange write mails a meeting's attendees. */
	meetings?: MeetingModel;
	/** Why a side's API would refuse this content whatever the record (a limit of that side), if it would. */
	refusal?: Partial<Record<Side, (content: CanonicalRecord) => string | undefined>>;
}

/**
 * Events: the modified occurrences (exceptions) of an Exchange series are records of their own,
 * tied to their series: an exception pairs with a single CRM event, and the series' CRM event lists
 * the exception's original date among its excluded dates (Zoho has no exceptions).
 */
export interface SeriesModel {
	/** For an Exchange exception: its series' item id and its original start (an instant). */
	occurrenceOf(raw: JsonObject): { seriesId: string; originalStart: string } | undefined;
	/** For an Exchange item: the original starts (instants) of all its exceptions (none for a single item). */
	exceptionStarts(raw: JsonObject): string[];
}

export interface MeetingModel {
	/** Whether an Exchange write concerns a meeting with attendees (invitations matter). */
	isMeeting(content: CanonicalRecord, existing: JsonObject | undefined): boolean;
	/** The canonical fields attendees see: only a change of one of them is news to them. */
	attendeesSee: string[];
}

/** Zoho refuses an event with more participants than this (`LIMIT_EXCEEDED`). */
export const MAX_ZOHO_PARTICIPANTS = 50;

const noMatch: MatchKey = () => null;

const contactMatchRules: Record<string, MatchKey> = {
	email: (content) => (typeof content.email1 === 'string' ? content.email1 : null),
	none: noMatch,
};

export const DEFAULT_MATCH_RULES: Record<Exclude<SyncObject, 'mail'>, string> = {
	contacts: 'email',
	tasks: 'subjectAndDueDate',
	events: 'organizerStartSubject',
};

function defaultProfile(settings: SyncSettings): Omit<ObjectProfile, 'readOnlyInCrm' | 'crmLengths'> {
	switch (settings.object) {
		case 'contacts':
			return {
				fields: contactFieldMap(settings.crmModule),
				requiredOnCreate: { exchange: [], crm: ['surname'] },
				matchRules: contactMatchRules,
			};
		case 'tasks':
			return {
				fields: taskFieldMap(),
				requiredOnCreate: { exchange: ['subject'], crm: ['subject'] },
				matchRules: { ...taskMatchRules, none: noMatch },
			};
		case 'events':
			return {
				fields: eventFieldMap(),
				requiredOnCreate: { exchange: ['subject', 'start', 'end'], crm: ['subject', 'start', 'end'] },
				matchRules: { ...eventMatchRules, none: noMatch },
				series: exchangeSeries,
				sharedName: (raw) => (typeof raw.iCalUid === 'string' && raw.iCalUid.trim() !== '' ? `ical:${raw.iCalUid.trim()}` : undefined),
				meetings: {
					isMeeting: (content, existing) =>
						existing?.isMeeting === true || (Array.isArray(content.attendees) && content.attendees.length > 0),
					attendeesSee: EVENT_FIELDS_ATTENDEES_SEE,
				},
				refusal: {
					crm: (content) =>
						Array.isArray(content.attendees) && content.attendees.length > MAX_ZOHO_PARTICIPANTS
							? `a Zoho meeting takes at most ${MAX_ZOHO_PARTICIPANTS} participants and this one has ${content.attendees.length}`
							: undefined,
				},
			};
		case 'mail':
			throw new Error('Mail is planned by the mail planner, not by field maps');
	}
}

/**
 * The object's profile for this run: its field map with the user's pairs and exclusions, fitted to
 * the CRM module's fields when the settings carry them (a field the module lacks is not synced).
 */
export function objectProfile(settings: SyncSettings): ObjectProfile {
	const profile = defaultProfile(settings);
	let fields = customiseFieldMap(profile.fields, settings.customFieldMappings, settings.excludedFields);
	const readOnlyInCrm = new Set<string>();
	const crmLengths = new Map<string, number>();
	if (settings.crmFields && settings.crmFields.length > 0) {
		const byName = new Map(settings.crmFields.map((field) => [field.apiName, field]));
		fields = fields.filter((spec) => spec.crm.keys.some((key) => byName.has(key)));
		for (const spec of fields) {
			const moduleFields = spec.crm.keys.map((key) => byName.get(key)).filter((field): field is CrmField => field !== undefined);
			if (moduleFields.every((field) => field.readOnly)) readOnlyInCrm.add(spec.field);
			// Lengths of plain text fields; a field written through several CRM fields (times, recurrence) has its own form.
			if (spec.crm.keys.length === 1 && typeof moduleFields[0]?.length === 'number' && moduleFields[0].length > 0) crmLengths.set(spec.field, moduleFields[0].length);
		}
	}
	return { ...profile, fields, readOnlyInCrm, crmLengths };
}
