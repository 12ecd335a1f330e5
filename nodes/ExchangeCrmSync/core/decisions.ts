/**
 * The decision table: what to do with one pair, from the state of its Exchange side and of its
 * CRM side relative to the pair's baseline (the last synced content). Read it row by row; the
 * settings (one-way, delete behaviour, conflict behaviour) are applied afterwards by the policy.
 *
 * Side states:
 * - new:       present, and the pair has no baseline yet (never synced)
 * - absent:    no record, and nothing links one (only beside a new record)
 * - unchanged: present, content equals the baseline
 * - changed:   present, content differs from the baseline
 * - deleted:   gone although the link was confirmed (or a tombstone says so)
 * - missing:   gone, but the link was never confirmed (an interrupted create)
 * - unseen:    not in this run's input, which holds only changes; assumed unchanged
 *
 * A pair deleted on both sides has no record left to carry its link: it is forgotten without a
 * row, as nothing is left to do.
 */
export type SideStatus = 'new' | 'absent' | 'unchanged' | 'changed' | 'deleted' | 'missing' | 'unseen';

export type Decision =
	| 'createInCrm'
	| 'createInExchange'
	| 'linkFirstSync'
	| 'nothing'
	| 'copyToCrm'
	| 'copyToExchange'
	| 'resolveConflict'
	| 'deleteInCrm'
	| 'deleteInExchange'
	| 'recreateInCrm'
	| 'recreateInExchange';

interface Row {
	exchange: SideStatus;
	crm: SideStatus;
	decision: Decision;
	reason: string;
}

const row = (exchange: SideStatus, crm: SideStatus, decision: Decision, reason: string): Row => ({
	exchange,
	crm,
	decision,
	reason,
});

// prettier-ignore
export const DECISION_TABLE: readonly Row[] = [
	//  Exchange     CRM          Decision               Reason
	row('new',       'absent',    'createInCrm',         'new in Exchange'),
	row('absent',    'new',       'createInExchange',    'new in the CRM'),
	row('new',       'new',       'linkFirstSync',       'exists on both sides (matched by the first-sync rule)'),
	row('unchanged', 'unchanged', 'nothing',             'unchanged on both sides'),
	row('unchanged', 'unseen',    'nothing',             'unchanged'),
	row('unseen',    'unchanged', 'nothing',             'unchanged'),
	row('changed',   'unchanged', 'copyToCrm',           'changed in Exchange'),
	row('changed',   'unseen',    'copyToCrm',           'changed in Exchange'),
	row('unchanged', 'changed',   'copyToExchange',      'changed in the CRM'),
	row('unseen',    'changed',   'copyToExchange',      'changed in the CRM'),
	row('changed',   'changed',   'resolveConflict',     'changed on both sides'),
	row('deleted',   'unchanged', 'deleteInCrm',         'deleted in Exchange'),
	row('deleted',   'unseen',    'deleteInCrm',         'deleted in Exchange'),
	row('unchanged', 'deleted',   'deleteInExchange',    'deleted in the CRM'),
	row('unseen',    'deleted',   'deleteInExchange',    'deleted in the CRM'),
	row('deleted',   'changed',   'recreateInExchange',  'deleted in Exchange but changed in the CRM: the change is kept'),
	row('changed',   'deleted',   'recreateInCrm',       'deleted in the CRM but changed in Exchange: the change is kept'),
	row('missing',   'unchanged', 'createInExchange',    'the Exchange copy was never made (interrupted run)'),
	row('missing',   'changed',   'createInExchange',    'the Exchange copy was never made (interrupted run)'),
	row('unchanged', 'missing',   'createInCrm',         'the CRM copy was never made (interrupted run)'),
	row('changed',   'missing',   'createInCrm',         'the CRM copy was never made (interrupted run)'),
];

export function decide(exchange: SideStatus, crm: SideStatus): { decision: Decision; reason: string } {
	const match = DECISION_TABLE.find((entry) => entry.exchange === exchange && entry.crm === crm);
	if (!match) throw new Error(`No decision for Exchange "${exchange}" × CRM "${crm}"`);
	return { decision: match.decision, reason: match.reason };
}
