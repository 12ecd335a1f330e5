/**
 * Reading other nodes' outputs of this execution from inside an operation (Summarise Run's Write
 * Nodes, Record for Review's and Journal Run's Plan Node).
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/**
 * Every output item of every run of a node (none when it did not run), read here rather than in
 * an expression: n8n evaluates expressions in an isolate with a memory limit, which the writes of
 * a large first sync exceed. `parameter` is the setting that named the node, for the error.
 */
export function outputsOf(this: IExecuteFunctions, name: string, output = 0, parameter = 'Write Nodes'): unknown[] {
	const proxy = this.getWorkflowDataProxy(0);
	let node;
	try {
		node = proxy.$(name);
	} catch {
		throw new NodeOperationError(this.getNode(), `${parameter} names "${name}", which is not a node of this workflow`, {
			description: 'Name the nodes exactly as they are called on the canvas',
		});
	}
	if (!node.isExecuted) return [];
	const runs = Number(proxy.$node[name].runIndex) + 1;
	const outputs: unknown[] = [];
	for (let run = 0; run < runs; run++) for (const item of node.all(output, run) as INodeExecutionData[]) outputs.push(item.json);
	return outputs;
}
