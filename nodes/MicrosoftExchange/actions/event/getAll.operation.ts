import { getAllOperation } from '../itemOperation';
import { eventSpec } from './fields';

export const { description, execute } = getAllOperation(eventSpec);
