import { createOperation } from '../itemOperation';
import { taskSpec } from './fields';

export const { description, execute } = createOperation(taskSpec);
