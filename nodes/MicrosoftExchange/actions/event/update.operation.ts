import type { IDataObject } from 'n8n-workflow';
import { updateItems } from '../../helpers/itemOperations';
import { deleteExcludedOccurrences } from '../../helpers/occurrences';
import { updateOperation } from '../itemOperation';
import type { Operation } from '../itemOperation';
import { eventSpec } from './fields';

export const description = updateOperation(eventSpec).description;

/** An update may also exclude dates from a series: those occurrences are deleted after it. */
export const execute: Operation['execute'] = async function (transport, itemIndexes) {
	const before = new Map<number, IDataObject>();
	const results = await updateItems.call(this, transport, itemIndexes, eventSpec.type, before);
	return await deleteExcludedOccurrences(this, transport, results, before);
};
