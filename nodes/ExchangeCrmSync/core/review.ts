/**
 * The review inbox: what a run could not decide alone, as rows of the "Sync review" Data Table, and
 * an admin's decisions on them, read back by the next run.
 *
 * A row is one record and one reason: a conflict sent for review (per field the Exchange and the CRM
 * value), a delete the brake held back, or a record the other side rejected (the plan could not
 * write it, or the server refused the write). Its key is mailbox, object, sync id and reason: a row
 * seen again is updated (last seen), never added twice. A row is `open` until the admin decides it
 * on the "Review sync" form (`decided`, with the decision), and `closed` once a run wrote the pair.
 */
import { isJsonObject, SIDES, type JsonObject, type Side } from './fieldMap';
import { fieldFingerprint } from './fingerprint';
import { PreviewBuilder, shortValue } from './preview';
import { escapeHtml } from './previewPage';
import type { RunSummary } from './summary';
import type { FieldDecision, PairReport, ReviewDecision, SyncPlan, SyncReport, SyncSettings } from './types';
import type { CanonicalValue } from './values';

export type ReviewReason = 'conflict' | 'heldDelete' | 'rejected';
export type ReviewStatus = 'open' | 'decided' | 'closed';

/**
 * One field of a conflict. `base` is the value both sides had when the pair was last synced, where
 * the sync state tells it: the state keeps a fingerprint of that value, never the value, so the base
 * is known when the fingerprint is the empty value's, and kept from the row's earlier record once the
 * field is held (a held field's fingerprint names no value). Absent: not known.
 */
export interface ReviewField {
	field: string;
	base?: CanonicalValue;
	exchange: CanonicalValue;
	crm: CanonicalValue;
}

/** What Plan Sync puts on its report for the review inbox (`report.review`). */
export interface ReviewEntry {
	syncId: string;
	reason: ReviewReason;
	names: Partial<Record<Side, string>>;
	records: Partial<Record<Side, string>>;
	fields: ReviewField[];
	message: string;
}

/** The columns of the "Sync review" Data Table, all text. */
export const REVIEW_COLUMNS = [
	'key',
	'user',
	'object',
	'syncId',
	'reason',
	'status',
	'exchangeName',
	'crmName',
	'exchangeId',
	'crmId',
	'exchangeLink',
	'crmLink',
	'fields',
	'message',
	'firstSeen',
	'lastSeen',
	'decision',
	'decidedAt',
	'closedAt',
] as const;

export type ReviewRow = Record<(typeof REVIEW_COLUMNS)[number], string>;

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** Rows as the Data Table answers them (with its own id and times), or an error item: only rows with a key count. */
export function reviewRowsOf(items: unknown[]): ReviewRow[] {
	return items.filter((item): item is JsonObject => isJsonObject(item) && text(item.key) !== '').map((item) => Object.fromEntries(REVIEW_COLUMNS.map((column) => [column, text(item[column])])) as ReviewRow);
}

export const reviewKey = (user: string, object: string, syncId: string, reason: ReviewReason) => `${user.toLowerCase()}|${object}|${syncId}|${reason}`;

/** The fingerprint of an empty field, whatever its kind. */
const EMPTY_FINGERPRINT = fieldFingerprint('text', null);

/**
 * The review entries of a plan: its conflicts (unless the workflow decides them by a winner route:
 * `conflictsToReview` false), held deletes and records it cannot write, each named by its records.
 */
