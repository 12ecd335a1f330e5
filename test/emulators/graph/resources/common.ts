/**
 * What every Graph representation of a stored item shares: the answer's options (ids, time
 * zone, body type), etags, bodies, recipients, date-times, and the properties Graph has that EWS
 * has no field for (kept on the item, invisible to EWS).
 */
import { DateTime } from 'luxon';
import { bodyAs } from '../../exchange/items';
import type { ExchangeStore, StoredItem } from '../../exchange/store';
import { child, element, textOf, type XNode } from '../../exchange/xml';
import { badRequest } from '../errors';
import { graphFolderId, graphItemId } from './ids';

/** How an answer is written: what the request's Prefer headers asked for. */
export interface View {
	store: ExchangeStore;
	/** `Prefer: IdType="ImmutableId"`. */
	immutable: boolean;
	/** `Prefer: outlook.timezone`: the zone date-times are converted to, and its name as asked (UTC by default). */
	timeZone: { iana: string; label: string };
	/** `Prefer: outlook.body-content-type`. */
	bodyType?: 'text' | 'html';
	origin: string;
}

export type Json = Record<string, unknown>;

export const etag = (item: StoredItem) => `W/"${item.changeKey}"`;

/** The fields every Outlook item answers with (entity and outlookItem). */
export function outlookItemFields(item: StoredItem, view: View): Json {
	return {
		'@odata.etag': etag(item),
		id: graphItemId(item, view.immutable),
		createdDateTime: dateTimeOffset(item.props.get('DateTimeCreated')?.text),
		lastModifiedDateTime: dateTimeOffset(item.props.get('LastModifiedTime')?.text),
		changeKey: item.changeKey,
		categories: (item.props.get('Categories')?.children ?? []).map((c) => c.text),
	};
}

export function parentFolderId(item: StoredItem, view: View): string {
	const folder = view.store.mailbox(item.mailbox)?.folders.get(item.folderId);
	return folder ? graphFolderId(folder) : '';
}

/** A stored UTC date-time as Edm.DateTimeOffset (`…Z`), or null. */
export function dateTimeOffset(text: string | undefined): string | null {
	return text ? DateTime.fromISO(text, { zone: 'utc' }).toISO({ suppressMilliseconds: true }) : null;
}

/** A dateTimeTimeZone's dateTime: local wall-clock time with seven fractional digits, as Graph writes it. */
export function wallClock(time: DateTime): string {
	return `${time.toFormat("yyyy-MM-dd'T'HH:mm:ss.SSS")}0000`;
}

export function text(props: Map<string, XNode>, name: string): string | null {
	return props.get(name)?.text ?? null;
}

/** Sets a text property from a Graph value (null or empty removes it). */
export function setText(props: Map<string, XNode>, name: string, value: unknown): void {
	if (value === null || value === '') props.delete(name);
	else if (value !== undefined) props.set(name, element(name, {}, String(value)));
}

export function setCategories(props: Map<string, XNode>, value: unknown): void {
	if (value === undefined) return;
	const list = Array.isArray(value) ? value.map(String) : [];
	if (list.length === 0) props.delete('Categories');
	else props.set('Categories', element('Categories', {}, ...list.map((c) => element('String', {}, c))));
}

/** A stored body as Graph's itemBody, in the type the request prefers. */
export function itemBody(node: XNode | undefined, view: View): { contentType: 'text' | 'html'; content: string } {
	if (!node) return { contentType: view.bodyType ?? 'text', content: '' };
	const shown = bodyAs(node, view.bodyType === 'text' ? 'Text' : view.bodyType === 'html' ? 'HTML' : undefined);
	return { contentType: shown.attrs.BodyType === 'HTML' ? 'html' : 'text', content: shown.text };
}

export function bodyPreview(node: XNode | undefined): string {
	return node ? bodyAs(node, 'Text').text.replace(/\s+/g, ' ').trim().slice(0, 255) : '';
}

export function setBody(props: Map<string, XNode>, name: string, value: unknown): void {
	if (value === undefined) return;
	if (value === null) {
		props.delete(name);
		return;
	}
	const body = value as { contentType?: string; content?: string };
	const type = String(body.contentType ?? 'text').toLowerCase() === 'html' ? 'HTML' : 'Text';
	props.set(name, element(name, { BodyType: type }, String(body.content ?? '')));
}

/** An EWS `<t:Mailbox>` (or an element holding one) as Graph's recipient. */
export function recipient(node: XNode | undefined): { emailAddress: { name: string; address: string } } | null {
	const box = child(node, 'Mailbox') ?? node;
	const address = textOf(box, 'EmailAddress');
	if (!address) return null;
	return { emailAddress: { name: textOf(box, 'Name') || address, address } };
}

