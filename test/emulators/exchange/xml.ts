/**
 * A small, order-preserving XML tree for the emulator. Requests are parsed into it (namespace
 * prefixes dropped: EWS element names are unambiguous by local name), stored item properties
 * are kept in it, and responses are written from it with every text and attribute escaped.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface XNode {
	name: string;
	attrs: Record<string, string>;
	children: XNode[];
	/** Text content (only meaningful for elements without child elements). */
	text: string;
}

export const NS = {
	soap: 'http://schemas.xmlsoap.org/soap/envelope/',
	types: 'http://schemas.microsoft.com/exchange/services/2006/types',
	messages: 'http://schemas.microsoft.com/exchange/services/2006/messages',
	errors: 'http://schemas.microsoft.com/exchange/services/2006/errors',
	xsi: 'http://www.w3.org/2001/XMLSchema-instance',
} as const;

const parser = new XMLParser({
	preserveOrder: true,
	ignoreAttributes: false,
	attributeNamePrefix: '',
	removeNSPrefix: true,
	parseTagValue: false,
	parseAttributeValue: false,
	trimValues: false,
	processEntities: true,
	htmlEntities: true,
});

type OrderedEntry = Record<string, unknown> & { ':@'?: Record<string, string> };

function convert(entry: OrderedEntry): XNode | undefined {
	const name = Object.keys(entry).find((key) => key !== ':@');
	if (!name || name === '#text' || name.startsWith('?')) return undefined;
	const node: XNode = { name, attrs: { ...(entry[':@'] ?? {}) }, children: [], text: '' };
	for (const child of entry[name] as OrderedEntry[]) {
		if ('#text' in child) node.text += String(child['#text']);
		else {
			const converted = convert(child);
			if (converted) node.children.push(converted);
		}
	}
	if (node.children.length > 0 && node.text.trim() === '') node.text = '';
	return node;
}

/** Thrown for a body that is not well-formed XML. */
export class MalformedXmlError extends Error {
	constructor(
		message: string,
		readonly line: number,
		readonly column: number,
	) {
		super(message);
	}
}

/** Parses XML; `trusted` skips the well-formedness check (for the shipped schema files). */
export function parseXml(source: string, trusted = false): XNode {
	const text = source.replace(/^\uFEFF/, '');
	const check = trusted || XMLValidator.validate(text);
	if (check !== true) throw new MalformedXmlError(check.err.msg, check.err.line, check.err.col);
	const roots = (parser.parse(text) as OrderedEntry[]).map(convert).filter((n): n is XNode => !!n);
	if (roots.length !== 1) throw new MalformedXmlError('expected exactly one root element', 1, 1);
	return roots[0];
}

export function child(node: XNode | undefined, name: string): XNode | undefined {
	return node?.children.find((c) => c.name === name);
}

export function children(node: XNode | undefined, name?: string): XNode[] {
	if (!node) return [];
	return name ? node.children.filter((c) => c.name === name) : node.children;
}

/** Follows a path of child names. */
export function path(node: XNode | undefined, ...names: string[]): XNode | undefined {
	let current = node;
	for (const name of names) current = child(current, name);
	return current;
}

export function textOf(node: XNode | undefined, ...names: string[]): string | undefined {
	const found = path(node, ...names);
	return found ? found.text : undefined;
}

export function element(name: string, attrs: Record<string, string> = {}, ...content: Array<XNode | string>): XNode {
	const node: XNode = { name, attrs, children: [], text: '' };
	for (const part of content) {
		if (typeof part === 'string') node.text += part;
		else node.children.push(part);
	}
	return node;
}

export function cloneNode(node: XNode): XNode {
	return { name: node.name, attrs: { ...node.attrs }, children: node.children.map(cloneNode), text: node.text };
}

export function escapeXml(value: string): string {
	return value
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&apos;');
}

function attributes(attrs: Record<string, string | number | boolean | undefined>): string {
	return Object.entries(attrs)
		.filter(([, value]) => value !== undefined)
		.map(([key, value]) => ` ${key}="${escapeXml(String(value))}"`)
		.join('');
}

/** Writes a stored node in the types namespace (prefix `t`). */
export function writeNode(node: XNode, prefix = 't'): string {
	const tag = `${prefix}:${node.name}`;
	const inner = node.children.length > 0 ? node.children.map((c) => writeNode(c, prefix)).join('') : escapeXml(node.text);
	return `<${tag}${attributes(node.attrs)}>${inner}</${tag}>`;
}

/**
 * Builds serialized XML: `xml('t:Subject', {}, 'text')` escapes string content given as text,
 * while already-serialized children are passed through `raw()` markers.
 */
export interface RawXml {
	raw: string;
}

export function raw(value: string): RawXml {
	return { raw: value };
}

type Content = RawXml | string | number | boolean | undefined | null | Content[];

function writeContent(content: Content): string {
	if (content === undefined || content === null) return '';
	if (Array.isArray(content)) return content.map(writeContent).join('');
	if (typeof content === 'object') return content.raw;
	return escapeXml(String(content));
}

export function xml(tag: string, attrs: Record<string, string | number | boolean | undefined> = {}, ...content: Content[]): RawXml {
	return raw(`<${tag}${attributes(attrs)}>${writeContent(content)}</${tag}>`);
}

/** An xs:boolean's value: `true` and `1` are true, `false` and `0` false (XML Schema's lexical forms). */
export function isTrue(value: string | undefined): boolean {
	return value?.trim() === 'true' || value?.trim() === '1';
}
