/** FindItem, GetItem, CreateItem, UpdateItem, DeleteItem, MoveItem, CopyItem. */
import { DateTime } from 'luxon';
import { folderIn, perElement, resolveFolder, resolveItem, resolveTarget, type ItemTarget, type OperationContext } from '../context';
import { applyCreationTags, deriveProperties, itemIdXml, itemXml, parseItem, parseShape, type Shape } from '../items';
import { deleteOccurrence, dropExceptionsIfRedefined, instances, occurrenceItem, saveException, seriesSignature, startOf, type OccurrenceOverrides } from '../occurrences';
import { appendPath, deletePath, elementNameOf, extendedKey, setPath } from '../properties';
import { matches, sortItems } from '../restriction';
import { EwsError, responseMessages } from '../soap';
import type { DeleteType, Folder, Mailbox, StoredItem } from '../store';
import { child, children, cloneNode, element, isTrue, xml, type RawXml, type XNode } from '../xml';
import { createResponseObject, RESPONSE_OBJECTS } from '../responses';
import { deliverMessage, sendMeetingCancellations, sendMeetingInvitations, sendOccurrenceCancellations, sendOccurrenceUpdate } from '../mail';

const PATH_NAMES = new Set(['FieldURI', 'IndexedFieldURI', 'ExtendedFieldURI']);

function shapeOf(operation: XNode, name: string): Shape {
	return parseShape(child(operation, name));
}

/** The calendar's instances in the view's window, recurring series expanded, earliest first. */
function calendarView(context: OperationContext, mailbox: Mailbox, folder: Folder, view: XNode, shape: Shape): RawXml {
	const from = DateTime.fromISO(view.attrs.StartDate, { setZone: true });
	const to = DateTime.fromISO(view.attrs.EndDate, { setZone: true });
	const all = context.store
		.itemsIn(mailbox, folder.id)
		.flatMap((item) => instances(item, from, to))
		.sort((a, b) => +startOf(a) - +startOf(b));
	const page = view.attrs.MaxEntriesReturned === undefined ? all : all.slice(0, Number(view.attrs.MaxEntriesReturned));
	return xml(
		'm:RootFolder',
		{ TotalItemsInView: all.length, IncludesLastItemInRange: page.length === all.length },
		xml('t:Items', {}, page.map((item) => itemXml(item, shape, context.store))),
	);
}

/** The item an id names: stored, or an occurrence of a series as an item of its own. */
function targetItem(target: ItemTarget): StoredItem {
	return target.occurrence ? occurrenceItem(target.item, target.occurrence) : target.item;
}

export function findItem(context: OperationContext, operation: XNode): RawXml {
	const shape = { ...shapeOf(operation, 'ItemShape'), listing: true };
	const restriction = child(operation, 'Restriction');
	const folders = child(operation, 'ParentFolderIds')?.children ?? [];
	const outcomes = folders.map((folderNode) =>
		perElement(() => {
			const folder = resolveFolder(context, folderNode);
			const mailbox = context.store.mailbox(folder.mailbox)!;
			const calendar = child(operation, 'CalendarView');
			if (calendar) return [calendarView(context, mailbox, folder, calendar, shape)];
			const sortOrder = child(operation, 'SortOrder');
			const items = context.store.listing(JSON.stringify([mailbox.smtp, folder.id, restriction, sortOrder]), () => {
				const listed = context.store.itemsIn(mailbox, folder.id).filter((item) => !restriction || matches(restriction, item));
				return sortItems(listed.sort((a, b) => b.createdSeq - a.createdSeq), sortOrder);
			});
			const view = child(operation, 'IndexedPageItemView');
			const max = Math.min(Number(view?.attrs.MaxEntriesReturned ?? items.length), context.pageLimit ?? Infinity);
			const offset = Number(view?.attrs.Offset ?? 0);
			const fromEnd = view?.attrs.BasePoint === 'End';
			const start = fromEnd ? Math.max(0, items.length - offset - max) : offset;
			const page = items.slice(start, Math.min(items.length, start + max));
			const includesLast = fromEnd ? start === 0 : start + page.length >= items.length;
			return [
				xml(
					'm:RootFolder',
					{ IndexedPagingOffset: fromEnd ? start : start + page.length, TotalItemsInView: items.length, IncludesLastItemInRange: includesLast },
					xml('t:Items', {}, page.map((item) => itemXml(item, shape, context.store))),
				),
			];
		}),
	);
	return responseMessages('FindItem', outcomes);
}

