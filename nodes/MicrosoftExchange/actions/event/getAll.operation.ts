import { expandExceptions } from '../../transport/ews/occurrences';
import { getAllOperation } from '../itemOperation';
import type { Operation } from '../itemOperation';
import { eventSpec } from './fields';

const operation = getAllOperation(eventSpec);

export const description = operation.description;

export const execute: Operation['execute'] = async function (session, itemIndexes) {
	return await expandExceptions(this, session, await operation.execute.call(this, session, itemIndexes));
};
