import type { RuleResult } from '../types.js';
import { RESULT_STATUSES } from '../types.js';

/** Reports list results worst first, then by artefact, rule and path: the same input, the same text. */
const RANK = new Map(RESULT_STATUSES.map((s, i) => [s, i]));
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const byName = (a: RuleResult, b: RuleResult): number => compare(a.artefact, b.artefact) || compare(a.rule, b.rule) || compare(a.path, b.path);

export function ordered(results: readonly RuleResult[]): RuleResult[] {
  // Plain code-unit comparison: the same order on every machine and locale, and cheap. The engine
  // usually hands results over already in name order; then grouping them by status (stable) is enough.
  let sortedByName = true;
  for (let i = 1; i < results.length && sortedByName; i++) sortedByName = byName(results[i - 1]!, results[i]!) <= 0;
  const named = sortedByName ? results : [...results].sort(byName);
  const buckets: RuleResult[][] = RESULT_STATUSES.map(() => []);
  for (const r of named) buckets[RANK.get(r.status)!]!.push(r);
  return buckets.flat();
}

export function where(r: { location?: { file: string; line: number; column: number } }, fallback: string): string {
  return r.location ? `${r.location.file}:${r.location.line}:${r.location.column}` : fallback;
}

export function verdictLine(ok: boolean, counts: Record<string, number>): string {
  const parts = ['pass', 'fail', 'warn', 'notice', 'exempted', 'exemption-expired', 'error', 'unknown', 'not-applicable']
    .filter((s) => (counts[s] ?? 0) > 0)
    .map((s) => `${counts[s]} ${s}`);
  return `${parts.join(', ') || 'nothing to check'}: ${ok ? 'compliant' : 'not compliant'}`;
}