export function recipients(node: XNode | undefined): Array<{ emailAddress: { name: string; address: string } }> {
	return (node?.children ?? []).map((entry) => recipient(entry)).filter((r): r is NonNullable<typeof r> => r !== null);
}

/** A Graph recipient as an EWS `<t:Mailbox>`. */
export function mailboxElement(value: unknown): XNode {
	const address = (value as { emailAddress?: { address?: unknown; name?: unknown } } | null)?.emailAddress;
	if (!address || typeof address.address !== 'string' || !address.address.includes('@')) throw badRequest('A recipient needs an emailAddress with an address.', 'ErrorInvalidRecipients');
	const name = typeof address.name === 'string' && address.name ? [element('Name', {}, address.name)] : [];
	return element('Mailbox', {}, ...name, element('EmailAddress', {}, address.address), element('RoutingType', {}, 'SMTP'));
}

export function setRecipients(props: Map<string, XNode>, name: string, value: unknown): void {
	if (value === undefined) return;
	const list = Array.isArray(value) ? value : [];
	if (list.length === 0) props.delete(name);
	else props.set(name, element(name, {}, ...list.map(mailboxElement)));
}

export function setRecipient(props: Map<string, XNode>, name: string, value: unknown): void {
	if (value === undefined) return;
	if (value === null) props.delete(name);
	else props.set(name, element(name, {}, mailboxElement(value)));
}

const IMPORTANCE: Record<string, string> = { low: 'Low', normal: 'Normal', high: 'High' };
const SENSITIVITY: Record<string, string> = { normal: 'Normal', personal: 'Personal', private: 'Private', confidential: 'Confidential' };

export const importanceOf = (props: Map<string, XNode>) => (props.get('Importance')?.text ?? 'Normal').toLowerCase();
export const sensitivityOf = (props: Map<string, XNode>) => (props.get('Sensitivity')?.text ?? 'Normal').toLowerCase();

export function setEnum(props: Map<string, XNode>, name: 'Importance' | 'Sensitivity', value: unknown): void {
	if (value === undefined || value === null) return;
	const map = name === 'Importance' ? IMPORTANCE : SENSITIVITY;
	const stored = map[String(value)];
	if (!stored) throw badRequest(`The value '${String(value)}' is not valid for ${name.toLowerCase()}.`, 'RequestBodyRead');
	props.set(name, element(name, {}, stored));
}

/**
 * Properties Graph has and EWS has no field for (a contact's title, an event's transactionId, a
 * task's linked resources …), kept on the item as JSON under a name outside the EWS schema, so
 * EWS never shows them and Graph reads back what it wrote.
 */
const GRAPH_ONLY = 'GraphOnlyProperties';

export function graphOnly(props: Map<string, XNode>): Json {
	const node = props.get(GRAPH_ONLY);
	return node ? (JSON.parse(node.text) as Json) : {};
}

export function setGraphOnly(props: Map<string, XNode>, name: string, value: unknown): void {
	if (value === undefined) return;
	const all = graphOnly(props);
	if (value === null) delete all[name];
	else all[name] = value;
	if (Object.keys(all).length === 0) props.delete(GRAPH_ONLY);
	else props.set(GRAPH_ONLY, element(GRAPH_ONLY, {}, JSON.stringify(all)));
}

/** Keeps only $select'ed properties (and the annotations and id Graph always sends). */
export function selectFields(json: Json, select: string[] | undefined): Json {
	if (!select) return json;
	const wanted = new Set(select);
	return Object.fromEntries(Object.entries(json).filter(([key]) => key === 'id' || key.startsWith('@') || wanted.has(key)));
}

/**
 * Writes what a Graph body gives (create or PATCH) onto an item's properties and records the EWS
 * properties written, in order (for Exchange's derived properties and occurrence overrides):
 * `on` runs only when the body has the key.
 */
export class PropertyWriter {
	readonly written: string[] = [];

	constructor(
		readonly props: Map<string, XNode>,
		readonly json: Json,
	) {}

	on(keys: string | string[], names: string | string[], apply: (value: unknown) => void): void {
		const key = (Array.isArray(keys) ? keys : [keys]).find((candidate) => candidate in this.json);
		if (key === undefined) return;
		apply(this.json[key]);
		this.written.push(...(Array.isArray(names) ? names : [names]));
	}

	/** Sets a property to a node, or removes it (null). */
	set(name: string, node: XNode | null): void {
		if (node) this.props.set(name, node);
		else this.props.delete(name);
	}

	flag(name: string, value: boolean): void {
		this.props.set(name, element(name, {}, String(value)));
	}
}
