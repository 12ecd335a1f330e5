import { getChangesOperation } from '../itemOperation';
import { messageSpec } from './fields';

export const { description, execute } = getChangesOperation(messageSpec);
