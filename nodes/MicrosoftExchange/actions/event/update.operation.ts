import type { IDataObject } from 'n8n-workflow';
import { updateItems } from '../../transport/ews/itemOperations';
import { deleteExcludedOccurrences } from '../../transport/ews/occurrences';
import { updateOperation } from '../itemOperation';
import type { Operation } from '../itemOperation';
import { eventSpec } from './fields';

export const description = updateOperation(eventSpec).description;

/** An update may also exclude dates from a series: those occurrences are deleted after it. */
export const execute: Operation['execute'] = async function (session, itemIndexes) {
	const before = new Map<number, IDataObject>();
	const results = await updateItems.call(this, session, itemIndexes, eventSpec.kind, before);
	return await deleteExcludedOccurrences(this, session, eventSpec.kind, results, before);
};
