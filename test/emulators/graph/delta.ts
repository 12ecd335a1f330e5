/**
 * Delta queries: contacts per contact folder, messages per mail folder, To Do tasks per list and
 * events through calendarView/delta (a time window, occurrences expanded). A round's first
 * request (or one with a $deltatoken) compares what the folder holds now with what the client
 * was sent when the token was issued: items it never had or that changed since come whole,
 * items it had that are gone come as `{id, @removed: {reason}}` ("changed" when the item is
 * still in the mailbox elsewhere, "deleted" when it is gone; for To Do, when it is in no task
 * list). Pages of `Prefer: odata.maxpagesize` (default 10) follow @odata.nextLink ($skiptoken);
 * the last page carries
 * @odata.deltaLink ($deltatoken). Tokens live in the server; the control API expires them, and an
 * expired or unknown token answers 410 SyncStateNotFound, as Exchange Online does.
 */
import crypto from 'node:crypto';
import { DateTime } from 'luxon';
import { instances } from '../exchange/occurrences';
import { isMessageKind, type Folder, type ItemKind, type StoredItem } from '../exchange/store';
import { badRequest, GraphError, type GraphResponse } from './errors';
import type { GraphFront } from './front';
import { preferences } from './front';
import { inDumpster } from './routes/items';
import { graphItemId } from './resources/ids';
import { timeWindow } from './resources/times';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, queryFor, render, type Representation } from './resources/listing';
import type { RouteContext } from './router';
import type { Json } from './resources/common';

export interface DeltaSource {
	kind: 'contacts' | 'messages' | 'events' | 'tasks';
	folder: Folder;
	representation: Representation;
	/** calendarView/delta: the window, as the first request gave it. */
	window?: { start: string; end: string };
}

/** What a delta token remembers: the source, the query of the first request, and what the client holds (key → version and the id it was shown). */
interface DeltaState {
	source: DeltaSource;
	mailbox: string;
	query: string;
	known: Map<string, { version: string; id: string }>;
}

interface PendingChange {
	key: string;
	/** The item (or occurrence) as it was when the round started. */
	item?: StoredItem;
	removed?: { id: string; reason: 'changed' | 'deleted' };
}

/** A round being paged: the changes still to send and the state the round ends in. */
interface DeltaSession {
	state: DeltaState;
	pending: PendingChange[];
}

/** Tokens kept at most; older ones expire (410), as Exchange's do after a while. */
const MAX_TOKENS = 2000;

const newToken = () => crypto.randomBytes(24).toString('base64url');

export class DeltaTokens {
	private states = new Map<string, DeltaState>();
	private sessions = new Map<string, DeltaSession>();
	expired = 0;

	clear(): void {
		this.states.clear();
		this.sessions.clear();
	}

	/** Every token (of one mailbox, when given) stops working: its next use answers 410. */
	expire(mailbox?: string): number {
		let count = 0;
		for (const map of [this.states, this.sessions] as Array<Map<string, DeltaState | DeltaSession>>) {
			for (const [token, value] of map) {
				const owner = 'state' in value ? value.state.mailbox : value.mailbox;
				if (mailbox && owner !== mailbox.toLowerCase()) continue;
				map.delete(token);
				count++;
			}
		}
		this.expired += count;
		return count;
	}

	private remember<T>(map: Map<string, T>, value: T): string {
		const token = newToken();
		map.set(token, value);
		if (map.size > MAX_TOKENS) map.delete(map.keys().next().value!);
		return token;
	}

	saveState(state: DeltaState): string {
		return this.remember(this.states, state);
	}

	saveSession(session: DeltaSession): string {
		return this.remember(this.sessions, session);
	}

	state(token: string): DeltaState | undefined {
		return this.states.get(token);
	}

	session(token: string): DeltaSession | undefined {
		const session = this.sessions.get(token);
		this.sessions.delete(token);
		return session;
	}

	count(): { deltaTokens: number; pagesInProgress: number } {
		return { deltaTokens: this.states.size, pagesInProgress: this.sessions.size };
	}
}

const KINDS: Record<DeltaSource['kind'], (kind: ItemKind) => boolean> = {
	contacts: (kind) => kind === 'Contact',
	messages: isMessageKind,
	tasks: (kind) => kind === 'Task',
	events: (kind) => kind === 'CalendarItem',
};

