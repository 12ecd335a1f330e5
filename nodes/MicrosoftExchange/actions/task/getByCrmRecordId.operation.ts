import { getByCrmRecordIdOperation } from '../itemOperation';
import { taskSpec } from './fields';

export const { description, execute } = getByCrmRecordIdOperation(taskSpec);
