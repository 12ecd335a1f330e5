import { deleteOperation } from '../itemOperation';
import { messageSpec } from './fields';

export const { description, execute } = deleteOperation(messageSpec);
