// Which findings make a check fail: the same words for the CLI's --fail-on and the Action's fail-on input.
import type { Evaluation } from '../types.js';
import { tally } from '../reports/order.js';

export const FAIL_ON = ['must', 'should', 'never'] as const;
export type FailOn = (typeof FAIL_ON)[number];

/** must: failures and lapsed exemptions (and what the organisation counts as failing); should: warnings too; never: no finding fails. */
export function failsUnder(ev: Pick<Evaluation, 'ok' | 'summary' | 'results'>, failOn: FailOn): boolean {
  if (failOn === 'never') return false;
  if (!ev.ok) return true;
  return failOn === 'should' && tally(ev).warnings > 0;
}