export function reviewEntries(input: { plan: SyncPlan; exchange: unknown[]; crm: unknown[]; settings: SyncSettings; conflictsToReview?: boolean }): ReviewEntry[] {
	const { plan } = input;
	const builder = new PreviewBuilder({ ...input, conflictRoute: 'review' });
	const entry = (pair: PairReport, reason: ReviewReason, message: string, fields: ReviewField[] = []): ReviewEntry => ({
		syncId: pair.syncId,
		reason,
		names: Object.fromEntries(SIDES.flatMap((side) => {
			const name = builder.nameOn(side, pair);
			return name === undefined ? [] : [[side, name]];
		})),
		records: pair.records ?? {},
		fields,
		message,
	});
	const conflicts = (input.conflictsToReview === false ? [] : plan.conflicts).map(({ json }) => {
		const records = Object.fromEntries(SIDES.flatMap((side) => (isJsonObject(json[side]) && typeof json[side]!.id === 'string' ? [[side, json[side]!.id as string]] : [])));
		const shown = builder.conflict(json, 'review');
		const baseOf = (field: string) => (json.baseline?.fp[field] === EMPTY_FINGERPRINT ? { base: null } : {});
		const fields = shown.fields.map(({ field, exchangeValue, crmValue }) => ({ field, ...baseOf(field), exchange: exchangeValue, crm: crmValue }));
		return entry({ syncId: json.syncId, records, decision: 'conflict', reason: '', overwritten: [] }, 'conflict', `${fields.map(({ field }) => field).join(', ')} changed on both sides to different values`, fields);
	});
	const held = plan.report.pairs.filter((pair) => pair.decision === 'blocked').map((pair) => entry(pair, 'heldDelete', pair.reason));
	const rejected = plan.report.pairs.filter((pair) => pair.decision === 'error').map((pair) => entry(pair, 'rejected', pair.reason));
	return [...conflicts, ...held, ...rejected];
}

/**
 * Where the rows link to: the CRM's web address (e.g. https://crm.zoho.eu) and module, and Outlook
 * on the web's address (empty: no Exchange link).
 */
export interface ReviewLinks {
	crm: string;
	crmModule: string;
	exchange: string;
}

function linksOf(entry: ReviewEntry, links: ReviewLinks): Pick<ReviewRow, 'exchangeLink' | 'crmLink'> {
	const base = (address: string) => address.trim().replace(/\/+$/, '');
	const { exchange, crm } = entry.records;
	return {
		exchangeLink: exchange !== undefined && base(links.exchange) !== '' ? `${base(links.exchange)}/owa/?ItemID=${encodeURIComponent(exchange)}&exvsurl=1` : '',
		crmLink: crm !== undefined && base(links.crm) !== '' ? `${base(links.crm)}/crm/tab/${links.crmModule}/${crm}` : '',
	};
}

/** Pair decisions after which a pair still needs someone: nothing of it was written. */
const UNRESOLVED = new Set(['conflict', 'blocked', 'error', 'skip']);

export interface ReviewRecordInput {
	/** Plan Sync's report, with its `review` entries. */
	report: SyncReport & { review?: ReviewEntry[] };
	/** Summarise Run's summary: the writes the servers refused. */
	summary: RunSummary;
	/** The Data Table's rows of this mailbox and object that are not closed. */
	rows: unknown[];
	now: string;
	links: ReviewLinks;
}

/**
 * The rows to save after a run: each item it raised (new, or seen again: last seen updated, a
 * decision that did not settle it cleared, so it is asked again), and each row whose pair the run
 * wrote without a refusal (closed: the decision was applied, or the problem went away). A run that
 * read both sides in full and did not raise a row again closes it too: nothing is left to decide
 * (say a held delete whose record was restored), and a decided row is never left to make every run
 * read in full.
 */
export function recordForReview(input: ReviewRecordInput): ReviewRow[] {
	const { report, summary, now } = input;
	const user = report.mailbox.toLowerCase();
	const existing = new Map(reviewRowsOf(input.rows).map((row) => [row.key, row]));
	const refusedByServer: ReviewEntry[] = summary.failed.flatMap((failure) =>
		failure.syncId === undefined
			? []
			: [{ syncId: failure.syncId, reason: 'rejected' as const, names: {}, records: failure.records ?? {}, fields: [], message: `${failure.side === 'exchange' ? 'Exchange' : 'the CRM'} refused the ${failure.action}: ${failure.reason}` }],
	);
	const raised = new Map<string, ReviewEntry>();
	for (const entry of [...(report.review ?? []), ...refusedByServer]) {
		const key = reviewKey(user, report.object, entry.syncId, entry.reason);
		if (!raised.has(key)) raised.set(key, entry);
	}
	const rows: ReviewRow[] = [...raised].map(([key, entry]) => ({
		key,
		user,
		object: report.object,
		syncId: entry.syncId,
		reason: entry.reason,
		status: 'open',
		exchangeName: entry.names.exchange ?? '',
		crmName: entry.names.crm ?? '',
		exchangeId: entry.records.exchange ?? '',
		crmId: entry.records.crm ?? '',
		...linksOf(entry, input.links),
		fields: JSON.stringify(withRecordedBases(entry.fields, existing.get(key))),
		message: entry.message,
		firstSeen: existing.get(key)?.firstSeen || now,
		lastSeen: now,
		decision: '',
		decidedAt: '',
		closedAt: '',
	}));
	const refused = new Set(summary.failed.map((failure) => failure.syncId));
	const written = new Set(report.pairs.filter((pair) => !UNRESOLVED.has(pair.decision) && !refused.has(pair.syncId)).map((pair) => pair.syncId));
	for (const row of existing.values()) {
		const settled = written.has(row.syncId) || (report.inputCompleteness === 'complete' && !refused.has(row.syncId));
		if (row.status === 'closed' || raised.has(row.key) || !settled) continue;
		rows.push({ ...row, status: 'closed', closedAt: now });
	}
	return rows;
}

