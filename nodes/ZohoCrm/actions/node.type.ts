/** The operations of the Zoho CRM node, by resource, and the two shapes an operation has. */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { WriteOutcome } from '../transport/batching';
import type { ZohoApiUsage } from '../transport';

type RecordOperation = 'create' | 'update' | 'upsert' | 'delete' | 'get' | 'getAll' | 'getByExchangeItemId' | 'search' | 'getDeleted';

export type ZohoCrmNodeMap = {
	record: RecordOperation | 'query';
	contact: RecordOperation;
	lead: RecordOperation;
	account: RecordOperation;
	deal: RecordOperation;
	task: Exclude<RecordOperation, 'upsert'>;
	event: Exclude<RecordOperation, 'upsert'> | 'matchParticipants';
	note: 'create' | 'getAll' | 'delete';
	email: 'associate' | 'getAll' | 'get';
	user: 'getAll' | 'getCurrent';
	field: 'getAll' | 'createSyncFields';
	notification: 'enable' | 'renew' | 'disable' | 'getAll';
};

export type ZohoCrmResource = keyof ZohoCrmNodeMap;

/** Runs once per input item; the router pairs its output and handles continue-on-fail. */
export interface ItemOperation {
	description: INodeProperties[];
	execute(this: IExecuteFunctions, itemIndex: number, usage: ZohoApiUsage): Promise<INodeExecutionData[]>;
}

/** Runs once for all input items, batching them into as few API calls as Zoho allows. */
export interface BatchOperation {
	description: INodeProperties[];
	batched: true;
	execute(this: IExecuteFunctions, itemIndexes: number[], usage: ZohoApiUsage): Promise<WriteOutcome[]>;
}

export type ZohoCrmOperation = ItemOperation | BatchOperation;
