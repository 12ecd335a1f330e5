/**
 * Events on the primary calendar: CRUD (occurrences by their own ids), calendarView, instances,
 * calendarView/delta, the attendee's responses, the organizer's cancel, getSchedule; and the
 * meeting mail Exchange Online sends on its own when the organizer's meeting changes.
 */
import { deleteOccurrence, dropExceptionsIfRedefined, instances, liveOccurrence, occurrenceItem, saveException, seriesSignature, startOf, type OccurrenceOverrides } from '../../exchange/occurrences';
import { busyBlocks, statusAt } from '../../exchange/operations/availability';
import { sendMeetingCancellations, sendMeetingInvitations, sendOccurrenceCancellations, sendOccurrenceUpdate } from '../../exchange/mail';
import { createResponseObject } from '../../exchange/responses';
import { deriveProperties } from '../../exchange/items';
import { windowsZone } from '../../exchange/timezones';
import type { Folder, StoredItem } from '../../exchange/store';
import { cloneNode, element } from '../../exchange/xml';
import { badRequest, notFound, type GraphResponse } from '../errors';
import type { GraphFront } from '../front';
import { deltaAnswer } from '../delta';
import { PERMISSIONS } from '../permissions';
import { graphOnly, wallClock, type Json } from '../resources/common';
import { applyEvent, attendeeAddresses, checkEventTimes, EVENT_TYPE, eventRepresentation, ORGANIZER_PRIVATE, showAs } from '../resources/events';
import { writeExtended } from '../resources/extended';
import { graphFolderId } from '../resources/ids';
import { entityAnswer, jsonCollection, jsonEntity, listAnswer } from '../resources/listing';
import { readDateTimeTimeZone, timeWindow } from '../resources/times';
import type { RouteContext } from '../router';
import { checkIfMatch, createItem, findItem, findStored } from './items';
import { mailboxZone, workingHours } from './users';

const CALENDAR_TYPE = 'microsoft.graph.calendar';
const SCHEDULE_TYPE = 'microsoft.graph.scheduleInformation';

function isOrganizer(item: StoredItem): boolean {
	const organizer = item.props.get('Organizer');
	const address = organizer?.children[0]?.children.find((c) => c.name === 'EmailAddress')?.text;
	return !organizer || address?.toLowerCase() === item.mailbox;
}

