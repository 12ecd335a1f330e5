import { updateOperation } from '../itemOperation';
import { taskSpec } from './fields';

export const { description, execute } = updateOperation(taskSpec);
