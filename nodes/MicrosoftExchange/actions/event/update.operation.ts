import { deleteExcludedOccurrences } from '../../helpers/occurrences';
import { updateOperation } from '../itemOperation';
import type { Operation } from '../itemOperation';
import { eventSpec } from './fields';

const operation = updateOperation(eventSpec);

export const description = operation.description;

/** An update may also exclude dates from a series: those occurrences are deleted after it. */
export const execute: Operation['execute'] = async function (session, itemIndexes) {
	return await deleteExcludedOccurrences(this, session, eventSpec.kind, await operation.execute.call(this, session, itemIndexes));
};