export function registerEventRoutes(front: GraphFront): void {
	const { router, store, model } = front;
	/** The primary calendar, also when named by its id (`calendars/{calendarId}/…`; other calendars are not modelled). */
	const calendar = (context: RouteContext) => {
		const primary = store.distinguished(context.mailbox, 'calendar')!;
		const named = context.params.calendarId;
		if (named !== undefined && named !== graphFolderId(primary)) throw notFound();
		return primary;
	};
	const R = PERMISSIONS.calendarsRead;
	const W = PERMISSIONS.calendarsWrite;

	/** The stored event or occurrence an id names (a deleted occurrence is not found). */
	const target = (context: RouteContext) => {
		const found = findItem(context, context.params.id, ['CalendarItem']);
		if (found.occurrence === undefined) return { item: found.item };
		try {
			const occurrence = liveOccurrence(found.item, found.occurrence);
			return { item: found.item, occurrence, shown: occurrenceItem(found.item, occurrence) };
		} catch {
			throw notFound();
		}
	};
	const show = (context: RouteContext, item: StoredItem, status = 200) => entityAnswer(item, eventRepresentation, context, 'events', model, status);

	/**
	 * What Exchange Online mails after a PATCH of the organizer's meeting: nothing when only
	 * organizer-private properties were written; invitations to added and cancellations to removed
	 * attendees when only the attendees were; otherwise an update to every attendee.
	 */
	const notifyAttendees = (context: RouteContext, meeting: StoredItem, attendeesBefore: string[]) => {
		if (!isOrganizer(meeting)) return;
		const written = Object.keys(context.body).filter((key) => !key.includes('@') && !ORGANIZER_PRIVATE.has(key));
		if (written.length === 0) return;
		const acting = front.emulator.actingAs(context.mailbox);
		const after = attendeeAddresses(meeting.props);
		const removed = attendeesBefore.filter((address) => !after.includes(address));
		const added = after.filter((address) => !attendeesBefore.includes(address));
		if (removed.length > 0) sendMeetingCancellations(acting, meeting, undefined, removed);
		if (written.length === 1 && written[0] === 'attendees') {
			if (added.length > 0) sendMeetingInvitations(acting, meeting, added);
		} else if (after.length > 0) sendMeetingInvitations(acting, meeting);
	};

	const create = (context: RouteContext, folder: Folder): GraphResponse => {
		const transactionId = context.body.transactionId;
		if (typeof transactionId === 'string') {
			const earlier = store.itemsIn(context.mailbox, folder.id).find((item) => graphOnly(item.props).transactionId === transactionId);
			if (earlier) return show(context, earlier, 201);
		}
		const props = new Map();
		applyEvent(props, context.body);
		if (!props.has('StartTimeZone') || !props.has('Start')) throw badRequest('An event needs start and end.', 'ErrorInvalidRequest');
		checkEventTimes(props);
		const item = createItem(front, context, folder, 'CalendarItem', props);
		if (attendeeAddresses(item.props).length > 0) sendMeetingInvitations(front.emulator.actingAs(context.mailbox), item);
		return show(context, item, 201);
	};

	const update = (context: RouteContext): GraphResponse => {
		const { item, occurrence, shown } = target(context);
		if (occurrence) {
			checkIfMatch(context, shown);
			const props = new Map([...shown.props].map(([name, node]) => [name, cloneNode(node)]));
			const changed = applyEvent(props, context.body);
			checkEventTimes(props);
			const extended = writeExtended({ extended: shown.extended.map((e) => ({ ...e })) }, context.body);
			const overrides: OccurrenceOverrides = { props: new Map(changed.map((name) => [name, props.get(name) ?? null])), extended };
			const updated = saveException(store, item, occurrence, overrides);
			const visible = Object.keys(context.body).some((key) => !key.includes('@') && !ORGANIZER_PRIVATE.has(key));
			if (visible && isOrganizer(item)) sendOccurrenceUpdate(front.emulator.actingAs(context.mailbox), item, occurrence);
			return show(context, updated);
		}
		checkIfMatch(context, item);
		const attendeesBefore = attendeeAddresses(item.props);
		const signature = seriesSignature(item);
		const changed = applyEvent(item.props, context.body);
		checkEventTimes(item.props);
		writeExtended(item, context.body);
		deriveProperties(item, context.mailbox, changed);
		dropExceptionsIfRedefined(item, signature);
		store.updated(item);
		notifyAttendees(context, item, attendeesBefore);
		return show(context, item);
	};

	/** DELETE, or with `permanently` permanentDelete (assumed to cancel the organizer's meeting as DELETE does; its reference is silent). */
	const remove = (context: RouteContext, permanently = false): GraphResponse => {
		const { item, occurrence, shown } = target(context);
		const acting = front.emulator.actingAs(context.mailbox);
		checkIfMatch(context, shown ?? item);
		if (occurrence) {
			deleteOccurrence(store, item, occurrence);
			if (isOrganizer(item)) sendOccurrenceCancellations(acting, item, occurrence);
			return { status: 204 };
		}
		// Deleting the organizer's meeting cancels it for the attendees (event-delete).
		if (isOrganizer(item) && attendeeAddresses(item.props).length > 0) sendMeetingCancellations(acting, item);
		store.discardItem(item, permanently ? 'HardDelete' : 'MoveToDeletedItems');
		return { status: 204 };
	};

	const calendarView = (context: RouteContext): GraphResponse => {
		const { from, to } = timeWindow(context.query);
		const all = store
			.itemsIn(context.mailbox, calendar(context).id)
			.filter((item) => item.kind === 'CalendarItem')
			.flatMap((item) => instances(item, from, to))
			.sort((a, b) => +startOf(a) - +startOf(b));
		return listAnswer(all, eventRepresentation, context, model, 'calendarView');
	};

	const calendarJson = (context: RouteContext) => {
		const folder = calendar(context);
		return {
			id: graphFolderId(folder),
			name: folder.displayName,
			color: 'auto',
			hexColor: '',
			isDefaultCalendar: true,
			changeKey: folder.changeKey,
			canShare: true,
			canViewPrivateItems: true,
			canEdit: true,
			allowedOnlineMeetingProviders: ['teamsForBusiness'],
			defaultOnlineMeetingProvider: 'teamsForBusiness',
			isTallyingResponses: true,
			isRemovable: false,
			owner: { name: context.mailbox.displayName, address: context.mailbox.smtp },
		};
	};

	for (const base of ['users/{user}/events', 'users/{user}/calendar/events', 'users/{user}/calendars/{calendarId}/events']) {
		router.add('GET', base, 'events.list', R, (context) =>
			listAnswer(store.itemsIn(context.mailbox, calendar(context).id).filter((item) => item.kind === 'CalendarItem').sort((a, b) => b.createdSeq - a.createdSeq), eventRepresentation, context, model, 'events'),
		);
		router.add('POST', base, 'events.create', W, (context) => create(context, calendar(context)), EVENT_TYPE);
		router.add('GET', `${base}/{id}`, 'events.get', R, (context) => {
			const { item, shown } = target(context);
			return show(context, shown ?? item);
		});
		router.add('PATCH', `${base}/{id}`, 'events.update', W, update, EVENT_TYPE);
		router.add('DELETE', `${base}/{id}`, 'events.delete', W, (context) => remove(context));
		router.add('POST', `${base}/{id}/permanentDelete`, 'events.permanentDelete', W, (context) => remove(context, true));
	}
	router.add('GET', 'users/{user}/calendar', 'calendar.get', R, (context) => jsonEntity(context, 'calendar', CALENDAR_TYPE, calendarJson(context)));
	router.add('GET', 'users/{user}/calendars', 'calendar.list', R, (context) => jsonCollection(context, 'calendars', CALENDAR_TYPE, [calendarJson(context)]));
	for (const base of ['users/{user}/calendarView', 'users/{user}/calendar/calendarView', 'users/{user}/calendars/{calendarId}/calendarView']) {
		router.add('GET', `${base}/delta`, 'calendarView.delta', R, (context) => deltaAnswer(front, context, { kind: 'events', folder: calendar(context), representation: eventRepresentation }));
		router.add('GET', base, 'calendarView.list', R, calendarView);
	}
	router.add('GET', 'users/{user}/events/{id}/instances', 'events.instances', R, (context) => {
		const series = findStored(context, context.params.id, ['CalendarItem']);
		const { from, to } = timeWindow(context.query);
		const found = series.props.has('Recurrence') ? instances(series, from, to).sort((a, b) => +startOf(a) - +startOf(b)) : [];
		return listAnswer(found, eventRepresentation, context, model, 'events');
	});

	const RESPONSES: Record<string, { element: string; response: string; busy?: string }> = {
		accept: { element: 'AcceptItem', response: 'Accept' },
		tentativelyAccept: { element: 'TentativelyAcceptItem', response: 'Tentative', busy: 'Tentative' },
		decline: { element: 'DeclineItem', response: 'Decline' },
	};
	for (const [action, spec] of Object.entries(RESPONSES)) {
		router.add('POST', `users/{user}/events/{id}/${action}`, `events.${action}`, W, (context) => {
			// A response to one occurrence answers for the series here (not modelled per occurrence).
			const { item } = target(context);
			const comment = typeof context.body.comment === 'string' && context.body.comment ? [element('Body', { BodyType: 'Text' }, context.body.comment)] : [];
			if (context.body.sendResponse === false) {
				if (isOrganizer(item)) throw badRequest('Only an attendee can respond to a meeting.', `ErrorInvalidItemForOperation${spec.element}`);
				item.props.set('MyResponseType', element('MyResponseType', {}, spec.response));
				item.props.set('AppointmentReplyTime', element('AppointmentReplyTime', {}, store.timestamp()));
				if (spec.busy) item.props.set('LegacyFreeBusyStatus', element('LegacyFreeBusyStatus', {}, spec.busy));
				store.updated(item);
				if (spec.response === 'Decline') store.discardItem(item, 'MoveToDeletedItems');
			} else {
				createResponseObject(front.emulator.actingAs(context.mailbox), element(spec.element, {}, element('ReferenceItemId', { Id: item.id }), ...comment), 'SendAndSaveCopy');
			}
			return { status: 202 };
		});
	}
	router.add('POST', 'users/{user}/events/{id}/cancel', 'events.cancel', W, (context) => {
		const { item, occurrence } = target(context);
		const acting = front.emulator.actingAs(context.mailbox);
		if (occurrence) {
			if (!isOrganizer(item)) throw badRequest('Only the organizer can cancel a meeting.', 'ErrorInvalidItemForOperationCancelItem');
			deleteOccurrence(store, item, occurrence);
			sendOccurrenceCancellations(acting, item, occurrence);
			return { status: 202 };
		}
		const comment = typeof context.body.comment === 'string' ? [element('NewBodyContent', { BodyType: 'Text' }, context.body.comment)] : [];
		createResponseObject(acting, element('CancelCalendarItem', {}, element('ReferenceItemId', { Id: item.id }), ...comment), 'SendAndSaveCopy');
		return { status: 202 };
	});

	router.add('POST', 'users/{user}/calendar/getSchedule', 'calendar.getSchedule', PERMISSIONS.schedule, (context) => {
		const body = context.body;
		const schedules = Array.isArray(body.schedules) ? body.schedules.map(String) : [];
		if (schedules.length === 0 || schedules.length > 100) throw badRequest('schedules must name 1 to 100 addresses.', 'ErrorInvalidRequest');
		const start = readDateTimeTimeZone(body.startTime, 'startTime').time;
		const end = readDateTimeTimeZone(body.endTime, 'endTime').time;
		const interval = body.availabilityViewInterval === undefined ? 30 : Number(body.availabilityViewInterval);
		if (!Number.isInteger(interval) || interval < 5 || interval > 1440) throw badRequest('availabilityViewInterval must be 5 to 1440 minutes.', 'ErrorInvalidRequest');
		const zone = context.view.timeZone;
		const from = start.setZone(zone.iana);
		const to = end.setZone(zone.iana);
		const acting = front.emulator.actingAs(context.mailbox);
		const codes: Record<string, string> = { Free: '0', Tentative: '1', Busy: '2', OOF: '3', WorkingElsewhere: '4' };
		const value: Json[] = schedules.map((address) => {
			const blocks = busyBlocks(acting, address, from, to);
			if (!blocks) return { scheduleId: address, availabilityView: '', scheduleItems: [], error: { message: `No mailbox was found for ${address}.`, responseCode: 'ErrorMailRecipientNotFound' } };
			let view = '';
			for (let slot = from; slot < to; slot = slot.plus({ minutes: interval })) view += codes[statusAt(blocks, slot, slot.plus({ minutes: interval }))] ?? '2';
			return {
				scheduleId: address,
				availabilityView: view,
				scheduleItems: blocks.map((block) => ({
					isPrivate: false,
					status: showAs(block.status),
					subject: block.subject ?? '',
					location: block.location ?? '',
					start: { dateTime: wallClock(block.start.setZone(zone.iana)), timeZone: zone.label },
					end: { dateTime: wallClock(block.end.setZone(zone.iana)), timeZone: zone.label },
				})),
				workingHours: workingHours(windowsZone(mailboxZone(address.toLowerCase()))),
			};
		});
		return { status: 200, body: { '@odata.context': context.link('$metadata#Collection(microsoft.graph.scheduleInformation)'), value }, shape: { collection: SCHEDULE_TYPE } };
	});
}
