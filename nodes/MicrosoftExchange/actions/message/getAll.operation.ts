import { getAllOperation } from '../itemOperation';
import { messageSpec } from './fields';

export const { description, execute } = getAllOperation(messageSpec);
