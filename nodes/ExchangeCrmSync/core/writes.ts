/**
 * Turns a pair's resolved content into the ready-to-run write for one side: only the fields that
 * really differ, the link (sync id + state) always alongside, and on meetings the invitation mode.
 */
import { comparable, type CanonicalRecord } from './values';
import { otherSide, writeContent, type JsonObject, type MapContext, type Side } from './fieldMap';
import type { MeetingModel, ObjectProfile } from './objects';
import { LINK_FIELDS, linkBody, partnerKey, STATE_ID_KEY, type Pair } from './records';
import { serialiseSyncState, type SyncState } from './syncState';
import type { InvitationMode, Overwrite, SyncSettings, ToCrmWrite, ToExchangeWrite, WriteAction } from './types';

export type SideWrite = { side: 'exchange'; json: ToExchangeWrite } | { side: 'crm'; json: ToCrmWrite };

export interface PlannedWrite {
	write: SideWrite;
	overwritten: Overwrite[];
}

export interface WriteInput {
	side: Side;
	pair: Pair;
	/** The pair's baseline; for a side not in the input, its assumed content. */
	baseline: SyncState | undefined;
	content: CanonicalRecord;
	state: SyncState;
	/** `state` serialised, once for both sides. */
	stateText: string;
	/** Create the record (it does not exist on that side). */
	create: boolean;
}

function envelope(
	side: Side,
	action: WriteAction,
	pair: Pair,
	id: string | undefined,
	body: Record<string, unknown>,
	settings: SyncSettings,
	profile: ObjectProfile,
	content: CanonicalRecord,
	changed: string[],
): SideWrite {
	if (side === 'exchange') {
		const existing = pair.exchange?.raw;
		const json: ToExchangeWrite = {
			action,
			object: settings.object,
			mailbox: settings.mailbox,
			...(id !== undefined ? { id } : {}),
			...(typeof existing?.changeKey === 'string' ? { changeKey: existing.changeKey } : {}),
			syncId: pair.syncId,
			fields: body,
		};
		if (profile.meetings) json.invitationMode = invitationMode(action, profile.meetings, settings, content, existing, changed);
		if (action === 'delete') json.deleteMode = 'MoveToDeletedItems';
		return { side, json };
	}
	const json: ToCrmWrite = {
		action,
		module: settings.crmModule,
		...(id !== undefined ? { id } : {}),
		syncId: pair.syncId,
		record: action === 'update' && id !== undefined ? { id, ...body } : body,
	};
	if (action === 'create') json.duplicateCheckFields = [LINK_FIELDS.crm.syncId];
	else if (pair.crm?.modifiedAt !== undefined) json.ifUnmodifiedSince = pair.crm.modifiedAt;
	return { side, json };
}

/**
 * Whom a write to a meeting mails (DESIGN §4.7): attendees hear of a meeting made or cancelled, and
 * of an update only when it changes what they see (subject, times, recurrence, location, body,
 * attendees); Exchange then sends it only to the attendees the change concerns. A write of fields
 * only the organiser sees (a reminder), of equal values or of the link alone mails no one, nor does
 * any write to an appointment without attendees, or any write when the admin chose never to.
 */
function invitationMode(
	action: WriteAction,
	meetings: MeetingModel,
	settings: SyncSettings,
	content: CanonicalRecord,
	existing: JsonObject | undefined,
	changed: string[],
): InvitationMode {
	if (settings.meetingUpdates === 'never' || !meetings.isMeeting(content, existing)) return 'SendToNone';
	if (action !== 'update') return 'SendToAllAndSaveCopy';
	return changed.some((field) => meetings.attendeesSee.includes(field)) ? 'SendToChangedAndSaveCopy' : 'SendToNone';
}

export function deleteWrite(side: Side, pair: Pair, id: string, settings: SyncSettings, profile: ObjectProfile): SideWrite {
	const content = pair[side]?.content ?? {};
	return envelope(side, 'delete', pair, id, {}, settings, profile, content, []);
}

