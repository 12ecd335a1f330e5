import { getByCrmRecordIdOperation } from '../itemOperation';
import { contactSpec } from './fields';

export const { description, execute } = getByCrmRecordIdOperation(contactSpec);
