/**
 * A small stand-in for n8n's execution context, so node tests can call `execute()`, `poll()` and
 * `methods.*` of our nodes the way n8n does: parameters per item, credentials, continue-on-fail,
 * static data and the helpers our nodes use. End-to-end tests run the same nodes in real n8n.
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	IPollFunctions,
	NodeParameterValueType,
} from 'n8n-workflow';

export interface ContextOptions {
	/** Node parameters; a function gives different parameters per input item. */
	parameters: Record<string, unknown> | ((itemIndex: number) => Record<string, unknown>);
	/** Input items (default: one empty item). */
	items?: INodeExecutionData[];
	/** Items per input, for nodes with several inputs; `getInputData(i)` returns `inputs[i]`. */
	inputs?: INodeExecutionData[][];
	/** Credentials by credential type name. */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	continueOnFail?: boolean;
	staticData?: IDataObject;
	node?: Partial<INode>;
	/** Extra helpers (e.g. `httpRequestWithAuthentication`) merged over the defaults. */
	helpers?: Record<string, unknown>;
	mode?: 'manual' | 'trigger' | 'internal';
	/**
	 * Other nodes of the workflow and the output items of each of their runs (first output), as
	 * `getWorkflowDataProxy` gives them: `$(name).isExecuted`, `$(name).all(0, run)`,
	 * `$node[name].runIndex`. A name not given is not a node of the workflow.
	 */
	workflowNodes?: Record<string, INodeExecutionData[][]>;
	/** A node's runs per output other than the first (by default every output reads as `workflowNodes`). */
	branches?: Record<string, Record<number, INodeExecutionData[][]>>;
}

/** The part of n8n's workflow data proxy nodes may read other nodes' outputs through. */
function workflowDataProxy(nodes: Record<string, INodeExecutionData[][]>, branches: NonNullable<ContextOptions['branches']> = {}) {
	const runsOf = (name: string) => {
		const runs = nodes[name];
		if (!runs) throw new Error(`Referenced node doesn't exist: ${name}`);
		return runs;
	};
	return {
		$: (name: string) => {
			const runs = runsOf(name);
			return { isExecuted: runs.length > 0, all: (branch = 0, run = runs.length - 1) => (branches[name]?.[branch] ?? runs)[run] ?? [] };
		},
		$node: new Proxy({}, { get: (_target, name: string) => ({ runIndex: runsOf(name).length - 1 }) }),
	};
}

function lookup(parameters: Record<string, unknown>, name: string): unknown {
	return name.split('.').reduce<unknown>((value, key) => {
		if (value === undefined || value === null || typeof value !== 'object') return undefined;
		return (value as Record<string, unknown>)[key];
	}, parameters);
}

function isResourceLocator(value: unknown): value is { __rl: true; value: unknown } {
	return typeof value === 'object' && value !== null && (value as { __rl?: unknown }).__rl === true;
}

export function nodeContext(options: ContextOptions): IExecuteFunctions & IPollFunctions {
	const items: INodeExecutionData[] = options.items ?? [{ json: {} }];
	const staticData = options.staticData ?? {};
	const node: INode = {
		id: 'test-node',
		name: 'Test Node',
		type: 'test',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		...options.node,
	};
	const parametersFor = (itemIndex: number) =>
		typeof options.parameters === 'function' ? options.parameters(itemIndex) : options.parameters;

	const context = {
		getNode: () => node,
		getInputData: (inputIndex = 0) => options.inputs?.[inputIndex] ?? items,
		getMode: () => options.mode ?? 'manual',
		getWorkflowStaticData: () => staticData,
		continueOnFail: () => options.continueOnFail ?? false,
		getTimezone: () => 'UTC',
		getExecutionId: () => 'test-execution',
		getWorkflow: () => ({ id: 'test-workflow', name: 'Test', active: false }),
		getWorkflowDataProxy: () => workflowDataProxy(options.workflowNodes ?? {}, options.branches),
		getNodeParameter(
			name: string,
			itemIndex = 0,
			fallback?: unknown,
			parameterOptions?: { extractValue?: boolean },
		): NodeParameterValueType | object {
			let value = lookup(parametersFor(itemIndex), name);
			if (value === undefined) {
				if (fallback === undefined) throw new Error(`Could not get parameter "${name}"`);
				value = fallback;
			}
			if (isResourceLocator(value) && parameterOptions?.extractValue) return value.value as NodeParameterValueType;
			return value as NodeParameterValueType;
		},
		async getCredentials(type: string) {
			const credentials = options.credentials?.[type];
			if (!credentials) throw new Error(`No credentials of type "${type}" given to the test context`);
			return credentials;
		},
		helpers: {
			constructExecutionMetaData(inputData: INodeExecutionData[], metadata: { itemData: unknown }) {
				return inputData.map((item) => ({ ...item, pairedItem: metadata.itemData }));
			},
			returnJsonArray(json: IDataObject | IDataObject[]) {
				return (Array.isArray(json) ? json : [json]).map((entry) => ({ json: entry }));
			},
			assertBinaryData(itemIndex: number, propertyName: string) {
				const binary = items[itemIndex]?.binary?.[propertyName];
				if (!binary) throw new Error(`Item ${itemIndex} has no binary property "${propertyName}"`);
				return binary;
			},
			async getBinaryDataBuffer(itemIndex: number, propertyName: string) {
				const binary = items[itemIndex]?.binary?.[propertyName];
				if (!binary) throw new Error(`Item ${itemIndex} has no binary property "${propertyName}"`);
				return Buffer.from(binary.data, 'base64');
			},
			async prepareBinaryData(data: Buffer, fileName?: string, mimeType?: string) {
				return { data: data.toString('base64'), fileName, mimeType: mimeType ?? 'application/octet-stream' };
			},
			...options.helpers,
		},
	};
	return context as unknown as IExecuteFunctions & IPollFunctions;
}
