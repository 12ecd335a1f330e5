/**
 * "Summarise Run": the input is Plan Sync's Report; Write Nodes name the nodes that wrote, whose
 * outputs are read here. The output is the run's report, counted from the writes that landed.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { SIDES, summariseRun, WRITE_KINDS } from '../core';
import type { Side, SyncReport, WriteKind, WriteResults } from '../core';
import { reportOutput } from '../helpers/outputs';
import { isObject, jsonParameter, outputsOf } from '../helpers/parameters';

export const description: INodeProperties[] = [
	{
		displayName: 'Write Nodes',
		name: 'writeNodes',
		type: 'json',
		default:
			'{\n  "exchange": { "create": ["Create in Exchange"], "update": ["Update in Exchange"], "delete": ["Delete in Exchange"], "link": [] },\n  "crm": { "create": ["Create in CRM"], "update": ["Update in CRM"], "delete": ["Delete in CRM"], "link": [] }\n}',
		required: true,
		description:
			'The names of the nodes that wrote, per side and kind of write (link: the saves after Link Created Records); this node reads what every run of each returned, so a run of any size is counted (an expression mapping the results would hit n8n\'s expression memory limit on a large first sync). Optional "failuresOnly": [{ "side", "kind", "node" }] for a lookup before a write whose failed items are lost writes. The input item is Plan Sync\'s Report.',
		displayOptions: { show: { operation: ['summariseRun'] } },
	},
];

/** Summarise Run's Write Nodes: per side and kind of write, the nodes that made them. */
interface WriteNodes {
	exchange?: Partial<Record<WriteKind, string[]>>;
	crm?: Partial<Record<WriteKind, string[]>>;
	/** Nodes whose failed items are lost writes of that side and kind (a lookup before a write); their other items are not writes. */
	failuresOnly?: Array<{ side: Side; kind: WriteKind; node: string }>;
}

function writeNodesParameter(this: IExecuteFunctions): WriteNodes {
	const given = jsonParameter.call(this, 'writeNodes', 'Write Nodes is not JSON: name the write nodes per side and kind', 0);
	const shape = 'Write Nodes must be { "exchange": { "create": ["node name", …], … }, "crm": { … } }';
	if (!isObject(given)) throw new NodeOperationError(this.getNode(), shape);
	for (const side of SIDES) {
		const bySide = given[side] ?? {};
		if (!isObject(bySide)) throw new NodeOperationError(this.getNode(), shape);
		for (const kind of WRITE_KINDS) {
			const names = bySide[kind] ?? [];
			if (!Array.isArray(names) || names.some((name) => typeof name !== 'string')) {
				throw new NodeOperationError(this.getNode(), `Write Nodes.${side}.${kind} must be a list of node names`);
			}
		}
	}
	const failuresOnly = given.failuresOnly ?? [];
	const valid = (entry: unknown) =>
		isObject(entry) && SIDES.includes(entry.side as Side) && WRITE_KINDS.includes(entry.kind as WriteKind) && typeof entry.node === 'string';
	if (!Array.isArray(failuresOnly) || !failuresOnly.every(valid)) {
		throw new NodeOperationError(this.getNode(), 'Write Nodes.failuresOnly must be a list of { "side", "kind", "node" }');
	}
	return given as WriteNodes;
}

export function execute(this: IExecuteFunctions, items: INodeExecutionData[]): INodeExecutionData[][] {
	const report = items[0]?.json as unknown as SyncReport | undefined;
	if (!report || !isObject(report.counts) || !Array.isArray(report.pairs)) {
		throw new NodeOperationError(this.getNode(), 'The input is not a Plan Sync Report: connect Plan Sync\'s Report output');
	}
	const writeNodes = writeNodesParameter.call(this);
	const results: WriteResults = { exchange: {}, crm: {} };
	for (const side of SIDES) {
		for (const kind of WRITE_KINDS) results[side][kind] = (writeNodes[side]?.[kind] ?? []).flatMap((name) => outputsOf.call(this, name));
	}
	for (const { side, kind, node } of writeNodes.failuresOnly ?? []) {
		results[side][kind]!.push(...outputsOf.call(this, node).filter((json) => isObject(json) && json.error !== undefined));
	}
	const summary = summariseRun(report, results);
	return reportOutput([summary], items);
}
