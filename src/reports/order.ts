import type { Evaluation, RuleResult } from '../types.js';
import type { Evidence } from '../evidence/types.js';
import { RESULT_STATUSES } from '../types.js';
import { compareText } from '../compare.js';

/** Reports list results worst first, then by artefact, rule and path: the same input, the same text. */
const RANK = new Map(RESULT_STATUSES.map((s, i) => [s, i]));

const byName = (a: RuleResult, b: RuleResult): number => compareText(a.artefact, b.artefact) || compareText(a.rule, b.rule) || compareText(a.path, b.path);

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

export function where(r: Pick<RuleResult, 'location' | 'origin' | 'evidence'>, fallback: string): string {
  if (r.origin === 'observed' && r.evidence) return `observed in ${seenAt(r.evidence)}`;
  return r.location ? `${r.location.file}:${r.location.line}:${r.location.column}` : fallback;
}

/** Where evidence was seen, as people cite it: `Gemfile.lock:212 (bundler)`. */
export function seenAt(evidence: Evidence): string {
  return `${evidence.file}${evidence.line ? `:${evidence.line}` : ''} (${evidence.collector})`;
}

/**
 * Findings as they count: failures (what keeps the design from certifying, unknowns and contradictions
 * counted as failures included) and warnings (likewise).
 */
export function tally(ev: Pick<Evaluation, 'summary' | 'results'>): { failures: number; warnings: number } {
  let failures = ev.summary.fail + ev.summary['exemption-expired'] + ev.summary.error;
  let warnings = ev.summary.warn;
  if (ev.summary.unknown + ev.summary.contradiction > 0) {
    for (const r of ev.results) {
      if (r.status !== 'unknown' && r.status !== 'contradiction') continue;
      if (r.countsAs === 'fail') failures++;
      else if (r.countsAs === 'warn') warnings++;
    }
  }
  return { failures, warnings };
}

/** Unknowns and contradictions count as the organisation chose; every other status counts as itself. */
export function blocks(r: Pick<RuleResult, 'status' | 'countsAs'>): boolean {
  return r.countsAs === 'fail';
}

export function verdictLine(ok: boolean, counts: Record<string, number>): string {
  const parts = ['pass', 'fail', 'contradiction', 'unknown', 'warn', 'notice', 'exempted', 'exemption-expired', 'error', 'not-applicable']
    .filter((s) => (counts[s] ?? 0) > 0)
    .map((s) => `${counts[s]} ${s}`);
  return `${parts.join(', ') || 'nothing to check'}: ${ok ? 'compliant' : 'not compliant'}`;
}
