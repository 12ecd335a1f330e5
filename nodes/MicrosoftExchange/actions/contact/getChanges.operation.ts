import { getChangesOperation } from '../itemOperation';
import { contactSpec } from './fields';

export const { description, execute } = getChangesOperation(contactSpec);
