import { getOperation } from '../itemOperation';
import { contactSpec } from './fields';

export const { description, execute } = getOperation(contactSpec);
