/**
 * The sync core's settings and its outputs: the ready-to-run writes for each side, the
 * conflicts, and the report. These shapes are the Sync node's outputs.
 */
import type { CustomFieldMapping, JsonObject, Side } from './fieldMap';
import type { ReviewEntry } from './review';
import type { UndoEntry, UndoSkip } from './undo';
import type { SyncState } from './syncState';
import type { CanonicalRecord, CanonicalValue } from './values';

export type SyncObject = 'contacts' | 'tasks' | 'events' | 'mail';
export type SyncType = 'oneWay' | 'twoWay';
export type Direction = 'exchangeToCrm' | 'crmToExchange';
/** Who takes a field both sides changed to different values (every other field merges by itself). */
export type ConflictBehaviour = 'crmWins' | 'exchangeWins' | 'newestWins' | 'sendToConflicts';
export const CONFLICT_BEHAVIOURS: readonly ConflictBehaviour[] = ['crmWins', 'exchangeWins', 'newestWins', 'sendToConflicts'];
export type DeleteBehaviour = 'propagate' | 'ignore' | 'propagateToCrm' | 'propagateToExchange';
export type InputCompleteness = 'complete' | 'changes';
/** When sync writes to meetings mail their attendees: only for changes they see, or never. */
export type MeetingUpdates = 'visibleChanges' | 'never';

/** One field of the CRM module, as the Zoho CRM node's Field → Get Many answers it. */
export interface CrmField {
	apiName: string;
	/** The most characters the field holds (text fields). */
	length?: number;
	/** Zoho computes or keeps it (formula, system fields): the sync never writes it. */
	readOnly?: boolean;
}

export interface SyncSettings {
	object: SyncObject;
	/** Zoho module: Contacts or Leads for contacts, Tasks, Events; for mail the module of records without `$module`. */
	crmModule: string;
	syncType: SyncType;
	/** Which side is the source in a one-way sync. */
	direction: Direction;
	conflictBehaviour: ConflictBehaviour;
	deleteBehaviour: DeleteBehaviour;
	/** A run that would delete more records than this stops deleting and reports why. */
	massDeleteLimit: number;
	/** … or more than this share (in %) of the linked pairs, when it deletes more than one. */
	massDeletePercent: number;
	/**
	 * The linked pairs after the last run (its report's `linked`): what a changes-only run's share is
	 * of. Unknown, a changes-only run deletes at most one record.
	 */
	linkedBefore?: number;
	/** Lets this run's deletes through the brakes, once, after an admin checked what was held back. */
	releaseHeldDeletes?: boolean;
	matchRule: string;
	mailbox: string;
	/** Zoho user id new CRM records are assigned to. */
	owner?: string;
	inputCompleteness: InputCompleteness;
	/**
	 * A changes-only input also holds, for every changed or deleted record, the record the other side
	 * links to it, where it exists: a linked pair in the input is then decided as a complete read would
	 * decide it (a partner not there is gone), and a deletion without its partner has none left.
	 */
	partnersIncluded?: boolean;
	exchangeTimeZone: string;
	crmTimeZone: string;
	/** Events: when writes to meetings mail attendees (default: only for changes they see). */
	meetingUpdates?: MeetingUpdates;
	/**
	 * Events: every mailbox the sync covers. A meeting has one CRM event: it syncs from its
	 * organiser's mailbox when that is synced, else from the first synced attendee's (by address).
	 */
	syncedMailboxes?: string[];
	customFieldMappings: CustomFieldMapping[];
	excludedFields: string[];
	/**
	 * The CRM module's fields (metadata): a mapped field the module lacks is not synced, a read-only
	 * one flows from the CRM only, and a value longer than a field holds is refused per record.
	 */
	crmFields?: CrmField[];
	/** Cut a value longer than its CRM field to the field's length (on both sides, reported) instead of refusing the record. */
	truncateLongValues?: boolean;
	/** What an admin decided in the review inbox, by sync id: applied once, by the run that next reads the pair. */
	reviewDecisions?: Record<string, ReviewDecision>;
	/** Undo a run: its journal rows for this mailbox and object, by sync id (see `undoEntriesOf`). */
	undo?: Record<string, UndoEntry[]>;
}

/** A conflicting field decided in review: one side's value, or a value the admin typed. */
export type FieldDecision = { take: Side } | { value: string };

/**
 * An admin's decision on a review item (the "Sync review" Data Table's `decision`): per conflicting
 * field who wins or the typed value; a held delete released (it passes the brake once) or discarded
 * (the record is kept and made again where it was deleted); a rejected record retried after a fix.
 */
export interface ReviewDecision {
	fields?: Record<string, FieldDecision>;
	delete?: 'release' | 'discard';
	retry?: boolean;
}

export type WriteAction = 'create' | 'update' | 'delete';

/** EWS SendMeetingInvitations(OrCancellations) value the Exchange node must use for this write. */
export type InvitationMode = 'SendToNone' | 'SendToAllAndSaveCopy' | 'SendToChangedAndSaveCopy';

