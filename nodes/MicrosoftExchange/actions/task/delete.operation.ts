import { deleteOperation } from '../itemOperation';
import { taskSpec } from './fields';

export const { description, execute } = deleteOperation(taskSpec);
