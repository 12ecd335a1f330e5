/**
 * "Link Created Records": one input, the output of one side's create operation; each item is
 * paired with the write Plan Sync planned for it, and the links of both records are completed.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { linkCreated } from '../core';
import type { PlannedItem, Side } from '../core';
import { fromEveryItem, withMessages } from '../helpers/outputs';
import { jsonParameter } from '../helpers/parameters';

export const description: INodeProperties[] = [
	{
		displayName: 'Created In',
		name: 'createdIn',
		type: 'options',
		options: [
			{ name: 'Exchange', value: 'exchange' },
			{ name: 'CRM', value: 'crm' },
		],
		default: 'exchange',
		description: 'Where the input items were created: connect the output of that side\'s create operation',
		displayOptions: { show: { operation: ['linkCreated'] } },
	},
	{
		displayName: 'Planned Write',
		name: 'plannedWrite',
		type: 'json',
		default: '',
		required: true,
		placeholder: "e.g. {{ $('Exchange write').item.json }}",
		description: 'The create write Plan Sync made for this item (an item of its To Exchange or To CRM output)',
		displayOptions: { show: { operation: ['linkCreated'] } },
	},
];

export function execute(this: IExecuteFunctions, items: INodeExecutionData[]): INodeExecutionData[][] {
	const createdIn = this.getNodeParameter('createdIn', 0, 'exchange') as Side;
	const created = items.map((item, itemIndex) => ({ planned: jsonParameter.call(this, 'plannedWrite', "Planned Write is not JSON: map the create write of Plan Sync's output", itemIndex), created: item.json }));
	const links = linkCreated({ exchange: createdIn === 'exchange' ? created : [], crm: createdIn === 'crm' ? created : [] });
	const fromInput = <T>(planned: Array<PlannedItem<T>>): INodeExecutionData[] =>
		planned.map(({ json, sources }) => ({
			json: json as unknown as IDataObject,
			pairedItem: sources[createdIn].map((item) => ({ item })),
		}));
	const errors = withMessages.call(this, links.report.errors);
	const report: INodeExecutionData = {
		json: { operation: 'linkCreated', createdIn, ...links.report, errors } as unknown as IDataObject,
		pairedItem: fromEveryItem(items),
	};
	return [fromInput(links.toExchange), fromInput(links.toCrm), [], [report]];
}
