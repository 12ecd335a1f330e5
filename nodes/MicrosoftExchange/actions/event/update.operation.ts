import { updateOperation } from '../itemOperation';
import { eventSpec } from './fields';

export const { description, execute } = updateOperation(eventSpec);
