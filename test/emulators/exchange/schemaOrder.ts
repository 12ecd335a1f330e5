/**
 * Element order of EWS types, read from the official types.xsd. Responses must list an item's
 * properties in the order of the XSD sequences (ItemType's, then the subtype's), so the server
 * derives that order from the schema instead of hand-copying it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { children, parseXml, type XNode } from './xml';

const repoRoot = path.resolve(__dirname, '../../..');
export const schemaDirectory = path.resolve(repoRoot, '..', 'shared', 'reference', 'ews', 'schema', 'libxml2');

let complexTypes: Map<string, XNode> | undefined;
const sequences = new Map<string, string[]>();

function types(): Map<string, XNode> {
	if (!complexTypes) {
		const schema = parseXml(fs.readFileSync(path.join(schemaDirectory, 'types.xsd'), 'utf8'), true);
		complexTypes = new Map(children(schema, 'complexType').map((node) => [node.attrs.name, node]));
	}
	return complexTypes;
}

function collect(node: XNode, into: string[]): void {
	for (const part of node.children) {
		if (part.name === 'element') into.push(part.attrs.name ?? part.attrs.ref?.replace(/^\w+:/, ''));
		else if (part.name === 'extension') {
			into.push(...elementSequence(part.attrs.base.replace(/^\w+:/, '')));
			collect(part, into);
		} else if (['sequence', 'choice', 'complexContent', 'all'].includes(part.name)) collect(part, into);
	}
}

/** The element names of a complex type, base type first, in schema order. */
export function elementSequence(typeName: string): string[] {
	const cached = sequences.get(typeName);
	if (cached) return cached;
	const definition = types().get(typeName);
	if (!definition) throw new Error(`types.xsd has no complex type ${typeName}`);
	const names: string[] = [];
	collect(definition, names);
	sequences.set(typeName, names);
	return names;
}

let booleans: Set<string> | undefined;

/** Names of the elements types.xsd declares as xs:boolean (no name is boolean in one type and not in another, but for sync's Delete). */
export function isBooleanElement(name: string): boolean {
	booleans ??= new Set(
		[...types().values()].flatMap(function declared(node: XNode): string[] {
			const own = node.name === 'element' && node.attrs.type === 'xs:boolean' && node.attrs.name !== 'Delete' ? [node.attrs.name] : [];
			return [...own, ...node.children.flatMap(declared)];
		}),
	);
	return booleans.has(name);
}
