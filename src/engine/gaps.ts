// Step 3 of the governance process: parts of a design that no published artefact covers.
import type { Gap } from '../types.js';
import type { Artefact } from '../artefacts/model.js';
import { formatPath, type Segment } from '../paths/jsonpath.js';
import type { Manifest } from '../manifest/load.js';
import { isPresent } from './present.js';

/** Identity and bookkeeping sections describe the design rather than being part of it. */
const NOT_DESIGN = new Set(['kind', 'service', 'organisation', '$schema']);

export function designParts(data: Record<string, unknown>): Segment[][] {
  const parts: Segment[][] = [];
  for (const [key, value] of Object.entries(data)) {
    if (NOT_DESIGN.has(key) || !isPresent(value)) continue;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [child, inner] of Object.entries(value as Record<string, unknown>)) {
        if (isPresent(inner)) parts.push([key, child]);
      }
    } else {
      parts.push([key]);
    }
  }
  return parts;
}

/**
 * `covered` holds the paths evaluation already matched; artefacts it did not evaluate (out of scope)
 * still cover what their paths point at.
 */
export function findGaps(manifest: Manifest, artefacts: readonly Artefact[], covered: Segment[][], evaluated: ReadonlySet<Artefact>): Gap[] {
  for (const artefact of artefacts) {
    if (artefact.status !== 'published' || artefact.profile !== manifest.profile) continue;
    const paths = evaluated.has(artefact) ? artefact.covers : [...artefact.scope.given, ...artefact.covers, ...artefact.rules.flatMap((r) => r.given)];
    for (const path of paths) {
      if (path.expression === '$') continue;
      try {
        for (const match of path.evaluate(manifest.data)) covered.push(match.segments);
      } catch {
        // the rule's own result already reports the error
      }
    }
  }
  // A part is covered when a covered path is the part itself, inside it, or one of its ancestors.
  const exact = new Set<string>();
  const within = new Set<string>();
  for (const segments of covered) {
    if (segments.length === 0) continue;
    exact.add(formatPath(segments));
    for (let n = 1; n <= Math.min(2, segments.length); n++) within.add(formatPath(segments.slice(0, n)));
  }
  return designParts(manifest.data)
    .filter((part) => !within.has(formatPath(part)) && !(part.length === 2 && exact.has(formatPath(part.slice(0, 1)))))
    .map((part) => {
      const path = formatPath(part);
      const location = manifest.locate(part);
      return {
        path,
        ...(location ? { location } : {}),
        message: `No standard covers ${path}: if one should, raise it with the architecture team`,
      };
    });
}
