/**
 * "Run Jobs on Workers": each input item is one job (a user's mailbox and an object workflow to
 * run), POSTed to the Sync Job workflow's production webhook. In queue mode the webhook processor
 * enqueues each as its own execution, so every worker takes jobs; this node waits for their
 * answers (the object workflows' run reports) and outputs one item per job, in input order.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

const showFor = { show: { operation: ['runJobs'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Job Webhook URL',
		name: 'jobWebhookUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. http://n8n-webhook:5678/webhook/exchange-crm-sync-job',
		description: 'The production URL of the Sync Job workflow (published), as the workers reach the webhook processors',
		displayOptions: showFor,
	},
	{
		displayName: 'Jobs at Once',
		name: 'jobsAtOnce',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 10,
		description: 'How many jobs wait in the queue or run at the same time; keep it at most the workers\' total concurrency',
		displayOptions: showFor,
	},
	{
		displayName: 'Job Timeout (Minutes)',
		name: 'jobTimeoutMinutes',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 120,
		description: 'How long one job may take before its report says it timed out',
		displayOptions: showFor,
	},
];

/** What a job answered: the object workflow's run report (the webhook answers with its first item). */
const answerOf = (body: unknown): IDataObject => {
	const first = Array.isArray(body) ? body[0] : body;
	return typeof first === 'object' && first !== null ? (first as IDataObject) : { error: { message: `The job answered ${JSON.stringify(body)?.slice(0, 200)}` } };
};

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[][]> {
	const url = String(this.getNodeParameter('jobWebhookUrl', 0, '')).trim();
	if (!/^https?:\/\//.test(url)) {
		throw new NodeOperationError(this.getNode(), `Job Webhook URL "${url}" is not an http(s) URL: give the Sync Job workflow's production webhook URL`);
	}
	const atOnce = Math.max(1, Math.floor(Number(this.getNodeParameter('jobsAtOnce', 0, 10)) || 1));
	const timeout = Math.max(1, Number(this.getNodeParameter('jobTimeoutMinutes', 0, 120)) || 120) * 60_000;
	const results: INodeExecutionData[] = new Array(items.length);
	const runJob = async (index: number) => {
		const job = items[index].json;
		let answer: IDataObject;
		try {
			answer = answerOf(await this.helpers.httpRequest({ method: 'POST', url, body: job, json: true, timeout }));
		} catch (error) {
			answer = { error: { message: `The job for ${String(job.mailbox)} (${String(job.object)}) failed: ${(error as Error).message}` } };
		}
		results[index] = { json: { ...answer, job }, pairedItem: { item: index } };
	};
	// A fixed number of lanes, each taking the next job when its last one answered.
	let next = 0;
	const lane = async () => {
		while (next < items.length) await runJob(next++);
	};
	await Promise.all(Array.from({ length: Math.min(atOnce, items.length) }, lane));
	return [[], [], [], results];
}
