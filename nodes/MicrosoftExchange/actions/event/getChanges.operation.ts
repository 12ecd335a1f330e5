import { expandExceptions } from '../../transport/ews/occurrences';
import { getChangesOperation } from '../itemOperation';
import type { Operation } from '../itemOperation';
import { eventSpec } from './fields';

const operation = getChangesOperation(eventSpec);

export const description = operation.description;

export const execute: Operation['execute'] = async function (session, itemIndexes) {
	return await expandExceptions(this, session, await operation.execute.call(this, session, itemIndexes));
};
