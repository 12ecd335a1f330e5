import { getAllOperation } from '../itemOperation';
import { taskSpec } from './fields';

export const { description, execute } = getAllOperation(taskSpec);
