/**
 * The harness itself on real n8n, with core nodes only: a workflow imported with a fixed id runs
 * through `n8n execute`, its output and its failures are read back, and n8n stays on 127.0.0.1.
 */
jest.setTimeout(600_000);

import { ensureN8n } from '../../scripts/n8n/install';
import { N8nInstance, nodeOutput } from '../../scripts/n8n/instance';

interface CoreNode {
	name: string;
	type: string;
	typeVersion: number;
	parameters: Record<string, unknown>;
}

const trivialWorkflow = (id: string, secondNode: CoreNode) => ({
	id,
	name: `Harness check ${id}`,
	active: false,
	settings: {},
	nodes: [
		{ id: 'start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{ id: 'second', position: [220, 0], ...secondNode },
	],
	connections: { Start: { main: [[{ node: secondNode.name, type: 'main', index: 0 }]] } },
});

describe('n8n harness (core nodes)', () => {
	let n8n: N8nInstance;

	beforeAll(async () => {
		n8n = N8nInstance.create(await ensureN8n());
		await n8n.importWorkflows([
			trivialWorkflow('harnessSetNode01', {
				name: 'Greeting',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				parameters: {
					assignments: { assignments: [{ id: 'a', name: 'greeting', value: '={{ "hello " + "n8n" }}', type: 'string' }] },
					options: {},
				},
			}),
			trivialWorkflow('harnessFailure01', {
				name: 'Fail',
				type: 'n8n-nodes-base.stopAndError',
				typeVersion: 1,
				parameters: { errorMessage: 'deliberate failure' },
			}),
		]);
	});

	afterAll(() => n8n?.dispose());

	it('runs an imported workflow and returns each node’s output', async () => {
		const result = await n8n.execute('harnessSetNode01');
		expect(result.succeeded).toBe(true);
		expect(nodeOutput(result.execution, 'Greeting')).toEqual([{ greeting: 'hello n8n' }]);
	});

	it('reports a failed execution with the node’s error message', async () => {
		const result = await n8n.execute('harnessFailure01');
		expect(result.succeeded).toBe(false);
		expect(result.errorMessage).toContain('deliberate failure');
		expect(result.execution?.data.resultData.error?.node?.name).toBe('Fail');
	});

	it('serves the editor on a loopback port and stops cleanly', async () => {
		const running = await n8n.start();
		try {
			expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
			expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
		} finally {
			await running.stop();
		}
		await expect(fetch(`${running.url}/healthz`)).rejects.toThrow();
	});

	it('never connects beyond 127.0.0.1', () => {
		expect(n8n.outboundAttempts()).toEqual([]);
	});
});