/**
 * A write of some fields' values to a side's record, without touching its link: edits made on the
 * other side that must not be lost although the pair is not synced on (the record moved to another
 * user). Undefined when the record already holds those values.
 */
export function editsWrite(
	pair: Pair,
	side: Side,
	content: CanonicalRecord,
	fields: string[],
	settings: SyncSettings,
	profile: ObjectProfile,
	context: MapContext,
): PlannedWrite | undefined {
	const record = pair[side]!;
	const specs = profile.fields.filter(
		(spec) => fields.includes(spec.field) && spec.field in content && spec.field in record.content && comparable(spec.kind, record.content[spec.field]) !== comparable(spec.kind, content[spec.field]),
	);
	if (specs.length === 0) return undefined;
	const body = writeContent(side, specs, content, context, record.raw);
	const overwritten = specs.map((spec) => ({ side, field: spec.field, oldValue: record.content[spec.field] ?? null, newValue: content[spec.field] ?? null }));
	return { write: envelope(side, 'update', pair, record.id, body, settings, profile, content, specs.map((spec) => spec.field)), overwritten };
}

/** The write that brings one side to `content` and `state`, or undefined when it is already there. */
export function contentWrite(input: WriteInput, settings: SyncSettings, profile: ObjectProfile, context: MapContext): PlannedWrite | undefined {
	const { side, pair, baseline, content, state, stateText, create } = input;
	const record = pair[side];
	// Only fields the pair syncs in this run (in `content`) are written; a field the record does not
	// hold is never written to it.
	const changedFields = profile.fields.filter((spec) => {
		if (!(spec.field in content) || (side === 'crm' && profile.readOnlyInCrm.has(spec.field)) || spec.from === side) return false;
		if (create) return content[spec.field] !== null;
		if (record) return spec.field in record.content && comparable(spec.kind, record.content[spec.field] ?? null) !== comparable(spec.kind, content[spec.field]);
		return baseline?.fp[spec.field] !== state.fp[spec.field];
	});
	const written = new Set(changedFields.map((spec) => spec.field));
	const dependants = profile.fields.filter(
		(spec) =>
			!written.has(spec.field) &&
			spec.field in content &&
			content[spec.field] !== null &&
			(record === undefined || spec.field in record.content) &&
			spec.dependsOn?.some((field) => written.has(field)),
	);
	const differing = [...changedFields, ...dependants];
	const id = create ? undefined : (record?.id ?? baseline?.[STATE_ID_KEY[side]]);
	// A link written before records named their partner in a searchable field gets that field. A CRM
	// read that did not ask for the field (Zoho lists at most 50 fields) says nothing about it:
	// writing it anyway would repeat on every run.
	const partnerId = state[STATE_ID_KEY[otherSide(side)]];
	const keyField = LINK_FIELDS[side].partnerKey;
	const partnerKeyMissing =
		partnerId !== undefined &&
		record !== undefined &&
		(side === 'exchange' || keyField in record.raw) &&
		record.raw[keyField] !== partnerKey(side, partnerId);
	const stateDiffers = record
		? record.stateText !== stateText || record.syncId !== pair.syncId || partnerKeyMissing
		: baseline === undefined || serialiseSyncState(baseline) !== stateText;
	if (!create && differing.length === 0 && !stateDiffers) return undefined;
	if (!create && id === undefined) return undefined;

	const body = { ...writeContent(side, differing, content, context, record?.raw), ...linkBody(side, pair.syncId, state, stateText) };
	if (create && side === 'crm' && settings.owner) body.Owner = { id: settings.owner };
	const overwritten: Overwrite[] = create
		? []
		: changedFields.map((spec) => ({
				side,
				field: spec.field,
				...(record ? { oldValue: record.content[spec.field] ?? null } : {}),
				newValue: content[spec.field] ?? null,
			}));
	return {
		write: envelope(side, create ? 'create' : 'update', pair, id, body, settings, profile, content, changedFields.map((spec) => spec.field)),
		overwritten,
	};
}
