import type { RuleResult } from '../types.js';
import { RESULT_STATUSES } from '../types.js';

/** Reports list results worst first, then by artefact, rule and path: the same input, the same text. */
const RANK = new Map(RESULT_STATUSES.map((s, i) => [s, i]));
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function ordered(results: readonly RuleResult[]): RuleResult[] {
  // Plain code-unit comparison: the same order on every machine and locale, and cheap.
  return [...results].sort(
    (a, b) => RANK.get(a.status)! - RANK.get(b.status)! || compare(a.artefact, b.artefact) || compare(a.rule, b.rule) || compare(a.path, b.path),
  );
}

export function where(r: { location?: { file: string; line: number; column: number } }, fallback: string): string {
  return r.location ? `${r.location.file}:${r.location.line}:${r.location.column}` : fallback;
}

export function verdictLine(ok: boolean, counts: Record<string, number>): string {
  const parts = ['pass', 'fail', 'warn', 'notice', 'exempted', 'exemption-expired', 'error', 'not-applicable']
    .filter((s) => (counts[s] ?? 0) > 0)
    .map((s) => `${counts[s]} ${s}`);
  return `${parts.join(', ') || 'nothing to check'}: ${ok ? 'compliant' : 'not compliant'}`;
}
