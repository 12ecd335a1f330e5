import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import type { ZohoApiUsage } from '../../transport';
import type { CriteriaCondition, CriteriaOperator } from '../../transport/criteria';
import { buildCriteria } from '../../transport/criteria';
import { getAllByPageNumber, MAX_PAGE_NUMBER_RECORDS } from '../../transport/paging';
import { returnAllAndLimit } from '../common/descriptions';
import { MODULE_RESOURCES, moduleFor } from '../common/module';
import { limitFor, splitList, toItems } from '../common/utils';

const LIST_OPERATORS = new Set<CriteriaOperator>(['in', 'not_in', 'between']);

const properties: INodeProperties[] = [
	{
		displayName: 'Search By',
		name: 'searchBy',
		type: 'options',
		options: [
			{ name: 'Conditions', value: 'conditions', description: 'Field conditions; values are escaped for you' },
			{ name: 'Criteria Expression', value: 'criteria', description: 'A Zoho criteria string, sent as written' },
			{ name: 'Email', value: 'email', description: 'Records with this email in any email field' },
			{ name: 'Phone', value: 'phone', description: 'Records with this number in any phone field' },
			{ name: 'Word', value: 'word', description: 'Records with this word in any field' },
		],
		default: 'conditions',
	},
	{
		displayName: 'Conditions',
		name: 'conditions',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Condition',
		default: {},
		displayOptions: { show: { searchBy: ['conditions'] } },
		options: [
			{
				displayName: 'Condition',
				name: 'condition',
				values: [
					{
						displayName: 'Field',
						name: 'field',
						type: 'string',
						default: '',
						placeholder: 'e.g. Email',
						description: 'API name of the field',
					},
					{
						displayName: 'Operator',
						name: 'operator',
						type: 'options',
						options: [
							{ name: 'Between', value: 'between' },
							{ name: 'Equals', value: 'equals' },
							{ name: 'Greater or Equal', value: 'greater_equal' },
							{ name: 'Greater Than', value: 'greater_than' },
							{ name: 'In', value: 'in' },
							{ name: 'Less or Equal', value: 'less_equal' },
							{ name: 'Less Than', value: 'less_than' },
							{ name: 'Not Equal', value: 'not_equal' },
							{ name: 'Not In', value: 'not_in' },
							{ name: 'Starts With', value: 'starts_with' },
						],
						default: 'equals',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						description: 'For In, Not In and Between: a JSON array of values, e.g. ["a","b"]',
					},
				],
			},
		],
	},
	{
		displayName: 'Combine Conditions',
		name: 'groupOperator',
		type: 'options',
		options: [
			{ name: 'All Must Match (And)', value: 'and' },
			{ name: 'Any Must Match (Or)', value: 'or' },
		],
		default: 'and',
		displayOptions: { show: { searchBy: ['conditions'] } },
	},
	{
		displayName: 'Criteria',
		name: 'criteria',
		type: 'string',
		default: '',
		placeholder: '((Last_Name:equals:Burns\\,B)and(First_Name:starts_with:M))',
		displayOptions: { show: { searchBy: ['criteria'] } },
	},
	{
		displayName: 'Value',
		name: 'searchValue',
		type: 'string',
		default: '',
		displayOptions: { show: { searchBy: ['email', 'phone', 'word'] } },
	},
	...returnAllAndLimit(MAX_PAGE_NUMBER_RECORDS),
];

export const description = updateDisplayOptions(
	{ show: { resource: MODULE_RESOURCES, operation: ['search'] } },
	properties,
);

function conditionValue(raw: unknown, operator: CriteriaOperator): string | string[] {
	if (!LIST_OPERATORS.has(operator)) return String(raw ?? '');
	if (Array.isArray(raw)) return raw.map(String);
	try {
		const parsed: unknown = JSON.parse(String(raw));
		if (Array.isArray(parsed)) return parsed.map(String);
	} catch {
		// Not JSON: a plain comma-separated list, as the description allows.
	}
	return splitList(raw);
}

function searchQuery(this: IExecuteFunctions, itemIndex: number): IDataObject {
	const searchBy = this.getNodeParameter('searchBy', itemIndex) as string;
	if (searchBy === 'criteria') return { criteria: this.getNodeParameter('criteria', itemIndex) as string };
	if (searchBy !== 'conditions') return { [searchBy]: this.getNodeParameter('searchValue', itemIndex) as string };
	const conditions = (this.getNodeParameter('conditions.condition', itemIndex, []) as IDataObject[]).map(
		(condition): CriteriaCondition => {
			const operator = condition.operator as CriteriaOperator;
			return {
				field: String(condition.field ?? '').trim(),
				operator,
				value: conditionValue(condition.value, operator),
			};
		},
	);
	try {
		return { criteria: buildCriteria(conditions, this.getNodeParameter('groupOperator', itemIndex, 'and') as 'and' | 'or') };
	} catch (error) {
		throw new NodeOperationError(this.getNode(), (error as Error).message, { itemIndex });
	}
}

export async function execute(this: IExecuteFunctions, itemIndex: number, usage: ZohoApiUsage): Promise<INodeExecutionData[]> {
	const module = moduleFor.call(this, itemIndex);
	const records = await getAllByPageNumber.call(
		this,
		{ method: 'GET', path: `/${module}/search`, qs: searchQuery.call(this, itemIndex), itemIndex, usage },
		'data',
		limitFor.call(this, itemIndex),
		MAX_PAGE_NUMBER_RECORDS,
	);
	return toItems.call(this, itemIndex, records);
}
