/**
 * Building blocks of the prebuilt workflows: n8n node and connection JSON, the conditions and
 * Switch rules the workflows use, and the package's node types and credentials.
 */
import { EXCHANGE_CREDENTIAL, ZOHO_CREDENTIAL } from '../n8n/credentials';
import type { N8nWorkflow } from '../n8n/instance';

export const PACKAGE = 'n8n-nodes-exchange-zoho-sync';
export const exchangeCredentials = { microsoftExchangeEwsApi: EXCHANGE_CREDENTIAL };
export const zohoCredentials = { zohoCrmOAuth2Api: ZOHO_CREDENTIAL };

export type Parameters = Record<string, unknown>;

export interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Parameters;
	[key: string]: unknown;
}

export type Connections = Record<string, { main: Array<Array<{ node: string; type: 'main'; index: number }>> }>;

export function node(
	name: string,
	type: string,
	typeVersion: number,
	position: [number, number],
	parameters: Parameters,
	extra: Record<string, unknown> = {},
): WorkflowNode {
	const id = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
	return { id, name, type, typeVersion, position, parameters, ...extra };
}

/** The version of n8n's Form Trigger and Form nodes the form workflows use. */
export const FORM_VERSION = 2.4;

/** A form's last page: a title and a message (expressions allowed). */
export function formEnding(name: string, position: [number, number], title: string, message: string): WorkflowNode {
	return node(name, 'n8n-nodes-base.form', FORM_VERSION, position, { operation: 'completion', respondWith: 'text', completionTitle: title, completionMessage: message, options: {} });
}

/** Wires `from` output `output` to the first input (or `input`) of each target. */
export function connect(connections: Connections, from: string, output: number, to: string, input = 0): void {
	const outputs = (connections[from] ??= { main: [] }).main;
	while (outputs.length <= output) outputs.push([]);
	outputs[output].push({ node: to, type: 'main', index: input });
}

export function assignments(values: Array<[name: string, type: 'string' | 'number' | 'boolean' | 'array' | 'object', value: unknown]>): Parameters {
	return {
		assignments: {
			assignments: values.map(([name, type, value]) => ({ id: name, name, type, value })),
		},
		options: {},
	};
}

export function condition(id: string, expression: string) {
	return {
		id,
		leftValue: expression,
		rightValue: '',
		operator: { type: 'boolean', operation: 'true', singleValue: true },
	};
}

export function conditions(list: ReturnType<typeof condition>[]) {
	return {
		options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
		conditions: list,
		combinator: 'and',
	};
}

/** A Switch with one named output per value of an expression. */
export function switchOn(expression: string, outputs: string[], fallback?: string): Parameters {
	return {
		rules: {
			values: outputs.map((value) => ({
				conditions: conditions([condition(value, `={{ ${expression} === '${value}' }}`)]),
				renameOutput: true,
				outputKey: value,
			})),
		},
		options: fallback ? { fallbackOutput: 'extra', renameFallbackOutput: fallback } : {},
	};
}

export const rl = (value: string, mode = 'id') => ({ __rl: true, value, mode });

export type AddNode = (workflowNode: WorkflowNode) => void;
export const continueOnError = { onError: 'continueRegularOutput' };

/**
 * The workflow with values of one Set node's assignments changed (as an admin would in the
 * editor); assignments not named keep theirs.
 */
export function withAssignments(workflow: N8nWorkflow, nodeName: string, values: Record<string, unknown>): N8nWorkflow {
	const nodes = workflow.nodes.map((workflowNode) => {
		if (workflowNode.name !== nodeName) return workflowNode;
		const { assignments: list } = workflowNode.parameters.assignments as { assignments: Array<{ name: string; value: unknown }> };
		const changed = list.map((assignment) => (assignment.name in values ? { ...assignment, value: values[assignment.name] } : assignment));
		return { ...workflowNode, parameters: { ...workflowNode.parameters, assignments: { assignments: changed } } };
	});
	return { ...workflow, nodes };
}

/** A value of the object workflow's Settings node. */
export const settingsOf = (field: string) => `$('Settings').first().json.${field}`;
/** The cursor row "Last sync" read for this mailbox and object (empty on the first run). */
export const LAST_SYNC = "$('Last sync').first().json";

export function stickyNote(name: string, position: [number, number], size: [width: number, height: number], content: string): WorkflowNode {
	return node(name, 'n8n-nodes-base.stickyNote', 1, position, { content, width: size[0], height: size[1] });
}

/** n8n draws a node as a 100 × 100 square from its position. */
const NODE_SIZE = 100;
const NOTE_MARGIN = 40;

/**
 * A sticky note behind the named nodes (already in `nodes`) saying what that part of the workflow
 * does and what to change there; `header` is the room above the nodes for its text.
 */
export function noteAround(nodes: WorkflowNode[], name: string, members: string[], content: string[], header = 240): WorkflowNode {
	const positions = members.map((member) => {
		const found = nodes.find((candidate) => candidate.name === member);
		if (!found) throw new Error(`Sticky note "${name}": no node "${member}"`);
		return found.position;
	});
	const left = Math.min(...positions.map(([x]) => x)) - NOTE_MARGIN;
	const top = Math.min(...positions.map(([, y]) => y)) - header;
	const right = Math.max(...positions.map(([x]) => x)) + NODE_SIZE + NOTE_MARGIN;
	const bottom = Math.max(...positions.map(([, y]) => y)) + NODE_SIZE + NOTE_MARGIN;
	return stickyNote(name, [left, top], [right - left, bottom - top], content.join('\n'));
}
