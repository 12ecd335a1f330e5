/**
 * Completing the links of the records a run created. A new record's id exists only once it is
 * written, so the run's create writes come back here with what the write nodes returned: each
 * new record gets its own id into its link, and its partner (whose write the planner held back
 * on the create, see `partnerLink`) gets the link naming both records. After that a record that
 * goes missing reads as deleted, never as an interrupted create to be made again.
 */
import { isJsonObject, otherSide, SIDES, type JsonObject, type Side } from './fieldMap';
import { LINK_FIELDS, linkBody, STATE_ID_KEY } from './records';
import { parseSyncState, serialiseSyncState, type SyncState } from './syncState';
import type { InputError, PlannedItem, ToCrmWrite, ToExchangeWrite } from './types';

/**
 * One input item per create: the write the Sync node planned (an item of its To Exchange or To
 * CRM output) and what the write node returned for it (the new record with its `id`, for
 * Exchange also its `changeKey`; or an `error`).
 */
export interface CreatedRecord {
	planned: unknown;
	created: unknown;
}

export interface LinkInput {
	exchange: unknown[];
	crm: unknown[];
}

export interface LinkReport {
	linked: number;
	/** Creates that failed: nothing to link, the next run plans them again. */
	notCreated: Array<{ side: Side; itemIndex: number; syncId: string; reason: string }>;
	errors: InputError[];
}

export interface LinkPlan {
	toExchange: Array<PlannedItem<ToExchangeWrite>>;
	toCrm: Array<PlannedItem<ToCrmWrite>>;
	report: LinkReport;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);

/** The body of a side's write: Exchange `fields`, Zoho `record`. */
const bodyOf = (side: Side, write: JsonObject): unknown => (side === 'exchange' ? write.fields : write.record);

function errorText(error: unknown): string {
	if (typeof error === 'string') return error;
	if (isJsonObject(error) && typeof error.message === 'string') return error.message;
	return JSON.stringify(error);
}

/** The planned write with its link replaced: the same write, now naming both records. */
function withState<T extends ToExchangeWrite | ToCrmWrite>(side: Side, write: T, state: SyncState, stateText: string): T {
	const link = linkBody(side, write.syncId, state, stateText);
	if (side === 'exchange') {
		const exchangeWrite = write as ToExchangeWrite;
		return { ...exchangeWrite, fields: { ...exchangeWrite.fields, ...link } } as T;
	}
	const crmWrite = write as ToCrmWrite;
	return { ...crmWrite, record: { ...crmWrite.record, ...link } } as T;
}

/** The link-only write that puts a new record's own id into its link. */
function selfLink(side: Side, planned: JsonObject, id: string, created: JsonObject, syncId: string, state: SyncState, stateText: string): ToExchangeWrite | ToCrmWrite {
	const link = linkBody(side, syncId, state, stateText);
	if (side === 'exchange') {
		const changeKey = text(created.changeKey);
		return {
			action: 'update',
			object: planned.object as ToExchangeWrite['object'],
			mailbox: String(planned.mailbox ?? ''),
			id,
			...(changeKey !== undefined ? { changeKey } : {}),
			syncId,
			fields: link,
			// A link is no news to a meeting's attendees.
			...(planned.invitationMode !== undefined ? { invitationMode: 'SendToNone' as const } : {}),
		};
	}
	return {
		action: 'update',
		module: String(planned.module ?? ''),
		id,
		syncId,
		record: { id, ...link },
	};
}

export function linkCreated(input: LinkInput): LinkPlan {
	const plan: LinkPlan = { toExchange: [], toCrm: [], report: { linked: 0, notCreated: [], errors: [] } };
	const push = (side: Side, write: ToExchangeWrite | ToCrmWrite, sources: PlannedItem<unknown>['sources']) => {
		if (side === 'exchange') plan.toExchange.push({ json: write as ToExchangeWrite, sources });
		else plan.toCrm.push({ json: write as ToCrmWrite, sources });
	};
	for (const side of SIDES) {
		input[side].forEach((item, itemIndex): void => {
			const fail = (reason: string) => void plan.report.errors.push({ side, itemIndex, reason });
			if (!isJsonObject(item) || !isJsonObject(item.planned) || !isJsonObject(item.created)) {
				return fail('The item needs `planned` (the create write) and `created` (what the write node returned)');
			}
			const { planned, created } = item;
			const syncId = text(planned.syncId);
			const body = bodyOf(side, planned);
			const state = isJsonObject(body) ? parseSyncState(body[LINK_FIELDS[side].syncState]) : undefined;
			if (planned.action !== 'create' || syncId === undefined || state === undefined) {
				return fail(`\`planned\` is not a create write of the ${side === 'exchange' ? 'To Exchange' : 'To CRM'} output`);
			}
			if (created.error !== undefined) {
				plan.report.notCreated.push({ side, itemIndex, syncId, reason: errorText(created.error) });
				return;
			}
			const id = text(created.id);
			if (id === undefined) return fail('`created` has no id: pass the output of the create');
			const linked = { ...state, [STATE_ID_KEY[side]]: id };
			const stateText = serialiseSyncState(linked);
			const sources = { exchange: side === 'exchange' ? [itemIndex] : [], crm: side === 'crm' ? [itemIndex] : [] };
			push(side, selfLink(side, planned, id, created, syncId, linked, stateText), sources);
			const partner = planned.partnerLink;
			if (isJsonObject(partner)) {
				const partnerSide = otherSide(side);
				push(partnerSide, withState(partnerSide, partner as unknown as ToExchangeWrite | ToCrmWrite, linked, stateText), sources);
			}
			plan.report.linked++;
		});
	}
	return plan;
}