export interface ToExchangeWrite {
	action: WriteAction;
	object: SyncObject;
	mailbox: string;
	id?: string;
	changeKey?: string;
	syncId: string;
	/** Partial item in the itemShapes shape, with `syncId` and `syncState`. */
	fields: JsonObject;
	/** Events only: the invitation mode for the write (never re-invites for a link-only write). */
	invitationMode?: InvitationMode;
	/** Deletes are always recoverable. */
	deleteMode?: 'MoveToDeletedItems';
	/** Creates: the CRM record's link write, made once this item's id is known (see `linkCreated`). */
	partnerLink?: ToCrmWrite;
}

export interface ToCrmWrite {
	action: WriteAction;
	module: string;
	id?: string;
	syncId: string;
	/** The Zoho record JSON, with Exchange_Sync_Id and Exchange_Sync_State. */
	record: JsonObject;
	/** Updates and deletes: the record's Modified_Time as read, for Zoho's If-Unmodified-Since. */
	ifUnmodifiedSince?: string;
	/** On create: fields an upsert may use so a repeated create updates instead of duplicating. */
	duplicateCheckFields?: string[];
	/** Creates: the Exchange item's link write, made once this record's id is known (see `linkCreated`). */
	partnerLink?: ToExchangeWrite;
}

export interface ConflictField {
	field: string;
	exchangeValue: CanonicalValue;
	crmValue: CanonicalValue;
}

export interface SuggestedWrites {
	toExchange?: ToExchangeWrite;
	toCrm?: ToCrmWrite;
}

export interface ConflictItem {
	syncId: string;
	object: SyncObject;
	exchange: JsonObject | null;
	crm: JsonObject | null;
	baseline: SyncState | null;
	fields: ConflictField[];
	/**
	 * Ready writes for each way of deciding. `crmWins` gives the conflicting fields the CRM's values,
	 * `exchangeWins` Exchange's; both also carry every field only one side changed. `hold` writes only
	 * those and leaves the conflicting fields as they are, to be decided later (they come back on the
	 * next run). Apply one of the three, once.
	 */
	suggested: Record<'crmWins' | 'exchangeWins' | 'hold', SuggestedWrites>;
}

export interface Overwrite {
	side: Side;
	field: string;
	/** Absent when the side was not in this run's input (its value was the last synced one). */
	oldValue?: CanonicalValue;
	newValue: CanonicalValue;
}

export interface PairReport {
	syncId: string;
	/** The ids of the pair's records, where known (a record about to be created has none yet). */
	records?: Partial<Record<Side, string>>;
	decision: string;
	reason: string;
	overwritten: Overwrite[];
	/** The content of the record this run deletes on each side, where it was read (the journal keeps it to make it again). */
	removed?: Partial<Record<Side, CanonicalRecord>>;
}

export interface SideCounts {
	created: number;
	updated: number;
	deleted: number;
	conflicts: number;
	skipped: number;
	errors: number;
}

export interface InputError {
	side: Side;
	itemIndex: number;
	reason: string;
}

export interface SyncReport {
	object: SyncObject;
	mailbox: string;
	syncType: SyncType;
	inputCompleteness: InputCompleteness;
	counts: Record<Side, SideCounts>;
	pairs: PairReport[];
	errors: InputError[];
	/** Deletes held back by the brake: why, and how to let them through. */
	massDelete: { blocked: boolean; wouldDelete: number; reason?: string; release?: string };
	/** The linked pairs after this run, for the next changes-only run's share (unknown in a changes-only run without the count before it). */
	linked?: number;
	/**
	 * Mapped CRM fields no CRM record of the input has: the read did not ask for them (or the module
	 * lacks them), so they are not synced. Add them to the read's fields, or exclude them.
	 */
	fieldsNotRead?: string[];
	/** What this run leaves to an admin (conflicts sent for review, held deletes, records it cannot write), named, for the review inbox. */
	review?: ReviewEntry[];
	/** Undo a run: how many fields and records it set back or made again, and what it could not undo, with why. */
	undo?: { undone: number; skipped: UndoSkip[] };
	/** Deletions whose pair was not in this changes-only input: the next run should read both sides in full. */
	unpairedDeletions: number;
	/**
	 * Deletions whose partner was looked up and not found (deleted too, including the echo of a
	 * delete this sync made, never synced, or not the user's): nothing to do.
	 */
	deletionsWithoutPartner: number;
	durationMs: number;
}

/** An output item and the input items it derives from (for n8n's pairedItem). */
export interface PlannedItem<T> {
	json: T;
	sources: Record<Side, number[]>;
}

export interface SyncPlan {
	toExchange: Array<PlannedItem<ToExchangeWrite>>;
	toCrm: Array<PlannedItem<ToCrmWrite>>;
	conflicts: Array<PlannedItem<ConflictItem>>;
	report: SyncReport;
}
