import { deleteOperation } from '../itemOperation';
import { contactSpec } from './fields';

export const { description, execute } = deleteOperation(contactSpec);
