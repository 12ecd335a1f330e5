import { addLinkedExceptions } from '../../helpers/occurrences';
import { getByCrmRecordIdOperation } from '../itemOperation';
import type { Operation } from '../itemOperation';
import { eventSpec } from './fields';

const operation = getByCrmRecordIdOperation(eventSpec);

export const description = operation.description;

/** A CRM event may be linked to a modified occurrence, which only its series can show. */
export const execute: Operation['execute'] = async function (transport, itemIndexes) {
	return await addLinkedExceptions(this, transport, await operation.execute.call(this, transport, itemIndexes));
};
