import { getChangesOperation } from '../itemOperation';
import { taskSpec } from './fields';

export const { description, execute } = getChangesOperation(taskSpec);
