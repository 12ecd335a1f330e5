import * as create from './create.operation';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getByCrmRecordId from './getByCrmRecordId.operation';
import * as getChanges from './getChanges.operation';
import * as update from './update.operation';
import { itemOperationSelector } from '../itemOperation';

export { create, del as delete, get, getAll, getByCrmRecordId, getChanges, update };

export const description = [
	itemOperationSelector('contact', 'contact', 'contacts'),
	...[create, del, get, getAll, getByCrmRecordId, getChanges, update].flatMap((operation) => operation.description),
];
