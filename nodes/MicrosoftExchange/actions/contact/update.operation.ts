import { updateOperation } from '../itemOperation';
import { contactSpec } from './fields';

export const { description, execute } = updateOperation(contactSpec);
