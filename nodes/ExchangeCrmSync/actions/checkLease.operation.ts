/**
 * "Check Lease": the input items are every row of the lease Data Table for one mailbox and object,
 * read after this run's take (core/lease.ts); the output is one item saying whether this run holds
 * the lease and, when it does not, why it skips.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { decideLease } from '../core';

const showFor = { show: { operation: ['checkLease'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Lease Mailbox',
		name: 'leaseMailbox',
		type: 'string',
		default: '',
		required: true,
		description: 'The mailbox this run syncs',
		displayOptions: showFor,
	},
	{
		displayName: 'Lease Object',
		name: 'leaseObject',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. contacts',
		description: 'The object this run syncs',
		displayOptions: showFor,
	},
	{
		displayName: 'Lease Holder',
		name: 'leaseHolder',
		type: 'string',
		default: '',
		required: true,
		description: "This run's own token, the one its take wrote into the lease row",
		displayOptions: showFor,
	},
	{
		displayName: 'Lease Wanted',
		name: 'leaseWanted',
		type: 'boolean',
		default: true,
		description: 'Whether this run takes the lease at all; off, it syncs without one',
		displayOptions: showFor,
	},
];

export function execute(this: IExecuteFunctions, items: INodeExecutionData[]): INodeExecutionData[][] {
	const text = (name: string) => String(this.getNodeParameter(name, 0, '')).trim();
	const [mailbox, object, holder] = [text('leaseMailbox'), text('leaseObject'), text('leaseHolder')];
	if (mailbox === '' || object === '' || holder === '') {
		throw new NodeOperationError(this.getNode(), 'Lease Mailbox, Lease Object and Lease Holder are required');
	}
	const decision = decideLease(
		items.map((item) => item.json),
		{ mailbox, object, holder, now: Date.now(), wanted: this.getNodeParameter('leaseWanted', 0, true) !== false },
	);
	return [[], [], [], [{ json: decision as unknown as IDataObject, pairedItem: items.map((_item, item) => ({ item })) }]];
}
