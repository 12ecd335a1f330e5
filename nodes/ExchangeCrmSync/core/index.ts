/** The sync core's public surface: pure TypeScript, no n8n imports. */
export { DECISION_TABLE, decide, type Decision, type SideStatus } from './decisions';
export { JOURNAL_COLUMNS, JOURNAL_TABLE, journalRun, type JournalInput, type JournalRow } from './journal';
export { undoEntriesOf, type UndoEntry, type UndoSkip } from './undo';
export { linkCreated, type CreatedRecord, type LinkInput, type LinkPlan, type LinkReport } from './links';
export { planMailSync, type MailSyncInput } from './mail';
export { planSync, type SyncInput } from './planner';
export { conflictRouteOf, previewRun, shortValue, type ConflictRoute, type PreviewInput, type RunPreview } from './preview';
export {
	decideReviews,
	recordForReview,
	REVIEW_COLUMNS,
	reviewDecisionsOf,
	reviewEntries,
	reviewPage,
	type ReviewEntry,
	type ReviewRow,
} from './review';
export { escapeHtml, previewPage, type PreviewPage, type PreviewPageEntry, type PreviewPageForm } from './previewPage';
export { summariseRun, WRITE_KINDS, writeReference, type RunSummary, type WriteKind, type WriteResults } from './summary';
export { crmFieldsToRead, DEFAULT_MATCH_RULES, objectProfile } from './objects';
export { parseSyncState, serialiseSyncState, type SyncState } from './syncState';
export { VALUE_KINDS, canonicalise, type CanonicalRecord, type CanonicalValue, type ValueKind } from './values';
export { SIDES, type CustomFieldMapping, type JsonObject, type Side } from './fieldMap';
export { decideLease, leaseKey, type LeaseDecision, type LeaseNext, type LeaseRow } from './lease';
export * from './types';
export { groupChangesByMailbox, type ActiveCrmUser, type ChangesFrom, type CrmLookup, type ExchangeLookup, type MailboxChanges, type RecordObject } from './changes';
export {
	checkMeetingRequest,
	chosenMeetingTime,
	meetingConfirmation,
	meetingTimes,
	MEETING_TIME_FORMAT,
	type MeetingRequest,
	type MeetingTimes,
	type WorkingDay,
} from './meeting';
