// A register's passing rows are counted per rule, not listed one by one: a 100,000-row asset register
// that mostly complies would otherwise fill every report with rows nobody reads. Failures, warnings,
// unknowns and every other status are still listed with their row. `verbose` keeps every pass listed.
import type { Evaluation, PassedRows, RuleResult } from '../types.js';

/** `$.registers.NAME.rows[N]...`: the register's rows path, or undefined for anything else. */
const REGISTER_ROW = /^(\$\.registers(?:\.[^.[\]]+|\['(?:[^'\\]|\\.)*'\])\.rows)\[\d+\]/;

export function registerOf(path: string): string | undefined {
  return path.startsWith('$.registers') ? REGISTER_ROW.exec(path)?.[1] : undefined;
}

/**
 * The evaluation with each register's passing rows taken out of `results` and counted in `passed`
 * (one entry per artefact, rule and register, in the order first met). The summary is unchanged: it
 * already counts every result. Returns the evaluation itself when there is nothing to count.
 */
export function countRegisterPasses(ev: Evaluation, verbose = false): Evaluation {
  if (verbose) return ev;
  let any = false;
  for (const r of ev.results) {
    if (r.status === 'pass' && registerOf(r.path) !== undefined) {
      any = true;
      break;
    }
  }
  if (!any) return ev;
  const counts = new Map<string, PassedRows>();
  const kept: RuleResult[] = [];
  for (const r of ev.results) {
    const register = r.status === 'pass' ? registerOf(r.path) : undefined;
    if (register === undefined) {
      kept.push(r);
      continue;
    }
    const key = `${r.artefact}\u0000${r.rule}\u0000${register}`;
    const entry = counts.get(key);
    if (entry) entry.count++;
    else counts.set(key, { artefact: r.artefact, artefactTitle: r.artefactTitle, rule: r.rule, severity: r.severity, register, count: 1, message: r.message, ...(r.source ? { source: r.source } : {}) });
  }
  return { ...ev, results: kept, passed: [...(ev.passed ?? []), ...counts.values()] };
}