/** What the source holds now: each item (or, for calendarView, each instance in the window) with its key and version. */
function snapshot(front: GraphFront, state: DeltaState): Array<{ key: string; item: StoredItem }> {
	const mailbox = front.store.mailbox(state.mailbox)!;
	const items = front.store.itemsIn(mailbox, state.source.folder.id).filter((item) => KINDS[state.source.kind](item.kind));
	if (state.source.kind !== 'events') return items.sort((a, b) => a.modifiedSeq - b.modifiedSeq).map((item) => ({ key: item.immutableId, item }));
	const window = state.source.window!;
	const start = DateTime.fromISO(window.start, { setZone: true });
	const end = DateTime.fromISO(window.end, { setZone: true });
	return items
		.sort((a, b) => a.modifiedSeq - b.modifiedSeq)
		.flatMap((item) => instances(item, start, end))
		.map((instance) => ({ key: graphItemId(instance, true), item: instance }));
}

/** Answers one delta request (first, nextLink or deltaLink) for a source. */
export function deltaAnswer(front: GraphFront, context: RouteContext, source: DeltaSource): GraphResponse {
	const query = context.query;
	const skipToken = query.get('$skiptoken') ?? query.get('skiptoken');
	const deltaToken = query.get('$deltatoken') ?? query.get('deltatoken');
	const gone = () => new GraphError(410, 'SyncStateNotFound', 'The sync state generation is not found. Start a new sync without a delta token.');
	let session: DeltaSession | undefined;
	if (skipToken) {
		session = front.delta.session(skipToken);
		if (!session) throw gone();
	} else {
		let state: DeltaState;
		if (deltaToken) {
			const known = front.delta.state(deltaToken);
			if (!known || known.mailbox !== context.mailbox.smtp || known.source.folder.id !== source.folder.id || known.source.kind !== source.kind) throw gone();
			state = known;
		} else {
			if (source.kind === 'events') {
				const refused = ['$select', '$filter', '$expand', '$orderby', '$search'].filter((option) => query.has(option));
				if (refused.length > 0) throw badRequest(`The following parameters are not supported with change tracking over the 'CalendarView' resource: '${refused.join(', ')}'.`, 'ErrorInvalidUrlQuery');
				const { from, to } = timeWindow(context.query);
				source = { ...source, window: { start: from.toISO()!, end: to.toISO()! } };
			}
			const kept = new URLSearchParams();
			if (query.get('$select')) kept.set('$select', query.get('$select')!);
			state = { source, mailbox: context.mailbox.smtp, query: kept.toString(), known: new Map() };
		}
		const current = snapshot(front, state);
		const mailbox = front.store.mailbox(state.mailbox)!;
		const currentKeys = new Set(current.map((entry) => entry.key));
		const pending: PendingChange[] = current.filter((entry) => state.known.get(entry.key)?.version !== entry.item.changeKey).map((entry) => ({ key: entry.key, item: entry.item }));
		for (const [key, held] of state.known) {
			if (currentKeys.has(key)) continue;
			const elsewhere = front.store.findByImmutableId(key.split(':')[0]);
			// To Do sees only task lists: a deleted task (in Deleted Items) is gone for it.
			const stillThere =
				state.source.kind !== 'events' && !!elsewhere && !inDumpster(mailbox, elsewhere.folderId) && (state.source.kind !== 'tasks' || mailbox.folders.get(elsewhere.folderId)?.kind === 'TasksFolder');
			pending.push({ key, removed: { id: held.id, reason: stillThere ? 'changed' : 'deleted' } });
		}
		const nextKnown = new Map(current.map((entry) => [entry.key, { version: entry.item.changeKey, id: graphItemId(entry.item, context.view.immutable) }]));
		session = { state: { ...state, known: nextKnown }, pending };
	}
	const asked = Number(preferences(context.call.headers).get('odata.maxpagesize'));
	const size = Number.isInteger(asked) && asked > 0 ? Math.min(asked, MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE;
	const page = session.pending.splice(0, size);
	const options = queryFor(front.model, source.representation, { ...context, query: new URLSearchParams(session.state.query) });
	const typeAnnotation = `#${source.representation.type}`;
	const value: Json[] = page.map((change) =>
		change.removed ? { '@odata.type': typeAnnotation, id: change.removed.id, '@removed': { reason: change.removed.reason } } : { '@odata.type': typeAnnotation, ...render(change.item!, source.representation, options, context) },
	);
	const path = context.call.url.split('?')[0].replace(/^\//, '');
	const body: Json = { '@odata.context': context.link(`$metadata#Collection(${source.representation.type})`) };
	if (session.pending.length > 0) body['@odata.nextLink'] = context.link(`${path}?$skiptoken=${front.delta.saveSession(session)}`);
	else body['@odata.deltaLink'] = context.link(`${path}?$deltatoken=${front.delta.saveState(session.state)}`);
	body.value = value;
	const headers: Record<string, string> = Number.isInteger(asked) && asked > 0 ? { 'Preference-Applied': `odata.maxpagesize=${size}` } : {};
	return { status: 200, body, headers, shape: { collection: source.representation.type, delta: true } };
}
