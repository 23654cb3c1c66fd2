// Which exemption covers which finding, and which exemptions a design no longer needs.
import type { ClosableExemption, Exemption, ExemptionRef, RuleResult } from '../types.js';
import { compareText } from '../compare.js';

/** The last day an approved exemption is in force: its expiry, or an artefact challenge's realign-by date if earlier. */
export function lastDay(exemption: Pick<Exemption, 'expires' | 'realignBy'>): string | undefined {
  const ends = [exemption.expires, exemption.realignBy].filter((d): d is string => typeof d === 'string').sort();
  return ends[0];
}

export function inForce(exemption: Exemption, today: string): boolean {
  const end = lastDay(exemption);
  return exemption.status === 'approved' && (end === undefined || today <= end);
}

function covers(exemption: Exemption, result: RuleResult): boolean {
  if (exemption.artefact !== result.artefact) return false;
  if (exemption.rules && exemption.rules.length > 0 && !exemption.rules.includes(result.rule)) return false;
  if (exemption.paths && exemption.paths.length > 0) {
    return exemption.paths.some((p) => result.path === p || result.path.startsWith(`${p}.`) || result.path.startsWith(`${p}[`));
  }
  return true;
}

function ref(exemption: Exemption): ExemptionRef {
  const expires = lastDay(exemption);
  return { id: exemption.id, kind: exemption.kind, ...(expires ? { expires } : {}), ...(exemption.url ? { url: exemption.url } : {}) };
}

/**
 * The exemptions that may cover a finding, looked up by artefact and by each path a finding's path
 * lies under, so applying thousands of exemptions to a large register stays linear in the findings.
 */
class ExemptionIndex {
  private readonly wholeArtefact = new Map<string, number[]>();
  private readonly byPath = new Map<string, number[]>();

  constructor(readonly exemptions: readonly Exemption[]) {
    exemptions.forEach((exemption, i) => {
      if (exemption.paths && exemption.paths.length > 0) {
        for (const path of new Set(exemption.paths)) push(this.byPath, `${exemption.artefact}\u0000${path}`, i);
      } else push(this.wholeArtefact, exemption.artefact, i);
    });
  }

  /** The exemptions covering a result, in the order they were given. */
  matching(result: RuleResult): Exemption[] {
    const found: number[] = [...(this.wholeArtefact.get(result.artefact) ?? [])];
    if (this.byPath.size > 0) {
      const path = result.path;
      for (let i = 0; i <= path.length; i++) {
        if (i === path.length || path[i] === '.' || path[i] === '[') {
          const hits = this.byPath.get(`${result.artefact}\u0000${path.slice(0, i)}`);
          if (hits) found.push(...hits);
        }
      }
    }
    if (found.length === 0) return [];
    return [...new Set(found)]
      .sort((a, b) => a - b)
      .map((i) => this.exemptions[i]!)
      .filter((e) => covers(e, result));
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Applies exemptions to failures, warnings and unknowns in place (an exemption waives the rule, whatever the facts); returns the exemptions that could be closed. */
export function applyExemptions(
  results: RuleResult[],
  exemptions: readonly Exemption[],
  exemptable: (artefact: string) => boolean,
  today: string,
): ClosableExemption[] {
  const relevant = exemptions.filter((e) => e.status === 'approved' || e.status === 'expired');
  if (relevant.length === 0) return [];
  const index = new ExemptionIndex(relevant);
  // Each result once: which exemptions cover it (for its status), and which results each covers (for closing).
  const covered = new Map<Exemption, RuleResult[]>();
  for (const result of results) {
    const matching = index.matching(result);
    if (matching.length === 0) continue;
    for (const e of matching) push(covered, e, result);
    if (result.status !== 'fail' && result.status !== 'warn' && result.status !== 'unknown') continue;
    if (!exemptable(result.artefact)) {
      result.message += ` (exemption ${matching.map((e) => e.id).join(', ')} cannot apply: this requirement cannot be waived)`;
      continue;
    }
    const active = matching.find((e) => inForce(e, today));
    if (active) {
      result.status = 'exempted';
      result.exemption = ref(active);
      continue;
    }
    // Only a lapsed exemption covers it: the finding fails again, naming what lapsed.
    const lapsed = matching.map((e) => ({ e, end: lastDay(e) ?? '' })).sort((a, b) => compareText(b.end, a.end))[0]!.e;
    result.status = 'exemption-expired';
    result.exemption = ref(lapsed);
    const end = lastDay(lapsed);
    result.message += end ? ` (exemption ${lapsed.id} lapsed after ${end})` : ` (exemption ${lapsed.id} has expired)`;
  }

  const closable: ClosableExemption[] = [];
  for (const exemption of relevant) {
    if (!inForce(exemption, today)) continue;
    const matched = covered.get(exemption) ?? [];
    if (matched.length === 0 || !matched.every((r) => r.status === 'pass' || r.status === 'not-applicable')) continue;
    const rules = [...new Set(matched.map((r) => r.rule))];
    closable.push({
      exemption: ref(exemption),
      artefact: exemption.artefact,
      rules,
      message: `The design now meets ${exemption.artefact} (${rules.join(', ')}): exemption ${exemption.id} can be closed`,
    });
  }
  return closable;
}
