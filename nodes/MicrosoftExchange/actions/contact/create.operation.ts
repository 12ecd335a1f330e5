import { createOperation } from '../itemOperation';
import { contactSpec } from './fields';

export const { description, execute } = createOperation(contactSpec);
