import type { RuleResult } from '../types.js';
import { RESULT_STATUSES } from '../types.js';

/** Reports list results worst first, then by artefact, rule and path: the same input, the same text. */
export function ordered(results: readonly RuleResult[]): RuleResult[] {
  return [...results].sort(
    (a, b) =>
      RESULT_STATUSES.indexOf(a.status) - RESULT_STATUSES.indexOf(b.status) ||
      a.artefact.localeCompare(b.artefact) ||
      a.rule.localeCompare(b.rule) ||
      a.path.localeCompare(b.path),
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
