// Step 3 of the governance process: parts of a design that no published artefact covers.
import type { Gap } from '../types.js';
import type { Artefact } from '../artefacts/model.js';
import { formatPath, type CompiledPath, type Match, type Segment } from '../paths/jsonpath.js';
import type { Manifest } from '../manifest/load.js';
import { isPresent } from './present.js';

/** Identity and bookkeeping sections describe the design rather than being part of it. */
const NOT_DESIGN = new Set(['kind', 'service', 'organisation', '$schema']);

export function designParts(data: Record<string, unknown>): Segment[][] {
  const parts: Segment[][] = [];
  for (const key of Object.keys(data)) {
    const value = data[key];
    if (NOT_DESIGN.has(key) || !isPresent(value)) continue;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const section = value as Record<string, unknown>;
      for (const child of Object.keys(section)) {
        if (isPresent(section[child])) parts.push([key, child]);
      }
    } else {
      parts.push([key]);
    }
  }
  return parts;
}

/**
 * The parts of a design that evaluation touched. Parts are one or two levels deep, so coverage is kept
 * by first and second segment rather than as written paths.
 */
export class Coverage {
  /** First segments of every covered path. */
  private readonly first = new Set<Segment>();
  /** Second segments under each first segment. */
  private readonly second = new Map<Segment, Set<Segment>>();
  /** Covered paths one segment long: they cover everything beneath them. */
  private readonly whole = new Set<Segment>();

  add(segments: readonly Segment[]): void {
    const [a, b] = segments;
    if (a === undefined) return;
    this.first.add(a);
    if (b === undefined) {
      this.whole.add(a);
      return;
    }
    let under = this.second.get(a);
    if (!under) this.second.set(a, (under = new Set()));
    under.add(b);
  }

  covers(part: readonly Segment[]): boolean {
    const [a, b] = part;
    if (a === undefined) return true;
    if (b === undefined) return this.first.has(a);
    return this.whole.has(a) || this.second.get(a)?.has(b) === true;
  }
}

/**
 * `coverage` holds the paths evaluation already matched; artefacts it did not evaluate (out of scope)
 * still cover what their paths point at.
 */
export function findGaps(
  manifest: Manifest,
  artefacts: readonly Artefact[],
  coverage: Coverage,
  evaluated: ReadonlySet<Artefact>,
  /** The evaluation's path matcher over manifest.data, so paths the rules walked are not walked again. */
  match: (path: CompiledPath) => readonly Match[],
): Gap[] {
  for (const artefact of artefacts) {
    if (artefact.status !== 'published' || artefact.profile !== manifest.profile) continue;
    const paths = evaluated.has(artefact) ? artefact.covers : [...artefact.scope.given, ...artefact.covers, ...artefact.rules.flatMap((r) => r.given)];
    for (const path of paths) {
      if (path.expression === '$') continue;
      try {
        for (const found of match(path)) coverage.add(found.segments);
      } catch {
        // the rule's own result already reports the error
      }
    }
  }
  const gaps: Gap[] = [];
  for (const part of designParts(manifest.data)) {
    if (coverage.covers(part)) continue;
    const path = formatPath(part);
    const location = manifest.locate(part);
    gaps.push({ path, ...(location ? { location } : {}), message: `No standard covers ${path}: if one should, raise it with the architecture team` });
  }
  return gaps;
}