/** Bases the row recorded before its fields were held (a held field's fingerprint no longer tells its base). */
function withRecordedBases(fields: ReviewField[], row: ReviewRow | undefined): ReviewField[] {
	const recorded = new Map((row ? fieldsOf(row) : []).filter((field) => 'base' in field).map((field) => [field.field, field.base ?? null]));
	return fields.map(({ field, exchange, crm, ...known }) => ({ field, ...('base' in known ? known : recorded.has(field) ? { base: recorded.get(field)! } : {}), exchange, crm }));
}

/** The decisions to apply in a run: the decided rows of this mailbox and object, by sync id. */
export function reviewDecisionsOf(items: unknown[], mailbox: string, object: string): Record<string, ReviewDecision> {
	const decisions: Record<string, ReviewDecision> = {};
	for (const row of reviewRowsOf(items)) {
		if (row.status !== 'decided' || row.user !== mailbox.toLowerCase() || row.object !== object) continue;
		try {
			const decision = JSON.parse(row.decision) as ReviewDecision;
			decisions[row.syncId] = { ...decisions[row.syncId], ...decision, fields: { ...decisions[row.syncId]?.fields, ...decision.fields } };
		} catch {
			// A decision edited by hand into something unreadable decides nothing: the item is asked again.
		}
	}
	return decisions;
}

/** One field of an n8n Form page defined by JSON. */
export interface FormField {
	fieldLabel: string;
	fieldType: 'dropdown' | 'text';
	fieldOptions?: { values: Array<{ option: string }> };
	placeholder?: string;
}

export interface ReviewPage {
	/** Open items on the page. */
	count: number;
	/** What the page asks, one line per item (HTML-escaped: n8n renders the form description as HTML). */
	description: string;
	fields: FormField[];
}

/** Items on one page: a bigger inbox is decided page by page (each saved page leaves the rest open). */
export const REVIEW_PAGE_ITEMS = 20;

const CHOICES = {
	later: 'Decide later',
	typed: 'Typed value (below)',
	release: 'Release: delete it on the other side too',
	discard: 'Discard: keep the record, make it again where it was deleted',
	retry: 'Retry: the record is fixed',
} as const;

/** How a conflict's choices start: the side whose value they take. */
const SIDE_CHOICE: Record<Side, string> = { exchange: 'Exchange:', crm: 'CRM:' };

const shown = (value: CanonicalValue): string => {
	const cut = shortValue(value);
	if (cut === null || cut === '') return '(empty)';
	return Array.isArray(cut) ? cut.join(', ') : String(cut);
};

/** The open rows a page shows, oldest first, of one user (empty: everyone's). */
function openRows(items: unknown[], user: string): ReviewRow[] {
	const wanted = user.trim().toLowerCase();
	return reviewRowsOf(items)
		.filter((row) => row.status === 'open' && (wanted === '' || row.user === wanted))
		.sort((a, b) => a.firstSeen.localeCompare(b.firstSeen) || a.key.localeCompare(b.key))
		.slice(0, REVIEW_PAGE_ITEMS);
}

const fieldsOf = (row: ReviewRow): ReviewField[] => {
	try {
		const fields = JSON.parse(row.fields) as unknown;
		return Array.isArray(fields) ? (fields as ReviewField[]) : [];
	} catch {
		return [];
	}
};

/**
 * An item's title in the form's labels: its number and name, with an address in parentheses (n8n
 * escapes a label twice, so "Ana <ana@example.com>" would read "Ana &lt;ana@example.com&gt;").
 */
