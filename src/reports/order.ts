import type { RuleResult } from '../types.js';
import { RESULT_STATUSES } from '../types.js';

/** Reports list results worst first, then by artefact, rule and path: the same input, the same text. */
const RANK = new Map(RESULT_STATUSES.map((s, i) => [s, i]));
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function ordered(results: readonly RuleResult[]): RuleResult[] {
  // Plain code-unit comparison: the same order on every machine and locale, and cheap. The status rank
  // is looked up once per result, not once per comparison.
  const keyed = results.map((r) => ({ r, rank: RANK.get(r.status)! }));
  keyed.sort((a, b) => a.rank - b.rank || compare(a.r.artefact, b.r.artefact) || compare(a.r.rule, b.r.rule) || compare(a.r.path, b.r.path));
  return keyed.map((k) => k.r);
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
