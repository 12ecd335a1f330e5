import { createOperation } from '../itemOperation';
import { eventSpec } from './fields';

export const { description, execute } = createOperation(eventSpec);
