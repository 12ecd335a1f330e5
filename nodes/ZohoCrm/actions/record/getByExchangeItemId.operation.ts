/**
 * The CRM records the sync linked to given Exchange items (one EWS ItemId per input item), found
 * by the key of the item every link write sets (`Exchange_Item_Key`): one COQL query per 50 item
 * ids, then the records themselves by id, 100 per read, with the fields Get Many returns (COQL
 * answers lookups with their id only, so its rows are not the records the sync compares).
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { exchangeItemKey, ZOHO_EXCHANGE_ITEM_KEY_FIELD } from '../../helpers/syncFields';
import type { ZohoApiUsage } from '../../transport';
import { chunk, type WriteOutcome } from '../../transport/batching';
import { fieldSetsToRead, getRecordsByIds } from '../../transport/fields';
import { coqlQueryAll, COQL_MAX_IN_VALUES, coqlText } from '../../transport/paging';
import { fieldsOption } from '../common/descriptions';
import { MODULE_RESOURCES, moduleFor } from '../common/module';
import { splitList } from '../common/utils';

const properties: INodeProperties[] = [
	{
		displayName: 'Exchange Item ID',
		name: 'exchangeItemId',
		type: 'string',
		default: '',
		required: true,
		description: 'EWS ItemId of an Exchange item; the output is the records the sync linked to it, if any. Items are batched.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [fieldsOption],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: MODULE_RESOURCES, operation: ['getByExchangeItemId'] } },
	properties,
);

export const batched = true;

/** The records of `module` linked to one of `itemIds`, each with the item id it is linked to. */
async function linkedRecords(
	this: IExecuteFunctions,
	module: string,
	itemIds: string[],
	fields: unknown,
	itemIndex: number,
	usage: ZohoApiUsage,
): Promise<Array<{ exchangeItemId: string; record: IDataObject }>> {
	const itemIdByKey = new Map(itemIds.map((itemId) => [exchangeItemKey(itemId), itemId]));
	const itemIdOf = new Map<string, string>();
	for (const part of chunk([...itemIdByKey.keys()], COQL_MAX_IN_VALUES)) {
		const query = `select id, ${ZOHO_EXCHANGE_ITEM_KEY_FIELD} from ${module} where ${ZOHO_EXCHANGE_ITEM_KEY_FIELD} in (${part.map(coqlText).join(', ')})`;
		for (const row of await coqlQueryAll.call(this, query, { itemIndex, usage })) {
			const itemId = itemIdByKey.get(String(row[ZOHO_EXCHANGE_ITEM_KEY_FIELD]));
			if (itemId !== undefined) itemIdOf.set(String(row.id), itemId);
		}
	}
	if (itemIdOf.size === 0) return [];
	const sets = await fieldSetsToRead.call(this, module, splitList(fields), usage);
	const records = await getRecordsByIds.call(this, module, [...itemIdOf.keys()], sets, { itemIndex, usage });
	return records.flatMap((record) => {
		const exchangeItemId = itemIdOf.get(String(record.id));
		return exchangeItemId !== undefined ? [{ exchangeItemId, record }] : [];
	});
}

export async function execute(this: IExecuteFunctions, itemIndexes: number[], usage: ZohoApiUsage): Promise<WriteOutcome[]> {
	const outcomes: WriteOutcome[] = [];
	const wanted: Array<{ itemIndex: number; module: string; exchangeItemId: string }> = [];
	for (const itemIndex of itemIndexes) {
		const exchangeItemId = String(this.getNodeParameter('exchangeItemId', itemIndex, '')).trim();
		if (exchangeItemId) wanted.push({ itemIndex, module: moduleFor.call(this, itemIndex), exchangeItemId });
		else outcomes.push({ itemIndex, error: new NodeOperationError(this.getNode(), 'Exchange Item ID is empty', { itemIndex }) });
	}
	for (const module of new Set(wanted.map((entry) => entry.module))) {
		const entries = wanted.filter((entry) => entry.module === module);
		const first = entries[0].itemIndex;
		let linked: Array<{ exchangeItemId: string; record: IDataObject }>;
		try {
			const itemIds = [...new Set(entries.map((entry) => entry.exchangeItemId))];
			linked = await linkedRecords.call(this, module, itemIds, this.getNodeParameter('options.fields', first, ''), first, usage);
		} catch (error) {
			const failure = error instanceof NodeApiError || error instanceof NodeOperationError ? error : new NodeOperationError(this.getNode(), error as Error);
			outcomes.push(...entries.map((entry) => ({ itemIndex: entry.itemIndex, error: failure })));
			continue;
		}
		for (const entry of entries) {
			for (const { exchangeItemId, record } of linked) {
				if (exchangeItemId === entry.exchangeItemId) outcomes.push({ itemIndex: entry.itemIndex, json: record });
			}
		}
	}
	return outcomes.sort((a, b) => a.itemIndex - b.itemIndex);
}
