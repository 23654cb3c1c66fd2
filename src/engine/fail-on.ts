// Which findings make a check fail: the same words for the CLI's --fail-on and the Action's fail-on input.
import type { Evaluation } from '../types.js';

export const FAIL_ON = ['must', 'should', 'never'] as const;
export type FailOn = (typeof FAIL_ON)[number];

/** must: failures and lapsed exemptions; should: warnings too; never: no finding fails. */
export function failsUnder(ev: Pick<Evaluation, 'ok' | 'summary'>, failOn: FailOn): boolean {
  if (failOn === 'never') return false;
  if (!ev.ok) return true;
  return failOn === 'should' && ev.summary.warn > 0;
}