export function getItem(context: OperationContext, operation: XNode): RawXml {
	const shape = shapeOf(operation, 'ItemShape');
	const ids = child(operation, 'ItemIds')?.children ?? [];
	return responseMessages(
		'GetItem',
		ids.map((id) => perElement(() => [xml('m:Items', {}, itemXml(targetItem(resolveTarget(context, id)), shape, context.store))])),
	);
}

function defaultFolderFor(context: OperationContext, kind: string, disposition: string | undefined): Folder {
	const name: Record<string, string> = { Contact: 'contacts', DistributionList: 'contacts', Task: 'tasks', CalendarItem: 'calendar' };
	const distinguished = name[kind] ?? (disposition === 'SendAndSaveCopy' ? 'sentitems' : 'drafts');
	return context.store.distinguished(context.mailbox, distinguished)!;
}

export function createItem(context: OperationContext, operation: XNode): RawXml {
	const disposition = operation.attrs.MessageDisposition;
	const invitations = operation.attrs.SendMeetingInvitations ?? 'SendToNone';
	const savedFolder = perElement(() => folderIn(context, child(operation, 'SavedItemFolderId')));
	const outcomes = (child(operation, 'Items')?.children ?? []).map((node) =>
		perElement(() => {
			if (savedFolder instanceof EwsError) throw savedFolder;
			if (RESPONSE_OBJECTS.has(node.name)) return [xml('m:Items', {}, createResponseObject(context, node, disposition).map((answered) => xml(`t:${answered.kind}`, {}, itemIdXml(answered))))];
			const parsed = parseItem(node);
			const isMessage = parsed.kind === 'Message';
			// Like Exchange, a calendar item without its own zone takes the request's TimeZoneContext.
			if (parsed.kind === 'CalendarItem' && !parsed.props.has('StartTimeZone') && !parsed.props.has('MeetingTimeZone')) {
				parsed.props.set('StartTimeZone', element('StartTimeZone', { Id: context.timeZoneId, Name: context.timeZoneId }));
			}
			if (isMessage && disposition === 'SendOnly') {
				deliverMessage(context, parsed);
				return [xml('m:Items')];
			}
			const folder = savedFolder ?? defaultFolderFor(context, parsed.kind, disposition);
			const mailbox = context.store.mailbox(folder.mailbox)!;
			if (isMessage) {
				const sent = disposition === 'SendAndSaveCopy';
				parsed.props.set('IsDraft', element('IsDraft', {}, String(!sent)));
				if (sent) parsed.props.set('IsRead', element('IsRead', {}, 'true'));
				else applyCreationTags(parsed);
			}
			const item = context.store.createItem(mailbox, folder, parsed.kind, parsed.props, parsed.extended, parsed.attachments);
			deriveProperties(item, mailbox);
			if (isMessage && disposition === 'SendAndSaveCopy') deliverMessage(context, parsed, item);
			if (item.kind === 'CalendarItem' && invitations !== 'SendToNone') sendMeetingInvitations(context, item);
			// Sent messages answer with an empty Items element, as Exchange does.
			return [xml('m:Items', {}, isMessage && disposition === 'SendAndSaveCopy' ? [] : xml(`t:${item.kind}`, {}, itemIdXml(item)))];
		}),
	);
	return responseMessages('CreateItem', outcomes);
}

