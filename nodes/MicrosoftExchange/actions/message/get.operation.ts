import { getOperation } from '../itemOperation';
import { messageSpec } from './fields';

export const { description, execute } = getOperation(messageSpec);
