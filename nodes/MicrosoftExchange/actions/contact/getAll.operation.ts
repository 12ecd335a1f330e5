import { getAllOperation } from '../itemOperation';
import { contactSpec } from './fields';

export const { description, execute } = getAllOperation(contactSpec);
