/**
 * Shared pieces of the property tests: sync runs as random operations (complete or changes-only
 * input, a crash after some writes, either side written first) and how to read a record's link.
 */
import fc from 'fast-check';

import type { InputCompleteness } from '../../../nodes/ExchangeCrmSync/core/types';
import { ZOHO_SYNC_ID_FIELD, ZOHO_SYNC_STATE_FIELD } from '../../../nodes/ZohoCrm/helpers/syncFields';
import type { AnyWrite, WorldSide } from './world';

export interface SyncOp {
	kind: 'sync';
	mode: InputCompleteness;
	/** Writes made before the run crashes; null for a run that completes. */
	crashAfter: number | null;
	crmFirst: boolean;
}

export const syncOp: fc.Arbitrary<SyncOp> = fc.record({
	kind: fc.constant('sync' as const),
	mode: fc.constantFrom<InputCompleteness>('complete', 'changes'),
	crashAfter: fc.option(fc.nat(6), { nil: null }),
	crmFirst: fc.boolean(),
});

/** A run's writes with one side's first, as two write nodes in a row make them. */
export const sideOrder = (crmFirst: boolean) => (writes: AnyWrite[]) =>
	[...writes].sort((a, b) => (a.side === b.side ? 0 : (a.side === 'crm') === crmFirst ? -1 : 1));

export const syncIdOf = (sideName: WorldSide, record: Record<string, unknown>) =>
	(sideName === 'exchange' ? record.syncId : record[ZOHO_SYNC_ID_FIELD]) as string | undefined;

export const stateOf = (sideName: WorldSide, record: Record<string, unknown>) =>
	(sideName === 'exchange' ? record.syncState : record[ZOHO_SYNC_STATE_FIELD]) as string | undefined;
