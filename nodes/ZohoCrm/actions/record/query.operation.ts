import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ZohoApiUsage } from '../../transport';
import { coqlQueryAll } from '../../transport/paging';
import { returnAllAndLimit } from '../common/descriptions';
import { limitFor, toItems } from '../common/utils';

const properties: INodeProperties[] = [
	{
		displayName: 'COQL Query',
		name: 'query',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		placeholder: "select Last_Name, Email from Contacts where Modified_Time > '2025-01-01T00:00:00+00:00'",
		description:
			'A COQL SELECT. Without a LIMIT clause the node pages through the results (2,000 rows per call, up to 100,000); with one, it runs the query as written.',
	},
	...returnAllAndLimit(),
];

export const description = updateDisplayOptions({ show: { resource: ['record'], operation: ['query'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number, usage: ZohoApiUsage): Promise<INodeExecutionData[]> {
	const query = String(this.getNodeParameter('query', itemIndex));
	const rows = await coqlQueryAll.call(this, query, { itemIndex, usage }, limitFor.call(this, itemIndex));
	return toItems.call(this, itemIndex, rows);
}
