import { deleteOperation } from '../itemOperation';
import { eventSpec } from './fields';

export const { description, execute } = deleteOperation(eventSpec);
