/**
 * The JSON control API under /__control/ (no auth): reset and seed, direct item edits in the
 * item-shapes JSON, counters, faults, account changes, the certificate and recorded schema
 * violations of responses.
 */
import type http from 'node:http';
import type { FaultRule } from '../common/faults';
import { routeControl } from '../common/http';
import { applyJsonChanges, itemToJson, occurrenceOverridesFromJson, type JsonItemType } from './json';
import { deleteOccurrence, dropExceptionsIfRedefined, liveOccurrence, occurrenceItem, saveException, seriesSignature } from './occurrences';
import { occurrenceOn } from './recurrence';
import { defaultFolderOf, insertJsonItem, type SeedPreset } from './seed';
import type { ExchangeEmulator } from './server';
import { decodeItemId } from './store';
import { attendeeCopy } from './mail';
import { createResponseObject } from './responses';
import { element } from './xml';

type Body = Record<string, unknown>;

function required<T>(body: Body, key: string): T {
	if (body[key] === undefined || body[key] === null) throw new Error(`"${key}" is required`);
	return body[key] as T;
}

export class ControlApi {
	constructor(private readonly emulator: ExchangeEmulator) {}

	async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		const path = new URL(req.url ?? '/', 'http://localhost').pathname;
		if (req.method === 'GET' && path === '/__control/certificate') {
			const pem = this.emulator.certificatePem;
			res.writeHead(pem ? 200 : 404, { 'Content-Type': 'application/x-pem-file' });
			res.end(pem ?? 'served over plain HTTP: no certificate');
			return;
		}
		await routeControl(req, res, this.routes());
	}

	private mailbox(smtp: unknown) {
		const mailbox = this.emulator.store.mailbox(String(smtp ?? ''));
		if (!mailbox) throw new Error(`no mailbox ${String(smtp)}`);
		return mailbox;
	}

	private item(id: unknown) {
		if (decodeItemId(String(id ?? ''))?.occurrence !== undefined) throw new Error(`${String(id)} is an occurrence: name its series and the occurrence (occurrences/update, occurrences/delete)`);
		const item = this.emulator.store.findItem(String(id ?? ''));
		if (!item) throw new Error(`no item ${String(id)}`);
		return item;
	}

	/** The series and occurrence a request names: `masterId` plus `index` (1-based) or `originalDate` (yyyy-MM-dd in the series' zone). */
	private occurrence(request: Body) {
		const series = this.item(required(request, 'masterId'));
		if (request.mailbox !== undefined && series.mailbox !== this.mailbox(request.mailbox).smtp) throw new Error(`${String(request.masterId)} is not in ${String(request.mailbox)}`);
		if (!series.props.has('Recurrence')) throw new Error(`${String(request.masterId)} is not a recurring series`);
		const index = request.index !== undefined ? Number(request.index) : occurrenceOn(series, String(required(request, 'originalDate')))?.index;
		if (index === undefined) throw new Error(`the series has no occurrence on ${String(request.originalDate)}`);
		return { series, occurrence: liveOccurrence(series, index) };
	}

	routes(): Record<string, (body: unknown, req: http.IncomingMessage) => unknown> {
		const emulator = this.emulator;
		const { store } = emulator;
		return {
			'POST reset': () => {
				emulator.reset();
				return { ok: true, seed: emulator.seedPreset };
			},
			'POST seed': (body) => {
				const preset = (body as Body).preset ?? 'demo';
				if (preset !== 'demo' && preset !== 'empty') throw new Error('preset must be "demo" or "empty"');
				emulator.reset(preset as SeedPreset);
				return { ok: true, seed: preset };
			},
			'POST items': (body) => {
				const request = body as Body;
				const mailbox = this.mailbox(required(request, 'mailbox'));
				const type = required<JsonItemType>(request, 'type');
				const folder = String(request.folder ?? defaultFolderOf(type));
				const created = required<Body[]>(request, 'items').map((json) => insertJsonItem(store, mailbox, folder, type, json));
				return { items: created.map((item) => ({ id: item.id, changeKey: item.changeKey })) };
			},
			'POST items/update': (body) => {
				const request = body as Body;
				const item = this.item(required(request, 'id'));
				const signature = seriesSignature(item);
				applyJsonChanges(item, store, required<Body>(request, 'changes'));
				dropExceptionsIfRedefined(item, signature);
				store.updated(item);
				return { id: item.id, changeKey: item.changeKey };
			},
			'POST occurrences/update': (body) => {
				const request = body as Body;
				const { series, occurrence } = this.occurrence(request);
				const overrides = occurrenceOverridesFromJson(occurrenceItem(series, occurrence), store, required<Body>(request, 'fields'));
				const updated = saveException(store, series, occurrence, overrides);
				return { id: updated.id, changeKey: updated.changeKey, masterId: series.id, masterChangeKey: series.changeKey };
			},
			'POST occurrences/delete': (body) => {
				const { series, occurrence } = this.occurrence(body as Body);
				deleteOccurrence(store, series, occurrence);
				return { masterId: series.id, masterChangeKey: series.changeKey };
			},
			'POST meetings/respond': (body) => {
				const request = body as Body;
				const mailbox = this.mailbox(required(request, 'mailbox'));
				const response = String(required(request, 'response'));
				const objects: Record<string, string> = { Accept: 'AcceptItem', Tentative: 'TentativelyAcceptItem', Decline: 'DeclineItem' };
				if (!objects[response]) throw new Error('"response" must be Accept, Tentative or Decline');
				const meeting = request.id !== undefined ? this.item(request.id) : attendeeCopy(emulator.actingAs(mailbox), mailbox, String(required(request, 'uid')));
				if (!meeting || meeting.mailbox !== mailbox.smtp) throw new Error(`${mailbox.smtp} has no such meeting`);
				const node = element(objects[response], {}, element('ReferenceItemId', { Id: meeting.id }), ...(request.body !== undefined ? [element('Body', { BodyType: 'Text' }, String(request.body))] : []));
				const answered = createResponseObject(emulator.actingAs(mailbox), node, request.send === false ? 'SaveOnly' : 'SendAndSaveCopy');
				return { items: answered.map((item) => ({ kind: item.kind, id: item.id, folder: store.mailbox(item.mailbox)?.folders.get(item.folderId)?.distinguishedId ?? null })) };
			},
			'POST items/delete': (body) => {
				const request = body as Body;
				const ids = required<string[]>(request, 'ids');
				for (const id of ids) {
					store.discardItem(this.item(id), request.hard === true ? 'HardDelete' : 'MoveToDeletedItems');
				}
				return { deleted: ids.length };
			},
			'GET items': (_body, req) => {
				const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
				const mailbox = this.mailbox(query.get('mailbox'));
				const folder = store.folderByNameOrId(mailbox, query.get('folder') ?? 'inbox');
				if (!folder) throw new Error(`mailbox ${mailbox.smtp} has no folder ${query.get('folder')}`);
				return { items: store.itemsIn(mailbox, folder.id).map((item) => itemToJson(item, store)) };
			},
			'GET folders': (_body, req) => {
				const mailbox = this.mailbox(new URL(req.url ?? '/', 'http://localhost').searchParams.get('mailbox'));
				return {
					folders: [...mailbox.folders.values()].map((f) => ({ id: f.id, displayName: f.displayName, distinguishedId: f.distinguishedId ?? null, kind: f.kind })),
				};
			},
			'GET counters': () => ({
				...emulator.counters.snapshot(),
				invitationsByMeeting: Object.fromEntries(emulator.meetingMail.invitations),
				cancellationsByMeeting: Object.fromEntries(emulator.meetingMail.cancellations),
			}),
			'POST counters/reset': () => {
				emulator.counters.reset();
				emulator.meetingMail.invitations.clear();
				emulator.meetingMail.cancellations.clear();
				return { ok: true };
			},
			'GET requests': () => ({ requests: emulator.recentRequests }),
			'POST faults': (body) => {
				const request = body as { rules?: FaultRule[]; seed?: number };
				emulator.faults.arm(request.rules ?? [], request.seed);
				return emulator.faults.status();
			},
			'GET faults': () => emulator.faults.status(),
			'POST faults/clear': () => {
				emulator.faults.clear();
				return { ok: true };
			},
			'POST accounts/password': (body) => {
				const request = body as Body;
				emulator.auth.account(required(request, 'account')).password = required<string>(request, 'password');
				return { ok: true };
			},
			'POST accounts/impersonation': (body) => {
				const request = body as Body;
				emulator.auth.account(required(request, 'account')).impersonation = required<boolean>(request, 'allowed') === true;
				return { ok: true };
			},
			'POST accounts/token': (body) => {
				const request = body as Body;
				emulator.auth.registerToken(required(request, 'token'), required(request, 'account'));
				return { ok: true };
			},
			'POST mailboxes': (body) => {
				const request = body as Body;
				const smtp = required<string>(request, 'smtp');
				emulator.addMailbox(smtp, String(request.displayName ?? smtp), request.password === undefined ? undefined : String(request.password));
				return { ok: true };
			},
			'GET subscriptions': () => ({ subscriptions: emulator.notifications.list() }),
			'GET validation-errors': () => ({ errors: emulator.responseErrors }),
			...Object.assign({}, ...emulator.fronts.map((front) => front.controlRoutes())),
		};
	}
}