/** Applies SetItemField, AppendToItemField and DeleteItemField; returns the property paths changed. */
function applyUpdates(item: StoredItem, updates: XNode[]): XNode[] {
	return updates.map((update) => {
		const path = update.children.find((c) => PATH_NAMES.has(c.name));
		if (!path) throw new EwsError('ErrorInvalidRequest', `${update.name} needs a property path`);
		const wrapper = update.children.find((c) => !PATH_NAMES.has(c.name));
		if (update.name === 'SetItemField') setPath(item, path, wrapper);
		else if (update.name === 'AppendToItemField') appendPath(item, path, wrapper);
		else if (update.name === 'DeleteItemField') deletePath(item, path);
		return path;
	});
}

/** Updates one occurrence of a series: its exception takes the changed properties, the rest stays inherited. */
function updateOccurrence(context: OperationContext, target: Required<ItemTarget>, updates: XNode[]): StoredItem {
	const occurrence = occurrenceItem(target.item, target.occurrence);
	// Copies, so that appending to a property of the occurrence leaves the series' value alone.
	occurrence.props = new Map([...occurrence.props].map(([name, node]) => [name, cloneNode(node)]));
	occurrence.extended = occurrence.extended.map((e) => ({ key: e.key, node: cloneNode(e.node) }));
	const overrides: OccurrenceOverrides = { props: new Map(), extended: new Map() };
	for (const path of applyUpdates(occurrence, updates)) {
		if (path.name === 'ExtendedFieldURI') {
			const key = extendedKey(path.attrs);
			overrides.extended.set(key, occurrence.extended.find((e) => e.key === key)?.node ?? null);
		} else {
			const name = elementNameOf(path.attrs.FieldURI);
			overrides.props.set(name, occurrence.props.get(name) ?? null);
		}
	}
	return saveException(context.store, target.item, target.occurrence, overrides);
}

/** Updates a stored item; a series whose pattern, times or time zone changed loses its exceptions. */
function updateStored(context: OperationContext, item: StoredItem, updates: XNode[]): void {
	const signature = seriesSignature(item);
	const paths = applyUpdates(item, updates);
	deriveProperties(item, context.store.mailbox(item.mailbox)!, paths.map((path) => (path.name === 'FieldURI' ? elementNameOf(path.attrs.FieldURI) : '')));
	dropExceptionsIfRedefined(item, signature);
	context.store.updated(item, paths.length > 0 && paths.every((path) => path.attrs.FieldURI === 'message:IsRead'));
}

export function updateItem(context: OperationContext, operation: XNode): RawXml {
	const resolution = operation.attrs.ConflictResolution ?? 'AutoResolve';
	const sendMode = operation.attrs.SendMeetingInvitationsOrCancellations ?? 'SendToNone';
	const outcomes = children(child(operation, 'ItemChanges'), 'ItemChange').map((change) =>
		perElement(() => {
			const idNode = change.children[0];
			const target = resolveTarget(context, idNode);
			const current = targetItem(target);
			const stale = idNode.attrs.ChangeKey !== undefined && idNode.attrs.ChangeKey !== current.changeKey;
			if (stale && resolution === 'NeverOverwrite') {
				// Counted apart, so a test can tell the writes that landed from the ones refused.
				context.counters.increment('UpdateItem refused (stale ChangeKey)');
				throw new EwsError('ErrorIrresolvableConflict', 'The send or update operation could not be performed because the change key passed in the request does not match the current change key for the item.');
			}
			const updates = child(change, 'Updates')?.children ?? [];
			const conflicts = xml('m:ConflictResults', {}, xml('t:Count', {}, stale && resolution === 'AutoResolve' ? 1 : 0));
			if (target.occurrence) {
				const occurrence = updateOccurrence(context, { item: target.item, occurrence: target.occurrence }, updates);
				if (sendMode !== 'SendToNone') sendOccurrenceUpdate(context, target.item, target.occurrence);
				return [xml('m:Items', {}, xml('t:CalendarItem', {}, itemIdXml(occurrence))), conflicts];
			}
			const item = target.item;
			updateStored(context, item, updates);
			if (item.kind === 'CalendarItem' && sendMode !== 'SendToNone') sendMeetingInvitations(context, item);
			const disposition = operation.attrs.MessageDisposition;
			if (item.kind === 'Message' && disposition?.startsWith('Send')) {
				sendSaved(context, item, disposition === 'SendAndSaveCopy');
				return [xml('m:Items'), conflicts];
			}
			return [xml('m:Items', {}, xml(`t:${item.kind}`, {}, itemIdXml(item))), conflicts];
		}),
	);
	return responseMessages('UpdateItem', outcomes);
}

