import { getByCrmRecordIdOperation } from '../itemOperation';
import { eventSpec } from './fields';

export const { description, execute } = getByCrmRecordIdOperation(eventSpec);
