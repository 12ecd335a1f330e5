import { getChangesOperation } from '../itemOperation';
import { eventSpec } from './fields';

export const { description, execute } = getChangesOperation(eventSpec);