const titleOf = (row: ReviewRow, index: number) =>
	`${index + 1}. ${(row.crmName || row.exchangeName || row.syncId).replace(/<([^<>]*)>/g, '($1)').replace(/[<>]/g, '')}`;

/** The questions of one row: the form field labels (unique by the item number) and their choices. */
function questionsOf(row: ReviewRow, index: number): Array<{ label: string; choices: string[]; field?: string; typedLabel?: string }> {
	const title = titleOf(row, index);
	if (row.reason === 'heldDelete') return [{ label: `${title}: held delete`, choices: [CHOICES.release, CHOICES.discard, CHOICES.later] }];
	if (row.reason === 'rejected') return [{ label: `${title}: rejected`, choices: [CHOICES.retry, CHOICES.later] }];
	return fieldsOf(row).map(({ field, exchange, crm }) => ({
		label: `${title}: ${field}`,
		field,
		typedLabel: `${title}: ${field}, typed value`,
		choices: [`${SIDE_CHOICE.exchange} ${shown(exchange)}`, `${SIDE_CHOICE.crm} ${shown(crm)}`, CHOICES.typed, CHOICES.later],
	}));
}

/** The "Review sync" page: per open item its questions (an n8n Form page defined by JSON). */
export function reviewPage(items: unknown[], user = ''): ReviewPage {
	const rows = openRows(items, user);
	const fields: FormField[] = rows.flatMap((row, index) =>
		questionsOf(row, index).flatMap((question) => [
			{ fieldLabel: question.label, fieldType: 'dropdown' as const, fieldOptions: { values: question.choices.map((option) => ({ option })) } },
			...(question.typedLabel ? [{ fieldLabel: question.typedLabel, fieldType: 'text' as const, placeholder: 'only with "Typed value"' }] : []),
		]),
	);
	const description = rows
		.map((row, index) => {
			const links = [row.crmLink && `CRM: ${row.crmLink}`, row.exchangeLink && `Exchange: ${row.exchangeLink}`].filter(Boolean).join(' · ');
			const bases = fieldsOf(row).flatMap((field) => ('base' in field ? [`${field.field} = ${shown(field.base ?? null)}`] : []));
			const lastSynced = bases.length > 0 ? `; last synced: ${bases.join(', ')}` : '';
			// n8n shows the description as HTML: names such as "Ana <ana@example.com>" must stay text.
			return escapeHtml(`${titleOf(row, index)} (${row.object} of ${row.user}): ${row.message}${lastSynced}${links ? ` — ${links}` : ''}`);
		})
		.join('\n');
	return { count: rows.length, description, fields };
}

/**
 * The rows the admin decided on a submitted page: a conflict when every one of its fields is decided
 * (a typed value must not be empty), a held delete released or discarded, a rejected record retried.
 * Rows left to decide later stay open; nothing decided is asked again.
 */
export function decideReviews(items: unknown[], answers: JsonObject, user: string, now: string): ReviewRow[] {
	const answer = (label: string) => text(answers[label]).trim();
	return openRows(items, user).flatMap((row, index) => {
		const decision: ReviewDecision = {};
		const questions = questionsOf(row, index);
		for (const question of questions) {
			const chosen = answer(question.label);
			if (chosen === CHOICES.release) decision.delete = 'release';
			else if (chosen === CHOICES.discard) decision.delete = 'discard';
			else if (chosen === CHOICES.retry) decision.retry = true;
			else if (question.field !== undefined) {
				const field = fieldDecision(chosen, answer(question.typedLabel!));
				if (field) decision.fields = { ...decision.fields, [question.field]: field };
			}
		}
		const decided = row.reason === 'conflict' ? questions.length > 0 && Object.keys(decision.fields ?? {}).length === questions.length : Object.keys(decision).length > 0;
		return decided ? [{ ...row, status: 'decided', decision: JSON.stringify(decision), decidedAt: now }] : [];
	});
}

/** A field's answer. The side is told by the choice's start: a value with markup may come back escaped differently. */
function fieldDecision(chosen: string, typed: string): FieldDecision | undefined {
	if (chosen.startsWith(SIDE_CHOICE.exchange)) return { take: 'exchange' };
	if (chosen.startsWith(SIDE_CHOICE.crm)) return { take: 'crm' };
	if (chosen === CHOICES.typed && typed !== '') return { value: typed };
	return undefined;
}