export function deleteItem(context: OperationContext, operation: XNode): RawXml {
	const deleteType = (operation.attrs.DeleteType ?? 'MoveToDeletedItems') as DeleteType;
	const cancellations = operation.attrs.SendMeetingCancellations ?? 'SendToNone';
	const outcomes = (child(operation, 'ItemIds')?.children ?? []).map((id) =>
		perElement(() => {
			const { item, occurrence } = resolveTarget(context, id);
			if (occurrence) {
				deleteOccurrence(context.store, item, occurrence);
				if (cancellations !== 'SendToNone') sendOccurrenceCancellations(context, item, occurrence);
				return [];
			}
			if (item.kind === 'CalendarItem' && cancellations !== 'SendToNone') sendMeetingCancellations(context, item);
			context.store.discardItem(item, deleteType);
			return [];
		}),
	);
	return responseMessages('DeleteItem', outcomes);
}

/** Sends a saved message: delivered, then moved to `sentItems` (or removed when no copy is kept). */
export function sendSaved(context: OperationContext, message: StoredItem, saveCopy: boolean, sentItems?: Folder): void {
	message.props.set('IsDraft', element('IsDraft', {}, 'false'));
	message.props.set('IsRead', element('IsRead', {}, 'true'));
	deliverMessage(context, { kind: 'Message', props: message.props, extended: message.extended, attachments: message.attachments }, message);
	const target = sentItems ?? context.store.distinguished(context.store.mailbox(message.mailbox)!, 'sentitems')!;
	if (saveCopy) context.store.copyItem(message, target, true);
	else context.store.deleteItem(message);
}

export function sendItem(context: OperationContext, operation: XNode): RawXml {
	const saveCopy = operation.attrs.SaveItemToFolder === undefined || isTrue(operation.attrs.SaveItemToFolder);
	const savedFolder = perElement(() => folderIn(context, child(operation, 'SavedItemFolderId')));
	const outcomes = (child(operation, 'ItemIds')?.children ?? []).map((id) =>
		perElement(() => {
			if (savedFolder instanceof EwsError) throw savedFolder;
			const draft = resolveItem(context, id);
			if (draft.kind !== 'Message') throw new EwsError('ErrorInvalidItemForOperationSendItem', 'Only messages can be sent.');
			sendSaved(context, draft, saveCopy, savedFolder);
			return [];
		}),
	);
	return responseMessages('SendItem', outcomes);
}

function moveOrCopy(context: OperationContext, operation: XNode, move: boolean): RawXml {
	const name = move ? 'MoveItem' : 'CopyItem';
	const target = perElement(() => folderIn(context, child(operation, 'ToFolderId')));
	const outcomes = (child(operation, 'ItemIds')?.children ?? []).map((id) =>
		perElement(() => {
			if (target instanceof EwsError) throw target;
			if (!target) throw new EwsError('ErrorInvalidRequest', 'ToFolderId is required.');
			const copy = context.store.copyItem(resolveItem(context, id, 'ErrorCalendarCannotMoveOrCopyOccurrence'), target, move);
			return [xml('m:Items', {}, xml(`t:${copy.kind}`, {}, itemIdXml(copy)))];
		}),
	);
	return responseMessages(name, outcomes);
}

export const moveItem = (context: OperationContext, operation: XNode) => moveOrCopy(context, operation, true);
export const copyItem = (context: OperationContext, operation: XNode) => moveOrCopy(context, operation, false);
