import { getOperation } from '../itemOperation';
import { taskSpec } from './fields';

export const { description, execute } = getOperation(taskSpec);
