import { expandExceptions } from '../../helpers/occurrences';
import { getAllOperation } from '../itemOperation';
import type { Operation } from '../itemOperation';
import { eventSpec } from './fields';

const operation = getAllOperation(eventSpec);

export const description = operation.description;

export const execute: Operation['execute'] = async function (transport, itemIndexes) {
	return await expandExceptions(this, transport, await operation.execute.call(this, transport, itemIndexes));
};
