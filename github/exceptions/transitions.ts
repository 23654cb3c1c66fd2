// The life of an exception in one table: which decision may be taken in which state, the state it leads
// to, and what follows. The status label always shows the status (issue.ts writes it); the issue is closed
// while the exemption has ended and open otherwise; the design's checks run again whenever the exemptions
// in force may have changed.
import type { ExemptionStatus } from '../../src/types.js';

/** The commands that decide an exception. */
export type DecisionName = 'approve' | 'reject' | 'escalate' | 'extend' | 'revoke' | 'withdraw';

/** When the design's checks run again after a decision. */
export type Recheck =
  | 'never'
  | 'always'
  /** Only once the exemption is in force (the last approval needed). */
  | 'once-approved'
  /** Only when the exemption was in force before. */
  | 'if-was-approved';

export interface Transition {
  /** The states the decision may be taken in. */
  from: readonly ExemptionStatus[];
  /** The state after it (an approval: once enough deciders approved; an escalation stays undecided). */
  to: ExemptionStatus;
  recheck: Recheck;
}

export const TRANSITIONS: Readonly<Record<DecisionName, Transition>> = {
  approve: { from: ['requested'], to: 'approved', recheck: 'once-approved' },
  reject: { from: ['requested'], to: 'rejected', recheck: 'never' },
  escalate: { from: ['requested'], to: 'requested', recheck: 'never' },
  extend: { from: ['approved', 'expired'], to: 'approved', recheck: 'always' },
  revoke: { from: ['approved'], to: 'revoked', recheck: 'always' },
  withdraw: { from: ['requested', 'approved'], to: 'withdrawn', recheck: 'if-was-approved' },
};

/** The states in which the exemption has ended and its issue is closed. */
const ENDED: ReadonlySet<ExemptionStatus> = new Set(['rejected', 'withdrawn', 'revoked', 'closed', 'expired']);

export function allowed(decision: DecisionName, status: ExemptionStatus): boolean {
  return TRANSITIONS[decision].from.includes(status);
}

/**
 * Whether the design's checks run again after `decision` left the exception in `after`. `before` unknown
 * (a redelivery finding the decision already recorded) counts as possibly in force: one check too many
 * is harmless, one too few leaves a stale verdict.
 */
export function rechecks(decision: string, after: ExemptionStatus, before?: ExemptionStatus): boolean {
  const transition = TRANSITIONS[decision as DecisionName] as Transition | undefined;
  switch (transition?.recheck) {
    case 'always':
      return true;
    case 'once-approved':
      return after === 'approved';
    case 'if-was-approved':
      return before === undefined || before === 'approved';
    default:
      return false;
  }
}

/** The exception issue's state for a status. */
export function issueState(status: ExemptionStatus): 'open' | 'closed' {
  return ENDED.has(status) ? 'closed' : 'open';
}
