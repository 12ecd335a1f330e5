import { getOperation } from '../itemOperation';
import { eventSpec } from './fields';

export const { description, execute } = getOperation(eventSpec);
