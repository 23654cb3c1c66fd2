// Declared against observed: the view rules evaluate (declared where declared, observed where only
// observed), where each observed value was seen, and where the two disagree.
import type { Evidence, Observation } from '../evidence/types.js';
import { formatPath, type Segment } from '../paths/jsonpath.js';
import type { SourceLocation } from '../types.js';

/** A declared fact the repository shows otherwise. `segments` are the same in the manifest and the merged view. */
export interface Disagreement {
  segments: Segment[];
  declared: unknown;
  observed: unknown;
  evidence: Evidence;
}

export interface MergedView {
  data: Record<string, unknown>;
  /** Where a path of the merged view came from, and the evidence when it was observed. */
  originOf(segments: readonly Segment[]): { origin: 'declared' } | { origin: 'observed'; evidence?: Evidence };
  disagreements: Disagreement[];
}

/** Without evidence the merged view is the manifest itself. */
const DECLARED = { origin: 'declared' } as const;

export function declaredOnly(data: Record<string, unknown>): MergedView {
  return { data, originOf: () => DECLARED, disagreements: [] };
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export function mergeView(declared: Record<string, unknown>, observation: Observation): MergedView {
  // Merged paths of observed-only values -> their path in the observation (array items may move).
  const observedRoots = new Map<string, Segment[]>();
  const disagreements: Disagreement[] = [];

  const evidenceAt = (observedPath: readonly Segment[]): Evidence | undefined => {
    const key = formatPath(observedPath);
    const exact = observation.evidence.get(key);
    if (exact) return exact;
    // A value seen as a whole item (a language with its version) may have its evidence on a field.
    for (const [path, evidence] of observation.evidence) if (path.startsWith(`${key}.`) || path.startsWith(`${key}[`)) return evidence;
    for (let n = observedPath.length - 1; n >= 0; n--) {
      const found = observation.evidence.get(formatPath(observedPath.slice(0, n)));
      if (found) return found;
    }
    return undefined;
  };

  const merge = (d: unknown, o: unknown, at: Segment[], observedAt: Segment[]): unknown => {
    if (d === undefined) {
      if (o !== undefined) observedRoots.set(formatPath(at), observedAt);
      return o;
    }
    if (o === undefined) return d;
    if (isRecord(d) && isRecord(o)) {
      const out: Record<string, unknown> = { ...d };
      for (const key of Object.keys(o)) out[key] = merge(d[key], o[key], [...at, key], [...observedAt, key]);
      return out;
    }
    if (Array.isArray(d) && Array.isArray(o)) {
      if (!d.some(named) && !o.some(named)) return d; // a list of values: the declared list stands
      const out = [...d];
      o.forEach((item, i) => {
        const index = named(item) ? d.findIndex((x) => named(x) && sameName(x.name, item.name)) : -1;
        if (index >= 0) out[index] = merge(d[index], item, [...at, index], [...observedAt, i]);
        else {
          observedRoots.set(formatPath([...at, out.length]), [...observedAt, i]);
          out.push(item);
        }
      });
      return out;
    }
    if (!isRecord(d) && !Array.isArray(d) && !isRecord(o) && !Array.isArray(o)) {
      const evidence = evidenceAt(observedAt);
      const alternatives = evidence?.values && evidence.values.length > 0 ? evidence.values : [o];
      if (evidence && !alternatives.some((v) => agrees(d, v))) disagreements.push({ segments: at, declared: d, observed: o, evidence });
    }
    return d;
  };

  const data = merge(declared, observation.data, [], []) as Record<string, unknown>;
  return {
    data,
    disagreements,
    originOf(segments) {
      for (let n = 0; n <= segments.length; n++) {
        const root = observedRoots.get(formatPath(segments.slice(0, n)));
        if (root) return { origin: 'observed', evidence: evidenceAt([...root, ...segments.slice(n)]) };
      }
      return DECLARED;
    },
  };
}

/**
 * Where a person opens the evidence: its file and line (the first line when the file as a whole shows
 * it). Evidence of the repository as a whole (`.`: no licence file) or of the hosting platform
 * (`github:settings`) is in no file, so it has no location to annotate.
 */
export function evidenceLocation(evidence: Evidence | undefined): SourceLocation | undefined {
  if (!evidence || evidence.file === '.' || evidence.file.startsWith('github:')) return undefined;
  return { file: evidence.file, line: evidence.line ?? 1, column: evidence.column ?? 1 };
}

const named = (v: unknown): v is { name: string } => isRecord(v) && typeof v.name === 'string';

/** Case and punctuation do not make two words differ: `uk-south` is `uksouth`, `Ruby` is `ruby`. */
export function normalised(value: unknown): string {
  return String(value).toLowerCase().replace(/[^a-z0-9]/g, '');
}

function sameName(a: string, b: string): boolean {
  return normalised(a) === normalised(b);
}

const VERSION = /^v?\d+(\.\d+)*$/i;

/**
 * Whether a declared value agrees with an observed one: the same once normalised; a declared version
 * agrees with every release it is a prefix of at a dot boundary ("3.2" with 3.2.2, not "3.2" with 3.20).
 */
export function agrees(declared: unknown, observed: unknown): boolean {
  if (declared === observed) return true;
  if (declared === null || observed === null || declared === undefined || observed === undefined) return false;
  const d = String(declared).trim();
  const o = String(observed).trim();
  if (VERSION.test(d) && VERSION.test(o)) {
    const dp = d.replace(/^v/i, '').split('.');
    const op = o.replace(/^v/i, '').split('.');
    return dp.length <= op.length && dp.every((part, i) => Number(part) === Number(op[i]));
  }
  return normalised(d) === normalised(o);
}
